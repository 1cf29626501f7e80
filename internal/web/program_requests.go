package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// The pages of a program's own staff: the queue of requests to be
// contacted (this file), and the program's listing. Only that program's
// staff may see either; the use cases decide and record each look.

// staffProgramsView is the part every staff page has: the programs the
// person works for, to switch between.
type staffProgramsView struct {
	Programs    []selectOption // id and name; Chosen marks the one shown
	ProgramID   string
	ProgramName string
	NotStaff    bool // the account is on no program's staff yet
}

// chooseStaffProgram picks the program a staff page is about: the one asked
// for, else the first the person works for. Whether they may see it is
// the use case's decision.
func (s *Server) chooseStaffProgram(r *http.Request, asked string) (staffProgramsView, error) {
	programs, err := s.app.StaffPrograms(r.Context(), state(r).user)
	if err != nil {
		return staffProgramsView{}, err
	}
	// Asked for a program, the person gets the use case's answer about it,
	// even if they work for none.
	v := staffProgramsView{ProgramID: asked, NotStaff: len(programs) == 0 && asked == ""}
	if v.ProgramID == "" && len(programs) > 0 {
		v.ProgramID = programs[0].ID
	}
	for _, p := range programs {
		v.Programs = append(v.Programs, selectOption{p.ID, p.Name, p.ID == v.ProgramID})
		if p.ID == v.ProgramID {
			v.ProgramName = p.Name
		}
	}
	return v, nil
}

// admissionView is one request in the queue.
type admissionView struct {
	ID, Reference, Name string
	Phone, Tel, Email   string
	BestTime, Message   string
	Status              string
	Received            time.Time // in the staff member's time zone
	Statuses            []selectOption
}

type requestsView struct {
	staffProgramsView
	Requests    []admissionView
	CanEditList bool
	New         int // requests no one has answered yet
}

func (s *Server) programRequestsPage(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	staff, err := s.chooseStaffProgram(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	view := &requestsView{staffProgramsView: staff, CanEditList: u.Role == onward.RoleProgramAdmin}
	data := pageData{Title: "directory.requests_to_be_contacted", Data: view, HTMX: true}
	if staff.NotStaff {
		return s.render(w, r, "program_requests", data)
	}
	list, err := s.app.CallbackRequests(r.Context(), u, staff.ProgramID)
	if err != nil {
		return err
	}
	loc := viewerZone(u)
	if loc == nil {
		loc = time.UTC
	}
	for _, a := range list {
		v := admissionView{ID: a.ID, Reference: a.Reference, Name: a.Name, Phone: a.Phone, Tel: phoneTel(a.Phone),
			Email: a.Email, BestTime: admissionBestTimeLabels[a.BestTime], Message: a.Message, Status: admissionStatusLabels[a.Status],
			Received: a.CreatedAt.In(loc)}
		for _, st := range directory.AdmissionStatuses {
			v.Statuses = append(v.Statuses, selectOption{st, admissionStatusLabels[st], st == a.Status})
		}
		view.Requests = append(view.Requests, v)
		if a.Status == directory.AdmissionNew {
			view.New++
		}
	}
	return s.render(w, r, "program_requests", data)
}

// statusFlashes confirm a change of a request's status.
var statusFlashes = map[string]string{
	directory.AdmissionNew:       "directory.the_request_is_marked_new",
	directory.AdmissionContacted: "directory.the_request_is_marked_contacted",
	directory.AdmissionClosed:    "directory.the_request_is_marked_closed",
}

func (s *Server) setRequestStatus(w http.ResponseWriter, r *http.Request) error {
	status := r.PostForm.Get("status")
	programID, err := s.app.SetCallbackStatus(r.Context(), state(r).user, r.PathValue("id"), status)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/program/requests?"+url.Values{"program": {programID}}.Encode(), statusFlashes[status])
}

// JSON twins: GET /api/v1/programs/{id}/admission-requests and
// PUT /api/v1/admission-requests/{id}/status.

type admissionRequestJSON struct {
	ID        string    `json:"id"`
	ProgramID string    `json:"program_id"`
	Reference string    `json:"reference"`
	Name      string    `json:"name"`
	Phone     string    `json:"phone"`
	Email     string    `json:"email"`
	BestTime  string    `json:"best_time"`
	Message   string    `json:"message"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (s *Server) apiAdmissionRequests(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.CallbackRequests(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]admissionRequestJSON, 0, len(list))
	for _, a := range list {
		out = append(out, admissionRequestJSON{ID: a.ID, ProgramID: a.ProgramID, Reference: a.Reference, Name: a.Name, Phone: a.Phone,
			Email: a.Email, BestTime: a.BestTime, Message: a.Message, Status: a.Status, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"admission_requests": out})
	return nil
}

func (s *Server) apiSetAdmissionStatus(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Status *string `json:"status"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := requiredFields(map[string]bool{"status": in.Status == nil}); err != nil {
		return err
	}
	programID, err := s.app.SetCallbackStatus(r.Context(), state(r).user, r.PathValue("id"), *in.Status)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "program_id": programID, "status": *in.Status})
	return nil
}
