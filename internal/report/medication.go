package report

import (
	"slices"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Dose is a dose the program recorded as given to a member (taken or
// late, at the window or at home) on a day of the member's, covering Days
// days from it: 1, or an extended-release injection's interval.
type Dose struct {
	Day  recovery.Date
	Kind string
	Days int
}

// Supply is a take-home supply the program handed over on Day: doses for
// the Days days after it.
type Supply struct {
	Day  recovery.Date
	Kind string
	Days int
}

// OUDMedicines are the medicines for opioid use disorder that count in
// medication continuity (NQF 3175 counts the same three).
var OUDMedicines = []string{"methadone", "buprenorphine", "naltrexone"}

// FirstDoseBuckets are the rows of FirstDose: days from admission to the
// first dose given.
var FirstDoseBuckets = []string{"same_day", "1_to_2", "3_to_7", "over_7", "none_yet"}

// FirstDose sorts the members admitted in the period for whom the program
// ordered a dose by the days from admission to the first dose it recorded
// as given, with the median days of those given one (docs/reports.md).
func FirstDose(members []Member, p Period, o Options) *Section {
	keyOf := func(m Member) (string, int, bool) {
		if m.Admitted.Before(p.From) || m.Admitted.After(p.To) || len(m.Ordered) == 0 {
			return "", 0, false
		}
		first, ok := firstDose(m, nil)
		if !ok {
			return "none_yet", 0, true
		}
		days := m.Admitted.DaysUntil(first)
		switch {
		case days == 0:
			return "same_day", days, true
		case days <= 2:
			return "1_to_2", days, true
		case days <= 7:
			return "3_to_7", days, true
		}
		return "over_7", days, true
	}
	s := parts("first_dose", "report_first_dose", 1, FirstDoseBuckets, members, o, func(m Member) (string, bool) {
		key, _, ok := keyOf(m)
		return key, ok
	})
	s.Columns = append(s.Columns, Column{ID: "median_days", Kind: Mean})
	days := map[string][]int{}
	totals := map[string]int{}
	for _, m := range members {
		key, n, ok := keyOf(m)
		if !ok {
			continue
		}
		for _, st := range o.strataOf(m) {
			totals[st]++
			if key != "none_yet" {
				days[st] = append(days[st], n)
			}
		}
	}
	for i := range s.Rows {
		st := s.Rows[i].Stratum
		s.Rows[i].Values = append(s.Rows[i].Values, medianDays(days[st], totals[st]))
	}
	return s
}

// medianDays is the median of days, a figure about all total members of
// the stratum (the whole the rows are parts of, so it tells nothing the
// rows do not), hidden as theirs would be when fewer than MinCell members
// had a dose.
func medianDays(days []int, total int) Value {
	if len(days) == 0 {
		return over(0, 0)
	}
	if len(days) < MinCell {
		return over(0, len(days))
	}
	slices.Sort(days)
	mid := len(days) / 2
	median := float64(days[mid])
	if len(days)%2 == 0 {
		median = float64(days[mid-1]+days[mid]) / 2
	}
	return over(median, total)
}

// firstDose is the day of m's first dose given from admission, of one of
// kinds (nil: any medicine), to discharge.
func firstDose(m Member, kinds []string) (recovery.Date, bool) {
	var first recovery.Date
	found := false
	for _, d := range m.Doses {
		if !inCare(m, d.Day) || kinds != nil && !slices.Contains(kinds, d.Kind) {
			continue
		}
		if !found || d.Day.Before(first) {
			first, found = d.Day, true
		}
	}
	return first, found
}

// inCare reports whether day falls from m's admission to their discharge.
func inCare(m Member, day recovery.Date) bool {
	return !day.Before(m.Admitted) && (m.Discharged == nil || !day.After(*m.Discharged))
}

// ContinuityDays is how long from the first dose medication must last,
// and ContinuityGap the uncovered days in a row that break it.
const (
	ContinuityDays = 180
	ContinuityGap  = 7
)

// MedicationContinuity is, of the members admitted in the period at least
// ContinuityDays before the report's day for whom the program ordered a
// medicine for opioid use disorder, the share whose medication covered
// the ContinuityDays days from their first dose without ContinuityGap or
// more uncovered days in a row (docs/reports.md: an approximation of NQF
// 3175 from the program's own records). A member given no dose yet is not
// continuous; one whose first dose was too recent for the days to have
// passed is not counted yet.
func MedicationContinuity(members []Member, p Period, o Options) *Section {
	s := &Section{ID: "medication_continuity", Status: Ready, RowKind: "report_continuity", Chart: 1,
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "continuous", Kind: Percent}}}
	eligible, continuous := map[string]int{}, map[string]int{}
	for _, m := range members {
		if m.Admitted.Before(p.From) || m.Admitted.After(p.To) || m.Admitted.AddDays(ContinuityDays).After(p.AsOf) ||
			!slices.ContainsFunc(m.Ordered, func(k string) bool { return slices.Contains(OUDMedicines, k) }) {
			continue
		}
		first, dosed := firstDose(m, OUDMedicines)
		if dosed && first.AddDays(ContinuityDays).After(p.AsOf) {
			continue
		}
		kept := dosed && continuousFrom(m, first)
		for _, st := range o.strataOf(m) {
			eligible[st]++
			if kept {
				continuous[st]++
			}
		}
	}
	for _, st := range o.stratumKeys() {
		s.Rows = append(s.Rows, Row{Key: "day_180", Stratum: st, Values: []Value{count(eligible[st]), percent(continuous[st], eligible[st])}})
	}
	return s
}

// continuousFrom reports whether m's medicines for opioid use disorder
// covered the ContinuityDays days from first (first included) with fewer
// than ContinuityGap uncovered days in a row: a day is covered by a dose
// given on it (or within an injection's interval before it) or by a
// take-home supply.
func continuousFrom(m Member, first recovery.Date) bool {
	covered := make([]bool, ContinuityDays)
	mark := func(from recovery.Date, days int) {
		for i := first.DaysUntil(from); i < first.DaysUntil(from)+days && i < ContinuityDays; i++ {
			if i >= 0 {
				covered[i] = true
			}
		}
	}
	for _, d := range m.Doses {
		if inCare(m, d.Day) && slices.Contains(OUDMedicines, d.Kind) {
			mark(d.Day, max(d.Days, 1))
		}
	}
	for _, sp := range m.Supplies {
		if inCare(m, sp.Day) && slices.Contains(OUDMedicines, sp.Kind) {
			mark(sp.Day.AddDays(1), sp.Days)
		}
	}
	gap := 0
	for _, c := range covered {
		if c {
			gap = 0
			continue
		}
		if gap++; gap >= ContinuityGap {
			return false
		}
	}
	return true
}
