package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// TestRouteAccess exercises every route as each kind of person and checks
// that only the allowed ones get through. "other member" is a member
// looking at pages that, for their owner, show the owner's own data: they
// must see their own, never the owner's.
func TestRouteAccess(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@example.com", onward.RoleMember)
	other := e.addUser("other@example.com", onward.RoleMember)
	supporter := e.addUser("supporter@example.com", onward.RoleSupporter)
	clinician := e.addUser("clinician@example.com", onward.RoleClinician)
	e.enableTOTP(clinician)
	operator := e.addUser("operator@example.com", onward.RoleOperator)
	e.enableTOTP(operator)

	type who struct {
		name string
		user *onward.User
	}
	people := []who{{"visitor", nil}, {"member", owner}, {"other member", other}, {"supporter", supporter}, {"clinician", clinician}, {"operator", operator}}
	clients := map[string]*client{}
	for _, p := range people {
		c := e.newClient()
		if p.user != nil {
			c.signIn(p.user)
		}
		clients[p.name] = c
	}

	const (
		open     = "open"      // everyone gets 200
		signedIn = "signed in" // visitors are sent to sign in
		opOnly   = "operator"
		api      = "api" // visitors get 401 JSON
	)
	routes := []struct {
		path   string
		access string
	}{
		{"/", open}, {"/crisis", open}, {"/signup", open}, {"/signin", open}, {"/password/forgot", open},
		{"/healthz", open}, {"/readyz", open}, {"/api/v1/openapi.json", open}, {"/robots.txt", open},
		{"/account", signedIn}, {"/account/access", signedIn}, {"/account/delete", signedIn}, {"/account/two-factor", signedIn},
		{"/admin/audit", opOnly},
		{"/api/v1/me", api}, {"/api/v1/access-log", api},
	}
	for _, rt := range routes {
		for _, p := range people {
			t.Run(rt.path+"/"+p.name, func(t *testing.T) {
				res := clients[p.name].get(rt.path)
				want := http.StatusOK
				switch {
				case rt.access == signedIn && p.user == nil:
					want = http.StatusSeeOther
				case rt.access == api && p.user == nil:
					want = http.StatusUnauthorized
				case rt.access == opOnly && p.user == nil:
					want = http.StatusSeeOther
				case rt.access == opOnly && p.user.Role != onward.RoleOperator:
					want = http.StatusForbidden
				case (rt.path == "/signup" || rt.path == "/signin") && p.user != nil:
					want = http.StatusSeeOther // already signed in: go home
				}
				if res.status != want {
					t.Fatalf("%s GET %s: status %d, want %d", p.name, rt.path, res.status, want)
				}
				if p.user != nil && p.user != owner && strings.Contains(res.body, owner.Email) {
					t.Fatalf("%s sees the member's email on %s", p.name, rt.path)
				}
			})
		}
	}
}

// TestStateChangingRoutesNeedSignIn posts to every signed-in form as a
// visitor (with a valid anti-forgery token) and expects to be sent to sign in.
func TestStateChangingRoutesNeedSignIn(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/account/password", "/account/two-factor", "/account/two-factor/disable",
		"/account/tokens", "/account/tokens/x/revoke", "/account/delete", "/signin/code"} {
		res := c.post(path, nil)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
			t.Errorf("visitor POST %s: status %d to %q, want a redirect to sign in", path, res.status, res.header.Get("Location"))
		}
	}
}

func TestOtherPeoplesTokensCannotBeRevoked(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@example.com", onward.RoleMember)
	other := e.addUser("other@example.com", onward.RoleMember)
	token := createAPIToken(t, e, owner)
	list, _ := e.server.app.Tokens(t.Context(), owner)
	c := e.newClient()
	c.signIn(other)
	wantStatus(t, c.post("/account/tokens/"+list[0].ID+"/revoke", nil), http.StatusNotFound)
	wantStatus(t, c.api("GET", "/api/v1/me", token, ""), http.StatusOK)
}

func TestTwoFactorCannotBeTurnedOffWhenRequired(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("lee@example.com", onward.RoleClinician)
	e.enableTOTP(u)
	c := e.newClient()
	c.signIn(u)
	wantStatus(t, c.post("/account/two-factor/disable", nil), http.StatusForbidden)
}
