package careguide

// Question ids, stable across the web form, the rules and the tests.
const (
	QUseFrequency  = "use_frequency"
	QCutDown       = "cut_down"
	QWithdrawal    = "withdrawal"
	QSedatives     = "sedatives"
	QSeizures      = "seizures"
	QPhysical      = "physical"
	QMental        = "mental"
	QSelfHarm      = "self_harm"
	QPregnancy     = "pregnancy"
	QHome          = "home"
	QSupport       = "support"
	QDuties        = "duties"
	QPastTreatment = "past_treatment"
	QMedication    = "medication"
)

// Choice is one answer to a question.
type Choice struct {
	ID    string
	Label Text
}

// Question is one thing the guide asks. Every question needs an answer; each
// offers a choice for "no" or "does not apply".
type Question struct {
	ID string
	// Topic names the question in a short phrase, for the list of answers
	// that led to a suggestion ("Past withdrawal: Very hard ...").
	Topic Text
	// Text is the question as asked.
	Text Text
	// Hint says why the question is asked, or how to answer it; may be empty.
	Hint    Text
	Choices []Choice
}

// Choice returns the choice with id, and false when the question has none.
func (q Question) Choice(id string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.ID == id {
			return c, true
		}
	}
	return Choice{}, false
}

// Questions returns the guide's questions in the order they are asked. Each
// call builds them afresh, so a caller that changes one changes nothing else.
func Questions() []Question {
	return []Question{
		{
			ID:    QUseFrequency,
			Topic: Text{"en": "How often you use opioids", "es": "Con qué frecuencia consume opioides"},
			Text: Text{
				"en": "How often do you use opioids now?",
				"es": "¿Con qué frecuencia consume opioides ahora?",
			},
			Hint: Text{
				"en": "Do not count a medicine prescribed to treat opioid use, such as methadone or buprenorphine.",
				"es": "No cuente un medicamento recetado para tratar el consumo de opioides, como la metadona o la buprenorfina.",
			},
			Choices: []Choice{
				{"daily", Text{"en": "Every day, or almost every day", "es": "Todos los días, o casi todos"}},
				{"weekly", Text{"en": "A few times a week", "es": "Algunas veces por semana"}},
				{"less", Text{"en": "Less than once a week", "es": "Menos de una vez por semana"}},
				{"stopped", Text{"en": "I am not using now", "es": "Ahora no estoy consumiendo"}},
			},
		},
		{
			ID:    QCutDown,
			Topic: Text{"en": "Cutting down", "es": "Reducir el consumo"},
			Text: Text{
				"en": "Have you tried to cut down or stop?",
				"es": "¿Ha intentado reducir el consumo o dejarlo?",
			},
			Choices: []Choice{
				{"could_not", Text{"en": "Yes, and I could not", "es": "Sí, y no lo logré"}},
				{"for_a_while", Text{"en": "Yes, and I managed for a while", "es": "Sí, y lo logré por un tiempo"}},
				{"not_tried", Text{"en": "Not yet", "es": "Todavía no"}},
			},
		},
		{
			ID:    QWithdrawal,
			Topic: Text{"en": "Past withdrawal", "es": "Abstinencia en el pasado"},
			Text: Text{
				"en": "When you went without opioids before, how hard was the withdrawal?",
				"es": "Cuando estuvo sin opioides en el pasado, ¿qué tan difícil fue la abstinencia?",
			},
			Choices: []Choice{
				{"severe", Text{"en": "Very hard: I could not get through it, or used again to make it stop", "es": "Muy difícil: no pude aguantarla, o volví a consumir para que parara"}},
				{"manageable", Text{"en": "Hard, but I got through it", "es": "Difícil, pero la superé"}},
				{"none", Text{"en": "I have not been through withdrawal, or I do not know", "es": "No he pasado por la abstinencia, o no lo sé"}},
			},
		},
		{
			ID:    QSedatives,
			Topic: Text{"en": "Alcohol, benzodiazepines or sleeping pills", "es": "Alcohol, benzodiacepinas o pastillas para dormir"},
			Text: Text{
				"en": "Do you also drink alcohol, or take benzodiazepines (such as alprazolam or diazepam) or sleeping pills?",
				"es": "¿También toma alcohol, benzodiacepinas (como alprazolam o diazepam) o pastillas para dormir?",
			},
			Hint: Text{
				"en": "Together with opioids, these raise the risk that breathing slows or stops.",
				"es": "Junto con los opioides, aumentan el riesgo de que la respiración se vuelva lenta o se detenga.",
			},
			Choices: []Choice{
				{"daily", Text{"en": "Yes, every day or almost every day", "es": "Sí, todos los días o casi todos"}},
				{"sometimes", Text{"en": "Sometimes", "es": "A veces"}},
				{"no", Text{"en": "No", "es": "No"}},
			},
		},
		{
			ID:    QSeizures,
			Topic: Text{"en": "Seizures or hallucinations when stopping", "es": "Convulsiones o alucinaciones al dejar de consumir"},
			Text: Text{
				"en": "Have you ever had a seizure, or seen or heard things that were not there, when you stopped drinking or stopped a drug?",
				"es": "¿Alguna vez tuvo una convulsión, o vio u oyó cosas que no estaban ahí, al dejar de beber o de consumir una droga?",
			},
			Choices: []Choice{
				{"yes", Text{"en": "Yes", "es": "Sí"}},
				{"no", Text{"en": "No", "es": "No"}},
			},
		},
		{
			ID:    QPhysical,
			Topic: Text{"en": "Physical health", "es": "Salud física"},
			Text: Text{
				"en": "How is your physical health?",
				"es": "¿Cómo está su salud física?",
			},
			Choices: []Choice{
				{"serious", Text{"en": "I have a serious health problem, or one that is getting worse (for example an infection, a wound that will not heal, or heart, lung or liver trouble)", "es": "Tengo un problema de salud grave, o uno que empeora (por ejemplo, una infección, una herida que no sana, o problemas del corazón, los pulmones o el hígado)"}},
				{"cared_for", Text{"en": "I have health problems, and they are being looked after", "es": "Tengo problemas de salud y me los están atendiendo"}},
				{"fine", Text{"en": "No health problems that I know of", "es": "Ningún problema de salud que yo sepa"}},
			},
		},
		{
			ID:    QMental,
			Topic: Text{"en": "Mental health", "es": "Salud mental"},
			Text: Text{
				"en": "How are your mood, worry and stress these days?",
				"es": "¿Cómo están su ánimo, sus preocupaciones y su estrés estos días?",
			},
			Choices: []Choice{
				{"very_hard", Text{"en": "It is very hard to get through the day", "es": "Me cuesta mucho pasar el día"}},
				{"struggling", Text{"en": "I struggle with low mood, anxiety or past trauma", "es": "Lucho con el desánimo, la ansiedad o un trauma del pasado"}},
				{"ok", Text{"en": "Mostly all right", "es": "Bien, en general"}},
			},
		},
		{
			ID:    QSelfHarm,
			Topic: Text{"en": "Thoughts of death or self-harm", "es": "Pensamientos de muerte o de hacerse daño"},
			Text: Text{
				"en": "In the last 2 weeks, have you had thoughts that you would be better off dead, or of hurting yourself?",
				"es": "En las últimas 2 semanas, ¿ha pensado que estaría mejor muerto o muerta, o en hacerse daño?",
			},
			Choices: []Choice{
				{"yes", Text{"en": "Yes", "es": "Sí"}},
				{"no", Text{"en": "No", "es": "No"}},
			},
		},
		{
			ID:    QPregnancy,
			Topic: Text{"en": "Pregnancy", "es": "Embarazo"},
			Text: Text{
				"en": "Are you pregnant, or could you be?",
				"es": "¿Está embarazada, o podría estarlo?",
			},
			Choices: []Choice{
				{"yes", Text{"en": "Yes", "es": "Sí"}},
				{"maybe", Text{"en": "Maybe", "es": "Tal vez"}},
				{"no", Text{"en": "No, or this does not apply to me", "es": "No, o esto no se aplica a mí"}},
			},
		},
		{
			ID:    QHome,
			Topic: Text{"en": "Home", "es": "Hogar"},
			Text: Text{
				"en": "Is where you live safe, and does it help you stay away from opioids?",
				"es": "¿El lugar donde vive es seguro y le ayuda a mantenerse lejos de los opioides?",
			},
			Choices: []Choice{
				{"supportive", Text{"en": "Yes, it is safe and supportive", "es": "Sí, es seguro y me apoya"}},
				{"use_around", Text{"en": "People there use drugs, or it is hard to stay away from use there", "es": "Ahí hay personas que consumen drogas, o es difícil mantenerse sin consumir ahí"}},
				{"unsafe", Text{"en": "It is not safe, or I have no stable place to stay", "es": "No es seguro, o no tengo un lugar estable donde quedarme"}},
			},
		},
		{
			ID:    QSupport,
			Topic: Text{"en": "Support", "es": "Apoyo"},
			Text: Text{
				"en": "Is there someone who supports you in getting help, such as family, a friend or a sponsor?",
				"es": "¿Hay alguien que le apoye para buscar ayuda, como un familiar, una amistad o un padrino o madrina?",
			},
			Choices: []Choice{
				{"yes", Text{"en": "Yes", "es": "Sí"}},
				{"no", Text{"en": "No, not right now", "es": "No, por ahora no"}},
			},
		},
		{
			ID:    QDuties,
			Topic: Text{"en": "Work, school and caring for others", "es": "Trabajo, estudios y cuidado de otras personas"},
			Text: Text{
				"en": "Do you have work, school or someone to care for that you cannot step away from?",
				"es": "¿Tiene un trabajo, estudios o alguien a su cuidado que no puede dejar?",
			},
			Choices: []Choice{
				{"cannot_leave", Text{"en": "Yes: I need to keep working, studying or caring for someone", "es": "Sí: necesito seguir trabajando, estudiando o cuidando a alguien"}},
				{"could_arrange", Text{"en": "Some, but I could arrange time away", "es": "Algunos, pero podría organizarme para ausentarme"}},
				{"none", Text{"en": "No", "es": "No"}},
			},
		},
		{
			ID:    QPastTreatment,
			Topic: Text{"en": "Earlier treatment", "es": "Tratamiento anterior"},
			Text: Text{
				"en": "Have you had treatment for opioid use before?",
				"es": "¿Ha recibido tratamiento por consumo de opioides antes?",
			},
			Choices: []Choice{
				{"none", Text{"en": "No, this would be the first time", "es": "No, sería la primera vez"}},
				{"outpatient", Text{"en": "Yes: outpatient care or medication", "es": "Sí: atención ambulatoria o medicamentos"}},
				{"intensive", Text{"en": "Yes: detox, or a residential or day program", "es": "Sí: desintoxicación, o un programa residencial o de día"}},
			},
		},
		{
			ID:    QMedication,
			Topic: Text{"en": "Medication", "es": "Medicamentos"},
			Text: Text{
				"en": "How do you feel about medication for opioid use: methadone, buprenorphine or naltrexone?",
				"es": "¿Qué piensa de los medicamentos para el consumo de opioides: metadona, buprenorfina o naltrexona?",
			},
			Choices: []Choice{
				{"want", Text{"en": "I would like to try it", "es": "Me gustaría probarlos"}},
				{"unsure", Text{"en": "I am not sure, and would like to know more", "es": "No estoy seguro o segura, y quisiera saber más"}},
				{"rather_not", Text{"en": "I would rather not", "es": "Prefiero no tomarlos"}},
				{"taking", Text{"en": "I take one now", "es": "Ya tomo uno"}},
			},
		},
	}
}
