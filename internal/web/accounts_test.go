package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
)

func signupForm(email, password string) url.Values {
	return url.Values{"display_name": {"Ana"}, "email": {email}, "password": {password},
		"timezone": {"America/Chicago"}, "agree": {"yes"}}
}

func TestSignupSigninSignout(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	res := c.post("/signup", signupForm("Ana@Example.com ", testPassword))
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, c.get(res.header.Get("Location")), "Check your email")
	// No account until the address is confirmed by the emailed link.
	if _, err := e.store.UserByEmail(context.Background(), "ana@example.com"); onward.ErrorCode(err) != onward.ENOTFOUND {
		t.Fatalf("an account exists before its address is confirmed: %v", err)
	}
	link := e.linkTo("ana@example.com")
	wantBody(t, c.get(link), "Create my account")
	confirmed := c.post(link, nil)
	wantStatus(t, confirmed, http.StatusSeeOther)
	home := c.get(confirmed.header.Get("Location"))
	wantBody(t, home, "Hello, Ana", "Welcome to Onward")
	wantBody(t, c.post(link, nil), "This link has expired or was already used.")

	u, err := e.store.UserByEmail(context.Background(), "ana@example.com")
	if err != nil || u.Role != onward.RoleMember || u.TimeZone != "America/Chicago" {
		t.Fatalf("signed-up user = %+v, %v; want a member in America/Chicago with a normalised email", u, err)
	}

	wantStatus(t, c.post("/signout", nil), http.StatusSeeOther)
	wantBody(t, c.get("/"), "Recovery from opioids is possible")
	wantStatus(t, c.get("/account"), http.StatusSeeOther)

	c.signIn(u)
	wantBody(t, c.get("/account"), "ana@example.com")
}

func TestSignupRejectsBadInput(t *testing.T) {
	e := newEnv(t)
	e.addUser("taken@example.com", onward.RoleMember)
	tests := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrEmailMissing", signupForm("", testPassword), "email", "Enter your email address."},
		{"ErrEmailInvalid", signupForm("ana@", testPassword), "email", "Enter an email address like name@example.com."},
		{"ErrEmailNoDomainDot", signupForm("ana@localhost", testPassword), "email", "Enter an email address like name@example.com."},
		{"ErrPasswordShort", signupForm("a@example.com", "short"), "password", "Use at least 10 characters."},
		{"ErrPasswordCommon", signupForm("a@example.com", "password123"), "password", "too easy to guess"},
		{"ErrPasswordRepeated", signupForm("a@example.com", "aaaaaaaaaaaa"), "password", "too easy to guess"},
		{"ErrPasswordIsEmail", signupForm("abcdefghij@example.com", "abcdefghij@example.com"), "password", "must not be your email"},
		{"ErrNoName", func() url.Values {
			f := signupForm("b@example.com", testPassword)
			f.Set("display_name", "  ")
			return f
		}(), "display_name", "Enter a name"},
		{"ErrBadTimeZone", func() url.Values {
			f := signupForm("b@example.com", testPassword)
			f.Set("timezone", "Mars/Olympus")
			return f
		}(), "timezone", "Choose a time zone"},
		{"ErrNotAgreed", func() url.Values { f := signupForm("b@example.com", testPassword); f.Del("agree"); return f }(), "agree", "Please confirm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := e.store.CountUsers(context.Background())
			res := e.newClient().post("/signup", tt.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tt.field+`-error"`, tt.msg)
			if after, _ := e.store.CountUsers(context.Background()); after != before {
				t.Fatalf("a rejected sign-up created an account (%d -> %d)", before, after)
			}
		})
	}
}

func TestCrossSiteRequestsRefused(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	tests := []struct {
		name   string
		token  string
		header map[string]string
	}{
		{"ErrMissingToken", "", nil},
		{"ErrForgedToken", "forged-token-forged-token-forged", nil},
		{"ErrCrossSiteFetch", "", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"ErrForeignOrigin", "", map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"current_password": {testPassword}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}}
			token := tt.token
			if tt.header != nil {
				token = c.csrf() // a valid token does not help a cross-origin request
			}
			form.Set("csrf", token)
			req, _ := http.NewRequest("POST", e.srv.URL+"/account/password", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			res := c.do(req)
			wantStatus(t, res, http.StatusForbidden)
			hash, _ := e.store.PasswordHash(context.Background(), u.ID)
			if ok, _ := auth.CheckPassword(testPassword, hash); !ok {
				t.Fatal("a forged request changed the password")
			}
		})
	}
}

func TestSignInRateLimit(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	for i := 0; i < app.MaxGuessesPerAccount; i++ {
		res := c.post("/signin", url.Values{"email": {u.Email}, "password": {"wrong password here"}})
		wantStatus(t, res, http.StatusUnauthorized)
		wantBody(t, res, "do not match an account")
	}
	res := c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	wantStatus(t, res, http.StatusTooManyRequests)
	wantBody(t, res, "Too many sign-in attempts")

	e.clock.advance(app.SignInWindow + time.Second)
	wantStatus(t, c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}}), http.StatusSeeOther)
}

func TestUnknownEmailSignInSaysTheSame(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().post("/signin", url.Values{"email": {"nobody@example.com"}, "password": {"whatever password"}})
	wantStatus(t, res, http.StatusUnauthorized)
	wantBody(t, res, "That email and password do not match an account.")
}

var (
	secretRe = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)
	keyRe    = regexp.MustCompile(`name="key" value="([^"]+)"`)
)

func TestClinicianMustEnrolTwoFactor(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("lee@example.com", onward.RoleClinician)
	c := e.newClient()
	res := c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	if loc := res.header.Get("Location"); loc != "/account/two-factor" {
		t.Fatalf("clinician without two-factor was sent to %q, want /account/two-factor", loc)
	}
	// Not signed in yet: other pages send them back to set it up.
	if loc := c.get("/account").header.Get("Location"); loc != "/account/two-factor" {
		t.Fatalf("/account redirected to %q during enrolment", loc)
	}
	page := c.get("/account/two-factor")
	wantStatus(t, page, http.StatusOK)
	m, key := secretRe.FindStringSubmatch(page.body), keyRe.FindStringSubmatch(page.body)
	if m == nil || key == nil {
		t.Fatal("set-up page shows no secret")
	}
	bad := c.post("/account/two-factor", url.Values{"key": {html.UnescapeString(key[1])}, "code": {"000000"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, "That code is not right", m[1])

	code, _ := auth.TOTPCode(m[1], e.clock.now())
	on := c.post("/account/two-factor", url.Values{"key": {html.UnescapeString(key[1])}, "code": {code}})
	wantStatus(t, on, http.StatusOK)
	wantBody(t, on, "Your recovery codes", "Two-step sign-in is on")
	wantBody(t, c.get("/account"), "lee@example.com", "On: signing in asks for a code")

	// Next sign-in asks for a code; the code just used cannot be replayed.
	c2 := e.newClient()
	res = c2.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	if loc := res.header.Get("Location"); loc != "/signin/code" {
		t.Fatalf("second sign-in went to %q, want /signin/code", loc)
	}
	wantStatus(t, c2.get("/account"), http.StatusSeeOther)
	wantStatus(t, c2.post("/signin/code", url.Values{"code": {code}}), http.StatusUnauthorized)
	e.clock.advance(30 * time.Second)
	fresh, _ := auth.TOTPCode(m[1], e.clock.now())
	wantStatus(t, c2.post("/signin/code", url.Values{"code": {fresh}}), http.StatusSeeOther)
	wantStatus(t, c2.get("/account"), http.StatusOK)
}

// The key being set up comes back from the browser sealed: a key changed
// there into something guessable, or given in place of it, is refused.
func TestTamperedTOTPSecretRefused(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	weak := "AAAAAAAA"
	code, _ := auth.TOTPCode(weak, e.clock.now())
	sealed := html.UnescapeString(keyRe.FindStringSubmatch(c.get("/account/two-factor").body)[1])
	for _, form := range []url.Values{
		{"secret": {weak}, "code": {code}},
		{"key": {weak}, "code": {code}},
		{"key": {sealed[:len(sealed)-2] + "AA"}, "code": {code}},
	} {
		wantStatus(t, c.post("/account/two-factor", form), http.StatusBadRequest)
	}
	if got, _ := e.store.UserByID(context.Background(), u.ID); got.TwoFactorEnabled() {
		t.Fatal("a tampered key turned two-step sign-in on")
	}
}

func TestPendingSignInExpires(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	e.enableTOTP(u)
	c := e.newClient()
	c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	e.clock.advance(onward.PendingSignInLimit + time.Second)
	code, _ := auth.TOTPCode(u.TOTPSecret, e.clock.now())
	res := c.post("/signin/code", url.Values{"code": {code}})
	if loc := res.header.Get("Location"); loc != "/signin" {
		t.Fatalf("expired half-finished sign-in went to %q, want /signin", loc)
	}
}

var confirmationRe = regexp.MustCompile(`name="confirmation" value="([^"]+)"`)

// deleteAccount deletes the signed-in account through both steps.
func (c *client) deleteAccount() {
	c.env.t.Helper()
	step := c.post("/account/delete", url.Values{"password": {testPassword}})
	m := confirmationRe.FindStringSubmatch(step.body)
	if step.status != http.StatusOK || m == nil {
		c.env.t.Fatalf("delete the account: status %d\n%s", step.status, truncate(step.body))
	}
	if res := c.post("/account/delete/confirm", url.Values{"confirmation": {html.UnescapeString(m[1])}}); res.status != http.StatusSeeOther {
		c.env.t.Fatalf("confirm the deletion: status %d\n%s", res.status, truncate(res.body))
	}
}

var resetLinkRe = regexp.MustCompile(`http://onward\.test(/password/reset/[a-z2-7]+)`)

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	old := e.newClient()
	old.signIn(u)

	c := e.newClient()
	wantStatus(t, c.post("/password/forgot", url.Values{"email": {"ANA@example.com"}}), http.StatusSeeOther)
	mail := e.lastTo(u.Email)
	if mail.To != u.Email || strings.Contains(strings.ToLower(mail.Subject), "recovery") {
		t.Fatalf("reset email to %q with subject %q: want the account's address and a discreet subject", mail.To, mail.Subject)
	}
	m := resetLinkRe.FindStringSubmatch(mail.Body)
	if m == nil {
		t.Fatalf("no reset link in the email:\n%s", mail.Body)
	}
	link := m[1]
	wantStatus(t, c.get(link), http.StatusOK)

	mismatch := c.post(link, url.Values{"password": {"a brand new passphrase"}, "confirm": {"something else entirely"}})
	wantStatus(t, mismatch, http.StatusBadRequest)
	wantBody(t, mismatch, "not the same")
	weak := c.post(link, url.Values{"password": {"short"}, "confirm": {"short"}})
	wantStatus(t, weak, http.StatusBadRequest)

	wantStatus(t, c.post(link, url.Values{"password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}}), http.StatusSeeOther)
	hash, _ := e.store.PasswordHash(context.Background(), u.ID)
	if ok, _ := auth.CheckPassword("a brand new passphrase", hash); !ok {
		t.Fatal("the reset did not set the new password")
	}
	// The old session is over and the link is spent.
	wantStatus(t, old.get("/account"), http.StatusSeeOther)
	reused := c.post(link, url.Values{"password": {"yet another passphrase"}, "confirm": {"yet another passphrase"}})
	wantStatus(t, reused, http.StatusBadRequest)
	wantBody(t, reused, "expired or was already used")
	wantBody(t, c.get(link), "expired or was already used")
}

func TestPasswordResetLinkExpires(t *testing.T) {
	e := newEnv(t)
	e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.post("/password/forgot", url.Values{"email": {"ana@example.com"}})
	link := resetLinkRe.FindStringSubmatch(e.lastTo("ana@example.com").Body)[1]
	e.clock.advance(time.Hour + time.Minute)
	res := c.post(link, url.Values{"password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "expired or was already used")
}

func TestPasswordResetForUnknownEmailRevealsNothing(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	res := c.post("/password/forgot", url.Values{"email": {"nobody@example.com"}})
	wantStatus(t, res, http.StatusSeeOther)
	if sent := e.sentTo("nobody@example.com"); len(sent) != 0 {
		t.Fatal("an email was sent for an address with no account")
	}
	wantStatus(t, c.post("/password/forgot", url.Values{"email": {"not an email"}}), http.StatusBadRequest)
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	phone, laptop := e.newClient(), e.newClient()
	phone.signIn(u)
	laptop.signIn(u)
	wrong := laptop.post("/account/password", url.Values{"current_password": {"not my password"}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}})
	wantStatus(t, wrong, http.StatusBadRequest)
	wantBody(t, wrong, "That is not your current password.")
	res := laptop.post("/account/password", url.Values{"current_password": {testPassword}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, laptop.get("/account"), http.StatusOK)
	wantStatus(t, phone.get("/account"), http.StatusSeeOther)
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	clinician := e.addUser("lee@example.com", onward.RoleClinician)
	e.enableTOTP(clinician)
	m, c := e.newClient(), e.newClient()
	m.signIn(member)
	c.signIn(clinician)
	e.clock.advance(31 * time.Minute)
	wantStatus(t, m.get("/account"), http.StatusOK)
	wantStatus(t, c.get("/account"), http.StatusSeeOther) // idle limit for people who see others' data
	for i := 0; i < 31; i++ {
		e.clock.advance(24 * time.Hour) // active every day, but past the absolute limit
		m.get("/")
	}
	wantStatus(t, m.get("/account"), http.StatusSeeOther)
}

func TestDeleteAccount(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	token := createAPIToken(t, e, u)
	wantStatus(t, c.post("/account/delete", url.Values{"password": {"wrong"}}), http.StatusBadRequest)
	// The password leads to a page of its own, which asks once more; only
	// its button deletes.
	step := c.post("/account/delete", url.Values{"password": {testPassword}})
	wantStatus(t, step, http.StatusOK)
	wantBody(t, step, "Delete your account for good?", `action="/account/delete/confirm"`)
	if _, err := e.store.UserByEmail(context.Background(), u.Email); err != nil {
		t.Fatalf("the account went before the confirmation: %v", err)
	}
	confirmation := confirmationRe.FindStringSubmatch(step.body)[1]
	wantStatus(t, c.post("/account/delete/confirm", url.Values{"confirmation": {"forged"}}), http.StatusBadRequest)
	wantStatus(t, c.post("/account/delete/confirm", url.Values{"confirmation": {html.UnescapeString(confirmation)}}), http.StatusSeeOther)
	if _, err := e.store.UserByEmail(context.Background(), u.Email); onward.ErrorCode(err) != onward.ENOTFOUND {
		t.Fatalf("account still there after deletion: %v", err)
	}
	wantStatus(t, c.get("/account"), http.StatusSeeOther)
	wantStatus(t, c.api("GET", "/api/v1/me", token, ""), http.StatusUnauthorized)
}

func TestAPITokensFromAccountPage(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	wantStatus(t, c.post("/account/tokens", url.Values{"name": {""}}), http.StatusBadRequest)
	res := c.post("/account/tokens", url.Values{"name": {"my phone"}})
	wantStatus(t, res, http.StatusOK)
	token := regexp.MustCompile(`onw_[a-z2-7]{32}`).FindString(res.body)
	if token == "" {
		t.Fatal("the new token is not shown")
	}
	wantStatus(t, c.api("GET", "/api/v1/me", token, ""), http.StatusOK)
	if strings.Contains(c.get("/account").body, token) {
		t.Fatal("the token is shown again after the first response")
	}
	list, _ := e.server.app.Tokens(context.Background(), u)
	wantStatus(t, c.post("/account/tokens/"+list[0].ID+"/revoke", nil), http.StatusSeeOther)
	wantStatus(t, c.api("GET", "/api/v1/me", token, ""), http.StatusUnauthorized)
}

func TestLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	req, _ := http.NewRequest("GET", e.srv.URL+"/crisis", nil)
	req.Header.Set("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")
	res := c.do(req)
	wantBody(t, res, `<html lang="es">`, "Obtenga ayuda ahora")

	// The switch wins over the browser and survives, and returns to the page.
	sw := c.post("/language", url.Values{"locale": {"en"}, "next": {"/crisis"}})
	if loc := sw.header.Get("Location"); loc != "/crisis" {
		t.Fatalf("language switch went to %q, want /crisis", loc)
	}
	res = c.do(req)
	wantBody(t, res, `<html lang="en">`, "Get help now")
	wantStatus(t, c.post("/language", url.Values{"locale": {"fr"}}), http.StatusBadRequest)
	if loc := c.post("/language", url.Values{"locale": {"es"}, "next": {"//evil.example"}}).header.Get("Location"); loc != "/" {
		t.Fatalf("language switch followed an off-site next to %q", loc)
	}

	// Signed in, the account's language is used and the switch updates it.
	u := e.addUser("ana@example.com", onward.RoleMember)
	m := e.newClient()
	m.signIn(u)
	m.post("/language", url.Values{"locale": {"es"}, "next": {"/"}})
	got, _ := e.store.UserByID(context.Background(), u.ID)
	if got.Locale != "es" {
		t.Fatalf("account locale = %q after switching, want es", got.Locale)
	}
	wantBody(t, m.get("/account"), `<html lang="es">`)
}

func TestOversizedFormRefused(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	big := url.Values{"email": {strings.Repeat("a", maxBodyBytes+10)}, "csrf": {c.csrf()}}
	req, _ := http.NewRequest("POST", e.srv.URL+"/signin", strings.NewReader(big.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, c.do(req), http.StatusRequestEntityTooLarge)
}

func TestSignupShowsEveryErrorAtOnce(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().post("/signup", url.Values{"display_name": {""}, "email": {"ana@"}, "password": {"short"}, "timezone": {"UTC"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="agree-error"`, `id="email-error"`, `id="password-error"`, `id="display_name-error"`)
}
