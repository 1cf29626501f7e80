package web

// Keys for the PHQ-2 and GAD-2, which have no bands: their published
// screening cut-off of 3 decides which reading applies (clinical-facts.md §5).
const (
	screenAtCutoff    = "at_cutoff"
	screenBelowCutoff = "below_cutoff"
)

// selfCheckMeanings is our own plain, kind reading of each published band
// of each self-check, keyed "instrument/band". The words are ours; the bands
// and cut-offs are the published ones (clinical-facts.md §3–5), and the
// result page always adds that a score is not a diagnosis.
// TestSelfCheckMeaningsCoverEveryBand keeps this in step with the bands.
var selfCheckMeanings = map[string]string{
	"dast10/none":        "help.your_answers_do_not_point_to_problems",
	"dast10/low":         "help.your_answers_point_to_a_low_level",
	"dast10/moderate":    "help.your_answers_point_to_a_moderate_level",
	"dast10/substantial": "help.your_answers_point_to_a_substantial",
	"dast10/severe":      "help.your_answers_point_to_a_severe_level",

	"dsm5-oud/below_threshold": "help.you_recognized_fewer_than_2_of_the",
	"dsm5-oud/mild":            "help.you_recognized_2_or_3_of_the",
	"dsm5-oud/moderate":        "help.you_recognized_4_or_5_of_the",
	"dsm5-oud/severe":          "help.you_recognized_6_or_more_of_the",

	"phq9/minimal":           "help.your_answers_suggest_few_or_no_signs",
	"phq9/mild":              "help.your_answers_suggest_mild_signs_of",
	"phq9/moderate":          "help.your_answers_suggest_moderate_signs_of",
	"phq9/moderately_severe": "help.your_answers_suggest_moderately_severe",
	"phq9/severe":            "help.your_answers_suggest_severe_signs_of",

	"gad7/minimal":  "help.your_answers_suggest_few_or_no_signs_2",
	"gad7/mild":     "help.your_answers_suggest_mild_signs_of_2",
	"gad7/moderate": "help.your_answers_suggest_moderate_signs_of_2",
	"gad7/severe":   "help.your_answers_suggest_severe_signs_of_2",

	"phq2/" + screenAtCutoff:    "help.your_score_is_3_or_more_the",
	"phq2/" + screenBelowCutoff: "help.your_score_is_below_3_the_usual",
	"gad2/" + screenAtCutoff:    "help.your_score_is_3_or_more_the_2",
	"gad2/" + screenBelowCutoff: "help.your_score_is_below_3_the_usual_2",
}
