// Package drugtest holds the rules of drug testing in a treatment program:
// what a test records and when it is valid, whether each result is
// expected given what the member is prescribed, and the random days of a
// testing schedule (docs/testing.md). It is pure: the facts are passed in.
package drugtest

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
)

// Substances a panel can test for. "opiates" is the opiate screen that
// heroin (morphine, 6-MAM) shows on.
const (
	Fentanyl        = "fentanyl"
	Opiates         = "opiates"
	Methadone       = "methadone"
	Buprenorphine   = "buprenorphine"
	Oxycodone       = "oxycodone"
	Cocaine         = "cocaine"
	Amphetamines    = "amphetamines"
	Benzodiazepines = "benzodiazepines"
	Cannabis        = "cannabis"
	Alcohol         = "alcohol"
)

// Substances is every substance Onward knows, in the order a panel lists
// them. A program's panel is a subset (DefaultPanel until it chooses).
var Substances = []string{Fentanyl, Opiates, Methadone, Buprenorphine, Oxycodone, Cocaine, Amphetamines, Benzodiazepines, Cannabis, Alcohol}

// DefaultPanel is the panel of a program that has not chosen one.
var DefaultPanel = Substances

// opioids are the substances an opioid-abstinence target is about.
var opioids = []string{Fentanyl, Opiates, Methadone, Buprenorphine, Oxycodone}

// Label is the wording of a substance's name (labels "drug.<substance>").
func Label(substance string) i18n.Msg { return i18n.M("drug." + substance) }

// Known reports whether s is one of Substances.
func Known(s string) bool { return slices.Contains(Substances, s) }

// IsOpioid reports whether s is an opioid on the panel.
func IsOpioid(s string) bool { return slices.Contains(opioids, s) }

// Specimens, settings, results and statuses.
const (
	Urine     = "urine"
	OralFluid = "oral_fluid"
	Breath    = "breath"

	PointOfCare = "point_of_care"
	Laboratory  = "laboratory"

	Negative = "negative"
	Positive = "positive"
	Invalid  = "invalid" // the specimen could not be read: dilute, adulterated, or a failed control line

	Collected = "collected"
	Missed    = "missed"
)

// Specimens, Settings and Results list the values a test may hold.
var (
	Specimens = []string{Urine, OralFluid, Breath}
	Settings  = []string{PointOfCare, Laboratory}
	Results   = []string{Negative, Positive, Invalid}
	Statuses  = []string{Collected, Missed}
)

// Result is one substance's result on a test. Expected is nil when the
// member's prescriptions were not known to the person recording it (their
// consent to the program does not cover medication).
type Result struct {
	Substance string
	Value     string
	Expected  *bool
}

// Unexpected reports whether the result is known not to be expected.
func (r Result) Unexpected() bool { return r.Expected != nil && !*r.Expected }

// Test is one drug test of a member, or one the member missed.
type Test struct {
	ID          string
	MemberID    string
	ProgramID   string
	Status      string // Collected or Missed
	Specimen    string
	Observed    bool
	Setting     string
	CollectedAt time.Time // when the specimen was collected, or when the missed test was due
	Results     []Result
	// Prescribed is what the member was prescribed when the test was
	// recorded (panel substances), nil when it was not known.
	Prescribed []string
	// ConfirmsID is set on a confirmation test: the disputed test it
	// confirms. ConfirmedByID is set on a disputed test once confirmed.
	ConfirmsID    string
	ConfirmedByID string
	DisputedAt    *time.Time
	DisputeNote   string
	RecordedBy    string
	RecordedName  string
	Key           string // the client's idempotency key: the same key records once
	CreatedAt     time.Time
}

// Unexpected reports whether any result is known not to be expected.
func (t Test) Unexpected() bool { return slices.ContainsFunc(t.Results, Result.Unexpected) }

// AwaitingConfirmation reports whether the member disputed the test and
// no confirmation test has been recorded yet.
func (t Test) AwaitingConfirmation() bool { return t.DisputedAt != nil && t.ConfirmedByID == "" }

// DisputeWindow is how long after collection a member may dispute a
// result.
const DisputeWindow = 7 * 24 * time.Hour

// Disputable reports whether the member may dispute the test at now: a
// tested specimen (not a missed test, not a confirmation) not disputed
// yet, within DisputeWindow, with a result that is not a plain expected
// negative.
func (t Test) Disputable(now time.Time) bool {
	return t.Status == Collected && t.ConfirmsID == "" && t.DisputedAt == nil && now.Sub(t.CollectedAt) <= DisputeWindow &&
		slices.ContainsFunc(t.Results, func(r Result) bool { return r.Value != Negative || r.Unexpected() })
}

// Result returns the result for substance, if the test has one.
func (t Test) Result(substance string) (Result, bool) {
	i := slices.IndexFunc(t.Results, func(r Result) bool { return r.Substance == substance })
	if i < 0 {
		return Result{}, false
	}
	return t.Results[i], true
}

// Limits on what a test may hold.
const (
	MaxNote = 500
	MaxKey  = 100
)

// Validate checks a test against the program's panel and the moment it is
// recorded, and puts its results in panel order. A missed test holds no
// specimen and no results.
func (t *Test) Validate(panel []string, now time.Time) error {
	errs := onward.FieldErrors{}
	if !slices.Contains(Statuses, t.Status) {
		errs.Add("status", "testing.choose_collected_or_missed")
	}
	switch {
	case t.CollectedAt.IsZero():
		errs.Add("collected_at", "testing.enter_when_collected")
	case t.CollectedAt.After(now.Add(5 * time.Minute)):
		errs.Add("collected_at", "testing.collected_in_the_future")
	case t.CollectedAt.Before(now.AddDate(-1, 0, 0)):
		errs.Add("collected_at", "testing.collected_too_long_ago")
	}
	if !ValidKey(t.Key) {
		errs.Add("key", "testing.key_too_long")
	}
	if t.Status == Missed {
		if len(t.Results) > 0 {
			errs.Add("results", "testing.missed_has_no_results")
		}
		t.Specimen, t.Setting, t.Observed = "", "", false
		return errs.Err()
	}
	if !slices.Contains(Specimens, t.Specimen) {
		errs.Add("specimen", "testing.choose_a_specimen")
	}
	if !slices.Contains(Settings, t.Setting) {
		errs.Add("setting", "testing.choose_where_tested")
	}
	if len(t.Results) == 0 {
		errs.Add("results", "testing.enter_at_least_one_result")
	}
	seen := map[string]bool{}
	for _, r := range t.Results {
		switch {
		case !Known(r.Substance):
			errs.Add("results", "testing.unknown_substance", "Substance", r.Substance)
		case !slices.Contains(panel, r.Substance):
			errs.Add("results", "testing.not_on_the_panel", "Substance", Label(r.Substance))
		case seen[r.Substance]:
			errs.Add("results", "testing.substance_twice", "Substance", Label(r.Substance))
		case !slices.Contains(Results, r.Value):
			errs.Add("result_"+r.Substance, "testing.choose_a_result")
		case t.Specimen == Breath && r.Substance != Alcohol:
			errs.Add("results", "testing.breath_is_alcohol_only")
		}
		seen[r.Substance] = true
	}
	slices.SortStableFunc(t.Results, func(a, b Result) int {
		return slices.Index(Substances, a.Substance) - slices.Index(Substances, b.Substance)
	})
	return errs.Err()
}

// ValidKey reports whether a client's idempotency key can be stored: at
// most MaxKey bytes of text on one line ("" for none).
func ValidKey(key string) bool {
	return len(key) <= MaxKey && utf8.ValidString(key) && strings.IndexFunc(key, unicode.IsControl) < 0
}

// ValidDisputeNote checks what a member writes when disputing a result.
func ValidDisputeNote(note string) error {
	if utf8.RuneCountInString(note) > MaxNote || !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		return onward.Invalid("note", "testing.note_too_long")
	}
	return nil
}

// ValidPanel checks a program's choice of substances.
func ValidPanel(panel []string) error {
	if len(panel) == 0 {
		return onward.Invalid("panel", "testing.choose_at_least_one_substance")
	}
	for _, s := range panel {
		if !Known(s) {
			return onward.Invalid("panel", "testing.unknown_substance", "Substance", s)
		}
	}
	return nil
}
