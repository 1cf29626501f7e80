package instrument

import "fmt"

// DefaultBuprenorphineStartThreshold is the COWS total CA Bridge uses for a
// standard buprenorphine start. Programs may choose another (BC uses >12;
// older office protocols about 12–13), hence Options.BuprenorphineStartThreshold.
const DefaultBuprenorphineStartThreshold = 8

// newCOWS builds the Clinical Opiate Withdrawal Scale (Wesson & Ling 2003):
// 11 signs rated by a clinician, with each item's published, uneven scores.
func newCOWS() *Definition {
	return &Definition{
		ID:        COWS,
		ShortName: "COWS",
		Name: Text{
			"en": "Clinical Opiate Withdrawal Scale",
			"es": "Escala Clínica de Abstinencia de Opiáceos",
		},
		Description: Text{
			"en": "A clinician rates 11 signs of opioid withdrawal. Score only what withdrawal explains: " +
				"a fast pulse after climbing stairs, for example, does not count.",
			"es": "Un profesional clínico puntúa 11 signos de abstinencia de opioides. Solo se puntúa lo que " +
				"explica la abstinencia: por ejemplo, no cuenta un pulso rápido después de subir escaleras.",
		},
		Timeframe: Text{
			"en": "During the assessment; sweating and stomach upset over the past half hour",
			"es": "Durante la evaluación; sudoración y molestias digestivas en la última media hora",
		},
		Audience: AudienceClinician,
		Items:    cowsItems(),
		MinTotal: 0,
		MaxTotal: 48,
		HasTotal: true,
		Bands: []Band{
			{ID: "none", Min: 0, Max: 4, Label: Text{"en": "No significant withdrawal", "es": "Sin abstinencia significativa"}},
			{ID: "mild", Min: 5, Max: 12, Label: Text{"en": "Mild withdrawal", "es": "Abstinencia leve"}},
			{ID: "moderate", Min: 13, Max: 24, Label: Text{"en": "Moderate withdrawal", "es": "Abstinencia moderada"}},
			{ID: "moderately_severe", Min: 25, Max: 36, Label: Text{"en": "Moderately severe withdrawal", "es": "Abstinencia moderadamente grave"}},
			{ID: "severe", Min: 37, Max: 48, Label: Text{"en": "Severe withdrawal", "es": "Abstinencia grave"}},
		},
		Sources: []Source{
			{Citation: "Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs. 2003;35(2):253–259.", URL: "https://pubmed.ncbi.nlm.nih.gov/12924748/"},
			{Citation: "COWS form as reproduced on the NCBI Bookshelf (SAMHSA Treatment Improvement Protocol).", URL: "https://www.ncbi.nlm.nih.gov/books/NBK64244/"},
			{Citation: "CA Bridge, buprenorphine start in the emergency department: COWS 8 or more with objective signs.", URL: "https://cabridge.org/tools/on-shift/"},
			{Citation: "Emergency Care BC, Clinical Opiate Withdrawal Scale treatment summary.", URL: "https://emergencycarebc.ca/clinical_resource/clinical-summary/clinical-opiate-withdrawal-scale-treatment/"},
		},
		NotADiagnosis: true,
		flags:         cowsFlags,
	}
}

// cowsFlags raises the buprenorphine start flag at the program's threshold.
// The flag informs the prescriber; it never starts a dose by itself.
func cowsFlags(sum int, _ map[string]int, opts Options) ([]Flag, error) {
	threshold := opts.BuprenorphineStartThreshold
	if threshold == 0 {
		threshold = DefaultBuprenorphineStartThreshold
	}
	// A threshold outside the scale would silently always or never fire.
	if threshold < 1 || threshold > 48 {
		return nil, fmt.Errorf("instrument: COWS buprenorphine start threshold %d is outside 1–48", threshold)
	}
	if sum >= threshold {
		return []Flag{buprenorphineStartThresholdFlag(sum, threshold)}, nil
	}
	return nil, nil
}

func cowsItems() []Item {
	none := func() Text { return Text{"en": "None", "es": "Ninguno"} }
	return []Item{
		{ID: "1", Scored: true,
			Text: Text{
				"en": "Resting pulse (beats per minute), taken after one minute sitting or lying down",
				"es": "Pulso en reposo (latidos por minuto), tomado tras un minuto sentado o acostado",
			},
			Options: []Option{
				{0, Text{"en": "80 or below", "es": "80 o menos"}},
				{1, Text{"en": "81 to 100", "es": "De 81 a 100"}},
				{2, Text{"en": "101 to 120", "es": "De 101 a 120"}},
				{4, Text{"en": "Above 120", "es": "Más de 120"}},
			}},
		{ID: "2", Scored: true,
			Text: Text{
				"en": "Sweating in the past half hour that room temperature or activity does not explain",
				"es": "Sudoración en la última media hora que no se explica por la temperatura ni la actividad",
			},
			Options: []Option{
				{0, Text{"en": "No chills or flushing reported", "es": "No refiere escalofríos ni sofocos"}},
				{1, Text{"en": "Reports chills or flushing", "es": "Refiere escalofríos o sofocos"}},
				{2, Text{"en": "Face flushed or visibly damp", "es": "Cara enrojecida o visiblemente húmeda"}},
				{3, Text{"en": "Beads of sweat on forehead or face", "es": "Gotas de sudor en la frente o la cara"}},
				{4, Text{"en": "Sweat running down the face", "es": "El sudor le corre por la cara"}},
			}},
		{ID: "3", Scored: true,
			Text: Text{
				"en": "Restlessness seen during the assessment",
				"es": "Inquietud observada durante la evaluación",
			},
			Options: []Option{
				{0, Text{"en": "Sits still without trouble", "es": "Permanece sentado sin problema"}},
				{1, Text{"en": "Says sitting still is hard, but manages", "es": "Dice que le cuesta estar quieto, pero lo logra"}},
				{3, Text{"en": "Often shifts position or moves arms and legs", "es": "Cambia de postura a menudo o mueve brazos y piernas"}},
				{5, Text{"en": "Cannot stay seated more than a few seconds", "es": "No aguanta sentado más de unos segundos"}},
			}},
		{ID: "4", Scored: true,
			Text: Text{
				"en": "Pupil size",
				"es": "Tamaño de las pupilas",
			},
			Options: []Option{
				{0, Text{"en": "Pinpoint, or normal for the room light", "es": "Puntiformes o normales para la luz de la sala"}},
				{1, Text{"en": "Possibly larger than normal for the room light", "es": "Quizá más grandes de lo normal para la luz de la sala"}},
				{2, Text{"en": "Moderately dilated", "es": "Moderadamente dilatadas"}},
				{5, Text{"en": "So dilated that only the rim of the iris shows", "es": "Tan dilatadas que solo se ve el borde del iris"}},
			}},
		{ID: "5", Scored: true,
			Text: Text{
				"en": "Bone or joint aches (if there was pain before, score only the part withdrawal adds)",
				"es": "Dolor de huesos o articulaciones (si ya había dolor, puntúe solo lo que añade la abstinencia)",
			},
			Options: []Option{
				{0, none()},
				{1, Text{"en": "Mild discomfort all over", "es": "Molestia leve generalizada"}},
				{2, Text{"en": "Reports severe aching of joints or muscles all over", "es": "Refiere dolor intenso y generalizado de articulaciones o músculos"}},
				{4, Text{"en": "Rubbing joints or muscles and cannot sit still for the pain", "es": "Se frota articulaciones o músculos y no puede estar quieto por el dolor"}},
			}},
		{ID: "6", Scored: true,
			Text: Text{
				"en": "Runny nose or watery eyes not explained by a cold or allergies",
				"es": "Nariz que gotea u ojos llorosos que no se explican por un resfriado o alergia",
			},
			Options: []Option{
				{0, none()},
				{1, Text{"en": "Stuffy nose or unusually moist eyes", "es": "Nariz tapada u ojos más húmedos de lo habitual"}},
				{2, Text{"en": "Nose running or eyes tearing", "es": "Le gotea la nariz o le lloran los ojos"}},
				{4, Text{"en": "Nose running nonstop or tears streaming down the cheeks", "es": "La nariz gotea sin parar o las lágrimas le corren por las mejillas"}},
			}},
		{ID: "7", Scored: true,
			Text: Text{
				"en": "Stomach or bowel upset in the past half hour",
				"es": "Molestias de estómago o intestino en la última media hora",
			},
			Options: []Option{
				{0, Text{"en": "None", "es": "Ninguna"}},
				{1, Text{"en": "Stomach cramps", "es": "Retortijones"}},
				{2, Text{"en": "Nausea or loose stools", "es": "Náuseas o heces blandas"}},
				{3, Text{"en": "Vomiting or diarrhea", "es": "Vómitos o diarrea"}},
				{5, Text{"en": "Repeated vomiting or diarrhea", "es": "Vómitos o diarrea repetidos"}},
			}},
		{ID: "8", Scored: true,
			Text: Text{
				"en": "Tremor of the hands held out in front",
				"es": "Temblor de las manos extendidas al frente",
			},
			Options: []Option{
				{0, Text{"en": "No tremor", "es": "Sin temblor"}},
				{1, Text{"en": "Tremor can be felt but not seen", "es": "El temblor se nota al tacto pero no se ve"}},
				{2, Text{"en": "Slight tremor can be seen", "es": "Se ve un temblor leve"}},
				{4, Text{"en": "Marked tremor or muscle twitching", "es": "Temblor marcado o sacudidas musculares"}},
			}},
		{ID: "9", Scored: true,
			Text: Text{
				"en": "Yawning during the assessment",
				"es": "Bostezos durante la evaluación",
			},
			Options: []Option{
				{0, none()},
				{1, Text{"en": "Once or twice", "es": "Una o dos veces"}},
				{2, Text{"en": "Three times or more", "es": "Tres veces o más"}},
				{4, Text{"en": "Several times a minute", "es": "Varias veces por minuto"}},
			}},
		{ID: "10", Scored: true,
			Text: Text{
				"en": "Anxiety or irritability",
				"es": "Ansiedad o irritabilidad",
			},
			Options: []Option{
				{0, Text{"en": "None", "es": "Ninguna"}},
				{1, Text{"en": "Reports growing irritability or anxiety", "es": "Refiere irritabilidad o ansiedad en aumento"}},
				{2, Text{"en": "Clearly irritable or anxious", "es": "Claramente irritable o ansioso"}},
				{4, Text{"en": "So irritable or anxious that taking part in the assessment is hard", "es": "Tan irritable o ansioso que le cuesta participar en la evaluación"}},
			}},
		{ID: "11", Scored: true,
			Text: Text{
				"en": "Gooseflesh skin",
				"es": "Piel de gallina",
			},
			Options: []Option{
				{0, Text{"en": "Skin is smooth", "es": "Piel lisa"}},
				{3, Text{"en": "Gooseflesh can be felt, or hairs stand up on the arms", "es": "La piel de gallina se nota al tacto o el vello de los brazos está erizado"}},
				{5, Text{"en": "Prominent gooseflesh", "es": "Piel de gallina muy marcada"}},
			}},
	}
}
