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

// TestStaffAndOperatorAPIAccess runs the API twins of a program's own
// pages (its queue, its listing, the members who share with it, those who
// share assessments, its report as CSV, one member's timeline) and the
// operator's audit check as each kind of person: only those the page lets
// in get through, by token as by the page's rules, and nobody else sees
// the member's or the caller's name.
func TestStaffAndOperatorAPIAccess(t *testing.T) {
	f := newCareFixture(t, onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts, onward.CategoryAssessments)
	e := f.e
	wantStatus(t, e.newClient().post("/find/"+f.programID+"/contact", contactForm("name", "Private Person")), http.StatusSeeOther)
	request := e.staffQueue(f.programID)[0].ID
	consent := decodeJSONBody[struct {
		ProgramConsents []struct {
			ID string `json:"id"`
		} `json:"program_consents"`
	}](t, f.mc.api("GET", "/api/v1/program-consents", f.memberTok, "")).ProgramConsents[0].ID
	people := f.everyKindOfPerson()
	tokens := map[string]string{}
	for _, p := range people {
		if p.user != nil {
			tokens[p.name] = createAPIToken(t, e, p.user)
		}
	}
	only := func(allowed ...string) map[string]int {
		m := map[string]int{"visitor": http.StatusUnauthorized}
		for _, p := range people[1:] {
			m[p.name] = http.StatusForbidden
		}
		for _, name := range allowed {
			m[name] = http.StatusOK
		}
		return m
	}
	staff, admin := only("clinician", "program admin"), only("program admin")
	// Lists of one's own programs' members: any staff member may ask, and
	// gets only theirs.
	anyStaff := only("clinician", "program admin", "other program's admin", "clinician elsewhere")
	listing := `{"name": "Example Recovery Center (demo)", "lat": 39.799, "lng": -89.644, "levels": ["outpatient"]}`
	routes := []struct {
		method, path, body string
		accept             string // "" for JSON
		want               map[string]int
		private            string // what only those allowed may see
	}{
		{"GET", f.programs + "/admission-requests", "", "", staff, "Private Person"},
		{"PUT", "/api/v1/admission-requests/" + request + "/status", `{"status": "contacted"}`, "", staff, ""},
		{"GET", f.programs + "/listing", "", "", admin, ""},
		{"PUT", f.programs + "/listing", listing, "", admin, ""},
		{"GET", "/api/v1/program-members", "", "", anyStaff, "Ana Torres"},
		{"GET", "/api/v1/program-members/" + consent, "", "", staff, "Ana Torres"},
		{"GET", "/api/v1/assessment-sharers", "", "", anyStaff, "Ana Torres"},
		{"GET", f.programs + "/reports", "", "text/csv", admin, ""},
		{"GET", f.enrolURL, "", "", staff, `"member_name"`},
		{"GET", "/api/v1/audit/verification", "", "", only("operator"), ""},
	}
	for _, rt := range routes {
		for _, p := range people {
			t.Run(rt.method+" "+rt.path+"/"+p.name, func(t *testing.T) {
				c := e.newClient()
				var res response
				if rt.accept != "" {
					res = c.apiAccept(rt.path, tokens[p.name], rt.accept)
				} else {
					res = c.api(rt.method, rt.path, tokens[p.name], rt.body)
				}
				wantStatus(t, res, rt.want[p.name])
				sees := rt.private != "" && strings.Contains(res.body, rt.private)
				if sees && (res.status != http.StatusOK || p.name == "other program's admin" || p.name == "clinician elsewhere") {
					t.Fatalf("%s sees %q", p.name, rt.private)
				}
				if res.status == http.StatusOK && rt.private != "" && !sees && (p.name == "clinician" || p.name == "program admin") {
					t.Fatalf("%s does not see %q:\n%s", p.name, rt.private, truncate(res.body))
				}
			})
		}
	}
}

// apiAccept is a GET of the API asking for a media type.
func (c *client) apiAccept(path, token, accept string) response {
	c.env.t.Helper()
	req, _ := http.NewRequest("GET", c.env.srv.URL+path, nil)
	req.Header.Set("Accept", accept)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req)
}

// accessPerson is someone an access test signs in as; nil is a visitor.
type accessPerson struct {
	name string
	user *onward.User
}

// everyKindOfPerson is everyone the access tests try a care fixture's routes
// as: a visitor, the fixture's member, another member, a supporter, an
// operator, a clinician on no program's staff, another program's admin, and
// the fixture's clinician and admin.
func (f *careFixture) everyKindOfPerson() []accessPerson {
	e := f.e
	withTOTP := func(u *onward.User) *onward.User { e.enableTOTP(u); return u }
	return []accessPerson{
		{"visitor", nil},
		{"member", f.member},
		{"other member", e.addUser("other@example.com", onward.RoleMember)},
		{"supporter", e.addUser("supporter@example.com", onward.RoleSupporter)},
		{"operator", withTOTP(e.addUser("operator@example.com", onward.RoleOperator))},
		{"clinician elsewhere", withTOTP(e.addUser("unattached@example.com", onward.RoleClinician))},
		{"other program's admin", e.addStaffUser("admin-b@example.com", onward.RoleProgramAdmin, e.seedDirectory()["demo-program-2"])},
		{"clinician", f.clinician},
		{"program admin", f.admin},
	}
}
