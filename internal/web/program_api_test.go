package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// A program's queue through the API: the same requests the page lists,
// marked as the page marks them, with bad input refused by field.
func TestAdmissionRequestsThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	program := e.seedDirectory()["demo-program-1"]
	wantStatus(t, e.newClient().post("/find/"+program+"/contact", contactForm("name", "Jo Private", "email", "jo@example.com")), http.StatusSeeOther)
	lee := e.addStaffUser("lee@example.com", onward.RoleClinician, program)
	c, tok := e.newClient(), createAPIToken(t, e, lee)
	c.signIn(lee)
	type queue struct {
		AdmissionRequests []admissionRequestJSON `json:"admission_requests"`
	}
	list := decodeJSONBody[queue](t, c.api("GET", "/api/v1/programs/"+program+"/admission-requests", tok, "")).AdmissionRequests
	if len(list) != 1 || list[0].Name != "Jo Private" || list[0].Phone != "217-555-0142" || list[0].BestTime != "evening" ||
		list[0].Status != "new" || list[0].Reference == "" {
		t.Fatalf("queue %+v", list)
	}
	status := "/api/v1/admission-requests/" + list[0].ID + "/status"
	for range 2 { // a replay changes nothing more
		res := c.api("PUT", status, tok, `{"status": "contacted"}`)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"program_id": "`+program+`"`)
	}
	if got := decodeJSONBody[queue](t, c.api("GET", "/api/v1/programs/"+program+"/admission-requests", tok, "")).AdmissionRequests; got[0].Status != "contacted" {
		t.Fatalf("after the PUT: %+v", got)
	}
	wantBody(t, c.get("/program/requests?program="+program), "Contacted")
	bad := []struct {
		name, path, body string
		status           int
		says             string
	}{
		{"UnknownStatus", status, `{"status": "lost"}`, 400, "new, contacted or closed"},
		{"NoStatus", status, `{}`, 400, `"status": "Required."`},
		{"UnknownField", status, `{"status": "closed", "note": "x"}`, 400, `"note"`},
		{"NoSuchRequest", "/api/v1/admission-requests/0190f5c2-0000-7000-8000-000000000009/status", `{"status": "closed"}`, 404, ""},
		{"NotAnID", "/api/v1/admission-requests/not-an-id/status", `{"status": "closed"}`, 404, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("PUT", tt.path, tok, tt.body)
			wantStatus(t, res, tt.status)
			wantBody(t, res, tt.says)
		})
	}
}

// A program admin corrects the listing through the API: the finder shows
// it at once, and what the form's choices cannot send is refused by field.
func TestProgramListingThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	program := e.seedDirectory()["demo-program-1"]
	admin := e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, program)
	c, tok := e.newClient(), createAPIToken(t, e, admin)
	path := "/api/v1/programs/" + program + "/listing"
	before := decodeJSONBody[programJSON](t, c.api("GET", path, tok, ""))
	if public := decodeJSONBody[programJSON](t, c.api("GET", "/api/v1/programs/"+program, "", "")); public.Name != before.Name || public.Phone != before.Phone {
		t.Fatalf("the listing %+v is not the finder's %+v", before, public)
	}
	res := c.api("PUT", path, tok, `{"name": "Example Recovery Center", "phone": "217-555-0100", "website": "https://example.org",
		"lat": 39.8, "lng": -89.64, "levels": ["outpatient", "otp"], "medications": ["methadone"], "payments": ["medicaid"],
		"languages": ["en", "es"], "admissions_24h": true}`)
	wantStatus(t, res, http.StatusOK)
	public := decodeJSONBody[programJSON](t, c.api("GET", "/api/v1/programs/"+program, "", ""))
	if public.Name != "Example Recovery Center" || !public.Admissions24h || strings.Join(public.Languages, ",") != "en,es" ||
		len(public.Medications) != 1 || public.Medications[0] != "methadone" || public.Lat != 39.8 {
		t.Fatalf("the finder shows %+v", public)
	}
	bad := []struct{ name, body, field string }{
		{"UnknownLevel", `{"name": "X", "lat": 39.8, "lng": -89.6, "levels": ["spa"]}`, "levels"},
		{"UnknownPayment", `{"name": "X", "lat": 39.8, "lng": -89.6, "payments": ["bitcoin"]}`, "payments"},
		{"NoPosition", `{"name": "X"}`, "lat"},
		{"NoWhere", `{"name": "X", "lat": 0, "lng": 0}`, "lat"},
		{"FarOff", `{"name": "X", "lat": 91, "lng": 0}`, "lat"},
		{"NoName", `{"name": " ", "lat": 39.8, "lng": -89.6}`, "name"},
		{"NotAWebsite", `{"name": "X", "lat": 39.8, "lng": -89.6, "website": "javascript:alert(1)"}`, "website"},
		{"BadLanguage", `{"name": "X", "lat": 39.8, "lng": -89.6, "languages": ["English!"]}`, "languages"},
		{"WrongType", `{"name": "X", "lat": "north", "lng": -89.6}`, "lat"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("PUT", path, tok, tt.body)
			wantStatus(t, res, http.StatusBadRequest)
			if body := decodeJSONBody[apiErrorBody](t, res); body.Error.Fields[tt.field] == "" {
				t.Fatalf("no message for %s: %s", tt.field, res.body)
			}
		})
	}
	if after := decodeJSONBody[programJSON](t, c.api("GET", path, tok, "")); after.Name != "Example Recovery Center" {
		t.Fatalf("a refused PUT changed the listing: %+v", after)
	}
}

// The member's timeline through the API says, for each flag, what to do
// and how: call the member (with the number they gave for their alerts)
// or where to look; and it gives their assessments with each result.
func TestTimelineThroughTheAPISaysWhatToDo(t *testing.T) {
	f := newCareFixture(t, onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts, onward.CategoryAssessments)
	wantStatus(t, f.mc.api("PUT", "/api/v1/alert-phone", f.memberTok, `{"phone": "+1 312 555 0142"}`), http.StatusOK)
	wantStatus(t, f.mc.api("POST", "/api/v1/support-requests", f.memberTok, `{}`), http.StatusCreated)
	wantStatus(t, f.mc.api("POST", "/api/v1/assessments", f.memberTok,
		`{"instrument": "gad7", "answers": {"1": 3, "2": 3, "3": 2, "4": 2, "5": 0, "6": 0, "7": 0}}`), http.StatusCreated)
	type timeline struct {
		Flags       []timelineFlagJSON `json:"flags"`
		AlertPhone  *string            `json:"alert_phone"`
		Assessments []trendJSON        `json:"assessments"`
	}
	got := decodeJSONBody[timeline](t, f.cc.api("GET", f.enrolURL, f.clinTok, ""))
	if got.AlertPhone == nil || *got.AlertPhone != "+1 312 555 0142" {
		t.Fatalf("alert phone %v", got.AlertPhone)
	}
	var support *timelineFlagJSON
	for i := range got.Flags {
		if got.Flags[i].Code == "support_now" {
			support = &got.Flags[i]
		}
	}
	if support == nil || !support.CallMember || support.WhatToDo != "They asked for support now. Call them back as soon as you can." {
		t.Fatalf("flags %+v", got.Flags)
	}
	if len(got.Assessments) != 1 || got.Assessments[0].Instrument != "gad7" || len(got.Assessments[0].Results) != 1 ||
		got.Assessments[0].Results[0].Total != 10 {
		t.Fatalf("assessments %+v", got.Assessments)
	}

	t.Run("WhereAFlagIsDealtWith", func(t *testing.T) {
		for code, want := range map[string]string{
			"support_now":        "",
			"cows_rising":        "/api/v1/members/m1/assessments",
			"unexpected_test":    "/api/v1/programs/p/enrolments/e1/tests",
			"missed_doses":       "/api/v1/programs/p/enrolments/e1/medication",
			"attendance_below":   "/api/v1/programs/p/enrolments/e1/episode",
			"assessment_overdue": "/api/v1/members/m1/assessments",
		} {
			if got := flagOperation(code, "p", "e1", "m1"); got != want {
				t.Errorf("%s: %q, want %q", code, got, want)
			}
		}
	})
	t.Run("NoAlertsNoPhone", func(t *testing.T) {
		g := newCareFixture(t, onward.CategoryMilestones)
		if err := g.e.server.app.SaveAlertPhone(context.Background(), g.member, "+1 312 555 0142"); err != nil {
			t.Fatal(err)
		}
		res := g.cc.api("GET", g.enrolURL, g.clinTok, "")
		wantStatus(t, res, http.StatusOK)
		if strings.Contains(res.body, "alert_phone") || strings.Contains(res.body, "312 555 0142") || strings.Contains(res.body, `"assessments"`) {
			t.Fatalf("the timeline shows what the consent does not cover:\n%s", res.body)
		}
	})
}

// The operator's audit check through the API: the whole chain, verified.
func TestAuditVerificationThroughTheAPI(t *testing.T) {
	f := newCareFixture(t)
	op := f.e.addUser("operator@example.com", onward.RoleOperator)
	f.e.enableTOTP(op)
	res := f.e.newClient().api("GET", "/api/v1/audit/verification", createAPIToken(t, f.e, op), "")
	wantStatus(t, res, http.StatusOK)
	got := decodeJSONBody[struct {
		Checked int64  `json:"checked"`
		Intact  bool   `json:"intact"`
		Problem string `json:"problem"`
	}](t, res)
	want, err := f.e.store.VerifyAudit(context.Background())
	if err != nil || got.Checked != want || want == 0 || !got.Intact || got.Problem != "" {
		t.Fatalf("got %+v, the store checked %d (%v)", got, want, err)
	}
}

// Ids come from addresses anyone can type: a malformed one is refused
// cleanly (not found, or not the caller's program), never a server error
// (PostgreSQL refused a consent id's bytes with a 500, on the page too).
func TestMalformedStaffAPIIDsAreRefusedCleanly(t *testing.T) {
	f := newCareFixture(t)
	for _, bad := range []string{"%00", "%FF%FE", "not-an-id"} {
		t.Run(bad, func(t *testing.T) {
			wantStatus(t, f.cc.api("GET", "/api/v1/programs/"+bad+"/admission-requests", f.clinTok, ""), http.StatusNotFound)
			wantStatus(t, f.cc.api("PUT", "/api/v1/admission-requests/"+bad+"/status", f.clinTok, `{"status": "closed"}`), http.StatusNotFound)
			wantStatus(t, f.ac.api("GET", "/api/v1/programs/"+bad+"/listing", f.adminTok, ""), http.StatusNotFound)
			wantStatus(t, f.ac.api("PUT", "/api/v1/programs/"+bad+"/listing", f.adminTok, `{"name": "X", "lat": 39.8, "lng": -89.6}`),
				http.StatusNotFound)
			wantStatus(t, f.cc.api("GET", "/api/v1/program-members/"+bad, f.clinTok, ""), http.StatusNotFound)
			wantStatus(t, f.cc.get("/program/members/"+bad), http.StatusNotFound)
		})
	}
}

func TestReportCSVIsAskedForByAccept(t *testing.T) {
	tests := []struct {
		accept string
		csv    bool
	}{
		{"", false},
		{"*/*", false},
		{"application/json", false},
		{"text/csv", true},
		{"text/csv; charset=utf-8", true},
		{"text/csv, application/json;q=0.5", true},
		{"text/csv;q=0.5, application/json", false},
		{"application/json;q=0.2, text/csv;q=0.9", true},
		{"text/csv, application/json", false},
		{"text/csv;q=0", false},
		{"text/csv;q=nonsense", false},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "/api/v1/programs/p/reports", nil)
		r.Header.Set("Accept", tt.accept)
		if got := prefersCSV(r); got != tt.csv {
			t.Errorf("Accept %q: CSV %v, want %v", tt.accept, got, tt.csv)
		}
	}
}

// A program's enrolment and staff work done through the API alone, each answer
// checked against the OpenAPI document: an invitation accepted, a request
// declined, a flag acknowledged, a note, the care team, the program's settings,
// a staff member's title and a staff invitation withdrawn.
func TestProgramWorkThroughTheAPI(t *testing.T) {
	f := newProgramFixture(t)
	e, c := f.e, f.e.newClient()
	lee, admin := createAPIToken(t, e, f.lee), createAPIToken(t, e, f.admin)
	program := "/api/v1/programs/" + f.programID
	enrolment := program + "/enrolments/" + f.enrolmentID
	consentTo := func(tok string) {
		t.Helper()
		wantStatus(t, c.api("POST", "/api/v1/program-consents", tok, `{"program_id": "`+f.programID+`", "share": ["milestones"],
			"purpose": "treatment", "expiry": "end_of_treatment", "patient_name": "Jo Doe", "signature": "jo doe",
			"revocation_understood": true}`), http.StatusCreated)
	}

	invitation := decodeJSONBody[struct {
		Code string `json:"code"`
	}](t, c.api("POST", program+"/invitations", lee, `{"name": "Jo D."}`))
	jo := createAPIToken(t, e, e.addUser("jo@example.com", onward.RoleMember))
	consentTo(jo)
	wantStatus(t, c.api("POST", "/api/v1/enrolment-invitations/"+invitation.Code+"/accept", jo, ""), http.StatusCreated)

	sam := createAPIToken(t, e, e.addUser("sam@example.com", onward.RoleMember))
	consentTo(sam)
	wantStatus(t, c.api("POST", "/api/v1/programs/"+f.programID+"/enrolment-requests", sam, ""), http.StatusAccepted)
	requested := decodeJSONBody[struct {
		Enrolments []enrolmentJSON `json:"enrolments"`
	}](t, c.api("GET", "/api/v1/enrolments", sam, "")).Enrolments
	if len(requested) != 1 || requested[0].Status != "requested" {
		t.Fatalf("enrolments %+v", requested)
	}
	wantStatus(t, c.api("POST", program+"/enrolments/"+requested[0].ID+"/answer", lee, `{"accept": false}`), http.StatusNoContent)

	wantStatus(t, f.mc.post("/support-now", nil), http.StatusSeeOther)
	wantStatus(t, c.api("POST", enrolment+"/acknowledgements", lee, `{"flag": "support_now", "note": "Called back."}`), http.StatusNoContent)
	wantStatus(t, c.api("POST", enrolment+"/notes", lee, `{"kind": "care", "body": "Seen today."}`), http.StatusCreated)
	wantStatus(t, c.api("PUT", enrolment+"/care-team", lee, `{"staff_ids": ["`+f.lee.ID+`"]}`), http.StatusNoContent)

	wantStatus(t, c.api("PUT", program+"/settings", admin, `{"no_checkin_days": 3, "escalate_after_minutes": 30}`), http.StatusNoContent)
	wantStatus(t, c.api("PUT", program+"/assessment-settings", admin, `{"buprenorphine_start_threshold": 10}`), http.StatusOK)
	wantStatus(t, c.api("PUT", program+"/staff/"+f.lee.ID+"/title", admin, `{"title": "nurse"}`), http.StatusNoContent)
	invite := decodeJSONBody[staffInviteJSON](t, c.api("POST", program+"/staff-invitations", admin, `{"email": "kim@example.com", "title": "clinician"}`))
	wantStatus(t, c.api("DELETE", program+"/staff-invitations/"+invite.ID, admin, ""), http.StatusNoContent)

	timeline := decodeJSONBody[struct {
		Flags []timelineFlagJSON `json:"flags"`
		Notes []noteJSON         `json:"notes"`
	}](t, c.api("GET", enrolment, lee, ""))
	if len(timeline.Flags) != 0 || len(timeline.Notes) != 1 || timeline.Notes[0].Body != "Seen today." {
		t.Fatalf("after the work: flags %+v, notes %+v", timeline.Flags, timeline.Notes)
	}
}
