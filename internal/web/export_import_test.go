package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// exportedCheckIns is the check-ins part of a JSON export, without ids
// and timestamps, for comparing two exports.
func exportedCheckIns(t *testing.T, body string) string {
	t.Helper()
	var d struct {
		CheckIns []map[string]any `json:"checkins"`
		Plan     map[string]any   `json:"plan"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	for _, c := range d.CheckIns {
		delete(c, "id")
	}
	delete(d.Plan, "updated_at")
	b, _ := json.Marshal(d)
	return string(b)
}

// TestImportIntoFreshInstance moves a member from one instance to another
// through the API: export, import into a new account, export again.
func TestImportIntoFreshInstance(t *testing.T) {
	from := newEnv(t)
	_, old := memberWithData(t, from)
	file := old.get("/api/v1/export?format=json")
	wantStatus(t, file, http.StatusOK)

	to := newEnv(t)
	u := to.addUser("ana.new@example.com", onward.RoleMember)
	token := createAPIToken(t, to, u)
	c := to.newClient()
	res := c.api("POST", "/api/v1/import", token, file.body)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"checkins": 2`, `"plan": true`, `"recovery_profile": true`)
	again := c.api("GET", "/api/v1/export", token, "")
	wantStatus(t, again, http.StatusOK)
	if a, b := exportedCheckIns(t, file.body), exportedCheckIns(t, again.body); a != b {
		t.Fatalf("check-ins or plan changed on the way:\n%s\n%s", a, b)
	}
	wantBody(t, c.api("GET", "/api/v1/recovery", token, ""), `"onboarded": true`, `"checked_in_today": true`, `"timezone": "America/Chicago"`)

	t.Run("ErrAccountHasData", func(t *testing.T) {
		res := c.api("POST", "/api/v1/import", token, file.body)
		wantStatus(t, res, http.StatusConflict)
		decodeError(t, res)
	})
	t.Run("WithSessionNeedsCSRFHeader", func(t *testing.T) {
		wantStatus(t, old.api("POST", "/api/v1/import", "", file.body), http.StatusForbidden)
	})
}

func TestImportRefusesBadFiles(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	token := createAPIToken(t, e, u)
	c := e.newClient()
	valid := `{"format":"onward-export","version":1,"exported_at":"2026-11-21T10:00:00Z",
		"account":{"id":"x","email":"a@example.com","display_name":"Ana","locale":"en","time_zone":"UTC","created_at":"2026-01-01T00:00:00Z"},
		"recovery_profile":null,"checkins":[{"day":"2026-11-20","mood":3,"craving":2,"sleep_hours":null,"sleep_quality":0,"stress":0,"lonely":0,
		"irritable":0,"romanticising":false,"used":false,"medication_taken":null,"meeting":false,"therapy":false,"support_contact":false,
		"exercise":false,"food":false,"mindfulness":false,"note":"","version":1,"created_at":"2026-11-20T20:00:00Z","updated_at":"2026-11-20T20:00:00Z"}],
		"lapses":[],"plan":null,"urges":[],"milestones_celebrated":[],"meeting_attendance":[],"consents_given":[],"consents_received":[],"access_log":[]}`
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"ErrNotJSON", "this is not json", http.StatusBadRequest, ""},
		{"ErrWrongFormat", strings.Replace(valid, "onward-export", "other", 1), http.StatusBadRequest, ""},
		{"ErrWrongVersion", strings.Replace(valid, `"version":1,"exported_at"`, `"version":7,"exported_at"`, 1), http.StatusBadRequest, ""},
		{"ErrInvalidValue", strings.Replace(valid, `"mood":3`, `"mood":11`, 1), http.StatusBadRequest, "checkins[0].mood"},
		{"ErrFutureDay", strings.Replace(valid, `"day":"2026-11-20"`, `"day":"2027-01-01"`, 1), http.StatusBadRequest, "checkins[0].day"},
		{"ErrTooLarge", `{"note":"` + strings.Repeat("x", maxImportBytes) + `"}`, http.StatusRequestEntityTooLarge, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.api("POST", "/api/v1/import", token, tc.body)
			wantStatus(t, res, tc.status)
			if b := decodeError(t, res); tc.field != "" && b.Error.Fields[tc.field] == "" {
				t.Fatalf("no message for %s: %+v", tc.field, b.Error)
			}
			wantBody(t, c.api("GET", "/api/v1/export", token, ""), `"checkins": []`)
		})
	}
	t.Run("ErrNotJSONContentType", func(t *testing.T) {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/import", strings.NewReader(valid))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Authorization", "Bearer "+token)
		wantStatus(t, c.do(req), http.StatusBadRequest)
	})
	t.Run("AValidFileLoads", func(t *testing.T) {
		wantStatus(t, c.api("POST", "/api/v1/import", token, valid), http.StatusOK)
		wantBody(t, c.api("GET", "/api/v1/export", token, ""), `"day": "2026-11-20"`)
	})
}

// TestAccountPageOffersDownloads checks the account page links to both
// downloads for a member, and offers none to other roles, who have no
// export.
func TestAccountPageOffersDownloads(t *testing.T) {
	e := newEnv(t)
	_, member := newMember(t, e)
	wantBody(t, member.get("/account"), `href="/api/v1/export?format=json"`, `href="/api/v1/export?format=fhir"`, "Download my data")
	supporter := e.newClient()
	supporter.signIn(e.addUser("sam@example.com", onward.RoleSupporter))
	if res := supporter.get("/account"); strings.Contains(res.body, "/api/v1/export") {
		t.Fatal("a supporter is offered an export they cannot download")
	}
}

// TestDeletedAccountEndsSessionsAndTokens deletes a member with data and a
// supporter, then checks the session and the API token no longer work.
// The store's TestDeleteLeavesNoTrace checks that no row keeps the id.
func TestDeletedAccountEndsSessionsAndTokens(t *testing.T) {
	e := newEnv(t)
	u, c := memberWithData(t, e)
	token := createAPIToken(t, e, u)
	other := e.newClient()
	other.signIn(u)
	c.deleteAccount()
	wantStatus(t, c.api("GET", "/api/v1/me", token, ""), http.StatusUnauthorized)
	wantStatus(t, other.get("/account"), http.StatusSeeOther)
	wantStatus(t, other.api("GET", "/api/v1/export", "", ""), http.StatusUnauthorized)
}
