package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
)

// The member's capabilities that the web had and the API now has too
// (routes.go, "A member's account, profile and records").

func apiMember(t *testing.T, e *testEnv) (*onward.User, *client, string) {
	t.Helper()
	u := e.addUser("ana@example.com", onward.RoleMember)
	return u, e.newClient(), createAPIToken(t, e, u)
}

// TestAPIRecoveryProfileThenLapse is the story: an API-only member
// sets a start date, sees days counted, and can then record a lapse.
func TestAPIRecoveryProfileThenLapse(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	wantStatus(t, c.api("GET", "/api/v1/recovery/profile", tok, ""), http.StatusNotFound)
	wantStatus(t, c.api("POST", "/api/v1/lapses", tok, `{"day":"2026-11-20"}`), http.StatusBadRequest)

	res := c.api("PUT", "/api/v1/recovery/profile", tok, `{"last_use":"2026-11-01","last_use_time":"22:15","substances":["fentanyl"],
		"medication":"buprenorphine","daily_spend":40,"daily_hours":5,"checkin_time":"20:00","timezone":"America/Chicago","convention":"day_of_last_use"}`)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"last_use": "2026-11-01"`, `"last_use_time": "22:15"`, `"convention": "day_of_last_use"`, `"timezone": "America/Chicago"`,
		`"treatment_level": "none"`)
	me := c.api("GET", "/api/v1/me", tok, "")
	wantBody(t, me, `"timezone": "America/Chicago"`)
	got := c.api("GET", "/api/v1/recovery/profile", tok, "")
	wantStatus(t, got, http.StatusOK)
	wantBody(t, got, `"daily_spend": 40`, `"substances": [`, `"fentanyl"`)
	wantBody(t, c.api("GET", "/api/v1/recovery", tok, ""), `"current_streak_days": 21`)

	wantStatus(t, c.api("POST", "/api/v1/lapses", tok, `{"day":"2026-11-15","what":"fentanyl","led_to":"a bad night"}`), http.StatusCreated)
	lapses := c.api("GET", "/api/v1/lapses", tok, "")
	wantStatus(t, lapses, http.StatusOK)
	var list struct {
		Lapses []struct{ Day, What, LedTo string }
	}
	if err := json.Unmarshal([]byte(lapses.body), &list); err != nil || len(list.Lapses) != 1 || list.Lapses[0].Day != "2026-11-15" {
		t.Fatalf("lapses = %s (%v)", lapses.body, err)
	}
}

func TestAPIRecoveryProfileBadInput(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	tests := []struct {
		name, body string
		fields     []string
	}{
		{"ErrNoStart", `{}`, []string{"last_use"}},
		{"ErrBadDate", `{"last_use":"01/11/2026"}`, []string{"last_use"}},
		{"ErrFutureStart", `{"last_use":"2027-01-01"}`, []string{"last_use"}},
		{"ErrBadClockAndConvention", `{"last_use":"2026-11-01","last_use_time":"25:00","convention":"weekly"}`, []string{"last_use_time", "convention"}},
		{"ErrLaterToday", `{"last_use":"2026-11-21","last_use_time":"23:59","timezone":"UTC"}`, []string{"last_use_time"}},
		{"ErrBadChoices", `{"last_use":"2026-11-01","substances":["tea"],"medication":"aspirin"}`, []string{"substances", "medication"}},
		{"ErrBadTimeZone", `{"last_use":"2026-11-01","timezone":"Mars/Base"}`, []string{"timezone"}},
		{"ErrReadOnly", `{"last_use":"2026-11-01","updated_at":"2026-11-01T00:00:00Z"}`, []string{"updated_at"}},
		{"ErrUnknownField", `{"last_use":"2026-11-01","sober_since":"2026-11-01"}`, []string{"sober_since"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("PUT", "/api/v1/recovery/profile", tok, tt.body)
			wantStatus(t, res, http.StatusBadRequest)
			fields := decodeError(t, res).Error.Fields
			for _, f := range tt.fields {
				if fields[f] == "" {
					t.Errorf("error fields %v do not name %q", fields, f)
				}
			}
			wantStatus(t, c.api("GET", "/api/v1/recovery/profile", tok, ""), http.StatusNotFound)
		})
	}
}

func TestAPICravings(t *testing.T) {
	e := newEnv(t)
	u, c, tok := apiMember(t, e)
	wantStatus(t, c.api("POST", "/api/v1/cravings", tok, `{"helped":["a walk"]}`), http.StatusBadRequest)
	res := c.api("POST", "/api/v1/cravings", tok, `{"passed":true,"helped":["a walk","called Sam"],"started_at":"2026-11-21T14:40:00Z"}`)
	wantStatus(t, res, http.StatusCreated)
	wantBody(t, res, `"passed": true`, `"called Sam"`, `"started_at": "2026-11-21T14:40:00Z"`)
	doc, err := e.server.app.Export(context.Background(), u)
	if err != nil || len(doc.Urges) != 1 || !doc.Urges[0].Passed {
		t.Fatalf("export after one craving: %+v, %v", doc, err)
	}
}

func TestAPIInvitationsListAndWithdraw(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	made := c.api("POST", "/api/v1/invitations", tok, `{"relationship":"family","share":["milestones"]}`)
	wantStatus(t, made, http.StatusCreated)
	var inv struct{ Code string }
	json.Unmarshal([]byte(made.body), &inv)
	list := c.api("GET", "/api/v1/invitations", tok, "")
	var got struct {
		Invitations []struct{ ID, Relationship string }
	}
	if err := json.Unmarshal([]byte(list.body), &got); err != nil || len(got.Invitations) != 1 || got.Invitations[0].Relationship != "family" {
		t.Fatalf("invitations = %s", list.body)
	}
	if strings.Contains(list.body, inv.Code) {
		t.Fatal("the list shows the invitation's code, which is shown only once")
	}
	id := got.Invitations[0].ID
	// Someone else's token cannot withdraw it.
	other := e.addUser("ben@example.com", onward.RoleMember)
	wantStatus(t, c.api("DELETE", "/api/v1/invitations/"+id, createAPIToken(t, e, other), ""), http.StatusNotFound)
	wantStatus(t, c.api("DELETE", "/api/v1/invitations/"+id, tok, ""), http.StatusNoContent)
	wantBody(t, c.api("GET", "/api/v1/invitations", tok, ""), `"invitations": []`)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	wantStatus(t, c.api("POST", "/api/v1/invitations/"+inv.Code+"/accept", createAPIToken(t, e, sam), ""), http.StatusConflict)
}

func TestAPIAlertPhone(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	wantStatus(t, c.api("PUT", "/api/v1/alert-phone", tok, `{"phone":"call me"}`), http.StatusBadRequest)
	res := c.api("PUT", "/api/v1/alert-phone", tok, `{"phone":" +1 312 555 0100 "}`)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"phone": "+1 312 555 0100"`)
}

func TestAPINotificationSettings(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	wantBody(t, c.api("GET", "/api/v1/notification-settings", tok, ""), `"reminders": true`, `"quiet_start": ""`)
	all := `"email":false,"push":true,"discreet":true,"reminders":false,"auto_alert":true`
	for _, bad := range []string{`{"email":false}`, `{` + all + `,"quiet_start":"22:00","quiet_end":""}`, `{` + all + `,"quiet_start":"10pm","quiet_end":"07:00"}`} {
		wantStatus(t, c.api("PUT", "/api/v1/notification-settings", tok, bad), http.StatusBadRequest)
	}
	wantBody(t, c.api("GET", "/api/v1/notification-settings", tok, ""), `"email": true`)
	wantStatus(t, c.api("PUT", "/api/v1/notification-settings", tok, `{`+all+`,"quiet_start":"22:00","quiet_end":"07:00"}`), http.StatusOK)
	wantBody(t, c.api("GET", "/api/v1/notification-settings", tok, ""), `"email": false`, `"quiet_end": "07:00"`, `"auto_alert": true`)
}

func TestAPIProgramConsents(t *testing.T) {
	e := newEnv(t)
	var programID string
	for _, id := range e.seedDirectory() {
		programID = id
		break
	}
	_, c, tok := apiMember(t, e)
	bad := c.api("POST", "/api/v1/program-consents", tok, `{"program_id":"`+programID+`","share":["milestones"],"purpose":"treatment","expiry":"end_of_treatment"}`)
	wantStatus(t, bad, http.StatusBadRequest)
	if f := decodeError(t, bad).Error.Fields; f["patient_name"] == "" || f["signature"] == "" || f["revocation_understood"] == "" && f["revocation"] == "" {
		t.Fatalf("every missing element should be named at once: %v", f)
	}
	good := `{"program_id":"` + programID + `","share":["milestones"],"purpose":"treatment","expiry":"end_of_treatment",
		"patient_name":"Ana Torres","signature":"ana torres","revocation_understood":true}`
	res := c.api("POST", "/api/v1/program-consents", tok, good)
	wantStatus(t, res, http.StatusCreated)
	var made struct {
		ID     string
		Active bool
	}
	json.Unmarshal([]byte(res.body), &made)
	if !made.Active {
		t.Fatalf("a new consent is not in force: %s", res.body)
	}
	wantBody(t, c.api("GET", "/api/v1/program-consents", tok, ""), made.ID, `"active": true`)
	wantStatus(t, c.api("DELETE", "/api/v1/program-consents/"+made.ID, tok, ""), http.StatusNoContent)
	wantBody(t, c.api("GET", "/api/v1/program-consents", tok, ""), `"active": false`)
}

func TestAPIChangeMeAndPassword(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	wantStatus(t, c.api("PUT", "/api/v1/me", tok, `{"display_name":"Ana T","timezone":"Europe/Madrid","locale":"fr"}`), http.StatusBadRequest)
	wantStatus(t, c.api("PUT", "/api/v1/me", tok, `{"display_name":"","timezone":"Europe/Madrid","locale":"es"}`), http.StatusBadRequest)
	wantBody(t, c.api("GET", "/api/v1/me", tok, ""), `"locale": "en"`, `"display_name": "ana"`)
	wantStatus(t, c.api("PUT", "/api/v1/me", tok, `{"display_name":"Ana T","timezone":"Europe/Madrid","locale":"es"}`), http.StatusNoContent)
	wantBody(t, c.api("GET", "/api/v1/me", tok, ""), `"locale": "es"`, `"display_name": "Ana T"`, `"timezone": "Europe/Madrid"`)

	wrong := c.api("PUT", "/api/v1/me/password", tok, `{"current_password":"not it at all","new_password":"another long passphrase","confirm_password":"another long passphrase"}`)
	wantStatus(t, wrong, http.StatusBadRequest)
	wantStatus(t, c.api("PUT", "/api/v1/me/password", tok, `{"current_password":"a long test passphrase","new_password":"another long passphrase","confirm_password":"another long passphrase"}`), http.StatusNoContent)
	// The change ends every token, the one that made it too.
	wantStatus(t, c.api("GET", "/api/v1/me", tok, ""), http.StatusUnauthorized)
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{"email":"ana@example.com","password":"another long passphrase"}`), http.StatusCreated)
}

func TestAPIDeleteAccount(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	wantStatus(t, c.api("POST", "/api/v1/me/deletion", tok, `{"password":"wrong password!!"}`), http.StatusBadRequest)
	wantStatus(t, c.api("DELETE", "/api/v1/me", tok, `{"confirmation":"made up"}`), http.StatusBadRequest)
	res := c.api("POST", "/api/v1/me/deletion", tok, `{"password":"a long test passphrase"}`)
	wantStatus(t, res, http.StatusOK)
	var conf struct{ Confirmation string }
	json.Unmarshal([]byte(res.body), &conf)
	// A confirmation is bound to its account.
	other := e.addUser("ben@example.com", onward.RoleMember)
	wantStatus(t, c.api("DELETE", "/api/v1/me", createAPIToken(t, e, other), `{"confirmation":"`+conf.Confirmation+`"}`), http.StatusBadRequest)
	wantStatus(t, c.api("DELETE", "/api/v1/me", tok, `{"confirmation":"`+conf.Confirmation+`"}`), http.StatusNoContent)
	if _, err := e.store.UserByEmail(context.Background(), "ana@example.com"); onward.ErrorCode(err) != onward.ENOTFOUND {
		t.Fatalf("the account is still there: %v", err)
	}
	wantStatus(t, c.api("GET", "/api/v1/me", tok, ""), http.StatusUnauthorized)
}

func TestAPITwoStepSignIn(t *testing.T) {
	e := newEnv(t)
	_, c, tok := apiMember(t, e)
	res := c.api("POST", "/api/v1/me/two-step/keys", tok, "")
	wantStatus(t, res, http.StatusCreated)
	var key struct {
		Secret, Key string
		OTPAuthURL  string `json:"otpauth_url"`
	}
	json.Unmarshal([]byte(res.body), &key)
	if !strings.HasPrefix(key.OTPAuthURL, "otpauth://totp/") || key.Secret == "" {
		t.Fatalf("key = %s", res.body)
	}
	wantStatus(t, c.api("PUT", "/api/v1/me/two-step", tok, `{"key":"`+key.Key+`","code":"000000"}`), http.StatusBadRequest)
	// A key sealed for another account does not open for this one.
	ben := e.addUser("ben@example.com", onward.RoleMember)
	code, _ := auth.TOTPCode(key.Secret, e.clock.now())
	wantStatus(t, c.api("PUT", "/api/v1/me/two-step", createAPIToken(t, e, ben), `{"key":"`+key.Key+`","code":"`+code+`"}`), http.StatusBadRequest)
	on := c.api("PUT", "/api/v1/me/two-step", tok, `{"key":"`+key.Key+`","code":"`+code+`"}`)
	wantStatus(t, on, http.StatusOK)
	var codes struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	if json.Unmarshal([]byte(on.body), &codes); len(codes.RecoveryCodes) != 10 {
		t.Fatalf("recovery codes = %s", on.body)
	}
	wantStatus(t, c.api("GET", "/api/v1/me", tok, ""), http.StatusUnauthorized)
	creds := `"email":"ana@example.com","password":"a long test passphrase"`
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{`+creds+`}`), http.StatusUnauthorized)
	again := c.api("POST", "/api/v1/auth/tokens", "", `{`+creds+`,"totp":"`+codes.RecoveryCodes[0]+`"}`)
	wantStatus(t, again, http.StatusCreated)
	var tok2 struct{ Token string }
	json.Unmarshal([]byte(again.body), &tok2)
	wantBody(t, c.api("GET", "/api/v1/me", tok2.Token, ""), `"two_factor_enabled": true`)
	wantStatus(t, c.api("POST", "/api/v1/me/two-step/keys", tok2.Token, ""), http.StatusConflict)
	wantStatus(t, c.api("POST", "/api/v1/me/two-step/recovery-codes", tok2.Token, `{"password":"wrong password!!"}`), http.StatusBadRequest)
	wantStatus(t, c.api("POST", "/api/v1/me/two-step/recovery-codes", tok2.Token, `{"password":"a long test passphrase"}`), http.StatusOK)
	wantStatus(t, c.api("DELETE", "/api/v1/me/two-step", tok2.Token, `{"password":"a long test passphrase"}`), http.StatusNoContent)
	wantStatus(t, c.api("POST", "/api/v1/auth/tokens", "", `{`+creds+`}`), http.StatusCreated)
}

func TestAPIMeetingAttendance(t *testing.T) {
	e := newEnv(t)
	e.seedDirectory()
	e.clock.set(mondayEvening)
	_, c, tok := apiMember(t, e)
	c.signIn(e.addUser("web@example.com", onward.RoleMember))
	id := regexpFind(t, c.get("/meetings?place=62701&time=evening").body, `action="/meetings/([^/"]+)/attended"`)
	wantStatus(t, c.api("POST", "/api/v1/meetings/no-such-meeting/attendance", tok, ""), http.StatusNotFound)
	wantBody(t, c.api("POST", "/api/v1/meetings/"+id+"/attendance", tok, ""), `"added": true`)
	again := c.api("POST", "/api/v1/meetings/"+id+"/attendance", tok, "")
	wantStatus(t, again, http.StatusOK)
	wantBody(t, again, `"added": false`)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	wantStatus(t, c.api("POST", "/api/v1/meetings/"+id+"/attendance", createAPIToken(t, e, sam), ""), http.StatusForbidden)
}
