package recovery

import "testing"

func TestStageFollowsTheCurrentStreak(t *testing.T) {
	tests := []struct {
		name, start, today string
		lapses             []string
		conv               Convention
		want               string
	}{
		{"FirstDay", "2024-01-15", "2024-01-15", nil, CountDayAfter, StageEarly},
		{"DayBeforeThreeMonths", "2024-01-15", "2024-04-14", nil, CountDayAfter, StageEarly},
		{"ThreeMonths", "2024-01-15", "2024-04-15", nil, CountDayAfter, StageMiddle},
		{"ThreeMonthsCountingDayOfUse", "2024-01-15", "2024-04-14", nil, CountDayOfLastUse, StageMiddle},
		{"DayBeforeOneYear", "2024-01-15", "2025-01-14", nil, CountDayAfter, StageMiddle},
		{"OneYear", "2024-01-15", "2025-01-15", nil, CountDayAfter, StageLongTerm},
		{"LapseAfterTwoYearsIsEarlyAgain", "2022-01-01", "2024-02-01", []string{"2024-01-20"}, CountDayAfter, StageEarly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Start: day(t, tt.start), Today: day(t, tt.today), Lapses: days(t, tt.lapses...), Convention: tt.conv}
			if got := Summarize(in); got.Stage.ID != tt.want {
				t.Errorf("stage = %s, want %s", got.Stage.ID, tt.want)
			}
			if got := CurrentStage(in); got.ID != tt.want {
				t.Errorf("CurrentStage = %s, want %s", got.ID, tt.want)
			}
		})
	}
}

func TestStagesInOrder(t *testing.T) {
	stages := Stages()
	if len(stages) != 3 || stages[0].ID != StageEarly || stages[1].ID != StageMiddle || stages[2].ID != StageLongTerm {
		t.Errorf("Stages() = %v, want early, middle, long_term", stages)
	}
}
