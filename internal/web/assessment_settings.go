package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// A program's setting for reading COWS scores: the total at which it
// considers a first buprenorphine dose (GET and POST
// /program/settings/assessments; GET and PUT
// /api/v1/programs/{id}/assessment-settings). Its staff see it; its
// program admins change it.

type assessmentSettingsView struct {
	Programs []app.ProgramSetting
	Admin    bool
	Min, Max int
}

func (s *Server) assessmentSettingsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssessmentSettings(w, r, nil)
}

func (s *Server) renderAssessmentSettings(w http.ResponseWriter, r *http.Request, formErr error) error {
	u := state(r).user
	programs, err := s.app.ProgramAssessmentSettings(r.Context(), u)
	if err != nil {
		return err
	}
	data := pageData{Title: "assessment.buprenorphine_start_threshold", Data: assessmentSettingsView{Programs: programs,
		Admin: u.Role == onward.RoleProgramAdmin, Min: app.MinBuprenorphineThreshold, Max: app.MaxBuprenorphineThreshold}}
	if formErr != nil {
		return s.renderForm(w, r, "program_assessment_settings", data, formErr)
	}
	return s.render(w, r, "program_assessment_settings", data)
}

func (s *Server) assessmentSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	threshold := f.int("threshold", 0)
	if err := f.errs.Err(); err != nil {
		return s.renderAssessmentSettings(w, r, err)
	}
	err := s.app.SetBuprenorphineThreshold(r.Context(), state(r).user, f.str("program"), threshold)
	if onward.ErrorCode(err) == onward.EINVALID {
		return s.renderAssessmentSettings(w, r, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/program/settings/assessments", "assessment.the_threshold_is_saved")
}

type assessmentSettingsJSON struct {
	ProgramID                   string `json:"program_id"`
	ProgramName                 string `json:"program_name"`
	BuprenorphineStartThreshold int    `json:"buprenorphine_start_threshold"`
	Default                     bool   `json:"default"`
}

func (s *Server) apiAssessmentSettings(w http.ResponseWriter, r *http.Request) error {
	programs, err := s.app.ProgramAssessmentSettings(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	for _, p := range programs {
		if p.ProgramID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, assessmentSettingsJSON{ProgramID: p.ProgramID, ProgramName: p.ProgramName,
				BuprenorphineStartThreshold: p.Threshold, Default: p.Default})
			return nil
		}
	}
	return onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")
}

func (s *Server) apiSetAssessmentSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Threshold *int `json:"buprenorphine_start_threshold"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Threshold == nil || *in.Threshold < app.MinBuprenorphineThreshold || *in.Threshold > app.MaxBuprenorphineThreshold {
		return onward.Invalid("buprenorphine_start_threshold", "assessment.the_threshold_must_be_a_cows_total")
	}
	if err := s.app.SetBuprenorphineThreshold(r.Context(), state(r).user, r.PathValue("id"), *in.Threshold); err != nil {
		return err
	}
	return s.apiAssessmentSettings(w, r)
}
