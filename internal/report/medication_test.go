package report

import (
	"fmt"
	"testing"
)

// dosed is a member admitted on admitted with a methadone order and a
// dose given on each of the days after admission listed.
func dosed(admitted string, days ...int) Member {
	m := member(admitted, "", "")
	m.Ordered = []string{"methadone"}
	for _, n := range days {
		m.Doses = append(m.Doses, Dose{Day: m.Admitted.AddDays(n), Kind: "methadone", Days: 1})
	}
	return m
}

func TestFirstDoseBuckets(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-06-30"), AsOf: day("2026-12-31")}
	beforeAdmission := dosed("2026-02-01", 3)
	beforeAdmission.Doses = append(beforeAdmission.Doses, Dose{Day: day("2026-01-31"), Kind: "methadone", Days: 1})
	afterDischarge := dosed("2026-02-01", 5)
	afterDischarge.Discharged = dayPtr("2026-02-03")
	tests := []struct {
		name string
		m    Member
		want string // "" when not counted
	}{
		{"SameDay", dosed("2026-02-01", 0, 1), "same_day"},
		{"OneDay", dosed("2026-02-01", 1), "1_to_2"},
		{"TwoDays", dosed("2026-02-01", 2), "1_to_2"},
		{"ThreeDays", dosed("2026-02-01", 3), "3_to_7"},
		{"SevenDays", dosed("2026-02-01", 7), "3_to_7"},
		{"EightDays", dosed("2026-02-01", 8), "over_7"},
		{"NoDoseYet", dosed("2026-02-01"), "none_yet"},
		{"DoseBeforeAdmissionIgnored", beforeAdmission, "3_to_7"},
		{"DoseAfterDischargeIgnored", afterDischarge, "none_yet"},
		{"NoOrder", member("2026-02-01", "", ""), ""},
		{"AdmittedBeforePeriod", dosed("2025-12-31", 0), ""},
		{"AdmittedOnLastDay", dosed("2026-06-30", 0), "same_day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := FirstDose([]Member{tt.m}, p, Options{})
			got := ""
			for _, r := range s.Rows {
				if r.Values[0].Number == 1 {
					got = r.Key
				}
			}
			if got != tt.want {
				t.Errorf("bucket %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFirstDoseMedian(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-06-30"), AsOf: day("2026-12-31")}
	var eleven, twelve []Member
	for i := 0; i < 11; i++ {
		eleven = append(eleven, dosed("2026-02-01", i)) // 0..10: median 5
		twelve = append(twelve, dosed("2026-02-01", i))
	}
	twelve = append(twelve, dosed("2026-02-01", 20), dosed("2026-02-01")) // 0..10, 20 and one none yet: median 5.5
	tests := []struct {
		name       string
		members    []Member
		median     float64
		overMember int
	}{
		{"Odd", eleven, 5, 11},
		{"EvenWithOneNotYetDosed", twelve, 5.5, 13},
		{"TenDosedHidden", eleven[:10], 0, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := FirstDose(tt.members, p, Options{})
			Suppress(s)
			v := s.Rows[0].Values[2]
			if v.Number != tt.median || v.Members != tt.overMember {
				t.Errorf("median %+v, want %g over %d members", v, tt.median, tt.overMember)
			}
			if hidden := tt.overMember < MinCell; v.Suppressed != hidden {
				t.Errorf("suppressed %v, want %v", v.Suppressed, hidden)
			}
		})
	}
}

func TestMedicationContinuity(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-06-30"), AsOf: day("2026-12-31")}
	daily := func(from, to int) []int {
		var out []int
		for n := from; n <= to; n++ {
			out = append(out, n)
		}
		return out
	}
	every := dosed("2026-01-10", daily(0, 179)...)
	sixDayGap := dosed("2026-01-10", append(daily(0, 99), daily(106, 179)...)...)
	sevenDayGap := dosed("2026-01-10", append(daily(0, 99), daily(107, 179)...)...)
	stopsEarly := dosed("2026-01-10", daily(0, 173)...)
	stopsAtTheGap := dosed("2026-01-10", daily(0, 172)...)
	takeHome := dosed("2026-01-10", 0, 7, 14)
	takeHome.Supplies = []Supply{{Day: takeHome.Admitted, Kind: "methadone", Days: 6}, {Day: takeHome.Admitted.AddDays(7), Kind: "methadone", Days: 6},
		{Day: takeHome.Admitted.AddDays(14), Kind: "methadone", Days: 165}}
	injection := dosed("2026-01-10")
	injection.Ordered = []string{"naltrexone"}
	for n := 0; n < 180; n += 28 {
		injection.Doses = append(injection.Doses, Dose{Day: injection.Admitted.AddDays(n), Kind: "naltrexone", Days: 28})
	}
	lateInjection := dosed("2026-01-10")
	lateInjection.Ordered = []string{"naltrexone"}
	lateInjection.Doses = []Dose{{Day: lateInjection.Admitted, Kind: "naltrexone", Days: 28}, {Day: lateInjection.Admitted.AddDays(35), Kind: "naltrexone", Days: 28}}
	startsLate := dosed("2026-01-10", daily(30, 209)...)
	discharged := dosed("2026-01-10", daily(0, 99)...)
	discharged.Discharged, discharged.Reason = dayPtr("2026-04-20"), "completed"
	notYet := dosed("2026-06-30", daily(0, 180)...) // 180 days after admission is 2026-12-27, first dose too: counted
	tooRecent := dosed("2026-06-30", daily(10, 190)...)
	naloxoneOnly := dosed("2026-01-10")
	naloxoneOnly.Ordered = []string{"naloxone"}
	tests := []struct {
		name string
		m    Member
		want string // "continuous", "broken" or "" (not counted)
	}{
		{"EveryDay", every, "continuous"},
		{"SixDayGap", sixDayGap, "continuous"},
		{"SevenDayGap", sevenDayGap, "broken"},
		{"LastSixDaysUncovered", stopsEarly, "continuous"},
		{"LastSevenDaysUncovered", stopsAtTheGap, "broken"},
		{"TakeHomeSupplies", takeHome, "continuous"},
		{"MonthlyInjections", injection, "continuous"},
		{"InjectionSevenDaysLate", lateInjection, "broken"},
		{"FirstDoseLateThenDaily", startsLate, "continuous"},
		{"NoDose", dosed("2026-01-10"), "broken"},
		{"DischargedAfter100Days", discharged, "broken"},
		{"AdmittedExactly180DaysAgo", notYet, "continuous"},
		{"FirstDoseTooRecent", tooRecent, ""},
		{"AdmittedBeforePeriod", dosed("2025-12-31", daily(0, 179)...), ""},
		{"NoOUDOrder", naloxoneOnly, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := p
			if tt.name == "AdmittedExactly180DaysAgo" || tt.name == "FirstDoseTooRecent" {
				pp.AsOf = day("2026-06-30").AddDays(ContinuityDays)
			}
			v := MedicationContinuity([]Member{tt.m}, pp, Options{}).Rows[0].Values
			got := ""
			switch {
			case v[0].Number == 1 && v[1].Part == 1:
				got = "continuous"
			case v[0].Number == 1:
				got = "broken"
			}
			if got != tt.want {
				t.Errorf("%s, want %s (%s)", got, tt.want, fmt.Sprint(v))
			}
		})
	}
}
