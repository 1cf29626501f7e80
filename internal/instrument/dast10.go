package instrument

// newDAST10 builds Skinner's 10-item Drug Abuse Screening Test. Answers are
// yes = 1, no = 0 on every item; item 3 (able to stop when you want) is
// reverse-scored by the engine, so "no" there scores 1.
func newDAST10() *Definition {
	items := numberedItems([]Text{
		{
			"en": "Have you used drugs other than those needed for medical reasons?",
			"es": "¿Ha consumido drogas distintas de las que necesitaba por motivos médicos?",
		},
		{
			"en": "Do you misuse more than one drug at a time?",
			"es": "¿Consume de forma indebida más de una droga a la vez?",
		},
		{
			"en": "Are you always able to stop using drugs when you want to?",
			"es": "¿Puede dejar de consumir drogas siempre que lo desea?",
		},
		{
			"en": "Have you had blackouts or flashbacks because of drug use?",
			"es": "¿Ha tenido lagunas de memoria o reviviscencias (flashbacks) por consumir drogas?",
		},
		{
			"en": "Do you ever feel bad or guilty about your drug use?",
			"es": "¿Alguna vez se siente mal o culpable por su consumo de drogas?",
		},
		{
			"en": "Does your partner or a parent ever complain about your drug use?",
			"es": "¿Su pareja o alguno de sus padres se queja alguna vez de su consumo de drogas?",
		},
		{
			"en": "Have you neglected your family because of drug use?",
			"es": "¿Ha descuidado a su familia por consumir drogas?",
		},
		{
			"en": "Have you done something illegal to get drugs?",
			"es": "¿Ha hecho algo ilegal para conseguir drogas?",
		},
		{
			"en": "Have you felt sick with withdrawal symptoms when you stopped taking drugs?",
			"es": "¿Se ha sentido enfermo con síntomas de abstinencia al dejar de consumir drogas?",
		},
		{
			"en": "Have you had medical problems from drug use, such as memory loss, hepatitis, seizures or bleeding?",
			"es": "¿Ha tenido problemas médicos por consumir drogas, como pérdida de memoria, hepatitis, convulsiones o sangrado?",
		},
	}, yesNo)
	items[2].ReverseScored = true

	return &Definition{
		ID:        DAST10,
		ShortName: "DAST-10",
		Name: Text{
			"en": "Drug Abuse Screening Test (10 questions)",
			"es": "Prueba de Detección de Abuso de Drogas (10 preguntas)",
		},
		Description: Text{
			"en": "Ten yes-or-no questions about drug use in the past 12 months. Do not count alcohol or tobacco.",
			"es": "Diez preguntas de sí o no sobre el consumo de drogas en los últimos 12 meses. No cuente el alcohol ni el tabaco.",
		},
		Timeframe: Text{"en": "Past 12 months", "es": "Últimos 12 meses"},
		Audience:  AudienceSelf,
		Items:     items,
		MinTotal:  0,
		MaxTotal:  10,
		HasTotal:  true,
		Bands: []Band{
			{ID: "none", Min: 0, Max: 0,
				Label:  Text{"en": "No problems reported", "es": "Sin problemas indicados"},
				Advice: Text{"en": "None at this time", "es": "Ninguna por ahora"}},
			{ID: "low", Min: 1, Max: 2,
				Label:  Text{"en": "Low level", "es": "Nivel bajo"},
				Advice: Text{"en": "Monitor, and reassess later", "es": "Seguimiento y nueva evaluación más adelante"}},
			{ID: "moderate", Min: 3, Max: 5,
				Label:  Text{"en": "Moderate level", "es": "Nivel moderado"},
				Advice: Text{"en": "Further investigation", "es": "Evaluación más a fondo"}},
			{ID: "substantial", Min: 6, Max: 8,
				Label:  Text{"en": "Substantial level", "es": "Nivel considerable"},
				Advice: Text{"en": "Intensive assessment", "es": "Evaluación intensiva"}},
			{ID: "severe", Min: 9, Max: 10,
				Label:  Text{"en": "Severe level", "es": "Nivel grave"},
				Advice: Text{"en": "Intensive assessment", "es": "Evaluación intensiva"}},
		},
		LOINCPanel: "82666-9",
		LOINCTotal: "82667-7",
		Sources: []Source{
			{Citation: "Skinner HA. The Drug Abuse Screening Test. Addict Behav. 1982;7(4):363–371. DAST-10 © 1982 Harvey A. Skinner and CAMH, Toronto."},
			{Citation: "Comorbidity Guidelines (Australia), Appendix W: DAST-10 scoring and interpretation.", URL: "https://comorbidityguidelines.org.au/appendix-w-drug-abuse-screening-test-dast10/dast10-scoring-and-interpretation"},
			{Citation: "CamCOPS documentation, DAST task.", URL: "https://camcops.readthedocs.io/en/latest/tasks/dast.html"},
		},
		NotADiagnosis: true,
	}
}
