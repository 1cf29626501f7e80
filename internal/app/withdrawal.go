package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/sqlstore"
	"github.com/onward-recovery/onward/internal/withdrawal"
)

// A member's withdrawal tracker (docs/withdrawal.md): what they last used
// and when give the expected phase (internal/withdrawal), and the SOWS
// ratings they make as they go show how it is really going.

// maxWithdrawalAge is the oldest last use a tracker follows: post-acute
// withdrawal lasts weeks to months, and a tracker older than a year has
// nothing more to say.
const maxWithdrawalAge = 365 * 24 * time.Hour

// Withdrawal is the member's tracker now.
type Withdrawal struct {
	Clock Clock
	// Tracker is nil when the member has none.
	Tracker  *onward.WithdrawalTracker
	Estimate withdrawal.Estimate
	// Ratings are the member's SOWS ratings since the last use, oldest first.
	Ratings []onward.Assessment
}

// Withdrawal reads the member's tracker and ratings and estimates the
// phase now.
func (a *App) Withdrawal(ctx context.Context, member *onward.User) (*Withdrawal, error) {
	w := &Withdrawal{Clock: a.ClockOf(member.TimeZone)}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryAssessments)
	if err != nil {
		return nil, err
	}
	if w.Tracker, err = rd.WithdrawalTracker(ctx); err != nil || w.Tracker == nil {
		return w, err
	}
	// A tracker saved with a clock ahead of this one is read as "now".
	now := w.Clock.Now
	if now.Before(w.Tracker.LastUseAt) {
		now = w.Tracker.LastUseAt
	}
	if w.Estimate, err = withdrawal.EstimateAt(withdrawal.Substance(w.Tracker.Substance), w.Tracker.LastUseAt, now); err != nil {
		return nil, err
	}
	sows, err := rd.Assessments(ctx, instrument.SOWS)
	if err != nil {
		return nil, err
	}
	for _, s := range sows {
		if !s.TakenAt.Before(w.Tracker.LastUseAt) {
			w.Ratings = append(w.Ratings, s)
		}
	}
	return w, nil
}

// StartWithdrawal starts the member's tracker, or corrects it: what they
// last used and when.
func (a *App) StartWithdrawal(ctx context.Context, member *onward.User, substance string, lastUseAt time.Time) error {
	errs := onward.FieldErrors{}
	if !withdrawal.Substance(substance).Valid() {
		errs.Add("substance", "withdrawal.choose_what_you_last_used")
	}
	now := a.now()
	switch {
	case lastUseAt.IsZero():
		errs.Add("last_use", "withdrawal.enter_when_you_last_used")
	case lastUseAt.After(now.Add(clockSkew)):
		errs.Add("last_use", "withdrawal.the_time_of_last_use_cannot_be")
	case now.Sub(lastUseAt) > maxWithdrawalAge:
		errs.Add("last_use", "withdrawal.enter_a_time_within_the_last_year")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if lastUseAt.After(now) {
		lastUseAt = now
	}
	t := &onward.WithdrawalTracker{UserID: member.ID, Substance: substance, LastUseAt: lastUseAt}
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryAssessments},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.SaveWithdrawalTracker(ctx, d, t) })
}

// EndWithdrawal stops the member's tracker; their ratings stay.
func (a *App) EndWithdrawal(ctx context.Context, member *onward.User) error {
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryAssessments},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.EndWithdrawalTracker(ctx, d, member.ID) })
}
