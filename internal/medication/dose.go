package medication

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Status is what became of one scheduled dose ("medstatus.<status>").
type Status string

const (
	Taken   Status = "taken"   // taken at its time
	Late    Status = "late"    // taken, later than its time
	Missed  Status = "missed"  // not taken
	Refused Status = "refused" // offered at the window and not taken (recorded by staff)
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []Status{Taken, Late, Missed, Refused}

// Took reports whether the dose was taken.
func (s Status) Took() bool { return s == Taken || s == Late }

// Setting is where a dose was taken ("medsetting.<setting>").
type Setting string

const (
	Observed Setting = "observed" // at the clinic, under a nurse's eye
	Home     Setting = "home"     // at home (a take-home dose, or a prescription)
)

// Dose is one scheduled dose and what became of it. A scheduled dose is
// (ScheduleID, Day, Slot): the plan's or the order series' id, the local
// day, and the dose time ("HH:MM"; "" for an injection, whose Day is its
// due day). It is recorded once; a member may correct their own home log.
type Dose struct {
	ID         string
	MemberID   string
	ScheduleID string // a member's plan, or a program's order series
	OrderID    string // the order version in force, for a program's dose
	ProgramID  string // set for a dose recorded by a program's staff
	Kind       Kind
	Day        recovery.Date
	Slot       string
	Status     Status
	Setting    Setting
	DoseMg     float64 // what was taken; 0 when not taken
	TakenAt    *time.Time
	RecordedBy string
	ByStaff    bool   // recorded by a program's staff, not by the member
	ClientID   string // set by a client so a double tap or an offline replay records once
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ValidateDose checks a dose against its schedule's spec and the
// recorder's now (in the member's time zone, loc). A dose may not be in
// the future, nor further back than MaxLookbackDays for a member; staff
// record today's and yesterday's.
func ValidateDose(d *Dose, spec FormSpec, byStaff bool, now time.Time, loc *time.Location) error {
	errs := onward.FieldErrors{}
	today := recovery.DateOf(now, loc)
	if !slices.Contains(Statuses, d.Status) || (d.Status == Refused && !byStaff) {
		errs.Add("status", "meds.choose_what_happened")
	}
	if d.Setting != Observed && d.Setting != Home {
		errs.Add("setting", "meds.choose_where")
	}
	if err := CheckDoseDay(d.Day, today, byStaff); err != nil {
		e := err.(*onward.Error)
		errs.Add("day", e.Fields["day"].ID, e.Fields["day"].Args...)
	}
	if d.Status.Took() {
		// Written as a negation so NaN is refused.
		if !(d.DoseMg > 0) || !spec.ValidDose(d.DoseMg) {
			errs.Add("dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
		}
		switch {
		case d.TakenAt == nil:
			t := now
			d.TakenAt = &t
		case d.TakenAt.After(now.Add(2 * time.Minute)):
			// A device clock a little fast is not a dose in the future.
			errs.Add("taken_at", "meds.not_in_the_future")
		case recovery.DateOf(*d.TakenAt, loc).Before(d.Day):
			errs.Add("taken_at", "meds.taken_before_its_day")
		}
	} else {
		d.DoseMg, d.TakenAt = 0, nil
	}
	if len(d.ClientID) > MaxClientID {
		errs.Add("client_id", "meds.client_id_too_long")
	}
	return errs.Err()
}

// CheckDoseDay refuses a dose's day in the future, or further back than a
// member (MaxLookbackDays) or the staff (yesterday) may record; it comes
// before anything else is looked up, so the answer names the day.
func CheckDoseDay(day, today recovery.Date, byStaff bool) error {
	lookback := MaxLookbackDays
	if byStaff {
		lookback = 1
	}
	switch {
	case day == (recovery.Date{}):
		return onward.Invalid("day", "meds.give_the_day")
	case day.After(today):
		return onward.Invalid("day", "meds.not_in_the_future")
	case day.Before(today.AddDays(-lookback)):
		return onward.Invalid("day", "meds.too_far_back", "Count", lookback)
	}
	return nil
}
