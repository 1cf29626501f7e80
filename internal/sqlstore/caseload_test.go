package sqlstore

import (
	"context"
	"strings"
	"testing"
)

// TestCaseloadReadsUseIndexes checks the plan of every query of a caseload
// read on SQLite: each table is searched through an index, none scanned
// (a scan of check-ins or sessions would read the whole program's).
// PostgreSQL chooses by the tables' statistics, so its plans are shown on
// the loaded benchmark (docs/benchmarks.md) instead.
func TestCaseloadReadsUseIndexes(t *testing.T) {
	f := newCareFixture(t, 3)
	if f.s.dialect != sqlite {
		t.Skip("PostgreSQL's plans depend on its statistics: see bench/caseload.go")
	}
	ctx := context.Background()
	allowed := []string{"SEARCH ", "LIST SUBQUERY", "CORRELATED SCALAR SUBQUERY", "SCAN json_each VIRTUAL TABLE", "USE TEMP B-TREE FOR ORDER BY"}
	for name, scope := range map[string]CaseloadScope{"clinician": {StaffID: f.clinician.ID}, "program": {}, "one member": {EnrolmentID: f.enrolments[0]}} {
		plans, err := f.s.ExplainCaseload(ctx, f.program, scope)
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 5 {
			t.Fatalf("%s: %d queries explained, want 5", name, len(plans))
		}
		for _, plan := range plans {
			for _, line := range strings.Split(plan, "\n")[1:] {
				line = strings.TrimSpace(line)
				ok := false
				for _, prefix := range allowed {
					ok = ok || strings.HasPrefix(line, prefix)
				}
				if !ok {
					t.Errorf("%s: %q in the plan:\n%s", name, line, plan)
				}
			}
		}
	}
}
