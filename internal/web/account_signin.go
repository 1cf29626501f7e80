package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// Signing in and out: the password, the two-step code, sign-out and the
// quick exit; and the API's way in, a token for email, password and code.

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if state(r).user != nil {
		return s.redirect(w, r, "/", "")
	}
	return s.render(w, r, "signin", pageData{Title: "common.sign_in", Form: r.URL.Query()})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	u, stage, err := s.app.SignIn(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), s.clientIP(r))
	if err != nil {
		return s.renderForm(w, r, "signin", pageData{Title: "common.sign_in"}, err)
	}
	next := safeNext(r.PostForm.Get("next"))
	if err := s.startSession(w, r, u, stage); err != nil {
		return err
	}
	switch stage {
	case onward.SessionNeedsCode:
		s.setCookie(w, "next", next, onward.PendingSignInLimit)
		return s.redirect(w, r, "/signin/code", "")
	case onward.SessionNeedsEnrol:
		return s.redirect(w, r, "/account/two-factor", "common.your_account_can_see_other_peoples")
	}
	return s.redirect(w, r, next, "")
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "signin_code", pageData{Title: "common.enter_your_sign_in_code"})
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.app.SignInCode(r.Context(), state(r).session.UserID, r.PostForm.Get("code"), s.clientIP(r))
	if err != nil {
		return s.renderForm(w, r, "signin_code", pageData{Title: "common.enter_your_sign_in_code"}, err)
	}
	// A new session token once fully signed in.
	if err := s.startSession(w, r, u, onward.SessionActive); err != nil {
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

// quickExit signs the browser out and leaves for the neutral page at once.
// It is a plain link, so it works without JavaScript; the page script
// replaces the page in the history with it, so Back does not return. The
// browser is asked to drop its cached copies of this site's pages, and no
// Referer goes to the neutral page (Referrer-Policy: no-referrer).
func (s *Server) quickExit(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	s.setCookie(w, "next", "", -1)
	s.setCookie(w, "flash", "", -1)
	w.Header().Set("Clear-Site-Data", `"cache"`)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.cfg.QuickExitURL, http.StatusSeeOther)
}

// apiCreateToken exchanges credentials (and a two-step code when the
// account has one) for a bearer token.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		TOTP     string `json:"totp"`
		Name     string `json:"name"`
		Days     *int   `json:"expires_in_days"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.app.SignInWithCode(ctx, in.Email, in.Password, in.TOTP, s.clientIP(r))
	if err != nil {
		return err
	}
	if in.Name == "" {
		in.Name = "API"
	}
	t, err := s.app.CreateToken(ctx, u, app.TokenRequest{Name: in.Name, Days: in.Days})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, struct {
		Token string `json:"token"`
		tokenJSON
	}{t.Secret, toTokenJSON(u, t.APIToken)})
	return nil
}
