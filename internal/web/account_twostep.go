package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// Two-step sign-in: setting it up (a key as a QR code and as text, proved
// by a code), the recovery codes shown once, new recovery codes, and
// turning it off.

// twoFactorView is the set-up page.
type twoFactorView struct {
	Enabled  bool
	Required bool
	Secret   string // the key as text
	Sealed   string // the key as the form sends it back
	QR       template.URL
}

// recoveryCodesView shows recovery codes, once.
type recoveryCodesView struct{ Codes []string }

// twoFactorUser is the account on the set-up page: signed in, or part-way
// through signing in when the role requires two-step sign-in.
func (s *Server) twoFactorUser(r *http.Request) (*onward.User, error) {
	st := state(r)
	if st.user != nil {
		return st.user, nil
	}
	_, u, err := s.app.Session(r.Context(), s.cookie(r, "session"))
	return u, err
}

func (s *Server) twoFactorForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.twoFactorUser(r)
	if err != nil {
		return err
	}
	view := twoFactorView{Enabled: u.TwoFactorEnabled(), Required: u.Role.RequiresTwoFactor()}
	if !view.Enabled {
		e, err := s.app.NewEnrolment(u)
		if err != nil {
			return err
		}
		if view, err = enrolmentView(u, e); err != nil {
			return err
		}
	}
	return s.render(w, r, "two_factor", pageData{Title: "common.two_step_sign_in", Data: view})
}

// enrolmentView shows a key as a QR code and as text, so the person can
// scan it, or type it when scanning fails.
func enrolmentView(u *onward.User, e *app.Enrolment) (twoFactorView, error) {
	img, err := e.Key.Image(240, 240)
	if err != nil {
		return twoFactorView{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return twoFactorView{}, err
	}
	return twoFactorView{Required: u.Role.RequiresTwoFactor(), Secret: e.Secret, Sealed: e.Sealed,
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))}, nil
}

// enableTwoFactor turns two-step sign-in on once the person proves their
// app has the key, and shows the recovery codes.
func (s *Server) enableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	u, err := s.twoFactorUser(r)
	if err != nil {
		return err
	}
	codes, again, err := s.app.EnableTwoStep(r.Context(), u, r.PostForm.Get("key"), r.PostForm.Get("code"))
	if again != nil {
		view, verr := enrolmentView(u, again)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, "two_factor", pageData{Title: "common.two_step_sign_in", Data: view}, err)
	}
	if onward.ErrorCode(err) == onward.ECONFLICT {
		return s.redirect(w, r, "/account", "common.two_step_sign_in_is_already_on_2")
	}
	if err != nil {
		return err
	}
	// Every session ended with the change: this browser signs in afresh
	// (which also completes a sign-in that waited for the set-up).
	if err := s.startSession(w, r, u, onward.SessionActive); err != nil {
		return err
	}
	state(r).user = u
	return s.render(w, r, "recovery_codes", pageData{Title: "accounts.your_recovery_codes",
		Flash: translate(state(r).locale, "common.two_step_sign_in_is_on_you"), Data: recoveryCodesView{Codes: codes}})
}

func (s *Server) disableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.app.DisableTwoStep(r.Context(), u, r.PostForm.Get("password"), s.clientIP(r)); err != nil {
		if onward.ErrorCode(err) == onward.EFORBIDDEN {
			return err
		}
		return s.accountFormError(w, r, err)
	}
	if err := s.startSession(w, r, u, onward.SessionActive); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.two_step_sign_in_is_off")
}

// newRecoveryCodes replaces the recovery codes and shows the new ones once.
func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	codes, err := s.app.NewRecoveryCodes(r.Context(), state(r).user, r.PostForm.Get("codes_password"), s.clientIP(r))
	if err != nil {
		return s.accountFormError(w, r, err)
	}
	return s.render(w, r, "recovery_codes", pageData{Title: "accounts.your_recovery_codes", Data: recoveryCodesView{Codes: codes}})
}
