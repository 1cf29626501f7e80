package medication

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Slot is one scheduled dose: of a member's plan or of a program's order
// series, on a local day at a dose time ("" for an injection, due that
// day). A recorded Dose has the same (ScheduleID, Day, Slot).
type Slot struct {
	ScheduleID string
	Kind       Kind
	Form       Form
	Day        recovery.Date
	Time       string
	DoseMg     float64
	OrderID    string // the order version in force, for a program's slot
	ProgramID  string // set for a program's slot
	TakeHome   bool   // covered by a take-home supply: taken at home
}

// Key identifies a scheduled dose.
func (s Slot) Key() string { return s.ScheduleID + "|" + s.Day.String() + "|" + s.Time }

// DoseKey is the key of the slot a recorded dose belongs to.
func DoseKey(d Dose) string { return d.ScheduleID + "|" + d.Day.String() + "|" + d.Slot }

// DueAt is when the slot falls due in loc: its time, or for an injection
// the end of its day.
func (s Slot) DueAt(loc *time.Location) time.Time {
	if s.Time == "" {
		return localTime(s.Day, "23:59", loc)
	}
	return localTime(s.Day, s.Time, loc)
}

// PlanSlots are a member's plan's doses on day: one per dose time, or the
// injection when it is due that day. A kit has none.
func PlanSlots(p *Plan, day recovery.Date) []Slot {
	spec := p.Spec()
	if spec.Kit || !p.Active(day) {
		return nil
	}
	base := Slot{ScheduleID: p.ID, Kind: p.Kind, Form: p.Form, Day: day, DoseMg: p.DoseMg}
	if spec.IntervalDays > 0 {
		if p.NextDue != nil && *p.NextDue == day {
			return []Slot{base}
		}
		return nil
	}
	out := make([]Slot, 0, len(p.Times))
	for _, t := range p.Times {
		s := base
		s.Time = t
		out = append(out, s)
	}
	return out
}

// OrderSlots are a program's order series' doses on day, from the
// version in force: one per dose time (taken at home on a day a take-home
// supply covers), or an injection on its start day and every interval
// after it.
func OrderSlots(versions []Order, supplies []Dispense, day recovery.Date) []Slot {
	o := Effective(versions, day)
	if o == nil {
		return nil
	}
	spec := o.Spec()
	base := Slot{ScheduleID: o.SeriesID, Kind: o.Kind, Form: o.Form, Day: day, DoseMg: o.DoseOn(day), OrderID: o.ID, ProgramID: o.ProgramID}
	if spec.IntervalDays > 0 {
		if first := seriesStart(versions); first.DaysUntil(day)%spec.IntervalDays == 0 {
			return []Slot{base}
		}
		return nil
	}
	base.TakeHome = slices.ContainsFunc(supplies, func(d Dispense) bool { return d.SeriesID == o.SeriesID && d.Covers(day) })
	out := make([]Slot, 0, len(o.Times))
	for _, t := range o.Times {
		s := base
		s.Time = t
		out = append(out, s)
	}
	return out
}

// seriesStart is the first day of an order series.
func seriesStart(versions []Order) recovery.Date {
	first := versions[0].StartOn
	for _, v := range versions[1:] {
		if v.StartOn.Before(first) {
			first = v.StartOn
		}
	}
	return first
}

// Adherence counts scheduled doses and what became of them.
type Adherence struct {
	Scheduled int // due so far
	Taken     int // taken, on time or late
	Late      int // of Taken, late
	Missed    int // missed or refused
	Unlogged  int // due and not recorded
}

// Percent is the share of due doses taken, rounded down; 0 when none was due.
func (a Adherence) Percent() int {
	if a.Scheduled == 0 {
		return 0
	}
	return a.Taken * 100 / a.Scheduled
}

// AdherenceOf counts the slots of a window that have fallen due by now
// and the doses recorded for the window; a recorded dose counts even when
// its slot is no longer in a schedule (an injection given, a plan
// changed since).
func AdherenceOf(slots []Slot, doses []Dose, now time.Time, loc *time.Location) Adherence {
	var a Adherence
	recorded := map[string]Dose{}
	for _, d := range doses {
		recorded[DoseKey(d)] = d
	}
	seen := map[string]bool{}
	for _, s := range slots {
		k := s.Key()
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := recorded[k]; !ok && !now.Before(s.DueAt(loc)) {
			a.Scheduled++
			a.Unlogged++
		}
	}
	for _, d := range doses {
		a.Scheduled++
		switch {
		case d.Status.Took():
			a.Taken++
			if d.Status == Late {
				a.Late++
			}
		default:
			a.Missed++
		}
	}
	return a
}

// DayMark sums up one day of a calendar ("medmark.<mark>").
type DayMark string

const (
	MarkNone     DayMark = ""         // nothing scheduled
	MarkTaken    DayMark = "taken"    // every due dose taken
	MarkMissed   DayMark = "missed"   // at least one missed
	MarkUnlogged DayMark = "unlogged" // due doses not recorded, none missed
	MarkPending  DayMark = "pending"  // doses still to come today
)

// MarkOf sums up the slots and doses of one day.
func MarkOf(slots []Slot, doses []Dose, now time.Time, loc *time.Location) DayMark {
	a := AdherenceOf(slots, doses, now, loc)
	switch {
	case a.Missed > 0:
		return MarkMissed
	case a.Unlogged > 0:
		return MarkUnlogged
	case a.Scheduled > 0 && a.Scheduled == a.Taken && a.Scheduled >= len(uniqueKeys(slots)):
		return MarkTaken
	case len(slots) > 0:
		return MarkPending
	case a.Taken > 0:
		return MarkTaken
	}
	return MarkNone
}

func uniqueKeys(slots []Slot) map[string]bool {
	out := map[string]bool{}
	for _, s := range slots {
		out[s.Key()] = true
	}
	return out
}
