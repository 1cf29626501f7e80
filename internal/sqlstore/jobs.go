package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// Job kinds. A reminder job is only a marker: inserting it (unique per
// member and day) is what decides, exactly once across every instance,
// that a day's reminder exists; its deliveries are email and push jobs.
const (
	JobEmail    = "email"
	JobPush     = "push"
	JobReminder = "checkin_reminder"
)

// maxAttempts bounds retries of a failing delivery.
const maxAttempts = 5

// Job is one claimed piece of work.
type Job struct {
	ID       string
	Kind     string
	UserID   string
	RefID    string // the notification to deliver
	Attempts int
}

// addJob queues work unless work with the same idempotency key exists.
func (tx *Tx) addJob(ctx context.Context, kind, userID, refID, key string, runAt time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (idem_key) DO NOTHING`, newID(), kind, userID, refID, key, tx.t(runAt), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("queue %s job: %w", kind, err)
	}
	return nil
}

// HasDueJobs reports whether any job is ready to be claimed, read from the
// read pool so that an idle scheduler polling often costs no write.
func (s *Store) HasDueJobs(ctx context.Context, now time.Time) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE done_at IS NULL AND run_at <= ?
		AND (claimed_until IS NULL OR claimed_until <= ?) LIMIT 1) due`, s.t(now), s.t(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for due jobs: %w", err)
	}
	return n > 0, nil
}

// ClaimJobs takes up to limit due jobs for worker, leased until now+lease.
// The claim is one UPDATE: on PostgreSQL the rows are chosen with FOR
// UPDATE SKIP LOCKED, so two instances never take the same job (each skips
// the rows the other is claiming, and a row claimed meanwhile fails the
// re-checked conditions); on SQLite the single writer runs one claim at a
// time. A job whose lease ran out (its worker crashed) is due again.
func (s *Store) ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]Job, error) {
	lock := ""
	if s.dialect == postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var jobs []Job
	err := s.Write(ctx, func(tx *Tx) error {
		jobs = nil
		rows, err := tx.query(ctx, `UPDATE jobs SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
			WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?) AND id IN (
				SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
				ORDER BY run_at, id LIMIT ?`+lock+`)
			RETURNING id, kind, user_id, ref_id, attempts`,
			worker, tx.t(now.Add(lease)), tx.t(now), tx.t(now), tx.t(now), limit)
		if err != nil {
			return fmt.Errorf("claim jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var j Job
			if err := rows.Scan(&j.ID, &j.Kind, &j.UserID, &j.RefID, &j.Attempts); err != nil {
				return fmt.Errorf("scan job: %w", err)
			}
			jobs = append(jobs, j)
		}
		return rows.Err()
	})
	return jobs, err
}

// FinishJob ends a job worker holds. A failure is retried later with a
// growing delay, and given up after maxAttempts with the error kept. Only
// the worker holding the lease may finish: a worker whose lease ran out
// and was taken over changes nothing.
func (s *Store) FinishJob(ctx context.Context, j Job, worker string, now time.Time, failure error) error {
	return s.Write(ctx, func(tx *Tx) error {
		var err error
		switch {
		case failure == nil:
			_, err = tx.exec(ctx, `UPDATE jobs SET done_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
				tx.t(now), j.ID, worker)
		case j.Attempts >= maxAttempts:
			_, err = tx.exec(ctx, `UPDATE jobs SET done_at = ?, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
				tx.t(now), failure.Error(), j.ID, worker)
		default:
			retry := now.Add(time.Duration(j.Attempts*j.Attempts) * 30 * time.Second)
			_, err = tx.exec(ctx, `UPDATE jobs SET run_at = ?, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
				tx.t(retry), failure.Error(), j.ID, worker)
		}
		if err != nil {
			return fmt.Errorf("finish job: %w", err)
		}
		return nil
	})
}

// reminderCandidate is a member with a daily check-in time.
type reminderCandidate struct {
	userID, timeZone, checkinTime string
	prefs                         NotifyPrefs
}

// PlanCheckinReminders queues today's check-in reminder for every member
// whose chosen time (in their own time zone) has passed, who has not
// checked in today, wants reminders and is not in quiet hours. A reminder
// is created at most once per member and day, however many instances plan
// at once: the marker job's idempotency key decides. It returns how many
// reminders it created.
//
// The scheduler reads whether a check-in exists without an audit entry: it
// is the system deciding whether to send the member's own reminder to the
// member, and nothing is shown to anyone else.
func (s *Store) PlanCheckinReminders(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.time_zone, p.checkin_time, n.email, n.push, n.discreet, n.reminders, n.quiet_start, n.quiet_end
		FROM recovery_profiles p JOIN users u ON u.id = p.user_id LEFT JOIN notify_prefs n ON n.user_id = u.id
		WHERE p.checkin_time <> ''`)
	if err != nil {
		return 0, fmt.Errorf("find reminders: %w", err)
	}
	var due []reminderCandidate
	for rows.Next() {
		var c reminderCandidate
		var email, push, discreet, reminders *bool
		var quietStart, quietEnd *string
		if err := rows.Scan(&c.userID, &c.timeZone, &c.checkinTime, &email, &push, &discreet, &reminders, &quietStart, &quietEnd); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan reminder: %w", err)
		}
		c.prefs = DefaultNotifyPrefs
		if reminders != nil {
			c.prefs = NotifyPrefs{Email: *email, Push: *push, Discreet: *discreet, Reminders: *reminders, QuietStart: *quietStart, QuietEnd: *quietEnd}
		}
		due = append(due, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find reminders: %w", err)
	}
	created := 0
	for _, c := range due {
		loc, err := time.LoadLocation(c.timeZone)
		if err != nil {
			loc = time.UTC
		}
		local := now.In(loc)
		day, clock := local.Format("2006-01-02"), local.Format("15:04")
		if !c.prefs.Reminders || clock < c.checkinTime || c.prefs.Quiet(clock) {
			continue
		}
		checkedIn, err := s.CheckedIn(ctx, c.userID, day)
		if err != nil {
			return created, err
		}
		if checkedIn {
			continue
		}
		err = s.Write(ctx, func(tx *Tx) error {
			// The marker is done at once; the deliveries are their own jobs.
			res, err := tx.exec(ctx, `INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, run_at, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (idem_key) DO NOTHING`, newID(), JobReminder, c.userID, day, JobReminder+":"+c.userID+":"+day, tx.t(now), tx.t(tx.Now), tx.t(tx.Now))
			if err != nil {
				return fmt.Errorf("plan reminder: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err
			}
			if err := tx.notify(ctx, c.userID, KindCheckinReminder, c.userID, day); err != nil {
				return err
			}
			created++
			return nil
		})
		if err != nil {
			return created, err
		}
	}
	return created, nil
}

// CheckedIn reports whether userID has a check-in for day ("2006-01-02"),
// so a reminder queued before the member checked in is not sent after.
func (s *Store) CheckedIn(ctx context.Context, userID, day string) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM checkins WHERE user_id = ? AND day = ?`, userID, day).Scan(&n); err != nil {
		return false, fmt.Errorf("look for check-in: %w", err)
	}
	return n > 0, nil
}
