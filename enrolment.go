package onward

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// EnrolmentStatus is where a member stands with a treatment program.
type EnrolmentStatus string

const (
	EnrolmentInvited    EnrolmentStatus = "invited"    // the program sent an invitation, not yet answered
	EnrolmentRequested  EnrolmentStatus = "requested"  // the member asked to enrol, the program has not answered
	EnrolmentActive     EnrolmentStatus = "active"     // in the program's care
	EnrolmentDeclined   EnrolmentStatus = "declined"   // the request or invitation was turned down or withdrawn
	EnrolmentDischarged EnrolmentStatus = "discharged" // care ended; the record stays
)

// Open reports whether the enrolment is still to be answered or in care.
func (s EnrolmentStatus) Open() bool { return s == EnrolmentRequested || s == EnrolmentActive }

// DischargeReasons are why care ends, as treatment programs report them
// (the reasons of SAMHSA's Treatment Episode Data Set, in our words).
var DischargeReasons = []string{"completed", "transferred", "left_against_advice", "discharged_by_program", "incarcerated",
	"moved", "died", "other"}

// Enrolment is a member in a program's care, from the first contact to
// discharge. Ending it keeps the record; access ends with the consent.
type Enrolment struct {
	ID          string
	ProgramID   string
	ProgramName string
	MemberID    string // empty while an invitation is unanswered
	MemberName  string
	InviteName  string // the name the program wrote on an invitation
	Status      EnrolmentStatus
	ConsentID   string
	LevelOfCare string
	CareTeam    []StaffMember
	CreatedAt   time.Time
	StartedAt   *time.Time
	EndedAt     *time.Time
	EndReason   string
}

// StaffMember is someone on a program's staff, as others see them.
type StaffMember struct {
	UserID string
	Name   string
	Role   Role
	Title  StaffTitle
}

// Note kinds. A care note is shared with the member's care team; a
// counselling note (42 CFR 2.11 "SUD counseling notes", like HIPAA's
// psychotherapy notes) stays with its author: it needs its own consent to
// go anywhere else, so Onward never shows it to anyone but its author.
const (
	NoteCare       = "care"
	NoteCounseling = "counselling"
)

// MaxNoteBody bounds a clinical note.
const MaxNoteBody = 10000

// ClinicalNote is a note by the care team about an enrolled member.
type ClinicalNote struct {
	ID          string
	EnrolmentID string
	MemberID    string
	AuthorID    string
	AuthorName  string
	Kind        string
	Body        string
	CreatedAt   time.Time
}

// Validate checks a note before it is written.
func (n *ClinicalNote) Validate() error {
	errs := FieldErrors{}
	n.Body = strings.TrimSpace(n.Body)
	switch {
	case n.Body == "":
		errs.Add("body", "program.note_empty")
	case utf8.RuneCountInString(n.Body) > MaxNoteBody || !utf8.ValidString(n.Body) || strings.ContainsRune(n.Body, 0):
		errs.Add("body", "program.note_too_long")
	}
	if n.Kind != NoteCare && n.Kind != NoteCounseling {
		errs.Add("kind", "program.note_kind")
	}
	return errs.Err()
}

// ValidDischargeReason reports whether r is one of DischargeReasons.
func ValidDischargeReason(r string) bool { return slices.Contains(DischargeReasons, r) }
