package continuum

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
)

// Session formats: who is in the room.
const (
	FormatIndividual = "individual"
	FormatGroup      = "group"
	FormatFamily     = "family" // the member with their family, who need no account
)

// Formats lists the session formats.
var Formats = []string{FormatIndividual, FormatGroup, FormatFamily}

// Kinds are what a session is: cognitive behavioural therapy, dialectical
// behaviour therapy, motivational interviewing, the community
// reinforcement approach, relapse prevention, medication management, peer
// support. Each has a label "session_kind.<code>".
var Kinds = []string{"cbt", "dbt", "mi", "cra", "relapse_prevention", "medication_management", "peer_support"}

// Attendance as staff record it once a session has been held. Attended and
// late count the session's hours; an excused absence is taken off what the
// week expects; a missed one counts nothing.
const (
	Attended = "attended"
	Late     = "late"
	Missed   = "missed"
	Excused  = "excused"
)

// Attendances lists the attendance values.
var Attendances = []string{Attended, Late, Missed, Excused}

// Present reports whether an attendance counts as having been there.
func Present(attendance string) bool { return attendance == Attended || attendance == Late }

// Limits of a session.
const (
	MinMinutes   = 5
	MaxMinutes   = 12 * 60
	MaxGroup     = 40 // members in one group session
	MaxLocation  = 120
	MaxRepeat    = 26  // weekly sessions scheduled at once
	ScheduleDays = 366 // how far ahead or back a session may be put
	MaxClientID  = 100 // the submitting device's id for a session, so a double submit schedules once
)

// Session is one appointment the program holds.
type Session struct {
	ID          string
	ProgramID   string
	ProgramName string
	Format      string
	Kind        string
	StartsAt    time.Time
	Minutes     int
	Location    string // a room or "by video"; "" when not given
	LeaderID    string // the staff member who runs it; "" when not named
	LeaderName  string
	Members     []Participant
	CancelledAt *time.Time
	Version     int // goes up with each change, for calendars (iCalendar SEQUENCE)
	ClientID    string
	CreatedAt   time.Time
}

// EndsAt is when the session is planned to end.
func (s *Session) EndsAt() time.Time { return s.StartsAt.Add(time.Duration(s.Minutes) * time.Minute) }

// Held reports whether the session has started by now and was not
// cancelled: only then can attendance be recorded.
func (s *Session) Held(now time.Time) bool {
	return s.CancelledAt == nil && !now.Before(s.StartsAt)
}

// Hours is the session's length in hours.
func (s *Session) Hours() float64 { return float64(s.Minutes) / 60 }

// Participant is a member in a session, with their attendance once staff
// recorded it.
type Participant struct {
	EnrolmentID string
	MemberID    string
	Name        string
	Attendance  string // "" until recorded
	RecordedAt  *time.Time
}

// Validate checks a session about to be scheduled at now (the members are
// checked against the program's enrolments by the use case).
func (s *Session) Validate(now time.Time) error {
	errs := onward.FieldErrors{}
	if !slices.Contains(Formats, s.Format) {
		errs.Add("format", "continuum.choose_a_format")
	}
	if !slices.Contains(Kinds, s.Kind) {
		errs.Add("kind", "continuum.choose_a_kind")
	}
	switch {
	case s.StartsAt.IsZero():
		errs.Add("starts_at", "continuum.enter_when_it_starts")
	case s.StartsAt.Before(now.AddDate(0, 0, -ScheduleDays)) || s.StartsAt.After(now.AddDate(0, 0, ScheduleDays)):
		errs.Add("starts_at", "continuum.start_within_a_year")
	}
	if s.Minutes < MinMinutes || s.Minutes > MaxMinutes {
		errs.Add("minutes", "continuum.minutes_between", "Min", MinMinutes, "Max", MaxMinutes)
	}
	s.Location = strings.TrimSpace(s.Location)
	if utf8.RuneCountInString(s.Location) > MaxLocation || !utf8.ValidString(s.Location) || strings.ContainsAny(s.Location, "\x00\r\n") {
		errs.Add("location", "continuum.location_too_long")
	}
	switch n := len(s.Members); {
	case n == 0:
		errs.Add("members", "continuum.choose_members")
	case s.Format != FormatGroup && n > 1:
		errs.Add("members", "continuum.one_member_only")
	case n > MaxGroup:
		errs.Add("members", "continuum.group_too_large", "Count", MaxGroup)
	}
	if len(s.ClientID) > MaxClientID || strings.ContainsAny(s.ClientID, "\x00\r\n") {
		errs.Add("client_id", "continuum.client_id_too_long")
	}
	return errs.Err()
}

// Weekly returns the session and the same session each following week, n
// in all, each with its own client id so a double submit of the series
// schedules it once. Dates are counted in loc, so a weekly session keeps
// its local time across a change of daylight saving.
func (s Session) Weekly(n int, loc *time.Location) []Session {
	out := make([]Session, 0, n)
	local := s.StartsAt.In(loc)
	for i := range n {
		next := s
		next.Members = slices.Clone(s.Members)
		next.StartsAt = local.AddDate(0, 0, 7*i)
		if s.ClientID != "" && i > 0 {
			next.ClientID = s.ClientID + "#" + strconv.Itoa(i)
		}
		out = append(out, next)
	}
	return out
}

// Mark is an attendance staff record for one member of a session.
type Mark struct {
	EnrolmentID string
	Attendance  string
}

// Marked returns the marks as participants, each with its member id from
// the session, for the store to write.
func (s *Session) Marked(marks []Mark) []Participant {
	out := make([]Participant, 0, len(marks))
	for _, m := range marks {
		for _, p := range s.Members {
			if p.EnrolmentID == m.EnrolmentID {
				out = append(out, Participant{EnrolmentID: p.EnrolmentID, MemberID: p.MemberID, Attendance: m.Attendance})
			}
		}
	}
	return out
}

// CheckMarks validates attendance for a session at now: the session must
// have been held, every mark must be for one of its members and a known
// value, and a member is marked once. It returns the marks that change
// something, so a double submit writes (and records) nothing the second
// time.
func (s *Session) CheckMarks(marks []Mark, now time.Time) ([]Mark, error) {
	if s.CancelledAt != nil {
		return nil, onward.NewError(onward.ECONFLICT, "continuum.session_was_cancelled")
	}
	if !s.Held(now) {
		return nil, onward.NewError(onward.ECONFLICT, "continuum.session_not_yet_held")
	}
	if len(marks) == 0 {
		return nil, onward.Invalid("attendance", "continuum.mark_someone")
	}
	errs := onward.FieldErrors{}
	seen := map[string]bool{}
	var changed []Mark
	for _, m := range marks {
		field := "attendance." + m.EnrolmentID
		i := slices.IndexFunc(s.Members, func(p Participant) bool { return p.EnrolmentID == m.EnrolmentID })
		switch {
		case i < 0:
			errs.Add("attendance", "continuum.not_in_this_session")
			continue
		case seen[m.EnrolmentID]:
			errs.Add(field, "continuum.marked_twice")
			continue
		case !slices.Contains(Attendances, m.Attendance):
			errs.Add(field, "continuum.choose_attendance")
			continue
		}
		seen[m.EnrolmentID] = true
		if s.Members[i].Attendance != m.Attendance {
			changed = append(changed, m)
		}
	}
	return changed, errs.Err()
}
