package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// medFixture is a program with a clinician and a program admin, a member
// enrolled there whose consent covers medication, another program with
// its own clinician and member, and a supporter.
type medFixture struct {
	e                            *testEnv
	programA, programB           string
	member, otherMember          *onward.User
	enrolment, otherEnrolment    string
	nurse, admin, otherClinician *onward.User
	supporter                    *onward.User
}

func newMedFixture(t *testing.T) *medFixture {
	t.Helper()
	e := newEnv(t)
	ids := e.seedDirectory()
	f := &medFixture{e: e, programA: ids["demo-program-1"], programB: ids["demo-program-2"]}
	if f.programA == "" || f.programB == "" {
		t.Fatalf("demo programs: %v", ids)
	}
	f.nurse = e.addStaffUser("nurse@example.com", onward.RoleClinician, f.programA)
	f.admin = e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, f.programA)
	f.otherClinician = e.addStaffUser("other.clinician@example.com", onward.RoleClinician, f.programB)
	f.member = e.addUser("chris@example.com", onward.RoleMember)
	f.otherMember = e.addUser("dana@example.com", onward.RoleMember)
	f.supporter = e.addUser("sam@example.com", onward.RoleSupporter)
	f.enrolment = f.enrol(f.member, f.programA, []onward.Category{onward.CategoryMilestones, onward.CategoryMedication}, f.nurse)
	f.otherEnrolment = f.enrol(f.otherMember, f.programB, []onward.Category{onward.CategoryMedication}, f.otherClinician)
	return f
}

// enrol makes member an active member of programID under a consent to
// categories, with staff on the care team.
func (f *medFixture) enrol(member *onward.User, programID string, categories []onward.Category, staff *onward.User) string {
	f.e.t.Helper()
	ctx := context.Background()
	var id string
	err := f.e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		c := &onward.ProgramConsent{MemberID: member.ID, ProgramID: programID, Categories: categories, Purpose: onward.PurposeTreatment,
			PatientName: member.DisplayName, Signature: member.DisplayName, UntilEndOfTreatment: true}
		if err := tx.CreateProgramConsent(ctx, c); err != nil {
			return err
		}
		var err error
		if id, err = tx.RequestEnrolment(ctx, programID, member.ID, c.ID); err != nil {
			return err
		}
		if err := tx.SetEnrolmentStatus(ctx, programID, id, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
			return err
		}
		return tx.SetCareTeam(ctx, programID, id, []string{staff.ID})
	})
	if err != nil {
		f.e.t.Fatal(err)
	}
	f.e.clock.advance(1e9)
	return id
}

// call sends a JSON request with u's API token.
func (f *medFixture) call(u *onward.User, method, path, body string) response {
	f.e.t.Helper()
	return f.e.newClient().api(method, path, createAPIToken(f.e.t, f.e, u), body)
}

// count counts the rows of a table.
func (f *medFixture) count(table string) int {
	f.e.t.Helper()
	var n int
	if err := f.e.store.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		f.e.t.Fatal(err)
	}
	return n
}

// order writes a methadone order of 60 mg at 08:00 from today as the
// nurse, and returns its series id.
func (f *medFixture) order(body string) (string, response) {
	f.e.t.Helper()
	if body == "" {
		body = `{"kind": "methadone", "form": "oral_liquid", "dose_mg": 60, "times": ["08:00"], "start_on": "2026-11-21"}`
	}
	res := f.call(f.nurse, "POST", "/api/v1/programs/"+f.programA+"/enrolments/"+f.enrolment+"/dose-orders", body)
	var out struct {
		Order struct {
			SeriesID string `json:"series_id"`
		} `json:"order"`
	}
	json.Unmarshal([]byte(res.body), &out)
	return out.Order.SeriesID, res
}

func wantField(t *testing.T, r response, status int, field, msg string) {
	t.Helper()
	wantStatus(t, r, status)
	var body apiErrorBody
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("not an error body: %s", r.body)
	}
	if got := body.Error.Fields[field]; !strings.Contains(got, msg) {
		t.Fatalf("error on %s is %q, want %q; body %s", field, got, msg, r.body)
	}
}

// Every medication route as each kind of person: only those allowed get
// through, the others are refused with a 4xx (never a 500), and a visitor
// is sent to sign in.
func TestMedicationRouteAccess(t *testing.T) {
	f := newMedFixture(t)
	e := f.e
	series, res := f.order("")
	wantStatus(t, res, http.StatusCreated)
	member := e.newClient()
	member.signIn(f.member)
	enrolmentPage := "/program/enrolments/" + f.enrolment + "/medication?program=" + f.programA
	tests := []struct {
		who    *onward.User
		method string
		path   string
		want   int
	}{
		{nil, "GET", "/medication", http.StatusSeeOther},
		{f.member, "GET", "/medication", http.StatusOK},
		{f.member, "GET", "/medication/plans/new?kind=naloxone", http.StatusOK},
		{f.member, "GET", "/medication/plans/new?kind=aspirin", http.StatusNotFound},
		{f.supporter, "GET", "/medication", http.StatusForbidden},
		{f.nurse, "GET", "/medication", http.StatusForbidden},
		{f.supporter, "GET", "/supporting/" + f.member.ID + "/medication", http.StatusForbidden},
		{f.nurse, "GET", "/supporting/" + f.member.ID + "/medication", http.StatusOK},
		{f.otherClinician, "GET", "/supporting/" + f.member.ID + "/medication", http.StatusForbidden},
		{f.otherMember, "GET", "/supporting/" + f.member.ID + "/medication", http.StatusForbidden},
		{f.member, "GET", "/program/dosing", http.StatusForbidden},
		{f.nurse, "GET", "/program/dosing", http.StatusOK},
		{f.admin, "GET", "/program/dosing", http.StatusOK},
		{f.nurse, "GET", enrolmentPage, http.StatusOK},
		{f.otherClinician, "GET", enrolmentPage, http.StatusForbidden},
		{f.otherClinician, "GET", "/program/enrolments/" + f.enrolment + "/medication?program=" + f.programB, http.StatusNotFound},
		{f.member, "GET", enrolmentPage, http.StatusForbidden},
	}
	for _, tt := range tests {
		name := "visitor"
		c := e.newClient()
		if tt.who != nil {
			name = tt.who.Email
			c.signIn(tt.who)
		}
		t.Run(name+" "+tt.path, func(t *testing.T) {
			if res := c.get(tt.path); res.status != tt.want {
				t.Fatalf("status %d, want %d\n%s", res.status, tt.want, truncate(res.body))
			}
		})
	}
	dose := fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "taken"}`, series)
	api := []struct {
		who    *onward.User
		method string
		path   string
		body   string
		want   int
	}{
		{nil, "GET", "/api/v1/medication", "", http.StatusUnauthorized},
		{f.member, "GET", "/api/v1/medication", "", http.StatusOK},
		{f.nurse, "GET", "/api/v1/medication", "", http.StatusForbidden},
		{f.supporter, "GET", "/api/v1/members/" + f.member.ID + "/medication", "", http.StatusForbidden},
		{f.nurse, "GET", "/api/v1/members/" + f.member.ID + "/medication", "", http.StatusOK},
		{f.member, "GET", "/api/v1/programs/" + f.programA + "/dosing", "", http.StatusForbidden},
		{f.otherClinician, "GET", "/api/v1/programs/" + f.programA + "/dosing", "", http.StatusForbidden},
		{f.nurse, "GET", "/api/v1/programs/" + f.programA + "/dosing", "", http.StatusOK},
		{f.otherClinician, "GET", "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment + "/medication", "", http.StatusForbidden},
		{f.nurse, "GET", "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment + "/medication", "", http.StatusOK},
		{f.member, "POST", "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment + "/doses", dose, http.StatusForbidden},
		{f.otherClinician, "POST", "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment + "/doses", dose, http.StatusForbidden},
		// An order for another program's member: not found at this program.
		{f.nurse, "POST", "/api/v1/programs/" + f.programA + "/enrolments/" + f.otherEnrolment + "/dose-orders",
			`{"kind": "methadone", "form": "oral_liquid", "dose_mg": 60, "times": ["08:00"], "start_on": "2026-11-21"}`, http.StatusNotFound},
		{f.admin, "POST", "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment + "/dose-orders",
			`{"kind": "methadone", "form": "oral_liquid", "dose_mg": 60, "times": ["08:00"], "start_on": "2026-11-21"}`, http.StatusForbidden},
		{f.nurse, "PUT", "/api/v1/programs/" + f.programA + "/medication-settings", `{"missed_doses": 3}`, http.StatusForbidden},
		{f.admin, "PUT", "/api/v1/programs/" + f.programA + "/medication-settings", `{"missed_doses": 3, "take_home_policy": "0:3,31:14"}`, http.StatusOK},
		{f.member, "PUT", "/api/v1/medication/settings", `{"alert_missed": true}`, http.StatusOK},
	}
	for _, tt := range api {
		name := "visitor"
		if tt.who != nil {
			name = tt.who.Email
		}
		t.Run(name+" "+tt.method+" "+tt.path, func(t *testing.T) {
			var res response
			if tt.who == nil {
				res = e.newClient().api(tt.method, tt.path, "", tt.body)
			} else {
				res = f.call(tt.who, tt.method, tt.path, tt.body)
			}
			if res.status != tt.want {
				t.Fatalf("status %d, want %d\n%s", res.status, tt.want, res.body)
			}
		})
	}
}

// Bad input at the member's API is refused with its reason and a 4xx, and
// writes nothing; a double tap or an offline replay records once.
func TestMedicationMemberInput(t *testing.T) {
	f := newMedFixture(t)
	plan := `{"kind": "buprenorphine", "form": "film", "dose_mg": 16, "times": ["08:00"], "start_on": "2026-11-20", "client_id": "plan-1"}`
	first := f.call(f.member, "POST", "/api/v1/medication/plans", plan)
	wantStatus(t, first, http.StatusCreated)
	wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/plans", plan), http.StatusOK)
	if n := f.count("medication_plans"); n != 1 {
		t.Fatalf("%d plans after a replay, want 1", n)
	}
	var p struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	json.Unmarshal([]byte(first.body), &p)

	plans := []struct{ name, body, field, msg string }{
		{"NegativeDose", `{"kind": "buprenorphine", "form": "film", "dose_mg": -16, "times": ["08:00"], "start_on": "2026-11-20"}`, "dose_mg", "between 0.1 and 32 mg"},
		{"AbsurdDose", `{"kind": "methadone", "form": "oral_liquid", "dose_mg": 4000, "times": ["08:00"], "start_on": "2026-11-20"}`, "dose_mg", "between 1 and 400 mg"},
		{"XRNaltrexoneIs380", `{"kind": "naltrexone", "form": "xr_injection", "dose_mg": 300, "next_due": "2026-12-01", "start_on": "2026-11-20"}`, "dose_mg", "between 380 and 380 mg"},
		{"UnknownMedicine", `{"kind": "fentanyl", "form": "film", "dose_mg": 1, "times": ["08:00"], "start_on": "2026-11-20"}`, "kind", "Choose the medicine."},
		{"BadTime", `{"kind": "buprenorphine", "form": "film", "dose_mg": 8, "times": ["8 in the morning"], "start_on": "2026-11-20"}`, "times", "Write times like 08:00."},
		{"KitWithoutExpiry", `{"kind": "naloxone", "form": "nasal_spray", "start_on": "2026-11-20"}`, "kit_expires", "expiry date"},
		{"BadDate", `{"kind": "buprenorphine", "form": "film", "dose_mg": 8, "times": ["08:00"], "start_on": "20 Nov"}`, "start_on", "Use a date like"},
	}
	for _, tt := range plans {
		t.Run(tt.name, func(t *testing.T) {
			wantField(t, f.call(f.member, "POST", "/api/v1/medication/plans", tt.body), http.StatusBadRequest, tt.field, tt.msg)
		})
	}
	for _, bad := range []string{`null`, `[]`, `{"kind": "buprenorphine", "colour": "red"}`, `{"kind": `} {
		wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/plans", bad), http.StatusBadRequest)
	}
	if n := f.count("medication_plans"); n != 1 {
		t.Fatalf("%d plans after refused input, want 1", n)
	}
	// A change from an old version is refused.
	change := fmt.Sprintf(`{"kind": "buprenorphine", "form": "film", "dose_mg": 12, "times": ["08:00"], "start_on": "2026-11-20", "version": %d}`, p.Version)
	wantStatus(t, f.call(f.member, "PUT", "/api/v1/medication/plans/"+p.ID, change), http.StatusOK)
	wantStatus(t, f.call(f.member, "PUT", "/api/v1/medication/plans/"+p.ID, change), http.StatusConflict)
	wantStatus(t, f.call(f.otherMember, "PUT", "/api/v1/medication/plans/"+p.ID, change), http.StatusNotFound)

	dose := func(pairs string) string { return fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00"%s}`, p.ID, pairs) }
	doses := []struct{ name, body, field, msg string }{
		{"Future", dose(`, "day": "2026-11-22", "status": "taken"`), "day", "A dose cannot be in the future."},
		{"FutureTime", dose(`, "status": "taken", "taken_at": "2026-11-21T23:00:00Z"`), "taken_at", "A dose cannot be in the future."},
		{"Negative", dose(`, "status": "taken", "dose_mg": -8`), "dose_mg", "between 0.1 and 32 mg"},
		{"Absurd", dose(`, "status": "taken", "dose_mg": 800`), "dose_mg", "between 0.1 and 32 mg"},
		{"NotPlanned", fmt.Sprintf(`{"schedule_id": %q, "slot": "13:00", "status": "taken"}`, p.ID), "slot", "There is no planned dose"},
		{"BeforeThePlan", dose(`, "day": "2026-11-19", "status": "taken"`), "slot", "There is no planned dose"},
		{"MemberCannotRefuse", dose(`, "status": "refused"`), "status", "Choose what happened."},
		{"TooFarBack", dose(`, "day": "2026-11-01", "status": "missed"`), "day", "up to 7 days back"},
	}
	for _, tt := range doses {
		t.Run(tt.name, func(t *testing.T) {
			wantField(t, f.call(f.member, "POST", "/api/v1/medication/doses", tt.body), http.StatusBadRequest, tt.field, tt.msg)
		})
	}
	wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/doses", `{"schedule_id": "nope", "slot": "08:00", "status": "taken"}`), http.StatusNotFound)
	if n := f.count("medication_doses"); n != 0 {
		t.Fatalf("%d doses after refused input, want none", n)
	}
	tap := dose(`, "status": "taken", "client_id": "tap-1"`)
	wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/doses", tap), http.StatusCreated)
	wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/doses", tap), http.StatusOK)
	if n := f.count("medication_doses"); n != 1 {
		t.Fatalf("%d doses after a double tap, want 1", n)
	}
	// The member's own correction of their log.
	wantStatus(t, f.call(f.member, "POST", "/api/v1/medication/doses", dose(`, "status": "late", "client_id": "tap-2"`)), http.StatusOK)
	list := f.call(f.member, "GET", "/api/v1/medication/doses?from=2026-11-21&to=2026-11-21", "")
	wantBody(t, list, `"status": "late"`, `"version": 2`)
	wantField(t, f.call(f.member, "GET", "/api/v1/medication/doses?from=2025-01-01&to=2026-11-21", ""), http.StatusBadRequest, "to", "")
}

// The program side: versions, the naltrexone start rule, the dosing
// window's records and the take-home ceiling, each bad input a 4xx with
// nothing written.
func TestMedicationProgramInput(t *testing.T) {
	f := newMedFixture(t)
	base := "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment
	series, res := f.order("")
	wantStatus(t, res, http.StatusCreated)

	// A change is a new version.
	v2 := fmt.Sprintf(`{"series_id": %q, "kind": "methadone", "form": "oral_liquid", "dose_mg": 70, "times": ["08:00"], "start_on": "2026-11-22"}`, series)
	wantStatus(t, f.call(f.nurse, "POST", base+"/dose-orders", v2), http.StatusCreated)
	if n := f.count("dose_orders"); n != 2 {
		t.Fatalf("%d order rows after a change, want 2 (versions are never overwritten)", n)
	}
	orders := []struct{ name, body, field, msg string }{
		{"Negative", `{"kind": "methadone", "form": "oral_liquid", "dose_mg": -60, "times": ["08:00"], "start_on": "2026-11-21"}`, "dose_mg", "between 1 and 400 mg"},
		{"Absurd", `{"kind": "buprenorphine", "form": "film", "dose_mg": 320, "times": ["08:00"], "start_on": "2026-11-21"}`, "dose_mg", "between 0.1 and 32 mg"},
		{"Backdated", `{"kind": "methadone", "form": "oral_liquid", "dose_mg": 60, "times": ["08:00"], "start_on": "2026-11-01"}`, "start_on", "cannot start before yesterday"},
		{"NaltrexoneTooSoon", `{"kind": "naltrexone", "form": "xr_injection", "dose_mg": 380, "start_on": "2026-11-21", "last_opioid_use": "2026-11-18"}`, "override", "The start rule is not met"},
	}
	for _, tt := range orders {
		t.Run(tt.name, func(t *testing.T) {
			wantField(t, f.call(f.nurse, "POST", base+"/dose-orders", tt.body), http.StatusBadRequest, tt.field, tt.msg)
		})
	}
	// The start rule's reasons come with the refusal: 3 opioid-free days,
	// and methadone today.
	nal := `{"kind": "naltrexone", "form": "xr_injection", "dose_mg": 380, "start_on": "2026-11-21", "last_opioid_use": "2026-11-18"`
	res = f.call(f.nurse, "POST", base+"/dose-orders", nal+`}`)
	wantBody(t, res, "Only 3 opioid-free days before the start", "Methadone was taken 0 days before the start")
	res = f.call(f.nurse, "POST", base+"/dose-orders", nal+`, "override": "Inpatient detox, naloxone challenge negative; starting today."}`)
	wantStatus(t, res, http.StatusCreated)
	wantBody(t, res, "Only 3 opioid-free days")
	if n := f.count("dose_orders"); n != 3 {
		t.Fatalf("%d order rows, want 3", n)
	}

	// The dosing window.
	dose := fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "taken", "client_id": "window-1"}`, series)
	wantStatus(t, f.call(f.nurse, "POST", base+"/doses", dose), http.StatusCreated)
	wantStatus(t, f.call(f.nurse, "POST", base+"/doses", dose), http.StatusOK)
	res = f.call(f.nurse, "POST", base+"/doses", strings.Replace(dose, "window-1", "window-2", 1))
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "This dose is already recorded.")
	wantField(t, f.call(f.nurse, "POST", base+"/doses", fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "day": "2026-11-22", "status": "taken"}`, series)),
		http.StatusBadRequest, "day", "A dose cannot be in the future.")
	wantField(t, f.call(f.nurse, "POST", base+"/doses", fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "taken", "dose_mg": -1}`, series)),
		http.StatusBadRequest, "dose_mg", "between 1 and 400 mg")
	if n := f.count("medication_doses"); n != 1 {
		t.Fatalf("%d doses, want the one observed", n)
	}

	// Take-homes: day 0 in treatment, the ceiling is 7.
	decision := func(days int) string {
		return fmt.Sprintf(`{"series_id": %q, "days": %d, "reason": "criteria_met", "review_on": "2026-12-05", "benefit_outweighs_risk": true,
			"criteria": {"stability": true, "attendance": true, "behaviour": true, "diversion": true, "storage": true}}`, series, days)
	}
	wantField(t, f.call(f.nurse, "POST", base+"/take-home-decisions", decision(8)), http.StatusBadRequest, "days",
		"Beyond the ceiling: on day 0 in treatment the most is 7 take-home days")
	wantStatus(t, f.call(f.nurse, "POST", base+"/take-home-decisions", decision(7)), http.StatusCreated)
	wantField(t, f.call(f.nurse, "POST", base+"/take-home-decisions", fmt.Sprintf(`{"series_id": %q, "days": 0, "reason": "missed_doses"}`, series)),
		http.StatusBadRequest, "review_on", "Give a review date.")
	supply := func(days, closure int, client string) string {
		return fmt.Sprintf(`{"series_id": %q, "days": %d, "closure_days": %d, "bottles": %d, "client_id": %q}`, series, days, closure, days, client)
	}
	wantField(t, f.call(f.nurse, "POST", base+"/take-home-supplies", supply(9, 1, "s0")), http.StatusBadRequest, "days", "Beyond the ceiling")
	wantStatus(t, f.call(f.nurse, "POST", base+"/take-home-supplies", supply(8, 1, "s1")), http.StatusCreated)
	wantStatus(t, f.call(f.nurse, "POST", base+"/take-home-supplies", supply(8, 1, "s1")), http.StatusOK)
	wantStatus(t, f.call(f.nurse, "POST", base+"/take-home-supplies", supply(2, 0, "s2")), http.StatusConflict)
	if n := f.count("take_home_dispenses"); n != 1 {
		t.Fatalf("%d supplies, want 1", n)
	}

	// The member sees the decision, its reason and the review date.
	res = f.call(f.member, "GET", "/api/v1/medication", "")
	wantBody(t, res, `"review_on": "2026-12-05"`, `"reason_text": "The considerations are met"`)
	if strings.Contains(res.body, `"criteria"`) {
		t.Errorf("the member's view carries the clinician's criteria:\n%s", res.body)
	}
}

// The day's dosing list records the read of each member's medication it
// shows, before it shows it, and shows nobody whose consent leaves
// medication out.
func TestDosingListRecordsEachRead(t *testing.T) {
	f := newMedFixture(t)
	withheld := f.e.addUser("withheld@example.com", onward.RoleMember)
	f.enrol(withheld, f.programA, []onward.Category{onward.CategoryMilestones}, f.nurse)
	_, res := f.order("")
	wantStatus(t, res, http.StatusCreated)
	before, _ := f.e.store.AccessByOthers(context.Background(), f.member.ID, 100)
	c := f.e.newClient()
	c.signIn(f.nurse)
	page := c.get("/program/dosing?program=" + url.QueryEscape(f.programA))
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, f.member.DisplayName, "60 mg", `value="taken"`)
	if strings.Contains(page.body, withheld.DisplayName) {
		t.Error("the dosing list shows a member whose consent does not cover medication")
	}
	after, _ := f.e.store.AccessByOthers(context.Background(), f.member.ID, 100)
	if len(after) != len(before)+1 || after[0].Category != onward.CategoryMedication || after[0].ActorID != f.nurse.ID || !after[0].Allowed {
		t.Fatalf("the list's read is not recorded as one medication read by the nurse: %+v", after)
	}
	if log, _ := f.e.store.AccessByOthers(context.Background(), withheld.ID, 100); len(log) != 0 {
		t.Errorf("the withheld member's log has %+v", log)
	}
	// The window's form records once, however often it is sent.
	series := regexpFind(t, page.body, `name="schedule" value="([^"]+)"`)
	form := url.Values{"program": {f.programA}, "enrolment": {f.enrolment}, "schedule": {series}, "day": {"2026-11-21"}, "slot": {"08:00"},
		"status": {"taken"}, "client_id": {"web-form-1"}}
	for range 2 {
		res := c.post("/program/dosing/doses", form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("recording a dose: %d\n%s", res.status, truncate(res.body))
		}
	}
	if n := f.count("medication_doses"); n != 1 {
		t.Fatalf("%d doses after a double submit, want 1", n)
	}
	form.Set("client_id", "web-form-2")
	res = c.post("/program/dosing/doses", form)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "This dose is already recorded.")
}

// The member's forms: a plan, a dose and the stop that leads to the
// lost-tolerance notice, in HTML.
func TestMedicationMemberForms(t *testing.T) {
	f := newMedFixture(t)
	c := f.e.newClient()
	c.signIn(f.member)
	res := c.post("/medication/plans", url.Values{"kind": {"methadone"}, "form": {"oral_liquid"}, "dose_mg": {"abc"}, "times": {"08:00"},
		"start_on": {"2026-11-20"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Enter a number, like 7 or 6.5.", `id="dose_mg-error"`)
	res = c.post("/medication/plans", url.Values{"kind": {"methadone"}, "form": {"oral_liquid"}, "dose_mg": {"80"}, "times": {"08:00", "", "", ""},
		"start_on": {"2026-11-20"}, "client_id": {"form-1"}})
	wantStatus(t, res, http.StatusSeeOther)
	page := c.get("/medication")
	wantBody(t, page, "Methadone", "80 mg", "Benzodiazepines, alcohol and sleeping pills", "Do not stop your medicine because of this")
	planID := regexpFind(t, page.body, `action="/medication/plans/([^"/]+)/stop"`)
	res = c.post("/medication/doses", url.Values{"schedule": {planID}, "day": {"2026-11-21"}, "slot": {"08:00"}, "status": {"missed"}, "setting": {"home"},
		"client_id": {"d-1"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = c.post("/medication/plans/"+planID+"/stop", url.Values{"stopped_on": {"2026-11-21"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != "/medication#safety" {
		t.Fatalf("after stopping, sent to %q", loc)
	}
	page = c.get("/medication")
	wantBody(t, page, "Your tolerance may be lower now", "A dose you used to take can now stop your breathing")
	res = c.post("/medication/plans/"+planID+"/stop", url.Values{"stopped_on": {"2026-11-25"}})
	wantStatus(t, res, http.StatusBadRequest)
}

// A drug test is judged against the member's medication itself: the dose
// orders of their programs (and their own plans), the recovery profile's
// single field only when Onward knows of no medication at all.
func TestDrugTestsAreJudgedAgainstTheDoseOrders(t *testing.T) {
	orderToday := func(t *testing.T, f *careFixture, kind, form string, mg int) {
		t.Helper()
		today := recovery.DateOf(f.e.clock.now(), app.Location(f.member.TimeZone))
		body := fmt.Sprintf(`{"kind": %q, "form": %q, "dose_mg": %d, "times": ["08:00"], "start_on": %q, "last_opioid_use": %q}`,
			kind, form, mg, today, today.AddDays(-20))
		wantStatus(t, f.cc.api("POST", f.enrolURL+"/dose-orders", f.clinTok, body), http.StatusCreated)
	}
	caseloadHas := func(f *careFixture, code string) bool {
		return strings.Contains(f.cc.api("GET", f.programs+"/caseload", f.clinTok, "").body, `"code": "`+code+`"`)
	}
	t.Run("MethadoneOrderOverAStaleProfile", func(t *testing.T) {
		f := newCareFixture(t) // the profile still says buprenorphine
		orderToday(t, f, "methadone", "oral_liquid", 80)
		test := f.recordTest(t, f.testJSON("m1", "methadone", "positive", "buprenorphine", "negative", "fentanyl", "negative"), http.StatusCreated)
		if test.Unexpected || len(test.Prescribed) != 1 || test.Prescribed[0] != "methadone" {
			t.Fatalf("a methadone-positive, buprenorphine-negative test of a member on a methadone order: %+v; want it expected", test)
		}
		if caseloadHas(f, "unexpected_test") {
			t.Error("the caseload flags an expected test")
		}
	})
	t.Run("BuprenorphineOrderWithoutProfile", func(t *testing.T) {
		f := newCareFixture(t)
		setProfileMedication(t, f, "none")
		orderToday(t, f, "buprenorphine", "film", 16)
		test := f.recordTest(t, f.testJSON("b1", "buprenorphine", "negative", "fentanyl", "negative"), http.StatusCreated)
		if !test.Unexpected || len(test.Prescribed) != 1 || test.Prescribed[0] != "buprenorphine" {
			t.Fatalf("a buprenorphine-negative test of a member on a buprenorphine order: %+v; want it unexpected", test)
		}
		if !caseloadHas(f, "unexpected_test") {
			t.Error("the caseload does not flag the buprenorphine-negative test")
		}
	})
	t.Run("NaltrexoneAndANaloxoneKitAreNoFinding", func(t *testing.T) {
		f := newCareFixture(t)
		orderToday(t, f, "naltrexone", "oral_tablet", 50)
		res := f.e.newClient().api("POST", "/api/v1/medication/plans", f.memberTok,
			`{"kind": "naloxone", "form": "nasal_spray", "dose_mg": 4, "kit_expires": "2030-01-01", "start_on": "2026-01-01"}`)
		wantStatus(t, res, http.StatusCreated)
		test := f.recordTest(t, f.testJSON("n1", "buprenorphine", "negative", "methadone", "negative", "opiates", "negative"), http.StatusCreated)
		if test.Unexpected || len(test.Prescribed) != 0 {
			t.Fatalf("a member on naltrexone with a naloxone kit, all negative: %+v; want expected with nothing prescribed", test)
		}
	})
}

// setProfileMedication sets the medication field of the fixture member's
// recovery profile, as the member would on their profile page.
func setProfileMedication(t *testing.T, f *careFixture, medication string) {
	t.Helper()
	ctx := context.Background()
	err := f.e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: f.member.ID, Role: f.member.Role},
			SubjectID: f.member.ID, Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
		if err != nil {
			return err
		}
		return tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: f.member.ID, LastUse: recovery.DateOf(tx.Now, time.UTC).AddDays(-30),
			Substances: []string{"fentanyl"}, Medication: medication, TreatmentLevel: "outpatient"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// What a person on a phone would stumble over: stopping a medicine or a
// kit is a disclosure to open before the button (no stop by a stray tap),
// a kit is not a dose to note, a member whose only medicine is the
// program's is not told they have none, and the dosing list stacks into
// one labelled card per dose on a narrow screen.
func TestMedicationPagesOnAPhone(t *testing.T) {
	f := newMedFixture(t)
	c := f.e.newClient()
	c.signIn(f.member)
	series, res := f.order("")
	wantStatus(t, res, http.StatusCreated)
	page := c.get("/medication")
	wantBody(t, page, "You have not added a medicine of your own.", "From my treatment program")
	// Noting an earlier dose says nothing until the member chooses what happened.
	if strings.Contains(page.body, `name="status" value="late" checked`) || strings.Contains(page.body, `name="status" value="taken" checked`) {
		t.Error("the earlier dose form comes with an answer chosen for the member")
	}
	wantStatus(t, c.post("/medication/doses", url.Values{"schedule": {series}, "day": {"2026-11-21"}, "slot": {"08:00"}, "status": {"taken"},
		"client_id": {"clinic-1"}}), http.StatusBadRequest) // the clinic records its doses
	res = c.post("/medication/plans", url.Values{"kind": {"buprenorphine"}, "form": {"film"}, "dose_mg": {"8"}, "times": {"20:00"},
		"start_on": {"2026-11-20"}, "client_id": {"bup-1"}})
	wantStatus(t, res, http.StatusSeeOther)
	planID := regexpFind(t, c.get("/medication").body, `action="/medication/plans/([^"/]+)/stop"`)
	res = c.post("/medication/doses", url.Values{"schedule": {planID}, "day": {"2026-11-20"}, "slot": {"20:00"}, "client_id": {"earlier-1"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Choose what happened.")
	if n := f.count("medication_doses"); n != 0 {
		t.Fatalf("%d doses recorded without an answer", n)
	}
	res = c.post("/medication/plans", url.Values{"kind": {"naloxone"}, "form": {"nasal_spray"}, "dose_mg": {"4"}, "kit_expires": {"2027-06-01"},
		"start_on": {"2026-11-20"}, "client_id": {"kit-1"}})
	wantStatus(t, res, http.StatusSeeOther)
	page = c.get("/medication")
	var med struct {
		Plans []struct{ ID, Kind string } `json:"plans"`
	}
	if err := json.Unmarshal([]byte(f.call(f.member, "GET", "/api/v1/medication", "").body), &med); err != nil {
		t.Fatal(err)
	}
	var kitID string
	for _, p := range med.Plans {
		if p.Kind == "naloxone" {
			kitID = p.ID
		}
	}
	if kitID == "" {
		t.Fatalf("the member's medication lists no kit: %+v", med)
	}
	wantBody(t, page, `<details class="more stop">`, "I no longer have this kit", "Yes, I no longer have it")
	if strings.Contains(page.body, `<option value="`+kitID+`"`) {
		t.Error("a naloxone kit is offered as a dose to note")
	}
	if strings.Contains(page.body, "You have not added a medicine") {
		t.Error("a member with a kit is told they have added no medicine")
	}
	nurse := f.e.newClient()
	nurse.signIn(f.nurse)
	list := nurse.get("/program/dosing?program=" + url.QueryEscape(f.programA))
	wantBody(t, list, `class="dosing stack"`, `data-label="Today’s order"`, `data-label="Record"`, "To give: 1 · done: 0")
	// A lookup's counts are the lookup's, said as such, with the way back.
	found := nurse.get("/program/dosing?program=" + url.QueryEscape(f.programA) + "&q=nobody")
	wantBody(t, found, "For “nobody”: 0 to give · 0 done (not the whole day).", "Nobody by that name has a dose today.",
		`href="/program/dosing?program=`+f.programA+`">Show the whole day’s list</a>`)
	clinician := nurse.get("/program/enrolments/" + f.enrolment + "/medication?program=" + url.QueryEscape(f.programA))
	wantBody(t, clinician, "beyond closure days (day 0), set by the federal rule")
}

// Ids come from addresses anyone can type: a malformed one in a medication
// address is not found (or, for a program, not theirs), never a server
// error, on either database.
func TestMalformedMedicationIDsAreRefusedCleanly(t *testing.T) {
	f := newMedFixture(t)
	member, nurse := f.e.newClient(), f.e.newClient()
	member.signIn(f.member)
	nurse.signIn(f.nurse)
	memberTok, nurseTok := createAPIToken(t, f.e, f.member), createAPIToken(t, f.e, f.nurse)
	programs := "/api/v1/programs/" + f.programA
	for _, bad := range []string{"%00", "%FF%FE", "not-an-id"} {
		t.Run(bad, func(t *testing.T) {
			for _, tt := range []struct {
				name string
				res  response
				want int
			}{
				{"EditPlan", member.get("/medication/plans/" + bad + "/edit"), http.StatusNotFound},
				{"ChangePlanAPI", member.api("PUT", "/api/v1/medication/plans/"+bad, memberTok, `{"kind": "buprenorphine", "form": "film", "dose_mg": 8, "times": ["08:00"], "start_on": "2026-11-20", "version": 1}`), http.StatusNotFound},
				{"StopPlanAPI", member.api("POST", "/api/v1/medication/plans/"+bad+"/stop", memberTok, `{"stopped_on": "2026-11-20"}`), http.StatusNotFound},
				{"LogDoseAPI", member.api("POST", "/api/v1/medication/doses", memberTok, `{"schedule_id": "`+bad+`", "slot": "08:00", "status": "taken"}`), http.StatusNotFound},
				{"SharedMedicationAPI", member.api("GET", "/api/v1/members/"+bad+"/medication", memberTok, ""), http.StatusForbidden},
				{"DosingPage", nurse.get("/program/dosing?program=" + bad), http.StatusForbidden},
				{"DosingAPI", nurse.api("GET", "/api/v1/programs/"+bad+"/dosing", nurseTok, ""), http.StatusForbidden},
				{"MemberMedicationPage", nurse.get("/program/enrolments/" + bad + "/medication?program=" + f.programA), http.StatusNotFound},
				{"MemberMedicationAPI", nurse.api("GET", programs+"/enrolments/"+bad+"/medication", nurseTok, ""), http.StatusNotFound},
				{"SupplyReturnAPI", nurse.api("POST", programs+"/enrolments/"+f.enrolment+"/take-home-supplies/"+bad+"/return", nurseTok, `{"returned_bottles": 1}`), http.StatusNotFound},
			} {
				if tt.res.status != tt.want {
					t.Errorf("%s: a malformed id answered %d, want %d:\n%s", tt.name, tt.res.status, tt.want, truncate(tt.res.body))
				}
			}
		})
	}
}
