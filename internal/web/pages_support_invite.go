package web

import (
	"net/http"

	"github.com/onward-recovery/onward"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// invitePage shows who is asking and what they would share. A visitor is
// asked to sign in or create an account first; the link brings them back.
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	inv, err := s.store.InvitationByCode(r.Context(), auth.HashToken(code))
	if err != nil {
		return err
	}
	viewerID := ""
	if u := state(r).user; u != nil {
		viewerID = u.ID
	}
	// Say early, before anyone signs in, when it can no longer be
	// accepted; the store checks again on accepting.
	if err := inv.Usable(s.now(), viewerID); err != nil {
		return err
	}
	return s.render(w, r, "invite", pageData{Title: "support.an_invitation_to_support_someone", Data: inviteView{Invitation: inv, Code: code}})
}

type inviteView struct {
	Invitation *sqlstore.Invitation
	Code       string
}

// acceptInvite makes the signed-in person a supporter of the member.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	if err := s.acceptInvitation(r, r.PathValue("code")); err != nil {
		return err
	}
	return s.redirect(w, r, "/supporting", "support.you_accepted_the_invitation_here_is_what")
}

func (s *Server) acceptInvitation(r *http.Request, code string) error {
	u := state(r).user
	return s.store.Write(r.Context(), func(tx *sqlstore.Tx) error {
		_, err := tx.AcceptInvitation(r.Context(), auth.HashToken(code), u.ID)
		return err
	})
}

// CategoryLabel names a share category for the template.
func (inviteView) CategoryLabel(c onward.Category) string { return shareLabels[c] }
