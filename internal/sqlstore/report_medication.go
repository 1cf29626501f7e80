package sqlstore

import (
	"context"
	"slices"

	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/report"
)

// reportMedication fills in the program's dose orders, the doses it
// recorded as given and its take-home supplies for the enrolments out, in
// three reads for the program. Doses and supplies go to every enrolment
// of their member; the report keeps those from admission to discharge.
func (s *Store) reportMedication(ctx context.Context, programID string, w ReportWindow, out []ReportMember,
	byEnrolment map[string]int, byMember map[string][]int,
	each func(what, q string, scan func(rows rowScanner) error, args ...any) error) error {
	// An extended-release injection covers its interval; the form is the
	// order series' (a dose names its series as its schedule).
	interval := map[string]int{}
	err := each("dose orders", `SELECT o.enrolment_id, o.series_id, o.kind, o.form FROM dose_orders o WHERE o.program_id = ?
		ORDER BY o.series_id, o.version`, func(rows rowScanner) error {
		var enrolmentID, seriesID, kind, form string
		if err := rows.Scan(&enrolmentID, &seriesID, &kind, &form); err != nil {
			return err
		}
		if spec, ok := medication.SpecOf(medication.Kind(kind), medication.Form(form)); ok {
			interval[seriesID] = spec.IntervalDays
		}
		if i, ok := byEnrolment[enrolmentID]; ok && !slices.Contains(out[i].Ordered, kind) {
			out[i].Ordered = append(out[i].Ordered, kind)
		}
		return nil
	}, programID)
	if err != nil {
		return err
	}
	err = each("doses", `SELECT d.member_id, d.schedule_id, d.kind, d.day FROM medication_doses d
		WHERE d.program_id = ? AND d.status IN (?, ?) AND d.day >= ? ORDER BY d.day`, func(rows rowScanner) error {
		var memberID, scheduleID, kind, day string
		if err := rows.Scan(&memberID, &scheduleID, &kind, &day); err != nil {
			return err
		}
		d, err := recovery.ParseDate(day)
		if err != nil {
			return err
		}
		for _, i := range byMember[memberID] {
			out[i].Doses = append(out[i].Doses, report.Dose{Day: d, Kind: kind, Days: max(interval[scheduleID], 1)})
		}
		return nil
	}, programID, string(medication.Taken), string(medication.Late), w.FromDay)
	if err != nil {
		return err
	}
	return each("take-home supplies", `SELECT t.member_id, t.kind, t.day, t.days FROM take_home_dispenses t
		WHERE t.program_id = ? AND t.day >= ? ORDER BY t.day`, func(rows rowScanner) error {
		var memberID, kind, day string
		var days int
		if err := rows.Scan(&memberID, &kind, &day, &days); err != nil {
			return err
		}
		d, err := recovery.ParseDate(day)
		if err != nil {
			return err
		}
		for _, i := range byMember[memberID] {
			out[i].Supplies = append(out[i].Supplies, report.Supply{Day: d, Kind: kind, Days: days})
		}
		return nil
	}, programID, w.FromDay)
}
