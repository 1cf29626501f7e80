package careguide

// Condition holds when the answer to Question is one of AnyOf.
type Condition struct {
	Question string
	AnyOf    []string
}

// Rule is one line of the guide's reasoning: when all of When hold and none
// of Unless does, the rule suggests care options and raises advice. Why
// explains, in the person's terms, why the answers in When point to the
// suggestions; it is shown beside those answers.
type Rule struct {
	// ID names the rule in docs/care-guide.md and in the tests.
	ID      string
	When    []Condition
	Unless  []Condition
	Suggest []string
	Advise  []string
	Why     Text
}

func is(question string, choices ...string) Condition {
	return Condition{Question: question, AnyOf: choices}
}

// rules is the guide's whole reasoning, in the order docs/care-guide.md lists
// it. Every answer of QUseFrequency has a rule with no Unless that suggests
// something, so every complete set of answers gets at least one suggestion.
// A preference against medication is respected: the rules that would
// suggest medication do not fire for it.
func rules() []Rule {
	noMedication := []Condition{is(QMedication, "rather_not")}
	return []Rule{
		// Dangers first: each raises urgent advice.
		{
			ID:     "thoughts_of_suicide",
			When:   []Condition{is(QSelfHarm, "yes")},
			Advise: []string{AdviceCrisis},
		},
		{
			ID:      "daily_alcohol_or_sedatives",
			When:    []Condition{is(QSedatives, "daily")},
			Advise:  []string{AdviceSedativesDaily},
			Suggest: []string{CareWithdrawal, CareResidential},
			Why: Text{
				"en": "With alcohol or sedatives every day as well as opioids, stopping is safest with medical staff watching over you.",
				"es": "Con alcohol o sedantes todos los días, además de opioides, lo más seguro es dejarlos con personal médico que le vigile.",
			},
		},
		{
			ID:      "seizures_when_stopping",
			When:    []Condition{is(QSeizures, "yes")},
			Advise:  []string{AdviceSeizures},
			Suggest: []string{CareWithdrawal, CareResidential},
			Why: Text{
				"en": "After a seizure or hallucinations when stopping before, withdrawal should be managed by medical staff, and a 24-hour setting lets them watch over you.",
				"es": "Después de una convulsión o alucinaciones al dejar de consumir, la abstinencia debe manejarla personal médico, y un lugar con atención las 24 horas le permite vigilarle.",
			},
		},
		{
			ID:     "pregnancy",
			When:   []Condition{is(QPregnancy, "yes", "maybe")},
			Advise: []string{AdvicePregnancy},
		},
		{
			ID:      "serious_health_problem",
			When:    []Condition{is(QPhysical, "serious")},
			Advise:  []string{AdviceSeriousHealth},
			Suggest: []string{CareResidential},
			Why: Text{
				"en": "A serious health problem is easier to look after where nurses are there around the clock and a doctor is available.",
				"es": "Un problema de salud grave es más fácil de atender donde hay personal de enfermería a toda hora y un médico disponible.",
			},
		},
		{
			ID:      "not_using_now",
			When:    []Condition{is(QUseFrequency, "stopped")},
			Advise:  []string{AdviceLostTolerance},
			Suggest: []string{CareOutpatient},
			Why: Text{
				"en": "You are not using now: regular appointments can help you stay stopped, and you can step up care at any time.",
				"es": "Ahora no está consumiendo: las citas regulares pueden ayudarle a seguir así, y puede pasar a más atención en cualquier momento.",
			},
		},

		// How much and how often.
		{
			ID:      "daily_use",
			When:    []Condition{is(QUseFrequency, "daily")},
			Suggest: []string{CareWithdrawal},
			Why: Text{
				"en": "Using every day usually means withdrawal when you stop, and withdrawal management helps you through it.",
				"es": "Consumir todos los días suele traer abstinencia al dejarlo, y el manejo de la abstinencia le ayuda a pasarla.",
			},
		},
		{
			ID:      "daily_use_medication",
			When:    []Condition{is(QUseFrequency, "daily")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
			Why: Text{
				"en": "Methadone and buprenorphine ease withdrawal and cravings, and lower the risk of dying from an overdose.",
				"es": "La metadona y la buprenorfina alivian la abstinencia y el ansia de consumir, y reducen el riesgo de morir por una sobredosis.",
			},
		},
		{
			ID:      "less_than_daily_use",
			When:    []Condition{is(QUseFrequency, "weekly", "less")},
			Suggest: []string{CareOutpatient, CareIOP},
			Why: Text{
				"en": "Using less than every day, care that fits around your life may be enough to start with; you can move to more care if you need it.",
				"es": "Si no consume todos los días, una atención que se adapte a su vida puede bastar para empezar; puede pasar a más atención si la necesita.",
			},
		},
		{
			ID:      "could_not_cut_down",
			When:    []Condition{is(QCutDown, "could_not")},
			Unless:  []Condition{is(QUseFrequency, "stopped")},
			Suggest: []string{CareIOP},
			Why: Text{
				"en": "Cutting down on your own has not worked yet; several sessions a week give more support than an appointment now and then.",
				"es": "Reducir el consumo por su cuenta no ha funcionado todavía; varias sesiones por semana dan más apoyo que una cita de vez en cuando.",
			},
		},

		// Withdrawal.
		{
			ID:      "hard_withdrawal",
			When:    []Condition{is(QWithdrawal, "severe")},
			Suggest: []string{CareWithdrawal},
			Why: Text{
				"en": "Withdrawal was very hard before; medical help can make it easier to get through this time.",
				"es": "La abstinencia fue muy difícil antes; la ayuda médica puede hacer que esta vez sea más fácil pasarla.",
			},
		},
		{
			ID:      "hard_withdrawal_medication",
			When:    []Condition{is(QWithdrawal, "severe")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
			Why: Text{
				"en": "Methadone and buprenorphine ease withdrawal, so you do not have to go through it the same way again.",
				"es": "La metadona y la buprenorfina alivian la abstinencia, así que no tiene que pasarla de la misma manera otra vez.",
			},
		},

		// Mental health.
		{
			ID:      "very_hard_days",
			When:    []Condition{is(QMental, "very_hard")},
			Advise:  []string{AdviceMentalHealthCare},
			Suggest: []string{CareResidential, CarePHP},
			Why: Text{
				"en": "When getting through the day is very hard, more hours of care each week, or a place with care around the clock, can help.",
				"es": "Cuando pasar el día cuesta mucho, más horas de atención por semana, o un lugar con atención a toda hora, pueden ayudar.",
			},
		},
		{
			ID:      "struggling_with_mood",
			When:    []Condition{is(QMental, "struggling")},
			Advise:  []string{AdviceMentalHealthCare},
			Suggest: []string{CareIOP, CarePHP},
			Why: Text{
				"en": "Programs with several sessions a week have time to work on mood, anxiety or trauma along with opioid use.",
				"es": "Los programas con varias sesiones por semana tienen tiempo para trabajar el ánimo, la ansiedad o el trauma junto con el consumo de opioides.",
			},
		},

		// Home and support.
		{
			ID:      "use_at_home",
			When:    []Condition{is(QHome, "use_around")},
			Suggest: []string{CareResidential},
			Why: Text{
				"en": "A place to live away from where people use can help at the start.",
				"es": "Un lugar donde vivir lejos de donde se consume puede ayudar al principio.",
			},
		},
		{
			ID:      "unsafe_home",
			When:    []Condition{is(QHome, "unsafe")},
			Suggest: []string{CareResidential},
			Why: Text{
				"en": "A residential program gives you a safe place to stay, with care around the clock.",
				"es": "Un programa residencial le da un lugar seguro donde quedarse, con atención a toda hora.",
			},
		},
		{
			ID:      "no_support",
			When:    []Condition{is(QSupport, "no")},
			Suggest: []string{CareIOP},
			Why: Text{
				"en": "Without someone to lean on yet, seeing a care team several times a week puts people on your side.",
				"es": "Si todavía no tiene en quién apoyarse, ver a un equipo de atención varias veces por semana pone a personas de su lado.",
			},
		},

		// Duties that cannot wait.
		{
			ID:      "cannot_step_away",
			When:    []Condition{is(QDuties, "cannot_leave")},
			Suggest: []string{CareOutpatient, CareIOP},
			Why: Text{
				"en": "These let you keep working, studying or caring for someone while you get care.",
				"es": "Estas opciones le permiten seguir trabajando, estudiando o cuidando a alguien mientras recibe atención.",
			},
		},
		{
			ID:      "cannot_step_away_medication",
			When:    []Condition{is(QDuties, "cannot_leave")},
			Unless:  noMedication,
			Suggest: []string{CareOffice},
			Why: Text{
				"en": "Medication from a doctor's office needs only regular visits, so it fits around work, school and family.",
				"es": "El medicamento en un consultorio solo necesita consultas regulares, así que se adapta al trabajo, los estudios y la familia.",
			},
		},

		// Earlier treatment.
		{
			ID:      "outpatient_before",
			When:    []Condition{is(QPastTreatment, "outpatient")},
			Unless:  []Condition{is(QUseFrequency, "stopped")},
			Suggest: []string{CareIOP, CarePHP},
			Why: Text{
				"en": "You have had outpatient care before and are using now; more hours of care each week may help this time.",
				"es": "Ya recibió atención ambulatoria y ahora está consumiendo; más horas de atención por semana pueden ayudar esta vez.",
			},
		},
		{
			ID:      "intensive_before",
			When:    []Condition{is(QPastTreatment, "intensive")},
			Suggest: []string{CareIOP, CareOutpatient},
			Why: Text{
				"en": "Detox or a residential stay works best when it leads into ongoing care; stepping down to lighter care helps you keep what you gained.",
				"es": "La desintoxicación o una estancia residencial funcionan mejor cuando siguen con atención continua; pasar poco a poco a una atención más ligera le ayuda a conservar lo logrado.",
			},
		},
		{
			ID:      "intensive_before_medication",
			When:    []Condition{is(QPastTreatment, "intensive")},
			Unless:  noMedication,
			Suggest: []string{CareOTP, CareOffice},
			Why: Text{
				"en": "Tolerance falls quickly after a time without opioids, such as after detox, so a usual amount can kill; staying on medication lowers the risk of dying from an overdose.",
				"es": "La tolerancia baja rápido después de un tiempo sin opioides, por ejemplo después de una desintoxicación, así que una cantidad habitual puede matar; seguir con un medicamento reduce el riesgo de morir por una sobredosis.",
			},
		},

		// Medication.
		{
			ID:      "interested_in_medication",
			When:    []Condition{is(QMedication, "want", "unsure")},
			Suggest: []string{CareOTP, CareOffice},
			Why: Text{
				"en": "Methadone comes from an opioid treatment program; buprenorphine and naltrexone can come from a doctor's office. Either can explain each medicine to you.",
				"es": "La metadona se da en un programa de tratamiento de opioides; la buprenorfina y la naltrexona se pueden recibir en un consultorio. En cualquiera de los dos le pueden explicar cada medicamento.",
			},
		},
		{
			ID:     "taking_medication",
			When:   []Condition{is(QMedication, "taking")},
			Advise: []string{AdviceKeepMedication},
		},
		{
			ID:     "sedatives_sometimes",
			When:   []Condition{is(QSedatives, "sometimes")},
			Advise: []string{AdviceSedativesSometimes},
		},
	}
}
