package instrument

// newSOWS builds Handelsman's Subjective Opiate Withdrawal Scale (1987): 16
// symptoms rated 0–4 by the person. The paper defines no cut-offs and the
// bands seen online are unverified, so there are none here: the raw score and
// its trend are what a member and clinician watch. Not Gossop's 10-item Short
// Opiate Withdrawal Scale, which is also called SOWS.
func newSOWS() *Definition {
	return &Definition{
		ID:        SOWS,
		ShortName: "SOWS",
		Name: Text{
			"en": "Subjective Opiate Withdrawal Scale",
			"es": "Escala Subjetiva de Abstinencia de Opiáceos",
		},
		Description: Text{
			"en": "Rate how strongly you feel each of 16 withdrawal symptoms right now, from 0 (not at all) " +
				"to 4 (extremely). There is no published cut-off: watch how your score changes over time.",
			"es": "Indique con qué intensidad siente ahora cada uno de 16 síntomas de abstinencia, de 0 (nada) " +
				"a 4 (muchísimo). No hay un punto de corte publicado: fíjese en cómo cambia su puntuación con el tiempo.",
		},
		Timeframe: Text{"en": "Right now", "es": "En este momento"},
		Audience:  AudienceSelf,
		Items:     sowsItems(),
		MinTotal:  0,
		MaxTotal:  64,
		HasTotal:  true,
		Sources: []Source{
			{Citation: "Handelsman L, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ, Kanof PD. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse. 1987;13(3):293–308."},
			{Citation: "EMCDDA drugs library: Subjective Opiate Withdrawal Scale.", URL: "https://www.emcdda.europa.eu/drugs-library/subjective-opiate-withdrawal-scale_en"},
			{Citation: "Guideline Central, SOWS calculator.", URL: "https://www.guidelinecentral.com/calculators/2c9e8038734e3c9e017353447eea0080/"},
		},
		NotADiagnosis: true,
	}
}

func sowsItems() []Item {
	symptoms := []Text{
		{"en": "Anxiety", "es": "Ansiedad"},
		{"en": "Urge to yawn", "es": "Ganas de bostezar"},
		{"en": "Sweating", "es": "Sudoración"},
		{"en": "Watery eyes", "es": "Ojos llorosos"},
		{"en": "Runny nose", "es": "Nariz que gotea"},
		{"en": "Goosebumps", "es": "Piel de gallina"},
		{"en": "Shakiness", "es": "Temblores"},
		{"en": "Hot flushes", "es": "Oleadas de calor"},
		{"en": "Cold flushes", "es": "Oleadas de frío"},
		{"en": "Aching bones or muscles", "es": "Dolor de huesos o músculos"},
		{"en": "Restlessness", "es": "Inquietud"},
		{"en": "Nausea", "es": "Náuseas"},
		{"en": "Urge to vomit", "es": "Ganas de vomitar"},
		{"en": "Muscle twitches", "es": "Espasmos musculares"},
		{"en": "Stomach cramps", "es": "Retortijones"},
		{"en": "Urge to use right now", "es": "Ganas de consumir ahora mismo"},
	}
	return numberedItems(symptoms, intensity0to4)
}
