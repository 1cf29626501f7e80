package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A treatment program's medication records of a member (migration 00015):
// dose orders in versions, take-home decisions and supplies, and the
// program's medication settings. Writes take a write disclosure of the
// member's medication category (a care record under the member's
// consent), reads a Reader allowed to read it.

var (
	errOrderChanged    = onward.NewError(onward.ECONFLICT, "meds.order_changed_meanwhile")
	errOrderNotFound   = onward.NewError(onward.ENOTFOUND, "meds.order_not_found")
	errDispenseMissing = onward.NewError(onward.ENOTFOUND, "meds.supply_not_found")
)

const orderColumns = `o.id, o.series_id, o.version, o.program_id, o.enrolment_id, o.member_id, o.kind, o.form, o.dose_mg, o.times,
	o.start_on, o.end_on, o.start_type, o.low_dose, o.last_opioid_use, o.override_reason, o.note, o.ordered_by,
	COALESCE(u.display_name, ''), o.ordered_at, en.status, en.ended_at, mu.time_zone`

// The enrolment and the member come along: a discharge ends the orders
// of the enrolment on its day (dischargeEnds).
const orderFrom = ` FROM dose_orders o LEFT JOIN users u ON u.id = o.ordered_by JOIN enrolments en ON en.id = o.enrolment_id
	JOIN users mu ON mu.id = o.member_id`

func scanOrder(row rowScanner) (*medication.Order, error) {
	var o medication.Order
	var times, start, lowDose, status, zone string
	var end, lastUse sql.NullString
	var at, ended dbTime
	if err := row.Scan(&o.ID, &o.SeriesID, &o.Version, &o.ProgramID, &o.EnrolmentID, &o.MemberID, &o.Kind, &o.Form, &o.DoseMg, &times,
		&start, &end, &o.Start, &lowDose, &lastUse, &o.Override, &o.Note, &o.OrderedBy, &o.OrderedByName, &at, &status, &ended, &zone); err != nil {
		return nil, err
	}
	var err error
	if o.StartOn, err = recovery.ParseDate(start); err != nil {
		return nil, err
	}
	if o.EndOn, err = nullDate(end); err != nil {
		return nil, err
	}
	if onward.EnrolmentStatus(status) == onward.EnrolmentDischarged && ended.Ptr() != nil {
		dischargeEnds(&o, *ended.Ptr(), zone)
	}
	if o.LastOpioidUse, err = nullDate(lastUse); err != nil {
		return nil, err
	}
	if o.LowDose, err = splitFloats(lowDose); err != nil {
		return nil, err
	}
	o.Times, o.OrderedAt = splitList(times), at.Time
	return &o, nil
}

// dischargeEnds ends an order version at the day (in the member's time
// zone) its enrolment was discharged, unless it ended earlier: no order
// outlives the care it was written in. The stored row is not changed.
func dischargeEnds(o *medication.Order, dischargedAt time.Time, zone string) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	day := recovery.DateOf(dischargedAt, loc)
	if o.EndOn == nil || o.EndOn.After(day) {
		o.EndOn, o.Discharged = &day, true
	}
}

// AddDoseOrder writes a new order version: o.SeriesID empty starts a
// series (version 1), else o.Version is the next version of it. Two
// changes made at once from the same version: the second is refused
// (ECONFLICT) and nothing is written.
func (tx *Tx) AddDoseOrder(ctx context.Context, d Disclosure, o *medication.Order) error {
	if err := d.covers(o.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	o.ID, o.OrderedAt = newID(), tx.Now
	if o.SeriesID == "" {
		o.SeriesID, o.Version = o.ID, 1
	}
	res, err := tx.exec(ctx, `INSERT INTO dose_orders (id, series_id, version, program_id, enrolment_id, member_id, kind, form, dose_mg,
		times, start_on, end_on, start_type, low_dose, last_opioid_use, override_reason, note, ordered_by, ordered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		o.ID, o.SeriesID, o.Version, o.ProgramID, o.EnrolmentID, o.MemberID, string(o.Kind), string(o.Form), o.DoseMg,
		strings.Join(o.Times, ","), o.StartOn.String(), dateValue(o.EndOn), string(o.Start), joinFloats(o.LowDose),
		dateValue(o.LastOpioidUse), o.Override, o.Note, o.OrderedBy, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("add dose order: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errOrderChanged
	}
	return nil
}

// OrderSeries reads, inside a write, every version of one of the member's
// order series at programID, oldest first.
func (tx *Tx) OrderSeries(ctx context.Context, d Disclosure, programID, seriesID string) ([]medication.Order, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return nil, err
	}
	if !isStoredID(seriesID) {
		return nil, errOrderNotFound
	}
	list, err := scanAll(scanOrder)(tx.query(ctx, "SELECT "+orderColumns+orderFrom+` WHERE o.series_id = ? AND o.member_id = ? AND o.program_id = ?
		ORDER BY o.version`, seriesID, d.subject, programID))
	if err != nil {
		return nil, fmt.Errorf("load order series: %w", err)
	}
	if len(list) == 0 {
		return nil, errOrderNotFound
	}
	return list, nil
}

// MedicationFacts reads, inside a write, what the member's medication
// flags and the checks of a write are decided from: every plan and order
// version, the doses of the last days, the newest take-home decision of
// each series and the supplies of the last days.
func (tx *Tx) MedicationFacts(ctx context.Context, d Disclosure, days int) (*MedicationRecord, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return nil, err
	}
	return tx.store.medicationRecord(ctx, tx.query, d.subject, "", tx.Now.AddDate(0, 0, -days-1))
}

// MedicationRecord is everything about a member's medication a page or a
// rule needs, since a moment.
type MedicationRecord struct {
	Plans     []medication.Plan
	Orders    []medication.Order    // every version, by series and version
	Doses     []medication.Dose     // since the moment
	Decisions []medication.Decision // every decision, newest first
	Supplies  []medication.Dispense // dispensed since the moment, newest first
}

// LatestDecisions returns the newest decision of each series.
func (m *MedicationRecord) LatestDecisions() []medication.Decision {
	var out []medication.Decision
	seen := map[string]bool{}
	for _, d := range m.Decisions {
		if !seen[d.SeriesID] {
			seen[d.SeriesID] = true
			out = append(out, d)
		}
	}
	return out
}

// MedicationRecord reads the member's medication since since (doses and
// supplies; plans, orders and decisions in full). programID limits orders,
// decisions and supplies to one program ("" for all).
func (r *Reader) MedicationRecord(ctx context.Context, programID string, since time.Time) (*MedicationRecord, error) {
	if err := r.need(onward.CategoryMedication); err != nil {
		return nil, err
	}
	return r.s.medicationRecord(ctx, r.s.query, r.d.subject, programID, since)
}

func (s *Store) medicationRecord(ctx context.Context, query queryFunc, memberID, programID string, since time.Time) (*MedicationRecord, error) {
	m := &MedicationRecord{}
	var err error
	if m.Plans, err = scanAll(scanPlan)(query(ctx, "SELECT "+planColumns+` FROM medication_plans WHERE member_id = ?
		ORDER BY stopped_on IS NOT NULL, start_on, created_at`, memberID)); err != nil {
		return nil, fmt.Errorf("load medication plans: %w", err)
	}
	where, args := " WHERE o.member_id = ?", []any{memberID}
	if programID != "" {
		where += " AND o.program_id = ?"
		args = append(args, programID)
	}
	if m.Orders, err = scanAll(scanOrder)(query(ctx, "SELECT "+orderColumns+orderFrom+where+" ORDER BY o.series_id, o.version", args...)); err != nil {
		return nil, fmt.Errorf("load dose orders: %w", err)
	}
	from := recovery.DateOf(since, time.UTC).AddDays(-1)
	if m.Doses, err = s.doses(ctx, query, memberID, from, recovery.Date{Year: 9999, Month: 12, Day: 31}); err != nil {
		return nil, fmt.Errorf("load doses: %w", err)
	}
	where, args = " WHERE t.member_id = ?", []any{memberID}
	if programID != "" {
		where += " AND t.program_id = ?"
		args = append(args, programID)
	}
	if m.Decisions, err = scanAll(scanDecision)(query(ctx, "SELECT "+decisionColumns+decisionFrom+where+" ORDER BY t.decided_at DESC, t.id DESC", args...)); err != nil {
		return nil, fmt.Errorf("load take-home decisions: %w", err)
	}
	args = append(args, from.String())
	if m.Supplies, err = scanAll(scanDispense)(query(ctx, "SELECT "+dispenseColumns+dispenseFrom+where+" AND t.day >= ? ORDER BY t.day DESC, t.created_at DESC",
		args...)); err != nil {
		return nil, fmt.Errorf("load take-home supplies: %w", err)
	}
	return m, nil
}

const decisionColumns = `t.id, t.program_id, t.member_id, t.series_id, t.days, t.change_kind, t.reason, t.criteria, t.benefit, t.note,
	t.review_on, t.days_in_treatment, t.ceiling, t.decided_by, COALESCE(u.display_name, ''), t.decided_at`

const decisionFrom = ` FROM take_home_decisions t LEFT JOIN users u ON u.id = t.decided_by`

func scanDecision(row rowScanner) (*medication.Decision, error) {
	var d medication.Decision
	var criteria, review string
	var at dbTime
	if err := row.Scan(&d.ID, &d.ProgramID, &d.MemberID, &d.SeriesID, &d.Days, &d.Change, &d.Reason, &criteria, &d.Benefit, &d.Note,
		&review, &d.DaysInTreatment, &d.Ceiling, &d.DecidedBy, &d.DecidedByName, &at); err != nil {
		return nil, err
	}
	var err error
	if d.ReviewOn, err = recovery.ParseDate(review); err != nil {
		return nil, err
	}
	d.Criteria = map[medication.Criterion]bool{}
	for _, p := range splitList(criteria) {
		k, v, _ := strings.Cut(p, "=")
		d.Criteria[medication.Criterion(k)] = v == "1"
	}
	d.DecidedAt = at.Time
	return &d, nil
}

// AddTakeHomeDecision records a take-home decision.
func (tx *Tx) AddTakeHomeDecision(ctx context.Context, d Disclosure, dec *medication.Decision) error {
	if err := d.covers(dec.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	var criteria []string
	for _, k := range medication.Criteria {
		if met, ok := dec.Criteria[k]; ok {
			criteria = append(criteria, fmt.Sprintf("%s=%d", k, boolInt(met)))
		}
	}
	dec.ID, dec.DecidedAt = newID(), tx.Now
	_, err := tx.exec(ctx, `INSERT INTO take_home_decisions (id, program_id, member_id, series_id, days, change_kind, reason, criteria,
		benefit, note, review_on, days_in_treatment, ceiling, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		dec.ID, dec.ProgramID, dec.MemberID, dec.SeriesID, dec.Days, string(dec.Change), dec.Reason, strings.Join(criteria, ","),
		dec.Benefit, dec.Note, dec.ReviewOn.String(), dec.DaysInTreatment, dec.Ceiling, dec.DecidedBy, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("add take-home decision: %w", err)
	}
	return nil
}

const dispenseColumns = `t.id, t.program_id, t.member_id, t.series_id, t.order_id, t.kind, t.day, t.days, t.closure_days, t.bottles,
	t.dose_mg, t.dispensed_by, COALESCE(u.display_name, ''), t.client_id, t.created_at, t.returned_bottles, t.return_checked_at,
	t.return_checked_by, t.return_note`

const dispenseFrom = ` FROM take_home_dispenses t LEFT JOIN users u ON u.id = t.dispensed_by`

func scanDispense(row rowScanner) (*medication.Dispense, error) {
	var d medication.Dispense
	var day string
	var returned sql.NullInt64
	var created, checked dbTime
	if err := row.Scan(&d.ID, &d.ProgramID, &d.MemberID, &d.SeriesID, &d.OrderID, &d.Kind, &day, &d.Days, &d.ClosureDays, &d.Bottles,
		&d.DoseMg, &d.DispensedBy, &d.DispensedByName, &d.ClientID, &created, &returned, &checked, &d.ReturnCheckedBy, &d.ReturnNote); err != nil {
		return nil, err
	}
	var err error
	if d.Day, err = recovery.ParseDate(day); err != nil {
		return nil, err
	}
	if returned.Valid {
		n := int(returned.Int64)
		d.ReturnedBottles = &n
	}
	d.CreatedAt, d.ReturnCheckedAt = created.Time, checked.Ptr()
	return &d, nil
}

// AddDispense records a take-home supply, once per client id: a replay
// gives back the supply already recorded (created false).
func (tx *Tx) AddDispense(ctx context.Context, d Disclosure, disp *medication.Dispense) (created bool, err error) {
	if err := d.covers(disp.MemberID, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return false, err
	}
	id := newID()
	res, err := tx.exec(ctx, `INSERT INTO take_home_dispenses (id, program_id, member_id, series_id, order_id, kind, day, days, closure_days,
		bottles, dose_mg, dispensed_by, client_id, created_at, returned_bottles, return_checked_at, return_checked_by, return_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '', '') ON CONFLICT DO NOTHING`,
		id, disp.ProgramID, disp.MemberID, disp.SeriesID, disp.OrderID, string(disp.Kind), disp.Day.String(), disp.Days, disp.ClosureDays,
		disp.Bottles, disp.DoseMg, disp.DispensedBy, disp.ClientID, tx.t(tx.Now))
	if err != nil {
		return false, fmt.Errorf("add take-home supply: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		existing, err := scanDispense(tx.queryRow(ctx, "SELECT "+dispenseColumns+dispenseFrom+" WHERE t.member_id = ? AND t.client_id = ?",
			disp.MemberID, disp.ClientID))
		if err != nil {
			return false, fmt.Errorf("find replayed supply: %w", err)
		}
		*disp = *existing
		return false, nil
	}
	disp.ID, disp.CreatedAt = id, tx.Now
	return true, nil
}

// Dispense reads, inside a write, one of the member's supplies at programID.
func (tx *Tx) Dispense(ctx context.Context, d Disclosure, programID, id string) (*medication.Dispense, error) {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return nil, err
	}
	if !isStoredID(id) {
		return nil, errDispenseMissing
	}
	disp, err := scanDispense(tx.queryRow(ctx, "SELECT "+dispenseColumns+dispenseFrom+" WHERE t.id = ? AND t.member_id = ? AND t.program_id = ?",
		id, d.subject, programID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errDispenseMissing
	}
	return disp, err
}

// CheckReturn records the bottles brought back from a supply, once.
func (tx *Tx) CheckReturn(ctx context.Context, d Disclosure, id string, returned int, note, staffID string) error {
	if err := d.covers(d.subject, onward.ActionWrite, onward.CategoryMedication); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE take_home_dispenses SET returned_bottles = ?, return_checked_at = ?, return_checked_by = ?, return_note = ?
		WHERE id = ? AND member_id = ? AND return_checked_at IS NULL`, returned, tx.t(tx.Now), staffID, note, id, d.subject)
	if err != nil {
		return fmt.Errorf("check returned bottles: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ECONFLICT, "meds.return_already_checked")
	}
	return nil
}

// MedicationSettings returns a program's medication settings, the
// defaults until it sets its own.
func (s *Store) MedicationSettings(ctx context.Context, programID string) (medication.Settings, error) {
	return medicationSettings(ctx, s.queryRow, programID)
}

func medicationSettings(ctx context.Context, queryRow func(context.Context, string, ...any) rowScanner, programID string) (medication.Settings, error) {
	set := medication.DefaultSettings
	var policy string
	err := queryRow(ctx, "SELECT missed_doses, take_home_policy FROM medication_program_settings WHERE program_id = ?", programID).
		Scan(&set.MissedDoses, &policy)
	if errors.Is(err, sql.ErrNoRows) {
		return medication.DefaultSettings, nil
	}
	if err != nil {
		return set, fmt.Errorf("load medication settings: %w", err)
	}
	if set.TakeHomePolicy, err = medication.ParsePolicy(policy); err != nil {
		return set, err
	}
	return set, nil
}

// SaveMedicationSettings stores a program's medication settings.
func (tx *Tx) SaveMedicationSettings(ctx context.Context, programID string, set medication.Settings) error {
	_, err := tx.exec(ctx, `INSERT INTO medication_program_settings (program_id, missed_doses, take_home_policy, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (program_id) DO UPDATE SET missed_doses = excluded.missed_doses, take_home_policy = excluded.take_home_policy,
		updated_at = excluded.updated_at`, programID, set.MissedDoses, set.TakeHomePolicy.String(), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save medication settings: %w", err)
	}
	return nil
}

// DosingCandidate is an enrolled member of a program whose consent in
// force may cover medication: who a dosing list asks the policy about.
type DosingCandidate struct {
	EnrolmentID string
	MemberID    string
	Name        string
	TimeZone    string
	StartedAt   time.Time
	ConsentID   string
	Categories  []onward.Category
}

// DosingCandidates lists programID's active enrolments whose consent is
// in force now and covers medication, whose name contains query (any
// case; "" for all), by name. It reads no health data.
func (s *Store) DosingCandidates(ctx context.Context, programID, query string) ([]DosingCandidate, error) {
	rows, err := s.query(ctx, `SELECT e.id, e.member_id, u.display_name, u.time_zone, e.started_at, c.id, c.categories, c.expires_at, c.revoked_at
		FROM enrolments e JOIN users u ON u.id = e.member_id JOIN program_consents c ON c.id = e.consent_id
		WHERE e.program_id = ? AND e.status = ? ORDER BY u.display_name, e.id`, programID, string(onward.EnrolmentActive))
	if err != nil {
		return nil, fmt.Errorf("load dosing list: %w", err)
	}
	defer rows.Close()
	now := s.now()
	query = strings.ToLower(strings.TrimSpace(query))
	var out []DosingCandidate
	for rows.Next() {
		var c DosingCandidate
		var started, expires, revoked dbTime
		var cats string
		if err := rows.Scan(&c.EnrolmentID, &c.MemberID, &c.Name, &c.TimeZone, &started, &c.ConsentID, &cats, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("scan dosing list: %w", err)
		}
		c.StartedAt, c.Categories = started.Time, splitCategories(cats)
		inForce := revoked.Ptr() == nil && (expires.Ptr() == nil || now.Before(expires.Time))
		if !inForce || !slices.Contains(c.Categories, onward.CategoryMedication) ||
			(query != "" && !strings.Contains(strings.ToLower(c.Name), query)) {
			continue
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DosingDay is one member's medication at a program around a day.
type DosingDay struct {
	MemberID string
	Orders   []medication.Order
	Doses    []medication.Dose
	Supplies []medication.Dispense
}

// DosingDays reads, for each disclosure (a read of a member's medication
// recorded by the caller), the member's orders at programID, their doses
// of from and after, and the supplies that may cover those days.
func (s *Store) DosingDays(ctx context.Context, programID string, from recovery.Date, ds []Disclosure) ([]DosingDay, error) {
	if len(ds) == 0 {
		return nil, nil
	}
	index := map[string]int{}
	out := make([]DosingDay, len(ds))
	ids := make([]any, 0, len(ds))
	for i, d := range ds {
		if err := d.covers(d.subject, onward.ActionRead, onward.CategoryMedication); err != nil {
			return nil, err
		}
		index[d.subject] = i
		out[i].MemberID = d.subject
		ids = append(ids, d.subject)
	}
	// One query per table for every member: chunked, as databases bound
	// how many parameters one statement may hold.
	for chunk := range slices.Chunk(ids, 500) {
		in := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		args := append([]any{programID}, chunk...)
		orders, err := scanAll(scanOrder)(s.query(ctx, "SELECT "+orderColumns+orderFrom+" WHERE o.program_id = ? AND o.member_id IN ("+in+
			") ORDER BY o.series_id, o.version", args...))
		if err != nil {
			return nil, fmt.Errorf("load dosing orders: %w", err)
		}
		for _, o := range orders {
			out[index[o.MemberID]].Orders = append(out[index[o.MemberID]].Orders, o)
		}
		doses, err := scanAll(scanDose)(s.query(ctx, "SELECT "+doseColumns+" FROM medication_doses WHERE day >= ? AND member_id IN ("+in+") ORDER BY day, slot",
			append([]any{from.String()}, chunk...)...))
		if err != nil {
			return nil, fmt.Errorf("load dosing doses: %w", err)
		}
		for _, d := range doses {
			out[index[d.MemberID]].Doses = append(out[index[d.MemberID]].Doses, d)
		}
		supplies, err := scanAll(scanDispense)(s.query(ctx, "SELECT "+dispenseColumns+dispenseFrom+" WHERE t.program_id = ? AND t.member_id IN ("+in+
			") AND t.day >= ? ORDER BY t.day DESC", append(args, from.AddDays(-medication.MaxSupplyWithClosures).String())...))
		if err != nil {
			return nil, fmt.Errorf("load dosing supplies: %w", err)
		}
		for _, d := range supplies {
			out[index[d.MemberID]].Supplies = append(out[index[d.MemberID]].Supplies, d)
		}
	}
	return out, nil
}

// SetTreatmentStart records the day a member already in a program's care
// began treatment before the program used Onward (the take-home ceiling
// counts days in treatment from it). It changes only active enrolments.
func (tx *Tx) SetTreatmentStart(ctx context.Context, programID, enrolmentID string, startedAt time.Time) error {
	res, err := tx.exec(ctx, "UPDATE enrolments SET started_at = ? WHERE id = ? AND program_id = ? AND status = ?",
		tx.t(startedAt), enrolmentID, programID, string(onward.EnrolmentActive))
	if err != nil {
		return fmt.Errorf("set treatment start: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errEnrolmentNotFound
	}
	return nil
}
