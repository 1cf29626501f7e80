package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// Flag codes. Other packages act on these (alerts, crisis resources, next
// steps), so they are stable strings.
const (
	// FlagSuicideRisk: PHQ-9 item 9 answered above 0. It fires whatever the
	// total, because a low total says nothing about this one answer.
	FlagSuicideRisk = "suicide_risk"
	// FlagFullFormSuggested: PHQ-2 or GAD-2 at 3 or more; the full PHQ-9 or
	// GAD-7 should follow.
	FlagFullFormSuggested = "full_form_suggested"
	// FlagBuprenorphineStartThresholdMet: COWS total at or above the
	// program's threshold for a first buprenorphine dose.
	FlagBuprenorphineStartThresholdMet = "buprenorphine_start_threshold_met"
)

func suicideRiskFlag() Flag {
	return Flag{Code: FlagSuicideRisk, Message: i18n.M("instrument.flag.suicide_risk")}
}

// fullFormSuggestedFlag names the full form to take next ("PHQ-9", "GAD-7").
func fullFormSuggestedFlag(fullForm string) Flag {
	return Flag{Code: FlagFullFormSuggested, Message: i18n.M("instrument.flag.full_form_suggested", "FullForm", fullForm)}
}

func buprenorphineStartThresholdFlag(total, threshold int) Flag {
	return Flag{Code: FlagBuprenorphineStartThresholdMet,
		Message: i18n.M("instrument.flag.buprenorphine_start_threshold_met", "Total", total, "Threshold", threshold)}
}

// suggestFullFormAt is the PHQ-2 and GAD-2 rule: at the screening cut-off
// or above, suggest the full form.
func suggestFullFormAt(cutoff int, fullForm string) func(int, map[string]int, Options) ([]Flag, error) {
	return func(sum int, _ map[string]int, _ Options) ([]Flag, error) {
		if sum >= cutoff {
			return []Flag{fullFormSuggestedFlag(fullForm)}, nil
		}
		return nil, nil
	}
}
