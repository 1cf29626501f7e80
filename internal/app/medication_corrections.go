package app

import (
	"context"
	"errors"
	"slices"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Correcting a dose the program recorded in error. The record takes the
// corrected values; the ones replaced are kept with who corrected them,
// when and why, and shown with the record.

var (
	errNotTheProgramsDose   = onward.NewError(onward.EFORBIDDEN, "meds.only_the_programs_doses")
	errDoseChangedMeanwhile = onward.NewError(onward.ECONFLICT, "meds.dose_changed_meanwhile")
)

// DoseRecord is one dose the program recorded, with its corrections and
// what it may be corrected to.
type DoseRecord struct {
	ProgramID   string
	Enrolment   *onward.Enrolment
	Clock       Clock
	Dose        *medication.Dose
	Corrections []medication.Correction // oldest first
	Correctable bool                    // recorded by this program, recent enough
}

// DoseRecordOf reads a dose an enrolled member's program recorded, for
// staff of the program: the read of the member's medication is recorded.
func (a *App) DoseRecordOf(ctx context.Context, staff *onward.User, programID, enrolmentID, doseID string) (*DoseRecord, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	rd, err := a.readAll(ctx, principalOf(staff), e.MemberID, onward.CategoryMedication)
	if err != nil {
		return nil, err
	}
	dose, err := rd.Dose(ctx, doseID)
	if err != nil {
		return nil, err
	}
	if !dose.ByStaff || dose.ProgramID != programID {
		return nil, errNotTheProgramsDose
	}
	clock := a.ClockOf(member.TimeZone)
	rec := &DoseRecord{ProgramID: programID, Enrolment: e, Clock: clock, Dose: dose,
		Correctable: medication.Correctable(dose.Day, clock.Today)}
	if rec.Corrections, err = rd.DoseCorrections(ctx, doseID); err != nil {
		return nil, err
	}
	return rec, nil
}

// CorrectWindowDose corrects a dose the program's staff recorded for an
// enrolled member (the wrong status, amount or time), keeping the values
// it replaces with the staff member's name and reason. The staff member
// corrects the version they saw: a record changed since is a conflict,
// unless it already says what they asked (a double submit).
func (a *App) CorrectWindowDose(ctx context.Context, staff *onward.User, programID, enrolmentID, doseID string,
	in medication.CorrectionInput) (*medication.Dose, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	clock := a.ClockOf(member.TimeZone)
	var out *medication.Dose
	err = a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			dose, err := tx.Dose(ctx, d, doseID)
			if err != nil {
				return err
			}
			if !dose.ByStaff || dose.ProgramID != programID {
				return errNotTheProgramsDose
			}
			versions, err := tx.OrderSeries(ctx, d, programID, dose.ScheduleID)
			if err != nil {
				return err
			}
			spec, _ := specOfDose(versions, dose)
			corrected, c, err := medication.Correct(*dose, in, spec, clock.Now, clock.Location)
			switch {
			case dose.Version != in.Version && errors.Is(err, medication.ErrCorrectionChangesNothing):
				out = dose // the record already says what was asked: a double submit
				return nil
			case err != nil:
				return err
			case dose.Version != in.Version:
				return errDoseChangedMeanwhile
			}
			if err := tx.CorrectDose(ctx, d, &corrected, c, staff.ID); err != nil {
				return err
			}
			if c.Status.Took() && !corrected.Status.Took() {
				if _, err := tx.AlertMissedDose(ctx, d, corrected.ID); err != nil {
					return err
				}
			}
			out = &corrected
			return tx.SyncMedicationFlags(ctx, d)
		})
	return out, err
}

// specOfDose is the form a program's dose was given in, from the order
// version it was recorded under.
func specOfDose(orders []medication.Order, dose *medication.Dose) (medication.FormSpec, bool) {
	i := slices.IndexFunc(orders, func(o medication.Order) bool { return o.ID == dose.OrderID })
	if i < 0 {
		return medication.FormSpec{}, false
	}
	return medication.SpecOf(orders[i].Kind, orders[i].Form)
}
