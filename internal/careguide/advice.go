package careguide

// Advice ids, stable across the web page, the rules and the tests.
const (
	AdviceCrisis             = "crisis"
	AdviceSedativesDaily     = "sedatives_daily"
	AdviceSeizures           = "seizures"
	AdvicePregnancy          = "pregnancy"
	AdviceSeriousHealth      = "serious_health"
	AdviceLostTolerance      = "lost_tolerance"
	AdviceSedativesSometimes = "sedatives_sometimes"
	AdviceKeepMedication     = "keep_medication"
	AdviceMentalHealthCare   = "mental_health_care"
)

// Advice is something the person should know whatever care they choose.
type Advice struct {
	ID string
	// Urgent advice answers a danger: the interface shows it first, before
	// any suggestion.
	Urgent bool
	// CrisisLines asks the interface to show the crisis lines and the
	// emergency number with the advice.
	CrisisLines bool
	Title       Text
	Text        Text
}

// advice returns every piece of advice, urgent first; results list advice in
// this order.
func advice() []Advice {
	return []Advice{
		{
			ID: AdviceCrisis, Urgent: true, CrisisLines: true,
			Title: Text{"en": "Please talk to someone today", "es": "Por favor, hable con alguien hoy"},
			Text: Text{
				"en": "You said you have had thoughts of being better off dead or of hurting yourself. You deserve support right now. A crisis line will listen at any hour, and a doctor or counselor can help. If you might act on these thoughts, call your emergency number now.",
				"es": "Usted dijo que ha pensado que estaría mejor muerto o muerta, o en hacerse daño. Merece apoyo ahora mismo. Una línea de crisis le escucha a cualquier hora, y un médico o consejero puede ayudarle. Si cree que podría actuar según esos pensamientos, llame ahora a su número de emergencias.",
			},
		},
		{
			ID: AdviceSedativesDaily, Urgent: true,
			Title: Text{"en": "Opioids with alcohol or sedatives every day can stop your breathing", "es": "Los opioides con alcohol o sedantes todos los días pueden detener su respiración"},
			Text: Text{
				"en": "Alcohol, benzodiazepines and sleeping pills together with opioids greatly raise the risk that breathing slows or stops. Do not stop them suddenly on your own: after daily use, stopping alcohol or benzodiazepines needs a doctor's care. Until then, never use alone, and keep naloxone close.",
				"es": "El alcohol, las benzodiacepinas y las pastillas para dormir junto con los opioides aumentan mucho el riesgo de que la respiración se vuelva lenta o se detenga. No los deje de golpe por su cuenta: después de un uso diario, dejar el alcohol o las benzodiacepinas necesita atención médica. Mientras tanto, nunca consuma sin compañía y tenga naloxona a la mano.",
			},
		},
		{
			ID: AdviceSeizures, Urgent: true,
			Title: Text{"en": "Stopping again needs medical care", "es": "Dejar de consumir otra vez necesita atención médica"},
			Text: Text{
				"en": "A seizure or hallucinations when you stopped before mean that this time withdrawal should be managed by medical staff. Tell any program or doctor about it before you stop.",
				"es": "Una convulsión o alucinaciones cuando dejó de consumir antes significan que esta vez la abstinencia debe manejarla personal médico. Cuénteselo a cualquier programa o médico antes de dejar de consumir.",
			},
		},
		{
			ID: AdvicePregnancy, Urgent: true,
			Title: Text{"en": "Pregnancy needs specialized care", "es": "El embarazo necesita atención especializada"},
			Text: Text{
				"en": "Tell any doctor or program you contact that you are, or may be, pregnant, and ask for care that is set up for pregnancy. Talk to a doctor, nurse or midwife soon: they can help you plan care that is safe for you and the baby.",
				"es": "Dígale a cualquier médico o programa que contacte que está embarazada, o que podría estarlo, y pida atención preparada para el embarazo. Hable pronto con un médico, una enfermera o una partera: pueden ayudarle a planear una atención segura para usted y el bebé.",
			},
		},
		{
			ID: AdviceSeriousHealth, Urgent: true,
			Title: Text{"en": "See a doctor about your health soon", "es": "Consulte pronto a un médico por su salud"},
			Text: Text{
				"en": "A serious or worsening health problem needs a doctor's care, whatever you decide about treatment for opioid use. If it feels like an emergency, call your emergency number now.",
				"es": "Un problema de salud grave o que empeora necesita atención médica, decida lo que decida sobre el tratamiento del consumo de opioides. Si le parece una emergencia, llame ahora a su número de emergencias.",
			},
		},
		{
			ID: AdviceLostTolerance, Urgent: true,
			Title: Text{"en": "If you use again, your body is no longer used to it", "es": "Si vuelve a consumir, su cuerpo ya no está acostumbrado"},
			Text: Text{
				"en": "After a break, your body cannot handle the amount it used to, and a usual amount can kill. If you use, do not use alone, do not mix with alcohol or sedatives, and keep naloxone close.",
				"es": "Después de una pausa, su cuerpo ya no tolera la cantidad de antes, y una cantidad habitual puede matarle. Si consume, no lo haga sin compañía, no lo mezcle con alcohol ni sedantes, y tenga naloxona a la mano.",
			},
		},
		{
			ID:    AdviceSedativesSometimes,
			Title: Text{"en": "Mixing is risky even now and then", "es": "Mezclar es peligroso aunque sea de vez en cuando"},
			Text: Text{
				"en": "Each time opioids are mixed with alcohol, benzodiazepines or sleeping pills, the risk of overdose goes up. Tell any program about everything you take.",
				"es": "Cada vez que se mezclan opioides con alcohol, benzodiacepinas o pastillas para dormir, aumenta el riesgo de sobredosis. Cuéntele a cualquier programa todo lo que toma.",
			},
		},
		{
			ID:    AdviceKeepMedication,
			Title: Text{"en": "Keep taking your medication", "es": "Siga tomando su medicamento"},
			Text: Text{
				"en": "Medication that is working for you is part of your recovery. Before you start, ask any program whether it supports your medication; a good program will not make you stop it.",
				"es": "Un medicamento que le está funcionando es parte de su recuperación. Antes de empezar, pregunte a cualquier programa si apoya su medicamento; un buen programa no le pedirá que lo deje.",
			},
		},
		{
			ID:    AdviceMentalHealthCare,
			Title: Text{"en": "Ask for care for your mental health too", "es": "Pida atención también para su salud mental"},
			Text: Text{
				"en": "Many people live with both opioid use and low mood, anxiety or trauma. Ask each program whether it treats both at the same time.",
				"es": "Muchas personas viven a la vez con el consumo de opioides y con desánimo, ansiedad o trauma. Pregunte a cada programa si trata ambas cosas al mismo tiempo.",
			},
		},
	}
}
