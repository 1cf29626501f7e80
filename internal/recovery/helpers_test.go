package recovery

import (
	"testing"
	"time"
)

// day parses a test date and fails the test on a typo.
func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func days(t *testing.T, ss ...string) []Lapse {
	t.Helper()
	var lapses []Lapse
	for _, s := range ss {
		lapses = append(lapses, Lapse{On: day(t, s)})
	}
	return lapses
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load time zone %s: %v", name, err)
	}
	return loc
}
