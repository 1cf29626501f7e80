package careguide

import "github.com/onward-recovery/onward/internal/i18n"

// Advice ids, stable across the web page, the rules and the tests.
const (
	AdviceCrisis             = "crisis"
	AdviceSedativesDaily     = "sedatives_daily"
	AdviceSeizures           = "seizures"
	AdvicePregnancy          = "pregnancy"
	AdviceSeriousHealth      = "serious_health"
	AdviceLostTolerance      = "lost_tolerance"
	AdviceSedativesSometimes = "sedatives_sometimes"
	AdviceKeepMedication     = "keep_medication"
	AdviceMentalHealthCare   = "mental_health_care"
)

// Advice is something the person should know whatever care they choose.
type Advice struct {
	ID string
	// Urgent advice answers a danger: the interface shows it first, before
	// any suggestion.
	Urgent bool
	// CrisisLines asks the interface to show the crisis lines and the
	// emergency number with the advice.
	CrisisLines bool
	// Assess marks a danger a guide cannot weigh: the answer is an
	// in-person assessment before any choice of care.
	Assess bool
	Title  i18n.Msg
	Text   i18n.Msg
}

// advice returns every piece of advice, urgent first; results list advice in
// this order. Its wording is "careguide.advice.ID.title" and ".text".
func advice() []Advice {
	list := []Advice{
		{ID: AdviceCrisis, Urgent: true, CrisisLines: true, Assess: true},
		{ID: AdviceSedativesDaily, Urgent: true, Assess: true},
		{ID: AdviceSeizures, Urgent: true, Assess: true},
		{ID: AdvicePregnancy, Urgent: true, Assess: true},
		{ID: AdviceSeriousHealth, Urgent: true, Assess: true},
		{ID: AdviceLostTolerance, Urgent: true},
		{ID: AdviceSedativesSometimes},
		{ID: AdviceKeepMedication},
		{ID: AdviceMentalHealthCare},
	}
	for i, a := range list {
		prefix := "careguide.advice." + a.ID + "."
		list[i].Title, list[i].Text = i18n.M(prefix+"title"), i18n.M(prefix+"text")
	}
	return list
}
