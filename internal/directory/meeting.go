package directory

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/onward-recovery/onward/internal/directory/gazetteer"
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
	// key a re-import uses to update a meeting instead of adding it twice. A source is
	// one feed: the importers set it to their format, and the import command to the
	// feed's own name.
	Source, SourceID string
	// Fellowship is "" when the list does not say; the import command fills in the
	// feed's fellowship.
	Fellowship Fellowship

	Name  string
	Group string // the group that holds the meeting, when the list names it apart

	Day      time.Weekday
	Start    string        // local start time, "19:30"
	Duration time.Duration // never zero: a list that gives none gets an hour
	TimeZone string        // IANA name; "" when the list gives none (the importer's caller decides)

	Mode  Mode
	Venue string // the building or room, such as "St. Example Church hall"

	Street, City, State, Zip, Country string
	Region                            string // the list's own area, such as "Chicago > Wicker Park"

	// Lat and Lng are (0, 0) when unknown, as for online meetings. Located says
	// where a known position comes from.
	Lat, Lng float64
	Located  Location

	URL     string // the link to join online
	Phone   string // the number to dial in
	WebPage string // the meeting's own page on its list's website

	Formats   []Format // the list's own format or type codes, with their meaning when known
	Languages []string // BCP 47 tags of the languages the meeting is held in, when the list says

	Notes         string // about the meeting, including how to join online
	LocationNotes string // about the place, shared by the meetings held there
}

// Location says where a meeting's position comes from.
type Location string

// The sources of a position. A position from the gazetteer is the centre of the
// meeting's ZIP code area or town: good enough to find it among meetings nearby, not
// to walk to.
const (
	LocatedExact Location = "exact" // the list's own coordinates
	LocatedZip   Location = "zip"   // the centre of the meeting's ZIP code
	LocatedCity  Location = "city"  // the centre of the meeting's town
)

// Validate reports the first thing that makes m unfit for the directory. Every
// importer runs it on every row, so an imported meeting always passes.
func (m *Meeting) Validate() error {
	switch {
	case m.Source == "" || m.SourceID == "":
		return errors.New("missing source id")
	case m.Fellowship != "" && !m.Fellowship.Valid():
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
		{"source", m.Source}, {"id", m.SourceID}, {"name", m.Name}, {"group", m.Group}, {"venue", m.Venue},
		{"street", m.Street}, {"city", m.City}, {"state", m.State}, {"zip", m.Zip},
		{"country", m.Country}, {"region", m.Region}, {"phone", m.Phone},
	} {
		if !isCleanLine(f.value) {
			return fmt.Errorf("%s contains control characters or invalid UTF-8", f.name)
		}
	}
	for _, f := range m.Formats {
		if f.Code == "" || !isCleanLine(f.Code) || !isCleanLine(f.Name) || !isCleanNotes(f.Description) {
			return fmt.Errorf("format %q is empty or contains control characters", f.Code)
		}
	}
	for _, tag := range m.Languages {
		if !isLanguageTag(tag) {
			return fmt.Errorf("language %q is not a language tag such as en or es", tag)
		}
	}
	if !isCleanNotes(m.Notes) || !isCleanNotes(m.LocationNotes) {
		return errors.New("notes contain control characters or invalid UTF-8")
	}
	if err := checkWebAddress(m.URL); err != nil {
		return fmt.Errorf("link: %w", err)
	}
	if err := checkWebAddress(m.WebPage); err != nil {
		return fmt.Errorf("web page: %w", err)
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
	switch {
	case known && m.Located != LocatedExact && m.Located != LocatedZip && m.Located != LocatedCity:
		return fmt.Errorf("a position needs to say where it comes from, not %q", m.Located)
	case !known && m.Located != "":
		return fmt.Errorf("located %q without a position", m.Located)
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

// AssignFeed makes a parsed list's meetings those of one feed: each gets the feed's
// source name and, unless its row named one, the feed's fellowship; then open and
// closed meetings are explained for that fellowship.
func AssignFeed(meetings []Meeting, source string, fellowship Fellowship) {
	for i := range meetings {
		m := &meetings[i]
		m.Source = source
		if m.Fellowship == "" {
			m.Fellowship = fellowship
		}
		explainOpenClosed(m.Formats, m.Fellowship)
	}
}

// Placing counts how the meetings in a room that their list gave no position were
// placed: by the centre of their ZIP code, by the centre of their town, or not at
// all (they are then found by no search near a place).
type Placing struct {
	ByZip, ByTown, Unplaced int
}

// PlaceWithoutPosition gives each meeting in a room whose list gave no position the
// centre of its ZIP code or, failing that, of its town, from the gazetteer, so
// that a search near a place still finds it; Located says it is approximate.
func PlaceWithoutPosition(meetings []Meeting) Placing {
	var n Placing
	for i := range meetings {
		m := &meetings[i]
		if m.Mode == ModeOnline || m.Located != "" {
			continue
		}
		if !inUnitedStates(m.Country) {
			n.Unplaced++
			continue
		}
		zip, state := m.Zip, m.State
		if zip == "" {
			// A Meeting Guide formatted_address ends "..., IL 62701, USA".
			if found := addressZip.FindStringSubmatch(m.Street); found != nil {
				state, zip = found[1], found[2]
			}
		}
		if p, ok := gazetteer.ByZip(zip); ok && zip != "" && (m.State == "" || strings.EqualFold(m.State, state) || m.Zip != "") {
			m.Lat, m.Lng, m.Located = p.Lat, p.Lng, LocatedZip
			n.ByZip++
		} else if p, ok := gazetteer.ByTown(m.City, m.State); ok {
			m.Lat, m.Lng, m.Located = p.Lat, p.Lng, LocatedCity
			n.ByTown++
		} else {
			n.Unplaced++
		}
	}
	return n
}

// addressZip finds the state and the ZIP code in a one-line address.
var addressZip = regexp.MustCompile(`\b([A-Z]{2}) (\d{5})(?:-\d{4})?\b`)

// inUnitedStates reads a list's country: empty (most US feeds leave it out), a code
// or a name of the United States.
func inUnitedStates(country string) bool {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(country), ".", "")) {
	case "", "US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA":
		return true
	}
	return false
}
