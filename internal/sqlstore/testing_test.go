package sqlstore

import (
	"context"
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/recovery"
)

// careSeed is a program and a member enrolled in it.
type careSeed struct {
	programID, enrolmentID string
	member                 *onward.User
}

func seedCare(t *testing.T, s *Store) careSeed {
	t.Helper()
	ctx := context.Background()
	var c careSeed
	c.member = createUser(t, s, "ana@example.com", onward.RoleMember)
	err := s.Write(ctx, func(tx *Tx) error {
		p := directory.DemoPrograms()[0]
		if _, err := tx.ImportPrograms(ctx, []directory.Program{p}); err != nil {
			return err
		}
		var err error
		if c.programID, err = tx.ProgramID(ctx, p.Source, p.SourceID); err != nil {
			return err
		}
		consent := &onward.ProgramConsent{MemberID: c.member.ID, ProgramID: c.programID, Categories: []onward.Category{onward.CategoryTests,
			onward.CategoryTreatment}, Purpose: onward.PurposeTreatment, PatientName: "Ana", Signature: "Ana", UntilEndOfTreatment: true}
		if err := tx.CreateProgramConsent(ctx, consent); err != nil {
			return err
		}
		if c.enrolmentID, err = tx.RequestEnrolment(ctx, c.programID, c.member.ID, consent.ID); err != nil {
			return err
		}
		return tx.SetEnrolmentStatus(ctx, c.programID, c.enrolmentID, onward.EnrolmentRequested, onward.EnrolmentActive, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ownWrite runs fn under the member's own write of categories.
func ownWrite(t *testing.T, s *Store, u *onward.User, categories []onward.Category, fn func(*Tx, Disclosure) error) error {
	t.Helper()
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		_, d, err := tx.decide(ctx, onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, onward.ActionWrite, categories)
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
}

func ownReader(t *testing.T, s *Store, u *onward.User, categories ...onward.Category) *Reader {
	t.Helper()
	var rd *Reader
	if err := s.ReadAccess(context.Background(), onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, categories,
		func(r *Reader) error { rd = r; return nil }); err != nil {
		t.Fatal(err)
	}
	return rd
}

var testsOnly = []onward.Category{onward.CategoryTests}

func TestDrugTestsRoundTripAndRecordOnce(t *testing.T) {
	s, clk := openTestStore(t)
	c := seedCare(t, s)
	ctx := context.Background()
	yes := true
	test := drugtest.Test{MemberID: c.member.ID, ProgramID: c.programID, Status: drugtest.Collected, Specimen: drugtest.Urine,
		Observed: true, Setting: drugtest.Laboratory, CollectedAt: clk.now().Add(-time.Hour), Prescribed: []string{drugtest.Buprenorphine},
		Results: []drugtest.Result{{Substance: drugtest.Cocaine, Value: drugtest.Positive, Expected: new(bool)},
			{Substance: drugtest.Fentanyl, Value: drugtest.Negative, Expected: &yes}, {Substance: drugtest.Alcohol, Value: drugtest.Invalid}},
		RecordedBy: c.member.ID, Key: "k1"}
	for i, want := range []bool{true, false} {
		t1 := test
		var created bool
		if err := ownWrite(t, s, c.member, testsOnly, func(tx *Tx, d Disclosure) (err error) {
			created, err = tx.AddDrugTest(ctx, d, &t1)
			return err
		}); err != nil || created != want {
			t.Fatalf("write %d: created %v, %v; want %v", i+1, created, err, want)
		}
	}
	list, err := ownReader(t, s, c.member, onward.CategoryTests).DrugTests(ctx, c.programID, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("DrugTests = %d, %v; want one", len(list), err)
	}
	got := list[0]
	if got.Results[0].Substance != drugtest.Fentanyl || got.Results[2].Substance != drugtest.Alcohol || got.Results[2].Expected != nil ||
		!got.Results[1].Unexpected() || !got.Observed || !slices.Equal(got.Prescribed, []string{"buprenorphine"}) || !got.CollectedAt.Equal(test.CollectedAt) {
		t.Fatalf("stored test %+v", got)
	}
	t.Run("WritesNeedTheirDisclosure", func(t *testing.T) {
		err := ownWrite(t, s, c.member, []onward.Category{onward.CategoryMilestones}, func(tx *Tx, d Disclosure) error {
			t2 := test
			t2.Key = "k2"
			_, err := tx.AddDrugTest(ctx, d, &t2)
			return err
		})
		if err == nil {
			t.Fatal("a test was written under a disclosure of milestones")
		}
	})
	t.Run("DisputeOnce", func(t *testing.T) {
		for range 2 {
			if err := ownWrite(t, s, c.member, testsOnly, func(tx *Tx, d Disclosure) error {
				_, err := tx.DisputeDrugTest(ctx, d, c.member.ID, got.ID, "poppy seeds")
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		open, err := s.OpenDisputes(ctx, c.programID)
		if err != nil || len(open) != 1 || open[0].EnrolmentID != c.enrolmentID {
			t.Fatalf("OpenDisputes = %+v, %v", open, err)
		}
	})
}

func TestRandomDaysAreDrawnOncePerPeriodAndCanBeChecked(t *testing.T) {
	s, clk := openTestStore(t)
	c := seedCare(t, s)
	ctx := context.Background()
	clk.set(time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC)) // a Monday, before the notice time
	sch := TestSchedule{EnrolmentID: c.enrolmentID, MemberID: c.member.ID, ProgramID: c.programID,
		Frequency: drugtest.Frequency{Count: 5, Per: drugtest.PerWeek, WeekdaysOnly: true}, SetBy: c.member.ID}
	today := recovery.DateOf(clk.now(), time.UTC)
	for range 2 {
		if err := ownWrite(t, s, c.member, testsOnly, func(tx *Tx, d Disclosure) error { return tx.SetTestSchedule(ctx, d, sch, today) }); err != nil {
			t.Fatal(err)
		}
	}
	draws, err := ownReader(t, s, c.member, onward.CategoryTests).TestDraws(ctx, c.enrolmentID, today)
	if err != nil || len(draws) != 1 {
		t.Fatalf("draws %+v, %v; want one for the week", draws, err)
	}
	d := draws[0]
	seed, err := hex.DecodeString(d.Seed)
	if err != nil {
		t.Fatal(err)
	}
	again := drugtest.DrawDays(seed, drugtest.EligibleDays(d.Period, d.From, d.WeekdaysOnly), d.Count)
	if !slices.Equal(again, d.Days) || len(d.Days) != 5 {
		t.Fatalf("drawing again from the recorded seed gives %v, recorded %v", again, d.Days)
	}
	if n, err := s.PlanTestDays(ctx, clk.now()); err != nil || n != 0 {
		t.Fatalf("before 07:00: %d notices, %v", n, err)
	}
	clk.set(time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC))
	if n, err := s.PlanTestDays(ctx, clk.now()); err != nil || n != 1 {
		t.Fatalf("at 08:00 on a test day: %d notices, %v; want 1", n, err)
	}
	if n, _ := s.PlanTestDays(ctx, clk.now()); n != 0 {
		t.Fatalf("planning again queued %d more", n)
	}
	list, err := s.Notifications(ctx, c.member.ID, 10)
	if err != nil || len(list) != 1 || list[0].Kind != KindTestDay {
		t.Fatalf("notifications %+v, %v", list, err)
	}
	// Next week's days are drawn when it begins, with a new seed.
	clk.set(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	if _, err := s.PlanTestDays(ctx, clk.now()); err != nil {
		t.Fatal(err)
	}
	draws, _ = ownReader(t, s, c.member, onward.CategoryTests).TestDraws(ctx, c.enrolmentID, today)
	if len(draws) != 2 || draws[1].Seed == draws[0].Seed {
		t.Fatalf("after a week: %d draws; want a second one with its own seed", len(draws))
	}
	t.Run("QuietHoursWait", func(t *testing.T) {
		if err := s.Write(ctx, func(tx *Tx) error {
			return tx.SaveNotifyPrefs(ctx, c.member.ID, NotifyPrefs{Email: true, QuietStart: "07:00", QuietEnd: "12:00"})
		}); err != nil {
			t.Fatal(err)
		}
		clk.set(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
		if n, _ := s.PlanTestDays(ctx, clk.now()); n != 0 {
			t.Fatalf("%d notices in quiet hours", n)
		}
	})
}

func TestDrawsAreMadeOnceAndDeletionLeavesNoTrace(t *testing.T) {
	s, _ := openTestStore(t)
	c := seedCare(t, s)
	ctx := context.Background()
	treatment := []onward.Category{onward.CategoryTreatment}
	f := &contingency.Funder{ProgramID: c.programID, Name: "SAMHSA", AnnualCap: contingency.DefaultAnnualCap}
	arm := &contingency.Arm{ProgramID: c.programID, Name: "Bowl", Schedule: contingency.Schedule{Kind: contingency.Prizes,
		Prize: &contingency.Petry}, Targets: []contingency.Target{contingency.Attendance}, Status: contingency.ArmActive, CreatedBy: c.member.ID}
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.AddFunder(ctx, f); err != nil {
			return err
		}
		arm.FunderID = f.ID
		return tx.AddArm(ctx, arm)
	}); err != nil {
		t.Fatal(err)
	}
	var drawID string
	if err := ownWrite(t, s, c.member, treatment, func(tx *Tx, d Disclosure) error {
		if err := tx.JoinArm(ctx, d, arm, c.enrolmentID, c.member.ID); err != nil {
			return err
		}
		o := &OutcomeRecord{ArmID: arm.ID, MemberID: c.member.ID, Target: contingency.Attendance, Source: "session", SourceID: "s1",
			Status: contingency.Met, OccurredAt: tx.Now}
		if err := tx.NoteOutcome(ctx, d, o); err != nil {
			return err
		}
		if err := tx.AddDraws(ctx, d, c.member.ID, arm.ID, o.ID, 1); err != nil {
			return err
		}
		paid, err := tx.Paid(ctx, d, c.member.ID, arm.ID)
		if err != nil || paid[o.ID].Draws != 1 {
			t.Errorf("Paid = %+v, %v", paid, err)
		}
		_, err = tx.AddEntry(ctx, d, c.member.ID, "", "", &contingency.Entry{ArmID: arm.ID, FunderID: f.ID, Kind: contingency.EntryVoucher,
			OutcomeID: o.ID, Amount: 250, Held: 100, Year: 2026})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	draws, err := ownReader(t, s, c.member, onward.CategoryTreatment).Draws(ctx, c.programID)
	if err != nil || len(draws) != 1 {
		t.Fatalf("draws %+v, %v", draws, err)
	}
	drawID = draws[0].ID
	complete := func() error {
		return ownWrite(t, s, c.member, treatment, func(tx *Tx, d Disclosure) error {
			dr, err := tx.Draw(ctx, d, c.member.ID, drawID)
			if err != nil {
				return err
			}
			seed := []byte("seed")
			dr.Bowl = contingency.PetryBowl
			slip, tier := contingency.DrawSlip(dr.Bowl, seed)
			dr.Slip, dr.Tier, dr.Value = slip, tier.Name, tier.Value
			return tx.CompleteDraw(ctx, d, c.member.ID, c.member.ID, dr, seed)
		})
	}
	if err := complete(); err != nil {
		t.Fatal(err)
	}
	wantCode(t, complete(), onward.ECONFLICT)
	rd := ownReader(t, s, c.member, onward.CategoryTreatment)
	draws, _ = rd.Draws(ctx, c.programID)
	if dr := draws[0]; dr.DrawnAt == nil || !contingency.Verify(dr.Algorithm, dr.Bowl, []byte("seed"), dr.Slip, dr.Tier) {
		t.Fatalf("the stored draw does not check out: %+v", dr)
	}
	ledger, _ := rd.Ledger(ctx, c.programID)
	if len(ledger) != 1 || ledger[0].Held != 100 || ledger[0].Target != contingency.Attendance {
		t.Fatalf("ledger %+v", ledger)
	}

	if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, c.member.ID) }); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"drug_tests", "test_schedules", "test_draws", "test_notices", "cm_participants", "cm_outcomes", "cm_draws", "cm_ledger"} {
		var n int
		if err := s.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE member_id = ?", c.member.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s holds %d rows of the deleted member (%v)", table, n, err)
		}
	}
}
