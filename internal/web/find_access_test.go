package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// TestDirectoryRouteAccess runs every directory route as each kind of
// person. The finders are open to all; a program's queue and listing only
// to that program's staff (the listing to its admins); noting attendance
// only to members.
func TestDirectoryRouteAccess(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	a, b := ids["demo-program-1"], ids["demo-program-2"]
	wantStatus(t, e.newClient().post("/find/"+a+"/contact", contactForm("name", "Private Person")), http.StatusSeeOther)
	request := e.staffQueue(a)[0].ID
	meetings := e.newClient().get("/meetings?day=today&place=62701")
	meeting := regexpFind(t, meetings.body, `id="meeting-([^"]+)"`)

	type person struct {
		name string
		user *onward.User
	}
	withTOTP := func(u *onward.User) *onward.User { e.enableTOTP(u); return u }
	people := []person{
		{"visitor", nil},
		{"member", e.addUser("member@example.com", onward.RoleMember)},
		{"supporter", e.addUser("supporter@example.com", onward.RoleSupporter)},
		{"operator", withTOTP(e.addUser("operator@example.com", onward.RoleOperator))},
		{"clinician elsewhere", withTOTP(e.addUser("unattached@example.com", onward.RoleClinician))},
		{"other program's admin", e.addStaffUser("admin-b@example.com", onward.RoleProgramAdmin, b)},
		{"clinician", e.addStaffUser("lee@example.com", onward.RoleClinician, a)},
		{"program admin", e.addStaffUser("admin-a@example.com", onward.RoleProgramAdmin, a)},
	}
	clients := map[string]*client{}
	for _, p := range people {
		c := e.newClient()
		if p.user != nil {
			c.signIn(p.user)
		}
		clients[p.name] = c
	}

	const signIn = -1 // a redirect to the sign-in page
	open := map[string]int{}
	for _, p := range people {
		open[p.name] = http.StatusOK
	}
	staffOnly := func(allowed ...string) map[string]int {
		m := map[string]int{"visitor": signIn}
		for _, p := range people[1:] {
			m[p.name] = http.StatusForbidden
		}
		for _, name := range allowed {
			m[name] = http.StatusOK
		}
		return m
	}
	routes := []struct {
		method, path string
		form         url.Values
		want         map[string]int
	}{
		{"GET", "/find", nil, open},
		{"GET", "/find?place=62701", nil, open},
		{"GET", "/find/" + a, nil, open},
		{"GET", "/meetings", nil, open},
		{"GET", "/api/v1/programs?near=39.78,-89.65", nil, open},
		{"GET", "/api/v1/programs/" + a, nil, open},
		{"GET", "/api/v1/meetings", nil, open},
		{"GET", "/program/requests?program=" + a, nil, staffOnly("clinician", "program admin")},
		{"GET", "/program/listing?program=" + a, nil, staffOnly("program admin")},
		{"POST", "/program/requests/" + request + "/status", url.Values{"status": {"new"}}, staffOnly("clinician", "program admin")},
		{"POST", "/program/listing", url.Values{"program": {a}, "name": {"Example Recovery Center (demo)"}, "lat": {"39.799"}, "lng": {"-89.644"}}, staffOnly("program admin")},
		{"POST", "/meetings/" + meeting + "/attended", nil, map[string]int{"visitor": signIn, "member": http.StatusOK, "supporter": 403,
			"operator": 403, "clinician elsewhere": 403, "other program's admin": 403, "clinician": 403, "program admin": 403}},
	}
	for _, rt := range routes {
		for _, p := range people {
			t.Run(rt.method+" "+rt.path+"/"+p.name, func(t *testing.T) {
				c := clients[p.name]
				var res response
				if rt.method == "GET" {
					res = c.get(rt.path)
				} else {
					form := url.Values{} // post adds this client's anti-forgery token
					for k, v := range rt.form {
						form[k] = v
					}
					res = c.post(rt.path, form)
				}
				want := rt.want[p.name]
				switch {
				case want == signIn:
					if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
						t.Fatalf("status %d to %q, want a redirect to sign in", res.status, res.header.Get("Location"))
					}
				case want == http.StatusOK && rt.method == "POST":
					if res.status != http.StatusSeeOther || strings.HasPrefix(res.header.Get("Location"), "/signin") {
						t.Fatalf("status %d to %q, want it done\n%s", res.status, res.header.Get("Location"), truncate(res.body))
					}
				default:
					wantStatus(t, res, want)
				}
				if want != http.StatusOK && strings.Contains(res.body, "Private Person") {
					t.Fatalf("%s sees the name of someone who asked program A to call", p.name)
				}
			})
		}
	}

	t.Run("OtherProgramsAdminSeesOnlyTheirOwnQueue", func(t *testing.T) {
		res := clients["other program's admin"].get("/program/requests")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Sample Opioid Treatment Program (demo)")
		if strings.Contains(res.body, "Private Person") {
			t.Fatal("another program's admin sees program A's request")
		}
	})
	t.Run("RefusalsAreAudited", func(t *testing.T) {
		ok, err := e.store.VerifyAudit(t.Context())
		if err != nil || ok == 0 {
			t.Fatalf("audit chain: %d entries, %v", ok, err)
		}
	})
}

// Ids and references come from addresses anyone can type. A malformed one
// (NUL, invalid UTF-8, not a UUID) is not found: it never reaches the
// database, where PostgreSQL would refuse its bytes with a server error.
func TestMalformedDirectoryIDsAreNotFound(t *testing.T) {
	e := newEnv(t)
	program := e.seedDirectory()["demo-program-1"]
	member := e.newClient()
	member.signIn(e.addUser("ana@example.com", onward.RoleMember))
	staff := e.newClient()
	staff.signIn(e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, program))
	visitor := e.newClient()
	for _, bad := range []string{"%00", "%FF%FE", "not-an-id", strings.Repeat("9", 36)} {
		t.Run(bad, func(t *testing.T) {
			wantStatus(t, visitor.get("/find/"+bad), http.StatusNotFound)
			wantStatus(t, visitor.post("/find/"+bad+"/contact", contactForm()), http.StatusNotFound)
			wantStatus(t, visitor.get("/find/"+program+"/requested/"+bad), http.StatusNotFound)
			wantStatus(t, visitor.api("GET", "/api/v1/programs/"+bad, "", ""), http.StatusNotFound)
			wantStatus(t, visitor.api("POST", "/api/v1/programs/"+bad+"/admission-requests", "", `{"name":"Jo","phone":"217-555-0142","consent":true}`), http.StatusNotFound)
			wantStatus(t, member.post("/meetings/"+bad+"/attended", nil), http.StatusNotFound)
			wantStatus(t, staff.get("/program/requests?program="+bad), http.StatusNotFound)
			wantStatus(t, staff.get("/program/listing?program="+bad), http.StatusNotFound)
			wantStatus(t, staff.post("/program/requests/"+bad+"/status", url.Values{"status": {"closed"}}), http.StatusNotFound)
		})
	}
}
