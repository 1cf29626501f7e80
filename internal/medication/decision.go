package medication

import (
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A take-home decision: the clinician sets how many take-home days a
// methadone supply may hold, against the criteria of 42 CFR 8.12(i)(2),
// with a reason code and a date of review for every change. Designed
// against punitive use: a decrease or revocation is shown to the member
// with its reason and the date it will be looked at again, and there is
// no reason code for punishment.

// Change is what a decision does to the take-home days ("medchange.<change>").
type Change string

const (
	Increase Change = "increase"
	Decrease Change = "decrease"
	Revoke   Change = "revoke"
	Keep     Change = "keep" // reviewed, unchanged
)

// ChangeFrom is the change from previous take-home days to days.
func ChangeFrom(previous, days int) Change {
	switch {
	case days > previous:
		return Increase
	case days == previous:
		return Keep
	case days == 0:
		return Revoke
	}
	return Decrease
}

// Criterion is one consideration of §8.12(i)(2) ("medcriterion.<code>").
type Criterion string

const (
	CriterionStability  Criterion = "stability"  // no active substance use or other condition raising overdose risk or impairing safe functioning
	CriterionAttendance Criterion = "attendance" // regular attendance for supervised doses
	CriterionBehaviour  Criterion = "behaviour"  // no serious behaviour endangering the patient, the public or others
	CriterionDiversion  Criterion = "diversion"  // no known recent diversion
	CriterionStorage    Criterion = "storage"    // the medicine can be carried and stored safely
	CriterionOther      Criterion = "other"      // anything else relevant to the patient's safety and the public's health
)

// Criteria lists the considerations in the rule's order.
var Criteria = []Criterion{CriterionStability, CriterionAttendance, CriterionBehaviour, CriterionDiversion, CriterionStorage, CriterionOther}

// Reasons by change ("medreason.<code>"). None is a punishment: a
// positive test or a rule broken is not, by itself, a reason.
var Reasons = map[Change][]string{
	Increase: {"criteria_met", "work_school_or_care", "travel", "distance_or_hardship", "other"},
	Keep:     {"review_no_change", "other"},
	Decrease: {"safety_concern", "missed_doses", "diversion_concern", "storage_concern", "clinical_change", "member_asked", "other"},
	Revoke:   {"safety_concern", "missed_doses", "diversion_concern", "storage_concern", "clinical_change", "member_asked", "other"},
}

// AllReasons lists every reason code once, for forms.
func AllReasons() []string {
	var out []string
	for _, c := range []Change{Increase, Keep, Decrease, Revoke} {
		for _, r := range Reasons[c] {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// MaxReviewDays bounds how far ahead a review may be set.
const MaxReviewDays = 180

// Decision is one take-home decision for an order series.
type Decision struct {
	ID              string
	ProgramID       string
	MemberID        string
	SeriesID        string
	Days            int // take-home days a supply may hold beyond closure days; 0 none
	Change          Change
	Reason          string
	Criteria        map[Criterion]bool // answered considerations: true met, false a concern
	Benefit         bool               // the benefit of take-homes outweighs the risks
	Note            string
	ReviewOn        recovery.Date
	DaysInTreatment int
	Ceiling         int // the ceiling when decided
	DecidedBy       string
	DecidedByName   string
	DecidedAt       time.Time
}

// ValidateDecision checks a decision against the previous take-home days
// and the ceiling now; it fills in the change.
func ValidateDecision(d *Decision, previous int, c Ceiling, today recovery.Date) error {
	errs := onward.FieldErrors{}
	switch {
	case !c.Applies:
		errs.Add("days", "meds.take_home_decisions_are_for_methadone")
	case d.Days < 0 || d.Days > MaxSupplyDays:
		errs.Add("days", "meds.take_home_days_between", "Max", MaxSupplyDays)
	case d.Days > c.Max:
		errs.Add("days", "meds.beyond_the_ceiling", "Count", c.Max, "Days", c.DaysInTreatment, "Limit", limitMsg(c))
	}
	d.Change = ChangeFrom(previous, d.Days)
	if !slices.Contains(Reasons[d.Change], d.Reason) {
		errs.Add("reason", "meds.choose_a_reason")
	}
	granting := d.Change == Increase || (d.Change == Keep && d.Days > 0)
	if granting {
		for _, k := range Criteria {
			if _, answered := d.Criteria[k]; !answered && k != CriterionOther {
				errs.Add("criteria", "meds.answer_every_criterion")
			}
		}
		if !d.Benefit {
			errs.Add("benefit", "meds.benefit_must_outweigh_risk")
		}
	}
	for k := range d.Criteria {
		if !slices.Contains(Criteria, k) {
			errs.Add("criteria", "meds.answer_every_criterion")
		}
	}
	switch {
	case d.ReviewOn == (recovery.Date{}):
		errs.Add("review_on", "meds.give_a_review_date")
	case !d.ReviewOn.After(today):
		errs.Add("review_on", "meds.review_in_the_future")
	case d.ReviewOn.After(today.AddDays(MaxReviewDays)):
		errs.Add("review_on", "meds.review_within", "Count", MaxReviewDays)
	}
	var fits bool
	if d.Note, fits = cleanText(d.Note, MaxNoteLength); !fits {
		errs.Add("note", "meds.note_too_long")
	}
	if d.Reason == "other" && d.Note == "" {
		errs.Add("note", "meds.say_why")
	}
	d.DaysInTreatment, d.Ceiling = c.DaysInTreatment, c.Max
	return errs.Err()
}
