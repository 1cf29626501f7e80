package recovery

// Signal codes: why a risk level was raised.
const (
	SignalUsedToday        = "used_today"
	SignalRecentLapse      = "recent_lapse"
	SignalCravingHigh      = "craving_high"
	SignalMissedMedication = "missed_medication"
	SignalCravingRising    = "craving_rising"
	SignalRomanticising    = "romanticising"
	SignalMoodLow          = "mood_low"
	SignalSleepPoor        = "sleep_poor"
	SignalIsolation        = "isolation"
	SignalIrritability     = "irritability"
	SignalStressHigh       = "stress_high"
	SignalMissedCheckIns   = "missed_checkins"
	SignalEarlyStage       = "early_stage"
)

// RiskModel is the whole early-warning heuristic as numbers: every threshold, weight and
// cut-off lives here and nowhere else. It is a transparent heuristic built from the
// relapse warning signs the project's sources name (DESIGN.md §1 step 8; SAMHSA on
// protracted withdrawal, clinical-facts §7; the BAM risk factors, clinical-facts §6), not
// a validated instrument. docs/recovery-model.md gives the reason for each number, and a
// test keeps that page and these values in step.
type RiskModel struct {
	WindowDays int // the days looked at, ending today
	RecentDays int // the stretch over which a repeated state counts as a pattern ("this week")
	TrendDays  int // the latest days, judged on their own and against the rest of the window

	CravingHigh int // craving (0–10) at or above this on any of the TrendDays
	// CravingRise: mean craving of the TrendDays minus the mean of the earlier days in the
	// window, at least this; only judged with CravingTrendRecent check-ins in the TrendDays
	// and CravingTrendEarlier before them, so one or two numbers make no trend.
	CravingRise         float64
	CravingTrendRecent  int
	CravingTrendEarlier int

	PatternDays      int     // a state on at least this many of the RecentDays is a pattern
	LowMood          int     // mood (1–5) at or below this is a low-mood day
	ShortSleepHours  float64 // sleeping less than this many hours is a poor-sleep day
	PoorSleepQuality int     // sleep quality (1–5) at or below this is a poor-sleep day
	Lonely           int     // loneliness (1–5) at or above this is an isolated day
	Irritable        int     // irritability (1–5) at or above this is an irritable day
	Stressed         int     // stress (1–5) at or above this is a stressed day

	RomanticisingDays    int // days with thoughts of using within the RecentDays
	MissedMedicationDays int // days marked "not taken" within the RecentDays
	MissedCheckIns       int // days without a check-in in the window, after the first one, today excluded

	Elevated int // a score at or above this is elevated
	High     int // a score at or above this is high

	Weights map[string]int   // by signal code
	Floors  map[string]Level // a signal that alone sets at least this level
}

// DefaultRiskModel is the model Onward uses.
func DefaultRiskModel() RiskModel {
	return RiskModel{
		WindowDays: 14,
		RecentDays: 7,
		TrendDays:  3,

		CravingHigh:         7,
		CravingRise:         2,
		CravingTrendRecent:  2,
		CravingTrendEarlier: 3,

		PatternDays:      3,
		LowMood:          2,
		ShortSleepHours:  6,
		PoorSleepQuality: 2,
		Lonely:           4,
		Irritable:        4,
		Stressed:         4,

		RomanticisingDays:    2,
		MissedMedicationDays: 2,
		MissedCheckIns:       4,

		Elevated: 3,
		High:     6,

		Weights: map[string]int{
			SignalUsedToday:        5,
			SignalRecentLapse:      3,
			SignalCravingHigh:      3,
			SignalMissedMedication: 3,
			SignalCravingRising:    2,
			SignalRomanticising:    2,
			SignalMoodLow:          2,
			SignalSleepPoor:        2,
			SignalIsolation:        2,
			SignalIrritability:     2,
			SignalStressHigh:       1,
			SignalMissedCheckIns:   1,
			SignalEarlyStage:       1,
		},
		Floors: map[string]Level{
			SignalUsedToday:   LevelElevated,
			SignalRecentLapse: LevelElevated,
		},
	}
}
