package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A program's sessions: the week's schedule (GET /program/sessions),
// scheduling one (GET /program/sessions/new, POST /program/sessions), one
// session with its roster and attendance, recorded for a whole group at
// once (GET /program/sessions/{id}, POST .../attendance, POST .../cancel).
// The JSON twins are under /api/v1/programs/{program}/sessions.

type scheduleView struct {
	staffProgramsView
	Week     recovery.Date // the Monday shown
	Sessions []continuum.Session
	Mine     bool
}

// PrevWeek and NextWeek are the Mondays around the week shown.
func (v scheduleView) PrevWeek() string { return v.Week.AddDays(-7).String() }
func (v scheduleView) NextWeek() string { return v.Week.AddDays(7).String() }

// staffLocation is the signed-in staff member's time zone: times they type
// and read are theirs.
func staffLocation(r *http.Request) *time.Location { return location(state(r).user.TimeZone) }

func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	programs, err := s.chooseStaffProgram(r, q.Get("program"))
	if err != nil {
		return err
	}
	loc := staffLocation(r)
	week := continuum.Monday(recovery.DateOf(s.now().In(loc), loc))
	if d, err := recovery.ParseDate(q.Get("week")); err == nil {
		week = continuum.Monday(d)
	}
	v := scheduleView{staffProgramsView: programs, Week: week, Mine: q.Get("mine") == "1"}
	if !programs.NotStaff {
		from := time.Date(week.Year, week.Month, week.Day, 0, 0, 0, 0, loc)
		leader := ""
		if v.Mine {
			leader = state(r).user.ID
		}
		if v.Sessions, err = s.app.ProgramSchedule(r.Context(), state(r).user, programs.ProgramID, from, from.AddDate(0, 0, 7), leader); err != nil {
			return err
		}
	}
	return s.render(w, r, "program_sessions", pageData{Title: "continuum.sessions", Data: v})
}

type scheduleFormView struct {
	ProgramID  string
	Candidates []app.SessionCandidate
	Staff      []onward.StaffMember
	Formats    []string
	Kinds      []string
	ClientID   string
	Chosen     map[string]bool // members ticked when the form comes back with errors
}

func (s *Server) scheduleFormData(r *http.Request, programID string) (pageData, error) {
	u := state(r).user
	candidates, err := s.app.SessionCandidates(r.Context(), u, programID)
	if err != nil {
		return pageData{}, err
	}
	staff, err := s.app.ProgramStaff(r.Context(), u, programID)
	if err != nil {
		return pageData{}, err
	}
	v := scheduleFormView{ProgramID: programID, Candidates: candidates, Staff: staff, Formats: continuum.Formats, Kinds: continuum.Kinds,
		ClientID: newClientID(), Chosen: map[string]bool{}}
	for _, id := range r.PostForm["members"] {
		v.Chosen[id] = true
	}
	return pageData{Title: "continuum.schedule_a_session", Data: v}, nil
}

func (s *Server) scheduleForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.scheduleFormData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	data.Form = url.Values{"leader": {state(r).user.ID}, "minutes": {"60"}, "weeks": {"1"}, "format": {continuum.FormatGroup}}
	return s.render(w, r, "program_session_new", data)
}

// sessionStart reads a date and a time of day typed in loc; the zero time
// when either is missing or unreadable, which the session's validation
// explains.
func sessionStart(day, clock string, loc *time.Location) time.Time {
	d, derr := recovery.ParseDate(strings.TrimSpace(day))
	t, terr := time.Parse("15:04", strings.TrimSpace(clock))
	if derr != nil || terr != nil {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, loc)
}

// wholeNumber reads a whole number typed in a form; -1 when it is not one,
// which the session's validation explains with its range.
func wholeNumber(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) scheduleSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	programID := f.Get("program")
	loc := staffLocation(r)
	req := app.ScheduleRequest{Session: continuum.Session{Format: f.Get("format"), Kind: f.Get("kind"), Minutes: wholeNumber(f.Get("minutes")),
		Location: f.Get("location"), LeaderID: f.Get("leader"), ClientID: f.Get("client_id"),
		StartsAt: sessionStart(f.Get("day"), f.Get("time"), loc)}, EnrolmentIDs: f["members"], Weeks: wholeNumber(f.Get("weeks")),
		Location: loc}
	sessions, _, err := s.app.ScheduleSessions(r.Context(), state(r).user, programID, req)
	if err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		data, derr := s.scheduleFormData(r, programID)
		if derr != nil {
			return derr
		}
		v := data.Data.(scheduleFormView)
		v.ClientID = req.Session.ClientID
		data.Data = v
		return s.renderForm(w, r, "program_session_new", data, err)
	}
	return s.redirect(w, r, sessionURL(programID, sessions[0].ID), "continuum.session_scheduled")
}

// sessionURL is the page of a session of a program.
func sessionURL(programID, sessionID string) string {
	return "/program/sessions/" + url.PathEscape(sessionID) + "?program=" + url.QueryEscape(programID)
}

type sessionPageView struct {
	ProgramID string
	*app.SessionView
	Attendances []string
	Cancellable bool
}

func (s *Server) sessionData(r *http.Request) (pageData, error) {
	programID := r.URL.Query().Get("program")
	if programID == "" {
		programID = r.PostForm.Get("program")
	}
	v, err := s.app.ProgramSession(r.Context(), state(r).user, programID, r.PathValue("id"))
	if err != nil {
		return pageData{}, err
	}
	return pageData{Title: "continuum.session", Data: sessionPageView{ProgramID: programID, SessionView: v, Attendances: continuum.Attendances,
		Cancellable: v.Session.CancelledAt == nil && v.Session.StartsAt.After(s.now())}}, nil
}

func (s *Server) sessionPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.sessionData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_session", data)
}

// marksOf reads a group's attendance from a form: one "attendance.<enrolment
// id>" per member; members left blank are not marked.
func marksOf(form url.Values) []continuum.Mark {
	var out []continuum.Mark
	for k, vs := range form {
		id, ok := strings.CutPrefix(k, "attendance.")
		if ok && len(vs) > 0 && vs[0] != "" {
			out = append(out, continuum.Mark{EnrolmentID: id, Attendance: vs[0]})
		}
	}
	return out
}

func (s *Server) attendanceSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.RecordAttendance(r.Context(), state(r).user, programID, id, marksOf(r.PostForm)); err != nil {
		if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
			return err
		}
		data, derr := s.sessionData(r)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_session", data, err)
	}
	return s.redirect(w, r, sessionURL(programID, id), "continuum.attendance_saved")
}

func (s *Server) cancelSessionSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err := s.app.CancelSession(r.Context(), state(r).user, programID, id); err != nil {
		if onward.ErrorCode(err) != onward.ECONFLICT {
			return err
		}
		data, derr := s.sessionData(r)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "program_session", data, err)
	}
	return s.redirect(w, r, "/program/sessions?program="+url.QueryEscape(programID), "continuum.session_cancelled")
}

type participantJSON struct {
	EnrolmentID string     `json:"enrolment_id"`
	MemberID    string     `json:"member_id"`
	Name        string     `json:"name,omitempty"`
	Attendance  string     `json:"attendance,omitempty"`
	RecordedAt  *time.Time `json:"recorded_at,omitempty"`
}

type sessionJSON struct {
	ID            string            `json:"id"`
	ProgramID     string            `json:"program_id"`
	Format        string            `json:"format"`
	Kind          string            `json:"kind"`
	StartsAt      time.Time         `json:"starts_at"`
	EndsAt        time.Time         `json:"ends_at"`
	Minutes       int               `json:"minutes"`
	Location      string            `json:"location,omitempty"`
	LeaderID      string            `json:"leader_id,omitempty"`
	LeaderName    string            `json:"leader_name,omitempty"`
	Cancelled     bool              `json:"cancelled"`
	MemberCount   int               `json:"member_count"`
	Members       []participantJSON `json:"members,omitempty"`
	HiddenMembers int               `json:"hidden_members,omitempty"`
}

func toSessionJSON(s *continuum.Session) sessionJSON {
	return sessionJSON{ID: s.ID, ProgramID: s.ProgramID, Format: s.Format, Kind: s.Kind, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt().UTC(),
		Minutes: s.Minutes, Location: s.Location, LeaderID: s.LeaderID, LeaderName: s.LeaderName, Cancelled: s.CancelledAt != nil,
		MemberCount: len(s.Members)}
}

func toSessionViewJSON(v *app.SessionView) sessionJSON {
	out := toSessionJSON(v.Session)
	out.HiddenMembers = v.Hidden
	out.Members = []participantJSON{}
	for _, p := range v.Roster {
		out.Members = append(out.Members, participantJSON{EnrolmentID: p.EnrolmentID, MemberID: p.MemberID, Name: p.Name,
			Attendance: p.Attendance, RecordedAt: p.RecordedAt})
	}
	return out
}

// apiTime reads an optional RFC 3339 time from a query parameter.
func apiTime(errs onward.FieldErrors, q url.Values, field string, def time.Time) time.Time {
	v := q.Get(field)
	if v == "" {
		return def
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		errs.Add(field, "continuum.enter_a_time")
		return def
	}
	return t
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	errs := onward.FieldErrors{}
	now := s.now()
	from := apiTime(errs, q, "from", now.Add(-7*24*time.Hour))
	to := apiTime(errs, q, "to", from.Add(35*24*time.Hour))
	if err := errs.Err(); err != nil {
		return err
	}
	leader := ""
	if q.Get("mine") == "1" {
		leader = state(r).user.ID
	}
	list, err := s.app.ProgramSchedule(r.Context(), state(r).user, r.PathValue("program"), from, to, leader)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, 0, len(list))
	for i := range list {
		out = append(out, toSessionJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
	return nil
}

func (s *Server) apiScheduleSession(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Format       string   `json:"format"`
		Kind         string   `json:"kind"`
		StartsAt     string   `json:"starts_at"`
		Minutes      int      `json:"minutes"`
		Location     string   `json:"location"`
		LeaderID     string   `json:"leader_id"`
		EnrolmentIDs []string `json:"enrolment_ids"`
		Weeks        *int     `json:"weeks"`
		TimeZone     string   `json:"time_zone"`
		ClientID     string   `json:"client_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	starts, err := time.Parse(time.RFC3339, in.StartsAt)
	if err != nil {
		errs.Add("starts_at", "continuum.enter_a_time")
	}
	weeks := 1
	if in.Weeks != nil {
		weeks = *in.Weeks
	}
	loc := staffLocation(r)
	if in.TimeZone != "" {
		if loc, err = time.LoadLocation(in.TimeZone); err != nil {
			errs.Add("time_zone", "continuum.choose_a_time_zone")
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	sessions, created, err := s.app.ScheduleSessions(r.Context(), state(r).user, r.PathValue("program"), app.ScheduleRequest{
		Session: continuum.Session{Format: in.Format, Kind: in.Kind, StartsAt: starts, Minutes: in.Minutes, Location: in.Location,
			LeaderID: in.LeaderID, ClientID: in.ClientID}, EnrolmentIDs: in.EnrolmentIDs, Weeks: weeks, Location: loc})
	if err != nil {
		return err
	}
	out := make([]sessionJSON, 0, len(sessions))
	for i := range sessions {
		out = append(out, toSessionJSON(&sessions[i]))
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]any{"sessions": out})
	return nil
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.ProgramSession(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSessionViewJSON(v))
	return nil
}

func (s *Server) apiRecordAttendance(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Attendance []struct {
			EnrolmentID string `json:"enrolment_id"`
			Attendance  string `json:"attendance"`
		} `json:"attendance"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	marks := make([]continuum.Mark, len(in.Attendance))
	for i, m := range in.Attendance {
		marks[i] = continuum.Mark{EnrolmentID: m.EnrolmentID, Attendance: m.Attendance}
	}
	if err := s.app.RecordAttendance(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), marks); err != nil {
		return err
	}
	return s.apiSession(w, r)
}

func (s *Server) apiCancelSession(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.CancelSession(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
