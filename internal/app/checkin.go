package app

import (
	"context"
	"errors"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The daily check-in is the hot write path: every member, every day. Its
// reads (the profile with the early warning's state the last check-in
// kept, the member's settings) run on the read pool before the write, and
// the early warning is assessed there too (checkin_warning.go); the write
// then holds only what must be durable together: the decision's audit
// entry, the check-in with the warning's new state, a lapse when the
// member used, and the automatic alert when the member chose one. The
// write confirms that the history it decided from is still current
// (sqlstore.Tx.ClaimHistory) and starts again from the reads when another
// write of the same member came first, so two racing check-ins of one
// member never decide from a history that no longer exists.

// maxCheckInAttempts bounds the restarts after a racing write: a member
// has one device or two, so a second restart means something is wrong.
const maxCheckInAttempts = 3

// CheckInResult is what a saved check-in leads to.
type CheckInResult struct {
	CheckIn *onward.CheckIn
	Created bool // a new check-in, not a replacement or an offline replay
	// LapseRecorded is set when the check-in says the member used: the
	// lapse is recorded with it and overdose safety comes next.
	LapseRecorded bool
	// WarningSignsHigh is set when the early warning is high after this
	// check-in; AlertID is the alert sent to the member's people by itself,
	// when the member chose that beforehand.
	WarningSignsHigh bool
	AlertID          string
}

// CheckInForm is what the check-in form starts from: the day's saved
// check-in, if any, and whether the member takes a medication.
type CheckInForm struct {
	Clock        Clock
	Day          recovery.Date
	Existing     *onward.CheckIn
	OnMedication bool
}

// CheckInDay checks a day asked for in a check-in form: today or
// yesterday in the member's time zone, today when none is given.
func (a *App) CheckInDay(member *onward.User, day string) (recovery.Date, error) {
	today := a.ClockOf(member.TimeZone).Today
	if day == "" {
		return today, nil
	}
	d, err := recovery.ParseDate(day)
	if err != nil || d.After(today) || d.Before(today.AddDays(-1)) {
		return today, onward.NewError(onward.EINVALID, "recovery.checkins_can_be_made_for_today_or")
	}
	return d, nil
}

// CheckInFormFor reads what the check-in form for day shows.
func (a *App) CheckInFormFor(ctx context.Context, member *onward.User, day recovery.Date) (*CheckInForm, error) {
	form := &CheckInForm{Clock: a.ClockOf(member.TimeZone), Day: day}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryCheckins, onward.CategoryMilestones)
	if err != nil {
		return nil, err
	}
	if form.Existing, err = rd.CheckIn(ctx, day); err != nil {
		return nil, err
	}
	p, err := rd.Profile(ctx)
	form.OnMedication = p != nil && p.Medication != "none"
	return form, err
}

// SaveCheckIn validates and records the member's check-in for c.Day.
// baseVersion, when given (a form), is the version of the check-in the
// form was opened on: a newer save in between is a conflict (ECONFLICT),
// never overwritten unseen. An offline replay (same ClientID) records
// nothing twice.
func (a *App) SaveCheckIn(ctx context.Context, member *onward.User, c *onward.CheckIn, baseVersion *int) (CheckInResult, error) {
	c.UserID = member.ID
	clock := a.ClockOf(member.TimeZone)
	if err := c.Validate(clock.Today, nil); err != nil {
		return CheckInResult{}, err
	}
	for attempt := 1; ; attempt++ {
		res, err := a.saveCheckIn(ctx, member, clock, c, baseVersion)
		again := sqlstore.IsStaleHistory(err) || errors.Is(err, errReplayedOther)
		if !again || attempt == maxCheckInAttempts {
			return res, err
		}
	}
}

// errReplayedOther undoes a check-in's write when it turned out an offline
// replay whose answers differ from the check-in already saved, which the
// replay keeps: the early warning was assessed on the answers sent, so the
// check-in starts again from the saved one.
var errReplayedOther = errors.New("check-in: replay of a check-in saved with other answers")

func (a *App) saveCheckIn(ctx context.Context, member *onward.User, clock Clock, c *onward.CheckIn, baseVersion *int) (CheckInResult, error) {
	// The reads, on the read pool.
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMilestones, onward.CategoryCheckins)
	if err != nil {
		return CheckInResult{}, err
	}
	profile, kept, err := rd.CheckInProfile(ctx)
	if err != nil {
		return CheckInResult{}, err
	}
	var start *recovery.Date
	if profile != nil {
		start = &profile.LastUse
	}
	if err := c.Validate(clock.Today, start); err != nil {
		return CheckInResult{}, err
	}
	high, state, err := a.earlyWarning(ctx, rd, profile, kept, clock, c)
	if err != nil {
		return CheckInResult{}, err
	}
	autoAlert := false
	if high {
		prefs, err := a.store.NotifyPrefs(ctx, member.ID)
		if err != nil {
			return CheckInResult{}, err
		}
		autoAlert = prefs.AutoAlert
	}
	// The warning assumes c is what the day keeps; an offline replay keeps
	// the check-in already saved instead, which may differ.
	assumed := encodeDay(dayCheckIn(*c))

	// The write: one durable transaction.
	res := CheckInResult{CheckIn: c, WarningSignsHigh: high && !c.Used}
	err = a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryCheckins},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			res.LapseRecorded, res.AlertID = false, ""
			if profile != nil {
				if err := tx.ClaimHistory(ctx, d, member.ID, profile.HistoryVersion, high, state); err != nil {
					return err
				}
			}
			created, err := tx.SaveCheckIn(ctx, d, c, baseVersion)
			if err != nil {
				return err
			}
			res.Created = created
			if profile != nil && encodeDay(dayCheckIn(*c)) != assumed {
				return errReplayedOther
			}
			// "I used today" is a lapse, however it reaches us (the form,
			// the API, a check-in kept offline): it is recorded with the
			// check-in, so the count and the safety warnings follow.
			if c.Used {
				if start != nil && c.Day.After(*start) {
					res.LapseRecorded = true
					return tx.AddLapse(ctx, d, &onward.Lapse{UserID: member.ID, Day: c.Day})
				}
				return nil
			}
			if res.WarningSignsHigh && autoAlert {
				res.AlertID, err = a.alertOncePerDay(ctx, tx, member, clock)
			}
			return err
		})
	return res, err
}

// riskModel is the early warning's model, as recovery.AssessRisk uses it.
var riskModel = recovery.DefaultRiskModel()

// alertOncePerDay sends the member's "I need support now" by itself, at
// most once a local day, inside tx: the member chose beforehand to have
// their people told when their warning signs are high.
func (a *App) alertOncePerDay(ctx context.Context, tx *sqlstore.Tx, member *onward.User, clock Clock) (string, error) {
	midnight := time.Date(clock.Today.Year, clock.Today.Month, clock.Today.Day, 0, 0, 0, 0, clock.Location)
	sent, err := tx.SupportRequestsSince(ctx, member.ID, midnight)
	if err != nil || sent > 0 {
		return "", err
	}
	if _, _, err := decideIn(ctx, tx, principalOf(member), member.ID, onward.ActionWrite, []onward.Category{onward.CategoryAlerts}); err != nil {
		return "", err
	}
	req, err := tx.CreateSupportRequest(ctx, member.ID)
	if err != nil {
		return "", err
	}
	return req.ID, nil
}

// CheckIns lists the member's check-ins from from to to (inclusive),
// oldest first, at most 366 days.
func (a *App) CheckIns(ctx context.Context, member *onward.User, from, to recovery.Date) ([]onward.CheckIn, error) {
	if to.Before(from) || from.DaysUntil(to) > 366 {
		return nil, onward.Invalid("to", "api.date_range")
	}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryCheckins)
	if err != nil {
		return nil, err
	}
	return rd.CheckIns(ctx, from, to)
}
