package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Reader reads one person's health data from the read pool, limited to
// the categories its Disclosure allows: each method checks the category it
// reads.
type Reader struct {
	s *Store
	d Disclosure
}

// Reader returns a reader of what d discloses.
func (s *Store) Reader(d Disclosure) *Reader { return &Reader{s: s, d: d} }

// need returns nil when the reader may read category c.
func (r *Reader) need(c onward.Category) error { return r.d.covers(r.d.subject, onward.ActionRead, c) }

// ReadAccess decides whether viewer may read each of categories of
// subject's data and records the decision (one transaction, committed
// before any data is read). When all are allowed, fn reads through the
// Reader; otherwise it returns EFORBIDDEN. A member's own reads need no
// transaction.
//
// Deprecated: areas not yet moved to internal/app use it.
func (s *Store) ReadAccess(ctx context.Context, viewer onward.Principal, subjectID string, categories []onward.Category, fn func(*Reader) error) error {
	var d policy.Decision
	if viewer.Visitor() || viewer.UserID != subjectID {
		if err := s.Write(ctx, func(tx *Tx) (err error) {
			d, _, err = tx.decide(ctx, viewer, subjectID, onward.ActionRead, categories)
			return err
		}); err != nil {
			return err
		}
	} else {
		d = policy.Decide(policy.Request{Viewer: viewer, SubjectID: subjectID, Action: onward.ActionRead, Categories: categories}, nil, s.now())
	}
	if !d.All() {
		return errNoAccess
	}
	return fn(s.Reader(disclosureOf(d)))
}

// Profile returns the recovery profile, or nil when the member has not set
// one up.
func (r *Reader) Profile(ctx context.Context) (*onward.RecoveryProfile, error) {
	p, _, err := r.profile(ctx, profileQuery, false)
	return p, err
}

// CheckInProfile returns the member's recovery profile, or nil, and the
// early warning's state the last check-in kept (Tx.ClaimHistory): "" when
// none was kept or a later write moved the history on since.
func (r *Reader) CheckInProfile(ctx context.Context) (*onward.RecoveryProfile, string, error) {
	return r.profile(ctx, checkInProfileQuery, true)
}

const (
	profileColumns = `last_use_day, last_use_at, convention, substances, medication, treatment_level, reasons,
		daily_spend, daily_hours, checkin_time, updated_at, history_version`
	profileQuery        = "SELECT " + profileColumns + " FROM recovery_profiles WHERE user_id = ?"
	checkInProfileQuery = "SELECT " + profileColumns +
		", CASE WHEN warning_state_version = history_version THEN warning_state END FROM recovery_profiles WHERE user_id = ?"
)

// profile reads the profile's row with query, and the warning's state
// after its columns when withState.
func (r *Reader) profile(ctx context.Context, query string, withState bool) (*onward.RecoveryProfile, string, error) {
	if err := r.need(onward.CategoryMilestones); err != nil {
		return nil, "", err
	}
	p := onward.RecoveryProfile{UserID: r.d.subject}
	var day, convention, substances string
	var lastUseAt, updated dbTime
	var state sql.NullString
	dest := []any{&day, &lastUseAt, &convention, &substances, &p.Medication, &p.TreatmentLevel, &p.Reasons, &p.DailySpend, &p.DailyHours,
		&p.CheckinTime, &updated, &p.HistoryVersion}
	if withState {
		dest = append(dest, &state)
	}
	err := r.s.queryRow(ctx, query, r.d.subject).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("load recovery profile: %w", err)
	}
	if p.LastUse, err = recovery.ParseDate(day); err != nil {
		return nil, "", err
	}
	if p.Convention, err = recovery.ParseConvention(convention); err != nil {
		return nil, "", err
	}
	if substances != "" {
		p.Substances = strings.Split(substances, ",")
	}
	p.LastUseAt, p.UpdatedAt = lastUseAt.Ptr(), updated.Time
	return &p, state.String, nil
}

// CheckIns returns the check-ins from from to to (inclusive), oldest first.
func (r *Reader) CheckIns(ctx context.Context, from, to recovery.Date) ([]onward.CheckIn, error) {
	if err := r.need(onward.CategoryCheckins); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE user_id = ? AND day >= ? AND day <= ? ORDER BY day",
		r.d.subject, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("load check-ins: %w", err)
	}
	defer rows.Close()
	var out []onward.CheckIn
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// WarningCheckIns returns, oldest first, the check-ins from `from` on
// with only what the early warning reads (the day, the ratings and the
// answers: no note, client id, version or times), preceded by the latest
// check-in between since and from, if any, which tells the early warning
// that the member was checking in before its window. The check-in's hot
// path reads this, a fraction of what CheckIns reads and scans, when the
// state the last check-in kept does not serve. It has no upper bound: a
// member who moved west may have a check-in dated after their today, which
// the state must hold for the days to come.
func (r *Reader) WarningCheckIns(ctx context.Context, since, from recovery.Date) ([]onward.CheckIn, error) {
	if err := r.need(onward.CategoryCheckins); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT day, mood, craving, sleep_hours, sleep_quality, stress, lonely, irritable, romanticising, used,
		medication_taken, meeting, therapy, support_contact, exercise, food, mindfulness
		FROM checkins WHERE user_id = ?
		AND day >= COALESCE((SELECT MAX(day) FROM checkins WHERE user_id = ? AND day >= ? AND day < ?), ?) ORDER BY day`,
		r.d.subject, r.d.subject, since.String(), from.String(), from.String())
	if err != nil {
		return nil, fmt.Errorf("load check-ins: %w", err)
	}
	defer rows.Close()
	var out []onward.CheckIn
	for rows.Next() {
		c := onward.CheckIn{UserID: r.d.subject}
		var day string
		var sleep sql.NullFloat64
		var med sql.NullBool
		if err := rows.Scan(&day, &c.Mood, &c.Craving, &sleep, &c.SleepQuality, &c.Stress, &c.Lonely, &c.Irritable, &c.Romanticising,
			&c.Used, &med, &c.Meeting, &c.Therapy, &c.SupportContact, &c.Exercise, &c.Food, &c.Mindfulness); err != nil {
			return nil, err
		}
		if c.Day, err = recovery.ParseDate(day); err != nil {
			return nil, err
		}
		if sleep.Valid {
			c.SleepHours = &sleep.Float64
		}
		if med.Valid {
			c.MedicationTaken = &med.Bool
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CheckIn returns the check-in of one day, or nil.
func (r *Reader) CheckIn(ctx context.Context, day recovery.Date) (*onward.CheckIn, error) {
	if err := r.need(onward.CategoryCheckins); err != nil {
		return nil, err
	}
	c, err := scanCheckIn(r.s.queryRow(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE user_id = ? AND day = ?", r.d.subject, day.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// Lapses returns every lapse, oldest first.
func (r *Reader) Lapses(ctx context.Context) ([]onward.Lapse, error) {
	if err := r.need(onward.CategoryCheckins); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT id, day, what, led_to, created_at FROM lapses WHERE user_id = ? ORDER BY day, created_at", r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("load lapses: %w", err)
	}
	defer rows.Close()
	var out []onward.Lapse
	for rows.Next() {
		l := onward.Lapse{UserID: r.d.subject}
		var day string
		var created dbTime
		if err := rows.Scan(&l.ID, &day, &l.What, &l.LedTo, &created); err != nil {
			return nil, err
		}
		if l.Day, err = recovery.ParseDate(day); err != nil {
			return nil, err
		}
		l.CreatedAt = created.Time
		out = append(out, l)
	}
	return out, rows.Err()
}

// LapseDays returns the days of every lapse, oldest first: what clean
// time and milestones need, without what was used or what led to it.
func (r *Reader) LapseDays(ctx context.Context) ([]recovery.Date, error) {
	if err := r.need(onward.CategoryMilestones); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT day FROM lapses WHERE user_id = ? ORDER BY day", r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("load lapse days: %w", err)
	}
	defer rows.Close()
	var out []recovery.Date
	for rows.Next() {
		var day string
		if err := rows.Scan(&day); err != nil {
			return nil, err
		}
		d, err := recovery.ParseDate(day)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Plan returns the member's plan; an empty plan when none was written.
func (r *Reader) Plan(ctx context.Context) (*onward.Plan, error) {
	if err := r.need(onward.CategoryJournal); err != nil {
		return nil, err
	}
	p := &onward.Plan{UserID: r.d.subject}
	var body string
	var updated dbTime
	err := r.s.queryRow(ctx, "SELECT body, updated_at FROM plans WHERE user_id = ?", r.d.subject).Scan(&body, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	if err := json.Unmarshal([]byte(body), p); err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	p.UserID, p.UpdatedAt = r.d.subject, updated.Time
	return p, nil
}

// Urges returns the most recent urges, newest first.
func (r *Reader) Urges(ctx context.Context, limit int) ([]onward.Urge, error) {
	if err := r.need(onward.CategoryJournal); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT id, started_at, ended_at, passed, helped, note FROM urges WHERE user_id = ? ORDER BY started_at DESC LIMIT ?",
		r.d.subject, limit)
	if err != nil {
		return nil, fmt.Errorf("load urges: %w", err)
	}
	defer rows.Close()
	var out []onward.Urge
	for rows.Next() {
		u := onward.Urge{UserID: r.d.subject}
		var started, ended dbTime
		var helped string
		if err := rows.Scan(&u.ID, &started, &ended, &u.Passed, &helped, &u.Note); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(helped), &u.Helped); err != nil {
			return nil, fmt.Errorf("read urge: %w", err)
		}
		u.StartedAt, u.EndedAt = started.Time, ended.Time
		out = append(out, u)
	}
	return out, rows.Err()
}

// Celebrated returns the milestones already celebrated, as "id/day" keys.
func (r *Reader) Celebrated(ctx context.Context) (map[string]bool, error) {
	if err := r.need(onward.CategoryMilestones); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, "SELECT milestone_id, reached_on FROM milestone_celebrations WHERE user_id = ?", r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("load celebrations: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id, day string
		if err := rows.Scan(&id, &day); err != nil {
			return nil, err
		}
		out[id+"/"+day] = true
	}
	return out, rows.Err()
}
