package report

import (
	"math"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

func day(s string) recovery.Date {
	d, err := recovery.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayPtr(s string) *recovery.Date { d := day(s); return &d }

func at(s string) time.Time {
	d := day(s)
	return time.Date(d.Year, d.Month, d.Day, 17, 0, 0, 0, time.UTC)
}

func TestSuppress(t *testing.T) {
	cols := []Column{{ID: "members", Kind: Count, Parts: true}, {ID: "share", Kind: Percent}, {ID: "mean", Kind: Mean}}
	row := func(key string, n, total int) Row {
		return Row{Key: key, Values: []Value{count(n), percent(n, total), over(3.5, n)}}
	}
	tests := []struct {
		name string
		rows []Row
		want [][]bool // suppressed, by row and column
	}{
		{"LargeCellsShow", []Row{row("a", 40, 80), row("b", 40, 80)}, [][]bool{{false, false, false}, {false, false, false}}},
		{"ZeroShows", []Row{row("a", 80, 80), row("b", 0, 80)}, [][]bool{{false, false, false}, {false, false, true}}},
		{"SmallCountHidesWithItsComplement", []Row{row("a", 5, 80), row("b", 30, 80), row("c", 45, 80)},
			[][]bool{{true, true, true}, {true, true, false}, {false, false, false}}},
		{"TwoSmallNeedNoMore", []Row{row("a", 5, 80), row("b", 6, 80), row("c", 69, 80)},
			[][]bool{{true, true, true}, {true, true, true}, {false, false, false}}},
		{"PercentWithSmallRest", []Row{row("a", 75, 80), row("b", 0, 80), row("c", 5, 80)},
			[][]bool{{true, true, false}, {false, false, true}, {true, true, true}}},
		{"TenIsSmallElevenIsNot", []Row{row("a", 10, 31), row("b", 11, 31), row("c", 10, 31)},
			[][]bool{{true, true, true}, {false, false, false}, {true, true, true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &Section{Columns: cols, Rows: tc.rows}
			Suppress(s)
			for r := range tc.want {
				for c := range tc.want[r] {
					if got := s.Rows[r].Values[c].Suppressed; got != tc.want[r][c] {
						t.Errorf("row %s column %s: suppressed %v, want %v", s.Rows[r].Key, cols[c].ID, got, tc.want[r][c])
					}
				}
			}
		})
	}
}

// TestNoHiddenCountCanBeWorkedOut checks, for every split of a total into
// three parts, that what is shown never gives a hidden count away: no
// small count is shown, and when the total can be read (from a percent
// shown), no count is the only one hidden.
func TestNoHiddenCountCanBeWorkedOut(t *testing.T) {
	for a := 0; a <= 30; a++ {
		for b := 0; b <= 30; b++ {
			for c := 0; c <= 30; c++ {
				total := a + b + c
				s := &Section{Columns: []Column{{ID: "members", Kind: Count, Parts: true}, {ID: "share", Kind: Percent}}}
				for _, n := range []int{a, b, c} {
					s.Rows = append(s.Rows, Row{Values: []Value{count(n), percent(n, total)}})
				}
				Suppress(s)
				hidden, totalShown := 0, false
				for _, r := range s.Rows {
					if r.Values[0].Suppressed {
						hidden++
					} else if n := r.Values[0].Number; n > 0 && n < MinCell {
						t.Fatalf("%d,%d,%d: a count of %v is shown", a, b, c, n)
					}
					totalShown = totalShown || !r.Values[1].Suppressed
				}
				if hidden == 1 && totalShown {
					t.Fatalf("%d,%d,%d: the one hidden count can be worked out from the total", a, b, c)
				}
			}
		}
	}
}

func member(admitted string, discharged string, reason string, sessions ...string) Member {
	m := Member{Admitted: day(admitted), Reason: reason, Location: time.UTC}
	if discharged != "" {
		m.Discharged = dayPtr(discharged)
	}
	for _, s := range sessions {
		m.Attendance = append(m.Attendance, continuum.Record{StartsAt: at(s), Minutes: 60, Attendance: continuum.Attended})
	}
	return m
}

func TestRetained(t *testing.T) {
	tests := []struct {
		name string
		m    Member
		n    int
		gap  int
		want bool
	}{
		{"StillEnrolledNoGapRule", member("2026-01-01", "", ""), 30, 0, true},
		{"LeftEarly", member("2026-01-01", "2026-01-20", "left_against_advice"), 30, 0, false},
		{"CompletedEarly", member("2026-01-01", "2026-01-20", "completed", "2026-01-10"), 30, 14, true},
		{"LeftAfter", member("2026-01-01", "2026-02-20", "left_against_advice"), 30, 0, true},
		{"WeeklySessions", member("2026-01-01", "", "", "2026-01-08", "2026-01-15", "2026-01-22", "2026-01-29"), 30, 14, true},
		{"LongGap", member("2026-01-01", "", "", "2026-01-08", "2026-01-29"), 30, 14, false},
		{"NoSessionAtAll", member("2026-01-01", "", ""), 30, 14, false},
		{"LateStartTooLate", member("2026-01-01", "", "", "2026-01-20", "2026-01-30"), 30, 14, false},
		{"GapAtTheEnd", member("2026-01-01", "", "", "2026-01-05", "2026-01-10"), 30, 14, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := retained(tc.m, tc.n, tc.gap); got != tc.want {
				t.Errorf("retained = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRetentionEligibility(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-06-30"), AsOf: day("2026-05-01")}
	var members []Member
	for range 12 {
		members = append(members, member("2026-01-10", "", ""))                // 30, 90 eligible
		members = append(members, member("2026-04-15", "", ""))                // none
		members = append(members, member("2025-12-01", "", ""))                // admitted before the period
		members = append(members, member("2026-03-01", "", ""))                // 30 eligible
		members = append(members, member("2026-02-01", "2026-02-10", "moved")) // 30, 90 eligible, not retained
	}
	s := Retention(members, p, 0, Options{})
	want := map[string][2]float64{"day_30": {36, 100 * 24.0 / 36}, "day_90": {12, 100}, "day_180": {0, 0}}
	for _, r := range s.Rows {
		if w := want[r.Key]; r.Values[0].Number != w[0] || math.Abs(r.Values[1].Number-w[1]) > 1e-9 {
			t.Errorf("%s: %v members, %v%%; want %v", r.Key, r.Values[0].Number, r.Values[1].Number, w)
		}
	}
}

func TestEngagementBuckets(t *testing.T) {
	p := Period{From: day("2026-03-02"), To: day("2026-03-29"), AsOf: day("2026-04-10")} // four weeks
	withCheckIns := func(n int) Member {
		m := member("2026-01-01", "", "")
		for i := range n {
			m.CheckIns = append(m.CheckIns, day("2026-03-02").AddDays(i))
		}
		return m
	}
	tests := []struct {
		checkIns int
		want     string
	}{{0, "none"}, {3, "under_1"}, {4, "1_to_3"}, {15, "1_to_3"}, {16, "4_to_6"}, {27, "4_to_6"}, {28, "daily"}}
	for _, tc := range tests {
		s := Engagement([]Member{withCheckIns(tc.checkIns)}, p, Options{})
		for _, r := range s.Rows {
			if (r.Values[0].Number == 1) != (r.Key == tc.want) {
				t.Errorf("%d check-ins: row %s counts %v", tc.checkIns, r.Key, r.Values[0].Number)
			}
		}
	}
	short := member("2026-03-27", "", "")
	if s := Engagement([]Member{short}, p, Options{}); s.Rows[0].Values[0].Number != 0 {
		t.Error("a member in treatment for three days of the period was counted")
	}
}

func TestAttendanceByLevel(t *testing.T) {
	p := Period{From: day("2026-03-02"), To: day("2026-03-15"), AsOf: day("2026-04-01")} // two weeks
	m := member("2026-01-01", "", "")
	m.Segments = []continuum.Segment{{Level: "residential_low", Start: day("2026-01-01"), End: dayPtr("2026-03-09")},
		{Level: "intensive_outpatient", Start: day("2026-03-09")}}
	for _, d := range []string{"2026-03-03", "2026-03-05"} { // residential week: 4 of 5 hours
		m.Attendance = append(m.Attendance, continuum.Record{StartsAt: at(d), Minutes: 120, Attendance: continuum.Attended})
	}
	for _, d := range []string{"2026-03-09", "2026-03-11", "2026-03-13"} { // IOP week: 9 of 9
		m.Attendance = append(m.Attendance, continuum.Record{StartsAt: at(d), Minutes: 180, Attendance: continuum.Late})
	}
	s := Attendance([]Member{m}, p, continuum.Hours{}, Options{})
	got := map[string][]float64{}
	for _, r := range s.Rows {
		got[r.Key] = []float64{r.Values[0].Number, r.Values[1].Number, r.Values[2].Number, r.Values[3].Number, r.Values[4].Number}
	}
	want := map[string][]float64{"residential_low": {1, 5, 4, 80, 0}, "intensive_outpatient": {1, 9, 9, 100, 100}, "all": {1, 14, 13, 100 * 13 / 14.0, 50}}
	for k, w := range want {
		g := got[k]
		for i := range w {
			if g == nil || math.Abs(g[i]-w[i]) > 1e-9 {
				t.Errorf("%s = %v, want %v", k, g, w)
				break
			}
		}
	}
	if len(got) != 3 {
		t.Errorf("rows %v", got)
	}
}

func TestDischargesAndStrata(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-12-31"), AsOf: day("2027-01-10")}
	var members []Member
	for i := range 44 {
		m := member("2026-01-01", "2026-06-01", "completed")
		if i%4 == 0 {
			m.Reason = "left_against_advice"
		}
		if i < 20 {
			m.AgeGroup = "26_34"
		}
		members = append(members, m)
	}
	members = append(members, member("2026-01-01", "", "")) // still in treatment
	s := Discharges(members, p, Options{ByAge: true})
	find := func(key, stratum string) Value {
		for _, r := range s.Rows {
			if r.Key == key && r.Stratum == stratum {
				return r.Values[0]
			}
		}
		t.Fatalf("no row %s/%s", key, stratum)
		return Value{}
	}
	if v := find("completed", ""); v.Number != 33 {
		t.Errorf("completed = %v", v.Number)
	}
	if v := find("left_against_advice", "26_34"); v.Number != 5 {
		t.Errorf("left, 26 to 34 = %v", v.Number)
	}
	if v := find("completed", NotRecordedAge); v.Number != 18 {
		t.Errorf("completed, age not recorded = %v", v.Number)
	}
	Suppress(s)
	if !find("left_against_advice", "26_34").Suppressed || !find("completed", "26_34").Suppressed {
		t.Error("the 26 to 34 stratum's 5 and its complement should be hidden")
	}
	if find("completed", "").Suppressed || find("left_against_advice", "").Suppressed {
		t.Error("33 completions and 11 who left are hidden")
	}
}

func TestScoreChange(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-12-31"), AsOf: day("2027-01-10")}
	m := member("2026-01-01", "", "")
	m.Scores = []Score{
		{Measure: "phq9", TakenAt: at("2025-12-20"), Value: 20},
		{Measure: "phq9", TakenAt: at("2026-01-05"), Value: 16, Baseline: true},
		{Measure: "phq9", TakenAt: at("2026-03-05"), Value: 12},
		{Measure: "phq9", TakenAt: at("2026-02-05"), Value: 14},
		{Measure: "bam_protective", TakenAt: at("2026-01-05"), Value: 10},
		{Measure: "bam_protective", TakenAt: at("2026-04-05"), Value: 14},
		{Measure: "gad7", TakenAt: at("2026-01-05"), Value: 9}, // no later score
	}
	s := ScoreChange([]Member{m}, p, Options{})
	rows := map[string][]Value{}
	for _, r := range s.Rows {
		rows[r.Key] = r.Values
	}
	if v := rows["phq9"]; v[0].Number != 1 || v[1].Number != 16 || v[2].Number != 12 || v[3].Number != -4 || v[4].Number != 100 {
		t.Errorf("phq9 %+v", v)
	}
	if v := rows["bam_protective"]; v[3].Number != 4 || v[4].Number != 100 {
		t.Errorf("bam_protective %+v", v)
	}
	if v := rows["gad7"]; v[0].Number != 0 {
		t.Errorf("gad7 %+v", v)
	}
}
