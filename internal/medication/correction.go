package medication

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A dose recorded at the window in error (the wrong member's row tapped,
// "missed" for someone who came late, the wrong amount) is corrected, never
// erased: the record takes the corrected values and the values it replaced
// are kept with who corrected them, when and why, as a paper
// administration record is struck through and initialled.

// MaxCorrectionDays is how far back a program's staff may correct a dose
// they recorded: the member's medication page shows the last 30 days.
const MaxCorrectionDays = 30

// MaxCorrectionReason bounds the reason given for a correction.
const MaxCorrectionReason = 500

// ErrCorrectionChangesNothing refuses a correction that asks for what the
// record already says.
var ErrCorrectionChangesNothing = onward.Invalid("status", "meds.correction_changes_nothing")

// Correction is one correction of a dose record: the values it replaced,
// and who made it, when and why.
type Correction struct {
	DoseID          string
	Version         int // the dose record's version the correction replaced
	Status          Status
	DoseMg          float64
	TakenAt         *time.Time
	Reason          string
	CorrectedBy     string
	CorrectedByName string
	CorrectedAt     time.Time
}

// CorrectionInput is what staff change in a dose record.
type CorrectionInput struct {
	Version    int // the version the staff member saw
	Status     Status
	DoseMg     float64
	TakenAt    *time.Time
	TakenClock string // "HH:MM" on the dose's day, when TakenAt is not given
	Reason     string
}

// Correctable reports whether a dose of day may still be corrected today.
func Correctable(day, today recovery.Date) bool {
	return !day.Before(today.AddDays(-MaxCorrectionDays))
}

// Correct returns dose with in's values after checking them against the
// dose's spec and the staff member's now (in the member's time zone, loc),
// and the correction that records the values replaced. Only a dose a
// program's staff recorded is corrected this way, within
// MaxCorrectionDays; a correction must change something and say why.
func Correct(dose Dose, in CorrectionInput, spec FormSpec, now time.Time, loc *time.Location) (Dose, Correction, error) {
	errs := onward.FieldErrors{}
	today := recovery.DateOf(now, loc)
	if !Correctable(dose.Day, today) {
		return Dose{}, Correction{}, onward.Invalid("day", "meds.too_old_to_correct", "Count", MaxCorrectionDays)
	}
	reason := strings.TrimSpace(in.Reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		errs.Add("reason", "meds.say_why_corrected")
	case n > MaxCorrectionReason:
		errs.Add("reason", "meds.correction_reason_too_long", "Count", MaxCorrectionReason)
	}
	if !slices.Contains(Statuses, in.Status) {
		errs.Add("status", "meds.choose_what_happened")
	}
	corrected := dose
	corrected.Status = in.Status
	corrected.DoseMg, corrected.TakenAt = 0, nil
	if in.Status.Took() && in.TakenAt == nil && in.TakenClock != "" {
		hm, err := time.Parse("15:04", in.TakenClock)
		if err != nil {
			errs.Add("taken_at", "meds.give_the_time_taken")
		} else {
			t := time.Date(dose.Day.Year, dose.Day.Month, dose.Day.Day, hm.Hour(), hm.Minute(), 0, 0, loc)
			in.TakenAt = &t
		}
	}
	if in.Status.Took() {
		// Written as a negation so NaN is refused.
		if !(in.DoseMg > 0) || !spec.ValidDose(in.DoseMg) {
			errs.Add("dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
		}
		switch {
		case in.TakenAt == nil:
			errs.Add("taken_at", "meds.give_the_time_taken")
		case in.TakenAt.After(now.Add(2 * time.Minute)):
			errs.Add("taken_at", "meds.not_in_the_future")
		case recovery.DateOf(*in.TakenAt, loc) != dose.Day:
			errs.Add("taken_at", "meds.taken_on_its_day")
		}
		corrected.DoseMg, corrected.TakenAt = in.DoseMg, in.TakenAt
	}
	if err := errs.Err(); err != nil {
		return Dose{}, Correction{}, err
	}
	if sameRecord(dose, corrected) {
		return Dose{}, Correction{}, ErrCorrectionChangesNothing
	}
	return corrected, Correction{DoseID: dose.ID, Version: dose.Version, Status: dose.Status, DoseMg: dose.DoseMg,
		TakenAt: dose.TakenAt, Reason: reason}, nil
}

// sameRecord reports whether two records of one dose say the same thing
// (a time to the minute, as the form shows it).
func sameRecord(a, b Dose) bool {
	if a.Status != b.Status || a.DoseMg != b.DoseMg || (a.TakenAt == nil) != (b.TakenAt == nil) {
		return false
	}
	return a.TakenAt == nil || a.TakenAt.Truncate(time.Minute).Equal(b.TakenAt.Truncate(time.Minute))
}
