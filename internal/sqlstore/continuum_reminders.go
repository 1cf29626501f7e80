package sqlstore

import (
	"context"
	"fmt"
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
	var due []plannedReminder
	for rows.Next() {
		c := plannedReminder{marker: JobSessionReminder, kind: KindSessionReminder}
		var timeZone string
		var stored storedPrefs
		if err := rows.Scan(append([]any{&c.userID, &c.ref, &timeZone}, stored.columns()...)...); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan session reminder: %w", err)
		}
		loc, err := time.LoadLocation(timeZone)
		if err != nil {
			loc = time.UTC
		}
		if prefs := stored.prefs(); prefs.Reminders && !prefs.Quiet(now.In(loc).Format("15:04")) {
			due = append(due, c)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, fmt.Errorf("find session reminders: %w", err)
	}
	return s.planReminders(ctx, now, due)
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
