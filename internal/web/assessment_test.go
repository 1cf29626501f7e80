package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
)

// questionnaire is a filled-in form: item id -> value, then other fields as pairs.
func questionnaire(answers map[string]int, pairs ...string) url.Values {
	f := url.Values{}
	for id, v := range answers {
		f.Set("item-"+id, fmt.Sprint(v))
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Set(pairs[i], pairs[i+1])
	}
	return f
}

// phq9 answers every item with 0 except those given.
func phq9(set map[string]int) map[string]int {
	a := map[string]int{}
	for i := 1; i <= 9; i++ {
		a[fmt.Sprint(i)] = set[fmt.Sprint(i)]
	}
	return a
}

// cows answers every sign with 0 except those given.
func cows(set map[string]int) map[string]int {
	a := map[string]int{}
	for i := 1; i <= 11; i++ {
		a[fmt.Sprint(i)] = set[fmt.Sprint(i)]
	}
	return a
}

var assessmentLink = regexp.MustCompile(`^/assessments/([0-9a-f-]{36})$`)

// memberAssessments lists the member's stored assessments through the API.
func memberAssessments(t *testing.T, c *client) []assessmentJSON {
	t.Helper()
	res := c.get("/api/v1/assessments")
	wantStatus(t, res, http.StatusOK)
	var body struct {
		Assessments []trendJSON `json:"assessments"`
	}
	if err := json.Unmarshal([]byte(res.body), &body); err != nil {
		t.Fatal(err)
	}
	var out []assessmentJSON
	for _, tr := range body.Assessments {
		out = append(out, tr.Results...)
	}
	return out
}

func TestMemberPHQ9WithItem9ShowsCrisisHelpFirstAndIsFlagged(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	wantBody(t, mc.get("/assessments"), "My questionnaires", `href="/assessments/new/phq9"`, "You have not answered a questionnaire yet.")
	form := mc.get("/assessments/new/phq9")
	wantBody(t, form, `name="item-9"`, `name="client_id"`, `type="datetime-local"`)

	res := mc.post("/assessments/new/phq9", questionnaire(phq9(map[string]int{"9": 1}), "client_id", "form-1"))
	wantStatus(t, res, http.StatusSeeOther)
	m := assessmentLink.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("saved PHQ-9 redirects to %q, want its result page", res.header.Get("Location"))
	}
	page := mc.get(res.header.Get("Location"))
	wantBody(t, page, "You deserve support right now", "988", "Score: 1 out of 27", "This is not a diagnosis")
	if crisis, score := strings.Index(page.body, "You deserve support right now"), strings.Index(page.body, "Score: 1 out of 27"); crisis > score {
		t.Fatal("the crisis help comes after the score; it must come first")
	}
	wantBody(t, mc.get("/assessments"), "PHQ-9", "Your latest answers mentioned thoughts of being better off dead", "Latest result")

	list := memberAssessments(t, mc)
	if len(list) != 1 || list[0].Total != 1 || list[0].Band == nil || list[0].Band.ID != "minimal" || !list[0].Baseline ||
		len(list[0].Flags) != 1 || list[0].Flags[0].Code != "suicide_risk" || list[0].Crisis == nil || list[0].RecordedBy.Role != onward.RoleMember {
		t.Fatalf("stored PHQ-9 = %+v", list)
	}
	flags, err := e.server.app.SafetyFlagsSince(context.Background(), onward.Principal{UserID: member.ID, Role: member.Role}, member.ID, e.clock.now().Add(-time.Hour))
	if err != nil || len(flags) != 1 || flags[0].ID != m[1] {
		t.Fatalf("SafetyFlagsSince = %+v, %v; want the PHQ-9", flags, err)
	}
}

func TestQuestionnaireBadInputIsRefusedAndNothingStored(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	future := e.clock.now().In(location("America/Chicago")).Add(2 * time.Hour).Format(localTimeLayout)
	cases := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"Empty", "/assessments/new/phq9", url.Values{}, http.StatusBadRequest, "Choose an answer."},
		{"OutOfRange", "/assessments/new/phq9", questionnaire(phq9(nil), "item-1", "7"), http.StatusBadRequest, "Choose one of the answers shown."},
		{"NotANumber", "/assessments/new/phq9", questionnaire(phq9(nil), "item-1", "a lot"), http.StatusBadRequest, "Choose one of the answers shown."},
		{"InTheFuture", "/assessments/new/phq9", questionnaire(phq9(nil), "taken_at", future), http.StatusBadRequest, "cannot be in the future"},
		{"UnreadableTime", "/assessments/new/phq9", questionnaire(phq9(nil), "taken_at", "yesterday"), http.StatusBadRequest, "Enter the date and time it was taken"},
		{"ClinicianScale", "/assessments/new/cows", questionnaire(cows(nil)), http.StatusNotFound, "cannot be recorded here"},
		{"NoSuchInstrument", "/assessments/new/nope", url.Values{}, http.StatusNotFound, "cannot be recorded here"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mc.post(tc.path, tc.form)
			wantStatus(t, res, tc.status)
			wantBody(t, res, tc.want)
		})
	}
	if list := memberAssessments(t, mc); len(list) != 0 {
		t.Fatalf("bad input stored %d assessments", len(list))
	}
	t.Run("AnswersAreKept", func(t *testing.T) {
		res := mc.post("/assessments/new/phq9", questionnaire(map[string]int{"1": 2}, "client_id", "keep-me"))
		wantBody(t, res, `name="item-1" value="2" checked`, `value="keep-me"`, `class="error-summary"`)
	})
}

func TestDoubleSubmitRecordsOnceAndChangeFromBaseline(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	first := questionnaire(phq9(map[string]int{"1": 1}), "client_id", "same-form")
	for i := 0; i < 2; i++ {
		wantStatus(t, mc.post("/assessments/new/phq9", first), http.StatusSeeOther)
	}
	if list := memberAssessments(t, mc); len(list) != 1 {
		t.Fatalf("a double submit stored %d assessments, want 1", len(list))
	}
	// The same submission sent many times at once, as an impatient tap and
	// an offline queue might: recorded once.
	burst := questionnaire(phq9(map[string]int{"2": 1}), "client_id", "burst")
	burst.Set("csrf", mc.csrf())
	statuses := make(chan int, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.srv.URL+"/assessments/new/phq9", strings.NewReader(burst.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := mc.http.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusSeeOther {
			t.Errorf("a parallel submit answered %d, want 303", st)
		}
	}
	if list := memberAssessments(t, mc); len(list) != 2 {
		t.Fatalf("8 parallel submits of one form stored %d assessments in all, want 2 (one before, one now)", len(list))
	}
	e.clock.advance(24 * time.Hour)
	res := mc.post("/assessments/new/phq9", questionnaire(phq9(map[string]int{"1": 3, "2": 1}), "client_id", "next-form"))
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, mc.get(res.header.Get("Location")), "Change from the baseline: 3 points higher")
	page := mc.get("/assessments")
	wantBody(t, page, `<svg viewBox="0 0 320 140"`, `role="img"`, "PHQ-9: 3 results from", "Latest 4 of 27", "the latest is higher than the first",
		"Baseline", "3 points higher")
	list := memberAssessments(t, mc)
	if len(list) != 3 || list[2].ChangeFromBaseline == nil || *list[2].ChangeFromBaseline != 3 || list[2].Baseline {
		t.Fatalf("third PHQ-9 = %+v", list)
	}
}

func TestAssessmentAPI(t *testing.T) {
	e := newEnv(t)
	member, _ := newMember(t, e)
	token := createAPIToken(t, e, member)
	c := e.newClient()
	post := func(body string) response { return c.api("POST", "/api/v1/assessments", token, body) }

	res := post(`{"instrument": "gad7", "answers": {"1": 3, "2": 3, "3": 2, "4": 2, "5": 0, "6": 0, "7": 0}, "client_id": "phone-7"}`)
	wantStatus(t, res, http.StatusCreated)
	created := decodeJSONBody[assessmentJSON](t, res)
	if created.Total != 10 || created.Band == nil || created.Band.ID != "moderate" || created.Crisis != nil {
		t.Fatalf("recorded GAD-7 = %+v", created)
	}
	replay := post(`{"instrument": "gad7", "answers": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0}, "client_id": "phone-7"}`)
	wantStatus(t, replay, http.StatusOK)
	if again := decodeJSONBody[assessmentJSON](t, replay); again.ID != created.ID || again.Total != 10 {
		t.Fatalf("the replay returned %+v, want the first record", again)
	}
	wantStatus(t, c.api("GET", "/api/v1/assessments/"+created.ID, token, ""), http.StatusOK)
	wantStatus(t, c.api("GET", "/api/v1/assessments/0190f5c2-0000-7000-8000-000000000009", token, ""), http.StatusNotFound)
	wantStatus(t, c.api("GET", "/api/v1/assessments/not-an-id", token, ""), http.StatusNotFound)

	future := e.clock.now().Add(time.Hour).Format(time.RFC3339)
	bad := []struct {
		name, body, field string
		status            int
	}{
		{"AnswerNotANumber", `{"instrument": "phq9", "answers": {"1": "x"}}`, "answers.1", http.StatusBadRequest},
		{"AnswerOutOfRange", `{"instrument": "phq9", "answers": {"1": 4, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}}`, "answers.1", http.StatusBadRequest},
		{"MissingAnswer", `{"instrument": "phq9", "answers": {}}`, "answers.9", http.StatusBadRequest},
		{"Future", `{"instrument": "phq9", "answers": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}, "taken_at": "` + future + `"}`, "taken_at", http.StatusBadRequest},
		{"BadTime", `{"instrument": "phq9", "answers": {}, "taken_at": "21/11/2026"}`, "taken_at", http.StatusBadRequest},
		{"ClinicianScale", `{"instrument": "cows", "answers": {}}`, "instrument", http.StatusBadRequest},
		{"UnknownField", `{"instrument": "phq9", "answers": {}, "score": 27}`, "score", http.StatusBadRequest},
		{"LongClientID", `{"instrument": "phq9", "answers": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}, "client_id": "` + strings.Repeat("x", 65) + `"}`, "client_id", http.StatusBadRequest},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := post(tc.body)
			wantStatus(t, res, tc.status)
			var body struct {
				Error apiError `json:"error"`
			}
			json.Unmarshal([]byte(res.body), &body)
			if body.Error.Fields[tc.field] == "" {
				t.Fatalf("no message for %q in %s", tc.field, res.body)
			}
		})
	}
	list := c.api("GET", "/api/v1/assessments?instrument=gad7", token, "")
	wantStatus(t, list, http.StatusOK)
	if n := strings.Count(list.body, `"instrument": "gad7"`); n != 2 { // the trend and its one result
		t.Fatalf("the list has %d GAD-7 mentions, want the one recorded:\n%s", n, list.body)
	}
	wantStatus(t, c.api("GET", "/api/v1/assessments?instrument=nope", token, ""), http.StatusBadRequest)
}

// careSetup is a program with a clinician and an admin, and a member who
// consented to share assessments with it.
type careSetup struct {
	e                            *testEnv
	programA, programB           string
	member                       *onward.User
	mc, cc, ac                   *client
	clinician, admin, otherStaff *onward.User
	consentID                    string
}

func newCareSetup(t *testing.T) *careSetup {
	t.Helper()
	e := newEnv(t)
	s := &careSetup{e: e}
	for _, id := range e.seedDirectory() {
		if s.programA == "" {
			s.programA = id
		} else if s.programB == "" && id != s.programA {
			s.programB = id
		}
	}
	s.clinician = e.addStaffUser("lee@example.com", onward.RoleClinician, s.programA)
	s.admin = e.addStaffUser("admin-a@example.com", onward.RoleProgramAdmin, s.programA)
	s.otherStaff = e.addStaffUser("olga@example.com", onward.RoleClinician, s.programB)
	s.member, s.mc = newMember(t, e)
	wantStatus(t, s.mc.post("/support/programs", programConsentFormValues(s.programA, "share", "assessments")), http.StatusSeeOther)
	consents, err := e.store.ProgramConsents(context.Background(), s.member.ID)
	if err != nil || len(consents) != 1 {
		t.Fatalf("consents = %v, %v", consents, err)
	}
	s.consentID = consents[0].ID
	s.cc, s.ac = e.newClient(), e.newClient()
	s.cc.signIn(s.clinician)
	s.ac.signIn(s.admin)
	return s
}

// audited reports whether the audit log holds an entry by actor about the
// member's assessments with this action and outcome.
func (s *careSetup) audited(t *testing.T, actor *onward.User, action onward.Action, allowed bool, reason string) bool {
	t.Helper()
	log, err := s.e.store.AccessByOthers(context.Background(), s.member.ID, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range log {
		if entry.ActorID == actor.ID && entry.Category == onward.CategoryAssessments && entry.Action == string(action) &&
			entry.Allowed == allowed && (reason == "" || entry.Reason == reason) {
			return true
		}
	}
	return false
}

func TestClinicianRecordsACOWSInductionSeries(t *testing.T) {
	s := newCareSetup(t)
	cc, memberPath := s.cc, "/program/assessments/"+s.member.ID

	wantBody(t, cc.get("/program/assessments"), "Ana Torres", `href="`+memberPath+`"`, "42 CFR part 2")
	form := cc.get(memberPath + "/new/cows")
	wantBody(t, form, "Recording for Ana Torres", "at a COWS total of 8 or more", `name="baseline"`, `name="level_of_care"`, `name="item-11"`)

	// Baseline at 5 (mild) two hours ago, then 9 now: at or above 8.
	local := func(d time.Duration) string {
		return s.e.clock.now().In(location("America/Chicago")).Add(-d).Format(localTimeLayout)
	}
	base := questionnaire(cows(map[string]int{"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}), "baseline", "yes",
		"level_of_care", "withdrawal_management", "taken_at", local(2*time.Hour))
	res := cc.post(memberPath+"/new/cows", base)
	wantStatus(t, res, http.StatusSeeOther)
	if res.header.Get("Location") != memberPath {
		t.Fatalf("recording redirects to %q", res.header.Get("Location"))
	}
	wantStatus(t, cc.post(memberPath+"/new/cows", questionnaire(cows(map[string]int{"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1}))), http.StatusSeeOther)

	page := cc.get(memberPath)
	wantBody(t, page, "Induction series", "Reached (8 or more)", "Below 8", "4 points higher", `class="threshold"`, "threshold 8",
		"The line marks the program&#39;s buprenorphine start threshold of 8.", "Mild withdrawal", "COWS total 9 is at or above", "42 CFR part 2",
		"Withdrawal management (detox)")
	if !s.audited(t, s.clinician, onward.ActionWrite, true, policy.ReasonCareRecord) {
		t.Fatal("the clinician's COWS was not recorded in the audit log as a care record")
	}
	if !s.audited(t, s.clinician, onward.ActionRead, true, policy.ReasonConsent) {
		t.Fatal("the clinician's read was not recorded in the audit log")
	}

	// The member sees the same results in their own list, with who recorded them.
	wantBody(t, s.mc.get("/assessments"), "COWS", "lee", s.e.clock.now().In(location("America/Chicago")).Format("15:04"))

	// The program admin moves the threshold to 12: the next COWS is read against it.
	wantStatus(t, s.ac.post("/program/settings/assessments", url.Values{"program": {s.programA}, "threshold": {"49"}}), http.StatusBadRequest)
	wantStatus(t, s.cc.post("/program/settings/assessments", url.Values{"program": {s.programA}, "threshold": {"12"}}), http.StatusForbidden)
	wantStatus(t, s.ac.post("/program/settings/assessments", url.Values{"program": {s.programA}, "threshold": {"12"}}), http.StatusSeeOther)
	wantBody(t, cc.get("/program/settings/assessments"), "The threshold is 12.")
	wantStatus(t, cc.post(memberPath+"/new/cows", questionnaire(cows(map[string]int{"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 2}))), http.StatusSeeOther)
	wantBody(t, cc.get(memberPath), "Below 12", "at a COWS total of 12 or more")
}

func TestCareRecordsRefusedAndRecordedAsRefused(t *testing.T) {
	s := newCareSetup(t)
	e := s.e
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	unattached := e.addUser("uma@example.com", onward.RoleClinician)
	e.enableTOTP(unattached)
	body := `{"instrument": "phq9", "answers": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}}`
	path := "/api/v1/members/" + s.member.ID + "/assessments"
	c := e.newClient()

	t.Run("ConsentedClinicianMayRecord", func(t *testing.T) {
		res := c.api("POST", path, createAPIToken(t, e, s.clinician), body)
		wantStatus(t, res, http.StatusCreated)
		if got := decodeJSONBody[assessmentJSON](t, res); got.ProgramID != s.programA || got.RecordedBy.ID != s.clinician.ID {
			t.Fatalf("recorded = %+v", got)
		}
	})
	for _, who := range []struct {
		name string
		user *onward.User
	}{{"OtherProgramsStaff", s.otherStaff}, {"Supporter", supporter}, {"UnattachedClinician", unattached}} {
		t.Run(who.name, func(t *testing.T) {
			token := createAPIToken(t, e, who.user)
			res := c.api("POST", path, token, body)
			wantStatus(t, res, http.StatusForbidden)
			wantBody(t, res, "has not consented to share assessments with your program")
			wantStatus(t, c.api("GET", path, token, ""), http.StatusForbidden)
			if !s.audited(t, who.user, onward.ActionWrite, false, "") || !s.audited(t, who.user, onward.ActionRead, false, "") {
				t.Fatalf("the refusals of %s were not recorded", who.name)
			}
		})
	}
	t.Run("OtherProgramsStaffPagesShowNothing", func(t *testing.T) {
		oc := e.newClient()
		oc.signIn(s.otherStaff)
		wantStatus(t, oc.get("/program/assessments/"+s.member.ID), http.StatusForbidden)
		wantStatus(t, oc.post("/program/assessments/"+s.member.ID+"/new/phq9", questionnaire(phq9(nil))), http.StatusForbidden)
		if strings.Contains(oc.get("/program/assessments").body, "Ana Torres") {
			t.Fatal("another program's clinician sees the member in the list")
		}
	})
	t.Run("ClinicianAfterRevocation", func(t *testing.T) {
		wantStatus(t, s.mc.post("/support/programs/"+s.consentID+"/revoke", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
		before := len(memberAssessments(t, s.mc))
		e.clock.advance(time.Minute)
		res := s.cc.post("/program/assessments/"+s.member.ID+"/new/phq9", questionnaire(phq9(nil)))
		wantStatus(t, res, http.StatusForbidden)
		wantBody(t, res, "or the consent has ended. Nothing was recorded.")
		token := createAPIToken(t, e, s.clinician)
		wantStatus(t, c.api("POST", path, token, body), http.StatusForbidden)
		wantStatus(t, s.cc.get("/program/assessments/"+s.member.ID), http.StatusForbidden)
		if !s.audited(t, s.clinician, onward.ActionWrite, false, "") || !s.audited(t, s.clinician, onward.ActionRead, false, "") {
			t.Fatal("the refusals after revocation were not recorded")
		}
		if after := len(memberAssessments(t, s.mc)); after != before {
			t.Fatalf("a refused write stored something: %d assessments, was %d", after, before)
		}
	})
	t.Run("BadMemberIDs", func(t *testing.T) {
		token := createAPIToken(t, e, s.clinician)
		wantStatus(t, c.api("POST", "/api/v1/members/not-an-id/assessments", token, body), http.StatusNotFound)
		wantStatus(t, c.api("GET", "/api/v1/members/0190f5c2-0000-7000-8000-000000000009/assessments", token, ""), http.StatusForbidden)
	})
	t.Run("AMemberWithoutConsent", func(t *testing.T) {
		stranger := e.addUser("stranger@example.com", onward.RoleMember)
		token := createAPIToken(t, e, s.clinician)
		wantStatus(t, c.api("POST", "/api/v1/members/"+stranger.ID+"/assessments", token, body), http.StatusForbidden)
	})
}

func TestWithdrawalTracker(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	loc := location("America/Chicago")
	at := func(d time.Duration) string { return e.clock.now().In(loc).Add(-d).Format(localTimeLayout) }

	wantBody(t, mc.get("/withdrawal"), "What did you last use?", "Get urgent medical help if", `class="call-button" href="tel:911"`)
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"NoSubstance", url.Values{"last_use": {at(time.Hour)}}, "Choose what you last used."},
		{"UnknownSubstance", url.Values{"substance": {"alcohol"}, "last_use": {at(time.Hour)}}, "Choose what you last used."},
		{"NoTime", url.Values{"substance": {"heroin"}}, "Enter when you last used"},
		{"Future", url.Values{"substance": {"heroin"}, "last_use": {at(-2 * time.Hour)}}, "cannot be in the future"},
		{"LongAgo", url.Values{"substance": {"heroin"}, "last_use": {at(400 * 24 * time.Hour)}}, "within the last year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mc.post("/withdrawal", tc.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tc.want)
		})
	}

	wantStatus(t, mc.post("/withdrawal", url.Values{"substance": {"heroin"}, "last_use": {at(30 * time.Hour)}}), http.StatusSeeOther)
	wantBody(t, mc.get("/withdrawal"), "Usually the hardest stretch", "30 hours ago", "Symptoms usually start 6 to 12 hours",
		"at their worst 24 to 72 hours", "No ratings since your last use yet.")

	// A SOWS rating from the tracker comes back to it, with the trend.
	sows := map[string]int{}
	for i := 1; i <= 16; i++ {
		sows[fmt.Sprint(i)] = 2
	}
	res := mc.post("/assessments/new/sows?from=withdrawal", questionnaire(sows))
	wantStatus(t, res, http.StatusSeeOther)
	if res.header.Get("Location") != "/withdrawal" {
		t.Fatalf("a SOWS from the tracker redirects to %q", res.header.Get("Location"))
	}
	e.clock.advance(4 * time.Hour)
	sows["1"] = 0
	wantStatus(t, mc.post("/assessments/new/sows?from=withdrawal", questionnaire(sows)), http.StatusSeeOther)
	wantBody(t, mc.get("/withdrawal"), "SOWS: 2 results from", "Latest 30 of 64", "the latest is lower than the first", "Your last rating was less than an hour ago.")

	wantStatus(t, mc.post("/withdrawal", url.Values{"substance": {"fentanyl"}, "last_use": {at(30 * time.Hour)}}), http.StatusSeeOther)
	wantBody(t, mc.get("/withdrawal"), "Timing hard to predict", "Fentanyl builds up in the body", "more than 72 hours")

	token := createAPIToken(t, e, e.addUser("bo@example.com", onward.RoleMember))
	c := e.newClient()
	wantStatus(t, c.api("PUT", "/api/v1/withdrawal", token, `{"substance": "methadone", "last_use_at": "`+e.clock.now().Add(-36*time.Hour).Format(time.RFC3339)+`"}`), http.StatusOK)
	got := decodeJSONBody[withdrawalJSON](t, c.api("GET", "/api/v1/withdrawal", token, ""))
	if got.Tracker == nil || got.Phase != "onset" || got.Since != 36 || len(got.RedFlags) != 7 || got.Caveat == "" {
		t.Fatalf("tracker = %+v", got)
	}
	res = c.api("PUT", "/api/v1/withdrawal", token, `{"substance": "heroin", "last_use_at": "`+e.clock.now().Add(time.Hour).Format(time.RFC3339)+`"}`)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `"last_use_at"`)
	wantStatus(t, c.api("DELETE", "/api/v1/withdrawal", token, ""), http.StatusNoContent)
	if got := decodeJSONBody[withdrawalJSON](t, c.api("GET", "/api/v1/withdrawal", token, "")); got.Tracker != nil {
		t.Fatalf("tracker after DELETE = %+v", got.Tracker)
	}
	wantStatus(t, mc.post("/withdrawal/end", nil), http.StatusSeeOther)
	wantBody(t, mc.get("/withdrawal"), "What did you last use?")
}

func TestWithdrawalChecks(t *testing.T) {
	s := newCareSetup(t)
	e := s.e
	sows := map[string]int{}
	for i := 1; i <= 16; i++ {
		sows[fmt.Sprint(i)] = 1
	}
	t.Run("VisitorSOWSIsNotStored", func(t *testing.T) {
		c := e.newClient()
		wantBody(t, c.get("/check/sows"), "Subjective Opiate Withdrawal Scale", "Nothing you answer here is stored")
		res := c.post("/check/sows", questionnaire(sows))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Your score: 16 out of 64", "Get urgent medical help if", "Nothing you answered was stored")
		if strings.Contains(res.body, `action="/assessments/new/sows"`) {
			t.Fatal("a visitor is offered to save the SOWS")
		}
		wantStatus(t, c.post("/check/sows", url.Values{}), http.StatusBadRequest)
	})
	t.Run("MemberMaySaveIt", func(t *testing.T) {
		res := s.mc.post("/check/sows", questionnaire(sows))
		wantBody(t, res, `action="/assessments/new/sows"`, `name="item-16" value="1"`)
		if n := len(memberAssessments(t, s.mc)); n != 0 {
			t.Fatalf("scoring stored %d assessments", n)
		}
	})
	t.Run("COWSIsForClinicians", func(t *testing.T) {
		wantStatus(t, e.newClient().get("/check/cows"), http.StatusSeeOther)
		wantStatus(t, s.mc.get("/check/cows"), http.StatusForbidden)
		res := s.cc.post("/check/cows", questionnaire(cows(map[string]int{"1": 4, "2": 4, "3": 5})))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Your score: 13 out of 48", "Moderate withdrawal", "COWS total 13 is at or above", "Ana Torres", `action="/check/cows/record"`)
		if n := len(memberAssessments(t, s.mc)); n != 0 {
			t.Fatalf("scoring a COWS stored %d assessments", n)
		}
		form := questionnaire(cows(map[string]int{"1": 4, "2": 4, "3": 5}), "member", s.member.ID, "client_id", "bedside-1")
		wantStatus(t, s.cc.post("/check/cows/record", form), http.StatusSeeOther)
		wantStatus(t, s.cc.post("/check/cows/record", form), http.StatusSeeOther)
		if list := memberAssessments(t, s.mc); len(list) != 1 || list[0].Total != 13 {
			t.Fatalf("recorded from the check: %+v", list)
		}
		other := e.newClient()
		other.signIn(s.otherStaff)
		wantStatus(t, other.post("/check/cows/record", questionnaire(cows(nil), "member", s.member.ID)), http.StatusForbidden)
	})
}

func TestAssessmentRouteAccess(t *testing.T) {
	s := newCareSetup(t)
	e := s.e
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	sc := e.newClient()
	sc.signIn(supporter)
	visitor := e.newClient()
	memberPage := "/program/assessments/" + s.member.ID
	routes := []struct {
		path                                  string
		visitor, member, supporter, clinician int
	}{
		{"/assessments", 303, 200, 403, 403},
		{"/assessments/new/phq9", 303, 200, 403, 403},
		{"/withdrawal", 303, 200, 403, 403},
		{"/check/sows", 200, 200, 200, 200},
		{"/check/cows", 303, 403, 403, 200},
		{"/program/assessments", 303, 403, 403, 200},
		{memberPage, 303, 403, 403, 200},
		{memberPage + "/new/cows", 303, 403, 403, 200},
		{memberPage + "/new/sows", 303, 403, 403, 404},
		{"/program/settings/assessments", 303, 403, 403, 200},
		{"/api/v1/assessments", 401, 200, 403, 403},
		{"/api/v1/withdrawal", 401, 200, 403, 403},
		{"/api/v1/members/" + s.member.ID + "/assessments", 401, 200, 403, 200},
		{"/api/v1/programs/" + s.programA + "/assessment-settings", 401, 403, 403, 200},
	}
	for _, rt := range routes {
		for _, who := range []struct {
			name string
			c    *client
			want int
		}{{"visitor", visitor, rt.visitor}, {"member", s.mc, rt.member}, {"supporter", sc, rt.supporter}, {"clinician", s.cc, rt.clinician}} {
			if got := who.c.get(rt.path).status; got != who.want {
				t.Errorf("%s GET %s: status %d, want %d", who.name, rt.path, got, who.want)
			}
		}
	}
}

func TestBAMDrugClassesAreOptional(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	form := mc.get("/assessments/new/bam")
	if !regexp.MustCompile(`<fieldset class="choices" role="radiogroup" aria-describedby="timeframe item-7A-hint">`).MatchString(form.body) {
		t.Fatalf("item 7A is not an optional question with its hint:\n%s", truncate(form.body))
	}
	wantBody(t, form, "Only if you used drugs (question 6)", `role="radiogroup" aria-required="true" aria-describedby="timeframe"`)
	answers := map[string]int{"1": 2, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0, "8": 1, "9": 3, "10": 3, "11": 1, "12": 2, "13": 1, "14": 4, "15": 1, "16": 3, "17": 2}
	res := mc.post("/assessments/new/bam", questionnaire(answers))
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, mc.get(res.header.Get("Location")), "Risk factors</dt><dd>7 of 24 (lower is better)", "Protective factors</dt><dd>16 of 24 (higher is better)")
	if list := memberAssessments(t, mc); len(list) != 1 || list[0].Subscales["protective"] != 16 || list[0].Total != 0 || list[0].Band != nil {
		t.Fatalf("stored BAM = %+v", list)
	}
}

// TestAssessmentsRaiseCaseloadFlags: an enrolled member whose consent to
// the program covers assessments answers PHQ-9 item 9 above 0, and their
// clinician records a COWS whose band rises: the caseload shows both, and
// the care team is told about the first at once.
func TestAssessmentsRaiseCaseloadFlags(t *testing.T) {
	e := newEnv(t)
	var programID string
	for _, id := range e.seedDirectory() {
		if programID == "" || id < programID {
			programID = id
		}
	}
	lee := e.addStaffUser("lee@example.com", onward.RoleClinician, programID)
	lc := e.newClient()
	lc.signIn(lee)
	member, mc := newMember(t, e)
	res := lc.post("/program/invitations", url.Values{"program": {programID}, "name": {"Ana T."}})
	m := inviteLinkRe.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no invitation link:\n%s", truncate(res.body))
	}
	wantStatus(t, mc.post("/support/programs", programConsentFormValues(programID, "share", "assessments")), http.StatusSeeOther)
	wantStatus(t, mc.post("/enrol/"+m[1], nil), http.StatusSeeOther)
	list, err := e.store.EnrolmentsOfMember(context.Background(), member.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("enrolments %v, %v", list, err)
	}
	wantStatus(t, lc.post("/program/enrolments/"+list[0].ID+"/care-team", url.Values{"program": {programID}, "care_team": {lee.ID}}), http.StatusSeeOther)
	before, err := e.store.UnreadNotifications(context.Background(), lee.ID)
	if err != nil {
		t.Fatal(err)
	}

	wantStatus(t, mc.post("/assessments/new/phq9", questionnaire(phq9(map[string]int{"9": 2}))), http.StatusSeeOther)
	if after, _ := e.store.UnreadNotifications(context.Background(), lee.ID); after != before+1 {
		t.Fatalf("the care team has %d unread notifications after the PHQ-9, want %d", after, before+1)
	}
	page := "/program/assessments/" + member.ID
	local := e.clock.now().In(location("America/Chicago"))
	wantStatus(t, lc.post(page+"/new/cows", questionnaire(cows(map[string]int{"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}),
		"taken_at", local.Add(-time.Hour).Format(localTimeLayout))), http.StatusSeeOther)
	wantStatus(t, lc.post(page+"/new/cows", questionnaire(cows(map[string]int{"1": 4, "2": 4, "3": 5}))), http.StatusSeeOther)
	wantBody(t, lc.get("/program/caseload?program="+programID), "Thoughts of self-harm (PHQ-9 question 9)", "Withdrawal (COWS) is rising")
	wantBody(t, lc.get("/program/enrolments/"+list[0].ID+"?program="+programID), `href="/program/assessments/`+member.ID+`"`)
}
