package medication

import (
	"slices"

	"github.com/onward-recovery/onward/internal/recovery"
)

// InUse lists the medicines a member takes on day, each once and in Kinds
// order: their own plans in use that day and the version of each program
// order series in force that day. A naloxone kit is carried, not taken,
// and is left out. What a drug test is expected to find is judged from it.
func InUse(plans []Plan, orders []Order, day recovery.Date) []Kind {
	taken := map[Kind]bool{}
	for i := range plans {
		if plans[i].Kind != Naloxone && plans[i].Active(day) {
			taken[plans[i].Kind] = true
		}
	}
	for _, versions := range SeriesOf(orders) {
		if o := Effective(versions, day); o != nil && o.Kind != Naloxone {
			taken[o.Kind] = true
		}
	}
	out := []Kind{}
	for _, k := range Kinds {
		if taken[k] {
			out = append(out, k)
		}
	}
	return slices.Clip(out)
}
