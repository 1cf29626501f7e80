package recovery

import "github.com/onward-recovery/onward/internal/i18n"

// rule is everything about one signal except its weight, which lives in the RiskModel:
// when it fires, how it is explained to the member, and which sections of their
// relapse-prevention plan help with it, most useful first.
type rule struct {
	code    string
	fires   func(m RiskModel, h history, in RiskInput) bool
	explain func(m RiskModel) i18n.Msg
	plan    []string
}

// rules lists every signal; signals of equal weight are shown in this order. The
// explanations take their numbers from the model, so the wording never drifts from it.
func rules() []rule {
	return []rule{
		{
			code: SignalUsedToday,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				c, checkedIn := h.at(0)
				return (checkedIn && c.Used) || (in.LastLapse != nil && in.LastLapse.Equal(h.today))
			},
			explain: func(RiskModel) i18n.Msg { return i18n.M("recovery.signal.used_today") },
			plan:    []string{PlanPeople, PlanSafePlaces, PlanCoping, PlanReasons},
		},
		{
			code: SignalRecentLapse,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				if in.LastLapse != nil {
					if ago := in.LastLapse.DaysUntil(h.today); ago >= 1 && ago < m.WindowDays {
						return true
					}
				}
				for ago := 1; ago < m.WindowDays; ago++ {
					if c, ok := h.at(ago); ok && c.Used {
						return true
					}
				}
				return false
			},
			explain: func(m RiskModel) i18n.Msg { return i18n.M("recovery.signal.recent_lapse", "Count", m.WindowDays) },
			plan:    []string{PlanTriggers, PlanWarningSigns, PlanPeople, PlanCoping},
		},
		{
			code: SignalCravingHigh,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.count(m.TrendDays, func(c DayCheckIn) bool { return c.Craving >= m.CravingHigh }) > 0
			},
			explain: func(m RiskModel) i18n.Msg {
				return i18n.M("recovery.signal.craving_high", "Craving", m.CravingHigh, "Count", m.TrendDays)
			},
			plan: []string{PlanCoping, PlanPeople, PlanSafePlaces, PlanReasons},
		},
		{
			code: SignalMissedMedication,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				notTaken := func(c DayCheckIn) bool { return c.MedicationTaken != nil && !*c.MedicationTaken }
				return in.OnMedication && h.count(m.RecentDays, notTaken) >= m.MissedMedicationDays
			},
			explain: func(m RiskModel) i18n.Msg {
				return onRecentDays(m, "recovery.signal.missed_medication", m.MissedMedicationDays)
			},
			plan: []string{PlanPeople, PlanReasons},
		},
		{
			code: SignalCravingRising,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				recent, recentSum := h.cravings(m.TrendDays, 0)
				earlier, earlierSum := h.cravings(m.WindowDays-m.TrendDays, m.TrendDays)
				if recent < m.CravingTrendRecent || earlier < m.CravingTrendEarlier {
					return false
				}
				return float64(recentSum)/float64(recent)-float64(earlierSum)/float64(earlier) >= m.CravingRise
			},
			explain: func(m RiskModel) i18n.Msg {
				return i18n.M("recovery.signal.craving_rising", "Count", m.TrendDays, "Rise", m.CravingRise)
			},
			plan: []string{PlanTriggers, PlanCoping, PlanPeople},
		},
		{
			code: SignalRomanticising,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.count(m.RecentDays, func(c DayCheckIn) bool { return c.Romanticising }) >= m.RomanticisingDays
			},
			explain: func(m RiskModel) i18n.Msg {
				return onRecentDays(m, "recovery.signal.romanticising", m.RomanticisingDays)
			},
			plan: []string{PlanReasons, PlanWarningSigns, PlanPeople},
		},
		{
			code: SignalMoodLow,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool {
				return c.Mood > 0 && c.Mood <= m.LowMood
			}),
			explain: func(m RiskModel) i18n.Msg { return onRecentDays(m, "recovery.signal.mood_low", m.PatternDays) },
			plan:    []string{PlanCoping, PlanPeople, PlanReasons},
		},
		{
			code: SignalSleepPoor,
			fires: pattern(func(m RiskModel, c DayCheckIn) bool {
				return (c.SleepHours > 0 && c.SleepHours < m.ShortSleepHours) ||
					(c.SleepQuality > 0 && c.SleepQuality <= m.PoorSleepQuality)
			}),
			explain: func(m RiskModel) i18n.Msg {
				return onRecentDays(m, "recovery.signal.sleep_poor", m.PatternDays, "Hours", m.ShortSleepHours)
			},
			plan: []string{PlanCoping, PlanWarningSigns},
		},
		{
			code:    SignalIsolation,
			fires:   pattern(func(m RiskModel, c DayCheckIn) bool { return c.Lonely >= m.Lonely }),
			explain: func(m RiskModel) i18n.Msg { return onRecentDays(m, "recovery.signal.isolation", m.PatternDays) },
			plan:    []string{PlanPeople, PlanSafePlaces},
		},
		{
			code:    SignalIrritability,
			fires:   pattern(func(m RiskModel, c DayCheckIn) bool { return c.Irritable >= m.Irritable }),
			explain: func(m RiskModel) i18n.Msg { return onRecentDays(m, "recovery.signal.irritability", m.PatternDays) },
			plan:    []string{PlanCoping, PlanWarningSigns, PlanPeople},
		},
		{
			code:    SignalStressHigh,
			fires:   pattern(func(m RiskModel, c DayCheckIn) bool { return c.Stress >= m.Stressed }),
			explain: func(m RiskModel) i18n.Msg { return onRecentDays(m, "recovery.signal.stress_high", m.PatternDays) },
			plan:    []string{PlanTriggers, PlanCoping},
		},
		{
			code: SignalMissedCheckIns,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return h.missedCheckIns(m.WindowDays) >= m.MissedCheckIns
			},
			explain: func(m RiskModel) i18n.Msg {
				return i18n.M("recovery.signal.missed_checkins", "Days", m.MissedCheckIns, "WindowDays", m.WindowDays)
			},
			plan: []string{PlanPeople, PlanWarningSigns},
		},
		{
			code: SignalEarlyStage,
			fires: func(m RiskModel, h history, in RiskInput) bool {
				return in.Stage.ID == StageEarly
			},
			explain: func(RiskModel) i18n.Msg { return i18n.M("recovery.signal.early_stage") },
			plan:    []string{PlanPeople, PlanSafePlaces, PlanCoping},
		},
	}
}

// onRecentDays explains a state seen on at least days of the RecentDays;
// the message names them {{.Days}} and {{.RecentDays}}, and more values
// may follow as name, value pairs.
func onRecentDays(m RiskModel, id string, days int, more ...any) i18n.Msg {
	return i18n.M(id, append([]any{"Days", days, "RecentDays", m.RecentDays}, more...)...)
}

// pattern fires when a state is seen on at least PatternDays of the RecentDays: one bad
// night or one low day is ordinary, several in a week are a warning sign.
func pattern(state func(RiskModel, DayCheckIn) bool) func(RiskModel, history, RiskInput) bool {
	return func(m RiskModel, h history, in RiskInput) bool {
		return h.count(m.RecentDays, func(c DayCheckIn) bool { return state(m, c) }) >= m.PatternDays
	}
}
