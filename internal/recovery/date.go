package recovery

import (
	"fmt"
	"time"
)

// Date is a calendar day in the member's own time zone, with no time of day. Counting
// whole dates instead of 24-hour periods is what keeps day counts right across
// daylight-saving changes, when a local day lasts 23 or 25 hours.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// DateOf is the calendar day of t in loc; a nil loc means t's own location.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written as 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return DateOf(t, nil), nil
}

// midnightUTC anchors the date in UTC, which has no daylight saving, so the distance
// between two anchors is always a whole number of 24-hour days.
func (d Date) midnightUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func (d Date) String() string { return d.midnightUTC().Format(dateLayout) }

// AddDays is the date n calendar days later (earlier when n is negative).
func (d Date) AddDays(n int) Date { return DateOf(d.midnightUTC().AddDate(0, 0, n), nil) }

// AddMonths is the same day of the month n months later; when that month is shorter it is
// the month's last day (31 January + 1 month is 28 or 29 February). This is how people
// count "six months since", where time.AddDate would spill over into the next month.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	lastDay := first.AddDate(0, 1, -1).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, lastDay)}
}

// DaysUntil is the number of calendar days from d to o: 1 from one day to the next,
// negative when o is earlier.
func (d Date) DaysUntil(o Date) int {
	return int(o.midnightUTC().Sub(d.midnightUTC()) / (24 * time.Hour))
}

// Compare returns -1, 0 or +1 as d is before, the same day as, or after o.
func (d Date) Compare(o Date) int { return d.midnightUTC().Compare(o.midnightUTC()) }

func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }
func (d Date) Equal(o Date) bool  { return d.Compare(o) == 0 }

// MarshalText writes the date as 2006-01-02, so JSON and forms carry plain dates.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written as 2006-01-02.
func (d *Date) UnmarshalText(b []byte) error {
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
