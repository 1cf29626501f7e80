package recovery

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateOfIsTheMembersLocalDay(t *testing.T) {
	ny, madrid := zone(t, "America/New_York"), zone(t, "Europe/Madrid")
	tests := []struct {
		name string
		at   time.Time
		loc  *time.Location
		want string
	}{
		{"NewYorkEveningIsStillTheSameDay", time.Date(2024, 3, 10, 3, 30, 0, 0, time.UTC), ny, "2024-03-09"},
		{"NewYorkSpringForwardMorning", time.Date(2024, 3, 10, 7, 30, 0, 0, time.UTC), ny, "2024-03-10"},
		{"NewYorkFallBackRepeatedHour", time.Date(2024, 11, 3, 6, 30, 0, 0, time.UTC), ny, "2024-11-03"},
		{"MadridAfterMidnightIsTheNextDay", time.Date(2024, 3, 30, 23, 30, 0, 0, time.UTC), madrid, "2024-03-31"},
		{"MadridFallBackNight", time.Date(2024, 10, 27, 23, 30, 0, 0, time.UTC), madrid, "2024-10-28"},
		{"NilLocationKeepsTheTimesOwnZone", time.Date(2024, 3, 10, 23, 30, 0, 0, ny), nil, "2024-03-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateOf(tt.at, tt.loc).String(); got != tt.want {
				t.Errorf("DateOf(%s, %v) = %s, want %s", tt.at, tt.loc, got, tt.want)
			}
		})
	}
}

func TestDaysUntilCountsCalendarDays(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"SameDay", "2024-05-01", "2024-05-01", 0},
		{"NewYorkSpringForward", "2024-03-09", "2024-03-11", 2},
		{"NewYorkFallBack", "2024-11-02", "2024-11-04", 2},
		{"MadridSpringForward", "2024-03-30", "2024-04-01", 2},
		{"MadridFallBack", "2024-10-26", "2024-10-28", 2},
		{"LeapYearFebruary", "2024-02-28", "2024-03-01", 2},
		{"CommonYearFebruary", "2023-02-28", "2023-03-01", 1},
		{"LeapYear", "2024-01-01", "2025-01-01", 366},
		{"Backwards", "2024-01-10", "2024-01-01", -9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := day(t, tt.from).DaysUntil(day(t, tt.to)); got != tt.want {
				t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestAddDaysAndAddMonths(t *testing.T) {
	tests := []struct {
		name string
		from string
		add  func(Date) Date
		want string
	}{
		{"DaysIntoNextYear", "2024-12-30", func(d Date) Date { return d.AddDays(3) }, "2025-01-02"},
		{"DaysBackwards", "2024-03-01", func(d Date) Date { return d.AddDays(-1) }, "2024-02-29"},
		{"MonthKeepsDay", "2024-01-15", func(d Date) Date { return d.AddMonths(6) }, "2024-07-15"},
		{"Jan31PlusOneMonthIsLastOfFebruaryInLeapYear", "2024-01-31", func(d Date) Date { return d.AddMonths(1) }, "2024-02-29"},
		{"Jan31PlusOneMonthIsLastOfFebruary", "2023-01-31", func(d Date) Date { return d.AddMonths(1) }, "2023-02-28"},
		{"Aug31PlusSixMonths", "2023-08-31", func(d Date) Date { return d.AddMonths(6) }, "2024-02-29"},
		{"Mar31PlusSixMonths", "2024-03-31", func(d Date) Date { return d.AddMonths(6) }, "2024-09-30"},
		{"Feb29PlusOneYear", "2024-02-29", func(d Date) Date { return d.AddMonths(12) }, "2025-02-28"},
		{"MonthsIntoNextYear", "2024-10-31", func(d Date) Date { return d.AddMonths(18) }, "2026-04-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.add(day(t, tt.from)).String(); got != tt.want {
				t.Errorf("from %s got %s, want %s", tt.from, got, tt.want)
			}
		})
	}
}

func TestParseDateRejectsWhatIsNotADay(t *testing.T) {
	for _, s := range []string{"", "2024-02-30", "2024-2-3", "03/01/2024", "2024-01-01T00:00:00Z"} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", s, d)
		}
	}
}

func TestDateComparisons(t *testing.T) {
	a, b := day(t, "2024-01-01"), day(t, "2024-01-02")
	if !a.Before(b) || a.After(b) || a.Equal(b) || !b.After(a) || !a.Equal(day(t, "2024-01-01")) {
		t.Errorf("comparisons of %s and %s are wrong", a, b)
	}
}

func TestDateIsAPlainStringInJSON(t *testing.T) {
	type wrapper struct{ On Date }
	b, err := json.Marshal(wrapper{On: day(t, "2024-03-09")})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"On":"2024-03-09"}` {
		t.Errorf("JSON = %s, want the date as 2024-03-09", b)
	}
	var back wrapper
	if err := json.Unmarshal(b, &back); err != nil || !back.On.Equal(day(t, "2024-03-09")) {
		t.Errorf("round trip gave %s, %v", back.On, err)
	}
	if err := json.Unmarshal([]byte(`{"On":"2024-13-01"}`), &back); err == nil {
		t.Error("a month 13 was accepted")
	}
}

// ParseDate and String take a short way for real days; they must agree
// with time.Parse and time.Format on every input.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-03", "2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "9999-12-31",
		"2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01", "+026-01-01", "2026-01-0a", "20260101", "", "2026-01-01 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		want, wantErr := time.Parse(dateLayout, s)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("ParseDate(%q) error %v, time.Parse error %v", s, err, wantErr)
		}
		if err != nil {
			return
		}
		if got != DateOf(want, nil) {
			t.Fatalf("ParseDate(%q) = %+v, time.Parse gives %v", s, got, want)
		}
		if got.String() != want.Format(dateLayout) {
			t.Fatalf("String of %q = %q, time.Format gives %q", s, got.String(), want.Format(dateLayout))
		}
	})
}

func TestDateStringOfEveryDay(t *testing.T) {
	for d := (Date{Year: 1999, Month: time.January, Day: 1}); d.Year < 2002; d = d.AddDays(1) {
		if got, want := d.String(), d.midnightUTC().Format(dateLayout); got != want {
			t.Fatalf("String() = %q, want %q", got, want)
		}
	}
	for _, d := range []Date{{2026, time.February, 30}, {2026, time.December, 32}, {2026, 13, 1}, {-1, 1, 1}, {10000, 1, 1}} {
		if got, want := d.String(), d.midnightUTC().Format(dateLayout); got != want {
			t.Errorf("String() of %+v = %q, want %q", d, got, want)
		}
	}
}
