package recovery

// Sections of a member's relapse-prevention plan (DESIGN.md §1 step 8).
const (
	PlanTriggers     = "triggers"
	PlanWarningSigns = "warning_signs"
	PlanCoping       = "coping"
	PlanPeople       = "people"
	PlanReasons      = "reasons"
	PlanSafePlaces   = "safe_places"
)

// PlanMatches is every plan section that fits any of signals, each once, in the order
// of the signals (heaviest first), so the steps that matter most come first.
func PlanMatches(signals []Signal) []string {
	var sections []string
	seen := map[string]bool{}
	for _, s := range signals {
		for _, section := range s.Plan {
			if !seen[section] {
				seen[section] = true
				sections = append(sections, section)
			}
		}
	}
	return sections
}
