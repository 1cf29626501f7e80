package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// programFixture is a program with a clinician, an admin, and a member
// enrolled by invitation under a consent to share milestones, check-ins,
// alerts and treatment records.
type programFixture struct {
	e                    *testEnv
	programID, otherID   string
	lee, admin, other    *onward.User
	leeC, adminC, otherC *client
	member               *onward.User
	mc                   *client
	enrolmentID          string
}

var inviteLinkRe = regexp.MustCompile(`/enrol/([A-Za-z0-9_-]+)"`)

func newProgramFixture(t *testing.T) *programFixture {
	t.Helper()
	e := newEnv(t)
	ids := e.seedDirectory()
	var programs []string
	for _, id := range ids {
		programs = append(programs, id)
	}
	slices.Sort(programs)
	f := &programFixture{e: e, programID: programs[0], otherID: programs[1]}
	f.lee = e.addStaffUser("lee@example.com", onward.RoleClinician, f.programID)
	f.admin = e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, f.programID)
	f.other = e.addStaffUser("other@example.com", onward.RoleClinician, f.otherID)
	f.leeC, f.adminC, f.otherC = e.newClient(), e.newClient(), e.newClient()
	f.leeC.signIn(f.lee)
	f.adminC.signIn(f.admin)
	f.otherC.signIn(f.other)
	f.member, f.mc = newMember(t, e)
	onboard(t, f.mc, "2026-10-01", nil)

	// The program invites the member by a one-time link.
	res := f.leeC.post("/program/invitations", url.Values{"program": {f.programID}, "name": {"Ana T."}})
	wantStatus(t, res, http.StatusOK)
	m := inviteLinkRe.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no invitation link on the page:\n%s", truncate(res.body))
	}
	code := m[1]
	if again := f.leeC.get("/program/enrol?program=" + f.programID); strings.Contains(again.body, code) {
		t.Fatal("the invitation link is shown again after the page reloads")
	}
	// Without a consent the member is sent to give one first.
	wantBody(t, f.mc.get("/enrol/"+code), "Choose what to share with the program", "/support/programs/new?program="+f.programID)
	res = f.mc.post("/enrol/"+code, nil)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != "/enrol/"+code {
		t.Fatalf("joining without consent went to %q", loc)
	}
	wantStatus(t, f.mc.post("/support/programs", programConsentFormValues(f.programID,
		"share", "milestones", "share", "checkins")), http.StatusSeeOther)
	consent := programConsentFormValues(f.programID)
	consent["share"] = []string{"milestones", "checkins", "alerts", "treatment"}
	wantStatus(t, f.mc.post("/support/programs", consent), http.StatusSeeOther)
	res = f.mc.post("/enrol/"+code, nil)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); !strings.HasPrefix(loc, "/care") {
		t.Fatalf("joining went to %q", loc)
	}
	wantBody(t, f.mc.get("/care"), "In care")
	// A used link works once.
	wantStatus(t, f.mc.post("/enrol/"+code, nil), http.StatusNotFound)

	list, err := e.store.EnrolmentsOfMember(context.Background(), f.member.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("enrolments %v, %v", list, err)
	}
	f.enrolmentID = list[0].ID
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/care-team",
		url.Values{"program": {f.programID}, "care_team": {f.lee.ID}}), http.StatusSeeOther)
	return f
}

// auditRows counts the member's audit entries by viewer, category and outcome.
func (f *programFixture) auditRows(t *testing.T, viewer string) map[string]int {
	t.Helper()
	entries, err := f.e.store.AccessByOthers(context.Background(), f.member.ID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range entries {
		if e.ActorID != viewer {
			continue
		}
		outcome := "refused"
		if e.Allowed {
			outcome = "allowed"
		}
		out[string(e.Category)+" "+e.Action+" "+outcome]++
	}
	return out
}

func diffCounts(before, after map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

func TestCaseloadFlagsAcknowledgementAndDisclosure(t *testing.T) {
	f := newProgramFixture(t)
	caseload := "/program/caseload?program=" + f.programID

	page := f.leeC.get(caseload)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, f.member.DisplayName, "Nothing to flag")

	// A lapse raises a flag; showing it discloses check-ins, once per view.
	wantStatus(t, f.mc.post("/lapse", url.Values{"day": {"2026-11-20"}}), http.StatusSeeOther)
	before := f.auditRows(t, f.lee.ID)
	page = f.leeC.get(caseload)
	wantBody(t, page, "<li>A lapse was recorded</li>")
	if got := diffCounts(before, f.auditRows(t, f.lee.ID)); len(got) != 1 || got["checkins read allowed"] != 1 {
		t.Fatalf("a caseload view recorded %v, want one check-ins read", got)
	}

	// Acknowledged, the flag goes; new data brings it back.
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/acknowledge",
		url.Values{"program": {f.programID}, "flag": {"lapse"}, "note": {"Called her; she is safe."}}), http.StatusSeeOther)
	if page = f.leeC.get(caseload); strings.Contains(page.body, "<li>A lapse was recorded</li>") {
		t.Fatal("an acknowledged flag is still shown")
	}
	f.e.clock.advance(10 * time.Minute) // within the staff session's idle limit
	wantStatus(t, f.mc.post("/lapse", url.Values{"day": {"2026-11-21"}}), http.StatusSeeOther)
	wantBody(t, f.leeC.get(caseload), "<li>A lapse was recorded</li>")

	// The filter by flag, the search and "mine".
	wantBody(t, f.leeC.get(caseload+"&flag=lapse"), f.member.DisplayName)
	if page := f.leeC.get(caseload + "&flag=support_now"); strings.Contains(page.body, "/program/enrolments/"+f.enrolmentID) {
		t.Fatal("the flag filter kept a member without that flag")
	}
	if page := f.adminC.get(caseload + "&mine=1"); strings.Contains(page.body, "/program/enrolments/"+f.enrolmentID) {
		t.Fatal("\"mine\" lists a member whose care team the admin is not on")
	}
	// The admin looks at Dr Lee's caseload: the member is on it, not on the admin's.
	wantBody(t, f.adminC.get(caseload+"&care_team="+f.lee.ID), "/program/enrolments/"+f.enrolmentID)
	if page := f.adminC.get(caseload + "&care_team=" + f.admin.ID); strings.Contains(page.body, "/program/enrolments/"+f.enrolmentID) {
		t.Fatal("the care team filter lists a member whose care team does not include that staff member")
	}
	wantStatus(t, f.adminC.get(caseload+"&care_team="+f.member.ID), http.StatusBadRequest)
	if page := f.leeC.get(caseload + "&q=zzz"); strings.Contains(page.body, "/program/enrolments/"+f.enrolmentID) {
		t.Fatal("the name search kept a member whose name does not match")
	}

	// The API says the same.
	token := createAPIToken(t, f.e, f.lee)
	res := f.leeC.api("GET", "/api/v1/programs/"+f.programID+"/caseload", token, "")
	wantStatus(t, res, http.StatusOK)
	var body struct {
		Members []struct {
			Name  string
			Flags []struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(res.body), &body); err != nil || len(body.Members) != 1 || body.Members[0].Flags[0].Code != "lapse" {
		t.Fatalf("API caseload %s (%v)", res.body, err)
	}
}

func TestMemberTimelineNotesAndAccess(t *testing.T) {
	f := newProgramFixture(t)
	timeline := "/program/enrolments/" + f.enrolmentID + "?program=" + f.programID
	wantStatus(t, f.mc.post("/checkin", checkInForm("2026-11-21", "4", "2")), http.StatusSeeOther)

	before := f.auditRows(t, f.lee.ID)
	page := f.leeC.get(timeline)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, redisclosureNotice, "Check-ins of the last 30 days", "No note yet.")
	got := diffCounts(before, f.auditRows(t, f.lee.ID))
	want := map[string]int{"milestones read allowed": 1, "checkins read allowed": 1, "alerts read allowed": 1,
		"treatment read allowed": 1, "assessments read refused": 1, "medication read refused": 1, "tests read refused": 1}
	if len(got) != len(want) {
		t.Fatalf("a timeline view recorded %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("a timeline view recorded %v, want %v", got, want)
		}
	}

	// Notes: a care note for the team, a counselling note for its author.
	for _, n := range []url.Values{{"kind": {"care"}, "body": {"Discussed weekend plans."}}, {"kind": {"counselling"}, "body": {"Grief about her father."}}} {
		n.Set("program", f.programID)
		wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/notes", n), http.StatusSeeOther)
	}
	wantBody(t, f.leeC.get(timeline), "Discussed weekend plans.", "Grief about her father.")
	res := f.leeC.post("/program/enrolments/"+f.enrolmentID+"/notes", url.Values{"program": {f.programID}, "kind": {"care"}, "body": {"  "}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Write the note.")

	// The admin, not on the care team, sees neither note and cannot write one.
	adminPage := f.adminC.get(timeline)
	wantStatus(t, adminPage, http.StatusOK)
	if strings.Contains(adminPage.body, "weekend plans") || strings.Contains(adminPage.body, "Grief") {
		t.Fatal("someone off the care team reads its notes")
	}
	wantStatus(t, f.adminC.post("/program/enrolments/"+f.enrolmentID+"/notes",
		url.Values{"program": {f.programID}, "kind": {"care"}, "body": {"x"}}), http.StatusForbidden)
	// Put on the care team, the admin reads the care note, never Lee's counselling note.
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/care-team",
		url.Values{"program": {f.programID}, "care_team": {f.lee.ID, f.admin.ID}}), http.StatusSeeOther)
	adminPage = f.adminC.get(timeline)
	wantBody(t, adminPage, "Discussed weekend plans.")
	if strings.Contains(adminPage.body, "Grief") {
		t.Fatal("a counselling note is shown to someone other than its author")
	}

	// Staff of another program: refused, and recorded against the program.
	wantStatus(t, f.otherC.get("/program/enrolments/"+f.enrolmentID+"?program="+f.programID), http.StatusForbidden)
	wantStatus(t, f.otherC.get("/program/caseload?program="+f.programID), http.StatusForbidden)
	// A supporter or a member never reach staff pages.
	wantStatus(t, f.mc.get(timeline), http.StatusForbidden)

	// After the member revokes, the timeline shows nothing and every
	// category asked is recorded as refused.
	consents, err := f.e.store.ProgramConsents(context.Background(), f.member.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range consents {
		if c.RevokedAt == nil {
			wantStatus(t, f.mc.post("/support/programs/"+c.ID+"/revoke", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
		}
	}
	before = f.auditRows(t, f.lee.ID)
	page = f.leeC.get(timeline)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "does not cover what this page shows")
	if strings.Contains(page.body, "weekend plans") {
		t.Fatal("notes are shown after the consent was revoked")
	}
	for k, v := range diffCounts(before, f.auditRows(t, f.lee.ID)) {
		if !strings.HasSuffix(k, "refused") || v != 1 {
			t.Fatalf("after revocation a view recorded %s x%d, want only refusals", k, v)
		}
	}
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/notes",
		url.Values{"program": {f.programID}, "kind": {"care"}, "body": {"after"}}), http.StatusForbidden)
}

func TestDischargeAndRequests(t *testing.T) {
	f := newProgramFixture(t)
	base := "/program/enrolments/" + f.enrolmentID
	// Discharge asks first, on a page of its own.
	wantBody(t, f.leeC.get(base+"/discharge?program="+f.programID), "Yes, end the enrolment")
	res := f.leeC.post(base+"/discharge", url.Values{"program": {f.programID}, "reason": {"bored"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Choose a reason from the list.")
	wantStatus(t, f.leeC.post(base+"/discharge", url.Values{"program": {f.programID}, "reason": {"completed"}}), http.StatusSeeOther)
	wantBody(t, f.mc.get("/care"), "Care ended", "Treatment completed")
	// The consent lasted until the end of treatment: it ended with it.
	consents, _ := f.e.store.ProgramConsents(context.Background(), f.member.ID)
	for _, c := range consents {
		if c.UntilEndOfTreatment && c.RevokedAt == nil {
			t.Fatal("a consent until the end of treatment outlived the discharge")
		}
	}
	// Discharging twice is a conflict, not a second discharge.
	wantStatus(t, f.leeC.post(base+"/discharge", url.Values{"program": {f.programID}, "reason": {"completed"}}), http.StatusConflict)

	// The member asks to come back; the program accepts.
	consent := programConsentFormValues(f.programID)
	wantStatus(t, f.mc.post("/support/programs", consent), http.StatusSeeOther)
	wantStatus(t, f.mc.post("/find/"+f.programID+"/enrol", nil), http.StatusSeeOther)
	wantBody(t, f.mc.get("/care"), "Request waiting for the program")
	wantStatus(t, f.mc.post("/find/"+f.programID+"/enrol", nil), http.StatusSeeOther) // a double submit
	list, _ := f.e.store.EnrolmentsOfMember(context.Background(), f.member.ID)
	var requested []string
	for _, e := range list {
		if e.Status == onward.EnrolmentRequested {
			requested = append(requested, e.ID)
		}
	}
	if len(requested) != 1 {
		t.Fatalf("requests %v, want one", requested)
	}
	wantBody(t, f.adminC.get("/program/enrol?program="+f.programID), f.member.DisplayName)
	wantStatus(t, f.adminC.post("/program/enrolments/"+requested[0]+"/answer", url.Values{"program": {f.programID}, "answer": {"accept"}}),
		http.StatusSeeOther)
	wantBody(t, f.mc.get("/care"), "In care")
	// Staff of another program cannot answer it.
	wantStatus(t, f.otherC.post("/program/enrolments/"+requested[0]+"/answer", url.Values{"program": {f.programID}, "answer": {"decline"}}),
		http.StatusForbidden)
}

func TestProgramSettingsAndValidation(t *testing.T) {
	f := newProgramFixture(t)
	res := f.adminC.post("/program/settings", url.Values{"program": {f.programID}, "no_checkin_days": {"90"}, "escalate_after_minutes": {"30"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Give a number of days from 0 to 60.")
	res = f.adminC.post("/program/settings", url.Values{"program": {f.programID}, "no_checkin_days": {"3"}, "escalate_after_minutes": {"1"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "from 5 to 1,440")
	wantStatus(t, f.adminC.post("/program/settings", url.Values{"program": {f.programID}, "no_checkin_days": {"7"}, "escalate_after_minutes": {"15"}}),
		http.StatusSeeOther)
	wantBody(t, f.adminC.get("/program/enrol?program="+f.programID), `value="15"`)
	// Clinicians may not change the settings.
	wantStatus(t, f.leeC.post("/program/settings", url.Values{"program": {f.programID}, "no_checkin_days": {"1"}, "escalate_after_minutes": {"30"}}),
		http.StatusForbidden)
	// An invitation needs a name.
	res = f.leeC.post("/program/invitations", url.Values{"program": {f.programID}, "name": {""}})
	wantStatus(t, res, http.StatusBadRequest)
	// A care team of someone off the staff is refused.
	res = f.leeC.post("/program/enrolments/"+f.enrolmentID+"/care-team", url.Values{"program": {f.programID}, "care_team": {f.other.ID}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Choose people on this program&#39;s staff.")
	// An unknown flag cannot be acknowledged.
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/acknowledge", url.Values{"program": {f.programID}, "flag": {"x"}}),
		http.StatusBadRequest)
}

// TestUrgentAlertsReachTheCareTeamAndEscalate: "I need support now" from
// an enrolled member who shares alerts with the program tells the care
// team at once; unacknowledged after the program's time, it goes to the
// rest of the staff, once; acknowledged in time, it does not.
func TestUrgentAlertsReachTheCareTeamAndEscalate(t *testing.T) {
	f := newProgramFixture(t)
	ctx := context.Background()
	inbox := func(u *onward.User) []string {
		list, err := f.e.store.Notifications(ctx, u.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, n := range list {
			kinds = append(kinds, n.Kind)
		}
		return kinds
	}
	wantStatus(t, f.mc.post("/support-now", nil), http.StatusSeeOther)
	if got := inbox(f.lee); !slices.Contains(got, "care_alert") {
		t.Fatalf("the care team's inbox holds %v, want a care alert", got)
	}
	if got := inbox(f.admin); slices.Contains(got, "care_alert") {
		t.Fatal("someone off the care team got the care alert")
	}
	wantBody(t, f.leeC.get("/notifications"), "Urgent: "+f.member.DisplayName+" needs attention now", "/program/enrolments/"+f.enrolmentID)
	wantStatus(t, f.leeC.get("/program/enrolments/"+f.enrolmentID), http.StatusOK) // the alert's link names no program

	// Not yet due: nothing escalates.
	f.e.clock.advance(29 * time.Minute)
	if n, err := f.e.store.EscalateCareAlerts(ctx, f.e.clock.now()); err != nil || n != 0 {
		t.Fatalf("escalated %d (%v) before the program's time", n, err)
	}
	f.e.clock.advance(2 * time.Minute)
	if n, err := f.e.store.EscalateCareAlerts(ctx, f.e.clock.now()); err != nil || n != 1 {
		t.Fatalf("escalated %d (%v), want 1", n, err)
	}
	if n, _ := f.e.store.EscalateCareAlerts(ctx, f.e.clock.now()); n != 0 {
		t.Fatal("an alert escalated twice")
	}
	if got := inbox(f.admin); !slices.Contains(got, "care_escalation") {
		t.Fatalf("the rest of the staff hold %v, want the escalation", got)
	}

	// A new alert, acknowledged in time, does not escalate.
	wantStatus(t, f.mc.post("/support-now", nil), http.StatusSeeOther)
	f.leeC.signIn(f.lee) // the staff session's idle limit passed
	wantStatus(t, f.leeC.post("/program/enrolments/"+f.enrolmentID+"/acknowledge",
		url.Values{"program": {f.programID}, "flag": {"support_now"}, "note": {"Called him; safe at home."}}), http.StatusSeeOther)
	f.e.clock.advance(time.Hour)
	if n, err := f.e.store.EscalateCareAlerts(ctx, f.e.clock.now()); err != nil || n != 0 {
		t.Fatalf("an acknowledged alert escalated (%d, %v)", n, err)
	}
}
