package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/continuum"
)

// One enrolled member as the care team sees them
// (GET /program/enrolments/{id}): the clinical timeline under the member's
// consent, flags to acknowledge, the care team's notes, the care team
// itself, and discharge. The JSON twins are under
// /api/v1/programs/{program}/enrolments/{id}.

type careView struct {
	ProgramID string
	*app.Timeline
	Staff            []onward.StaffMember
	DischargeReasons []string
	Confirm          bool     // the discharge confirmation step
	Levels           []string // levels of care and age groups, for the episode's forms (continuum_episode.go)
	AgeGroups        []string
	Trends           []trendView     // the member's assessments, when their consent covers them
	Record           []selfCheckLink // the instruments the care team records
}

// InCareTeam reports whether a staff member is on the member's care team.
func (v careView) InCareTeam(userID string) bool {
	for _, s := range v.Enrolment.CareTeam {
		if s.UserID == userID {
			return true
		}
	}
	return false
}

// TestCards are the latest drug tests, for the page.
func (v careView) TestCards(tz *time.Location) []testCard { return testCards(v.Tests, tz, v.Clock.Now) }

// Shows reports whether the page shows category c.
func (v careView) Shows(c string) bool {
	for _, s := range v.Shown {
		if string(s) == c {
			return true
		}
	}
	return false
}

func (s *Server) enrolmentData(r *http.Request) (pageData, error) {
	u := state(r).user
	programID, err := s.enrolmentProgram(r)
	if err != nil {
		return pageData{}, err
	}
	t, err := s.app.MemberTimeline(r.Context(), u, programID, r.PathValue("id"))
	if err != nil {
		return pageData{}, err
	}
	staff, err := s.app.ProgramStaff(r.Context(), u, programID)
	if err != nil {
		return pageData{}, err
	}
	name := t.Enrolment.MemberName
	if name == "" {
		name = t.Enrolment.InviteName
	}
	v := careView{ProgramID: programID, Timeline: t, Staff: staff,
		DischargeReasons: onward.DischargeReasons, Levels: continuum.LevelCodes(), AgeGroups: continuum.AgeGroups,
		Trends: newTrendViews(state(r).locale, location(u.TimeZone), t.Assessments, true)}
	if t.Enrolment.Status == onward.EnrolmentActive {
		v.Record = careRecordLinks(state(r).locale, t.Enrolment.MemberID)
	}
	return pageData{Heading: name, Data: v}, nil
}

func (s *Server) enrolmentPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.enrolmentData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_enrolment", data)
}

// enrolmentProgram is the program of the enrolment in the path: the one
// the request names, or, for a link that names the enrolment only (an
// alert's, a bookmark), the enrolment's own.
func (s *Server) enrolmentProgram(r *http.Request) (string, error) {
	if id := r.URL.Query().Get("program"); id != "" {
		return id, nil
	}
	if id := r.PostForm.Get("program"); id != "" {
		return id, nil
	}
	return s.app.ProgramOfEnrolment(r.Context(), state(r).user, r.PathValue("id"))
}

// enrolmentURL is the page of an enrolment of a program.
func enrolmentURL(programID, enrolmentID string) string {
	return "/program/enrolments/" + url.PathEscape(enrolmentID) + "?program=" + url.QueryEscape(programID)
}

// enrolmentForm re-renders the enrolment page with a form's errors.
func (s *Server) enrolmentForm(w http.ResponseWriter, r *http.Request, err error) error {
	if onward.ErrorCode(err) != onward.EINVALID {
		return err
	}
	data, derr := s.enrolmentData(r)
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "program_enrolment", data, err)
}

func (s *Server) acknowledgeFlagSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.AcknowledgeFlag(r.Context(), state(r).user, programID, id, r.PostForm.Get("flag"), r.PostForm.Get("note")); err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, enrolmentURL(programID, id), "program.flag_acknowledged")
}

func (s *Server) addNoteSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	n := &onward.ClinicalNote{Kind: r.PostForm.Get("kind"), Body: r.PostForm.Get("body")}
	if err := s.app.AddClinicalNote(r.Context(), state(r).user, programID, id, n); err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, enrolmentURL(programID, id)+"#notes", "program.note_saved")
}

func (s *Server) careTeamSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.SetCareTeam(r.Context(), state(r).user, programID, id, r.PostForm["care_team"]); err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, enrolmentURL(programID, id), "program.care_team_saved")
}

// dischargeConfirm is the separate step before a discharge.
func (s *Server) dischargeConfirm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.enrolmentData(r)
	if err != nil {
		return err
	}
	v := data.Data.(careView)
	v.Confirm = true
	data.Data = v
	return s.render(w, r, "program_enrolment", data)
}

func (s *Server) dischargeSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.Discharge(r.Context(), state(r).user, programID, id, r.PostForm.Get("reason")); err != nil {
		return s.enrolmentForm(w, r, err)
	}
	return s.redirect(w, r, "/program/caseload?program="+url.QueryEscape(programID), "program.discharged")
}

func (s *Server) answerRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	accept := r.PostForm.Get("answer") == "accept"
	if err := s.app.AnswerEnrolmentRequest(r.Context(), state(r).user, programID, id, accept); err != nil {
		return err
	}
	flash := "program.request_declined"
	if accept {
		flash = "program.request_accepted"
	}
	return s.redirect(w, r, "/program/enrol?program="+url.QueryEscape(programID), flash)
}

type enrolmentJSON struct {
	ID          string            `json:"id"`
	ProgramID   string            `json:"program_id"`
	ProgramName string            `json:"program_name"`
	MemberID    string            `json:"member_id,omitempty"`
	MemberName  string            `json:"member_name,omitempty"`
	Status      string            `json:"status"`
	LevelOfCare string            `json:"level_of_care,omitempty"`
	CareTeam    []staffMemberJSON `json:"care_team"`
	CreatedAt   time.Time         `json:"created_at"`
	StartedAt   *time.Time        `json:"started_at,omitempty"`
	EndedAt     *time.Time        `json:"ended_at,omitempty"`
	EndReason   string            `json:"end_reason,omitempty"`
}

type staffMemberJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

func toEnrolmentJSON(e *onward.Enrolment) enrolmentJSON {
	out := enrolmentJSON{ID: e.ID, ProgramID: e.ProgramID, ProgramName: e.ProgramName, MemberID: e.MemberID, MemberName: e.MemberName,
		Status: string(e.Status), LevelOfCare: e.LevelOfCare, CareTeam: []staffMemberJSON{}, CreatedAt: e.CreatedAt.UTC(),
		StartedAt: e.StartedAt, EndedAt: e.EndedAt, EndReason: e.EndReason}
	for _, m := range e.CareTeam {
		out.CareTeam = append(out.CareTeam, staffMemberJSON{ID: m.UserID, Name: m.Name, Role: string(m.Role)})
	}
	return out
}

type noteJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// timelineFlagJSON is a flag as the member's timeline gives it: what to
// do about it, as the page says it, and the means.
type timelineFlagJSON struct {
	caseloadFlagJSON
	WhatToDo   string `json:"what_to_do"`
	CallMember bool   `json:"call_member"`   // call the member now: alert_phone is their number when they shared it
	See        string `json:"see,omitempty"` // the API operation where the flag is dealt with
}

func toTimelineFlagsJSON(locale string, t *app.Timeline, programID string) []timelineFlagJSON {
	out := make([]timelineFlagJSON, 0, len(t.Flags))
	for _, f := range toFlagsJSON(locale, t.Flags) {
		call, _ := flagRemedy(f.Code)
		out = append(out, timelineFlagJSON{caseloadFlagJSON: f, WhatToDo: localizer(locale).Label("flagtodo", f.Code),
			CallMember: call, See: flagOperation(f.Code, programID, t.Enrolment.ID, t.Enrolment.MemberID)})
	}
	return out
}

func (s *Server) apiEnrolment(w http.ResponseWriter, r *http.Request) error {
	programID, locale := r.PathValue("program"), state(r).locale
	t, err := s.app.MemberTimeline(r.Context(), state(r).user, programID, r.PathValue("id"))
	if err != nil {
		return err
	}
	body := map[string]any{"enrolment": toEnrolmentJSON(t.Enrolment), "shown": t.Shown,
		"flags": toTimelineFlagsJSON(locale, t, programID)}
	if slices.Contains(t.Shown, onward.CategoryAlerts) {
		body["alert_phone"] = t.Phone
	}
	if slices.Contains(t.Shown, onward.CategoryAssessments) {
		body["assessments"] = s.trendList(locale, t.Assessments)
	}
	if t.Summary != nil {
		body["current_streak_days"], body["total_days"] = t.Summary.CurrentStreakDays, t.Summary.TotalDays
	}
	if t.CheckIns != nil {
		list := make([]checkInJSON, 0, len(t.CheckIns))
		for i := range t.CheckIns {
			list = append(list, toCheckInJSON(&t.CheckIns[i]))
		}
		body["checkins"] = list
		lapses := make([]string, 0, len(t.Lapses))
		for _, l := range t.Lapses {
			lapses = append(lapses, l.Day.String())
		}
		body["lapse_days"] = lapses
	}
	if slices.Contains(t.Shown, onward.CategoryTests) {
		body["tests"] = toDrugTestsJSON(t.Tests)
	}
	if t.Notes != nil {
		notes := make([]noteJSON, 0, len(t.Notes))
		for _, n := range t.Notes {
			notes = append(notes, noteJSON{ID: n.ID, Kind: n.Kind, Body: n.Body, Author: n.AuthorName, CreatedAt: n.CreatedAt.UTC()})
		}
		body["notes"] = notes
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) apiAcknowledgeFlag(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Flag string `json:"flag"`
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.AcknowledgeFlag(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.Flag, in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiAddNote(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Kind string `json:"kind"`
		Body string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n := &onward.ClinicalNote{Kind: in.Kind, Body: in.Body}
	if err := s.app.AddClinicalNote(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), n); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, noteJSON{ID: n.ID, Kind: n.Kind, Body: n.Body, Author: state(r).user.DisplayName, CreatedAt: n.CreatedAt.UTC()})
	return nil
}

func (s *Server) apiSetCareTeam(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		StaffIDs []string `json:"staff_ids"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.SetCareTeam(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.StaffIDs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiDischarge(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.Discharge(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiAnswerEnrolmentRequest(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Accept *bool `json:"accept"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Accept == nil {
		return onward.Invalid("accept", "api.field_required")
	}
	if err := s.app.AnswerEnrolmentRequest(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), *in.Accept); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
