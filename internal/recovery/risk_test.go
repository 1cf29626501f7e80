package recovery

import (
	"slices"
	"testing"
)

// calm is a settled day: good mood, little craving, enough sleep, in touch with people.
func calm(today Date, daysAgo int) DayCheckIn {
	return DayCheckIn{
		On: today.AddDays(-daysAgo), Mood: 4, Craving: 1, SleepHours: 7.5, SleepQuality: 4,
		Stress: 2, Lonely: 1, Irritable: 1, SupportContact: true, SelfCare: true,
	}
}

// fortnight is fourteen calm check-ins ending today, each then changed by change.
func fortnight(today Date, change func(daysAgo int, c *DayCheckIn)) []DayCheckIn {
	var checkIns []DayCheckIn
	for ago := 13; ago >= 0; ago-- {
		c := calm(today, ago)
		if change != nil {
			change(ago, &c)
		}
		checkIns = append(checkIns, c)
	}
	return checkIns
}

// on returns a change that applies f on the given days ago only.
func on(daysAgo []int, f func(c *DayCheckIn)) func(int, *DayCheckIn) {
	return func(ago int, c *DayCheckIn) {
		if slices.Contains(daysAgo, ago) {
			f(c)
		}
	}
}

// only keeps the check-ins of the given days ago.
func only(today Date, checkIns []DayCheckIn, daysAgo ...int) []DayCheckIn {
	return slices.DeleteFunc(checkIns, func(c DayCheckIn) bool {
		return !slices.Contains(daysAgo, c.On.DaysUntil(today))
	})
}

func taken(b bool) *bool { return &b }

func stage(id string) Stage {
	for _, s := range Stages() {
		if s.ID == id {
			return s
		}
	}
	panic("no stage " + id)
}

func TestAssessRisk(t *testing.T) {
	today, _ := ParseDate("2024-05-20")
	lapseOn := func(ago int) *Date { d := today.AddDays(-ago); return &d }
	craving := func(byAgo map[int]int, baseline int) func(int, *DayCheckIn) {
		return func(ago int, c *DayCheckIn) {
			c.Craving = baseline
			if v, ok := byAgo[ago]; ok {
				c.Craving = v
			}
		}
	}
	older := calm(today, 30)

	tests := []struct {
		name      string
		in        RiskInput
		wantLevel Level
		wantCodes []string // heaviest first
	}{
		{"AllQuiet", RiskInput{CheckIns: fortnight(today, nil), Stage: stage(StageMiddle)}, LevelLow, nil},
		{"AllQuietEarlyStage", RiskInput{CheckIns: fortnight(today, nil), Stage: stage(StageEarly)},
			LevelLow, []string{SignalEarlyStage}},
		{"HighCravingToday", RiskInput{CheckIns: fortnight(today, craving(map[int]int{0: 8}, 3)), Stage: stage(StageMiddle)},
			LevelElevated, []string{SignalCravingHigh}},
		{"HighCravingTwoDaysAgo", RiskInput{CheckIns: fortnight(today, craving(map[int]int{2: 7}, 3)), Stage: stage(StageLongTerm)},
			LevelElevated, []string{SignalCravingHigh}},
		{"HighCravingFourDaysAgoHasPassed", RiskInput{CheckIns: fortnight(today, craving(map[int]int{3: 9}, 3)), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"HighAndRisingCravingEarly", RiskInput{CheckIns: fortnight(today, craving(map[int]int{2: 6, 1: 8, 0: 9}, 1)), Stage: stage(StageEarly)},
			LevelHigh, []string{SignalCravingHigh, SignalCravingRising, SignalEarlyStage}},
		{"RisingCraving", RiskInput{CheckIns: fortnight(today, craving(map[int]int{2: 4, 1: 5, 0: 5}, 1)), Stage: stage(StageMiddle)},
			LevelLow, []string{SignalCravingRising}},
		{"RisingCravingEarly", RiskInput{CheckIns: fortnight(today, craving(map[int]int{2: 4, 1: 5, 0: 5}, 1)), Stage: stage(StageEarly)},
			LevelElevated, []string{SignalCravingRising, SignalEarlyStage}},
		{"RisingNeedsEarlierDays", RiskInput{CheckIns: only(today, fortnight(today, craving(map[int]int{2: 4, 1: 5, 0: 5}, 1)), 0, 1, 2, 3, 5), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"PoorSleep", RiskInput{CheckIns: fortnight(today, on([]int{0, 2, 5}, func(c *DayCheckIn) { c.SleepHours = 4.5 })), Stage: stage(StageMiddle)},
			LevelLow, []string{SignalSleepPoor}},
		{"PoorSleepQuality", RiskInput{CheckIns: fortnight(today, on([]int{1, 3, 6}, func(c *DayCheckIn) { c.SleepQuality = 2 })), Stage: stage(StageEarly)},
			LevelElevated, []string{SignalSleepPoor, SignalEarlyStage}},
		{"PoorSleepLastWeekOnly", RiskInput{CheckIns: fortnight(today, on([]int{7, 8, 9, 10}, func(c *DayCheckIn) { c.SleepHours = 4 })), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"UnansweredSleepIsNotPoor", RiskInput{CheckIns: fortnight(today, func(_ int, c *DayCheckIn) { c.SleepHours, c.SleepQuality = 0, 0 }), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"PoorSleepAndLowMood", RiskInput{CheckIns: fortnight(today, on([]int{0, 1, 2}, func(c *DayCheckIn) { c.SleepHours, c.Mood = 5, 2 })), Stage: stage(StageMiddle)},
			LevelElevated, []string{SignalMoodLow, SignalSleepPoor}},
		{"IsolationAndIrritability", RiskInput{CheckIns: fortnight(today, on([]int{0, 2, 4, 6}, func(c *DayCheckIn) { c.Lonely, c.Irritable = 4, 5 })), Stage: stage(StageMiddle)},
			LevelElevated, []string{SignalIsolation, SignalIrritability}},
		{"OneLonelyDay", RiskInput{CheckIns: fortnight(today, on([]int{0}, func(c *DayCheckIn) { c.Lonely = 5 })), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"Stress", RiskInput{CheckIns: fortnight(today, on([]int{0, 1, 2}, func(c *DayCheckIn) { c.Stress = 4 })), Stage: stage(StageMiddle)},
			LevelLow, []string{SignalStressHigh}},
		{"Romanticising", RiskInput{CheckIns: fortnight(today, on([]int{1, 4}, func(c *DayCheckIn) { c.Romanticising = true })), Stage: stage(StageMiddle)},
			LevelLow, []string{SignalRomanticising}},
		{"OneFleetingThought", RiskInput{CheckIns: fortnight(today, on([]int{1}, func(c *DayCheckIn) { c.Romanticising = true })), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"WarningSignsPileUp", RiskInput{CheckIns: fortnight(today, on([]int{0, 1, 3}, func(c *DayCheckIn) { c.Romanticising, c.Lonely, c.Irritable = true, 4, 4 })), Stage: stage(StageMiddle)},
			LevelHigh, []string{SignalRomanticising, SignalIsolation, SignalIrritability}},
		{"MissedCheckIns", RiskInput{CheckIns: append(only(today, fortnight(today, nil), 0, 1, 2, 5, 8, 11, 13), older), Stage: stage(StageMiddle)},
			LevelLow, []string{SignalMissedCheckIns}},
		{"NewMemberHasNotMissedDaysBeforeJoining", RiskInput{CheckIns: only(today, fortnight(today, nil), 0, 2), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"TodayNotYetMissed", RiskInput{CheckIns: only(today, fortnight(today, nil), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"MissedMedication", RiskInput{CheckIns: fortnight(today, func(ago int, c *DayCheckIn) { c.MedicationTaken = taken(ago != 1 && ago != 4) }), OnMedication: true, Stage: stage(StageMiddle)},
			LevelElevated, []string{SignalMissedMedication}},
		{"OneMissedDose", RiskInput{CheckIns: fortnight(today, func(ago int, c *DayCheckIn) { c.MedicationTaken = taken(ago != 1) }), OnMedication: true, Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"UnansweredMedicationIsNotMissed", RiskInput{CheckIns: fortnight(today, nil), OnMedication: true, Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"NoLongerOnMedication", RiskInput{CheckIns: fortnight(today, func(_ int, c *DayCheckIn) { c.MedicationTaken = taken(false) }), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"RecentLapse", RiskInput{CheckIns: fortnight(today, nil), LastLapse: lapseOn(5), Stage: stage(StageEarly)},
			LevelElevated, []string{SignalRecentLapse, SignalEarlyStage}},
		{"RecentLapseAtTheEdgeOfTheWindow", RiskInput{CheckIns: fortnight(today, nil), LastLapse: lapseOn(13), Stage: stage(StageMiddle)},
			LevelElevated, []string{SignalRecentLapse}},
		{"LapseBeforeTheWindow", RiskInput{CheckIns: fortnight(today, nil), LastLapse: lapseOn(14), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"UseReportedInACheckIn", RiskInput{CheckIns: fortnight(today, on([]int{3}, func(c *DayCheckIn) { c.Used = true })), Stage: stage(StageLongTerm)},
			LevelElevated, []string{SignalRecentLapse}},
		{"UsedTodayEarly", RiskInput{CheckIns: fortnight(today, on([]int{0}, func(c *DayCheckIn) { c.Used = true })), Stage: stage(StageEarly)},
			LevelHigh, []string{SignalUsedToday, SignalEarlyStage}},
		{"LapseRecordedToday", RiskInput{CheckIns: fortnight(today, nil), LastLapse: lapseOn(0), Stage: stage(StageLongTerm)},
			LevelElevated, []string{SignalUsedToday}},
		{"UsedTodayAndLastWeek", RiskInput{CheckIns: fortnight(today, on([]int{0, 6}, func(c *DayCheckIn) { c.Used = true })), Stage: stage(StageEarly)},
			LevelHigh, []string{SignalUsedToday, SignalRecentLapse, SignalEarlyStage}},
		{"NoCheckInsAtAll", RiskInput{Stage: stage(StageMiddle)}, LevelLow, nil},
		{"FutureAndOldCheckInsIgnored", RiskInput{CheckIns: append(fortnight(today, nil),
			DayCheckIn{On: today.AddDays(1), Craving: 10, Used: true},
			DayCheckIn{On: today.AddDays(-20), Craving: 10, Used: true, Mood: 1}), Stage: stage(StageMiddle)},
			LevelLow, nil},
		{"LaterCheckInForADayWins", RiskInput{CheckIns: append(fortnight(today, on([]int{0}, func(c *DayCheckIn) { c.Craving = 9 })), calm(today, 0)), Stage: stage(StageMiddle)},
			LevelLow, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Today = today
			got := AssessRisk(tt.in)
			var codes []string
			score := 0
			for _, s := range got.Signals {
				codes = append(codes, s.Code)
				score += s.Weight
			}
			if got.Level != tt.wantLevel || !slices.Equal(codes, tt.wantCodes) {
				t.Errorf("got %s (score %d) from %v, want %s from %v", got.Level, got.Score, codes, tt.wantLevel, tt.wantCodes)
			}
			if score != got.Score {
				t.Errorf("score %d is not the sum of the signal weights %d", got.Score, score)
			}
		})
	}
}

func TestAnyUseIsAtLeastElevatedWhateverTheWeights(t *testing.T) {
	today, _ := ParseDate("2024-05-20")
	m := DefaultRiskModel()
	for code := range m.Weights {
		m.Weights[code] = 0
	}
	usedToday := RiskInput{Today: today, CheckIns: fortnight(today, on([]int{0}, func(c *DayCheckIn) { c.Used = true }))}
	usedLastWeek := RiskInput{Today: today, CheckIns: fortnight(today, on([]int{6}, func(c *DayCheckIn) { c.Used = true }))}
	for name, in := range map[string]RiskInput{"today": usedToday, "last week": usedLastWeek} {
		if got := m.Assess(in); got.Level != LevelElevated {
			t.Errorf("use %s with zero weights gave %s, want elevated", name, got.Level)
		}
	}
}

func TestEverySignalHasAWeightAndPointsToThePlan(t *testing.T) {
	m := DefaultRiskModel()
	sections := []string{PlanTriggers, PlanWarningSigns, PlanCoping, PlanPeople, PlanReasons, PlanSafePlaces}
	for _, r := range rules() {
		if _, ok := m.Weights[r.code]; !ok {
			t.Errorf("signal %s has no weight", r.code)
		}
		if len(r.plan) == 0 {
			t.Errorf("signal %s points to no plan section", r.code)
		}
		for _, p := range r.plan {
			if !slices.Contains(sections, p) {
				t.Errorf("signal %s points to unknown plan section %q", r.code, p)
			}
		}
	}
	if len(rules()) != len(m.Weights) {
		t.Errorf("%d rules but %d weights", len(rules()), len(m.Weights))
	}
}

func TestPlanMatchesKeepsSignalOrderWithoutRepeats(t *testing.T) {
	signals := []Signal{
		{Code: SignalCravingHigh, Plan: []string{PlanCoping, PlanPeople, PlanSafePlaces, PlanReasons}},
		{Code: SignalIsolation, Plan: []string{PlanPeople, PlanSafePlaces}},
	}
	want := []string{PlanCoping, PlanPeople, PlanSafePlaces, PlanReasons}
	if got := PlanMatches(signals); !slices.Equal(got, want) {
		t.Errorf("PlanMatches = %v, want %v", got, want)
	}
	if got := PlanMatches(nil); len(got) != 0 {
		t.Errorf("PlanMatches(nil) = %v, want none", got)
	}
}
