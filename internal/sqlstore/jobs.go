package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
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

// Priority orders the work: a lower value is claimed first, and the
// scheduler keeps senders for PriorityUrgent work alone, so an urgent
// delivery never waits behind routine ones however many are due. A new
// kind of notification picks one of these constants (see priorityOf);
// values in between are allowed for work that is neither.
type Priority int

const (
	// PriorityUrgent is for someone who may need help now: "I need support
	// now" and its answers, automatic safety alerts, care-team escalations.
	PriorityUrgent Priority = 0
	// PriorityRoutine is for work that may wait minutes: reminders.
	PriorityRoutine Priority = 100
)

// maxAttempts bounds retries of a failing delivery.
const maxAttempts = 5

// Job is one claimed piece of work.
type Job struct {
	ID       string
	Kind     string
	UserID   string
	RefID    string // the notification to deliver
	Priority Priority
	Attempts int
	runAt    time.Time
}

// addJob queues work unless work with the same idempotency key exists.
func (tx *Tx) addJob(ctx context.Context, kind, userID, refID, key string, p Priority, runAt time.Time) error {
	return tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("queue %s job: %w", kind, err) }},
		`INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, priority, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (idem_key) DO NOTHING`, newID(), kind, userID, refID, key, int(p), tx.t(runAt), tx.t(tx.Now))
}

// HasDueJobs reports whether any job of priority upTo or more urgent is
// ready to be claimed, read from the read pool so that an idle scheduler
// polling often costs no write.
func (s *Store) HasDueJobs(ctx context.Context, now time.Time, upTo Priority) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE done_at IS NULL AND priority <= ? AND run_at <= ?
		AND (claimed_until IS NULL OR claimed_until <= ?) LIMIT 1) due`, int(upTo), s.t(now), s.t(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for due jobs: %w", err)
	}
	return n > 0, nil
}

// ClaimJobs takes up to limit due jobs of priority upTo or more urgent for
// worker, most urgent first and then oldest first, leased until now+lease.
// The claim is one UPDATE: on PostgreSQL the rows are chosen with FOR
// UPDATE SKIP LOCKED, so two instances never take the same job (each skips
// the rows the other is claiming, and a row claimed meanwhile fails the
// re-checked conditions); on SQLite the single writer runs one claim at a
// time. A job whose lease ran out (its worker crashed) is due again. The
// jobs are returned in claim order.
func (s *Store) ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int, upTo Priority) ([]Job, error) {
	lock := ""
	if s.dialect == postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var jobs []Job
	err := s.Write(ctx, func(tx *Tx) error {
		jobs = nil
		rows, err := tx.query(ctx, `UPDATE jobs SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
			WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?) AND id IN (
				SELECT id FROM jobs WHERE done_at IS NULL AND priority <= ? AND run_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
				ORDER BY priority, run_at, id LIMIT ?`+lock+`)
			RETURNING id, kind, user_id, ref_id, priority, run_at, attempts`,
			worker, tx.t(now.Add(lease)), tx.t(now), int(upTo), tx.t(now), tx.t(now), limit)
		if err != nil {
			return fmt.Errorf("claim jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var j Job
			var at dbTime
			if err := rows.Scan(&j.ID, &j.Kind, &j.UserID, &j.RefID, &j.Priority, &at, &j.Attempts); err != nil {
				return fmt.Errorf("scan job: %w", err)
			}
			j.runAt = at.Time
			jobs = append(jobs, j)
		}
		// RETURNING follows no ORDER BY: put the claim's order back.
		slices.SortFunc(jobs, func(a, b Job) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), a.runAt.Compare(b.runAt), cmp.Compare(a.ID, b.ID))
		})
		return rows.Err()
	})
	return jobs, err
}

// JobResult is how the delivery of one claimed job ended: Err is nil when
// it was sent or there was nothing to send.
type JobResult struct {
	Job Job
	Err error
}

// FinishJobs ends jobs worker holds, in one transaction. A failure is
// retried later with a growing delay, and given up after maxAttempts with
// the error kept. Only the worker holding the lease may finish: a worker
// whose lease ran out and was taken over changes nothing.
func (s *Store) FinishJobs(ctx context.Context, worker string, now time.Time, results []JobResult) error {
	if len(results) == 0 {
		return nil
	}
	return s.Write(ctx, func(tx *Tx) error {
		for _, r := range results {
			var err error
			j := r.Job
			switch {
			case r.Err == nil:
				_, err = tx.exec(ctx, `UPDATE jobs SET done_at = ?, claimed_until = NULL WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
					tx.t(now), j.ID, worker)
			case j.Attempts >= maxAttempts:
				_, err = tx.exec(ctx, `UPDATE jobs SET done_at = ?, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
					tx.t(now), r.Err.Error(), j.ID, worker)
			default:
				retry := now.Add(time.Duration(j.Attempts*j.Attempts) * 30 * time.Second)
				_, err = tx.exec(ctx, `UPDATE jobs SET run_at = ?, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL`,
					tx.t(retry), r.Err.Error(), j.ID, worker)
			}
			if err != nil {
				return fmt.Errorf("finish job: %w", err)
			}
		}
		return nil
	})
}

// ReminderSpread is the window a reminder is sent in after it falls due.
// Each member has a fixed offset in it, so the many members who chose the
// same check-in time are not all sent to in the same second.
const ReminderSpread = 5 * time.Minute

// reminderDelay is userID's offset in ReminderSpread, in whole seconds.
func reminderDelay(userID string) time.Duration {
	h := fnv.New32a()
	h.Write([]byte(userID))
	return time.Duration(h.Sum32()%uint32(ReminderSpread/time.Second)) * time.Second
}

// planChunk is how many reminders one planning transaction creates: one
// commit for many members, yet no transaction holds the writer for long.
const planChunk = 200

// reminderCandidate is a member with a daily check-in time.
type reminderCandidate struct {
	userID, timeZone, checkinTime string
	day                           string // the member's local day the reminder is for
	prefs                         NotifyPrefs
}

// PlanCheckinReminders queues today's check-in reminder for every member
// whose chosen time (in their own time zone) has passed, who has not
// checked in today, wants reminders and is not in quiet hours. A reminder
// is created at most once per member and day, however many instances plan
// at once: the marker job's idempotency key decides. Its deliveries are
// routine work, due at the member's offset in ReminderSpread. It returns
// how many reminders it created.
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
	var members []reminderCandidate
	for rows.Next() {
		var c reminderCandidate
		var stored storedPrefs
		if err := rows.Scan(append([]any{&c.userID, &c.timeZone, &c.checkinTime}, stored.columns()...)...); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan reminder: %w", err)
		}
		c.prefs = stored.prefs()
		members = append(members, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find reminders: %w", err)
	}
	var due []reminderCandidate
	for _, c := range members {
		loc, err := time.LoadLocation(c.timeZone)
		if err != nil {
			loc = time.UTC
		}
		local := now.In(loc)
		clock := local.Format("15:04")
		c.day = local.Format("2006-01-02")
		if !c.prefs.Reminders || clock < c.checkinTime || c.prefs.Quiet(clock) {
			continue
		}
		checkedIn, err := s.CheckedIn(ctx, c.userID, c.day)
		if err != nil {
			return 0, err
		}
		if !checkedIn {
			due = append(due, c)
		}
	}
	planned := make([]plannedReminder, len(due))
	for i, c := range due {
		planned[i] = plannedReminder{marker: JobReminder, userID: c.userID, ref: c.day, kind: KindCheckinReminder, aboutID: c.userID}
	}
	return s.planReminders(ctx, now, planned)
}

// plannedReminder is a reminder to create once: its marker job (kind
// marker, idempotency key key, marker:user:ref when empty) decides,
// exactly once across instances, that the notification of kind for ref
// (a day, a session, a dose) exists, about aboutID; its deliveries are
// due at runAt (zero: at the person's offset in ReminderSpread).
type plannedReminder struct {
	marker, userID, ref, key string
	kind, aboutID            string
	runAt                    time.Time
}

// planReminders creates the reminders not created yet, planChunk to a
// transaction, and returns how many it created.
func (s *Store) planReminders(ctx context.Context, now time.Time, planned []plannedReminder) (int, error) {
	created := 0
	for chunk := range slices.Chunk(planned, planChunk) {
		n := 0
		err := s.Write(ctx, func(tx *Tx) error {
			n = 0
			for _, p := range chunk {
				key := p.key
				if key == "" {
					key = p.marker + ":" + p.userID + ":" + p.ref
				}
				// The marker is done at once; the deliveries are their own jobs.
				res, err := tx.exec(ctx, `INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, priority, run_at, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (idem_key) DO NOTHING`, newID(), p.marker, p.userID, p.ref, key, int(PriorityRoutine), tx.t(now), tx.t(tx.Now), tx.t(tx.Now))
				if err != nil {
					return fmt.Errorf("plan reminder: %w", err)
				}
				inserted, err := res.RowsAffected()
				if err != nil {
					return err
				}
				if inserted == 0 {
					continue // planned already, by this instance or another
				}
				runAt := p.runAt
				if runAt.IsZero() {
					runAt = now.Add(reminderDelay(p.userID))
				}
				if err := tx.notify(ctx, p.userID, p.kind, p.aboutID, p.ref, runAt); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return created, err
		}
		created += n
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
