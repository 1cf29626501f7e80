package instrument

import "fmt"

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
	return Flag{Code: FlagSuicideRisk, Message: Text{
		"en": "Thoughts of being better off dead or of self-harm were reported. " +
			"A clinician needs to assess suicide risk, whatever the total score. " +
			"Crisis help is available right now.",
		"es": "Se indicaron pensamientos de que estaría mejor muerto o de hacerse daño. " +
			"Un profesional clínico debe evaluar el riesgo de suicidio, sea cual sea la puntuación total. " +
			"Hay ayuda en crisis disponible ahora mismo.",
	}}
}

// fullFormSuggestedFlag names the full form to take next ("PHQ-9", "GAD-7").
func fullFormSuggestedFlag(fullForm string) Flag {
	return Flag{Code: FlagFullFormSuggested, Message: Text{
		"en": fmt.Sprintf("A score of 3 or more: taking the full %s is suggested.", fullForm),
		"es": fmt.Sprintf("Una puntuación de 3 o más: se recomienda completar el %s.", fullForm),
	}}
}

func buprenorphineStartThresholdFlag(total, threshold int) Flag {
	return Flag{Code: FlagBuprenorphineStartThresholdMet, Message: Text{
		"en": fmt.Sprintf("COWS total %d is at or above this program's buprenorphine start threshold of %d. "+
			"The prescriber confirms objective withdrawal signs before the first dose.", total, threshold),
		"es": fmt.Sprintf("La puntuación COWS de %d alcanza o supera el umbral de inicio de buprenorfina de este programa (%d). "+
			"El prescriptor confirma signos objetivos de abstinencia antes de la primera dosis.", total, threshold),
	}}
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
