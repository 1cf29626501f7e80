package web

import (
	"net/http"
	"testing"

	"github.com/onward-recovery/onward"
)

// TestHelpIsOpenToEveryone: the finding-help pages and their forms answer
// every kind of person alike, signed in or not, with no redirect to sign in.
func TestHelpIsOpenToEveryone(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("member@example.com", onward.RoleMember)
	supporter := e.addUser("supporter@example.com", onward.RoleSupporter)
	clinician := e.addUser("clinician@example.com", onward.RoleClinician)
	e.enableTOTP(clinician)
	admin := e.addUser("admin@example.com", onward.RoleProgramAdmin)
	e.enableTOTP(admin)
	operator := e.addUser("operator@example.com", onward.RoleOperator)
	e.enableTOTP(operator)

	people := []struct {
		name string
		user *onward.User
	}{{"visitor", nil}, {"member", member}, {"supporter", supporter}, {"clinician", clinician}, {"program admin", admin}, {"operator", operator}}
	pages := []string{"/help", "/help/me", "/help/someone", "/check/signs", "/check/signs/someone",
		"/check/dast10", "/check/dsm5-oud", "/check/phq2", "/check/gad2", "/check/phq9", "/check/gad7",
		"/guide", "/learn", "/learn/what-is-opioid-addiction", "/family"}
	for _, p := range people {
		c := e.newClient()
		if p.user != nil {
			c.signIn(p.user)
		}
		t.Run(p.name, func(t *testing.T) {
			for _, path := range pages {
				if res := c.get(path); res.status != http.StatusOK {
					t.Errorf("%s GET %s: status %d, want 200", p.name, path, res.status)
				}
			}
			for _, s := range helpSubmissions() {
				if res := c.post(s.path, s.form); res.status != http.StatusOK {
					t.Errorf("%s POST %s: status %d, want 200", p.name, s.path, res.status)
				}
			}
		})
	}
}

// TestHelpFormsNeedTheAntiForgeryToken: like every form, the self-checks
// refuse a post that did not come from the site's own page.
func TestHelpFormsNeedTheAntiForgeryToken(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, s := range helpSubmissions() {
		s.form.Set("csrf", "not-the-token")
		res := c.post(s.path, s.form)
		wantStatus(t, res, http.StatusForbidden)
	}
}
