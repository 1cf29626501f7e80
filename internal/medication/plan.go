package medication

import (
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Plan is a member's own medication, in their words: what they take, how
// much and when, who prescribes it or which program gives it. A naloxone
// kit is a plan too, with an expiry date instead of dose times.
type Plan struct {
	ID         string
	MemberID   string
	Kind       Kind
	Form       Form
	DoseMg     float64
	Times      []string       // "HH:MM" daily dose times (daily forms)
	NextDue    *recovery.Date // the next injection (extended-release forms)
	KitExpires *recovery.Date // naloxone
	Prescriber string         // prescriber or program, as the member writes it
	StartOn    recovery.Date
	StoppedOn  *recovery.Date
	Remind     bool // reminders at dose times, before an injection, before a kit expires
	Version    int  // 1 when created, +1 at every change
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Spec is the plan's form spec (the zero spec for an unknown form).
func (p *Plan) Spec() FormSpec { s, _ := SpecOf(p.Kind, p.Form); return s }

// Active reports whether the plan is in use on day.
func (p *Plan) Active(day recovery.Date) bool {
	return !day.Before(p.StartOn) && (p.StoppedOn == nil || day.Before(*p.StoppedOn))
}

// Validate checks a plan against the member's today, trimming what it can.
func (p *Plan) Validate(today recovery.Date) error {
	errs := onward.FieldErrors{}
	spec, ok := SpecOf(p.Kind, p.Form)
	switch {
	case !ValidKind(p.Kind):
		errs.Add("kind", "meds.choose_the_medicine")
	case !ok:
		errs.Add("form", "meds.choose_how_you_take_it")
	}
	if ok && !spec.Kit && !spec.ValidDose(p.DoseMg) {
		errs.Add("dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
	}
	if ok && spec.Kit && p.DoseMg != 0 && !spec.ValidDose(p.DoseMg) {
		errs.Add("dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
	}
	times, good := CleanTimes(p.Times)
	p.Times = times
	switch {
	case !good:
		errs.Add("times", "meds.times_like_08_00")
	case ok && spec.IntervalDays == 0 && !spec.Kit && len(times) == 0:
		errs.Add("times", "meds.give_a_dose_time")
	case len(times) > MaxTimes:
		errs.Add("times", "meds.at_most_four_times")
	}
	if ok && (spec.IntervalDays > 0 || spec.Kit) {
		p.Times = nil
	}
	if ok && spec.IntervalDays > 0 {
		switch {
		case p.NextDue == nil:
			errs.Add("next_due", "meds.give_the_next_injection_day")
		case p.NextDue.Before(today.AddDays(-spec.IntervalDays)) || p.NextDue.After(today.AddDays(2*spec.IntervalDays)):
			errs.Add("next_due", "meds.next_injection_within", "Count", 2*spec.IntervalDays)
		}
	} else {
		p.NextDue = nil
	}
	if ok && spec.Kit {
		if p.KitExpires == nil {
			errs.Add("kit_expires", "meds.give_the_expiry_date")
		} else if p.KitExpires.Before(today.AddDays(-3650)) || p.KitExpires.After(today.AddDays(3650)) {
			errs.Add("kit_expires", "meds.expiry_within_ten_years")
		}
	} else {
		p.KitExpires = nil
	}
	var fits bool
	if p.Prescriber, fits = cleanText(p.Prescriber, MaxNameLength); !fits {
		errs.Add("prescriber", "meds.name_too_long")
	}
	switch {
	case p.StartOn == (recovery.Date{}):
		errs.Add("start_on", "meds.give_the_start_day")
	case p.StartOn.After(today.AddDays(60)):
		errs.Add("start_on", "meds.start_within_sixty_days")
	case p.StartOn.Before(recovery.Date{Year: 1950, Month: time.January, Day: 1}):
		errs.Add("start_on", "meds.start_after_1950")
	}
	if p.StoppedOn != nil && p.StoppedOn.Before(p.StartOn) {
		errs.Add("stopped_on", "meds.stop_after_start")
	}
	return errs.Err()
}

// Stopping tells a member what stopping a plan means for them: for an
// opioid agonist or naltrexone, tolerance falls fast and a usual dose of
// an opioid can kill.
func (p *Plan) Stopping() bool { return p.Kind != Naloxone }
