package continuum

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Segment is one stretch of an episode at one level of care, from the day
// the member started at it to the day they moved on or were discharged,
// with the reason (one of onward.DischargeReasons: a step down after
// completing residential care ends "completed", a move to another level
// "transferred"). As in SAMHSA's TEDS, a transfer between levels inside an
// episode is a segment of its own.
type Segment struct {
	ID          string
	EnrolmentID string
	MemberID    string
	Level       string
	Start       recovery.Date
	End         *recovery.Date // nil while the member is at this level
	EndReason   string         // "" while open
	CreatedAt   time.Time
}

// Open reports whether the member is still at this segment's level.
func (s Segment) Open() bool { return s.End == nil }

// Days is how many days the segment lasted up to its end, or up to today
// while it is open (the start day counts as the first).
func (s Segment) Days(today recovery.Date) int {
	end := today
	if s.End != nil {
		end = *s.End
	}
	return max(s.Start.DaysUntil(end), 0) + 1
}

// Overlaps reports whether two segments share a day other than a hand-over
// day: one may end on the day the next starts.
func (s Segment) Overlaps(o Segment) bool {
	before := func(a Segment, b Segment) bool { return a.End != nil && !a.End.After(b.Start) }
	return !before(s, o) && !before(o, s)
}

// Episode is a member's treatment with one program, from admission to
// discharge: its segments oldest first, what comes next, and the age
// group the program recorded.
type Episode struct {
	EnrolmentID string
	Segments    []Segment
	NextLevel   string // the level the care team plans next; "" when none is planned
	AgeGroup    string // one of AgeGroups; "" when not recorded
}

// Current is the open segment, or nil when the member is at no level now.
func (e *Episode) Current() *Segment {
	for i := range e.Segments {
		if e.Segments[i].Open() {
			return &e.Segments[i]
		}
	}
	return nil
}

// ClosedAt returns the episode as it reads after a discharge on day with
// reason: an open segment ends there with the discharge's reason, and
// nothing comes next. A discharge is the program's administrative act; the
// segment's own row keeps no copy, so the two can never disagree.
func (e Episode) ClosedAt(day recovery.Date, reason string) Episode {
	e.Segments = slices.Clone(e.Segments)
	for i := range e.Segments {
		if s := &e.Segments[i]; s.Open() {
			end := day
			if end.Before(s.Start) {
				end = s.Start
			}
			s.End, s.EndReason = &end, reason
		}
	}
	e.NextLevel = ""
	return e
}

// Change is a care team's change to an episode: the member starts at
// Level on Start. With End set it records a past segment (End and
// EndReason both set); otherwise it is a move to a new level, which ends
// the open segment, if any, on Start with PreviousReason.
type Change struct {
	Level          string
	Start          recovery.Date
	End            *recovery.Date
	EndReason      string
	PreviousReason string
}

// Check validates a change against the episode's segments on the member's
// today and returns the segment it adds and the open segment it ends (nil
// when none). Errors name the field, for the form and the API.
func (e *Episode) Check(c Change, today recovery.Date) (added Segment, ended *Segment, err error) {
	errs := onward.FieldErrors{}
	if _, ok := LevelOf(c.Level); !ok {
		errs.Add("level", "continuum.choose_a_level_of_care")
	}
	if c.Start.After(today) {
		errs.Add("start", "continuum.start_not_in_future")
	}
	switch {
	case c.End == nil && c.EndReason != "":
		errs.Add("end", "continuum.end_date_for_reason")
	case c.End != nil && !onward.ValidDischargeReason(c.EndReason):
		errs.Add("end_reason", "continuum.choose_why_it_ended")
	case c.End != nil && c.End.Before(c.Start):
		errs.Add("end", "continuum.end_before_start")
	case c.End != nil && c.End.After(today):
		errs.Add("end", "continuum.end_not_in_future")
	}
	if err := errs.Err(); err != nil {
		return Segment{}, nil, err
	}
	added = Segment{Level: c.Level, Start: c.Start, End: c.End, EndReason: c.EndReason}
	current := e.Current()
	if c.End == nil && current != nil {
		if !current.Start.Before(c.Start) {
			return Segment{}, nil, onward.Invalid("start", "continuum.start_after_current", "Date", current.Start.String())
		}
		if c.PreviousReason == "" {
			c.PreviousReason = "transferred"
		}
		if !onward.ValidDischargeReason(c.PreviousReason) {
			return Segment{}, nil, onward.Invalid("previous_reason", "continuum.choose_why_it_ended")
		}
		closed := *current
		end := c.Start
		closed.End, closed.EndReason = &end, c.PreviousReason
		ended = &closed
	}
	for _, s := range e.Segments {
		if ended != nil && s.ID == ended.ID {
			s = *ended
		}
		if s.Overlaps(added) {
			return Segment{}, nil, onward.NewError(onward.ECONFLICT, "continuum.segments_overlap", "Level", i18n.M(LevelLabel(s.Level)),
				"Start", s.Start.String())
		}
	}
	return added, ended, nil
}

// CheckPlan validates what the care team plans next and the age group.
func CheckPlan(nextLevel, ageGroup string) error {
	errs := onward.FieldErrors{}
	if _, ok := LevelOf(nextLevel); nextLevel != "" && !ok {
		errs.Add("next_level", "continuum.choose_a_level_of_care")
	}
	if ageGroup != "" && !slices.Contains(AgeGroups, ageGroup) {
		errs.Add("age_group", "continuum.choose_an_age_group")
	}
	return errs.Err()
}
