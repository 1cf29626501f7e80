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
	if d, ok := parsePlainDate(s); ok {
		return d, nil
	}
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

func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 || !d.valid() {
		return d.midnightUTC().Format(dateLayout)
	}
	b := [10]byte{'0' + byte(d.Year/1000), '0' + byte(d.Year/100%10), '0' + byte(d.Year/10%10), '0' + byte(d.Year%10), '-',
		'0' + byte(d.Month/10), '0' + byte(d.Month%10), '-', '0' + byte(d.Day/10), '0' + byte(d.Day%10)}
	return string(b[:])
}

// Every read of a row with a day parses one and every write formats one:
// parsePlainDate and String do it without time.Parse and time.Format for
// a real day of years 0 to 9999, which is what is stored, and leave
// anything else to them (FuzzParseDate checks they agree).

// parsePlainDate reads a real day written as 2006-01-02.
func parsePlainDate(s string) (Date, bool) {
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(digits string) int {
		n := 0
		for i := 0; i < len(digits); i++ {
			if digits[i] < '0' || digits[i] > '9' {
				return -1
			}
			n = n*10 + int(digits[i]-'0')
		}
		return n
	}
	d := Date{Year: num(s[:4]), Month: time.Month(num(s[5:7])), Day: num(s[8:])}
	if d.Year < 0 || !d.valid() {
		return Date{}, false
	}
	return d, true
}

// valid reports whether d is a real day of the calendar.
func (d Date) valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[d.Month-1]
	if d.Month == time.February && d.Year%4 == 0 && (d.Year%100 != 0 || d.Year%400 == 0) {
		days = 29
	}
	return d.Day <= days
}

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
