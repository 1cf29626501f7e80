package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

var inviteLink = regexp.MustCompile(`http://onward\.test/invite/([a-z0-9]+)`)

// inviteThroughForm makes an invitation on the "My people" page and
// returns its code, read from the page as the member would copy it.
func inviteThroughForm(t *testing.T, c *client, form url.Values) string {
	t.Helper()
	res := c.post("/support/invitations", form)
	wantStatus(t, res, http.StatusOK)
	m := inviteLink.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no invitation link on the page:\n%s", truncate(res.body))
	}
	return m[1]
}

func TestSupportFullFlow(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	onboard(t, mc, "2026-10-01", nil)
	check := checkInForm("2026-11-21", "4", "2")
	check.Set("note", "a private note about my brother")
	wantStatus(t, mc.post("/checkin", check), http.StatusSeeOther)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	sc := e.newClient()
	sc.signIn(supporter)

	code := inviteThroughForm(t, mc, url.Values{"email": {"sam@example.com"}, "relationship": {"family"}, "share": {"milestones"}})
	if mail := e.mail.last(t); !strings.Contains(mail.Body, code) || strings.Contains(strings.ToLower(mail.Subject), "recovery") {
		t.Errorf("invitation email: want the link and a discreet subject, got %q / %q", mail.Subject, mail.Body)
	}
	wantBody(t, sc.get("/invite/"+code), "would like you in their support network", "Clean time and milestones")
	wantStatus(t, sc.post("/invite/"+code, nil), http.StatusSeeOther)

	t.Run("SupporterSeesOnlyMilestones", func(t *testing.T) {
		res := sc.get("/supporting")
		wantBody(t, res, "ana", "days in a row")
		if strings.Contains(res.body, "Checked in on") {
			t.Error("check-ins shown though only milestones were shared")
		}
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/recovery", "", ""), http.StatusOK)
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", ""), http.StatusForbidden)
	})
	t.Run("ReadsShowInWhoHasSeenMyData", func(t *testing.T) {
		wantBody(t, mc.get("/account/access"), "sam")
	})
	t.Run("ChangedSharingAppliesAtOnceWithoutTheNote", func(t *testing.T) {
		res := mc.post("/support/"+supporter.ID+"/share", url.Values{"share": {"checkins"}})
		wantStatus(t, res, http.StatusSeeOther)
		page := sc.get("/supporting")
		wantBody(t, page, "Checked in on 1 of the last 14 days")
		if strings.Contains(page.body, "days in a row") || strings.Contains(page.body, "brother") {
			t.Error("after the change the supporter still sees milestones or sees the private note")
		}
		res = sc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", "")
		wantStatus(t, res, http.StatusOK)
		if strings.Contains(res.body, "brother") || strings.Contains(res.body, "answers") {
			t.Errorf("a summary must carry neither the note nor the answers: %s", res.body)
		}
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/recovery", "", ""), http.StatusForbidden)
	})
	t.Run("DetailShowsAnswersButNeverTheNote", func(t *testing.T) {
		res := e.newClient().api("PUT", "/api/v1/supporters/"+supporter.ID+"/share", createAPIToken(t, e, member), `{"share":["checkins"],"checkins_detail":true}`)
		wantStatus(t, res, http.StatusOK)
		res = sc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", "")
		wantBody(t, res, `"answers"`, `"detail": true`)
		if strings.Contains(res.body, "brother") {
			t.Error("the private note reached the supporter")
		}
	})
	t.Run("ConsentsListPastAndPresent", func(t *testing.T) {
		res := mc.api("GET", "/api/v1/supporters", "", "")
		var got struct{ Supporters []supporterJSON }
		if err := json.Unmarshal([]byte(res.body), &got); err != nil || len(got.Supporters) != 1 || !got.Supporters[0].CheckinsDetail {
			t.Fatalf("supporters: %v %s", err, res.body)
		}
		page := mc.get("/support")
		if n := strings.Count(page.body, "Ended"); n != 2 {
			t.Errorf("want the two replaced consents marked ended, found %d", n)
		}
	})
	t.Run("StoppingAsksFirst", func(t *testing.T) {
		wantBody(t, mc.get("/support"), `href="/support/`+supporter.ID+`/end"`)
		wantBody(t, mc.get("/support/"+supporter.ID+"/end"), "Stop sharing with sam?", `name="confirm" value="yes"`, "Keep sharing")
		res := mc.post("/support/"+supporter.ID+"/end", nil)
		wantStatus(t, res, http.StatusSeeOther)
		if got := res.header.Get("Location"); got != "/support/"+supporter.ID+"/end" {
			t.Fatalf("stopping without confirming went to %q, want the question", got)
		}
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", ""), http.StatusOK)
	})
	t.Run("RevokedSupporterSeesNothingAndIsToldItEnded", func(t *testing.T) {
		wantStatus(t, mc.post("/support/"+supporter.ID+"/end", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
		res := sc.get("/supporting")
		wantBody(t, res, "no longer shares anything with you")
		if strings.Contains(res.body, "Checked in on") || strings.Contains(res.body, "revoked") {
			t.Error("after revocation the page shows data or says why")
		}
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/checkins", "", ""), http.StatusForbidden)
		wantStatus(t, sc.api("GET", "/api/v1/members/"+member.ID+"/recovery", "", ""), http.StatusForbidden)
	})
}
