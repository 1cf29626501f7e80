package drugtest

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/draw"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A random testing schedule: a number of tests a week or a month, on days
// drawn at random for each period when it begins, so nobody (the member,
// the staff) knows the days ahead of time. Each period's draw has its own
// fresh seed, recorded with the days it gave.

// Periods a schedule counts in.
const (
	PerWeek  = "week"  // Monday to Sunday
	PerMonth = "month" // the calendar month
)

// Periods lists them.
var Periods = []string{PerWeek, PerMonth}

// Frequency is how many tests a member has per period. The zero
// Frequency is no schedule.
type Frequency struct {
	Count        int
	Per          string
	WeekdaysOnly bool // only Monday to Friday, when the program is open
}

// Validate checks a schedule a program sets.
func (f Frequency) Validate() error {
	errs := onward.FieldErrors{}
	if !slices.Contains(Periods, f.Per) {
		errs.Add("per", "testing.choose_week_or_month")
	}
	most := 7
	if f.Per == PerMonth {
		most = 28
	}
	if f.WeekdaysOnly {
		most = most * 5 / 7
	}
	if f.Count < 1 || f.Count > most {
		errs.Add("count", "testing.tests_per_period_between", "Most", most)
	}
	return errs.Err()
}

// Period is the days of one week or month, both ends included.
type Period struct {
	Start, End recovery.Date
}

// PeriodOf returns the week (from Monday) or month that holds day.
func PeriodOf(day recovery.Date, per string) Period {
	if per == PerMonth {
		start := recovery.Date{Year: day.Year, Month: day.Month, Day: 1}
		return Period{Start: start, End: start.AddMonths(1).AddDays(-1)}
	}
	offset := (int(weekday(day)) + 6) % 7 // days since Monday
	start := day.AddDays(-offset)
	return Period{Start: start, End: start.AddDays(6)}
}

func weekday(d recovery.Date) time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// EligibleDays lists the days of p from from on (from is the day a
// schedule set in the middle of a period starts), weekdays only if asked.
func EligibleDays(p Period, from recovery.Date, weekdaysOnly bool) []recovery.Date {
	var out []recovery.Date
	for d := p.Start; !d.After(p.End); d = d.AddDays(1) {
		if d.Before(from) {
			continue
		}
		if wd := weekday(d); weekdaysOnly && (wd == time.Saturday || wd == time.Sunday) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// DrawDays picks the test days of a period from its eligible days with
// the seed (draw.Choose over the eligible days in calendar order), in
// calendar order. When fewer days are left than tests, every day left is
// a test day.
func DrawDays(seed []byte, eligible []recovery.Date, count int) []recovery.Date {
	var out []recovery.Date
	for _, i := range draw.Choose(seed, len(eligible), count) {
		out = append(out, eligible[i])
	}
	slices.SortFunc(out, recovery.Date.Compare)
	return out
}
