package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
)

// The account page: name, email address (changed through a link sent to
// the new one), time zone, password, two-step sign-in, API tokens; the
// language switch; and the API's account, GET /api/v1/me.

// accountView is what the account page shows.
type accountView struct {
	Tokens        []onward.APIToken
	NewToken      string // shown once, right after creation
	Lifetimes     onward.TokenLifetimes
	RecoveryCodes int // unused recovery codes, with two-step sign-in on
	TimeZones     []string
}

func (s *Server) accountData(r *http.Request, newToken string) (pageData, error) {
	u := state(r).user
	tokens, err := s.app.Tokens(r.Context(), u)
	if err != nil {
		return pageData{}, err
	}
	view := accountView{Tokens: tokens, NewToken: newToken, Lifetimes: u.Role.TokenLifetimes(), TimeZones: timeZones}
	if u.TwoFactorEnabled() {
		if view.RecoveryCodes, err = s.app.RecoveryCodesLeft(r.Context(), u); err != nil {
			return pageData{}, err
		}
	}
	return pageData{Title: "common.your_account", Data: view}, nil
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

func (s *Server) changeProfile(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.ChangeProfile(r.Context(), state(r).user, r.PostForm.Get("display_name"), r.PostForm.Get("timezone")); err != nil {
		return s.accountFormError(w, r, err)
	}
	return s.redirect(w, r, "/account", "accounts.your_details_are_saved")
}

func (s *Server) requestEmailChange(w http.ResponseWriter, r *http.Request) error {
	err := s.app.RequestEmailChange(r.Context(), state(r).user, r.PostForm.Get("email"), r.PostForm.Get("email_password"), s.clientIP(r))
	if err != nil {
		return s.accountFormError(w, r, err)
	}
	return s.redirect(w, r, "/account", "accounts.we_have_sent_a_link_to_the")
}

// emailConfirmForm shows an address-change link's page: a button that
// makes the change (a link opened by a mail scanner must not).
func (s *Server) emailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	data := pageData{Title: "accounts.use_your_new_email_address"}
	email, err := s.app.EmailChangeLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "email_confirm", withFlash(r, data, err))
	}
	data.Data = email
	return s.render(w, r, "email_confirm", data)
}

func (s *Server) emailConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.ConfirmEmailChange(r.Context(), r.PathValue("token")); err != nil {
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "email_confirm",
			withFlash(r, pageData{Title: "accounts.use_your_new_email_address"}, err))
	}
	to := "/signin"
	if state(r).user != nil {
		to = "/account"
	}
	return s.redirect(w, r, to, "accounts.your_email_address_is_changed")
}

// switchLanguage remembers the chosen language (in the account when signed
// in, else in a cookie) and returns to the page the person was on.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostForm.Get("locale")
	if err := s.app.SetLanguage(r.Context(), state(r).user, lang); err != nil {
		return err
	}
	s.setCookie(w, "lang", lang, 365*24*time.Hour)
	return s.redirect(w, r, safeNext(r.PostForm.Get("next")), "")
}

// userJSON is a user as the API shows them.
type userJSON struct {
	ID               string    `json:"id"`
	Email            string    `json:"email"`
	DisplayName      string    `json:"display_name"`
	Role             string    `json:"role"`
	Locale           string    `json:"locale"`
	TimeZone         string    `json:"timezone"`
	TwoFactorEnabled bool      `json:"two_factor_enabled"`
	CreatedAt        time.Time `json:"created_at"`
}

func toUserJSON(u *onward.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: string(u.Role), Locale: u.Locale,
		TimeZone: u.TimeZone, TwoFactorEnabled: u.TwoFactorEnabled(), CreatedAt: u.CreatedAt}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, toUserJSON(state(r).user))
	return nil
}
