package web

import (
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// signupView is the sign-up form; Invitation is set when the person came
// from an invitation (next leads back to it), which they accept next.
type signupView struct {
	TimeZones  []string
	Invitation *onward.Invitation
}

func (s *Server) signupForm(w http.ResponseWriter, r *http.Request) error {
	if state(r).user != nil {
		return s.redirect(w, r, "/", "")
	}
	inv, err := s.invitationIn(r, r.URL.Query().Get("next"))
	if err != nil {
		return err
	}
	return s.render(w, r, "signup", pageData{Title: "common.create_your_account", Data: signupView{timeZones, inv},
		Form: url.Values{"next": {r.URL.Query().Get("next")}}})
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invitationIn(r, r.PostForm.Get("next"))
	if err != nil {
		return err
	}
	data := pageData{Title: "common.create_your_account", Data: signupView{timeZones, inv}}
	// Someone signing up through an invitation is a supporter, unless they
	// say they are in recovery themselves.
	in := signupInput{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"),
		DisplayName: r.PostForm.Get("display_name"), TimeZone: r.PostForm.Get("timezone"), Locale: state(r).locale,
		Supporter: inv != nil && r.PostForm.Get("in_recovery") != "yes"}
	// Every problem at once, the agreement included, so one correction is enough.
	f := newFormReader(r.PostForm)
	if r.PostForm.Get("agree") != "yes" {
		f.errs.Add("agree", "common.please_confirm_you_have_read_how_onward")
	}
	in.normalize()
	if err := f.merge(in.validate()); err != nil {
		return s.renderForm(w, r, "signup", data, err)
	}
	u, err := s.registerMember(r.Context(), in)
	if err != nil {
		return s.renderForm(w, r, "signup", data, err)
	}
	if err := s.startSession(w, r, u, sqlstore.SessionActive); err != nil {
		return err
	}
	if inv != nil {
		return s.redirect(w, r, safeNext(r.PostForm.Get("next")), "support.your_account_is_ready_accept_the_invitation")
	}
	return s.redirect(w, r, "/", "common.welcome_to_onward_your_account_is_ready")
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if state(r).user != nil {
		return s.redirect(w, r, "/", "")
	}
	return s.render(w, r, "signin", pageData{Title: "common.sign_in", Form: r.URL.Query()})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkCredentials(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		return s.renderForm(w, r, "signin", pageData{Title: "common.sign_in"}, err)
	}
	next := safeNext(r.PostForm.Get("next"))
	switch {
	case u.TwoFactorEnabled():
		if err := s.startSession(w, r, u, sqlstore.SessionNeedsTOTP); err != nil {
			return err
		}
		s.setCookie(w, "next", next, pendingSignInLimit)
		return s.redirect(w, r, "/signin/code", "")
	case u.Role.RequiresTwoFactor():
		if err := s.startSession(w, r, u, sqlstore.SessionNeedsEnrol); err != nil {
			return err
		}
		return s.redirect(w, r, "/account/two-factor", "common.your_account_can_see_other_peoples")
	}
	if err := s.startSession(w, r, u, sqlstore.SessionActive); err != nil {
		return err
	}
	return s.redirect(w, r, next, "")
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "signin_code", pageData{Title: "common.enter_your_sign_in_code"})
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := state(r).session
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if err := s.checkTOTP(ctx, u, u.TOTPSecret, r.PostForm.Get("code"), s.clientIP(r)); err != nil {
		return s.renderForm(w, r, "signin_code", pageData{Title: "common.enter_your_sign_in_code"}, err)
	}
	// A new session token once fully signed in.
	if err := s.startSession(w, r, u, sqlstore.SessionActive); err != nil {
		return err
	}
	next := safeNext(s.cookie(r, "next"))
	s.setCookie(w, "next", "", -1)
	return s.redirect(w, r, next, "")
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	s.endSession(w, r)
	return s.redirect(w, r, "/", "common.you_are_signed_out")
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "password_forgot", pageData{Title: "common.reset_your_password"})
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.sendPasswordReset(r.Context(), r.PostForm.Get("email")); err != nil {
		return s.renderForm(w, r, "password_forgot", pageData{Title: "common.reset_your_password"}, err)
	}
	return s.redirect(w, r, "/signin", "common.if_an_account_uses_that_address_we")
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.PasswordResetUser(r.Context(), auth.HashToken(r.PathValue("token"))); err != nil {
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "password_reset", pageData{Title: "common.choose_a_new_password", Flash: translateMsg(state(r).locale, onward.ErrorMessage(err)), Data: false})
	}
	return s.render(w, r, "password_reset", pageData{Title: "common.choose_a_new_password", Data: true})
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	data := pageData{Title: "common.choose_a_new_password", Data: true}
	if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
		return s.renderForm(w, r, "password_reset", data, onward.Invalid("confirm", "common.the_two_passwords_are_not_the_same"))
	}
	_, err := s.resetPassword(r.Context(), r.PathValue("token"), r.PostForm.Get("password"))
	if err != nil {
		if onward.ErrorCode(err) == onward.EINVALID && len(err.(*onward.Error).Fields) == 0 {
			data.Data = false
		}
		return s.renderForm(w, r, "password_reset", data, err)
	}
	return s.redirect(w, r, "/signin", "common.your_password_is_changed_sign_in_with")
}
