package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// formatNumber shows a number without needless decimals: 60, 5.5.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// formatMoney shows an amount with two decimals and thousands separators,
// in the style of the locale (no currency symbol: the member's own
// currency is whatever they entered).
func formatMoney(locale string, f float64) string {
	whole, frac, _ := strings.Cut(fmt.Sprintf("%.2f", f), ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			if locale == "es" {
				b.WriteByte('.')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteRune(r)
	}
	if locale == "es" {
		return b.String() + "," + frac
	}
	return b.String() + "." + frac
}

var weekdays = map[string][7]string{
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"es": {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

// formatDay shows a calendar day: "Saturday 21 November 2026" /
// "sábado 21 de noviembre de 2026".
func formatDay(locale string, d recovery.Date) string {
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	if locale == "es" {
		return fmt.Sprintf("%s %d de %s de %d", weekdays["es"][t.Weekday()], d.Day, months["es"][d.Month-1], d.Year)
	}
	return fmt.Sprintf("%s %d %s %d", weekdays["en"][t.Weekday()], d.Day, months["en"][d.Month-1], d.Year)
}

// formatShortDay shows a day briefly: "21 Nov" / "21 nov".
func formatShortDay(locale string, d recovery.Date) string {
	m := months[locale]
	if locale != "es" {
		m = months["en"]
	}
	return fmt.Sprintf("%d %s", d.Day, m[d.Month-1][:3])
}

// formatMonth names a month: "November 2026" / "noviembre de 2026".
func formatMonth(locale string, d recovery.Date) string {
	if locale == "es" {
		return fmt.Sprintf("%s de %d", months["es"][d.Month-1], d.Year)
	}
	return fmt.Sprintf("%s %d", months["en"][d.Month-1], d.Year)
}

// mondayFirst lists the weekday names from Monday, for calendars.
func mondayFirst(locale string) []string {
	names, ok := weekdays[locale]
	if !ok {
		names = weekdays["en"]
	}
	return append(append([]string(nil), names[1:]...), names[0])
}
