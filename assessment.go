package onward

import (
	"slices"
	"time"
)

// Assessment is one completed clinical instrument (internal/instrument) as
// Onward keeps it: the answers and what the scoring engine returned for
// them when they were recorded. The score is never worked out again, so a
// result reads the same years later as on the day it was taken.
type Assessment struct {
	ID         string
	UserID     string         // the member it is about
	Instrument string         // an instrument id: "phq9", "cows" ...
	Answers    map[string]int // item id -> the published value of the chosen option
	// Total, Band, Subscales and Flags are the engine's result.
	Total     int
	Band      string         // the band id; "" when the instrument has none
	Subscales map[string]int // BAM's use, risk and protective sums; nil otherwise
	Flags     []string       // flag codes (instrument.Flag*)
	// BuprenorphineThreshold is the COWS total the program starts
	// buprenorphine at, which the score was read against; 0 for other
	// instruments.
	BuprenorphineThreshold int
	// TakenAt is when the instrument was taken, never after it was recorded.
	TakenAt time.Time
	// Baseline marks the score later ones are compared with: the first of
	// its instrument for the member, or one a clinician marked (the start
	// of a COWS induction series).
	Baseline bool
	// RecordedBy is the account that recorded it: the member, or a
	// program's clinician; "" once that account is deleted, or for a
	// record loaded from an export. RecordedByRole stays.
	RecordedBy     string
	RecordedByName string // read with the record, for display
	RecordedByRole Role
	// ProgramID and LevelOfCare are the context at the time, when known:
	// the program whose care team recorded it, and a directory level of
	// care code.
	ProgramID   string
	ProgramName string // read with the record, for display
	LevelOfCare string
	// ClientID is the recording device's id for the submission, so a
	// double submit or an offline replay records once.
	ClientID  string
	CreatedAt time.Time
}

// HasFlag reports whether the result raised flag code.
func (a *Assessment) HasFlag(code string) bool { return slices.Contains(a.Flags, code) }

// SelfRecorded reports whether the member recorded it themself.
func (a *Assessment) SelfRecorded() bool { return a.RecordedByRole == RoleMember }

// WithdrawalTracker is a member's current withdrawal: what they last used
// and when, which internal/withdrawal turns into the expected phase.
type WithdrawalTracker struct {
	UserID    string
	Substance string // a withdrawal.Substance code
	LastUseAt time.Time
	UpdatedAt time.Time
}
