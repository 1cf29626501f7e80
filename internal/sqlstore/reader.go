package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Reader reads one member's health data from the read pool. The only way
// to get one is ReadAccess, after the policy allowed it and the audit log
// recorded it.
type Reader struct {
	s       *Store
	q       querier // the read pool, or the transaction it was opened in
	subject string
}

// querier runs reads: the Store (its read pool) or a Tx.
type querier interface {
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// ReadAccess decides whether viewer may read each of categories of
// subject's data and records every decision in the audit log (one
// transaction, committed before any data is read). When all are allowed,
// fn reads through the Reader; otherwise it returns EFORBIDDEN.
func (s *Store) ReadAccess(ctx context.Context, viewer onward.Principal, subjectID string, categories []onward.Category, fn func(*Reader) error) error {
	allowed := false
	err := s.Write(ctx, func(tx *Tx) (err error) {
		allowed, err = tx.decide(ctx, viewer, subjectID, onward.ActionRead, categories)
		return err
	})
	if err != nil {
		return err
	}
	if !allowed {
		return errNoAccess
	}
	return fn(&Reader{s: s, q: s, subject: subjectID})
}

// ReadAccess inside a write transaction: the decisions and their audit
// entries are part of the transaction, and the Reader reads through it, so
// a write can look at the member's data (a check-in's risk, say) without a
// second commit.
func (tx *Tx) ReadAccess(ctx context.Context, viewer onward.Principal, subjectID string, categories []onward.Category) (*Reader, error) {
	allowed, err := tx.decide(ctx, viewer, subjectID, onward.ActionRead, categories)
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, errNoAccess
	}
	return &Reader{s: tx.store, q: tx, subject: subjectID}, nil
}

// Profile returns the recovery profile, or nil when the member has not set
// one up.
func (r *Reader) Profile(ctx context.Context) (*onward.RecoveryProfile, error) {
	p := onward.RecoveryProfile{UserID: r.subject}
	var day, convention, substances string
	var lastUseAt, updated dbTime
	err := r.q.queryRow(ctx, `SELECT last_use_day, last_use_at, convention, substances, medication, treatment_level, reasons,
		daily_spend, daily_hours, checkin_time, updated_at FROM recovery_profiles WHERE user_id = ?`, r.subject).
		Scan(&day, &lastUseAt, &convention, &substances, &p.Medication, &p.TreatmentLevel, &p.Reasons, &p.DailySpend, &p.DailyHours,
			&p.CheckinTime, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load recovery profile: %w", err)
	}
	if p.LastUse, err = recovery.ParseDate(day); err != nil {
		return nil, err
	}
	if p.Convention, err = recovery.ParseConvention(convention); err != nil {
		return nil, err
	}
	if substances != "" {
		p.Substances = strings.Split(substances, ",")
	}
	p.LastUseAt, p.UpdatedAt = lastUseAt.Ptr(), updated.Time
	return &p, nil
}

// CheckIns returns the check-ins from from to to (inclusive), oldest first.
func (r *Reader) CheckIns(ctx context.Context, from, to recovery.Date) ([]onward.CheckIn, error) {
	rows, err := r.q.query(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE user_id = ? AND day >= ? AND day <= ? ORDER BY day",
		r.subject, from.String(), to.String())
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

// CheckIn returns the check-in of one day, or nil.
func (r *Reader) CheckIn(ctx context.Context, day recovery.Date) (*onward.CheckIn, error) {
	c, err := scanCheckIn(r.q.queryRow(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE user_id = ? AND day = ?", r.subject, day.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// Lapses returns every lapse, oldest first.
func (r *Reader) Lapses(ctx context.Context) ([]onward.Lapse, error) {
	rows, err := r.q.query(ctx, "SELECT id, day, what, led_to, created_at FROM lapses WHERE user_id = ? ORDER BY day, created_at", r.subject)
	if err != nil {
		return nil, fmt.Errorf("load lapses: %w", err)
	}
	defer rows.Close()
	var out []onward.Lapse
	for rows.Next() {
		l := onward.Lapse{UserID: r.subject}
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

// Plan returns the member's plan; an empty plan when none was written.
func (r *Reader) Plan(ctx context.Context) (*onward.Plan, error) {
	p := &onward.Plan{UserID: r.subject}
	var body string
	var updated dbTime
	err := r.q.queryRow(ctx, "SELECT body, updated_at FROM plans WHERE user_id = ?", r.subject).Scan(&body, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	if err := json.Unmarshal([]byte(body), p); err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	p.UserID, p.UpdatedAt = r.subject, updated.Time
	return p, nil
}

// Urges returns the most recent urges, newest first.
func (r *Reader) Urges(ctx context.Context, limit int) ([]onward.Urge, error) {
	rows, err := r.q.query(ctx, "SELECT id, started_at, ended_at, passed, helped, note FROM urges WHERE user_id = ? ORDER BY started_at DESC LIMIT ?",
		r.subject, limit)
	if err != nil {
		return nil, fmt.Errorf("load urges: %w", err)
	}
	defer rows.Close()
	var out []onward.Urge
	for rows.Next() {
		u := onward.Urge{UserID: r.subject}
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
	rows, err := r.q.query(ctx, "SELECT milestone_id, reached_on FROM milestone_celebrations WHERE user_id = ?", r.subject)
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
