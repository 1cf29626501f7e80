package app

import (
	"context"
	"math"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program's settings for its continuum of care: the hours a week each
// level of care expects (the caseload flags a member below them) and the
// allowed gap of its retention figures.

// CareSettings are a program's expected hours by level (every level, the
// defaults where it set none) and its report settings.
type CareSettings struct {
	Hours            continuum.Hours
	RetentionGapDays int // sqlstore.ReportSettings
}

// MaxRetentionGapDays bounds the allowed gap of the retention figures.
const MaxRetentionGapDays = 180

// ProgramCareSettings returns a program's settings, for its staff.
func (a *App) ProgramCareSettings(ctx context.Context, staff *onward.User, programID string) (*CareSettings, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	set, err := a.store.ProgramHours(ctx, programID)
	if err != nil {
		return nil, err
	}
	out := &CareSettings{Hours: continuum.Hours{}}
	for _, l := range continuum.Levels {
		out.Hours[l.Code] = set.Expected(l.Code)
	}
	report, err := a.store.ReportSettings(ctx, programID)
	out.RetentionGapDays = report.RetentionGapDays
	return out, err
}

// SaveProgramCareSettings stores a program's settings; program admins
// only. Hours are whole or half hours from 0 to continuum.MaxHours for
// known levels.
func (a *App) SaveProgramCareSettings(ctx context.Context, staff *onward.User, programID string, s CareSettings) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	errs := onward.FieldErrors{}
	hours := continuum.Hours{}
	for code, h := range s.Hours {
		l, ok := continuum.LevelOf(code)
		switch {
		case !ok:
			errs.Add("hours", "continuum.choose_a_level_of_care")
		case math.IsNaN(h) || h < 0 || h > continuum.MaxHours || h*2 != math.Trunc(h*2):
			errs.Add("hours_"+code, "continuum.hours_between", "Max", continuum.MaxHours)
		case h != l.Hours:
			hours[code] = h
		}
	}
	if g := s.RetentionGapDays; g < 0 || g > MaxRetentionGapDays {
		errs.Add("retention_gap_days", "report.gap_between", "Max", MaxRetentionGapDays)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SaveCareSettings(ctx, programID, hours, sqlstore.ReportSettings{RetentionGapDays: s.RetentionGapDays}); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "care_settings_saved")
	})
}
