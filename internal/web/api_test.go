package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

func createAPIToken(t *testing.T, e *testEnv, u *onward.User) string {
	t.Helper()
	token, err := e.server.app.CreateToken(context.Background(), u, app.TokenRequest{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return token.Secret
}

type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func decodeError(t *testing.T, r response) apiErrorBody {
	t.Helper()
	var b apiErrorBody
	if err := json.Unmarshal([]byte(r.body), &b); err != nil || b.Error.Code == "" {
		t.Fatalf("body is not an API error (%v):\n%s", err, r.body)
	}
	return b
}

func TestAPISignupTokenMe(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	res := c.api("POST", "/api/v1/auth/signup", "", `{"email":"ana@example.com","password":"a long test passphrase","display_name":"Ana","timezone":"Europe/Madrid","locale":"es"}`)
	wantStatus(t, res, http.StatusAccepted)
	wantBody(t, res, "Enviamos un correo a esa dirección.")
	// The account is made by the link in the email, in Spanish.
	if m := e.lastTo("ana@example.com"); !strings.Contains(m.Subject, "Confirme su correo") {
		t.Fatalf("the sign-up email's subject is %q, want it in Spanish", m.Subject)
	}
	wantStatus(t, e.newClient().post(e.linkTo("ana@example.com"), nil), http.StatusSeeOther)
	created, err := e.store.UserByEmail(context.Background(), "ana@example.com")
	if err != nil || created.Role != onward.RoleMember || created.Locale != "es" || created.TimeZone != "Europe/Madrid" {
		t.Fatalf("the sign-up made %+v, %v", created, err)
	}

	res = c.api("POST", "/api/v1/auth/tokens", "", `{"email":"ana@example.com","password":"a long test passphrase"}`)
	wantStatus(t, res, http.StatusCreated)
	var tok struct{ Token string }
	json.Unmarshal([]byte(res.body), &tok)
	if !strings.HasPrefix(tok.Token, "onw_") {
		t.Fatalf("token response %s", res.body)
	}
	me := c.api("GET", "/api/v1/me", tok.Token, "")
	wantStatus(t, me, http.StatusOK)
	wantBody(t, me, `"email": "ana@example.com"`, `"timezone": "Europe/Madrid"`)

	wantStatus(t, c.api("GET", "/api/v1/me", "", ""), http.StatusUnauthorized)
	bad := c.api("GET", "/api/v1/me", "onw_notarealtoken", "")
	wantStatus(t, bad, http.StatusUnauthorized)
	if decodeError(t, bad).Error.Code != onward.EUNAUTHORIZED {
		t.Fatalf("bad token error: %s", bad.body)
	}
}

func TestAPIBadInput(t *testing.T) {
	e := newEnv(t)
	e.addUser("taken@example.com", onward.RoleMember)
	good := `"password":"a long test passphrase","display_name":"Ana","timezone":"UTC"`
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
		field       string
	}{
		{"ErrMalformedJSON", "application/json", `{"email": "a@example.com",`, 400, onward.EINVALID, ""},
		{"ErrNotJSON", "application/json", `email=a@example.com`, 400, onward.EINVALID, ""},
		{"ErrEmpty", "application/json", ``, 400, onward.EINVALID, ""},
		{"ErrWrongType", "application/json", `{"email": 42, ` + good + `}`, 400, onward.EINVALID, "email"},
		{"ErrUnknownField", "application/json", `{"email":"a@example.com","role":"operator",` + good + `}`, 400, onward.EINVALID, "role"},
		{"ErrTrailingData", "application/json", `{"email":"a@example.com",` + good + `} {}`, 400, onward.EINVALID, ""},
		{"ErrWrongContentType", "text/plain", `{"email":"a@example.com",` + good + `}`, 400, onward.EINVALID, ""},
		{"ErrInvalidEmail", "application/json", `{"email":"not-an-email",` + good + `}`, 400, onward.EINVALID, "email"},
		{"ErrWeakPassword", "application/json", `{"email":"a@example.com","password":"123","display_name":"Ana","timezone":"UTC"}`, 400, onward.EINVALID, "password"},
		{"ErrBadLocale", "application/json", `{"email":"a@example.com","locale":"fr",` + good + `}`, 400, onward.EINVALID, "locale"},
		{"ErrBadTimeZone", "application/json", `{"email":"a@example.com","password":"a long test passphrase","display_name":"Ana","timezone":"Nowhere/City"}`, 400, onward.EINVALID, "timezone"},
		{"ErrOversized", "application/json", `{"email":"a@example.com","display_name":"` + strings.Repeat("x", maxBodyBytes) + `"}`, 413, onward.ETOOLARGE, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := e.store.CountUsers(context.Background())
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/auth/signup", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			res := e.newClient().do(req)
			wantStatus(t, res, tt.status)
			body := decodeError(t, res)
			if body.Error.Code != tt.code || body.Error.Message == "" {
				t.Fatalf("error = %+v, want code %s with a message", body.Error, tt.code)
			}
			if tt.field != "" && body.Error.Fields[tt.field] == "" {
				t.Fatalf("error fields %v do not name %q", body.Error.Fields, tt.field)
			}
			if after, _ := e.store.CountUsers(context.Background()); after != before {
				t.Fatal("a rejected request created an account")
			}
		})
	}
}

func TestAPITokenNeedsTOTPWhenEnabled(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("lee@example.com", onward.RoleClinician)
	c := e.newClient()
	creds := `{"email":"lee@example.com","password":"a long test passphrase"}`
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", creds), http.StatusForbidden) // must enrol first
	secret, _ := e.enableTOTP(u)
	res := c.api("POST", "/api/v1/auth/tokens", "", creds)
	wantStatus(t, res, http.StatusUnauthorized)
	if decodeError(t, res).Error.Fields["totp"] == "" {
		t.Fatalf("missing code not named: %s", res.body)
	}
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{"email":"lee@example.com","password":"a long test passphrase","totp":"123456"}`), http.StatusUnauthorized)
	code, _ := auth.TOTPCode(secret, e.clock.now())
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{"email":"lee@example.com","password":"a long test passphrase","totp":"`+code+`"}`), http.StatusCreated)
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{"email":"lee@example.com","password":"wrong password!!"}`), http.StatusUnauthorized)
}

func TestAPIWithSessionCookieNeedsCSRFHeaderForWrites(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	wantStatus(t, c.api("GET", "/api/v1/me", "", ""), http.StatusOK)
	res := c.api("POST", "/api/v1/auth/tokens", "", `{"email":"ana@example.com","password":"a long test passphrase"}`)
	wantStatus(t, res, http.StatusForbidden)
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/auth/tokens", strings.NewReader(`{"email":"ana@example.com","password":"a long test passphrase"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf())
	wantStatus(t, c.do(req), http.StatusCreated)
}

func TestAPIUnknownEndpoint(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().api("GET", "/api/v1/nothing-here", "", "")
	wantStatus(t, res, http.StatusNotFound)
	decodeError(t, res)
}

func TestAccessLogShowsOthersOnly(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: member.ID, GranteeID: supporter.ID, Categories: []onward.Category{onward.CategoryMilestones}})
	}); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(1)
	viewer := onward.Principal{UserID: supporter.ID, Role: onward.RoleSupporter}
	e.store.Access(ctx, onward.AccessRequest{Viewer: viewer, SubjectID: member.ID, Category: onward.CategoryMilestones, Action: onward.ActionRead}, func(*sqlstore.Tx) error { return nil })
	e.store.Access(ctx, onward.AccessRequest{Viewer: viewer, SubjectID: member.ID, Category: onward.CategoryMedication, Action: onward.ActionRead}, func(*sqlstore.Tx) error { return nil })

	c := e.newClient()
	c.signIn(member)
	page := c.get("/account/access")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "sam", "Milestones", "Medication", "Refused", "shared by consent")
	token := createAPIToken(t, e, member)
	res := c.api("GET", "/api/v1/access-log", token, "")
	var body struct{ Entries []accessEntry }
	json.Unmarshal([]byte(res.body), &body)
	if len(body.Entries) != 2 || body.Entries[0].Category != "medication" || body.Entries[0].Allowed || !body.Entries[1].Allowed {
		t.Fatalf("access log = %+v, want medication refused then milestones allowed", body.Entries)
	}

	// The supporter sees nothing of the member's log.
	s := e.newClient()
	s.signIn(supporter)
	if strings.Contains(s.get("/account/access").body, "medication") {
		t.Fatal("the supporter sees entries about the member's data")
	}
}
