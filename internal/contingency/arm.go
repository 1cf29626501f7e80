package contingency

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/drugtest"
)

// Target is what an arm rewards.
type Target string

const (
	NegativeTest Target = "negative_test" // a test negative for the arm's substances
	Attendance   Target = "attendance"    // a session attended (reported by the sessions area)
	Adherence    Target = "adherence"     // medication taken as prescribed (reported by the medication area)
	Task         Target = "task"          // a treatment-plan task completed, recorded by staff
)

// Targets lists every target.
var Targets = []Target{NegativeTest, Attendance, Adherence, Task}

// ArmStatus is where an arm stands.
type ArmStatus string

const (
	ArmActive         ArmStatus = "active"
	ArmAwaitingReview ArmStatus = "awaiting_review" // opioid abstinence is its only target: a clinician reviews it first
	ArmClosed         ArmStatus = "closed"
)

// Arm is one CM schedule of a program with its targets and funder. Every
// member of an arm has the same chance to earn: the schedule, targets
// and substances are the arm's, not the member's, and cannot change once
// members are in it (a program opens a new arm instead); when negative
// tests are a target, the arm sets every member's testing frequency.
type Arm struct {
	ID         string
	ProgramID  string
	Name       string
	FunderID   string
	FunderName string
	Schedule   Schedule
	Targets    []Target
	Substances []string           // for NegativeTest: the substances a test must be negative for
	Tests      drugtest.Frequency // for NegativeTest: every member's random testing schedule
	Status     ArmStatus
	CreatedBy  string
	CreatedAt  time.Time
	ReviewedBy string
	ReviewNote string
	ReviewedAt *time.Time
	Members    int
}

// Has reports whether the arm rewards target.
func (a Arm) Has(target Target) bool { return slices.Contains(a.Targets, target) }

// NeedsReview reports whether the arm rewards opioid abstinence alone,
// which SAMHSA cautions against (a program should reward it only with a
// clinician's review: people on methadone or buprenorphine test positive
// for their medication, and CM's evidence is strongest for stimulants and
// for attendance alongside medication).
func (a Arm) NeedsReview() bool {
	if len(a.Targets) != 1 || a.Targets[0] != NegativeTest || len(a.Substances) == 0 {
		return false
	}
	return !slices.ContainsFunc(a.Substances, func(s string) bool { return !drugtest.IsOpioid(s) })
}

// Validate checks an arm a program opens, and sets its starting status.
func (a *Arm) Validate() error {
	errs := onward.FieldErrors{}
	a.Name = strings.TrimSpace(a.Name)
	if !validLine(a.Name, 80) {
		errs.Add("name", "incentive.arm_name")
	}
	if a.FunderID == "" {
		errs.Add("funder", "incentive.choose_a_funder")
	}
	if err := a.Schedule.Validate(); err != nil {
		for k, v := range err.(*onward.Error).Fields {
			errs[k] = v
		}
	}
	a.Targets = slices.Compact(slices.Sorted(slices.Values(a.Targets)))
	if len(a.Targets) == 0 {
		errs.Add("targets", "incentive.choose_a_target")
	}
	for _, t := range a.Targets {
		if !slices.Contains(Targets, t) {
			errs.Add("targets", "incentive.choose_a_target")
		}
	}
	a.Substances = slices.Compact(slices.Sorted(slices.Values(a.Substances)))
	if a.Has(NegativeTest) {
		if len(a.Substances) == 0 {
			errs.Add("substances", "incentive.choose_substances")
		}
		for _, s := range a.Substances {
			if !drugtest.Known(s) {
				errs.Add("substances", "testing.unknown_substance", "Substance", s)
			}
		}
		if err := a.Tests.Validate(); err != nil {
			for k, v := range err.(*onward.Error).Fields {
				errs.Add("tests_"+k, v.ID, v.Args...)
			}
		}
	} else {
		a.Substances, a.Tests = nil, drugtest.Frequency{}
	}
	a.Status = ArmActive
	if a.NeedsReview() {
		a.Status = ArmAwaitingReview
	}
	return errs.Err()
}

// TestOutcome says whether a test meets an arm's negative-test target:
// met when every one of substances was tested and found negative; not met
// when the test was missed or any of them was positive or invalid;
// pending while the member disputes it and no confirmation has come (the
// confirmation's results then stand in for the disputed ones). counts is
// false when the test did not test for all of substances, and for a
// confirmation test itself (it is part of the test it confirms).
func TestOutcome(t drugtest.Test, confirmation *drugtest.Test, substances []string) (status Status, counts bool) {
	if t.ConfirmsID != "" {
		return "", false
	}
	if t.Status == drugtest.Missed {
		return NotMet, true
	}
	if t.AwaitingConfirmation() {
		return Pending, true
	}
	status = Met
	for _, s := range substances {
		r, ok := t.Result(s)
		if confirmation != nil {
			if c, found := confirmation.Result(s); found {
				r, ok = c, true
			}
		}
		if !ok {
			return "", false
		}
		if r.Value != drugtest.Negative {
			status = NotMet
		}
	}
	return status, len(substances) > 0
}

// validLine reports whether s is one line of text, not empty, of at most
// most characters.
func validLine(s string, most int) bool {
	return s != "" && utf8.RuneCountInString(s) <= most && utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}

// Redemption forms: never cash (SAMHSA).
const (
	FormGiftCard = "gift_card"
	FormItem     = "item"
	FormService  = "service"
)

// RedemptionForms lists them.
var RedemptionForms = []string{FormGiftCard, FormItem, FormService}

// Redemption is something bought for the member with what they earned.
type Redemption struct {
	Amount Cents
	Form   string
	Item   string // what it was: "bus pass", "grocery gift card"
	Key    string // the client's idempotency key
}

// Validate checks a redemption against the member's balance: more than
// the balance is refused (ECONFLICT), nothing is written.
func (r *Redemption) Validate(balance Cents) error {
	errs := onward.FieldErrors{}
	if !slices.Contains(RedemptionForms, r.Form) {
		errs.Add("form", "incentive.choose_a_form")
	}
	r.Item = strings.TrimSpace(r.Item)
	if !validLine(r.Item, 200) {
		errs.Add("item", "incentive.describe_the_item")
	}
	if r.Amount <= 0 || r.Amount > MaxAnnualCap {
		errs.Add("amount_cents", "incentive.amount_between", "Most", MaxAnnualCap)
	}
	if !drugtest.ValidKey(r.Key) {
		errs.Add("key", "testing.key_too_long")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if r.Amount > balance {
		return onward.NewError(onward.ECONFLICT, "incentive.more_than_the_balance", "Balance", balance)
	}
	return nil
}
