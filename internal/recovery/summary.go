package recovery

import (
	"slices"
	"time"
)

// Lapse is a day with any use after recovery began.
type Lapse struct {
	On Date
}

// Input is everything needed to summarise a member's recovery on one day.
type Input struct {
	// Start is the day of the last use that began this recovery.
	Start Date
	// StartTime is the exact time of that use, when known; it dates the 24-hour milestone.
	StartTime *time.Time
	// Lapses may be in any order; duplicates, and lapses on or before Start or after
	// Today, are ignored.
	Lapses     []Lapse
	Convention Convention
	// Today is the member's local date.
	Today Date
	// Now is the current instant in the member's time zone; it is used only for the
	// 24-hour milestone, whose day is Now's location's day.
	Now time.Time
	// DailySpend is the money once spent on using per day; 0 when not given.
	DailySpend float64
	// DailyHours is the time once spent using or getting drugs per day; 0 when not given.
	DailyHours float64
}

// Summary is a member's recovery as shown to them on one day.
type Summary struct {
	// LastUse is the day of use that began the current streak: Start, or the last lapse.
	LastUse           Date
	CurrentStreakDays int
	// TotalDays counts every day in recovery since Start under the convention, leaving
	// out only lapse days, so a lapse never takes away days already lived.
	TotalDays         int
	LongestStreakDays int
	// Stage follows the current streak: it describes where the member is now in
	// continuous recovery, while TotalDays and Reached keep the whole history.
	Stage Stage
	// Reached holds every milestone reached in any streak, oldest first; none is ever
	// removed. A milestone reached again after a lapse appears again.
	Reached []MilestoneReached
	// Next is the current streak's next milestone.
	Next          *MilestoneAhead
	MoneySaved    float64 // DailySpend × TotalDays
	HoursRegained float64 // DailyHours × TotalDays
}

// Summarize computes a member's clean time, stage, milestones and savings.
func Summarize(in Input) Summary {
	streaks := streaksOf(in)
	current := streaks[len(streaks)-1]
	sum := Summary{
		LastUse:           current.lastUse,
		CurrentStreakDays: current.count(in.Convention),
		Stage:             stageOf(current, in.Convention),
	}

	seq := milestoneSequence(Milestones())
	cleanDays := 0
	for i, s := range streaks {
		cleanDays += s.cleanDays()
		sum.LongestStreakDays = max(sum.LongestStreakDays, s.count(in.Convention))
		reached, next := s.walk(seq, in.Convention, in.Now)
		isCurrent := i == len(streaks)-1
		for _, r := range reached {
			r.CurrentStreak = isCurrent
			sum.Reached = append(sum.Reached, r)
		}
		if isCurrent {
			next.DaysToGo = in.Today.DaysUntil(next.On)
			sum.Next = &next
		}
	}
	// The convention shifts the whole count the way it shifts the first streak, so with
	// no lapses the total and the current streak are the same number.
	if !in.Today.Before(in.Start) {
		sum.TotalDays = cleanDays + in.Convention.useDayCounts()
	}
	sum.MoneySaved = max(0, in.DailySpend) * float64(sum.TotalDays)
	sum.HoursRegained = max(0, in.DailyHours) * float64(sum.TotalDays)
	return sum
}

// CurrentStage is Summarize(in).Stage alone, for the check-in's early
// warning, which needs nothing else of the summary.
func CurrentStage(in Input) Stage {
	streaks := streaksOf(in)
	return stageOf(streaks[len(streaks)-1], in.Convention)
}

// streak is one continuous stretch of recovery: it begins with a day of use and runs
// through the day before the next one, or through today.
type streak struct {
	lastUse   Date
	lastUseAt *time.Time
	through   Date
}

// cleanDays is the number of days without use in s.
func (s streak) cleanDays() int { return max(0, s.lastUse.DaysUntil(s.through)) }

// count is the day number the member sees at the end of s.
func (s streak) count(conv Convention) int {
	if s.through.Before(s.lastUse) {
		return 0
	}
	return s.cleanDays() + conv.useDayCounts()
}

func streaksOf(in Input) []streak {
	var streaks []streak
	current := streak{lastUse: in.Start, lastUseAt: in.StartTime}
	for _, day := range lapseDays(in) {
		current.through = day.AddDays(-1)
		streaks = append(streaks, current)
		current = streak{lastUse: day}
	}
	current.through = in.Today
	return append(streaks, current)
}

// lapseDays are the distinct days of use after Start up to Today, oldest first. A lapse
// on Start is the same day of use that began recovery, not a new one.
func lapseDays(in Input) []Date {
	var days []Date
	for _, l := range in.Lapses {
		if l.On.After(in.Start) && !l.On.After(in.Today) {
			days = append(days, l.On)
		}
	}
	slices.SortFunc(days, Date.Compare)
	return slices.CompactFunc(days, Date.Equal)
}
