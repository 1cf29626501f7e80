package directory

import "time"

// The directory as people search it: listings as stored, the searches the
// finder pages and the API make, what they find, and the requests people
// send a program's admissions. The store reads and writes these; the use
// cases and the handlers pass them along.

// ProgramListing is a treatment program as the directory stores it.
type ProgramListing struct {
	ID string
	Program
	// StaffEditedAt is when the program's own staff last changed the
	// listing. Imports then leave the program alone: its staff know it
	// better than a national export does.
	StaffEditedAt *time.Time
	UpdatedAt     time.Time
	// WithdrawnAt is when a re-import of its source no longer listed the
	// program. It is then hidden from searches and its public page, but kept
	// for its staff, requests and consents.
	WithdrawnAt *time.Time
}

// MeetingListing is a meeting as the directory stores it.
type MeetingListing struct {
	ID string
	Meeting
	// WithdrawnAt is when a re-import of its feed no longer listed the meeting, or
	// listed it as inactive. It is then hidden from every search, but kept, with
	// the members' notes of going to it.
	WithdrawnAt *time.Time
}

// A search returns at most MaxSearchResults, DefaultSearchResults unless
// it asks, so no one request can read the directory out.
const (
	DefaultSearchResults = 50
	MaxSearchResults     = 100
)

// Point is a position in decimal degrees.
type Point struct{ Lat, Lng float64 }

// Place is a point the directory knows by name: the centre of the programs
// and meetings it has there.
type Place struct {
	Lat, Lng float64
	Listings int // how many programs and meetings the centre is made of
}

// ProgramSearch asks for the programs within RadiusKm of a point that offer
// every level, medication and payment listed.
type ProgramSearch struct {
	Lat, Lng, RadiusKm float64
	Levels             []Level
	Medications        []Medication
	Payments           []Payment
	Limit              int // 0 means DefaultSearchResults
}

// ProgramMatch is one program found, with its distance from the point.
type ProgramMatch struct {
	ProgramListing
	DistanceKm float64
}

// ProgramResults are the nearest matches, nearest first, and how many
// programs matched in all.
type ProgramResults struct {
	Programs []ProgramMatch
	Total    int
}

// DayChoice is the day a meeting search asks for: a time.Weekday (0-6),
// or one of the choices below.
type DayChoice int

const (
	DayAny      DayChoice = -1
	DayToday    DayChoice = 7
	DayTomorrow DayChoice = 8
)

// MeetingSearch asks for meetings on a day, in a window of the day, of some
// kinds. Meetings in a room (in person or hybrid) must be within RadiusKm
// of Near; meetings online have no place and are found wherever they are.
type MeetingSearch struct {
	Near     *Point // nil finds meetings online only
	RadiusKm float64
	Modes    []Mode // empty: every kind
	// Fellowships are the fellowships wanted; empty: every one.
	Fellowships []Fellowship
	Day         DayChoice
	// FromMinute and UntilMinute bound the start time, in minutes after
	// midnight: FromMinute <= start < UntilMinute. UntilMinute 0 means the
	// end of the day.
	FromMinute, UntilMinute int
	// Zone is the clock the day and the window are read on: the member's.
	// nil reads each meeting on its own clock, which for a meeting in a
	// room is the clock of the people near it.
	Zone  *time.Location
	Now   time.Time
	Limit int // 0 means DefaultSearchResults
}

// MeetingMatch is a meeting found, with when it is on the search's clock.
type MeetingMatch struct {
	MeetingListing
	DistanceKm *float64 // nil for a meeting online
	LocalDay   time.Weekday
	LocalStart string // "19:30" on the search's clock
	DaysAhead  int    // 0 when LocalDay is today on that clock, 1 tomorrow ...
	// Converted is true when the search's clock is not the meeting's own,
	// so LocalDay and LocalStart differ from Day and Start in general.
	Converted bool
}

// MeetingResults are the soonest matches and how many matched in all.
type MeetingResults struct {
	Meetings []MeetingMatch
	Total    int
}

// Attendance is what a member has logged of their meetings.
type Attendance struct {
	Total     int            // meetings logged, all told
	ByMeeting map[string]int // meeting id -> times logged
}

// The states of an admission request in a program's queue.
const (
	AdmissionNew       = "new"
	AdmissionContacted = "contacted"
	AdmissionClosed    = "closed"
)

// AdmissionStatuses lists the states in the order a request moves through them.
var AdmissionStatuses = []string{AdmissionNew, AdmissionContacted, AdmissionClosed}

// AdmissionRequest is someone asking a program's admissions to contact them.
type AdmissionRequest struct {
	ID, ProgramID string
	Reference     string // shown to the person, to quote when they call
	Name          string // a name or an alias
	Phone, Email  string // at least one
	BestTime      string
	Message       string
	Consent       bool // they agreed to be contacted; required
	Status        string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}
