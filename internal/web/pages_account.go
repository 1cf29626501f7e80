package web

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strings"

	"github.com/pquerna/otp"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// accountView is what the account page shows.
type accountView struct {
	Tokens   []sqlstore.APIToken
	NewToken string // shown once, right after creation
}

func (s *Server) accountData(r *http.Request, newToken string) (pageData, error) {
	u := state(r).user
	tokens, err := s.store.APITokens(r.Context(), u.ID)
	if err != nil {
		return pageData{}, err
	}
	return pageData{Title: "common.your_account", Data: accountView{Tokens: tokens, NewToken: newToken}}, nil
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	data, err := s.accountData(r, "")
	if err != nil {
		return err
	}
	return s.render(w, r, "account", data)
}

// accountFormError re-renders the account page with a form's errors.
func (s *Server) accountFormError(w http.ResponseWriter, r *http.Request, err error) error {
	data, derr := s.accountData(r, "")
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "account", data, err)
}

// confirmPassword checks the current password before a sensitive change.
func (s *Server) confirmPassword(r *http.Request, field string) error {
	u := state(r).user
	hash, err := s.store.PasswordHash(r.Context(), u.ID)
	if err != nil {
		return err
	}
	ok, err := s.hasher.Check(r.Context(), r.PostForm.Get(field), hash)
	if err != nil {
		return err
	}
	if !ok {
		return onward.Invalid(field, "common.that_is_not_your_current_password")
	}
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.confirmPassword(r, "current_password"); err != nil {
		return s.accountFormError(w, r, err)
	}
	next := r.PostForm.Get("new_password")
	errs := onward.FieldErrors{}
	onward.ValidatePassword(errs, "new_password", next, u.Email)
	if next != r.PostForm.Get("confirm_password") {
		errs.Add("confirm_password", "common.the_two_passwords_are_not_the_same")
	}
	if err := errs.Err(); err != nil {
		return s.accountFormError(w, r, err)
	}
	hash, err := s.hasher.Hash(r.Context(), next)
	if err != nil {
		return err
	}
	keep := auth.HashToken(s.cookie(r, "session"))
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.SetPassword(r.Context(), u.ID, hash, keep) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.your_password_is_changed_other_devices")
}

// twoFactorView is the set-up page: a new secret as a QR code and as text.
type twoFactorView struct {
	Enabled  bool
	Required bool
	Secret   string
	QR       template.URL
}

// twoFactorUser is the account on the set-up page: signed in, or part-way
// through signing in when the role requires two-factor.
func (s *Server) twoFactorUser(r *http.Request) (*onward.User, error) {
	st := state(r)
	if st.user != nil {
		return st.user, nil
	}
	return s.store.UserByID(r.Context(), st.session.UserID)
}

func (s *Server) twoFactorForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.twoFactorUser(r)
	if err != nil {
		return err
	}
	view := twoFactorView{Enabled: u.TwoFactorEnabled(), Required: u.Role.RequiresTwoFactor()}
	if !view.Enabled {
		key, err := auth.NewTOTPKey("Onward", u.Email)
		if err != nil {
			return err
		}
		if view, err = enrolmentView(u, key); err != nil {
			return err
		}
	}
	return s.render(w, r, "two_factor", pageData{Title: "common.two_step_sign_in", Data: view})
}

// enrolmentView shows a key as a QR code and as text, so the person can
// scan it, or type it when scanning fails.
func enrolmentView(u *onward.User, key *otp.Key) (twoFactorView, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return twoFactorView{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return twoFactorView{}, err
	}
	return twoFactorView{Required: u.Role.RequiresTwoFactor(), Secret: key.Secret(),
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))}, nil
}

// enableTwoFactor turns on TOTP once the person proves their app has the
// secret by entering a current code.
func (s *Server) enableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.twoFactorUser(r)
	if err != nil {
		return err
	}
	if u.TwoFactorEnabled() {
		return s.redirect(w, r, "/account", "common.two_step_sign_in_is_already_on_2")
	}
	secret := strings.TrimSpace(r.PostForm.Get("secret"))
	code := strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("code")), " ", "")
	step, ok := auth.TOTPStep(code, secret, s.now())
	if !strongSecret(secret) || !ok {
		// The same key again (the person may have scanned it already), or
		// a new one when the one sent back was not a key Onward makes.
		key, err := auth.TOTPKeyFromSecret("Onward", u.Email, secret)
		if !strongSecret(secret) || err != nil {
			key, err = auth.NewTOTPKey("Onward", u.Email)
		}
		if err != nil {
			return err
		}
		view, err := enrolmentView(u, key)
		if err != nil {
			return err
		}
		return s.renderForm(w, r, "two_factor", pageData{Title: "common.two_step_sign_in", Data: view},
			onward.Invalid("code", "common.that_code_is_not_right_scan_the"))
	}
	err = s.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetTOTP(ctx, u.ID, secret); err != nil {
			return err
		}
		_, err := tx.UseTOTPStep(ctx, u.ID, step)
		return err
	})
	if err != nil {
		return err
	}
	if st := state(r); st.user == nil {
		// Finishing a required enrolment completes the sign-in.
		u.TOTPSecret = secret
		if err := s.startSession(w, r, u, sqlstore.SessionActive); err != nil {
			return err
		}
	}
	return s.redirect(w, r, "/account", "common.two_step_sign_in_is_on_you")
}

// strongSecret refuses a secret that was tampered with into something
// guessable: at least 128 bits of base32, as NewTOTPKey makes.
func strongSecret(secret string) bool {
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(secret, "="))
	return err == nil && len(b) >= 16
}

func (s *Server) disableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if u.Role.RequiresTwoFactor() {
		return onward.NewError(onward.EFORBIDDEN, "common.your_account_can_see_other_peoples_2")
	}
	if err := s.confirmPassword(r, "password"); err != nil {
		return s.accountFormError(w, r, err)
	}
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.SetTOTP(r.Context(), u.ID, "") }); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.two_step_sign_in_is_off")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if name == "" || len(name) > 60 {
		return s.accountFormError(w, r, onward.Invalid("name", "common.give_the_token_a_name_of_up"))
	}
	token := auth.NewToken("onw_")
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error {
		_, err := tx.CreateAPIToken(r.Context(), u.ID, name, auth.HashToken(token))
		return err
	}); err != nil {
		return err
	}
	// Shown on this response only (not after a redirect): it is never stored.
	data, err := s.accountData(r, token)
	if err != nil {
		return err
	}
	data.Flash = translate(state(r).locale, "common.your_new_token_is_below_copy_it")
	return s.render(w, r, "account", data)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.RevokeAPIToken(r.Context(), u.ID, r.PathValue("id")) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "common.the_token_is_revoked")
}

func (s *Server) accessLogPage(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.accessLog(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "access_log", pageData{Title: "common.who_has_seen_your_data", Data: entries})
}

func (s *Server) deleteAccountForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "account_delete", pageData{Title: "common.delete_your_account"})
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	data := pageData{Title: "common.delete_your_account"}
	if err := s.confirmPassword(r, "password"); err != nil {
		return s.renderForm(w, r, "account_delete", data, err)
	}
	if r.PostForm.Get("confirm") != "DELETE" {
		return s.renderForm(w, r, "account_delete", data, onward.Invalid("confirm", "common.type_delete_in_capital_letters_to"))
	}
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.DeleteUser(r.Context(), u.ID) }); err != nil {
		return err
	}
	s.endSession(w, r)
	return s.redirect(w, r, "/", "common.your_account_and_your_data_are_deleted")
}
