package directory

import (
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	good := map[string]string{"19:30": "19:30", "9:05": "09:05", "19:30:00": "19:30", "00:00": "00:00", " 7:00 ": "07:00"}
	for in, want := range good {
		if got, err := parseClock(in); err != nil || got != want {
			t.Errorf("parseClock(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "19", "24:00", "19:60", "19:5", "7pm", "19:+5", "-1:00", "19:30:60", "1:2:3:4", "123:00"} {
		if got, err := parseClock(bad); err == nil {
			t.Errorf("parseClock(%q) = %q, want an error", bad, got)
		}
	}
}

func TestDurationBetween(t *testing.T) {
	tests := []struct {
		start, end string
		want       time.Duration
	}{
		{"19:00", "20:30", 90 * time.Minute},
		{"23:30", "00:30", time.Hour},       // past midnight
		{"19:00", "19:00", defaultDuration}, // a slip, not a 24-hour meeting
	}
	for _, tt := range tests {
		if got := durationBetween(tt.start, tt.end); got != tt.want {
			t.Errorf("durationBetween(%s, %s) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestWeekdayNamed(t *testing.T) {
	for in, want := range map[string]time.Weekday{"Sunday": time.Sunday, "mon": time.Monday, " SATURDAY ": time.Saturday, "Thu": time.Thursday} {
		if got, ok := weekdayNamed(in); !ok || got != want {
			t.Errorf("weekdayNamed(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "Funday", "m", "1"} {
		if _, ok := weekdayNamed(bad); ok {
			t.Errorf("weekdayNamed(%q) should fail", bad)
		}
	}
}
