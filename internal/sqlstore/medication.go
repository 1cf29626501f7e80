package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's medication (migration 00015): their own plans and dose log,
// and whether a missed dose is told to the people who see their
// medication. Writes take a write disclosure of the member's medication
// category; reads a Reader allowed to read it.

var (
	errPlanNotFound   = onward.NewError(onward.ENOTFOUND, "meds.plan_not_found")
	errPlanChanged    = onward.NewError(onward.ECONFLICT, "meds.plan_changed_meanwhile")
	errDoseRecorded   = onward.NewError(onward.ECONFLICT, "meds.dose_already_recorded")
	errDoseNotYours   = onward.NewError(onward.ECONFLICT, "meds.dose_recorded_by_the_clinic")
	errClientIDReused = onward.NewError(onward.ECONFLICT, "meds.client_id_reused")
)

const planColumns = `id, member_id, kind, form, dose_mg, times, next_due, kit_expires, prescriber, start_on, stopped_on, remind,
	version, created_at, updated_at`

func scanPlan(row rowScanner) (*medication.Plan, error) {
	var p medication.Plan
	var times, start string
	var due, expires, stopped sql.NullString
	var created, updated dbTime
	if err := row.Scan(&p.ID, &p.MemberID, &p.Kind, &p.Form, &p.DoseMg, &times, &due, &expires, &p.Prescriber, &start, &stopped,
		&p.Remind, &p.Version, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if p.StartOn, err = recovery.ParseDate(start); err != nil {
		return nil, err
	}
	if p.NextDue, err = nullDate(due); err != nil {
		return nil, err
	}
	if p.KitExpires, err = nullDate(expires); err != nil {
		return nil, err
	}
	if p.StoppedOn, err = nullDate(stopped); err != nil {
		return nil, err
	}
	p.Times = splitList(times)
	p.CreatedAt, p.UpdatedAt = created.Time, updated.Time
	return &p, nil
}

// SaveMedicationPlan creates the member's plan (p.ID empty) or changes it.
// A new plan with the client id of one already made is a replay: p becomes
// that plan and created is false. A change must be of baseVersion.
func (tx *Tx) SaveMedicationPlan(ctx context.Context, d Disclosure, p *medication.Plan, clientID string, baseVersion int) (created bool, err error) {
	if err := d.covers(p.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return false, err
	}
	if p.ID == "" {
		id := newID()
		res, err := tx.exec(ctx, `INSERT INTO medication_plans (`+planColumns+`, client_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING`,
			id, p.MemberID, string(p.Kind), string(p.Form), p.DoseMg, strings.Join(p.Times, ","), dateValue(p.NextDue),
			dateValue(p.KitExpires), p.Prescriber, p.StartOn.String(), dateValue(p.StoppedOn), p.Remind, tx.t(tx.Now), tx.t(tx.Now), clientID)
		if err != nil {
			return false, fmt.Errorf("add medication plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			existing, err := scanPlan(tx.queryRow(ctx, "SELECT "+planColumns+" FROM medication_plans WHERE member_id = ? AND client_id = ?",
				p.MemberID, clientID))
			if err != nil {
				return false, fmt.Errorf("find replayed plan: %w", err)
			}
			*p = *existing
			return false, nil
		}
		p.ID, p.Version, p.CreatedAt, p.UpdatedAt = id, 1, tx.Now, tx.Now
		return true, nil
	}
	res, err := tx.exec(ctx, `UPDATE medication_plans SET form = ?, dose_mg = ?, times = ?, next_due = ?, kit_expires = ?, prescriber = ?,
		start_on = ?, stopped_on = ?, remind = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND member_id = ? AND kind = ? AND version = ?`,
		string(p.Form), p.DoseMg, strings.Join(p.Times, ","), dateValue(p.NextDue), dateValue(p.KitExpires), p.Prescriber,
		p.StartOn.String(), dateValue(p.StoppedOn), p.Remind, tx.t(tx.Now), p.ID, p.MemberID, string(p.Kind), baseVersion)
	if err != nil {
		return false, fmt.Errorf("change medication plan: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.MedicationPlan(ctx, d, p.ID); err != nil {
			return false, err
		}
		return false, errPlanChanged
	}
	p.Version, p.UpdatedAt = baseVersion+1, tx.Now
	return false, nil
}

// MedicationPlan reads one of the member's plans inside a write.
func (tx *Tx) MedicationPlan(ctx context.Context, d Disclosure, id string) (*medication.Plan, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return nil, err
	}
	if !isStoredID(id) {
		return nil, errPlanNotFound
	}
	p, err := scanPlan(tx.queryRow(ctx, "SELECT "+planColumns+" FROM medication_plans WHERE id = ? AND member_id = ?", id, d.subject))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errPlanNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load medication plan: %w", err)
	}
	return p, nil
}

// AdvanceInjection moves an injection plan's next due day on, once the
// injection due before it is recorded.
func (tx *Tx) AdvanceInjection(ctx context.Context, d Disclosure, planID string, next recovery.Date) error {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE medication_plans SET next_due = ?, version = version + 1, updated_at = ? WHERE id = ? AND member_id = ?`,
		next.String(), tx.t(tx.Now), planID, d.subject)
	if err != nil {
		return fmt.Errorf("advance injection: %w", err)
	}
	return nil
}

// MedicationPlans lists the member's plans, current ones first, then by start.
func (r *Reader) MedicationPlans(ctx context.Context) ([]medication.Plan, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	return scanAll(scanPlan)(r.s.query(ctx, "SELECT "+planColumns+` FROM medication_plans WHERE member_id = ?
		ORDER BY stopped_on IS NOT NULL, start_on, created_at`, r.d.subject))
}

const doseColumns = `id, member_id, schedule_id, order_id, program_id, kind, day, slot, status, setting, dose_mg, taken_at, recorded_by,
	by_staff, client_id, version, created_at, updated_at`

func scanDose(row rowScanner) (*medication.Dose, error) {
	var d medication.Dose
	var day string
	var taken, created, updated dbTime
	if err := row.Scan(&d.ID, &d.MemberID, &d.ScheduleID, &d.OrderID, &d.ProgramID, &d.Kind, &day, &d.Slot, &d.Status, &d.Setting,
		&d.DoseMg, &taken, &d.RecordedBy, &d.ByStaff, &d.ClientID, &d.Version, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if d.Day, err = recovery.ParseDate(day); err != nil {
		return nil, err
	}
	d.TakenAt, d.CreatedAt, d.UpdatedAt = taken.Ptr(), created.Time, updated.Time
	return &d, nil
}

// DoseOutcome is what recording a dose did.
type DoseOutcome int

const (
	DoseCreated   DoseOutcome = iota // a new record
	DoseReplayed                     // the same client id again: nothing changed
	DoseCorrected                    // the member changed their own home log
)

// RecordDose records what became of one scheduled dose, once: the same
// client id again (a double tap, an offline replay) changes nothing and
// gives back the record; a second record of the same scheduled dose is
// refused (ECONFLICT), except that a member may correct their own log of
// a dose taken at home.
func (tx *Tx) RecordDose(ctx context.Context, d Disclosure, dose *medication.Dose) (DoseOutcome, error) {
	if err := d.covers(dose.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return 0, err
	}
	id := newID()
	res, err := tx.exec(ctx, `INSERT INTO medication_doses (`+doseColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
		ON CONFLICT DO NOTHING`, id, dose.MemberID, dose.ScheduleID, dose.OrderID, dose.ProgramID, string(dose.Kind), dose.Day.String(),
		dose.Slot, string(dose.Status), string(dose.Setting), dose.DoseMg, tx.dialect.nullTimeValue(dose.TakenAt), dose.RecordedBy,
		dose.ByStaff, dose.ClientID, tx.t(tx.Now), tx.t(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("record dose: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		dose.ID, dose.Version, dose.CreatedAt, dose.UpdatedAt = id, 1, tx.Now, tx.Now
		return DoseCreated, nil
	}
	if dose.ClientID != "" {
		replayed, err := scanDose(tx.queryRow(ctx, "SELECT "+doseColumns+" FROM medication_doses WHERE member_id = ? AND client_id = ?",
			dose.MemberID, dose.ClientID))
		switch {
		case err == nil && medication.DoseKey(*replayed) == medication.DoseKey(*dose):
			*dose = *replayed
			return DoseReplayed, nil
		case err == nil:
			return 0, errClientIDReused
		case !errors.Is(err, sql.ErrNoRows):
			return 0, fmt.Errorf("find replayed dose: %w", err)
		}
	}
	existing, err := scanDose(tx.queryRow(ctx, "SELECT "+doseColumns+" FROM medication_doses WHERE schedule_id = ? AND day = ? AND slot = ?",
		dose.ScheduleID, dose.Day.String(), dose.Slot))
	if err != nil {
		return 0, fmt.Errorf("find recorded dose: %w", err)
	}
	switch {
	case existing.MemberID != dose.MemberID || dose.ByStaff:
		return 0, errDoseRecorded
	case existing.ByStaff:
		return 0, errDoseNotYours
	}
	_, err = tx.exec(ctx, `UPDATE medication_doses SET status = ?, setting = ?, dose_mg = ?, taken_at = ?, client_id = ?,
		version = version + 1, updated_at = ? WHERE id = ?`, string(dose.Status), string(dose.Setting), dose.DoseMg,
		tx.dialect.nullTimeValue(dose.TakenAt), dose.ClientID, tx.t(tx.Now), existing.ID)
	if err != nil {
		return 0, fmt.Errorf("correct dose: %w", err)
	}
	dose.ID, dose.Version, dose.CreatedAt, dose.UpdatedAt = existing.ID, existing.Version+1, existing.CreatedAt, tx.Now
	return DoseCorrected, nil
}

// Doses lists the member's recorded doses from from to to (inclusive),
// oldest first.
func (r *Reader) Doses(ctx context.Context, from, to recovery.Date) ([]medication.Dose, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	return r.s.doses(ctx, r.s.query, r.d.subject, from, to)
}

// doses reads a member's doses through query (the read pool or a write).
func (s *Store) doses(ctx context.Context, query queryFunc, memberID string, from, to recovery.Date) ([]medication.Dose, error) {
	return scanAll(scanDose)(query(ctx, "SELECT "+doseColumns+` FROM medication_doses WHERE member_id = ? AND day >= ? AND day <= ?
		ORDER BY day, slot, created_at`, memberID, from.String(), to.String()))
}

// MedicationPrefs returns whether the member asked for a missed dose to be
// told to the people who see their medication (off until they choose).
func (r *Reader) MedicationPrefs(ctx context.Context) (alertMissed bool, err error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return false, err
	}
	err = r.s.queryRow(ctx, "SELECT alert_missed FROM medication_prefs WHERE member_id = ?", r.d.subject).Scan(&alertMissed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return alertMissed, err
}

// SaveMedicationPrefs stores the member's choice.
func (tx *Tx) SaveMedicationPrefs(ctx context.Context, d Disclosure, alertMissed bool) error {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO medication_prefs (member_id, alert_missed, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (member_id) DO UPDATE SET alert_missed = excluded.alert_missed, updated_at = excluded.updated_at`,
		d.subject, alertMissed, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save medication preferences: %w", err)
	}
	return nil
}

// AlertMissedDose tells, when the member chose it, the people who may see
// their medication now that a dose was missed: supporters whose consent
// covers medication and the care team of each program whose consent does.
// Each gets it in their inbox, by email and by push, without the
// medicine's name. It returns how many people it reached.
func (tx *Tx) AlertMissedDose(ctx context.Context, d Disclosure, doseID string) (int, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return 0, err
	}
	var alert bool
	err := tx.queryRow(ctx, "SELECT alert_missed FROM medication_prefs WHERE member_id = ?", d.subject).Scan(&alert)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !alert) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read medication preferences: %w", err)
	}
	recipients, err := tx.medicationRecipients(ctx, d.subject)
	if err != nil {
		return 0, err
	}
	for _, to := range recipients {
		if err := tx.notify(ctx, to, KindMissedDose, d.subject, doseID, tx.Now); err != nil {
			return 0, err
		}
	}
	return len(recipients), nil
}

// medicationRecipients are the people memberID lets see their medication
// now: grantees of direct grants in force covering it, and the care teams
// of the member's active enrolments whose consent in force covers it.
func (tx *Tx) medicationRecipients(ctx context.Context, memberID string) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT grantee_id, categories, starts_at, expires_at, revoked_at FROM grants WHERE subject_id = ?
		UNION ALL
		SELECT t.staff_id, c.categories, c.signed_at, c.expires_at, c.revoked_at FROM enrolments e
		JOIN program_consents c ON c.id = e.consent_id JOIN care_team t ON t.enrolment_id = e.id
		JOIN program_staff s ON s.program_id = e.program_id AND s.user_id = t.staff_id
		WHERE e.member_id = ? AND e.status = ?`, memberID, memberID, string(onward.EnrolmentActive))
	if err != nil {
		return nil, fmt.Errorf("find who sees medication: %w", err)
	}
	return scanGrantees(rows, memberID, tx.Now, onward.CategoryMedication)
}

// Encoding of the medication tables' columns.

func dateValue(d *recovery.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

func nullDate(s sql.NullString) (*recovery.Date, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	d, err := recovery.ParseDate(s.String)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func joinFloats(fs []float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

func splitFloats(s string) ([]float64, error) {
	var out []float64
	for _, p := range splitList(s) {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", s, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// scanAll scans every row of a query with scan.
func scanAll[T any](scan func(rowScanner) (*T, error)) func(rows *sql.Rows, err error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, *v)
		}
		return out, rows.Err()
	}
}
