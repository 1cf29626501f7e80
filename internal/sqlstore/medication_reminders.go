package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Medication notifications and the caseload's medication flags, kept by
// the scheduler (internal/jobs) every time it plans: reminders at dose
// times, before an injection and before a naloxone kit expires, each
// created once however many instances plan; and the flags whose reason is
// a date coming (an injection overdue, a review due, an order ending).

// Notification kinds of medication. None names the medicine in a
// subject, a push text or on a lock screen (internal/notify).
const (
	KindDoseReminder = "dose_reminder" // to a member: a planned dose is due
	KindInjectionDue = "injection_due" // to a member: an injection is due tomorrow or today
	KindKitExpiry    = "kit_expiry"    // to a member: a naloxone kit expires soon or has expired
	KindMissedDose   = "missed_dose"   // to the people a member lets see their medication: a dose was missed
)

// routineKinds are delivered behind urgent work: they may wait minutes.
// A missed dose is news, not a call for help ("I need support now" is).
var routineKinds = map[string]bool{KindDoseReminder: true, KindInjectionDue: true, KindKitExpiry: true, KindMissedDose: true}

// Planning windows.
const (
	doseReminderWindow = 2 * time.Hour // a dose's reminder is not sent later than this after its time
	dayReminderAt      = "09:00"       // injection and kit reminders go out from this local time
	kitSoonDays        = 30            // a kit's first reminder, this many days before it expires
	kitExpiredDays     = 60            // no reminder about a kit expired longer ago
	jobMedication      = "medication_reminder"
)

// reminderDue is one medication reminder to create.
type reminderDue struct {
	memberID, kind, key, ref string
}

// PlanMedicationReminders queues the medication reminders due now for
// every member's plans that ask for them, outside the member's quiet
// hours: a dose time passed within doseReminderWindow with no dose
// recorded, an injection due tomorrow or today, a naloxone kit expiring
// within kitSoonDays or expired. Each is created once (the marker job's
// idempotency key). It returns how many it created.
func (s *Store) PlanMedicationReminders(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT `+prefixed("p.", planColumns)+`, u.time_zone, n.email, n.push, n.discreet, n.reminders, n.quiet_start, n.quiet_end
		FROM medication_plans p JOIN users u ON u.id = p.member_id LEFT JOIN notify_prefs n ON n.user_id = u.id
		WHERE p.remind = ? AND p.stopped_on IS NULL`, true)
	if err != nil {
		return 0, fmt.Errorf("find medication reminders: %w", err)
	}
	type candidate struct {
		plan  *medication.Plan
		tz    string
		prefs NotifyPrefs
	}
	var plans []candidate
	for rows.Next() {
		var c candidate
		var email, push, discreet, reminders *bool
		var quietStart, quietEnd *string
		p, err := scanPlan(scanExtra{rows, []any{&c.tz, &email, &push, &discreet, &reminders, &quietStart, &quietEnd}})
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan medication reminder: %w", err)
		}
		c.plan, c.prefs = p, DefaultNotifyPrefs
		if reminders != nil {
			c.prefs = NotifyPrefs{Email: *email, Push: *push, Discreet: *discreet, Reminders: *reminders, QuietStart: *quietStart, QuietEnd: *quietEnd}
		}
		plans = append(plans, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var due []reminderDue
	for _, c := range plans {
		loc, err := time.LoadLocation(c.tz)
		if err != nil {
			loc = time.UTC
		}
		local := now.In(loc)
		clock, today := local.Format("15:04"), recovery.DateOf(local, loc)
		if c.prefs.Quiet(clock) {
			continue
		}
		p := c.plan
		spec := p.Spec()
		switch {
		case spec.Kit && p.KitExpires != nil:
			exp := *p.KitExpires
			if clock < dayReminderAt || today.Before(exp.AddDays(-kitSoonDays)) || today.After(exp.AddDays(kitExpiredDays)) {
				continue
			}
			stage := "soon"
			if !today.Before(exp) {
				stage = "expired"
			}
			due = append(due, reminderDue{p.MemberID, KindKitExpiry, p.ID + ":" + exp.String() + ":" + stage, p.ID + "/" + exp.String()})
		case spec.IntervalDays > 0 && p.NextDue != nil:
			next := *p.NextDue
			if clock < dayReminderAt || today.Before(next.AddDays(-1)) || today.After(next) {
				continue
			}
			settled, err := s.doseRecorded(ctx, p.ID, next, "")
			if err != nil {
				return 0, err
			}
			if !settled {
				due = append(due, reminderDue{p.MemberID, KindInjectionDue, p.ID + ":" + next.String(), p.ID + "/" + next.String() + "/"})
			}
		default:
			if !p.Active(today) {
				continue
			}
			for _, t := range p.Times {
				at, _ := time.ParseInLocation("2006-01-02 15:04", today.String()+" "+t, loc)
				if now.Before(at) || !now.Before(at.Add(doseReminderWindow)) {
					continue
				}
				settled, err := s.doseRecorded(ctx, p.ID, today, t)
				if err != nil {
					return 0, err
				}
				if !settled {
					due = append(due, reminderDue{p.MemberID, KindDoseReminder, p.ID + ":" + today.String() + ":" + t,
						p.ID + "/" + today.String() + "/" + t})
				}
			}
		}
	}
	planned := make([]plannedReminder, len(due))
	for i, r := range due {
		planned[i] = plannedReminder{marker: jobMedication, userID: r.memberID, ref: r.ref, key: r.kind + ":" + r.key, kind: r.kind,
			aboutID: r.memberID, runAt: now.Add(reminderDelay(r.memberID) / 5)}
	}
	return s.planReminders(ctx, now, planned)
}

// doseRecorded reports whether the dose of schedule on day at slot is
// recorded.
func (s *Store) doseRecorded(ctx context.Context, scheduleID string, day recovery.Date, slot string) (bool, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM medication_doses WHERE schedule_id = ? AND day = ? AND slot = ?",
		scheduleID, day.String(), slot).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for a dose: %w", err)
	}
	return n > 0, nil
}

// ReminderSettled reports whether a dose or injection reminder (ref
// "plan/day/slot") no longer needs sending: the dose was recorded after
// it was queued. Other refs are never settled.
func (s *Store) ReminderSettled(ctx context.Context, kind, ref string) (bool, error) {
	if kind != KindDoseReminder && kind != KindInjectionDue {
		return false, nil
	}
	parts := strings.SplitN(ref, "/", 3)
	if len(parts) != 3 {
		return false, nil
	}
	day, err := recovery.ParseDate(parts[1])
	if err != nil {
		return false, nil
	}
	return s.doseRecorded(ctx, parts[0], day, parts[2])
}

// SyncMedicationFlags brings every enrolled member's medication flags up
// to date (medication.Flags), in chunks of writes: flags whose reason is
// a date arrive on that day, and flags whose reason is gone leave. It
// returns how many events it changed.
func (s *Store) SyncMedicationFlags(ctx context.Context) (int, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT e.member_id FROM enrolments e WHERE e.status = ? AND e.member_id IN (
		SELECT member_id FROM dose_orders UNION SELECT member_id FROM medication_plans UNION SELECT member_id FROM take_home_decisions)`,
		string(onward.EnrolmentActive))
	if err != nil {
		return 0, fmt.Errorf("find medication flags to keep: %w", err)
	}
	var members []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		members = append(members, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	changed := 0
	for chunk := range slices.Chunk(members, 50) {
		n := 0
		err := s.Write(ctx, func(tx *Tx) error {
			n = 0
			for _, id := range chunk {
				c, err := tx.syncMedicationFlags(ctx, id)
				if err != nil {
					return err
				}
				n += c
			}
			return nil
		})
		if err != nil {
			return changed, err
		}
		changed += n
	}
	return changed, nil
}

// SyncMedicationFlags brings the member's medication flags up to date
// inside a write that changed their medication.
func (tx *Tx) SyncMedicationFlags(ctx context.Context, d Disclosure) error {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	_, err := tx.syncMedicationFlags(ctx, d.subject)
	return err
}

// flagHistoryDays is how far back the flags look at doses: an injection
// interval and the missed-dose window.
const flagHistoryDays = 30

func (tx *Tx) syncMedicationFlags(ctx context.Context, memberID string) (int, error) {
	var tz string
	if err := tx.queryRow(ctx, "SELECT time_zone FROM users WHERE id = ?", memberID).Scan(&tz); err != nil {
		return 0, fmt.Errorf("load member's time zone: %w", err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	rec, err := tx.store.medicationRecord(ctx, tx.query, memberID, "", tx.Now.AddDate(0, 0, -flagHistoryDays))
	if err != nil {
		return 0, err
	}
	settings, err := tx.memberMedicationSettings(ctx, memberID)
	if err != nil {
		return 0, err
	}
	want := medication.Flags(medication.Facts{Plans: rec.Plans, Orders: rec.Orders, Doses: rec.Doses, Decisions: rec.LatestDecisions(),
		Settings: settings}, tx.Now, loc)
	have := map[string]time.Time{}
	evRows, err := tx.query(ctx, "SELECT code, at FROM member_events WHERE member_id = ?", memberID)
	if err != nil {
		return 0, fmt.Errorf("load member events: %w", err)
	}
	for evRows.Next() {
		var code string
		var at dbTime
		if err := evRows.Scan(&code, &at); err != nil {
			evRows.Close()
			return 0, err
		}
		have[code] = at.Time
	}
	evRows.Close()
	if err := evRows.Err(); err != nil {
		return 0, err
	}
	changed := 0
	for _, code := range medication.FlagCodes {
		i := slices.IndexFunc(want, func(e caseload.Event) bool { return e.Code == code })
		at, had := have[code]
		switch {
		case i < 0 && had:
			if _, err := tx.exec(ctx, "DELETE FROM member_events WHERE member_id = ? AND code = ?", memberID, code); err != nil {
				return 0, fmt.Errorf("clear %s: %w", code, err)
			}
			changed++
		case i >= 0 && (!had || !at.Equal(want[i].At.UTC().Truncate(time.Microsecond))):
			if _, err := tx.exec(ctx, `INSERT INTO member_events (member_id, code, at) VALUES (?, ?, ?)
				ON CONFLICT (member_id, code) DO UPDATE SET at = excluded.at`, memberID, code, tx.t(want[i].At)); err != nil {
				return 0, fmt.Errorf("note %s: %w", code, err)
			}
			changed++
		}
	}
	return changed, nil
}

// memberMedicationSettings are the settings that flag a member: the
// strictest missed-dose count of the programs they are enrolled in, the
// defaults when none set one.
func (tx *Tx) memberMedicationSettings(ctx context.Context, memberID string) (medication.Settings, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT program_id FROM enrolments WHERE member_id = ? AND status = ?`,
		memberID, string(onward.EnrolmentActive))
	if err != nil {
		return medication.Settings{}, fmt.Errorf("load member's programs: %w", err)
	}
	var programs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return medication.Settings{}, err
		}
		programs = append(programs, id)
	}
	rows.Close()
	out := medication.DefaultSettings
	for i, p := range programs {
		set, err := medicationSettings(ctx, tx.queryRow, p)
		if err != nil {
			return out, err
		}
		if i == 0 || (set.MissedDoses > 0 && (out.MissedDoses == 0 || set.MissedDoses < out.MissedDoses)) {
			out.MissedDoses = set.MissedDoses
		}
	}
	return out, rows.Err()
}

// scanExtra scans a row's first columns with a scanner of the medication
// types and the rest into extra.
type scanExtra struct {
	row   rowScanner
	extra []any
}

func (s scanExtra) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// prefixed puts prefix before each column of a list.
func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
