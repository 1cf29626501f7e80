package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
)

// attendedSession schedules a session of every member of f starting at
// startsAt, records attendance for all, and returns it.
func attendedSession(t *testing.T, f *careFixture, startsAt time.Time, minutes int) *continuum.Session {
	t.Helper()
	ctx := context.Background()
	s := &continuum.Session{ProgramID: f.program, Format: continuum.FormatGroup, Kind: "cbt", StartsAt: startsAt, Minutes: minutes,
		LeaderID: f.clinician.ID}
	for i, m := range f.members {
		s.Members = append(s.Members, continuum.Participant{EnrolmentID: f.enrolments[i], MemberID: m.ID, Attendance: continuum.Attended})
	}
	err := f.s.Write(ctx, func(tx *Tx) error {
		ds := f.decided(ctx, tx, onward.ActionWrite, f.members...)
		if _, err := tx.ScheduleSession(ctx, ds, s, f.clinician.ID); err != nil {
			return err
		}
		return tx.MarkAttendance(ctx, ds, s.ID, s.Members, f.clinician.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCaseloadAttendance checks the attendance a caseload reads: the
// members' sessions of the last careFactsDays, with each session's length,
// and nothing of a cancelled session or an older one.
func TestCaseloadAttendance(t *testing.T) {
	f := newCareFixture(t, 2)
	ctx := context.Background()
	attendedSession(t, f, f.c.now().AddDate(0, 0, -careFactsDays-1), 45) // too old
	attendedSession(t, f, f.c.now().Add(-24*time.Hour), 90)
	cancelled := attendedSession(t, f, f.c.now().Add(time.Hour), 60)
	if err := f.s.Write(ctx, func(tx *Tx) error { return tx.CancelSession(ctx, f.program, cancelled.ID) }); err != nil {
		t.Fatal(err)
	}
	f.c.advance(2 * time.Hour) // the cancelled session's time has passed
	members, err := f.s.Caseload(ctx, f.program, CaseloadScope{StaffID: f.clinician.ID})
	if err != nil || len(members) != 2 {
		t.Fatalf("caseload %+v, %v", members, err)
	}
	for _, m := range members {
		if got := m.Care.Attendance; len(got) != 1 || got[0].Minutes != 90 || got[0].Attendance != continuum.Attended {
			t.Errorf("%s: attendance %+v, want the one 90-minute session", m.Name, got)
		}
	}
}

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
	attendedSession(t, f, f.c.now().Add(-time.Hour), 60)
	ctx := context.Background()
	allowed := []string{"SEARCH ", "LIST SUBQUERY", "CORRELATED SCALAR SUBQUERY", "SCAN json_each VIRTUAL TABLE", "USE TEMP B-TREE FOR ORDER BY"}
	for name, scope := range map[string]CaseloadScope{"clinician": {StaffID: f.clinician.ID}, "program": {}, "one member": {EnrolmentID: f.enrolments[0]}} {
		plans, err := f.s.ExplainCaseload(ctx, f.program, scope)
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 6 {
			t.Fatalf("%s: %d queries explained, want 6", name, len(plans))
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
