package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Drug testing and contingency management (internal/app/testing.go and
// incentives.go).

// loadCare opens the demo program's incentive arms, puts Jordan (the demo
// member on methadone, enrolled in medication.go under a consent that
// covers tests) in the voucher arm (which sets his random testing
// schedule), and records two weeks of tests through the use cases, as Dr
// Lee would: negatives earning vouchers, a cocaine positive Jordan
// disputed and the laboratory confirmed (the reset stands), and a bus pass
// bought with what he earned.
func loadCare(ctx context.Context, s *sqlstore.Store, byEmail map[string]*onward.User, programID, enrolmentID string) error {
	jordan, lee, admin := byEmail["jordan@demo.onward"], byEmail["dr.lee@demo.onward"], byEmail["admin@demo.onward"]
	err := s.Write(ctx, func(tx *sqlstore.Tx) error {
		d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: jordan.ID, Role: jordan.Role}, SubjectID: jordan.ID,
			Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
		if err != nil {
			return err
		}
		loc, err := time.LoadLocation(jordan.TimeZone)
		if err != nil {
			return err
		}
		today := recovery.DateOf(tx.Now.In(loc), loc)
		return tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: jordan.ID, LastUse: today.AddDays(-58), Substances: []string{"fentanyl"},
			Medication: "methadone", TreatmentLevel: "otp"})
	})
	if err != nil {
		return err
	}
	a := app.New(app.Deps{Store: s})
	funder := &contingency.Funder{Name: "SAMHSA grant (demo)", AnnualCap: contingency.DefaultAnnualCap}
	if err := a.AddFunder(ctx, admin, programID, funder); err != nil {
		return err
	}
	vouchers := &contingency.Arm{Name: "Stimulant-free vouchers (demo)", FunderID: funder.ID,
		Schedule: contingency.Schedule{Kind: contingency.Vouchers, Voucher: &contingency.Higgins},
		Targets:  []contingency.Target{contingency.NegativeTest}, Substances: []string{drugtest.Cocaine, drugtest.Amphetamines},
		Tests: drugtest.Frequency{Count: 3, Per: drugtest.PerWeek, WeekdaysOnly: true}}
	fishbowl := &contingency.Arm{Name: "Attendance fishbowl (demo)", FunderID: funder.ID,
		Schedule: contingency.Schedule{Kind: contingency.Prizes, Prize: &contingency.Petry}, Targets: []contingency.Target{contingency.Attendance}}
	for _, arm := range []*contingency.Arm{vouchers, fishbowl} {
		if err := a.OpenArm(ctx, admin, programID, arm); err != nil {
			return err
		}
	}
	if err := a.JoinArm(ctx, lee, programID, enrolmentID, vouchers.ID); err != nil {
		return err
	}
	now := time.Now()
	tested := func(daysAgo int, key string, results ...string) (*drugtest.Test, error) {
		t := &drugtest.Test{Status: drugtest.Collected, Specimen: drugtest.Urine, Observed: daysAgo%2 == 0, Setting: drugtest.PointOfCare,
			CollectedAt: now.AddDate(0, 0, -daysAgo).Add(-time.Hour), Key: key}
		if daysAgo == 0 {
			t.Setting = drugtest.Laboratory
		}
		for i := 0; i+1 < len(results); i += 2 {
			t.Results = append(t.Results, drugtest.Result{Substance: results[i], Value: results[i+1]})
		}
		_, err := a.RecordTest(ctx, lee, programID, enrolmentID, t)
		return t, err
	}
	negative := []string{drugtest.Fentanyl, drugtest.Negative, drugtest.Methadone, drugtest.Positive, drugtest.Cocaine, drugtest.Negative,
		drugtest.Amphetamines, drugtest.Negative}
	for _, day := range []int{13, 11, 9} {
		if _, err := tested(day, fmt.Sprint("demo-", day), negative...); err != nil {
			return err
		}
	}
	positive, err := tested(6, "demo-positive", drugtest.Fentanyl, drugtest.Negative, drugtest.Methadone, drugtest.Positive,
		drugtest.Cocaine, drugtest.Positive, drugtest.Amphetamines, drugtest.Negative)
	if err != nil {
		return err
	}
	if err := a.DisputeTest(ctx, jordan, positive.ID, "I have not used cocaine."); err != nil {
		return err
	}
	confirm := &drugtest.Test{Status: drugtest.Collected, Specimen: drugtest.Urine, Setting: drugtest.Laboratory,
		CollectedAt: now.AddDate(0, 0, -5), Results: []drugtest.Result{{Substance: drugtest.Cocaine, Value: drugtest.Positive}}, Key: "demo-confirm"}
	if _, err := a.ConfirmTest(ctx, lee, programID, enrolmentID, positive.ID, confirm); err != nil {
		return err
	}
	for _, day := range []int{4, 2} {
		if _, err := tested(day, fmt.Sprint("demo-after-", day), negative...); err != nil {
			return err
		}
	}
	_, err = a.RecordRedemption(ctx, lee, programID, enrolmentID, &contingency.Redemption{Amount: 1000, Form: contingency.FormItem,
		Item: "Bus pass (demo)", Key: "demo-bus-pass"})
	return err
}
