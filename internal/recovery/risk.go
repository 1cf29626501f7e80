package recovery

import (
	"cmp"
	"slices"

	"github.com/onward-recovery/onward/internal/i18n"
)

// DayCheckIn is a member's daily self-assessment. On the 1–5 scales, 0 means the
// question was not answered; likewise SleepHours 0.
type DayCheckIn struct {
	On            Date
	Mood          int // 1 very low … 5 very good
	Craving       int // 0 none … 10 strongest
	SleepHours    float64
	SleepQuality  int  // 1 very poor … 5 very good
	Stress        int  // 1 none … 5 extreme
	Lonely        int  // 1 not at all … 5 completely cut off
	Irritable     int  // 1 not at all … 5 extremely
	Romanticising bool // thoughts of using, or of missing past use
	Used          bool
	// MedicationTaken is nil when the member is not on medication or did not answer.
	MedicationTaken *bool
	SupportContact  bool
	SelfCare        bool
}

// RiskInput is what the early-warning assessment looks at.
type RiskInput struct {
	Today Date
	// CheckIns may be in any order and span; the window ending Today is used, and the
	// earliest one given marks when the member started checking in. When two share a
	// day, the later in the slice wins, as the store keeps one per day.
	CheckIns     []DayCheckIn
	OnMedication bool
	Stage        Stage // from Summarize; the zero Stage adds no early-stage signal
	LastLapse    *Date
}

// Level is how much attention the warning signs call for.
type Level string

const (
	LevelLow      Level = "low"
	LevelElevated Level = "elevated"
	LevelHigh     Level = "high"
)

func (l Level) rank() int {
	switch l {
	case LevelHigh:
		return 2
	case LevelElevated:
		return 1
	}
	return 0
}

// Signal is one warning sign found in the window, with why it counts and which
// sections of the member's relapse-prevention plan help with it.
type Signal struct {
	Code        string
	Weight      int
	Explanation i18n.Msg
	Plan        []string // plan section IDs, most useful first
}

// Risk is the assessed level, its score, and every signal that raised it, heaviest first.
type Risk struct {
	Level   Level
	Score   int
	Signals []Signal
}

// AssessRisk assesses in with the DefaultRiskModel.
func AssessRisk(in RiskInput) Risk { return DefaultRiskModel().Assess(in) }

// riskRules are the rules, built once: every check-in assesses them.
var riskRules = rules()

// Assess adds the weights of the signals found in the window and maps the score to a
// level, never below the floor a single signal sets (any use in the window).
func (m RiskModel) Assess(in RiskInput) Risk {
	h := newHistory(in.Today, in.CheckIns)
	var r Risk
	floor := LevelLow
	for _, rule := range riskRules {
		if !rule.fires(m, h, in) {
			continue
		}
		weight := m.Weights[rule.code]
		r.Score += weight
		r.Signals = append(r.Signals, Signal{
			Code:        rule.code,
			Weight:      weight,
			Explanation: rule.explain(m),
			Plan:        rule.plan,
		})
		if f := m.Floors[rule.code]; f.rank() > floor.rank() {
			floor = f
		}
	}
	slices.SortStableFunc(r.Signals, func(a, b Signal) int { return cmp.Compare(b.Weight, a.Weight) })
	r.Level = m.level(r.Score)
	if floor.rank() > r.Level.rank() {
		r.Level = floor
	}
	return r
}

func (m RiskModel) level(score int) Level {
	switch {
	case score >= m.High:
		return LevelHigh
	case score >= m.Elevated:
		return LevelElevated
	}
	return LevelLow
}
