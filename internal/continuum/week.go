package continuum

import (
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Record is one recorded attendance of a member: when the session started,
// how long it was and what staff recorded.
type Record struct {
	StartsAt   time.Time
	Minutes    int
	Attendance string
}

// Week is a member's attendance over one calendar week (Monday to Sunday
// in their time zone) against the hours their level of care expects.
type Week struct {
	Start    recovery.Date // the Monday
	Expected float64       // hours the level expects
	Attended float64       // hours of sessions attended, late included
	Excused  float64       // hours of excused absences, taken off Expected
}

// Due is what the week expects once excused absences are taken off.
func (w Week) Due() float64 { return max(w.Expected-w.Excused, 0) }

// Below reports whether the member attended fewer hours than were due.
func (w Week) Below() bool { return w.Expected > 0 && w.Attended+1e-9 < w.Due() }

// End is the day after the week's Sunday.
func (w Week) End() recovery.Date { return w.Start.AddDays(7) }

// Monday is the Monday of d's week.
func Monday(d recovery.Date) recovery.Date {
	wd := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
	return d.AddDays(-((int(wd) + 6) % 7))
}

// Sum adds records into the week starting on Monday start, in loc.
func Sum(start recovery.Date, expected float64, records []Record, loc *time.Location) Week {
	w := Week{Start: start, Expected: expected}
	end := w.End()
	for _, r := range records {
		day := recovery.DateOf(r.StartsAt, loc)
		if day.Before(start) || !day.Before(end) {
			continue
		}
		w.add(r)
	}
	return w
}

// ByWeek sums records into weeks by their Monday, in loc; each week's
// Expected is left for the caller to set.
func ByWeek(records []Record, loc *time.Location) map[recovery.Date]Week {
	out := map[recovery.Date]Week{}
	for _, r := range records {
		start := Monday(recovery.DateOf(r.StartsAt, loc))
		w := out[start]
		w.Start = start
		w.add(r)
		out[start] = w
	}
	return out
}

func (w *Week) add(r Record) {
	hours := float64(r.Minutes) / 60
	switch {
	case Present(r.Attendance):
		w.Attended += hours
	case r.Attendance == Excused:
		w.Excused += hours
	}
}

// LastWeek is the member's last complete week before today, when their
// current level expects hours and they were at it for the whole week;
// nil otherwise (a member who joined or moved mid-week is not measured
// against a week they were not at that level for).
func LastWeek(today, levelStart recovery.Date, expected float64, records []Record, loc *time.Location) *Week {
	start := Monday(today).AddDays(-7)
	if expected <= 0 || levelStart.After(start) {
		return nil
	}
	w := Sum(start, expected, records, loc)
	return &w
}
