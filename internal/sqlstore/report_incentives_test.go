package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/contingency"
)

// A report reads the awards of the program's arms from the period's
// first calendar year with their funder and cap year, never a redemption.
func TestReportFactsIncentives(t *testing.T) {
	s, clk := openTestStore(t)
	c := seedCare(t, s)
	ctx := context.Background()
	f, arm := seedPrizeArm(t, s, c)
	now := clk.now()
	if err := ownWrite(t, s, c.member, []onward.Category{onward.CategoryTreatment}, func(tx *Tx, d Disclosure) error {
		if err := tx.JoinArm(ctx, d, arm, c.enrolmentID, c.member.ID); err != nil {
			return err
		}
		for _, e := range []contingency.Entry{{Kind: contingency.EntryVoucher, Amount: 250, Year: now.Year()},
			{Kind: contingency.EntryPrize, Amount: 2000, Year: now.Year()},
			{Kind: contingency.EntryRedemption, Amount: -1000, Year: now.Year()},
			{Kind: contingency.EntryVoucher, Amount: 500, Year: now.Year() - 1}} {
			e.ArmID, e.FunderID = arm.ID, f.ID
			if _, err := tx.AddEntry(ctx, d, c.member.ID, "", "", &e); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	facts, err := s.ReportFacts(ctx, c.programID, ReportWindow{From: now.AddDate(0, 0, -1), To: now.AddDate(0, 0, 1), Until: now.AddDate(0, 0, 1),
		FromDay: "2025-01-01", ToDay: "2027-01-01"})
	if err != nil || len(facts) != 1 {
		t.Fatalf("facts %+v, %v", facts, err)
	}
	var got []string
	for _, e := range facts[0].Earnings {
		got = append(got, fmt.Sprintf("%s %d %d", e.Funder, e.CapYear-now.Year(), e.Cents))
		if !e.At.Equal(now) {
			t.Errorf("at %v, want %v", e.At, now)
		}
	}
	slices.Sort(got)
	if want := []string{f.ID + " 0 2000", f.ID + " 0 250"}; !slices.Equal(got, want) {
		t.Errorf("earnings %q, want %q", got, want)
	}
}
