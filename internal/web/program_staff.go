package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// A program's staff (GET /program/staff and its JSON twins): the admin
// invites people by e-mail, changes what they do, and takes them off the
// staff; the invited person joins at GET /staff-invite/{token}.

type staffView struct {
	staffProgramsView
	Roster  *app.StaffRoster
	Titles  []onward.StaffTitle
	Self    string
	Removal *rosterEntryView // the person about to be removed, on the confirmation step
}

type rosterEntryView struct {
	UserID, Name string
}

func (s *Server) staffData(r *http.Request, programID string) (pageData, error) {
	programs, err := s.chooseStaffProgram(r, programID)
	if err != nil {
		return pageData{}, err
	}
	v := staffView{staffProgramsView: programs, Titles: onward.StaffTitles, Self: state(r).user.ID}
	if !programs.NotStaff {
		if v.Roster, err = s.app.Roster(r.Context(), state(r).user, programs.ProgramID); err != nil {
			return pageData{}, err
		}
	}
	return pageData{Title: "program.staff", Data: v}, nil
}

func (s *Server) staffPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.staffData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_staff", data)
}

// staffForm shows the page again with a form's error; anything but bad
// input is the error page's.
func (s *Server) staffForm(w http.ResponseWriter, r *http.Request, programID string, err error) error {
	if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT && code != onward.ETOOMANY {
		return err
	}
	data, derr := s.staffData(r, programID)
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "program_staff", data, err)
}

func staffPagePath(programID string) string {
	return "/program/staff?program=" + url.QueryEscape(programID)
}

func (s *Server) staffInviteSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	_, err := s.app.InviteStaff(r.Context(), state(r).user, programID, r.PostForm.Get("email"), onward.StaffTitle(r.PostForm.Get("title")))
	if err != nil {
		return s.staffForm(w, r, programID, err)
	}
	return s.redirect(w, r, staffPagePath(programID), "program.staff_invite_sent")
}

func (s *Server) staffInviteWithdrawSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	if err := s.app.WithdrawStaffInvite(r.Context(), state(r).user, programID, r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, staffPagePath(programID), "program.staff_invite_withdrawn")
}

func (s *Server) staffTitleSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	err := s.app.SetStaffTitle(r.Context(), state(r).user, programID, r.PathValue("id"), onward.StaffTitle(r.PostForm.Get("title")))
	if err != nil {
		return s.staffForm(w, r, programID, err)
	}
	return s.redirect(w, r, staffPagePath(programID), "program.staff_title_saved")
}

// staffRemoveConfirm is the separate step before someone is taken off the
// staff: it names them and says what ends.
func (s *Server) staffRemoveConfirm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.staffData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	v := data.Data.(staffView)
	if v.Roster == nil {
		return s.render(w, r, "program_staff", data)
	}
	for _, e := range v.Roster.Staff {
		if e.UserID == r.PathValue("id") {
			v.Removal = &rosterEntryView{UserID: e.UserID, Name: e.Name}
		}
	}
	if v.Removal == nil {
		return onward.NewError(onward.ENOTFOUND, "program.not_on_this_staff")
	}
	data.Data = v
	return s.render(w, r, "program_staff", data)
}

func (s *Server) staffRemoveSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	if r.PostForm.Get("confirm") != "yes" {
		return s.redirect(w, r, "/program/staff/"+url.PathEscape(r.PathValue("id"))+"/remove?program="+url.QueryEscape(programID), "")
	}
	if err := s.app.RemoveStaff(r.Context(), state(r).user, programID, r.PathValue("id")); err != nil {
		return s.staffForm(w, r, programID, err)
	}
	return s.redirect(w, r, staffPagePath(programID), "program.staff_removed")
}

// The invited person's side.

type staffJoinView struct {
	Token      string
	Invite     *onward.StaffInvite
	OtherEmail bool // signed in with another address
	NotStaff   bool // signed in with a member's or supporter's account
}

func (s *Server) staffJoinData(r *http.Request) (pageData, error) {
	token := r.PathValue("token")
	inv, err := s.app.StaffInvite(r.Context(), token)
	if err != nil {
		return pageData{}, err
	}
	v := staffJoinView{Token: token, Invite: inv}
	if u := state(r).user; u != nil {
		v.OtherEmail = onward.NormalizeEmail(u.Email) != inv.Email
		v.NotStaff = u.Role != onward.RoleClinician && u.Role != onward.RoleProgramAdmin
	}
	return pageData{Title: "program.staff_join_title", Data: v}, nil
}

func (s *Server) staffJoinPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.staffJoinData(r)
	if err != nil {
		return err
	}
	// The link is a credential: it must not leak to another site.
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, "staff_join", data)
}

func (s *Server) staffJoinSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if u == nil {
		return s.redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.Path), "")
	}
	inv, err := s.app.AcceptStaffInvite(r.Context(), u, r.PathValue("token"))
	if err != nil {
		if code := onward.ErrorCode(err); code == onward.EFORBIDDEN || code == onward.ECONFLICT {
			data, derr := s.staffJoinData(r)
			if derr != nil {
				return derr
			}
			return s.renderForm(w, r, "staff_join", data, err)
		}
		return err
	}
	if !u.TwoFactorEnabled() {
		return s.redirect(w, r, "/account/two-factor", "program.staff_joined_set_up_two_step")
	}
	return s.redirect(w, r, "/program/caseload?program="+url.QueryEscape(inv.ProgramID), "program.staff_joined")
}

// JSON twins.

type rosterEntryJSON struct {
	UserID string    `json:"user_id"`
	Name   string    `json:"name"`
	Email  string    `json:"email"`
	Title  string    `json:"title"`
	Since  time.Time `json:"since"`
}

type staffInviteJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func toStaffInviteJSON(inv onward.StaffInvite) staffInviteJSON {
	return staffInviteJSON{ID: inv.ID, Email: inv.Email, Title: string(inv.Title), CreatedAt: inv.CreatedAt.UTC(), ExpiresAt: inv.ExpiresAt.UTC()}
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) error {
	roster, err := s.app.Roster(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	staff := make([]rosterEntryJSON, 0, len(roster.Staff))
	for _, e := range roster.Staff {
		staff = append(staff, rosterEntryJSON{UserID: e.UserID, Name: e.Name, Email: e.Email, Title: string(e.Title), Since: e.Since.UTC()})
	}
	invites := make([]staffInviteJSON, 0, len(roster.Invites))
	for _, inv := range roster.Invites {
		invites = append(invites, toStaffInviteJSON(inv))
	}
	writeJSON(w, http.StatusOK, map[string]any{"staff": staff, "invitations": invites})
	return nil
}

func (s *Server) apiInviteStaff(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email string `json:"email"`
		Title string `json:"title"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := s.app.InviteStaff(r.Context(), state(r).user, r.PathValue("program"), in.Email, onward.StaffTitle(in.Title))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toStaffInviteJSON(*inv))
	return nil
}

func (s *Server) apiWithdrawStaffInvite(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.WithdrawStaffInvite(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSetStaffTitle(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Title string `json:"title"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.SetStaffTitle(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), onward.StaffTitle(in.Title)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiRemoveStaff(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RemoveStaff(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
