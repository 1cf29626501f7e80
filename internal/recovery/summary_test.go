package recovery

import (
	"testing"
	"time"
)

func TestSummarizeCountsDays(t *testing.T) {
	tests := []struct {
		name                    string
		start, today            string
		lapses                  []string
		conv                    Convention
		current, total, longest int
	}{
		{"StartTodayDayAfter", "2024-05-01", "2024-05-01", nil, CountDayAfter, 0, 0, 0},
		{"StartTodayDayOfLastUse", "2024-05-01", "2024-05-01", nil, CountDayOfLastUse, 1, 1, 1},
		{"FirstFullDay", "2024-05-01", "2024-05-02", nil, CountDayAfter, 1, 1, 1},
		{"ThirtyDaysDayAfter", "2024-01-01", "2024-01-31", nil, CountDayAfter, 30, 30, 30},
		{"ThirtyDaysDayOfLastUse", "2024-01-01", "2024-01-31", nil, CountDayOfLastUse, 31, 31, 31},
		{"LeapDayCounts", "2024-02-28", "2024-03-01", nil, CountDayAfter, 2, 2, 2},
		{"NoLeapDay", "2023-02-28", "2023-03-01", nil, CountDayAfter, 1, 1, 1},
		{"LapsesInAnyOrder", "2024-01-01", "2024-03-11", []string{"2024-03-01", "2024-02-01"}, CountDayAfter, 10, 68, 30},
		{"LapsesInAnyOrderDayOfLastUse", "2024-01-01", "2024-03-11", []string{"2024-03-01", "2024-02-01"}, CountDayOfLastUse, 11, 69, 31},
		{"LapseOnStartDayIsTheSameUse", "2024-01-01", "2024-01-11", []string{"2024-01-01"}, CountDayAfter, 10, 10, 10},
		{"LapsesOutsideRecoveryIgnored", "2024-01-01", "2024-01-11", []string{"2023-12-25", "2024-01-20"}, CountDayAfter, 10, 10, 10},
		{"DuplicateLapseCountsOnce", "2024-01-01", "2024-01-31", []string{"2024-01-21", "2024-01-21"}, CountDayAfter, 10, 29, 19},
		{"LapseToday", "2024-01-01", "2024-01-31", []string{"2024-01-31"}, CountDayAfter, 0, 29, 29},
		{"LapseTodayDayOfLastUse", "2024-01-01", "2024-01-31", []string{"2024-01-31"}, CountDayOfLastUse, 1, 30, 30},
		{"ConsecutiveLapseDays", "2024-01-01", "2024-01-20", []string{"2024-01-11", "2024-01-12"}, CountDayAfter, 8, 17, 9},
		{"LongestStreakKeptAfterLapse", "2023-01-01", "2024-01-11", []string{"2024-01-01"}, CountDayAfter, 10, 374, 364},
		{"TodayBeforeStartIsNothingYet", "2024-05-02", "2024-05-01", nil, CountDayOfLastUse, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(Input{Start: day(t, tt.start), Today: day(t, tt.today), Lapses: days(t, tt.lapses...), Convention: tt.conv})
			if got.CurrentStreakDays != tt.current || got.TotalDays != tt.total || got.LongestStreakDays != tt.longest {
				t.Errorf("current/total/longest = %d/%d/%d, want %d/%d/%d",
					got.CurrentStreakDays, got.TotalDays, got.LongestStreakDays, tt.current, tt.total, tt.longest)
			}
			if got.TotalDays < got.LongestStreakDays || got.LongestStreakDays < got.CurrentStreakDays {
				t.Errorf("total %d ≥ longest %d ≥ current %d does not hold", got.TotalDays, got.LongestStreakDays, got.CurrentStreakDays)
			}
		})
	}
}

// A day is a local calendar day: counting elapsed 24-hour periods would be off by one
// on the days the clocks change.
func TestCurrentStreakCountsLocalDaysAcrossDST(t *testing.T) {
	ny, madrid := zone(t, "America/New_York"), zone(t, "Europe/Madrid")
	tests := []struct {
		name         string
		lastUse, now time.Time
		want         int
	}{
		{"NewYorkSpringForward", time.Date(2024, 3, 9, 22, 0, 0, 0, ny), time.Date(2024, 3, 11, 0, 15, 0, 0, ny), 2},
		{"NewYorkFallBack", time.Date(2024, 11, 2, 0, 30, 0, 0, ny), time.Date(2024, 11, 3, 23, 45, 0, 0, ny), 1},
		{"MadridSpringForward", time.Date(2024, 3, 30, 23, 50, 0, 0, madrid), time.Date(2024, 4, 1, 0, 5, 0, 0, madrid), 2},
		{"MadridFallBack", time.Date(2024, 10, 26, 0, 10, 0, 0, madrid), time.Date(2024, 10, 27, 23, 50, 0, 0, madrid), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.now.Location()
			got := Summarize(Input{Start: DateOf(tt.lastUse, loc), Today: DateOf(tt.now, loc), Now: tt.now})
			if got.CurrentStreakDays != tt.want {
				t.Errorf("CurrentStreakDays = %d, want %d (elapsed %s)", got.CurrentStreakDays, tt.want, tt.now.Sub(tt.lastUse))
			}
		})
	}
}

func TestSummarizeSavings(t *testing.T) {
	tests := []struct {
		name              string
		spend, hours      float64
		lapses            []string
		wantMoney, wantHr float64
	}{
		{"OverTotalDays", 40.5, 3, nil, 405, 30},
		{"LapseDayNotCounted", 40, 2, []string{"2024-01-05"}, 360, 18},
		{"NotGiven", 0, 0, nil, 0, 0},
		{"NegativeTreatedAsNotGiven", -10, -1, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(Input{
				Start: day(t, "2024-01-01"), Today: day(t, "2024-01-11"), Lapses: days(t, tt.lapses...),
				DailySpend: tt.spend, DailyHours: tt.hours,
			})
			if got.MoneySaved != tt.wantMoney || got.HoursRegained != tt.wantHr {
				t.Errorf("money/hours = %v/%v, want %v/%v", got.MoneySaved, got.HoursRegained, tt.wantMoney, tt.wantHr)
			}
		})
	}
}

func TestSummarizeLastUseIsTheCurrentStreaksStart(t *testing.T) {
	got := Summarize(Input{Start: day(t, "2024-01-01"), Today: day(t, "2024-03-11"), Lapses: days(t, "2024-03-01", "2024-02-01")})
	if !got.LastUse.Equal(day(t, "2024-03-01")) {
		t.Errorf("LastUse = %s, want the latest lapse 2024-03-01", got.LastUse)
	}
}

func TestLapseAfterAbstinence(t *testing.T) {
	tests := []struct {
		name  string
		start string
		conv  Convention
		want  bool
	}{
		{"SecondUseOnTheFirstDay", "2024-05-10", CountDayAfter, false},
		{"SecondUseOnTheFirstDayCountedAsDayOne", "2024-05-10", CountDayOfLastUse, true},
		{"OneDayClean", "2024-05-09", CountDayAfter, true},
		{"MonthsClean", "2023-11-01", CountDayAfter, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := Summarize(Input{Start: day(t, tt.start), Today: day(t, "2024-05-10"), Convention: tt.conv})
			if got := LapseAfterAbstinence(before); got != tt.want {
				t.Errorf("LapseAfterAbstinence after %d days = %v, want %v", before.CurrentStreakDays, got, tt.want)
			}
		})
	}
}

func TestConventionNames(t *testing.T) {
	for _, c := range []Convention{CountDayAfter, CountDayOfLastUse} {
		back, err := ParseConvention(c.String())
		if err != nil || back != c {
			t.Errorf("ParseConvention(%q) = %v, %v; want %v", c.String(), back, err, c)
		}
	}
	if c, err := ParseConvention(""); err != nil || c != CountDayAfter {
		t.Errorf(`ParseConvention("") = %v, %v; want the default CountDayAfter`, c, err)
	}
	if _, err := ParseConvention("first_day"); err == nil {
		t.Error("an unknown convention was accepted")
	}
}
