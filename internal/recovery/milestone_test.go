package recovery

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/locale"
)

func TestMilestonesListAndKeytags(t *testing.T) {
	wantIDs := []string{"24h", "1w", "30d", "60d", "90d", "100d", "6mo", "9mo", "1y", "500d", "18mo", "2y", "1000d"}
	// Narcotics Anonymous keytag colours, clinical-facts §14.
	wantColour := map[string]string{
		"30d": "orange", "60d": "green", "90d": "red", "6mo": "blue", "9mo": "yellow",
		"1y": "glow-in-the-dark", "18mo": "grey", "2y": "black",
	}
	var ids []string
	for _, m := range Milestones() {
		ids = append(ids, m.ID)
		if m.KeytagColour != wantColour[m.ID] {
			t.Errorf("%s keytag = %q, want %q", m.ID, m.KeytagColour, wantColour[m.ID])
		}
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("Milestones() = %v, want %v", ids, wantIDs)
	}
	if a := Anniversary(7); a.ID != "7y" || a.Count != 84 || a.Unit != Months || a.KeytagColour != "black" || locale.Default().For("es").Msg(a.Name) != "7 años" {
		t.Errorf("Anniversary(7) = %+v", a)
	}
}

// The walk over milestones stops at the first one not reached, which is only right if
// every start date reaches them in list order.
func TestMilestonesAreReachedInOrderFromAnyStart(t *testing.T) {
	seq := milestoneSequence(Milestones())
	for _, start := range []string{"2024-01-31", "2023-08-31", "2024-02-29", "2023-03-01", "2024-12-31"} {
		for _, conv := range []Convention{CountDayAfter, CountDayOfLastUse} {
			s := streak{lastUse: day(t, start)}
			prev, _ := s.reach(seq.at(0), conv, time.UTC)
			for n := 1; n < len(seq)+8; n++ {
				on, _ := s.reach(seq.at(n), conv, time.UTC)
				if !on.After(prev) {
					t.Errorf("from %s (%s): %s on %s is not after %s on %s", start, conv, seq.at(n).ID, on, seq.at(n-1).ID, prev)
				}
				prev = on
			}
		}
	}
}

func TestMilestoneReachDays(t *testing.T) {
	tests := []struct {
		name, start string
		conv        Convention
		id, want    string
	}{
		{"24HoursWithoutTimeIsTheDayAfter", "2024-01-01", CountDayAfter, "24h", "2024-01-02"},
		{"24HoursIgnoresConvention", "2024-01-01", CountDayOfLastUse, "24h", "2024-01-02"},
		{"OneWeek", "2024-01-01", CountDayAfter, "1w", "2024-01-08"},
		{"ThirtyDays", "2024-01-01", CountDayAfter, "30d", "2024-01-31"},
		{"ThirtyDaysCountingDayOfUse", "2024-01-01", CountDayOfLastUse, "30d", "2024-01-30"},
		{"SixMonthsFromJan31", "2024-01-31", CountDayAfter, "6mo", "2024-07-31"},
		{"NineMonthsFromJan31", "2024-01-31", CountDayAfter, "9mo", "2024-10-31"},
		{"OneYearFromJan31", "2024-01-31", CountDayAfter, "1y", "2025-01-31"},
		{"EighteenMonthsFromJan31", "2024-01-31", CountDayAfter, "18mo", "2025-07-31"},
		{"SixMonthsFromJan31CountingDayOfUse", "2024-01-31", CountDayOfLastUse, "6mo", "2024-07-30"},
		{"SixMonthsFromAug31IsLastOfFebruary", "2023-08-31", CountDayAfter, "6mo", "2024-02-29"},
		{"SixMonthsFromMar31IsSep30", "2024-03-31", CountDayAfter, "6mo", "2024-09-30"},
		{"OneYearFromLeapDay", "2024-02-29", CountDayAfter, "1y", "2025-02-28"},
		{"OneYearOverLeapDayIs366Days", "2023-03-01", CountDayAfter, "1y", "2024-03-01"},
		{"ThousandDays", "2024-01-01", CountDayAfter, "1000d", "2026-09-27"},
		{"ThreeYearsAfterThousandDays", "2024-01-01", CountDayAfter, "3y", "2027-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := day(t, tt.want)

			onTheDay := Summarize(Input{Start: day(t, tt.start), Today: want, Convention: tt.conv})
			last := onTheDay.Reached[len(onTheDay.Reached)-1]
			if last.ID != tt.id || !last.On.Equal(want) {
				t.Errorf("on %s the latest milestone is %s on %s, want %s", want, last.ID, last.On, tt.id)
			}

			dayBefore := Summarize(Input{Start: day(t, tt.start), Today: want.AddDays(-1), Convention: tt.conv})
			if n := dayBefore.Next; n == nil || n.ID != tt.id || !n.On.Equal(want) || n.DaysToGo != 1 {
				t.Errorf("the day before, Next = %+v, want %s on %s in 1 day", n, tt.id, want)
			}
		})
	}
}

func TestMilestonesReachedBeforeALapseAreKept(t *testing.T) {
	got := Summarize(Input{Start: day(t, "2024-01-01"), Lapses: days(t, "2024-04-15"), Today: day(t, "2024-06-01")})
	type event struct {
		id, on  string
		current bool
	}
	want := []event{
		{"24h", "2024-01-02", false}, {"1w", "2024-01-08", false}, {"30d", "2024-01-31", false},
		{"60d", "2024-03-01", false}, {"90d", "2024-03-31", false}, {"100d", "2024-04-10", false},
		{"24h", "2024-04-16", true}, {"1w", "2024-04-22", true}, {"30d", "2024-05-15", true},
	}
	var have []event
	for _, r := range got.Reached {
		have = append(have, event{r.ID, r.On.String(), r.CurrentStreak})
	}
	if !slices.Equal(have, want) {
		t.Errorf("Reached =\n%v\nwant\n%v", have, want)
	}
	if n := got.Next; n == nil || n.ID != "60d" || n.On.String() != "2024-06-14" || n.DaysToGo != 13 {
		t.Errorf("Next = %+v, want 60d on 2024-06-14 in 13 days", n)
	}
}

func TestAnniversariesContinueEveryYear(t *testing.T) {
	got := Summarize(Input{Start: day(t, "2000-01-01"), Today: day(t, "2024-06-01")})
	if last := got.Reached[len(got.Reached)-1]; last.ID != "24y" || last.On.String() != "2024-01-01" {
		t.Errorf("latest milestone = %s on %s, want 24y on 2024-01-01", last.ID, last.On)
	}
	if got.Next == nil || got.Next.ID != "25y" || got.Next.On.String() != "2025-01-01" {
		t.Errorf("Next = %+v, want 25y on 2025-01-01", got.Next)
	}
}

func TestStartTodayNextIs24Hours(t *testing.T) {
	got := Summarize(Input{Start: day(t, "2024-05-01"), Today: day(t, "2024-05-01")})
	if len(got.Reached) != 0 || got.Next == nil || got.Next.ID != "24h" || got.Next.DaysToGo != 1 {
		t.Errorf("Reached = %v, Next = %+v; want nothing reached and 24h in 1 day", got.Reached, got.Next)
	}
}

func TestTwentyFourHoursFromTheTimeOfLastUse(t *testing.T) {
	ny := zone(t, "America/New_York")
	tests := []struct {
		name         string
		lastUse, now time.Time
		reached      bool
		wantOn       string
		wantDaysToGo int
	}{
		{"LaterToday", time.Date(2024, 6, 1, 20, 0, 0, 0, ny), time.Date(2024, 6, 2, 9, 0, 0, 0, ny), false, "2024-06-02", 0},
		{"ExactlyAtTheHour", time.Date(2024, 6, 1, 20, 0, 0, 0, ny), time.Date(2024, 6, 2, 20, 0, 0, 0, ny), true, "2024-06-02", 0},
		// The spring-forward day has 23 hours, so 24 hours after 23:30 is 00:30 two days on.
		{"SpringForwardPushesItToTheNextDay", time.Date(2024, 3, 9, 23, 30, 0, 0, ny), time.Date(2024, 3, 10, 23, 45, 0, 0, ny), false, "2024-03-11", 1},
		{"SpringForwardReached", time.Date(2024, 3, 9, 23, 30, 0, 0, ny), time.Date(2024, 3, 11, 0, 45, 0, 0, ny), true, "2024-03-11", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lastUse := tt.lastUse
			got := Summarize(Input{Start: DateOf(lastUse, ny), StartTime: &lastUse, Today: DateOf(tt.now, ny), Now: tt.now})
			if tt.reached {
				if len(got.Reached) != 1 || got.Reached[0].ID != "24h" || got.Reached[0].On.String() != tt.wantOn {
					t.Errorf("Reached = %+v, want 24h on %s", got.Reached, tt.wantOn)
				}
				return
			}
			n := got.Next
			if len(got.Reached) != 0 || n == nil || n.ID != "24h" || n.On.String() != tt.wantOn || n.DaysToGo != tt.wantDaysToGo {
				t.Fatalf("Reached = %v, Next = %+v; want 24h ahead on %s in %d days", got.Reached, n, tt.wantOn, tt.wantDaysToGo)
			}
			if n.At == nil || !n.At.Equal(lastUse.Add(24*time.Hour)) {
				t.Errorf("Next.At = %v, want %v", n.At, lastUse.Add(24*time.Hour))
			}
		})
	}
}

func TestMilestoneUnitIsNamedInJSON(t *testing.T) {
	b, err := json.Marshal(Milestones()[0:3])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Unit":"hours"`, `"Unit":"days"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	if Months.String() != "months" {
		t.Errorf("Months.String() = %q", Months.String())
	}
}
