package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// The password: forgotten (a link by email, the same answer for every
// address), reset through the link, and changed on the account page.
// Either way every session and API token of the account ends.

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "password_forgot", pageData{Title: "common.reset_your_password"})
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RequestPasswordReset(r.Context(), r.PostForm.Get("email")); err != nil {
		return s.renderForm(w, r, "password_forgot", pageData{Title: "common.reset_your_password"}, err)
	}
	return s.redirect(w, r, "/signin", "common.if_an_account_uses_that_address_we")
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	data := pageData{Title: "common.choose_a_new_password", Data: true}
	if err := s.app.PasswordResetLink(r.Context(), r.PathValue("token")); err != nil {
		data.Data = false
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "password_reset", withFlash(r, data, err))
	}
	return s.render(w, r, "password_reset", data)
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	data := pageData{Title: "common.choose_a_new_password", Data: true}
	err := s.app.ResetPassword(r.Context(), r.PathValue("token"), r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if err != nil {
		if e, ok := err.(*onward.Error); ok && e.Code == onward.EINVALID && len(e.Fields) == 0 {
			data.Data = false // the link itself is spent or unknown
		}
		return s.renderForm(w, r, "password_reset", data, err)
	}
	return s.redirect(w, r, "/signin", "common.your_password_is_changed_sign_in_with")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	change := app.PasswordChange{Current: r.PostForm.Get("current_password"), New: r.PostForm.Get("new_password"),
		Confirm: r.PostForm.Get("confirm_password")}
	if err := s.app.ChangePassword(r.Context(), u, change, s.clientIP(r)); err != nil {
		return s.accountFormError(w, r, err)
	}
	// Every session ended, this one too: this browser signs in afresh.
	if err := s.startSession(w, r, u, onward.SessionActive); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.your_password_is_changed_other_devices")
}
