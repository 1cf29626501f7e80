package medication

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Start is how a buprenorphine order begins ("medstart.<start>").
type Start string

const (
	StartMaintenance Start = ""         // continuing a dose already reached
	StartStandard    Start = "standard" // first dose once withdrawal is objective (COWS at the program's threshold)
	StartLowDose     Start = "low_dose" // small doses rising while the full agonist continues (Bernese method)
)

// Order is one version of a program's dose order. A change is a new
// version of the same series, never an overwrite: the version in force on
// a day is the newest whose StartOn is on or before it.
type Order struct {
	ID            string
	SeriesID      string // the first version's id
	Version       int
	ProgramID     string
	EnrolmentID   string
	MemberID      string
	Kind          Kind
	Form          Form
	DoseMg        float64
	Times         []string // daily dose times (daily forms)
	StartOn       recovery.Date
	EndOn         *recovery.Date
	Discharged    bool // EndOn is the day the enrolment was discharged, which ended the order
	Start         Start
	LowDose       []float64 // low-dose start: the day's total dose, day 1 first
	LastOpioidUse *recovery.Date
	Override      string // the documented reason to start naltrexone despite the start rule
	Note          string
	OrderedBy     string
	OrderedByName string
	OrderedAt     time.Time
}

// Spec is the order's form spec.
func (o *Order) Spec() FormSpec { s, _ := SpecOf(o.Kind, o.Form); return s }

// Covers reports whether the order version is the one to follow on day,
// ignoring newer versions (see Effective).
func (o *Order) Covers(day recovery.Date) bool {
	return !day.Before(o.StartOn) && (o.EndOn == nil || !day.After(*o.EndOn))
}

// DoseOn is the ordered dose on day: a low-dose start's step while it
// lasts, then the order's dose.
func (o *Order) DoseOn(day recovery.Date) float64 {
	if o.Start == StartLowDose {
		if i := o.StartOn.DaysUntil(day); i >= 0 && i < len(o.LowDose) {
			return o.LowDose[i]
		}
	}
	return o.DoseMg
}

// Effective returns the version of a series in force on day: the newest
// whose StartOn is on or before day, provided it covers day (it may have
// ended). versions may be in any order.
func Effective(versions []Order, day recovery.Date) *Order {
	var best *Order
	for i := range versions {
		v := &versions[i]
		if v.StartOn.After(day) {
			continue
		}
		if best == nil || v.Version > best.Version {
			best = v
		}
	}
	if best == nil || !best.Covers(day) {
		return nil
	}
	return best
}

// Limits of low-dose start schedules.
const (
	MinLowDoseDays = 3
	MaxLowDoseDays = 14
)

// BerneseExample is an example low-dose start (daily totals in mg, day 1
// first), as published with the Bernese method (docs/medication.md): the
// clinician adjusts it to the person; it is never applied unseen.
var BerneseExample = []float64{0.5, 1, 2, 4, 6, 8, 12}

// ValidateOrder checks an order version before it is written. today is
// the program's today (the member's time zone). previous is the version
// it replaces, nil for a new series.
func ValidateOrder(o *Order, previous *Order, today recovery.Date) error {
	errs := onward.FieldErrors{}
	spec, ok := SpecOf(o.Kind, o.Form)
	switch {
	case !ValidKind(o.Kind) || o.Kind == Naloxone:
		errs.Add("kind", "meds.choose_the_medicine")
	case !ok:
		errs.Add("form", "meds.choose_the_form")
	case !spec.ValidDose(o.DoseMg):
		errs.Add("dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
	}
	if previous != nil && (previous.Kind != o.Kind) {
		errs.Add("kind", "meds.new_series_for_another_medicine")
	}
	times, good := CleanTimes(o.Times)
	o.Times = times
	switch {
	case !good:
		errs.Add("times", "meds.times_like_08_00")
	case ok && spec.IntervalDays == 0 && len(times) == 0:
		errs.Add("times", "meds.give_a_dose_time")
	case len(times) > MaxTimes:
		errs.Add("times", "meds.at_most_four_times")
	}
	if ok && spec.IntervalDays > 0 {
		o.Times = nil
	}
	switch {
	case o.StartOn == (recovery.Date{}):
		errs.Add("start_on", "meds.give_the_start_day")
	case o.StartOn.Before(today.AddDays(-1)) && previous == nil:
		errs.Add("start_on", "meds.order_not_backdated")
	case o.StartOn.Before(today) && previous != nil:
		errs.Add("start_on", "meds.change_from_today")
	case o.StartOn.After(today.AddDays(90)):
		errs.Add("start_on", "meds.start_within_ninety_days")
	}
	if o.EndOn != nil && o.EndOn.Before(o.StartOn) {
		errs.Add("end_on", "meds.end_after_start")
	}
	switch o.Start {
	case StartMaintenance:
	case StartStandard:
		if o.Kind != Buprenorphine {
			errs.Add("start", "meds.start_types_are_for_buprenorphine")
		}
	case StartLowDose:
		if o.Kind != Buprenorphine || (o.Form != SublingualTablet && o.Form != Film) {
			errs.Add("start", "meds.low_dose_needs_sublingual_buprenorphine")
			break
		}
		if len(o.LowDose) < MinLowDoseDays || len(o.LowDose) > MaxLowDoseDays {
			errs.Add("low_dose", "meds.low_dose_days", "Min", MinLowDoseDays, "Max", MaxLowDoseDays)
			break
		}
		if slices.ContainsFunc(o.LowDose, func(mg float64) bool { return !spec.ValidDose(mg) }) {
			errs.Add("low_dose", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
		}
	default:
		errs.Add("start", "meds.choose_how_it_starts")
	}
	if o.Start != StartLowDose {
		o.LowDose = nil
	}
	var fits bool
	if o.Note, fits = cleanText(o.Note, MaxNoteLength); !fits {
		errs.Add("note", "meds.note_too_long")
	}
	if o.Override, fits = cleanText(o.Override, MaxNoteLength); !fits {
		errs.Add("override", "meds.note_too_long")
	}
	return errs.Err()
}
