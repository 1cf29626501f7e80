package instrument

// The PHQ-9 and PHQ-2 share items: PHQ-2 is PHQ-9 items 1 and 2.

// newPHQ9 builds the PHQ-9 depression scale with Kroenke's severity bands.
// Item 9 raises FlagSuicideRisk on any answer above 0, never gated on the
// total.
func newPHQ9() *Definition {
	return &Definition{
		ID:        PHQ9,
		ShortName: "PHQ-9",
		Name: Text{
			"en": "Patient Health Questionnaire, depression (9 questions)",
			"es": "Cuestionario de Salud del Paciente, depresión (9 preguntas)",
		},
		Description: Text{
			"en": "Nine questions about how often low mood and related problems have bothered you over the last 2 weeks.",
			"es": "Nueve preguntas sobre con qué frecuencia le han molestado el bajo estado de ánimo y problemas relacionados en las últimas 2 semanas.",
		},
		Timeframe: lastTwoWeeks(),
		Audience:  AudienceSelf,
		Items:     phq9Items(),
		MinTotal:  0,
		MaxTotal:  27,
		HasTotal:  true,
		Bands: []Band{
			{ID: "minimal", Min: 0, Max: 4, Label: Text{"en": "Minimal depression symptoms", "es": "Síntomas depresivos mínimos"}},
			{ID: "mild", Min: 5, Max: 9, Label: Text{"en": "Mild depression symptoms", "es": "Síntomas depresivos leves"}},
			{ID: "moderate", Min: 10, Max: 14, Label: Text{"en": "Moderate depression symptoms", "es": "Síntomas depresivos moderados"}},
			{ID: "moderately_severe", Min: 15, Max: 19, Label: Text{"en": "Moderately severe depression symptoms", "es": "Síntomas depresivos moderadamente graves"}},
			{ID: "severe", Min: 20, Max: 27, Label: Text{"en": "Severe depression symptoms", "es": "Síntomas depresivos graves"}},
		},
		LOINCPanel: "44249-1",
		LOINCTotal: "44261-6",
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606–613."},
			{Citation: "HL7 FHIR US Core, PHQ-9 Questionnaire example (LOINC codes, licence statement).", URL: "https://www.hl7.org/fhir/us/core/STU9/Questionnaire-phq-9-example.html"},
			{Citation: "HL7 FHIR SDC, PHQ-9 Questionnaire example.", URL: "https://hl7.org/fhir/uv/sdc/Questionnaire-questionnaire-sdc-profile-example-PHQ9.html"},
			{Citation: "Arroll B, et al. Validation of PHQ-2 and PHQ-9 to screen for major depression in the primary care population. Ann Fam Med. 2010;8(4):348–353.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC2906530"},
		},
		NotADiagnosis: true,
		flags:         phq9Flags,
	}
}

// phq9Flags looks only at item 9: any thought of death or self-harm needs a
// clinician's suicide-risk assessment, however low the total.
func phq9Flags(_ int, answers map[string]int, _ Options) ([]Flag, error) {
	if answers["9"] > 0 {
		return []Flag{suicideRiskFlag()}, nil
	}
	return nil, nil
}

// newPHQ2 builds the PHQ-2 screen: no bands, a full-form flag at 3 or more.
func newPHQ2() *Definition {
	return &Definition{
		ID:        PHQ2,
		ShortName: "PHQ-2",
		Name: Text{
			"en": "Patient Health Questionnaire, depression screen (2 questions)",
			"es": "Cuestionario de Salud del Paciente, detección de depresión (2 preguntas)",
		},
		Description: Text{
			"en": "The first two PHQ-9 questions, a quick check for low mood. A score of 3 or more suggests taking the full PHQ-9.",
			"es": "Las dos primeras preguntas del PHQ-9, una comprobación rápida del estado de ánimo. Una puntuación de 3 o más sugiere completar el PHQ-9.",
		},
		Timeframe:  lastTwoWeeks(),
		Audience:   AudienceSelf,
		Items:      phq9Items()[:2:2],
		MinTotal:   0,
		MaxTotal:   6,
		HasTotal:   true,
		LOINCPanel: "55757-9",
		LOINCTotal: "55758-7",
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of a two-item depression screener. Med Care. 2003;41(11):1284–1292."},
			{Citation: "Arroll B, et al. Validation of PHQ-2 and PHQ-9 to screen for major depression in the primary care population. Ann Fam Med. 2010;8(4):348–353.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC2906530"},
		},
		NotADiagnosis: true,
		flags:         suggestFullFormAt(3, "PHQ-9"),
	}
}

func phq9Items() []Item {
	return numberedItems([]Text{
		{
			"en": "Little interest or enjoyment in doing things",
			"es": "Poco interés o disfrute al hacer las cosas",
		},
		{
			"en": "Feeling low, depressed or without hope",
			"es": "Sentirse decaído, deprimido o sin esperanza",
		},
		{
			"en": "Trouble getting to sleep or staying asleep, or sleeping too much",
			"es": "Dificultad para dormirse o para seguir dormido, o dormir demasiado",
		},
		{
			"en": "Feeling tired or short of energy",
			"es": "Sentirse cansado o con poca energía",
		},
		{
			"en": "Little appetite, or eating too much",
			"es": "Poco apetito o comer en exceso",
		},
		{
			"en": "Feeling bad about yourself: that you have failed, or let yourself or your family down",
			"es": "Sentirse mal consigo mismo: sentir que ha fracasado o que se ha fallado a sí mismo o a su familia",
		},
		{
			"en": "Trouble keeping your mind on things such as reading or watching TV",
			"es": "Dificultad para concentrarse en cosas como leer o ver la televisión",
		},
		{
			"en": "Moving or speaking so slowly that others could notice, or the opposite: so fidgety or restless that you move around far more than usual",
			"es": "Moverse o hablar tan despacio que otros podrían notarlo, o lo contrario: estar tan inquieto que se mueve mucho más de lo habitual",
		},
		{
			"en": "Thoughts that you would be better off dead, or of hurting yourself in some way",
			"es": "Pensamientos de que estaría mejor muerto o de hacerse daño de alguna manera",
		},
	}, twoWeekFrequency)
}

func lastTwoWeeks() Text {
	return Text{"en": "Over the last 2 weeks", "es": "En las últimas 2 semanas"}
}
