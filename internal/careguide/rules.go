package careguide

import "github.com/onward-recovery/onward/internal/i18n"

// Condition holds when the answer to Question is one of AnyOf.
type Condition struct {
	Question string
	AnyOf    []string
}

// Rule is one line of the guide's reasoning: when all of When hold and none
// of Unless does, the rule suggests care options and raises advice.
type Rule struct {
	// ID names the rule in docs/care-guide.md and in the tests.
	ID      string
	When    []Condition
	Unless  []Condition
	Suggest []string
	Advise  []string
}

// why explains, in the person's terms, why the answers in When point to the
// suggestions; it is shown beside those answers. Only a rule that suggests
// something has one.
func (r Rule) why() i18n.Msg { return i18n.M("careguide.rule." + r.ID) }

func is(question string, choices ...string) Condition {
	return Condition{Question: question, AnyOf: choices}
}

// rules is the guide's whole reasoning, in the order docs/care-guide.md lists
// it. Every answer of QUseFrequency has a rule with no Unless that suggests
// something, so every complete set of answers gets at least one suggestion.
// A preference against medication is respected: the rules that would
// suggest medication do not fire for it.
func rules() []Rule {
	noMedication := []Condition{is(QMedication, "rather_not")}
	return []Rule{
		// Dangers first: each raises urgent advice.
		{
			ID:     "thoughts_of_suicide",
			When:   []Condition{is(QSelfHarm, "yes")},
			Advise: []string{AdviceCrisis},
		},
		{
			ID:      "daily_alcohol_or_sedatives",
			When:    []Condition{is(QSedatives, "daily")},
			Advise:  []string{AdviceSedativesDaily},
			Suggest: []string{CareWithdrawal, CareResidential},
		},
		{
			ID:      "seizures_when_stopping",
			When:    []Condition{is(QSeizures, "yes")},
			Advise:  []string{AdviceSeizures},
			Suggest: []string{CareWithdrawal, CareResidential},
		},
		{
			ID:     "pregnancy",
			When:   []Condition{is(QPregnancy, "yes", "maybe")},
			Advise: []string{AdvicePregnancy},
		},
		{
			ID:      "serious_health_problem",
			When:    []Condition{is(QPhysical, "serious")},
			Advise:  []string{AdviceSeriousHealth},
			Suggest: []string{CareResidential},
		},
		{
			ID:      "not_using_now",
			When:    []Condition{is(QUseFrequency, "stopped")},
			Advise:  []string{AdviceLostTolerance},
			Suggest: []string{CareOutpatient},
		},

		// How much and how often.
		{
			ID:      "daily_use",
			When:    []Condition{is(QUseFrequency, "daily")},
			Suggest: []string{CareWithdrawal},
		},
		{
			ID:      "daily_use_medication",
			When:    []Condition{is(QUseFrequency, "daily")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
		},
		{
			ID:      "less_than_daily_use",
			When:    []Condition{is(QUseFrequency, "weekly", "less")},
			Suggest: []string{CareOutpatient, CareIOP},
		},
		{
			ID:      "could_not_cut_down",
			When:    []Condition{is(QCutDown, "could_not")},
			Unless:  []Condition{is(QUseFrequency, "stopped")},
			Suggest: []string{CareIOP},
		},

		// Withdrawal.
		{
			ID:      "hard_withdrawal",
			When:    []Condition{is(QWithdrawal, "severe")},
			Suggest: []string{CareWithdrawal},
		},
		{
			ID:      "hard_withdrawal_medication",
			When:    []Condition{is(QWithdrawal, "severe")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
		},

		// Mental health.
		{
			ID:      "very_hard_days",
			When:    []Condition{is(QMental, "very_hard")},
			Advise:  []string{AdviceMentalHealthCare},
			Suggest: []string{CareResidential, CarePHP},
		},
		{
			ID:      "struggling_with_mood",
			When:    []Condition{is(QMental, "struggling")},
			Advise:  []string{AdviceMentalHealthCare},
			Suggest: []string{CareIOP, CarePHP},
		},

		// Home and support.
		{
			ID:      "use_at_home",
			When:    []Condition{is(QHome, "use_around")},
			Suggest: []string{CareResidential},
		},
		{
			ID:      "unsafe_home",
			When:    []Condition{is(QHome, "unsafe")},
			Suggest: []string{CareResidential},
		},
		{
			ID:      "no_support",
			When:    []Condition{is(QSupport, "no")},
			Suggest: []string{CareIOP},
		},

		// Duties that cannot wait.
		{
			ID:      "cannot_step_away",
			When:    []Condition{is(QDuties, "cannot_leave")},
			Suggest: []string{CareOutpatient, CareIOP},
		},
		{
			ID:      "cannot_step_away_medication",
			When:    []Condition{is(QDuties, "cannot_leave")},
			Unless:  noMedication,
			Suggest: []string{CareOffice},
		},

		// Earlier treatment.
		{
			ID:      "outpatient_before",
			When:    []Condition{is(QPastTreatment, "outpatient")},
			Unless:  []Condition{is(QUseFrequency, "stopped")},
			Suggest: []string{CareIOP, CarePHP},
		},
		{
			ID:      "intensive_before",
			When:    []Condition{is(QPastTreatment, "intensive")},
			Suggest: []string{CareIOP, CareOutpatient},
		},
		{
			ID:      "intensive_before_medication",
			When:    []Condition{is(QPastTreatment, "intensive")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
		},

		// Medication.
		{
			ID:      "interested_in_medication",
			When:    []Condition{is(QMedication, "want", "unsure")},
			Suggest: []string{CareOTP, CareOffice},
		},
		{
			ID:     "taking_medication",
			When:   []Condition{is(QMedication, "taking")},
			Advise: []string{AdviceKeepMedication},
		},
		{
			ID:     "sedatives_sometimes",
			When:   []Condition{is(QSedatives, "sometimes")},
			Advise: []string{AdviceSedativesSometimes},
		},
	}
}
