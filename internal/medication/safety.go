package medication

import (
	"slices"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Safety notices a member is shown at the right moments (clinical-facts
// §8; docs/medication.md).
type Notice string

const (
	// NoticeLostTolerance: a medicine was stopped, or an injection missed:
	// tolerance falls fast and a usual dose of an opioid can kill.
	NoticeLostTolerance Notice = "lost_tolerance"
	// NoticeCombination: benzodiazepines, alcohol and other sedatives with
	// an opioid medicine can stop breathing; a warning to manage the
	// combination with the prescriber, never to stop the medicine (FDA,
	// 20 September 2017).
	NoticeCombination Notice = "combination"
)

// LostToleranceDays is how long after stopping, or after a missed
// injection, the lost-tolerance notice is shown: the first weeks carry
// the most risk (Binswanger 2007: the first two weeks after release).
const LostToleranceDays = 28

// Notices returns the notices for a member's medication on today, most
// urgent first.
func Notices(plans []Plan, orders []Order, doses []Dose, today recovery.Date) []Notice {
	var out []Notice
	lost := false
	agonist := false
	for i := range plans {
		p := &plans[i]
		if p.Kind == Naloxone {
			continue
		}
		if p.StoppedOn != nil && !p.StoppedOn.After(today) && today.DaysUntil(*p.StoppedOn) > -LostToleranceDays {
			lost = true
		}
		if p.Active(today) {
			agonist = agonist || p.Kind.Agonist()
			if p.Spec().IntervalDays > 0 && p.NextDue != nil && p.NextDue.Before(today) {
				lost = true
			}
		}
	}
	for _, versions := range SeriesOf(orders) {
		if o := Effective(versions, today); o != nil {
			agonist = agonist || o.Kind.Agonist()
		}
	}
	for _, d := range doses {
		spec, _ := SpecOf(d.Kind, formOfSchedule(d, plans, orders))
		if spec.IntervalDays > 0 && !d.Status.Took() && today.DaysUntil(d.Day) > -LostToleranceDays {
			lost = true
		}
	}
	if lost {
		out = append(out, NoticeLostTolerance)
	}
	if agonist {
		out = append(out, NoticeCombination)
	}
	return out
}

// formOfSchedule is the form of the plan or order a dose belongs to.
func formOfSchedule(d Dose, plans []Plan, orders []Order) Form {
	if i := slices.IndexFunc(plans, func(p Plan) bool { return p.ID == d.ScheduleID }); i >= 0 {
		return plans[i].Form
	}
	if i := slices.IndexFunc(orders, func(o Order) bool { return o.SeriesID == d.ScheduleID }); i >= 0 {
		return orders[i].Form
	}
	return ""
}
