package instrument

// newDSM5OUD builds a self-check against the 11 DSM-5 (and DSM-5-TR) criteria
// for opioid use disorder, in our own words: the APA owns the criteria text,
// so only paraphrases are stored. The total is the number of criteria
// recognised in the past 12 months. It is not a diagnosis; only a clinician
// makes one.
func newDSM5OUD() *Definition {
	items := numberedItems([]Text{
		{
			"en": "Taking opioids in larger amounts, or for longer, than you meant to",
			"es": "Consumir opioides en mayor cantidad, o durante más tiempo, de lo que pretendía",
		},
		{
			"en": "Wanting to cut down or control your opioid use, or trying and not managing",
			"es": "Querer reducir o controlar el consumo de opioides, o intentarlo sin lograrlo",
		},
		{
			"en": "Spending a lot of time getting opioids, using them or getting over their effects",
			"es": "Dedicar mucho tiempo a conseguir opioides, consumirlos o recuperarse de sus efectos",
		},
		{
			"en": "Craving: a strong wish or urge to use opioids",
			"es": "Ansia: un deseo o impulso fuerte de consumir opioides",
		},
		{
			"en": "Opioid use getting in the way, again and again, of what you need to do at work, school or home",
			"es": "El consumo de opioides le impide, una y otra vez, cumplir con lo que debe hacer en el trabajo, los estudios o el hogar",
		},
		{
			"en": "Carrying on using even though it causes or worsens problems with other people",
			"es": "Seguir consumiendo aunque cause o empeore problemas con otras personas",
		},
		{
			"en": "Giving up or cutting back important social, work or leisure activities because of opioid use",
			"es": "Dejar o reducir actividades sociales, laborales o de ocio importantes por el consumo de opioides",
		},
		{
			"en": "Using opioids again and again in situations where it is physically dangerous, such as driving",
			"es": "Consumir opioides una y otra vez en situaciones físicamente peligrosas, como al conducir",
		},
		{
			"en": "Carrying on using while knowing it causes or worsens a physical or mental health problem",
			"es": "Seguir consumiendo sabiendo que causa o empeora un problema de salud física o mental",
		},
		{
			"en": "Tolerance: needing more to get the same effect, or getting less effect from the same amount",
			"es": "Tolerancia: necesitar más para lograr el mismo efecto, o notar menos efecto con la misma cantidad",
		},
		{
			"en": "Withdrawal: feeling withdrawal symptoms when you stop, or taking opioids (or something similar) to ease or avoid them",
			"es": "Abstinencia: tener síntomas de abstinencia al dejarlo, o consumir opioides (u otra sustancia parecida) para aliviarlos o evitarlos",
		},
	}, yesNo)
	items[9].IgnoredWhenSupervised = true
	items[10].IgnoredWhenSupervised = true

	return &Definition{
		ID:        DSM5OUD,
		ShortName: "DSM-5 OUD",
		Name: Text{
			"en": "Opioid use disorder criteria check (DSM-5)",
			"es": "Revisión de los criterios de trastorno por consumo de opioides (DSM-5)",
		},
		Description: Text{
			"en": "Eleven signs that clinicians look for in opioid use disorder, in plain words. Answer yes to each one " +
				"that happened in the past 12 months. If you take opioids only as prescribed under medical " +
				"supervision (for example buprenorphine or methadone treatment), tolerance and withdrawal do not count. " +
				"This is not a diagnosis: only a clinician can make one.",
			"es": "Once señales que los profesionales clínicos buscan en el trastorno por consumo de opioides, en palabras " +
				"sencillas. Responda sí a cada una que haya ocurrido en los últimos 12 meses. Si toma opioides solo según " +
				"lo recetado y con supervisión médica (por ejemplo, tratamiento con buprenorfina o metadona), la tolerancia " +
				"y la abstinencia no cuentan. Esto no es un diagnóstico: solo un profesional clínico puede hacerlo.",
		},
		Timeframe: Text{"en": "Past 12 months", "es": "Últimos 12 meses"},
		Audience:  AudienceSelf,
		Items:     items,
		MinTotal:  0,
		MaxTotal:  11,
		HasTotal:  true,
		Bands: []Band{
			{ID: "below_threshold", Min: 0, Max: 1, Label: Text{"en": "Below the threshold of 2 criteria", "es": "Por debajo del umbral de 2 criterios"}},
			{ID: "mild", Min: 2, Max: 3, Label: Text{"en": "Mild range (2–3 criteria)", "es": "Rango leve (2–3 criterios)"}},
			{ID: "moderate", Min: 4, Max: 5, Label: Text{"en": "Moderate range (4–5 criteria)", "es": "Rango moderado (4–5 criterios)"}},
			{ID: "severe", Min: 6, Max: 11, Label: Text{"en": "Severe range (6 or more criteria)", "es": "Rango grave (6 criterios o más)"}},
		},
		Sources: []Source{
			{Citation: "American Psychiatric Association. Diagnostic and Statistical Manual of Mental Disorders, 5th ed., text revision (DSM-5-TR). 2022. Criteria paraphrased, not quoted."},
			{Citation: "CDC, Opioid use disorder: diagnosis.", URL: "https://cdc.gov/overdose-prevention/hcp/clinical-care/opioid-use-disorder-diagnosis.html"},
			{Citation: "BCCSU, Appendix 2: DSM-5-TR criteria for opioid use disorder.", URL: "https://bccsu.helpjuice.com/clinical-guidance-appendices/appendix-2-dsm-5-tr-criteria"},
			{Citation: "DSM-5 OUD criteria table (Am J Addict).", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC6590307/table/ajad12862-tbl-0001"},
		},
		NotADiagnosis: true,
	}
}
