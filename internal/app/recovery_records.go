package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The member's own records besides the daily check-in: the recovery
// profile (onboarding), lapses, the plan, urges and the history.

// Profile returns the member's recovery profile, nil before onboarding.
func (a *App) Profile(ctx context.Context, member *onward.User) (*onward.RecoveryProfile, error) {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones)
	if err != nil {
		return nil, err
	}
	return rd.Profile(ctx)
}

// SaveProfile validates and stores the member's recovery profile and, when
// it changes, their time zone (the day of last use is a day there).
func (a *App) SaveProfile(ctx context.Context, member *onward.User, p *onward.RecoveryProfile, timeZone string) error {
	errs := onward.FieldErrors{}
	onward.ValidateTimeZone(errs, "timezone", timeZone, time.LoadLocation)
	if err := errs.Err(); err != nil {
		return err
	}
	p.UserID = member.ID
	if err := p.Validate(a.ClockOf(timeZone).Today); err != nil {
		return err
	}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMilestones},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			if err := tx.SaveProfile(ctx, d, p); err != nil {
				return err
			}
			if timeZone != member.TimeZone {
				return tx.SetTimeZone(ctx, member.ID, timeZone)
			}
			return nil
		})
}

// RecordLapse validates and stores a lapse, once per day (a day already
// recorded keeps its record and gains the details given), in one
// transaction with the check against the recovery start.
func (a *App) RecordLapse(ctx context.Context, member *onward.User, l *onward.Lapse) error {
	l.UserID = member.ID
	today := a.ClockOf(member.TimeZone).Today
	if err := l.Validate(today, nil); err != nil {
		return err
	}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryCheckins},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			start, err := tx.RecoveryStart(ctx, d, member.ID)
			if err != nil {
				return err
			}
			if start == nil {
				return onward.NewError(onward.EINVALID, "recovery.set_your_recovery_start_date_first_so")
			}
			if err := l.Validate(today, start); err != nil {
				return err
			}
			return tx.AddLapse(ctx, d, l)
		})
}

// Plan returns the member's relapse-prevention plan, empty when none was
// written. The plan is private: only the member reads it.
func (a *App) Plan(ctx context.Context, member *onward.User) (*onward.Plan, error) {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryJournal)
	if err != nil {
		return nil, err
	}
	return rd.Plan(ctx)
}

// SavePlan validates and stores the member's plan.
func (a *App) SavePlan(ctx context.Context, member *onward.User, p *onward.Plan) error {
	p.UserID = member.ID
	if err := p.Validate(); err != nil {
		return err
	}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryJournal},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.SavePlan(ctx, d, p) })
}

// UrgeMinutes is the length of the urge-surfing timer: a stretch short
// enough to face, long enough for a craving to rise and begin to ease.
const UrgeMinutes = 15

// RecordUrge stores how a craving went and what helped, so the member
// learns which of their strategies work. A start time that is missing,
// in the future or over a day old is taken as now.
func (a *App) RecordUrge(ctx context.Context, member *onward.User, u *onward.Urge) error {
	now := a.now()
	if u.StartedAt.IsZero() || u.StartedAt.After(now) || now.Sub(u.StartedAt) > 24*time.Hour {
		u.StartedAt = now
	}
	u.UserID, u.EndedAt = member.ID, now
	var helped []string
	for _, h := range u.Helped {
		if h != "" && len(helped) < 20 && len([]rune(h)) <= 200 {
			helped = append(helped, h)
		}
	}
	u.Helped = helped
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryJournal},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.AddUrge(ctx, d, u) })
}

// History is the member's record from a day to today, for the calendar
// and the charts.
type History struct {
	Clock    Clock
	Profile  *onward.RecoveryProfile
	CheckIns []onward.CheckIn // oldest first
	Lapses   []onward.Lapse
}

// HistorySince reads the member's check-ins from from to today, and every
// lapse.
func (a *App) HistorySince(ctx context.Context, member *onward.User, from recovery.Date) (*History, error) {
	h := &History{Clock: a.ClockOf(member.TimeZone)}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones, onward.CategoryCheckins)
	if err != nil {
		return nil, err
	}
	if h.Profile, err = rd.Profile(ctx); err != nil {
		return nil, err
	}
	if h.CheckIns, err = rd.CheckIns(ctx, from, h.Clock.Today); err != nil {
		return nil, err
	}
	h.Lapses, err = rd.Lapses(ctx)
	return h, err
}
