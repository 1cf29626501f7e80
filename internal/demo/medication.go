package demo

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Medication (internal/medication): Maria on buprenorphine with a naloxone
// kit and thirty days of doses (one missed, one late), and Jordan on
// methadone at the demo program, 45 days in treatment, with an order
// changed once, doses observed at the window, a take-home decision and a
// supply whose bottles came back.

// medWrite records the decision that viewer may change member's
// medication, as the policy gives it, and returns its disclosure.
func medWrite(ctx context.Context, tx *sqlstore.Tx, viewer, member *onward.User) (sqlstore.Disclosure, error) {
	grants, err := tx.GrantsBetween(ctx, member.ID, viewer.ID)
	if err != nil {
		return sqlstore.Disclosure{}, err
	}
	if viewer.ID == member.ID {
		grants = nil
	}
	return tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: viewer.ID, Role: viewer.Role}, SubjectID: member.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMedication}}, grants, tx.Now))
}

func loadMedication(ctx context.Context, tx *sqlstore.Tx, programID string, byEmail map[string]*onward.User) (jordanEnrolment string, err error) {
	if err := loadMariaMedication(ctx, tx, byEmail["maria@demo.onward"]); err != nil {
		return "", err
	}
	return loadJordanMedication(ctx, tx, programID, byEmail["jordan@demo.onward"], byEmail["dr.lee@demo.onward"])
}

func loadMariaMedication(ctx context.Context, tx *sqlstore.Tx, maria *onward.User) error {
	loc, err := time.LoadLocation(maria.TimeZone)
	if err != nil {
		return err
	}
	today := recovery.DateOf(tx.Now.In(loc), loc)
	d, err := medWrite(ctx, tx, maria, maria)
	if err != nil {
		return err
	}
	bup := &medication.Plan{MemberID: maria.ID, Kind: medication.Buprenorphine, Form: medication.Film, DoseMg: 16, Times: []string{"08:00"},
		Prescriber: "Dra. Ramos, clínica comunitaria (demo)", StartOn: today.AddDays(-70), Remind: true}
	expires := today.AddDays(200)
	kit := &medication.Plan{MemberID: maria.ID, Kind: medication.Naloxone, Form: medication.NasalSpray, DoseMg: 4, KitExpires: &expires,
		StartOn: today.AddDays(-60), Remind: true}
	for _, p := range []*medication.Plan{bup, kit} {
		if _, err := tx.SaveMedicationPlan(ctx, d, p, "", 0); err != nil {
			return err
		}
	}
	for ago := 30; ago >= 1; ago-- {
		day := today.AddDays(-ago)
		taken := time.Date(day.Year, day.Month, day.Day, 8, 10, 0, 0, loc)
		dose := &medication.Dose{MemberID: maria.ID, ScheduleID: bup.ID, Kind: medication.Buprenorphine, Day: day, Slot: "08:00",
			Status: medication.Taken, Setting: medication.Home, DoseMg: 16, TakenAt: &taken, RecordedBy: maria.ID}
		switch ago {
		case 4: // a missed dose, as in real life
			dose.Status, dose.DoseMg, dose.TakenAt = medication.Missed, 0, nil
		case 9:
			late := taken.Add(5 * time.Hour)
			dose.Status, dose.TakenAt = medication.Late, &late
		}
		if _, err := tx.RecordDose(ctx, d, dose); err != nil {
			return err
		}
	}
	return tx.SaveMedicationPrefs(ctx, d, true)
}

func loadJordanMedication(ctx context.Context, tx *sqlstore.Tx, programID string, jordan, lee *onward.User) (enrolmentID string, err error) {
	loc, err := time.LoadLocation(jordan.TimeZone)
	if err != nil {
		return "", err
	}
	today := recovery.DateOf(tx.Now.In(loc), loc)
	// Jordan consented and was admitted 45 days ago.
	admitted := today.AddDays(-45)
	now := tx.Now
	tx.Now = time.Date(admitted.Year, admitted.Month, admitted.Day, 9, 0, 0, 0, loc)
	consent := &onward.ProgramConsent{MemberID: jordan.ID, ProgramID: programID, Purpose: onward.PurposeTreatment,
		Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryMedication, onward.CategoryTreatment,
			onward.CategoryTests},
		PatientName: "Jordan Demo", Signature: "Jordan Demo", UntilEndOfTreatment: true}
	if err := consent.Validate(true, tx.Now); err != nil {
		return "", err
	}
	if err := tx.CreateProgramConsent(ctx, consent); err != nil {
		return "", err
	}
	enrolmentID, err = tx.RequestEnrolment(ctx, programID, jordan.ID, consent.ID)
	if err != nil {
		return "", err
	}
	if err := tx.SetEnrolmentStatus(ctx, programID, enrolmentID, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
		return "", err
	}
	if err := tx.SetTreatmentStart(ctx, programID, enrolmentID, tx.Now); err != nil {
		return "", err
	}
	tx.Now = now
	if err := tx.SetLevelOfCare(ctx, programID, enrolmentID, "otp"); err != nil {
		return "", err
	}
	if err := tx.SetCareTeam(ctx, programID, enrolmentID, []string{lee.ID}); err != nil {
		return "", err
	}
	d, err := medWrite(ctx, tx, lee, jordan)
	if err != nil {
		return "", err
	}
	first := &medication.Order{ProgramID: programID, EnrolmentID: enrolmentID, MemberID: jordan.ID, Kind: medication.Methadone,
		Form: medication.OralLiquid, DoseMg: 30, Times: []string{"08:00"}, StartOn: admitted, OrderedBy: lee.ID, Note: "First day."}
	if err := tx.AddDoseOrder(ctx, d, first); err != nil {
		return "", err
	}
	raised := *first
	raised.Version, raised.DoseMg, raised.StartOn, raised.Note = 2, 80, today.AddDays(-30), "Stable at 80 mg: no withdrawal, cravings easing."
	if err := tx.AddDoseOrder(ctx, d, &raised); err != nil {
		return "", err
	}
	supplyDay := today.AddDays(-6)
	for ago := 30; ago >= 1; ago-- {
		day := today.AddDays(-ago)
		dose := &medication.Dose{MemberID: jordan.ID, ScheduleID: first.SeriesID, OrderID: raised.ID, ProgramID: programID, Kind: medication.Methadone,
			Day: day, Slot: "08:00", Status: medication.Taken, Setting: medication.Observed, DoseMg: 80, RecordedBy: lee.ID, ByStaff: true}
		if day.After(supplyDay) && !day.After(supplyDay.AddDays(2)) {
			// Take-home days: Jordan noted them at home.
			dose.Setting, dose.ByStaff, dose.ProgramID, dose.RecordedBy = medication.Home, false, "", jordan.ID
		}
		at := time.Date(day.Year, day.Month, day.Day, 8, 20, 0, 0, loc)
		dose.TakenAt = &at
		if ago == 12 {
			// Pressed "Missed" on Jordan's row by mistake, and corrected.
			dose.Status, dose.DoseMg, dose.TakenAt = medication.Missed, 0, nil
		}
		if _, err := tx.RecordDose(ctx, d, dose); err != nil {
			return "", err
		}
		if ago == 12 {
			spec, _ := medication.SpecOf(medication.Methadone, medication.OralLiquid)
			corrected, c, err := medication.Correct(*dose, medication.CorrectionInput{Version: dose.Version, Status: medication.Taken,
				DoseMg: 80, TakenAt: &at, Reason: "Jordan was dosed at 08:20; Missed was pressed on his row by mistake."}, spec, tx.Now, loc)
			if err != nil {
				return "", err
			}
			if err := tx.CorrectDose(ctx, d, &corrected, c, lee.ID); err != nil {
				return "", err
			}
		}
	}
	decision := &medication.Decision{ProgramID: programID, MemberID: jordan.ID, SeriesID: first.SeriesID, Days: 6, Change: medication.Increase,
		Reason: "work_school_or_care", Benefit: true, ReviewOn: today.AddDays(24), DaysInTreatment: 39, Ceiling: 28, DecidedBy: lee.ID,
		Note: "Started a warehouse job on early shifts.",
		Criteria: map[medication.Criterion]bool{medication.CriterionStability: true, medication.CriterionAttendance: true,
			medication.CriterionBehaviour: true, medication.CriterionDiversion: true, medication.CriterionStorage: true}}
	if err := tx.AddTakeHomeDecision(ctx, d, decision); err != nil {
		return "", err
	}
	supply := &medication.Dispense{ProgramID: programID, MemberID: jordan.ID, SeriesID: first.SeriesID, OrderID: raised.ID, Kind: medication.Methadone,
		Day: supplyDay, Days: 2, ClosureDays: 1, Bottles: 2, DoseMg: 80, DispensedBy: lee.ID}
	if _, err := tx.AddDispense(ctx, d, supply); err != nil {
		return "", err
	}
	if err := tx.CheckReturn(ctx, d, supply.ID, 2, "", lee.ID); err != nil {
		return "", err
	}
	return enrolmentID, tx.SyncMedicationFlags(ctx, d)
}
