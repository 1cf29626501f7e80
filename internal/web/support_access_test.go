package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

func TestSupportRoutesAccess(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	other := e.addUser("other@example.com", onward.RoleMember)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	sc := e.newClient()
	sc.signIn(supporter)
	code := inviteThroughForm(t, mc, url.Values{"relationship": {"friend"}, "share": {"milestones"}})
	wantStatus(t, sc.post("/invite/"+code, nil), http.StatusSeeOther)
	visitor := e.newClient()

	cases := []struct {
		name   string
		c      *client
		method string
		path   string
		status int
	}{
		{"VisitorSupportPage", visitor, "GET", "/support", http.StatusSeeOther},
		{"VisitorSupporting", visitor, "GET", "/supporting", http.StatusSeeOther},
		{"VisitorAPI", visitor, "GET", "/api/v1/supporting", http.StatusUnauthorized},
		{"SupporterRoleCannotInvite", sc, "GET", "/support", http.StatusForbidden},
		{"SupporterCannotListSupporters", sc, "GET", "/api/v1/supporters", http.StatusForbidden},
		{"SupporterSeesSharedCategory", sc, "GET", "/api/v1/members/" + member.ID + "/recovery", http.StatusOK},
		{"SupporterCannotSeeUnsharedCategory", sc, "GET", "/api/v1/members/" + member.ID + "/checkins", http.StatusForbidden},
		{"SupporterCannotSeeAnotherMember", sc, "GET", "/api/v1/members/" + other.ID + "/recovery", http.StatusNotFound},
		{"MemberCannotReadOwnSupportersData", mc, "GET", "/api/v1/members/" + supporter.ID + "/recovery", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantStatus(t, tc.c.api(tc.method, tc.path, "", ""), tc.status)
		})
	}
	t.Run("MemberCannotChangeSomeoneElsesSupporter", func(t *testing.T) {
		oc := e.newClient()
		oc.signIn(other)
		wantStatus(t, oc.post("/support/"+supporter.ID+"/end", url.Values{"confirm": {"yes"}}), http.StatusNotFound)
		wantStatus(t, oc.get("/support/"+supporter.ID+"/end"), http.StatusNotFound)
		wantBody(t, sc.get("/supporting"), "What ana shares with you: Clean time and milestones")
	})
}

func TestSupportInvitationsFailClearly(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	sc := e.newClient()
	sc.signIn(supporter)
	invite := func() string { return inviteThroughForm(t, mc, url.Values{"relationship": {"peer"}}) }

	t.Run("OwnInvitation", func(t *testing.T) {
		res := mc.post("/invite/"+invite(), nil)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "your own invitation")
	})
	t.Run("UsedTwice", func(t *testing.T) {
		code := invite()
		wantStatus(t, sc.post("/invite/"+code, nil), http.StatusSeeOther)
		res := sc.post("/invite/"+code, nil)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "already been used")
	})
	t.Run("Withdrawn", func(t *testing.T) {
		code := invite()
		page := mc.get("/support")
		i := strings.Index(page.body, "/support/invitations/")
		id := strings.SplitN(page.body[i+len("/support/invitations/"):], "/", 2)[0]
		wantStatus(t, mc.post("/support/invitations/"+id+"/withdraw", nil), http.StatusSeeOther)
		res := sc.get("/invite/" + code)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "withdrawn")
	})
	t.Run("Expired", func(t *testing.T) {
		code := invite()
		e.clock.advance(8 * 24 * 60 * 60 * 1e9)
		res := sc.post("/invite/"+code, nil)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "expired")
	})
	t.Run("UnknownCode", func(t *testing.T) {
		wantStatus(t, sc.get("/invite/nosuchcode"), http.StatusNotFound)
	})
	t.Run("VisitorIsAskedToSignIn", func(t *testing.T) {
		wantBody(t, e.newClient().get("/invite/"+invite()), "/signin?next=/invite/")
	})
}

func TestSupportBadInput(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	token := createAPIToken(t, e, member)
	api := e.newClient()
	cases := []struct {
		name string
		body string
		want string
	}{
		{"ErrUnknownCategory", `{"relationship":"friend","share":["diary"]}`, "listed categories"},
		{"ErrJournal", `{"relationship":"friend","share":["journal"]}`, "journal is private"},
		{"ErrRelationship", `{"relationship":"boss","share":[]}`, "who this person is"},
		{"ErrEmail", `{"email":"not-an-email","relationship":"friend"}`, "email"},
		{"ErrDetailWithoutCheckins", `{"relationship":"friend","share":["milestones"],"checkins_detail":true}`, "together with check-ins"},
		{"ErrOversized", `{"relationship":"friend","share":[` + strings.Repeat(`"milestones",`, 40) + `"milestones"]}`, "listed categories"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := api.api("POST", "/api/v1/invitations", token, tc.body)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tc.want)
		})
	}
	t.Run("FormKeepsNothingOnError", func(t *testing.T) {
		res := mc.post("/support/invitations", url.Values{"relationship": {"friend"}, "share": {"journal"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "journal is private", `aria-describedby="share-error"`)
		if strings.Contains(mc.get("/support").body, "Invitations not yet accepted") {
			t.Error("a refused invitation was stored")
		}
	})
	t.Run("ChangeSharingForUnknownSupporter", func(t *testing.T) {
		res := api.api("PUT", "/api/v1/supporters/nobody/share", token, `{"share":["milestones"]}`)
		wantStatus(t, res, http.StatusNotFound)
		wantStatus(t, api.api("DELETE", "/api/v1/supporters/nobody", token, ""), http.StatusNotFound)
	})
	t.Run("AcceptThroughAPI", func(t *testing.T) {
		res := api.api("POST", "/api/v1/invitations", token, `{"relationship":"sponsor","share":["milestones"]}`)
		wantStatus(t, res, http.StatusCreated)
		code := inviteLink.FindStringSubmatch(res.body)[1]
		sponsor := e.addUser("sponsor@example.com", onward.RoleMember)
		res = e.newClient().api("POST", "/api/v1/invitations/"+code+"/accept", createAPIToken(t, e, sponsor), "")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"active": true`, "milestones")
	})
}
