package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// careFixture is a program with an admin and a clinician, and a member on
// buprenorphine enrolled in it under a consent covering shared categories.
type careFixture struct {
	e                  *testEnv
	programID          string
	enrolmentID        string
	member             *onward.User
	admin, clinician   *onward.User
	mc, ac, cc         *client // member, admin and clinician browsers
	adminTok, clinTok  string
	memberTok          string
	programs, enrolURL string // API paths
}

func newCareFixture(t *testing.T, shared ...onward.Category) *careFixture {
	t.Helper()
	e := newEnv(t)
	ctx := context.Background()
	ids := e.seedDirectory()
	f := &careFixture{e: e}
	f.programID = ids[directory.DemoPrograms()[0].SourceID]
	f.admin = e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, f.programID)
	f.clinician = e.addStaffUser("lee@example.com", onward.RoleClinician, f.programID)
	f.member = e.addUser("ana@example.com", onward.RoleMember)
	if len(shared) == 0 {
		shared = []onward.Category{onward.CategoryTests, onward.CategoryMedication, onward.CategoryTreatment}
	}
	err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: f.member.ID, Role: f.member.Role},
			SubjectID: f.member.ID, Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
		if err != nil {
			return err
		}
		today := recovery.DateOf(tx.Now, time.UTC)
		if err := tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: f.member.ID, LastUse: today.AddDays(-30),
			Substances: []string{"fentanyl"}, Medication: "buprenorphine", TreatmentLevel: "outpatient"}); err != nil {
			return err
		}
		c := &onward.ProgramConsent{MemberID: f.member.ID, ProgramID: f.programID, Categories: shared, Purpose: onward.PurposeTreatment,
			PatientName: "Ana Torres", Signature: "Ana Torres", UntilEndOfTreatment: true}
		if err := tx.CreateProgramConsent(ctx, c); err != nil {
			return err
		}
		if f.enrolmentID, err = tx.RequestEnrolment(ctx, f.programID, f.member.ID, c.ID); err != nil {
			return err
		}
		return tx.SetEnrolmentStatus(ctx, f.programID, f.enrolmentID, onward.EnrolmentRequested, onward.EnrolmentActive, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	f.mc, f.ac, f.cc = e.newClient(), e.newClient(), e.newClient()
	f.mc.signIn(f.member)
	f.ac.signIn(f.admin)
	f.cc.signIn(f.clinician)
	f.adminTok, f.clinTok, f.memberTok = createAPIToken(t, e, f.admin), createAPIToken(t, e, f.clinician), createAPIToken(t, e, f.member)
	f.programs = "/api/v1/programs/" + f.programID
	f.enrolURL = f.programs + "/enrolments/" + f.enrolmentID
	return f
}

// testJSON is a test taken now, with results as substance, result pairs.
func (f *careFixture) testJSON(key string, results ...string) string {
	var rs []string
	for i := 0; i+1 < len(results); i += 2 {
		rs = append(rs, fmt.Sprintf(`{"substance": %q, "result": %q}`, results[i], results[i+1]))
	}
	return fmt.Sprintf(`{"status": "collected", "specimen": "urine", "observed": true, "setting": "point_of_care",
		"collected_at": %q, "results": [%s], "key": %q}`, f.e.clock.now().Add(-time.Minute).Format(time.RFC3339), strings.Join(rs, ","), key)
}

// recordTest records a test through the API as the clinician and returns
// its JSON.
func (f *careFixture) recordTest(t *testing.T, body string, status int) drugTestJSON {
	t.Helper()
	res := f.cc.api("POST", f.enrolURL+"/tests", f.clinTok, body)
	wantStatus(t, res, status)
	var out drugTestJSON
	if status < 300 {
		if err := json.Unmarshal([]byte(res.body), &out); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestRecordingATestJudgesItAgainstTheMedication(t *testing.T) {
	f := newCareFixture(t)
	test := f.recordTest(t, f.testJSON("k1", "buprenorphine", "negative", "fentanyl", "negative", "cocaine", "negative"), http.StatusCreated)
	if !test.Unexpected || test.Results[0].Substance != "fentanyl" || test.Results[1].Substance != "buprenorphine" {
		t.Fatalf("a buprenorphine-negative result for a member on buprenorphine must be unexpected: %+v", test)
	}
	for _, r := range test.Results {
		if r.Expected == nil || *r.Expected != (r.Substance != "buprenorphine") {
			t.Errorf("%s %s: expected %v", r.Substance, r.Result, r.Expected)
		}
	}
	if len(test.Prescribed) != 1 || test.Prescribed[0] != "buprenorphine" {
		t.Errorf("prescribed %v, want buprenorphine", test.Prescribed)
	}
	caseload := f.cc.api("GET", "/api/v1/programs/"+f.programID+"/caseload", f.clinTok, "")
	wantBody(t, caseload, `"code": "unexpected_test"`)
	// The member's timeline shows the latest tests, as a disclosure of tests.
	wantBody(t, f.cc.get("/program/enrolments/"+f.enrolmentID+"?program="+f.programID), "Drug tests", "not expected", "Buprenorphine")
	wantBody(t, f.cc.api("GET", f.enrolURL, f.clinTok, ""), `"tests": [`, `"unexpected": true`)

	t.Run("SameKeyRecordsOnce", func(t *testing.T) {
		again := f.recordTest(t, f.testJSON("k1", "fentanyl", "positive"), http.StatusOK)
		if again.ID != test.ID || len(again.Results) != 3 {
			t.Fatalf("the repeat answered %+v, want the stored test", again)
		}
		list := f.cc.api("GET", f.enrolURL+"/tests", f.clinTok, "")
		if n := strings.Count(list.body, `"status": "collected"`); n != 1 {
			t.Fatalf("%d tests stored, want 1", n)
		}
	})
	t.Run("MissedTestIsFlagged", func(t *testing.T) {
		missed := f.recordTest(t, fmt.Sprintf(`{"status": "missed", "collected_at": %q}`, f.e.clock.now().Format(time.RFC3339)), http.StatusCreated)
		if missed.Status != "missed" || len(missed.Results) != 0 {
			t.Fatalf("missed test %+v", missed)
		}
		wantBody(t, f.cc.api("GET", "/api/v1/programs/"+f.programID+"/caseload", f.clinTok, ""), `"code": "missed_test"`)
	})
}

func TestBadTestInputIsRefusedAndNothingIsWritten(t *testing.T) {
	f := newCareFixture(t)
	if res := f.ac.api("PUT", f.programs+"/testing/panel", f.adminTok, `{"panel": ["fentanyl", "cocaine"]}`); res.status != http.StatusNoContent {
		t.Fatalf("saving the panel: %d %s", res.status, res.body)
	}
	now := f.e.clock.now().Format(time.RFC3339)
	for _, tc := range []struct {
		name, body, field, message string
	}{
		{"UnknownSubstance", f.testJSON("", "kratom", "positive"), "results", "There is no substance “kratom” on Onward’s panel."},
		{"NotOnThePanel", f.testJSON("", "cannabis", "positive"), "results", "Cannabis is not on this program’s panel."},
		{"BadResult", f.testJSON("", "fentanyl", "maybe"), "result_fentanyl", "Choose negative, positive or invalid."},
		{"NoResults", f.testJSON(""), "results", "Enter the result for at least one substance."},
		{"Future", fmt.Sprintf(`{"status": "collected", "specimen": "urine", "setting": "laboratory", "collected_at": %q, "results": [{"substance": "fentanyl", "result": "negative"}]}`,
			f.e.clock.now().Add(time.Hour).Format(time.RFC3339)), "collected_at", "The collection time cannot be in the future."},
		{"BreathForFentanyl", fmt.Sprintf(`{"status": "collected", "specimen": "breath", "setting": "point_of_care", "collected_at": %q, "results": [{"substance": "fentanyl", "result": "negative"}]}`,
			now), "results", "A breath test shows alcohol only."},
		{"NoStatus", fmt.Sprintf(`{"collected_at": %q}`, now), "status", "Choose whether the test was done or missed."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.cc.api("POST", f.enrolURL+"/tests", f.clinTok, tc.body)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `"`+tc.field+`": "`+tc.message)
		})
	}
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/tests", f.clinTok, `{"status": "collected", "sample": "x"}`), http.StatusBadRequest)
	list := f.cc.api("GET", f.enrolURL+"/tests", f.clinTok, "")
	wantBody(t, list, `"tests": []`)
}

func TestTestsNeedTheConsentToCoverThem(t *testing.T) {
	f := newCareFixture(t, onward.CategoryMilestones)
	res := f.cc.api("POST", f.enrolURL+"/tests", f.clinTok, f.testJSON("", "fentanyl", "negative"))
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, f.cc.get("/program/enrolments/"+f.enrolmentID+"/tests?program="+f.programID),
		"does not share test results with this program")
	entries, err := f.e.store.AccessByOthers(context.Background(), f.member.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	refused := false
	for _, a := range entries {
		refused = refused || a.Category == onward.CategoryTests && !a.Allowed && a.ActorID == f.clinician.ID
	}
	if !refused {
		t.Fatal("the refused write of tests is not in the member's access log")
	}
}

func TestDisputeAndConfirmation(t *testing.T) {
	f := newCareFixture(t)
	test := f.recordTest(t, f.testJSON("t1", "cocaine", "positive"), http.StatusCreated)
	// The member sees the result and disputes it, twice: once is recorded.
	wantBody(t, f.mc.get("/care/tests"), "Cocaine", "positive", "I think this result is wrong")
	for range 2 {
		wantStatus(t, f.mc.api("POST", "/api/v1/tests/"+test.ID+"/dispute", f.memberTok, `{"note": "I take no cocaine"}`), http.StatusNoContent)
	}
	mine := f.mc.api("GET", "/api/v1/tests", f.memberTok, "")
	wantBody(t, mine, `"dispute_note": "I take no cocaine"`)
	wantBody(t, f.cc.api("GET", f.programs+"/testing", f.clinTok, ""), `"test_id": "`+test.ID+`"`)
	wantBody(t, f.cc.get("/program/enrolments/"+f.enrolmentID+"/tests?program="+f.programID), "Record the confirmation test", "I take no cocaine")

	t.Run("NegativeResultsCannotBeDisputed", func(t *testing.T) {
		neg := f.recordTest(t, f.testJSON("t2", "cocaine", "negative"), http.StatusCreated)
		res := f.mc.api("POST", "/api/v1/tests/"+neg.ID+"/dispute", f.memberTok, `{}`)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "nothing to dispute")
	})
	t.Run("OnlyTheMembersOwnTests", func(t *testing.T) {
		other := f.e.addUser("other@example.com", onward.RoleMember)
		res := f.e.newClient().api("POST", "/api/v1/tests/"+test.ID+"/dispute", createAPIToken(t, f.e, other), `{}`)
		wantStatus(t, res, http.StatusNotFound)
	})
	confirm := strings.Replace(f.testJSON("c1", "cocaine", "negative"), `"point_of_care"`, `"laboratory"`, 1)
	c := f.cc.api("POST", f.enrolURL+"/tests/"+test.ID+"/confirmation", f.clinTok, confirm)
	wantStatus(t, c, http.StatusCreated)
	wantBody(t, c, `"confirms_id": "`+test.ID+`"`)
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/tests/"+test.ID+"/confirmation", f.clinTok, confirm), http.StatusOK)
	second := f.cc.api("POST", f.enrolURL+"/tests/"+test.ID+"/confirmation", f.clinTok, strings.Replace(confirm, `"c1"`, `"c2"`, 1))
	wantStatus(t, second, http.StatusConflict)
	wantBody(t, second, "already has a confirmation test")
	// The disputed result stays, marked disputed, with its confirmation.
	mine = f.mc.api("GET", "/api/v1/tests", f.memberTok, "")
	wantBody(t, mine, `"disputed_at"`, `"confirmed_by"`, `"result": "positive"`)
	wantBody(t, f.cc.api("GET", f.programs+"/testing", f.clinTok, ""), `"open_disputes": []`)
}

func TestRandomTestingScheduleAndTheDaysNotice(t *testing.T) {
	f := newCareFixture(t)
	ctx := context.Background()
	wantStatus(t, f.cc.api("PUT", f.enrolURL+"/testing-schedule", f.clinTok, `{"count": 9, "per": "week"}`), http.StatusBadRequest)
	wantStatus(t, f.cc.api("PUT", f.enrolURL+"/testing-schedule", f.clinTok, `{"count": 7, "per": "week"}`), http.StatusNoContent)
	tests := f.cc.api("GET", f.enrolURL+"/tests", f.clinTok, "")
	wantBody(t, tests, `"algorithm": "sha256-ctr-v1"`, `"schedule": {`)
	var body struct {
		Period struct {
			Days []string `json:"days"`
		} `json:"period"`
		DueToday bool `json:"due_today"`
	}
	if err := json.Unmarshal([]byte(tests.body), &body); err != nil {
		t.Fatal(err)
	}
	// Seven a week from a Saturday afternoon (2026-11-21 in Chicago):
	// every day left is a test day, today included.
	if len(body.Period.Days) != 2 || !body.DueToday {
		t.Fatalf("days %v, due today %v; want Saturday and Sunday", body.Period.Days, body.DueToday)
	}
	// Told on the day, once, with nothing about a test.
	n, err := f.e.store.PlanTestDays(ctx, f.e.clock.now())
	if err != nil || n != 1 {
		t.Fatalf("PlanTestDays = %d, %v; want one notice", n, err)
	}
	if n, _ := f.e.store.PlanTestDays(ctx, f.e.clock.now()); n != 0 {
		t.Fatalf("a second planning queued %d more notices", n)
	}
	inbox := f.mc.get("/notifications")
	wantBody(t, inbox, "You have something to do today.")
	if text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(mainRe.FindString(inbox.body), ""); strings.Contains(strings.ToLower(text), "test") {
		t.Fatal("the inbox notice mentions a test")
	}
	wantBody(t, f.mc.get("/care/tests"), "You have a test today.")
	wantBody(t, f.cc.api("GET", f.programs+"/testing", f.clinTok, ""), `"name": "ana"`)
	// The member never sees the days ahead.
	if strings.Contains(f.mc.api("GET", "/api/v1/tests", f.memberTok, "").body, body.Period.Days[1]) {
		t.Fatal("the member's answer holds a day ahead")
	}
}

func TestRecordingATestInTheBrowserForm(t *testing.T) {
	f := newCareFixture(t)
	page := "/program/enrolments/" + f.enrolmentID + "/tests?program=" + f.programID
	wantBody(t, f.cc.get(page), "Record a test", `name="result_fentanyl"`, `name="key"`)
	form := url.Values{"program": {f.programID}, "status": {"collected"}, "specimen": {"urine"}, "setting": {"point_of_care"},
		"observed": {"yes"}, "collected_at": {f.e.clock.now().In(location("America/Chicago")).Add(-time.Hour).Format(localInput)},
		"result_fentanyl": {"negative"}, "result_cocaine": {"not_tested"}, "key": {"form-1"}}
	res := f.cc.post("/program/enrolments/"+f.enrolmentID+"/tests", form)
	wantStatus(t, res, http.StatusSeeOther)
	again := f.cc.post("/program/enrolments/"+f.enrolmentID+"/tests", form)
	wantStatus(t, again, http.StatusSeeOther)
	shown := f.cc.get(page)
	wantBody(t, shown, "Fentanyl", "negative", "as expected", redisclosureNotice)
	if n := strings.Count(shown.body, `id="test-`); n != 1 {
		t.Fatalf("%d tests on the page after a double submit, want 1", n)
	}
	form.Set("result_fentanyl", "maybe")
	form.Set("key", "form-2")
	bad := f.cc.post("/program/enrolments/"+f.enrolmentID+"/tests", form)
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, "Choose negative, positive or invalid.")
	// The panel: admins only.
	wantStatus(t, f.cc.post("/program/testing/panel", url.Values{"program": {f.programID}, "panel": {"cocaine"}}), http.StatusForbidden)
	wantStatus(t, f.ac.post("/program/testing/panel", url.Values{"program": {f.programID}}), http.StatusBadRequest)
	wantStatus(t, f.ac.post("/program/testing/panel", url.Values{"program": {f.programID}, "panel": {"cocaine", "fentanyl"}}), http.StatusSeeOther)
	wantBody(t, f.cc.get("/program/testing?program="+f.programID), "Cocaine", "Fentanyl")
}

// The caseload page leads to the program's testing and incentives.
func TestCaseloadPageLeadsToTestingAndIncentives(t *testing.T) {
	f := newCareFixture(t)
	res := f.cc.get("/program/caseload?program=" + f.programID)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "ana", `href="/program/testing?program=`+f.programID+`"`, `href="/program/incentives?program=`+f.programID+`"`)
}
