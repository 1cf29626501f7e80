package app

import (
	"context"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program's settings for measurement-based care, set by its program
// admins: the COWS total at which it considers a first buprenorphine dose
// (clinical-facts §1: CA Bridge 8, BC more than 12, older office
// protocols about 12–13).

// Bounds of the threshold: the COWS scale's range, as the engine takes it.
const (
	MinBuprenorphineThreshold = 1
	MaxBuprenorphineThreshold = 48
)

// ProgramSetting is one program's threshold as its admin sees it.
type ProgramSetting struct {
	ProgramID   string
	ProgramName string
	// Threshold is the program's own setting, or the default.
	Threshold int
	// Default reports that the program has not chosen one.
	Default bool
}

// ProgramAssessmentSettings lists the settings of every program the staff
// member works for.
func (a *App) ProgramAssessmentSettings(ctx context.Context, staff *onward.User) ([]ProgramSetting, error) {
	programs, err := a.store.StaffPrograms(ctx, staff.ID)
	if err != nil {
		return nil, err
	}
	out := make([]ProgramSetting, 0, len(programs))
	for _, p := range programs {
		n, err := a.store.BuprenorphineStartThreshold(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		s := ProgramSetting{ProgramID: p.ID, ProgramName: p.Name, Threshold: n}
		if n == 0 {
			s.Threshold, s.Default = instrument.DefaultBuprenorphineStartThreshold, true
		}
		out = append(out, s)
	}
	return out, nil
}

// SetBuprenorphineThreshold sets a program's threshold. Only the
// program's admins may; the decision is recorded like any other about the
// program's own data.
func (a *App) SetBuprenorphineThreshold(ctx context.Context, admin *onward.User, programID string, threshold int) error {
	if threshold < MinBuprenorphineThreshold || threshold > MaxBuprenorphineThreshold {
		return onward.Invalid("threshold", "assessment.the_threshold_must_be_a_cows_total")
	}
	if admin.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "assessment.only_a_programs_admins_can_change_this")
	}
	return a.store.StaffAccess(ctx, principalOf(admin), programID, onward.ActionWrite, func(tx *sqlstore.Tx) error {
		return tx.SetBuprenorphineStartThreshold(ctx, programID, threshold)
	})
}
