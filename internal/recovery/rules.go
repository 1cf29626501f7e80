package recovery

import "fmt"

// rule is everything about one signal except its weight, which lives in the RiskModel:
// when it fires, how it is explained to the member, and which sections of their
// relapse-prevention plan help with it, most useful first.
type rule struct {
	code    string
	fires   func(m RiskModel, h history, in RiskInput) bool
	explain func(m RiskModel) Text
	plan    []string
}

// rules lists every signal; signals of equal weight are shown in this order. The
// explanations take their numbers from the model, so the wording never drifts from it.
func rules() []rule {
	return []rule{
		{
			code: SignalUsedToday,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				c, checkedIn := h.byDay[h.today]
				return (checkedIn && c.Used) || (in.LastLapse != nil && in.LastLapse.Equal(h.today))
			},
			explain: func(RiskModel) Text {
				return Text{
					"en": "You used today. That is a signal to lean on your plan and your people; it does not erase the days you have in recovery.",
					"es": "Hoy consumió. Es una señal para apoyarse en su plan y en su gente; no borra los días que lleva en recuperación.",
				}
			},
			plan: []string{PlanPeople, PlanSafePlaces, PlanCoping, PlanReasons},
		},
		{
			code: SignalRecentLapse,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				if in.LastLapse != nil {
					if ago := in.LastLapse.DaysUntil(h.today); ago >= 1 && ago < m.WindowDays {
						return true
					}
				}
				for _, c := range h.days(m.WindowDays-1, 1) {
					if c.Used {
						return true
					}
				}
				return false
			},
			explain: func(m RiskModel) Text {
				return Text{
					"en": fmt.Sprintf("You used in the last %d days. The days after a lapse carry more risk, so this is a time to follow your plan closely.", m.WindowDays),
					"es": fmt.Sprintf("Consumió en los últimos %d días. Los días que siguen a un consumo son de mayor riesgo, así que es momento de seguir su plan de cerca.", m.WindowDays),
				}
			},
			plan: []string{PlanTriggers, PlanWarningSigns, PlanPeople, PlanCoping},
		},
		{
			code: SignalCravingHigh,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.count(m.TrendDays, func(c DayCheckIn) bool { return c.Craving >= m.CravingHigh }) > 0
			},
			explain: func(m RiskModel) Text {
				return Text{
					"en": fmt.Sprintf("Your craving reached %d or more out of 10 in the last %d days.", m.CravingHigh, m.TrendDays),
					"es": fmt.Sprintf("Sus ganas de consumir llegaron a %d o más, de un máximo de 10, en los últimos %d días.", m.CravingHigh, m.TrendDays),
				}
			},
			plan: []string{PlanCoping, PlanPeople, PlanSafePlaces, PlanReasons},
		},
		{
			code: SignalMissedMedication,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				notTaken := func(c DayCheckIn) bool { return c.MedicationTaken != nil && !*c.MedicationTaken }
				return in.OnMedication && h.count(m.RecentDays, notTaken) >= m.MissedMedicationDays
			},
			explain: func(m RiskModel) Text {
				return Text{
					"en": fmt.Sprintf("You marked your medication as not taken on %d or more of the last %d days. Missed doses can bring back cravings and withdrawal; talk with your prescriber or clinic.", m.MissedMedicationDays, m.RecentDays),
					"es": fmt.Sprintf("Marcó su medicamento como no tomado %d días o más de los últimos %d. Omitir dosis puede hacer que vuelvan las ganas de consumir y los síntomas de abstinencia; hable con quien se lo receta o con su clínica.", m.MissedMedicationDays, m.RecentDays),
				}
			},
			plan: []string{PlanPeople, PlanReasons},
		},
		{
			code: SignalCravingRising,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				recent := h.days(m.TrendDays, 0)
				earlier := h.days(m.WindowDays-m.TrendDays, m.TrendDays)
				if len(recent) < m.CravingTrendRecent || len(earlier) < m.CravingTrendEarlier {
					return false
				}
				return meanCraving(recent)-meanCraving(earlier) >= m.CravingRise
			},
			explain: func(m RiskModel) Text {
				return Text{
					"en": fmt.Sprintf("Your cravings are rising: over the last %d days they were %g or more points higher, on average, than in the days before.", m.TrendDays, m.CravingRise),
					"es": fmt.Sprintf("Sus ganas de consumir van en aumento: en los últimos %d días estuvieron, en promedio, %g puntos o más por encima de los días anteriores.", m.TrendDays, m.CravingRise),
				}
			},
			plan: []string{PlanTriggers, PlanCoping, PlanPeople},
		},
		{
			code: SignalRomanticising,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.count(m.RecentDays, func(c DayCheckIn) bool { return c.Romanticising }) >= m.RomanticisingDays
			},
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.RomanticisingDays,
					"You had thoughts of using, or of missing past use,", "Pensó en consumir o extrañó el consumo")
			},
			plan: []string{PlanReasons, PlanWarningSigns, PlanPeople},
		},
		{
			code: SignalMoodLow,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool {
				return c.Mood > 0 && c.Mood <= m.LowMood
			}),
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.PatternDays, "Your mood was low", "Su ánimo estuvo bajo")
			},
			plan: []string{PlanCoping, PlanPeople, PlanReasons},
		},
		{
			code: SignalSleepPoor,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool {
				return (c.SleepHours > 0 && c.SleepHours < m.ShortSleepHours) ||
					(c.SleepQuality > 0 && c.SleepQuality <= m.PoorSleepQuality)
			}),
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.PatternDays,
					fmt.Sprintf("You slept badly (under %g hours, or poorly)", m.ShortSleepHours),
					fmt.Sprintf("Durmió mal (menos de %g horas o con un sueño de mala calidad)", m.ShortSleepHours))
			},
			plan: []string{PlanCoping, PlanWarningSigns},
		},
		{
			code:  SignalIsolation,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool { return c.Lonely >= m.Lonely }),
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.PatternDays, "You felt lonely or cut off from people", "Sintió soledad o desconexión de los demás")
			},
			plan: []string{PlanPeople, PlanSafePlaces},
		},
		{
			code:  SignalIrritability,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool { return c.Irritable >= m.Irritable }),
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.PatternDays, "You felt irritable", "Se sintió irritable")
			},
			plan: []string{PlanCoping, PlanWarningSigns, PlanPeople},
		},
		{
			code:  SignalStressHigh,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool { return c.Stress >= m.Stressed }),
			explain: func(m RiskModel) Text {
				return onRecentDays(m, m.PatternDays, "You felt very stressed", "Sintió mucho estrés")
			},
			plan: []string{PlanTriggers, PlanCoping},
		},
		{
			code: SignalMissedCheckIns,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.missedCheckIns(m.WindowDays) >= m.MissedCheckIns
			},
			explain: func(m RiskModel) Text {
				return Text{
					"en": fmt.Sprintf("You missed %d or more daily check-ins in the last %d days. Going quiet can be an early warning sign; a short check-in is enough.", m.MissedCheckIns, m.WindowDays),
					"es": fmt.Sprintf("No hizo su registro diario %d días o más de los últimos %d. Alejarse puede ser una señal de alerta temprana; basta con un registro breve.", m.MissedCheckIns, m.WindowDays),
				}
			},
			plan: []string{PlanPeople, PlanWarningSigns},
		},
		{
			code: SignalEarlyStage,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return in.Stage.ID == StageEarly
			},
			explain: func(RiskModel) Text {
				return Text{
					"en": "You are in the first months of this recovery, when warning signs deserve extra attention.",
					"es": "Está en los primeros meses de esta recuperación, cuando las señales de alerta merecen más atención.",
				}
			},
			plan: []string{PlanPeople, PlanSafePlaces, PlanCoping},
		},
	}
}

// onRecentDays explains a state seen on at least `days` of the RecentDays.
func onRecentDays(m RiskModel, days int, en, es string) Text {
	return Text{
		"en": fmt.Sprintf("%s on %d or more of the last %d days.", en, days, m.RecentDays),
		"es": fmt.Sprintf("%s %d días o más de los últimos %d.", es, days, m.RecentDays),
	}
}

// pattern fires when a state is seen on at least PatternDays of the RecentDays: one bad
// night or one low day is ordinary, several in a week are a warning sign.
func pattern(state func(RiskModel, DayCheckIn) bool) func(RiskModel, history, RiskInput) bool {
	return func(m RiskModel, h history, in RiskInput) bool {
		return h.count(m.RecentDays, func(c DayCheckIn) bool { return state(m, c) }) >= m.PatternDays
	}
}

func meanCraving(checkIns []DayCheckIn) float64 {
	sum := 0
	for _, c := range checkIns {
		sum += c.Craving
	}
	return float64(sum) / float64(len(checkIns))
}
