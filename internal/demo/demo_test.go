package demo

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/report"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// TestDemoProgramShowsTheContinuum loads the demo and checks that the
// demo program's caseload, reports and Jordan's care have something to
// show.
func TestDemoProgramShowsTheContinuum(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.OpenAuditLog(ctx, keys); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, store, auth.Params{Memory: 1024, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	a := app.New(app.Deps{Store: store})
	user := func(email string) *onward.User {
		u, err := store.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	admin, jordan := user("admin@demo.onward"), user("jordan@demo.onward")
	programs, err := a.StaffPrograms(ctx, admin)
	if err != nil || len(programs) == 0 {
		t.Fatalf("programs %v, %v", programs, err)
	}
	programID := programs[0].ID

	c, err := a.Caseload(ctx, admin, programID, app.CaseloadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	below := 0
	for _, r := range c.Rows {
		if slices.ContainsFunc(r.Flags, func(f caseload.Flag) bool { return f.Code == caseload.FlagAttendanceBelow }) {
			below++
		}
	}
	if c.Total < 8 || below == 0 {
		t.Errorf("caseload of %d members, %d below their hours", c.Total, below)
	}

	r, err := a.ProgramReport(ctx, admin, programID, app.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]int{}
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			for _, v := range row.Values {
				if !v.Suppressed && v.Number > 0 {
					shown[s.ID]++
				}
			}
		}
		if s.Status == report.NotRecorded {
			shown[s.ID] = -1
		}
	}
	for _, id := range []string{"retention", "engagement", "attendance", "discharges"} {
		if shown[id] <= 0 {
			t.Errorf("section %s shows no figure (%v)", id, shown)
		}
	}

	care, err := a.MyCare(ctx, jordan)
	if err != nil {
		t.Fatal(err)
	}
	if len(care) != 1 || care[0].Current == nil || care[0].Episode.NextLevel != "outpatient" || len(care[0].Upcoming) == 0 {
		t.Fatalf("Jordan's care: %+v", care)
	}
}
