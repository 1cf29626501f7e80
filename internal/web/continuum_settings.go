package web

import (
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/continuum"
)

// A program's settings for its continuum of care: the hours a week each
// level of care expects and the allowed gap of its retention figures
// (GET and POST /program/care-settings, GET and PUT
// /api/v1/programs/{program}/care-settings). Staff read them; admins
// change them.

type careSettingsView struct {
	staffProgramsView
	*app.CareSettings
	Levels  []continuum.Level
	IsAdmin bool
}

func (s *Server) careSettingsData(r *http.Request, programID string) (pageData, error) {
	programs, err := s.chooseStaffProgram(r, programID)
	if err != nil {
		return pageData{}, err
	}
	v := careSettingsView{staffProgramsView: programs, Levels: continuum.Levels, IsAdmin: state(r).user.Role == onward.RoleProgramAdmin}
	if !programs.NotStaff {
		if v.CareSettings, err = s.app.ProgramCareSettings(r.Context(), state(r).user, programs.ProgramID); err != nil {
			return pageData{}, err
		}
	}
	return pageData{Title: "continuum.care_settings", Data: v}, nil
}

func (s *Server) careSettingsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.careSettingsData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_care_settings", data)
}

func (s *Server) careSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	programID := f.str("program")
	set := app.CareSettings{Hours: continuum.Hours{}, RetentionGapDays: f.int("retention_gap_days", 0)}
	for _, l := range continuum.Levels {
		if h := f.float("hours_" + l.Code); h != nil {
			set.Hours[l.Code] = *h
		} else if f.str("hours_"+l.Code) == "" {
			set.Hours[l.Code] = l.Hours
		}
	}
	err := f.errs.Err()
	if err == nil {
		err = s.app.SaveProgramCareSettings(r.Context(), state(r).user, programID, set)
	}
	if err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		data, derr := s.careSettingsData(r, programID)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_care_settings", data, f.merge(err))
	}
	return s.redirect(w, r, "/program/care-settings?program="+url.QueryEscape(programID), "program.settings_saved")
}

type careSettingsJSON struct {
	HoursPerWeek     map[string]float64 `json:"hours_per_week"`
	RetentionGapDays int                `json:"retention_gap_days"`
}

func (s *Server) apiCareSettings(w http.ResponseWriter, r *http.Request) error {
	set, err := s.app.ProgramCareSettings(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, careSettingsJSON{HoursPerWeek: set.Hours, RetentionGapDays: set.RetentionGapDays})
	return nil
}

func (s *Server) apiSaveCareSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		HoursPerWeek     map[string]float64 `json:"hours_per_week"`
		RetentionGapDays *int               `json:"retention_gap_days"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	current, err := s.app.ProgramCareSettings(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	// Levels and settings left out keep their values.
	for code, h := range in.HoursPerWeek {
		current.Hours[code] = h
	}
	if in.RetentionGapDays != nil {
		current.RetentionGapDays = *in.RetentionGapDays
	}
	if err := s.app.SaveProgramCareSettings(r.Context(), state(r).user, r.PathValue("program"), *current); err != nil {
		return err
	}
	return s.apiCareSettings(w, r)
}
