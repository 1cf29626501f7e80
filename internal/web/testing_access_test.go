package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTestingAndIncentiveRoutesAccess runs the drug-testing and incentive
// routes as each kind of person: a program's pages only for its staff
// (the panel for its admins), a member's own pages only for members (each
// sees their own), and the API the same way.
func TestTestingAndIncentiveRoutesAccess(t *testing.T) {
	f := newCareFixture(t)
	e := f.e
	people := f.everyKindOfPerson()
	clients := map[string]*client{"member": f.mc, "clinician": f.cc, "program admin": f.ac}
	tokens := map[string]string{"member": f.memberTok, "clinician": f.clinTok, "program admin": f.adminTok}
	for _, p := range people {
		if _, ok := clients[p.name]; ok {
			continue
		}
		c := e.newClient()
		if p.user != nil {
			c.signIn(p.user)
			tokens[p.name] = createAPIToken(t, e, p.user)
		}
		clients[p.name] = c
	}
	f.recordTest(t, f.testJSON("k", "fentanyl", "positive"), http.StatusCreated)

	const signIn = -1
	only := func(allowed ...string) map[string]int {
		m := map[string]int{"visitor": signIn}
		for _, p := range people[1:] {
			m[p.name] = http.StatusForbidden
		}
		for _, name := range allowed {
			m[name] = http.StatusOK
		}
		return m
	}
	staff := only("clinician", "program admin")
	members := only("member", "other member")
	q := "?program=" + f.programID
	enrolment := "/program/enrolments/" + f.enrolmentID
	routes := []struct {
		method, path string
		form         url.Values
		want         map[string]int
	}{
		{"GET", "/program/testing" + q, nil, staff},
		{"GET", enrolment + "/tests" + q, nil, staff},
		{"GET", "/program/incentives" + q, nil, staff},
		{"GET", enrolment + "/incentives" + q, nil, staff},
		{"GET", "/care/tests", nil, members},
		{"GET", "/care/incentives", nil, members},
		{"POST", "/program/testing/panel", url.Values{"program": {f.programID}, "panel": {"fentanyl"}}, only("program admin")},
		{"POST", enrolment + "/testing-schedule", url.Values{"program": {f.programID}, "count": {"2"}, "per": {"week"}}, staff},
		{"POST", "/program/incentives/funders", url.Values{"program": {f.programID}, "name": {"Grant"}, "annual_cap_cents": {"750"}},
			only("program admin")},
		{"GET", "/api/v1/programs/" + f.programID + "/testing", nil, staff},
		{"GET", "/api/v1/programs/" + f.programID + "/incentives", nil, staff},
		{"GET", f.enrolURL + "/tests", nil, staff},
		{"GET", f.enrolURL + "/incentives", nil, staff},
		{"GET", "/api/v1/tests", nil, members},
		{"GET", "/api/v1/incentives", nil, members},
	}
	for _, rt := range routes {
		for _, p := range people {
			t.Run(rt.method+" "+rt.path+"/"+p.name, func(t *testing.T) {
				c := clients[p.name]
				api := strings.HasPrefix(rt.path, "/api/")
				var res response
				switch {
				case api:
					res = c.api(rt.method, rt.path, tokens[p.name], "")
				case rt.method == "GET":
					res = c.get(rt.path)
				default:
					form := url.Values{}
					for k, v := range rt.form {
						form[k] = v
					}
					res = c.post(rt.path, form)
				}
				want := rt.want[p.name]
				switch {
				case want == signIn && api:
					wantStatus(t, res, http.StatusUnauthorized)
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
				if p.user != f.member && want != http.StatusOK && strings.Contains(res.body, "Fentanyl") {
					t.Fatalf("%s sees the member's result", p.name)
				}
				if p.name == "other member" && strings.Contains(res.body, "Fentanyl") {
					t.Fatal("another member sees the member's result")
				}
			})
		}
	}
}

// Ids come from addresses anyone can type: a malformed one is not found
// (or, for a program, not theirs), never a server error.
func TestMalformedTestingIDsAreRefusedCleanly(t *testing.T) {
	f := newCareFixture(t)
	for _, bad := range []string{"%00", "%FF%FE", "not-an-id"} {
		t.Run(bad, func(t *testing.T) {
			wantStatus(t, f.cc.get("/program/testing?program="+bad), http.StatusForbidden)
			wantStatus(t, f.cc.api("GET", "/api/v1/programs/"+bad+"/testing", f.clinTok, ""), http.StatusForbidden)
			wantStatus(t, f.cc.api("GET", "/api/v1/programs/"+bad+"/enrolments/"+f.enrolmentID+"/tests", f.clinTok, ""), http.StatusForbidden)
			wantStatus(t, f.cc.api("GET", f.programs+"/enrolments/"+bad+"/tests", f.clinTok, ""), http.StatusNotFound)
			wantStatus(t, f.cc.api("POST", f.enrolURL+"/tests/"+bad+"/confirmation", f.clinTok, f.testJSON("", "fentanyl", "negative")),
				http.StatusNotFound)
			wantStatus(t, f.cc.api("POST", f.programs+"/incentive-arms/"+bad+"/review", f.clinTok, `{"note": "ok"}`), http.StatusNotFound)
			wantStatus(t, f.cc.api("PUT", f.enrolURL+"/incentive-arm", f.clinTok, `{"arm_id": "`+strings.ReplaceAll(bad, "%", "")+`"}`),
				http.StatusNotFound)
			wantStatus(t, f.mc.api("POST", "/api/v1/tests/"+bad+"/dispute", f.memberTok, `{}`), http.StatusNotFound)
			wantStatus(t, f.mc.api("POST", "/api/v1/incentives/draws/"+bad, f.memberTok, ""), http.StatusNotFound)
		})
	}
	t.Run("ControlCharactersInText", func(t *testing.T) {
		res := f.ac.api("POST", f.programs+"/funders", f.adminTok, `{"name": "Grant\u0000"}`)
		wantStatus(t, res, http.StatusBadRequest)
		res = f.cc.api("POST", f.enrolURL+"/tests", f.clinTok, strings.Replace(f.testJSON("key", "fentanyl", "negative"), `"key": "key"`, `"key": "k\u0000"`, 1))
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `"key"`)
	})
}
