package web

import (
	"github.com/onward-recovery/onward"
)

// The words the support and consent pages use for stored codes: share
// categories, relationships and the purposes of a program consent.

// shareLabels name the share categories on the support pages.
var shareLabels = map[onward.Category]string{
	onward.CategoryMilestones:  "support.clean_time_and_milestones",
	onward.CategoryCheckins:    "support.daily_checkins",
	onward.CategoryAlerts:      "support.alerts_when_i_ask_for_support",
	onward.CategoryMedication:  "directory.medication",
	onward.CategoryAssessments: "support.questionnaire_results",
	onward.CategoryTests:       "support.test_results",
	onward.CategoryTreatment:   "support.treatment_and_appointments",
}

// relationshipLabels name who a supporter is to the member.
var relationshipLabels = map[string]string{
	"family": "support.family", "friend": "support.friend", "sponsor": "support.sponsor", "peer": "support.peer", "other": "support.other_text", "": "support.supporter",
}

// programCategoryDescriptions say in words what each category holds: the
// rule asks for a specific, meaningful description of what is disclosed.
var programCategoryDescriptions = map[onward.Category]string{
	onward.CategoryMilestones:  "consent.clean_time_and_milestones_your_recovery",
	onward.CategoryCheckins:    "consent.daily_checkins_your_answers_for_the_last",
	onward.CategoryAlerts:      "consent.alerts_when_you_ask_for_support",
	onward.CategoryMedication:  "consent.medication_what_you_take_for_opioid_use",
	onward.CategoryAssessments: "support.questionnaire_results",
	onward.CategoryTests:       "support.test_results",
	onward.CategoryTreatment:   "support.treatment_and_appointments",
}

// purposeLabels word a program consent's purposes from the member's side.
var purposeLabels = map[string]string{
	onward.PurposeTreatment: "consent.my_treatment",
	onward.PurposeTPO:       "consent.my_treatment_payment_for_it_and_the",
	onward.PurposeRequest:   "consent.at_my_request",
}

// supportWords gives the support and consent templates the message ids of
// stored codes; their views embed it.
type supportWords struct{}

func (supportWords) CategoryLabel(c onward.Category) string { return shareLabels[c] }
func (supportWords) RelationshipLabel(r string) string      { return relationshipLabels[r] }
func (supportWords) Describe(c onward.Category) string      { return programCategoryDescriptions[c] }
func (supportWords) PurposeLabel(p string) string           { return purposeLabels[p] }
