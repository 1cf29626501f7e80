package web

import (
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
)

// Signing up: the form, then a link by email that makes the account. The
// answer to the form is the same whether or not the address has an
// account (internal/app.SignUp).

// signupView is the sign-up form; Invitation is set when the person came
// from a support invitation (next leads back to it), which they accept
// once the account is made.
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
		Form: url.Values{"next": {safeNext(r.URL.Query().Get("next"))}}})
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.invitationIn(r, r.PostForm.Get("next"))
	if err != nil {
		return err
	}
	data := pageData{Title: "common.create_your_account", Data: signupView{timeZones, inv}}
	in := app.SignUpInput{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"),
		DisplayName: r.PostForm.Get("display_name"), TimeZone: r.PostForm.Get("timezone"), Locale: state(r).locale,
		Next: safeNext(r.PostForm.Get("next")), InRecovery: r.PostForm.Get("in_recovery") == "yes"}
	// Every problem at once, the agreement included, so one correction is enough.
	f := newFormReader(r.PostForm)
	if r.PostForm.Get("agree") != "yes" {
		f.errs.Add("agree", "common.please_confirm_you_have_read_how_onward")
	}
	in.Normalize()
	if err := f.merge(in.Validate()); err != nil {
		return s.renderForm(w, r, "signup", data, err)
	}
	if err := s.app.SignUp(r.Context(), in); err != nil {
		return s.renderForm(w, r, "signup", data, err)
	}
	return s.redirect(w, r, "/signup/sent", "")
}

// signupSent says what happens next, the same for every address.
func (s *Server) signupSent(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "signup_sent", pageData{Title: "accounts.check_your_email"})
}

// signupConfirmForm shows the link's page: a button that makes the
// account (a link opened by a mail scanner must not make it).
func (s *Server) signupConfirmForm(w http.ResponseWriter, r *http.Request) error {
	data := pageData{Title: "accounts.finish_creating_your_account", Data: true}
	if err := s.app.SignUpLink(r.Context(), r.PathValue("token")); err != nil {
		data.Data = false
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "signup_confirm", withFlash(r, data, err))
	}
	return s.render(w, r, "signup_confirm", data)
}

func (s *Server) signupConfirm(w http.ResponseWriter, r *http.Request) error {
	u, next, err := s.app.ConfirmSignUp(r.Context(), r.PathValue("token"))
	if err != nil {
		return s.renderStatus(w, r, statusOf(onward.ErrorCode(err)), "signup_confirm",
			withFlash(r, pageData{Title: "accounts.finish_creating_your_account", Data: false}, err))
	}
	if u.Role.RequiresTwoFactor() {
		// Staff invited by a program, on its staff now: two-step sign-in
		// first, as at every sign-in of theirs.
		if err := s.startSession(w, r, u, onward.SessionNeedsEnrol); err != nil {
			return err
		}
		return s.redirect(w, r, "/account/two-factor", "program.staff_joined_set_up_two_step")
	}
	if err := s.startSession(w, r, u, onward.SessionActive); err != nil {
		return err
	}
	if u.Role == onward.RoleSupporter {
		return s.redirect(w, r, safeNext(next), "support.your_account_is_ready_accept_the_invitation")
	}
	return s.redirect(w, r, safeNext(next), "common.welcome_to_onward_your_account_is_ready")
}

// withFlash puts an application error's message at the top of a page.
func withFlash(r *http.Request, data pageData, err error) pageData {
	data.Flash = translateMsg(state(r).locale, onward.ErrorMessage(err))
	return data
}

func (s *Server) apiSignup(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		DisplayName string `json:"display_name"`
		TimeZone    string `json:"timezone"`
		Locale      string `json:"locale"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Locale != "" && !onward.ValidLocale(in.Locale) {
		return onward.Invalid("locale", "api.locale_field", "Languages", onward.LocaleCodes())
	}
	if in.Locale == "" {
		in.Locale = state(r).locale
	}
	err := s.app.SignUp(r.Context(), app.SignUpInput{Email: in.Email, Password: in.Password,
		DisplayName: in.DisplayName, TimeZone: in.TimeZone, Locale: in.Locale})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"message": translate(in.Locale, "accounts.we_have_sent_a_link_to_that")})
	return nil
}
