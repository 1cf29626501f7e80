package directory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// defaultDuration is what a meeting lasts when its list does not say: the Meeting Guide
// specification's default, and the usual length of NA and SMART meetings.
const defaultDuration = time.Hour

// parseClock reads a time of day written "19:30", "9:30" or "19:30:00" and returns it
// as "19:30". Seconds are dropped: no meeting starts on the second.
func parseClock(s string) (string, error) {
	d, err := parseHMS(s, 23)
	if err != nil {
		return "", fmt.Errorf("%q is not a time of day such as 19:30", s)
	}
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60), nil
}

// parseMeetingClock reads a meeting's time as parseClock does, and also the 12-hour
// times some lists write ("7:00 PM", "7pm", "7:30 a.m.", "12:00 AM" is midnight);
// twelveHour tells the caller to warn that it read one.
func parseMeetingClock(s string) (clock string, twelveHour bool, err error) {
	if clock, err := parseClock(s); err == nil {
		return clock, false, nil
	}
	lower := strings.ToLower(strings.TrimSpace(s))
	digits := strings.TrimRight(strings.NewReplacer(".", "", " ", "").Replace(lower), "m")
	var pm bool
	switch {
	case strings.HasSuffix(digits, "p"):
		pm = true
	case strings.HasSuffix(digits, "a"):
	default:
		return "", false, fmt.Errorf("%q is not a time of day such as 19:30 or 7:30 PM", s)
	}
	digits = digits[:len(digits)-1]
	if !strings.Contains(digits, ":") {
		digits += ":00"
	}
	d, err := parseHMS(digits, 12)
	if err != nil || d < time.Hour || d >= 13*time.Hour || !strings.HasSuffix(lower, "m") && !strings.HasSuffix(lower, "m.") {
		return "", false, fmt.Errorf("%q is not a time of day such as 19:30 or 7:30 PM", s)
	}
	hours := int(d.Hours()) % 12 // 12 AM is 0:00, 12 PM is 12:00
	if pm {
		hours += 12
	}
	return fmt.Sprintf("%02d:%02d", hours, int(d.Minutes())%60), true, nil
}

// parseHMS reads "H:MM" or "H:MM:SS" with hours at most maxHours.
func parseHMS(s string, maxHours int) (time.Duration, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%q is not hours and minutes", s)
	}
	limits := []int{maxHours, 59, 59}
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	var d time.Duration
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		digits := strings.Trim(part, "0123456789") == ""
		if err != nil || !digits || len(part) == 0 || len(part) > 2 || n > limits[i] || (i > 0 && len(part) != 2) {
			return 0, fmt.Errorf("%q is not hours and minutes", s)
		}
		d += time.Duration(n) * units[i]
	}
	return d, nil
}

// minutesOf turns a clock time from parseClock into minutes after midnight.
func minutesOf(clock string) int {
	d, _ := parseHMS(clock, 23)
	return int(d.Minutes())
}

// durationBetween is how long a meeting from start to end lasts; an end earlier than
// the start is on the next day. An end equal to the start is a slip, not a 24-hour
// meeting, and gets the default length.
func durationBetween(start, end string) time.Duration {
	minutes := minutesOf(end) - minutesOf(start)
	switch {
	case minutes == 0:
		return defaultDuration
	case minutes < 0:
		minutes += 24 * 60
	}
	return time.Duration(minutes) * time.Minute
}

// weekdayNamed reads an English day name or its three-letter abbreviation.
func weekdayNamed(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, true
		}
	}
	return 0, false
}
