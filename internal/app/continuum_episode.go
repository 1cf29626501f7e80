package app

import (
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Treatment episodes (docs/continuum.md): an enrolment's level-of-care
// segments, changed by the member's care team under the member's consent
// covering treatment, and read by the member as where they are and what
// comes next.

var treatment = []onward.Category{onward.CategoryTreatment}

// asRead returns the episode as read at day: closed at the enrolment's
// discharge when it has one.
func asRead(e *onward.Enrolment, ep *continuum.Episode, loc *time.Location) *continuum.Episode {
	if e.EndedAt == nil {
		return ep
	}
	closed := ep.ClosedAt(recovery.DateOf(*e.EndedAt, loc), e.EndReason)
	return &closed
}

// careTeamEnrolment returns the active enrolment staff may change the
// episode of: theirs to care for, as with clinical notes.
func (a *App) careTeamEnrolment(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*onward.Enrolment, *onward.User, error) {
	e, member, err := a.enrolledMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	if e.Status != onward.EnrolmentActive || !slices.ContainsFunc(e.CareTeam, func(s onward.StaffMember) bool { return s.UserID == staff.ID }) {
		return nil, nil, onward.NewError(onward.EFORBIDDEN, "program.care_team_only")
	}
	return e, member, nil
}

// ChangeLevelOfCare records a change to an enrolled member's episode: a
// move to a new level (ending the current one) or a past segment. The
// same change sent twice is recorded once.
func (a *App) ChangeLevelOfCare(ctx context.Context, staff *onward.User, programID, enrolmentID string, c continuum.Change) (*continuum.Episode, error) {
	e, member, err := a.careTeamEnrolment(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	today := a.ClockOf(member.TimeZone).Today
	var ep *continuum.Episode
	err = a.change(ctx, principalOf(staff), e.MemberID, treatment, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		var err error
		if ep, err = tx.Episode(ctx, d, e.ID); err != nil {
			return err
		}
		if recorded(ep, c) {
			return nil
		}
		added, ended, err := ep.Check(c, today)
		if err != nil {
			return err
		}
		added.EnrolmentID, added.MemberID = e.ID, e.MemberID
		if err := tx.AddSegment(ctx, d, programID, &added, ended, staff.ID); err != nil {
			return err
		}
		ep, err = tx.Episode(ctx, d, e.ID)
		return err
	})
	return ep, err
}

// recorded reports whether the episode already holds the segment c would
// add: a double submit, or a replay.
func recorded(ep *continuum.Episode, c continuum.Change) bool {
	return slices.ContainsFunc(ep.Segments, func(s continuum.Segment) bool {
		sameEnd := s.End == nil && c.End == nil || s.End != nil && c.End != nil && s.End.Equal(*c.End) && s.EndReason == c.EndReason
		return s.Level == c.Level && s.Start.Equal(c.Start) && sameEnd
	})
}

// SaveEpisodePlan records what the care team plans next for an enrolled
// member and the member's age group.
func (a *App) SaveEpisodePlan(ctx context.Context, staff *onward.User, programID, enrolmentID, nextLevel, ageGroup string) error {
	if err := continuum.CheckPlan(nextLevel, ageGroup); err != nil {
		return err
	}
	e, _, err := a.careTeamEnrolment(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	return a.change(ctx, principalOf(staff), e.MemberID, treatment, func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
		return tx.SaveEpisodePlan(ctx, d, e.ID, nextLevel, ageGroup)
	})
}

// Episode reads an enrolled member's episode for program staff, under
// the member's consent covering treatment; the read is recorded.
func (a *App) Episode(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*continuum.Episode, error) {
	e, member, err := a.enrolledMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	rd, err := a.readAll(ctx, principalOf(staff), e.MemberID, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	ep, err := rd.Episode(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return asRead(e, ep, Location(member.TimeZone)), nil
}

// CareEpisode is one of the member's enrolments as they see it: where
// they are, what comes next, this week's hours and the sessions ahead.
type CareEpisode struct {
	Enrolment onward.Enrolment
	Episode   *continuum.Episode
	Current   *continuum.Segment
	Expected  float64        // hours a week the current level expects
	ThisWeek  continuum.Week // attended so far this week
	Upcoming  []continuum.Session
}

// careAhead is how far ahead the member's care page lists sessions.
const careAhead = 60 * 24 * time.Hour

// MyCare is the member's enrolments with their episodes. Reading one's
// own data is not recorded.
func (a *App) MyCare(ctx context.Context, member *onward.User) ([]CareEpisode, error) {
	list, err := a.store.EnrolmentsOfMember(ctx, member.ID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	clock := a.ClockOf(member.TimeZone)
	monday := continuum.Monday(clock.Today)
	weekStart := time.Date(monday.Year, monday.Month, monday.Day, 0, 0, 0, 0, clock.Location)
	sessions, err := rd.Sessions(ctx, sqlstore.MemberSessionFilter{From: weekStart, To: clock.Now.Add(careAhead)})
	if err != nil {
		return nil, err
	}
	out := make([]CareEpisode, 0, len(list))
	for _, e := range list {
		if e.MemberID == "" || e.Status == onward.EnrolmentInvited {
			continue
		}
		c := CareEpisode{Enrolment: e}
		ep, err := rd.Episode(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		c.Episode = asRead(&e, ep, clock.Location)
		c.Current = c.Episode.Current()
		if c.Current != nil {
			hours, err := a.store.ProgramHours(ctx, e.ProgramID)
			if err != nil {
				return nil, err
			}
			c.Expected = hours.Expected(c.Current.Level)
		}
		var records []continuum.Record
		for _, s := range sessions {
			if s.Members[0].EnrolmentID != e.ID {
				continue
			}
			records = append(records, continuum.Record{StartsAt: s.StartsAt, Minutes: s.Minutes, Attendance: s.Members[0].Attendance})
			if s.CancelledAt == nil && s.EndsAt().After(clock.Now) && e.Status == onward.EnrolmentActive {
				c.Upcoming = append(c.Upcoming, s)
			}
		}
		c.ThisWeek = continuum.Sum(monday, c.Expected, records, clock.Location)
		out = append(out, c)
	}
	return out, nil
}

// MemberCare is an enrolled member's episode and sessions as their care
// team sees them on the member's page.
type MemberCare struct {
	Episode  *continuum.Episode
	Expected float64 // hours a week the current level expects
	Sessions []continuum.Session
}

// memberCareDays is how far back and ahead the member's page lists
// sessions.
const memberCareDays = 30

// memberCare reads an enrolled member's episode and sessions with rd,
// a reader of the member's treatment.
func (a *App) memberCare(ctx context.Context, rd *sqlstore.Reader, e *onward.Enrolment, clock Clock) (*MemberCare, error) {
	ep, err := rd.Episode(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	c := &MemberCare{Episode: asRead(e, ep, clock.Location)}
	if cur := c.Episode.Current(); cur != nil {
		hours, err := a.store.ProgramHours(ctx, e.ProgramID)
		if err != nil {
			return nil, err
		}
		c.Expected = hours.Expected(cur.Level)
	}
	window := memberCareDays * 24 * time.Hour
	c.Sessions, err = rd.Sessions(ctx, sqlstore.MemberSessionFilter{EnrolmentID: e.ID, From: clock.Now.Add(-window), To: clock.Now.Add(window)})
	return c, err
}
