package recovery

import "github.com/onward-recovery/onward/internal/i18n"

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
	Name  i18n.Msg
	Focus i18n.Msg
}

// Stages lists the stages in order. Their wording is
// "recovery.stage.ID.name" and ".focus".
func Stages() []Stage {
	ids := []string{StageEarly, StageMiddle, StageLongTerm}
	stages := make([]Stage, len(ids))
	for i, id := range ids {
		prefix := "recovery.stage." + id + "."
		stages[i] = Stage{ID: id, Name: i18n.M(prefix + "name"), Focus: i18n.M(prefix + "focus")}
	}
	return stages
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
