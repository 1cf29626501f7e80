package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// Invitations: the member makes one on "My people" (POST
// /api/v1/invitations) and withdraws it; the person invited opens the link
// (GET /invite/{code}), signs in or creates an account with the invitation
// kept, and accepts (POST /api/v1/invitations/{code}/accept).

type invitationRequest struct {
	Email          string   `json:"email"`
	Relationship   string   `json:"relationship"`
	Share          []string `json:"share"`
	CheckinsDetail bool     `json:"checkins_detail"`
}

// newInvitation reads what a form or a JSON body asks for.
func newInvitation(email, relationship string, share []string, detail bool) (*onward.Invitation, error) {
	sharing, err := onward.ParseSharing(share, detail)
	if err != nil {
		return nil, err
	}
	return &onward.Invitation{Email: email, Relationship: relationship, Categories: sharing.Categories,
		CheckinsDetail: sharing.CheckinsDetail}, nil
}

func (s *Server) inviteSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	inv, err := newInvitation(f.Get("email"), f.Get("relationship"), f["share"], f.Get("checkins_detail") == "yes")
	var made *app.NewInvitation
	if err == nil {
		made, err = s.app.Invite(r.Context(), state(r).user, inv)
	}
	data, v, loadErr := s.supportData(r)
	if loadErr != nil {
		return loadErr
	}
	if err != nil {
		return s.renderForm(w, r, "support", data, err)
	}
	// The code is shown once, here, so the member can copy it; only its
	// hash is stored.
	v.InviteURL, data.Form = made.Link, url.Values{"phone": {v.AlertPhone}}
	return s.render(w, r, "support", data)
}

func (s *Server) apiCreateInvitation(w http.ResponseWriter, r *http.Request) error {
	var req invitationRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	inv, err := newInvitation(req.Email, req.Relationship, req.Share, req.CheckinsDetail)
	if err != nil {
		return err
	}
	made, err := s.app.Invite(r.Context(), state(r).user, inv)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"code": made.Code, "url": made.Link})
	return nil
}

func (s *Server) withdrawInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.WithdrawInvitation(r.Context(), state(r).user, r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/support", "support.the_invitation_was_withdrawn_its_link_no")
}

type inviteView struct {
	supportWords
	Invitation *onward.Invitation
	Code       string
}

// invitePage shows who is asking and what they would see. A visitor is
// offered to sign in or create an account; either brings them back here
// with the invitation.
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	inv, err := s.app.Invitation(r.Context(), state(r).user, code)
	if err != nil {
		return err
	}
	return s.render(w, r, "invite", pageData{Title: "support.an_invitation_to_support_someone", Data: inviteView{Invitation: inv, Code: code}})
}

// invitationIn returns the invitation a sign-up is for: the one next
// leads back to, when it can still be accepted; nil otherwise.
func (s *Server) invitationIn(r *http.Request, next string) (*onward.Invitation, error) {
	code, ok := strings.CutPrefix(safeNext(next), "/invite/")
	if !ok || code == "" || strings.ContainsAny(code, "/?#") {
		return nil, nil
	}
	inv, err := s.app.Invitation(r.Context(), nil, code)
	if onward.ErrorCode(err) == onward.EINTERNAL {
		return nil, err
	}
	return inv, nil
}

// acceptInvite makes the signed-in person a supporter of the member.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.AcceptInvitation(r.Context(), state(r).user, r.PathValue("code")); err != nil {
		return err
	}
	return s.redirect(w, r, "/supporting", "support.you_accepted_the_invitation_here_is_what")
}

func (s *Server) apiAcceptInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.AcceptInvitation(r.Context(), state(r).user, r.PathValue("code")); err != nil {
		return err
	}
	return s.apiSupporting(w, r)
}
