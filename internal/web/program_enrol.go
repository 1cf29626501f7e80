package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
)

// Enrolment: a program invites a person by a one-time link or answers a
// member's request (GET /program/enrol), the program admin sets the
// caseload's thresholds, and members join (GET and POST /enrol/{code}),
// ask to join (POST /find/{id}/enrol) and see their programs (GET /care).

type enrolAdminView struct {
	staffProgramsView
	Requests   []onward.Enrolment
	Active     int
	InviteLink string // shown once, right after it is made
	Settings   caseload.Settings
	IsAdmin    bool
}

func (s *Server) enrolAdminData(r *http.Request, programID string) (pageData, error) {
	programs, err := s.chooseStaffProgram(r, programID)
	if err != nil {
		return pageData{}, err
	}
	v := enrolAdminView{staffProgramsView: programs, IsAdmin: state(r).user.Role == onward.RoleProgramAdmin}
	if !programs.NotStaff {
		list, err := s.app.ProgramEnrolments(r.Context(), state(r).user, programs.ProgramID)
		if err != nil {
			return pageData{}, err
		}
		for _, e := range list {
			if e.Status == onward.EnrolmentRequested {
				v.Requests = append(v.Requests, e)
			} else {
				v.Active++
			}
		}
		settings, err := s.app.ProgramSettings(r.Context(), state(r).user, programs.ProgramID)
		if err != nil {
			return pageData{}, err
		}
		v.Settings = settings
	}
	return pageData{Title: "program.enrolment", Data: v}, nil
}

func (s *Server) enrolAdminPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.enrolAdminData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_enrol", data)
}

func (s *Server) enrolmentInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	code, err := s.app.InviteToEnrol(r.Context(), state(r).user, programID, r.PostForm.Get("name"))
	data, derr := s.enrolAdminData(r, programID)
	if derr != nil {
		return derr
	}
	if err != nil {
		return s.renderForm(w, r, "program_enrol", data, err)
	}
	v := data.Data.(enrolAdminView)
	v.InviteLink = s.cfg.BaseURL + "/enrol/" + code
	data.Data = v
	// The link is shown once: a reload must not show it again.
	data.Flash = translate(state(r).locale, "program.invitation_made")
	return s.render(w, r, "program_enrol", data)
}

func (s *Server) programSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	days, daysErr := strconv.Atoi(r.PostForm.Get("no_checkin_days"))
	minutes, minutesErr := strconv.Atoi(r.PostForm.Get("escalate_after_minutes"))
	var err error
	switch {
	case daysErr != nil:
		err = onward.Invalid("no_checkin_days", "program.no_checkin_days")
	case minutesErr != nil:
		err = onward.Invalid("escalate_after_minutes", "program.escalate_after_minutes")
	default:
		err = s.app.SaveProgramSettings(r.Context(), state(r).user, programID,
			caseload.Settings{NoCheckInDays: days, EscalateAfterMinutes: minutes})
	}
	if err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		data, derr := s.enrolAdminData(r, programID)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_enrol", data, err)
	}
	return s.redirect(w, r, "/program/enrol?program="+url.QueryEscape(programID), "program.settings_saved")
}

type enrolInviteView struct {
	Code       string
	Invitation *onward.Enrolment
	Consented  bool
	IsMember   bool
}

func (s *Server) enrolInvitePage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	inv, err := s.app.EnrolmentInvite(r.Context(), code)
	if err != nil {
		return err
	}
	v := enrolInviteView{Code: code, Invitation: inv}
	if u := state(r).user; u != nil && u.Role == onward.RoleMember {
		v.IsMember = true
		if v.Consented, err = s.app.HasConsentTo(r.Context(), u, inv.ProgramID); err != nil {
			return err
		}
	}
	return s.render(w, r, "enrol_invite", pageData{Heading: inv.ProgramName, Data: v})
}

func (s *Server) enrolInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	e, err := s.app.AcceptEnrolmentInvite(r.Context(), state(r).user, r.PathValue("code"))
	if err != nil {
		if onward.ErrorCode(err) == onward.ECONFLICT {
			return s.redirect(w, r, "/enrol/"+url.PathEscape(r.PathValue("code")), onward.ErrorMessage(err).ID)
		}
		return err
	}
	return s.redirect(w, r, "/care#enrolment-"+e.ID, "program.you_joined")
}

func (s *Server) requestEnrolmentSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PathValue("id")
	if err := s.app.RequestEnrolment(r.Context(), state(r).user, programID); err != nil {
		if onward.ErrorCode(err) == onward.ECONFLICT {
			return s.redirect(w, r, "/find/"+url.PathEscape(programID), onward.ErrorMessage(err).ID)
		}
		return err
	}
	return s.redirect(w, r, "/care", "program.request_sent")
}

func (s *Server) myCarePage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.myCareData(r) // continuum_care.go: episodes, sessions, calendar link
	if err != nil {
		return err
	}
	return s.render(w, r, "my_care", data)
}

func (s *Server) apiMyEnrolments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.MyEnrolments(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := make([]enrolmentJSON, 0, len(list))
	for i := range list {
		out = append(out, toEnrolmentJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"enrolments": out})
	return nil
}

func (s *Server) apiAcceptEnrolmentInvite(w http.ResponseWriter, r *http.Request) error {
	e, err := s.app.AcceptEnrolmentInvite(r.Context(), state(r).user, r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toEnrolmentJSON(e))
	return nil
}

func (s *Server) apiRequestEnrolment(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RequestEnrolment(r.Context(), state(r).user, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) apiInviteToEnrol(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	code, err := s.app.InviteToEnrol(r.Context(), state(r).user, r.PathValue("program"), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"code": code, "url": s.cfg.BaseURL + "/enrol/" + code})
	return nil
}

func (s *Server) apiProgramSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		NoCheckInDays        *int `json:"no_checkin_days"`
		EscalateAfterMinutes *int `json:"escalate_after_minutes"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	if in.NoCheckInDays == nil {
		errs.Add("no_checkin_days", "api.field_required")
	}
	if in.EscalateAfterMinutes == nil {
		errs.Add("escalate_after_minutes", "api.field_required")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	set := caseload.Settings{NoCheckInDays: *in.NoCheckInDays, EscalateAfterMinutes: *in.EscalateAfterMinutes}
	if err := s.app.SaveProgramSettings(r.Context(), state(r).user, r.PathValue("program"), set); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
