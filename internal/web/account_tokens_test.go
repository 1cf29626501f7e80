package web

import (
	"context"
	"encoding/json"
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

var tokenRe = regexp.MustCompile(`onw_[a-z2-7]{32}`)

// A token's lifetime is chosen when it is made, up to the role's limit:
// long for members, short for staff.
func TestTokenLifetimeIsChosenWithinTheRolesLimit(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	clinician := e.addUser("lee@example.com", onward.RoleClinician)
	secret, _ := e.enableTOTP(clinician)
	tests := []struct {
		name   string
		who    *onward.User
		days   string
		status int
	}{
		{"MemberDefault", member, "", http.StatusCreated},
		{"MemberYear", member, "365", http.StatusCreated},
		{"ErrMemberOverAYear", member, "366", http.StatusBadRequest},
		{"ErrZero", member, "0", http.StatusBadRequest},
		{"ErrNegative", member, "-3", http.StatusBadRequest},
		{"StaffWeek", clinician, "7", http.StatusCreated},
		{"ErrStaffOverAWeek", clinician, "8", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"email":"` + tt.who.Email + `","password":"` + testPassword + `"`
			if tt.who == clinician {
				e.clock.advance(30 * time.Second)
				code, _ := auth.TOTPCode(secret, e.clock.now())
				body += `,"totp":"` + code + `"`
			}
			if tt.days != "" {
				body += `,"expires_in_days":` + tt.days
			}
			res := e.newClient().api("POST", "/api/v1/auth/tokens", "", body+"}")
			wantStatus(t, res, tt.status)
			if tt.status != http.StatusCreated {
				if decodeError(t, res).Error.Fields["days"] == "" {
					t.Fatalf("the refusal does not name the lifetime: %s", res.body)
				}
				return
			}
			var got struct {
				Token  string    `json:"token"`
				EndsAt time.Time `json:"ends_at"`
			}
			json.Unmarshal([]byte(res.body), &got)
			want := map[string]time.Duration{"": 90 * 24 * time.Hour, "365": 365 * 24 * time.Hour, "7": 7 * 24 * time.Hour}[tt.days]
			if tt.who == clinician {
				want = onward.StaffIdle // staff: the idle limit comes first
			}
			if !got.EndsAt.Equal(e.clock.now().Add(want)) {
				t.Fatalf("the token ends at %v, want %v from now", got.EndsAt, want)
			}
		})
	}
}

// A token stops at its expiry; a staff token also after 30 minutes
// unused. (A clinician's token unused for 32 days used to work.)
func TestTokensEnd(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	clinician := e.addUser("lee@example.com", onward.RoleClinician)
	e.enableTOTP(clinician)
	ctx := context.Background()
	one := 1
	day, err := e.server.app.CreateToken(ctx, member, app.TokenRequest{Name: "a day", Days: &one})
	if err != nil {
		t.Fatal(err)
	}
	staff, err := e.server.app.CreateToken(ctx, clinician, app.TokenRequest{Name: "clinic"})
	if err != nil {
		t.Fatal(err)
	}
	c := e.newClient()
	for _, step := range []time.Duration{29 * time.Minute, 29 * time.Minute} {
		e.clock.advance(step)
		wantStatus(t, c.api("GET", "/api/v1/me", staff.Secret, ""), http.StatusOK) // used within 30 minutes
	}
	e.clock.advance(31 * time.Minute)
	wantStatus(t, c.api("GET", "/api/v1/me", staff.Secret, ""), http.StatusUnauthorized)
	wantStatus(t, c.api("GET", "/api/v1/me", day.Secret, ""), http.StatusOK)
	e.clock.advance(23 * time.Hour)
	wantStatus(t, c.api("GET", "/api/v1/me", day.Secret, ""), http.StatusUnauthorized)
}

// Changing the password (on the account page or by a reset link) or the
// two-step sign-in ends every session and API token of the account; the
// browser that made the change stays signed in with a new session.
// (Tokens used to survive a password change or reset.)
func TestCredentialChangesEndTokensAndSessions(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *testEnv, u *onward.User, c *client)
		keeps  bool // the browser that made the change is still signed in
	}{
		{"PasswordChange", func(e *testEnv, u *onward.User, c *client) {
			wantStatus(t, c.post("/account/password", url.Values{"current_password": {testPassword},
				"new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"}}), http.StatusSeeOther)
		}, true},
		{"PasswordReset", func(e *testEnv, u *onward.User, c *client) {
			other := e.newClient()
			other.post("/password/forgot", url.Values{"email": {u.Email}})
			link := e.linkTo(u.Email)
			wantStatus(t, other.post(link, url.Values{"password": {"another long passphrase"}, "confirm": {"another long passphrase"}}), http.StatusSeeOther)
		}, false},
		{"TwoStepOn", func(e *testEnv, u *onward.User, c *client) {
			page := c.get("/account/two-factor").body
			secret, key := secretRe.FindStringSubmatch(page)[1], keyRe.FindStringSubmatch(page)[1]
			code, _ := auth.TOTPCode(secret, e.clock.now())
			wantStatus(t, c.post("/account/two-factor", url.Values{"key": {html.UnescapeString(key)}, "code": {code}}), http.StatusOK)
		}, true},
		{"TwoStepOff", func(e *testEnv, u *onward.User, c *client) {
			wantStatus(t, c.post("/account/two-factor/disable", url.Values{"password": {testPassword}}), http.StatusSeeOther)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			u := e.addUser("ana@example.com", onward.RoleMember)
			if tt.name == "TwoStepOff" {
				e.enableTOTP(u)
			}
			token := createAPIToken(t, e, u)
			phone, laptop := e.newClient(), e.newClient()
			phone.signIn(u)
			laptop.signIn(u)
			tt.change(e, u, laptop)
			wantStatus(t, phone.get("/account"), http.StatusSeeOther)
			wantStatus(t, phone.api("GET", "/api/v1/me", token, ""), http.StatusUnauthorized)
			want := http.StatusSeeOther
			if tt.keeps {
				want = http.StatusOK
			}
			wantStatus(t, laptop.get("/account"), want)
		})
	}
}

// The account page and the API list the tokens that still work, with their
// last use and when they stop; a token can be revoked from either.
func TestTokensAreListedWithTheirLastUse(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	res := c.post("/account/tokens", url.Values{"name": {"my phone"}, "days": {"30"}})
	wantStatus(t, res, http.StatusOK)
	token := tokenRe.FindString(res.body)
	wantBody(t, c.get("/account"), "my phone", "Never", "Stops working")
	e.clock.advance(time.Hour)
	var list struct {
		Tokens []tokenJSON `json:"tokens"`
	}
	json.Unmarshal([]byte(c.api("GET", "/api/v1/tokens", token, "").body), &list)
	if len(list.Tokens) != 1 || list.Tokens[0].Name != "my phone" || list.Tokens[0].LastUsedAt == nil ||
		!list.Tokens[0].LastUsedAt.Equal(e.clock.now()) || !list.Tokens[0].EndsAt.Equal(list.Tokens[0].CreatedAt.Add(30*24*time.Hour)) {
		t.Fatalf("tokens = %+v, want my phone, used now, ending 30 days after it was made", list.Tokens)
	}
	if page := c.get("/account").body; regexp.MustCompile(`Never`).MatchString(page) {
		t.Fatal("the account page still says the token was never used")
	}
	wantStatus(t, c.api("DELETE", "/api/v1/tokens/"+list.Tokens[0].ID, token, ""), http.StatusNoContent)
	wantStatus(t, c.api("GET", "/api/v1/tokens", token, ""), http.StatusUnauthorized)
}

// Token names are text: not invalid UTF-8 or control characters, which
// PostgreSQL refuses with an error (a 500) and a page would show garbled.
func TestTokenNamesMustBeText(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	for _, name := range []string{"\xff\xfe phone", "phone\x00", "bell\a", "", "   ", strings.Repeat("a", 61)} {
		res := c.post("/account/tokens", url.Values{"name": {name}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="name-error"`)
	}
	res := e.newClient().api("POST", "/api/v1/auth/tokens", "", `{"email":"ana@example.com","password":"`+testPassword+`","name":"\ud800 lone"}`)
	wantStatus(t, res, http.StatusCreated) // JSON turns a lone surrogate into U+FFFD: valid text
	wantStatus(t, c.post("/account/tokens", url.Values{"name": {"teléfono 📱"}}), http.StatusOK)
}
