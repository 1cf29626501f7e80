package instrument

// The GAD-7 and GAD-2 share items: GAD-2 is GAD-7 items 1 and 2.

// newGAD7 builds the GAD-7 anxiety scale with Spitzer's severity bands.
func newGAD7() *Definition {
	return &Definition{
		ID:        GAD7,
		ShortName: "GAD-7",
		Name: Text{
			"en": "Generalized Anxiety Disorder scale (7 questions)",
			"es": "Escala de Trastorno de Ansiedad Generalizada (7 preguntas)",
		},
		Description: Text{
			"en": "Seven questions about how often worry and anxiety have bothered you over the last 2 weeks.",
			"es": "Siete preguntas sobre con qué frecuencia le han molestado la preocupación y la ansiedad en las últimas 2 semanas.",
		},
		Timeframe: lastTwoWeeks(),
		Audience:  AudienceSelf,
		Items:     gad7Items(),
		MinTotal:  0,
		MaxTotal:  21,
		HasTotal:  true,
		Bands: []Band{
			{ID: "minimal", Min: 0, Max: 4, Label: Text{"en": "Minimal anxiety symptoms", "es": "Síntomas de ansiedad mínimos"}},
			{ID: "mild", Min: 5, Max: 9, Label: Text{"en": "Mild anxiety symptoms", "es": "Síntomas de ansiedad leves"}},
			{ID: "moderate", Min: 10, Max: 14, Label: Text{"en": "Moderate anxiety symptoms", "es": "Síntomas de ansiedad moderados"}},
			{ID: "severe", Min: 15, Max: 21, Label: Text{"en": "Severe anxiety symptoms", "es": "Síntomas de ansiedad graves"}},
		},
		LOINCPanel: "69737-5",
		LOINCTotal: "70274-6",
		Sources: []Source{
			{Citation: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097."},
			{Citation: "GAD-7 scoring summary (MRCPsych revision notes).", URL: "https://www.mrcpsych.uk/search/label/GAD-7"},
		},
		NotADiagnosis: true,
	}
}

// newGAD2 builds the GAD-2 screen: no bands, a full-form flag at 3 or more.
func newGAD2() *Definition {
	return &Definition{
		ID:        GAD2,
		ShortName: "GAD-2",
		Name: Text{
			"en": "Generalized Anxiety Disorder screen (2 questions)",
			"es": "Detección de Trastorno de Ansiedad Generalizada (2 preguntas)",
		},
		Description: Text{
			"en": "The first two GAD-7 questions, a quick check for anxiety. A score of 3 or more suggests taking the full GAD-7.",
			"es": "Las dos primeras preguntas del GAD-7, una comprobación rápida de la ansiedad. Una puntuación de 3 o más sugiere completar el GAD-7.",
		},
		Timeframe: lastTwoWeeks(),
		Audience:  AudienceSelf,
		Items:     gad7Items()[:2:2],
		MinTotal:  0,
		MaxTotal:  6,
		HasTotal:  true,
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary care: prevalence, impairment, comorbidity, and detection. Ann Intern Med. 2007;146(5):317–325."},
		},
		NotADiagnosis: true,
		flags:         suggestFullFormAt(3, "GAD-7"),
	}
}

func gad7Items() []Item {
	return numberedItems([]Text{
		{
			"en": "Feeling nervous, anxious or on edge",
			"es": "Sentirse nervioso, ansioso o con los nervios de punta",
		},
		{
			"en": "Being unable to stop or control worrying",
			"es": "No poder dejar de preocuparse ni controlar la preocupación",
		},
		{
			"en": "Worrying too much about many different things",
			"es": "Preocuparse demasiado por muchas cosas distintas",
		},
		{
			"en": "Finding it hard to relax",
			"es": "Tener dificultad para relajarse",
		},
		{
			"en": "Being so restless that sitting still is hard",
			"es": "Estar tan inquieto que cuesta quedarse quieto",
		},
		{
			"en": "Getting annoyed or irritated easily",
			"es": "Molestarse o irritarse con facilidad",
		},
		{
			"en": "Feeling afraid, as if something terrible might happen",
			"es": "Sentir miedo, como si algo terrible fuera a pasar",
		},
	}, twoWeekFrequency)
}
