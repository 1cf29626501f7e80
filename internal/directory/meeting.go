package directory

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Fellowship is the mutual-help fellowship a meeting belongs to.
type Fellowship string

// The fellowships whose meeting lists Onward imports.
const (
	FellowshipNA    Fellowship = "NA"
	FellowshipAA    Fellowship = "AA"
	FellowshipSMART Fellowship = "SMART"
)

// Mode is how people attend a meeting.
type Mode string

// The ways to attend.
const (
	ModeInPerson Mode = "in_person"
	ModeOnline   Mode = "online"
	ModeHybrid   Mode = "hybrid" // in person and online at the same time
)

// Meeting is one weekly meeting. A meeting held on several days is one Meeting per day.
type Meeting struct {
	// Source and SourceID identify the row where it came from; together they are the
	// key a re-import uses to update a meeting instead of adding it twice.
	Source, SourceID string
	Fellowship       Fellowship

	Name     string
	Day      time.Weekday
	Start    string        // local start time, "19:30"
	Duration time.Duration // never zero: a list that gives none gets an hour
	TimeZone string        // IANA name; "" when the list gives none (the importer's caller decides)

	Mode  Mode
	Venue string // the building or room, such as "St. Example Church hall"

	Street, City, State, Zip, Country string

	Lat, Lng float64 // (0, 0) means unknown, as for online meetings

	URL   string // the link to join online
	Phone string // the number to dial in

	Formats []string // the list's own format or type codes, such as "O" (open) or "BT"
	Notes   string
}

// Validate reports the first thing that makes m unfit for the directory. Every
// importer runs it on every row, so an imported meeting always passes.
func (m *Meeting) Validate() error {
	switch {
	case m.Source == "" || m.SourceID == "":
		return errors.New("missing source id")
	case m.Fellowship != FellowshipNA && m.Fellowship != FellowshipAA && m.Fellowship != FellowshipSMART:
		return fmt.Errorf("unknown fellowship %q", m.Fellowship)
	case m.Name == "":
		return errors.New("missing name")
	case m.Day < time.Sunday || m.Day > time.Saturday:
		return fmt.Errorf("day %d is not a weekday", m.Day)
	case m.Duration <= 0 || m.Duration > 24*time.Hour:
		return fmt.Errorf("duration %v should be more than nothing and at most a day", m.Duration)
	}
	if _, err := parseClock(m.Start); err != nil || len(m.Start) != len("19:30") {
		return fmt.Errorf("start %q is not a time such as 19:30", m.Start)
	}
	if err := checkTimeZone(m.TimeZone); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{
		{"source", m.Source}, {"id", m.SourceID}, {"name", m.Name}, {"venue", m.Venue},
		{"street", m.Street}, {"city", m.City}, {"state", m.State}, {"zip", m.Zip},
		{"country", m.Country}, {"phone", m.Phone},
	} {
		if !isCleanLine(f.value) {
			return fmt.Errorf("%s contains control characters or invalid UTF-8", f.name)
		}
	}
	for _, f := range m.Formats {
		if f == "" || !isCleanLine(f) {
			return fmt.Errorf("format %q is empty or contains control characters", f)
		}
	}
	if !isCleanNotes(m.Notes) {
		return errors.New("notes contain control characters or invalid UTF-8")
	}
	if err := checkWebAddress(m.URL); err != nil {
		return fmt.Errorf("link: %w", err)
	}
	return m.checkAttendance()
}

// checkAttendance requires what a person needs to get there: an address or a position
// for a meeting in a room, a link or a number for a meeting online.
func (m *Meeting) checkAttendance() error {
	known := m.Lat != 0 || m.Lng != 0
	if known {
		if err := checkCoordinates(m.Lat, m.Lng); err != nil {
			return err
		}
	}
	switch m.Mode {
	case ModeInPerson, ModeHybrid, ModeOnline:
	default:
		return fmt.Errorf("unknown mode %q", m.Mode)
	}
	if m.Mode != ModeOnline && m.Street == "" && !known {
		return errors.New("a meeting in person needs a street address or coordinates")
	}
	if m.Mode != ModeInPerson && m.URL == "" && m.Phone == "" {
		return errors.New("an online meeting needs a link or a phone number")
	}
	if m.Mode == ModeOnline && known {
		return errors.New("an online meeting has no coordinates")
	}
	return nil
}

// zonesSeen remembers the time zones already found, because time.LoadLocation reads
// the zone file again on every call and a meeting list repeats a handful of zones.
var zonesSeen sync.Map

// checkTimeZone accepts "" (unknown) or an IANA zone name this machine knows.
func checkTimeZone(name string) error {
	if name == "" {
		return nil
	}
	if _, ok := zonesSeen.Load(name); ok {
		return nil
	}
	// "Local" would mean the server's zone, which is nothing the meeting said.
	if _, err := time.LoadLocation(name); err != nil || name == "Local" {
		return fmt.Errorf("unknown time zone %q", name)
	}
	zonesSeen.Store(name, true)
	return nil
}
