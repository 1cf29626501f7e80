package medication

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The caseload's medication flags, from a member's medication facts. Each
// flag's time is fixed by the facts (a due day, a review date, the newest
// missed dose), so computing them again changes nothing and an
// acknowledgement holds until the facts change.

// Settings are a program's medication settings.
type Settings struct {
	// MissedDoses is how many doses missed or refused in MissedWindowDays
	// raise the missed-doses flag; 0 turns it off.
	MissedDoses int
	// TakeHomePolicy is the program's own take-home policy, stricter than
	// the federal one (nil: none).
	TakeHomePolicy Policy
}

// DefaultSettings apply until a program sets its own.
var DefaultSettings = Settings{MissedDoses: 2}

// Bounds of the settings.
const (
	MaxMissedDosesSetting = 14
	MissedWindowDays      = 7
	OrderEndingDays       = 3 // an order ending this many days ahead with no renewal is flagged
)

// FlagCodes are the caseload flags this package decides.
var FlagCodes = []string{caseload.FlagMissedDoses, caseload.FlagInjectionOverdue, caseload.FlagTakeHomeReview, caseload.FlagOrderEnding}

// Facts are what the flags of one member are decided from.
type Facts struct {
	Plans     []Plan
	Orders    []Order    // every version of the member's order series
	Doses     []Dose     // at least the last injection interval's
	Decisions []Decision // the newest of each series
	Settings  Settings
}

// Flags returns the member's medication flags now (in their time zone
// loc), at most one per code, each at the moment its reason arose.
func Flags(f Facts, now time.Time, loc *time.Location) []caseload.Event {
	today := recovery.DateOf(now, loc)
	midnight := func(d recovery.Date) time.Time { return localTime(d, "00:00", loc) }
	var out []caseload.Event
	add := func(code string, at time.Time) {
		i := slices.IndexFunc(out, func(e caseload.Event) bool { return e.Code == code })
		switch {
		case i < 0:
			out = append(out, caseload.Event{Code: code, At: at})
		case at.Before(out[i].At):
			out[i].At = at
		}
	}
	recorded := map[string]bool{}
	var missed []Dose
	for _, d := range f.Doses {
		recorded[DoseKey(d)] = true
		if !d.Status.Took() && !d.Day.Before(today.AddDays(1-MissedWindowDays)) && !d.Day.After(today) {
			missed = append(missed, d)
		}
	}
	if n := f.Settings.MissedDoses; n > 0 && len(missed) >= n {
		latest := missed[0].CreatedAt
		for _, d := range missed[1:] {
			if d.CreatedAt.After(latest) {
				latest = d.CreatedAt
			}
		}
		add(caseload.FlagMissedDoses, latest)
	}
	for i := range f.Plans {
		p := &f.Plans[i]
		if p.Spec().IntervalDays > 0 && p.Active(today) && p.NextDue != nil && p.NextDue.Before(today) {
			add(caseload.FlagInjectionOverdue, midnight(p.NextDue.AddDays(1)))
		}
	}
	for _, versions := range SeriesOf(f.Orders) {
		cur := Effective(versions, today)
		if cur == nil {
			continue
		}
		if interval := cur.Spec().IntervalDays; interval > 0 {
			// The earliest due injection, up to an interval back, not given.
			for day := today.AddDays(-interval); day.Before(today); day = day.AddDays(1) {
				for _, s := range OrderSlots(versions, nil, day) {
					if !recorded[s.Key()] {
						add(caseload.FlagInjectionOverdue, midnight(day.AddDays(1)))
					}
				}
			}
		}
		if cur.EndOn != nil && !cur.Discharged && !cur.EndOn.After(today.AddDays(OrderEndingDays)) && !renewed(versions, *cur.EndOn) {
			add(caseload.FlagOrderEnding, midnight(cur.EndOn.AddDays(-OrderEndingDays)))
		}
	}
	for _, d := range f.Decisions {
		if !d.ReviewOn.After(today) {
			add(caseload.FlagTakeHomeReview, midnight(d.ReviewOn))
		}
	}
	return out
}

// renewed reports whether a version starts after the day before end,
// carrying the series on.
func renewed(versions []Order, end recovery.Date) bool {
	return slices.ContainsFunc(versions, func(v Order) bool {
		return v.StartOn.After(end.AddDays(-OrderEndingDays-1)) && (v.EndOn == nil || v.EndOn.After(end))
	})
}

// SeriesOf groups order versions by series, each in version order.
func SeriesOf(orders []Order) map[string][]Order {
	out := map[string][]Order{}
	for _, o := range orders {
		out[o.SeriesID] = append(out[o.SeriesID], o)
	}
	for _, v := range out {
		slices.SortFunc(v, func(a, b Order) int { return a.Version - b.Version })
	}
	return out
}
