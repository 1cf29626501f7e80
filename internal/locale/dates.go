package locale

import (
	"strconv"
	"time"
)

// Dates are written from patterns in the catalog (date.*), so each
// language orders day, month and year its own way.

// Day writes a calendar day in full: "Saturday 21 November 2026".
func (l *Localizer) Day(year int, month time.Month, day int) string {
	t := time.Date(year, month, day, 12, 0, 0, 0, time.UTC)
	return l.T("date.day", "Weekday", l.Weekday(t.Weekday()), "Day", strconv.Itoa(day),
		"Month", l.MonthName(month), "Year", strconv.Itoa(year))
}

// ShortDay writes a day briefly: "21 Nov".
func (l *Localizer) ShortDay(month time.Month, day int) string {
	return l.T("date.short_day", "Day", strconv.Itoa(day), "Month", l.T("date.month_short_"+strconv.Itoa(int(month))))
}

// MonthYear names a month of a year: "November 2026".
func (l *Localizer) MonthYear(year int, month time.Month) string {
	return l.T("date.month_year", "Month", l.MonthName(month), "Year", strconv.Itoa(year))
}

// DateTime writes a moment in the time zone of t: "21 November 2026, 14:05".
func (l *Localizer) DateTime(t time.Time) string {
	return l.T("date.date_time", "Day", strconv.Itoa(t.Day()), "Month", l.MonthName(t.Month()),
		"Year", strconv.Itoa(t.Year()), "Time", t.Format("15:04"))
}

// MonthName is a month's name: "November".
func (l *Localizer) MonthName(m time.Month) string { return l.T("date.month_" + strconv.Itoa(int(m))) }

// Weekday is a day's name: "Saturday".
func (l *Localizer) Weekday(d time.Weekday) string {
	return l.T("date.weekday_" + strconv.Itoa(int(d)))
}

// WeekdaysFromMonday lists the day names from Monday, for calendars.
func (l *Localizer) WeekdaysFromMonday() []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = l.Weekday(time.Weekday((i + 1) % 7))
	}
	return out
}
