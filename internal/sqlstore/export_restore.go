package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
)

// RestoreReport says what an import loaded.
type RestoreReport struct {
	Profile           bool `json:"recovery_profile"`
	CheckIns          int  `json:"checkins"`
	Lapses            int  `json:"lapses"`
	Plan              bool `json:"plan"`
	Urges             int  `json:"urges"`
	Milestones        int  `json:"milestones_celebrated"`
	Attendance        int  `json:"meeting_attendance"`
	AttendanceSkipped int  `json:"meeting_attendance_skipped"`
	NotifyPrefs       bool `json:"notification_preferences"`
	Assessments       int  `json:"assessments"`
	WithdrawalTracker bool `json:"withdrawal_tracker"`
	MedicationPlans   int  `json:"medication_plans"`
	MedicationDoses   int  `json:"medication_doses"`
	MedicationSkipped int  `json:"medication_records_skipped"` // programs' records, which stay with the programs
}

var errAccountHasData = onward.NewError(onward.ECONFLICT,
	"export.this_account_already_has_recovery_data_a")

// Restore loads a parsed export (export.Parse) into the account userID,
// which must hold no recovery data yet: a copy is never merged into
// someone's records. The policy decides, and the audit log records, a
// write of every category, in the same transaction as the data, so a
// failure anywhere leaves nothing behind.
//
// The account's own email, password and id stay; its name, language and
// time zone come from the file, and so do the notification preferences
// when the file has them. Records get new ids. Consents, pending
// invitations, support requests and the access log are not restored: they
// name people of the instance the file came from (and an invitation's code
// is not in the file). Attendance is restored for the meetings this
// instance's directory has (same source and source id) and counted as
// skipped for the others.
func (s *Store) Restore(ctx context.Context, viewer onward.Principal, userID string, d *export.Document) (RestoreReport, error) {
	var report RestoreReport
	allowed := false
	err := s.Write(ctx, func(tx *Tx) (err error) {
		report = RestoreReport{}
		decision, disclosed, err := tx.decide(ctx, viewer, userID, onward.ActionWrite, ExportCategories)
		if allowed = decision.All(); err != nil || !allowed {
			return err
		}
		return tx.restore(ctx, disclosed, userID, d, &report)
	})
	if err != nil {
		return RestoreReport{}, err
	}
	if !allowed {
		return RestoreReport{}, errNoAccess
	}
	return report, nil
}

func (tx *Tx) restore(ctx context.Context, disclosed Disclosure, userID string, d *export.Document, report *RestoreReport) error {
	if err := tx.requireNoRecoveryData(ctx, userID); err != nil {
		return err
	}
	tx.changedCredentials()
	if _, err := tx.exec(ctx, "UPDATE users SET display_name = ?, locale = ?, time_zone = ?, updated_at = ? WHERE id = ?",
		d.Account.DisplayName, d.Account.Locale, d.Account.TimeZone, tx.t(tx.Now), userID); err != nil {
		return fmt.Errorf("restore account: %w", err)
	}
	if d.RecoveryProfile != nil {
		p, err := d.RecoveryProfile.Domain(userID)
		if err != nil { // export.Parse has checked the convention already
			return fmt.Errorf("restore recovery profile: %w", err)
		}
		if err := tx.SaveProfile(ctx, disclosed, p); err != nil {
			return err
		}
		report.Profile = true
	}
	for _, in := range d.CheckIns {
		c := in.Domain(userID)
		c.ID, c.CreatedAt, c.UpdatedAt = newID(), tx.orNow(c.CreatedAt), tx.orNow(c.UpdatedAt)
		if _, err := tx.exec(ctx, `INSERT INTO checkins (`+checkInColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tx.checkInValues(&c)...); err != nil {
			return fmt.Errorf("restore check-in: %w", err)
		}
		report.CheckIns++
	}
	for _, in := range d.Lapses {
		if _, err := tx.exec(ctx, "INSERT INTO lapses (id, user_id, day, what, led_to, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			newID(), userID, in.Day.String(), in.What, in.LedTo, tx.t(tx.orNow(in.CreatedAt))); err != nil {
			return fmt.Errorf("restore lapse: %w", err)
		}
		report.Lapses++
	}
	if d.Plan != nil {
		if err := tx.SavePlan(ctx, disclosed, d.Plan.Domain(userID)); err != nil {
			return err
		}
		report.Plan = true
	}
	for _, in := range d.Urges {
		u := in.Domain(userID)
		if err := tx.AddUrge(ctx, disclosed, &u); err != nil {
			return err
		}
		report.Urges++
	}
	for _, m := range d.Milestones {
		if _, err := tx.exec(ctx, `INSERT INTO milestone_celebrations (user_id, milestone_id, reached_on, celebrated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, milestone_id, reached_on) DO NOTHING`,
			userID, m.MilestoneID, m.ReachedOn.String(), tx.t(tx.orNow(m.CelebratedAt))); err != nil {
			return fmt.Errorf("restore milestone: %w", err)
		}
		report.Milestones++
	}
	for _, in := range d.Assessments {
		a := in.Domain(userID, d.Account.ID)
		if _, err := tx.AddAssessment(ctx, disclosed, &a); err != nil {
			return err
		}
		report.Assessments++
	}
	if w := d.WithdrawalTracker; w != nil {
		if err := tx.SaveWithdrawalTracker(ctx, disclosed, &onward.WithdrawalTracker{UserID: userID, Substance: w.Substance, LastUseAt: w.LastUseAt}); err != nil {
			return err
		}
		report.WithdrawalTracker = true
	}
	if p := d.NotifyPrefs; p != nil {
		if err := tx.SaveNotifyPrefs(ctx, userID, NotifyPrefs{Email: p.Email, Push: p.Push, Discreet: p.Discreet, Reminders: p.Reminders,
			AutoAlert: p.AutoAlert, QuietStart: p.QuietStart, QuietEnd: p.QuietEnd}); err != nil {
			return err
		}
		report.NotifyPrefs = true
	}
	if d.Medication != nil {
		if err := tx.restoreMedication(ctx, disclosed, userID, d.Medication, report); err != nil {
			return err
		}
	}
	if d.AlertPhone != "" {
		if err := tx.SaveAlertPhone(ctx, disclosed, userID, d.AlertPhone); err != nil {
			return err
		}
	}
	return tx.restoreAttendance(ctx, userID, d.MeetingAttendance, report)
}

func (tx *Tx) restoreAttendance(ctx context.Context, userID string, list []export.Attendance, report *RestoreReport) error {
	for _, a := range list {
		var meetingID string
		err := tx.queryRow(ctx, "SELECT id FROM meetings WHERE source = ? AND source_id = ?", a.MeetingSource, a.MeetingSourceID).Scan(&meetingID)
		if errors.Is(err, sql.ErrNoRows) {
			report.AttendanceSkipped++
			continue
		}
		if err != nil {
			return fmt.Errorf("find meeting: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO meeting_attendance (id, user_id, meeting_id, day, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, meeting_id, day) DO NOTHING`,
			newID(), userID, meetingID, a.Day.String(), tx.t(tx.orNow(a.CreatedAt))); err != nil {
			return fmt.Errorf("restore attendance: %w", err)
		}
		report.Attendance++
	}
	return nil
}

// recoveryTables are the tables of a member's own records, each keyed by user_id.
var recoveryTables = []string{"recovery_profiles", "checkins", "lapses", "plans", "urges", "milestone_celebrations", "meeting_attendance",
	"assessments", "withdrawal_trackers"}

func (tx *Tx) requireNoRecoveryData(ctx context.Context, userID string) error {
	for _, table := range recoveryTables {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", userID).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", table, err)
		}
		if n > 0 {
			return errAccountHasData
		}
	}
	return nil
}

// orNow keeps a time from the file, or uses the transaction's time when
// the file left it out.
func (tx *Tx) orNow(t time.Time) time.Time {
	if t.IsZero() {
		return tx.Now
	}
	return t
}
