package recovery

import (
	"fmt"
	"time"

	"github.com/onward-recovery/onward/internal/i18n"
)

// Unit is what a milestone's Count measures.
type Unit int

const (
	Hours Unit = iota
	Days
	// Months are calendar months from the day of last use (see Date.AddMonths), so
	// "6 months" falls on the same day of the month, not after a fixed number of days.
	Months
)

func (u Unit) String() string {
	switch u {
	case Hours:
		return "hours"
	case Months:
		return "months"
	}
	return "days"
}

// MarshalText writes the unit by name, so JSON says "months" instead of 2.
func (u Unit) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// Milestone is a length of clean time worth celebrating.
type Milestone struct {
	ID    string // stable key: "24h", "1w", "30d", "6mo", "1y", "18mo", "1000d", "3y"
	Count int
	Unit  Unit
	Name  i18n.Msg
	// KeytagColour is the Narcotics Anonymous keytag colour for this milestone, or ""
	// where NA has none (clinical-facts §14).
	KeytagColour string
}

// yearsInList is how many yearly anniversaries Milestones lists; later ones come from
// Anniversary, one a year without end.
const yearsInList = 2

// Milestones is the ordered list of milestones through 1,000 days; every later one is
// an Anniversary. The order is the order they are reached whatever the start date:
// 2 years (730 or 731 days) always comes before 1,000 days, and 3 years after it.
func Milestones() []Milestone {
	return []Milestone{
		{ID: "24h", Count: 24, Unit: Hours, Name: i18n.M("recovery.count.hours", "Count", 24)},
		{ID: "1w", Count: 7, Unit: Days, Name: i18n.M("recovery.count.weeks", "Count", 1)},
		{ID: "30d", Count: 30, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 30), KeytagColour: "orange"},
		{ID: "60d", Count: 60, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 60), KeytagColour: "green"},
		{ID: "90d", Count: 90, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 90), KeytagColour: "red"},
		{ID: "100d", Count: 100, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 100)},
		{ID: "6mo", Count: 6, Unit: Months, Name: i18n.M("recovery.count.months", "Count", 6), KeytagColour: "blue"},
		{ID: "9mo", Count: 9, Unit: Months, Name: i18n.M("recovery.count.months", "Count", 9), KeytagColour: "yellow"},
		Anniversary(1),
		{ID: "500d", Count: 500, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 500)},
		{ID: "18mo", Count: 18, Unit: Months, Name: i18n.M("recovery.count.months", "Count", 18), KeytagColour: "grey"},
		Anniversary(2),
		{ID: "1000d", Count: 1000, Unit: Days, Name: i18n.M("recovery.count.days", "Count", 1000)},
	}
}

// Anniversary is the milestone of a whole number of years clean.
func Anniversary(years int) Milestone {
	m := Milestone{
		ID:           fmt.Sprintf("%dy", years),
		Count:        12 * years,
		Unit:         Months,
		Name:         i18n.M("recovery.count.years", "Count", years),
		KeytagColour: "black",
	}
	if years == 1 {
		m.KeytagColour = "glow-in-the-dark"
	}
	return m
}

// milestoneSequence is the endless sequence of milestones: the list, then every year.
type milestoneSequence []Milestone

func (seq milestoneSequence) at(n int) Milestone {
	if n < len(seq) {
		return seq[n]
	}
	return Anniversary(yearsInList + 1 + n - len(seq))
}

// MilestoneReached is a milestone a streak reached, and the day it did.
type MilestoneReached struct {
	Milestone
	On Date
	// CurrentStreak is true when the milestone was reached in the current streak; the
	// others were reached before a lapse and stay part of the member's history. The pair
	// (ID, On) identifies the event, so a celebration is shown once.
	CurrentStreak bool
}

// MilestoneAhead is the next milestone of the current streak.
type MilestoneAhead struct {
	Milestone
	On       Date
	DaysToGo int
	// At is the exact moment, known only for the 24-hour milestone when the time of
	// last use was given.
	At *time.Time
}

// reachDay is the day a streak that began with use on lastUse has lasted count units.
// Day and month milestones fall on the day the member's count shows them, so they move
// with the convention. An hour milestone without a known time of use falls on the first
// day after use on which that many hours have surely passed by midnight.
func reachDay(lastUse Date, count int, unit Unit, conv Convention) Date {
	switch unit {
	case Hours:
		return lastUse.AddDays((count + 23) / 24)
	case Months:
		return lastUse.AddMonths(count).AddDays(-conv.useDayCounts())
	}
	return lastUse.AddDays(count - conv.useDayCounts())
}

// reach is when s reaches m: the day, and for an hour milestone with a known time of use
// the exact instant, dated in loc.
func (s streak) reach(m Milestone, conv Convention, loc *time.Location) (Date, *time.Time) {
	if m.Unit == Hours && s.lastUseAt != nil {
		at := s.lastUseAt.Add(time.Duration(m.Count) * time.Hour)
		return DateOf(at, loc), &at
	}
	return reachDay(s.lastUse, m.Count, m.Unit, conv), nil
}

// walk returns the milestones s reached, in order, and the first one it has not. The
// sequence is ordered by reach day, so the walk stops at the first one not reached.
func (s streak) walk(seq milestoneSequence, conv Convention, now time.Time) ([]MilestoneReached, MilestoneAhead) {
	var reached []MilestoneReached
	for n := 0; ; n++ {
		m := seq.at(n)
		day, at := s.reach(m, conv, now.Location())
		if day.After(s.through) || (at != nil && now.Before(*at)) {
			return reached, MilestoneAhead{Milestone: m, On: day, At: at}
		}
		reached = append(reached, MilestoneReached{Milestone: m, On: day})
	}
}
