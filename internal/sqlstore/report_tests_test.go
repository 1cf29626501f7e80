package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/drugtest"
)

// A report counts each drug test result of the enrolment as it stands: a
// confirmation's result in place of the disputed one, at the time of the
// test it confirms; a missed test has no result.
func TestReportFactsTestResults(t *testing.T) {
	s, clk := openTestStore(t)
	c := seedCare(t, s)
	ctx := context.Background()
	now := clk.now()
	add := func(key, status, confirms string, at time.Time, results ...drugtest.Result) string {
		t.Helper()
		test := drugtest.Test{MemberID: c.member.ID, ProgramID: c.programID, Status: status, Specimen: drugtest.Urine,
			Setting: drugtest.PointOfCare, CollectedAt: at, ConfirmsID: confirms, Results: results, RecordedBy: c.member.ID, Key: key}
		if status == drugtest.Missed {
			test.Specimen, test.Setting = "", ""
		}
		if err := ownWrite(t, s, c.member, testsOnly, func(tx *Tx, d Disclosure) error { _, err := tx.AddDrugTest(ctx, d, &test); return err }); err != nil {
			t.Fatal(err)
		}
		return test.ID
	}
	clk.advance(3 * time.Hour)
	first := add("a", drugtest.Collected, "", now.Add(time.Hour), drugtest.Result{Substance: drugtest.Cocaine, Value: drugtest.Positive},
		drugtest.Result{Substance: drugtest.Fentanyl, Value: drugtest.Negative})
	add("b", drugtest.Collected, first, now.Add(2*time.Hour), drugtest.Result{Substance: drugtest.Cocaine, Value: drugtest.Negative})
	add("c", drugtest.Missed, "", now.Add(2*time.Hour))
	facts, err := s.ReportFacts(ctx, c.programID, ReportWindow{From: now.AddDate(0, -1, 0), To: clk.now(), Until: clk.now(),
		FromDay: "2025-01-01", ToDay: "2027-01-01"})
	if err != nil || len(facts) != 1 {
		t.Fatalf("facts %+v, %v", facts, err)
	}
	var got []string
	for _, r := range facts[0].Tests {
		got = append(got, fmt.Sprintf("%s negative=%v at+%s", r.Substance, r.Negative, r.At.Sub(now)))
	}
	slices.Sort(got)
	if want := []string{"cocaine negative=true at+1h0m0s", "fentanyl negative=true at+1h0m0s"}; !slices.Equal(got, want) {
		t.Errorf("results %q, want %q", got, want)
	}
}
