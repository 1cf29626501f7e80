package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Session reminders: a day before a session, each of its members gets a
// reminder (inbox, email, push; routine priority), planned like the daily
// check-in reminder by the scheduler: the marker job's idempotency key
// makes it once per member and session across every instance.

// KindSessionReminder is the notification of an upcoming session.
const KindSessionReminder = "session_reminder"

// JobSessionReminder marks a planned session reminder.
const JobSessionReminder = "session_reminder"

// SessionReminderLead is how long before a session its reminder is sent.
const SessionReminderLead = 24 * time.Hour

// sessionReminderCandidate is a member of an upcoming session.
type sessionReminderCandidate struct {
	memberID, sessionID, timeZone string
	prefs                         NotifyPrefs
}

// PlanSessionReminders queues the reminder of every session starting in
// the next SessionReminderLead for each of its members who is still
// enrolled, wants reminders and is not in quiet hours (a member in quiet
// hours is planned for when they end, if the session is still ahead). It
// returns how many reminders it created.
func (s *Store) PlanSessionReminders(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT m.member_id, c.id, u.time_zone, n.email, n.push, n.discreet, n.reminders, n.quiet_start, n.quiet_end
		FROM care_sessions c JOIN session_members m ON m.session_id = c.id
		JOIN enrolments e ON e.id = m.enrolment_id JOIN users u ON u.id = m.member_id
		LEFT JOIN notify_prefs n ON n.user_id = m.member_id
		WHERE c.cancelled_at IS NULL AND c.starts_at > ? AND c.starts_at <= ? AND e.status = 'active' AND m.attendance = ''
		AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.idem_key = '`+JobSessionReminder+`:' || m.member_id || ':' || c.id)`,
		s.t(now), s.t(now.Add(SessionReminderLead)))
	if err != nil {
		return 0, fmt.Errorf("find session reminders: %w", err)
	}
	var due []sessionReminderCandidate
	for rows.Next() {
		var c sessionReminderCandidate
		var email, push, discreet, reminders *bool
		var quietStart, quietEnd *string
		if err := rows.Scan(&c.memberID, &c.sessionID, &c.timeZone, &email, &push, &discreet, &reminders, &quietStart, &quietEnd); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan session reminder: %w", err)
		}
		c.prefs = DefaultNotifyPrefs
		if reminders != nil {
			c.prefs = NotifyPrefs{Email: *email, Push: *push, Discreet: *discreet, Reminders: *reminders, QuietStart: *quietStart, QuietEnd: *quietEnd}
		}
		loc, err := time.LoadLocation(c.timeZone)
		if err != nil {
			loc = time.UTC
		}
		if c.prefs.Reminders && !c.prefs.Quiet(now.In(loc).Format("15:04")) {
			due = append(due, c)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, fmt.Errorf("find session reminders: %w", err)
	}
	created := 0
	for chunk := range slices.Chunk(due, planChunk) {
		n := 0
		err := s.Write(ctx, func(tx *Tx) error {
			n = 0
			for _, c := range chunk {
				res, err := tx.exec(ctx, `INSERT INTO jobs (id, kind, user_id, ref_id, idem_key, priority, run_at, done_at, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING`, newID(), JobSessionReminder, c.memberID, c.sessionID,
					JobSessionReminder+":"+c.memberID+":"+c.sessionID, int(PriorityRoutine), tx.t(now), tx.t(tx.Now), tx.t(tx.Now))
				if err != nil {
					return fmt.Errorf("plan session reminder: %w", err)
				}
				if inserted, err := res.RowsAffected(); err != nil || inserted == 0 {
					continue // planned already, by this instance or another
				}
				if err := tx.notify(ctx, c.memberID, KindSessionReminder, "", c.sessionID, now.Add(reminderDelay(c.memberID))); err != nil {
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

// SessionAhead reports whether memberID is still in a session that has not
// been cancelled and has not started, so a reminder queued earlier is not
// sent for a session that no longer concerns them.
func (s *Store) SessionAhead(ctx context.Context, memberID, sessionID string, now time.Time) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM care_sessions c JOIN session_members m ON m.session_id = c.id
		WHERE c.id = ? AND m.member_id = ? AND c.cancelled_at IS NULL AND c.starts_at > ?`, sessionID, memberID, s.t(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for session: %w", err)
	}
	return n > 0, nil
}
