package recovery

// Stage IDs.
const (
	StageEarly    = "early"
	StageMiddle   = "middle"
	StageLongTerm = "long_term"
)

// Stage boundaries, in calendar months of the current streak (DESIGN.md §1 step 9:
// early 0–3 months, middle 3–12, long-term 1 year and more). Long-term recovery begins
// on the day of the 1-year milestone.
const (
	middleFromMonths   = 3
	longTermFromMonths = 12
)

// Stage is a phase of recovery and what to focus on in it.
type Stage struct {
	ID    string
	Name  Text
	Focus Text
}

// Stages lists the stages in order.
func Stages() []Stage {
	return []Stage{
		{
			ID:   StageEarly,
			Name: Text{"en": "Early recovery", "es": "Recuperación temprana"},
			Focus: Text{
				"en": "Take it one day at a time. Get through withdrawal safely, take any medication exactly as prescribed, and keep your days simple: sleep, regular meals, and time with people who support your recovery. Stay away from people and places tied to using, and reach out every day, not only when things get hard.",
				"es": "Viva un día a la vez. Supere los síntomas de abstinencia de forma segura; si toma medicamento, tómelo tal como se lo recetaron, y mantenga días sencillos: dormir, comer a horas regulares y pasar tiempo con personas que apoyan su recuperación. Aléjese de las personas y los lugares relacionados con el consumo, y busque apoyo todos los días, no solo cuando las cosas se pongan difíciles.",
			},
		},
		{
			ID:   StageMiddle,
			Name: Text{"en": "Middle recovery", "es": "Recuperación intermedia"},
			Focus: Text{
				"en": "Build routines that last: regular sleep, work or study, meetings or therapy. Learn your triggers and practise your ways of coping. Poor sleep, low mood and cravings can come and go for months after stopping; that is common and it passes, so keep your plan close and tell someone when they show up. Start repairing the relationships that matter to you.",
				"es": "Construya rutinas que se sostengan: horarios de sueño regulares, trabajo o estudio, reuniones o terapia. Conozca sus desencadenantes y practique sus formas de afrontarlos. El mal dormir, el ánimo bajo y las ganas de consumir pueden ir y venir durante meses después de dejar el consumo; es algo común y pasa, así que tenga su plan a la mano y cuéntele a alguien cuando aparezcan. Empiece a reparar las relaciones que le importan.",
			},
		},
		{
			ID:   StageLongTerm,
			Name: Text{"en": "Long-term recovery", "es": "Recuperación a largo plazo"},
			Focus: Text{
				"en": "Keep the habits that got you here. Set goals for work, study, volunteering or family, and think about helping people who are earlier on the road. Risk gets smaller with time but does not go away: watch for your old warning signs, especially after big changes, losses or stress, and remember that after time without using, your body's tolerance is low.",
				"es": "Mantenga los hábitos que le permitieron llegar hasta aquí. Póngase metas de trabajo, estudio, voluntariado o familia, y piense en ayudar a personas que están empezando el camino. El riesgo se reduce con el tiempo, pero no desaparece: preste atención a sus señales de alerta de siempre, sobre todo en épocas de cambios grandes, pérdidas o mucho estrés, y recuerde que, después de un tiempo sin consumir, la tolerancia de su cuerpo es baja.",
			},
		},
	}
}

// stageOf is the stage of the member whose current streak is s.
func stageOf(s streak, conv Convention) Stage {
	stages := Stages()
	switch {
	case !reachDay(s.lastUse, longTermFromMonths, Months, conv).After(s.through):
		return stages[2]
	case !reachDay(s.lastUse, middleFromMonths, Months, conv).After(s.through):
		return stages[1]
	}
	return stages[0]
}
