package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// shownBy are the words by which a response shows a category of the
// member's data: a page's or a JSON body's.
var shownBy = map[onward.Category][]string{
	onward.CategoryMilestones:  {"days in a row", `"current_streak_days"`},
	onward.CategoryCheckins:    {"Checked in on", `"days_checked_in"`, `"lapse_days"`},
	onward.CategoryAlerts:      {"Call ana: ", `"alert_phone"`},
	onward.CategoryAssessments: {`"assessments"`},
	onward.CategoryMedication:  {`"medication"`},
	onward.CategoryTests:       {`"tests"`},
}

// shown lists the categories of the member's data that body shows.
func shown(body string) []onward.Category {
	var out []onward.Category
	for c, words := range shownBy {
		for _, w := range words {
			if strings.Contains(body, w) {
				out = append(out, c)
				break
			}
		}
	}
	return sortedCategories(out)
}

func sortedCategories(cs []onward.Category) []onward.Category {
	out := slices.Clone(cs)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// auditTail returns the newest audit sequence number, to read what a
// request adds after it.
func auditTail(t *testing.T, e *testEnv, memberID string) int64 {
	t.Helper()
	log, err := e.store.AccessByOthers(context.Background(), memberID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 {
		return 0
	}
	return log[0].Seq
}

// recordedSince returns what the audit log says others did with the
// member's data after seq: each entry as "actor category read allowed".
func recordedSince(t *testing.T, e *testEnv, memberID string, seq int64) (allowed, refused []onward.Category, actors []string) {
	t.Helper()
	log, err := e.store.AccessByOthers(context.Background(), memberID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range log {
		if entry.Seq <= seq {
			continue
		}
		if entry.Action != string(onward.ActionRead) {
			t.Errorf("a request by someone else recorded %+v, not a read", entry)
		}
		if entry.Allowed {
			allowed = append(allowed, entry.Category)
		} else {
			refused = append(refused, entry.Category)
		}
		actors = append(actors, entry.ActorID)
	}
	return sortedCategories(allowed), sortedCategories(refused), actors
}

// TestEveryReadOfAnothersDataIsRecordedExactly requests every route that
// returns someone else's data, as every kind of person, and compares what
// the member's "who has seen my data" gains with what the response holds:
// one entry per category shown (allowed), one per category asked for and
// refused, nothing else. Among the cases are the ones issue 8 found wrong:
// a supporter who may see only milestones asking for check-ins, the
// recovery endpoint recording a check-ins read it did not show, and one
// page view writing two rows.
func TestEveryReadOfAnothersDataIsRecordedExactly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	member, mc := newMember(t, e)
	onboard(t, mc, "2026-10-01", nil)
	wantStatus(t, mc.post("/checkin", checkInForm("2026-11-21", "4", "2")), http.StatusSeeOther)
	wantStatus(t, mc.post("/support/phone", url.Values{"phone": {"+1 217 555 0199"}}), http.StatusSeeOther)

	milo := e.addUser("milo@example.com", onward.RoleSupporter) // milestones only
	cara := e.addUser("cara@example.com", onward.RoleSupporter) // check-ins only
	bo := e.addUser("bo@example.com", onward.RoleSupporter)     // milestones, check-ins and alerts
	eve := e.addUser("eve@example.com", onward.RoleSupporter)   // alerts and milestones, until the member ended it
	stranger := e.addUser("stranger@example.com", onward.RoleSupporter)
	other := e.addUser("other@example.com", onward.RoleMember)
	operator := e.addUser("operator@example.com", onward.RoleOperator)
	e.enableTOTP(operator)
	shareWith(t, e, member, milo, onward.CategoryMilestones)
	shareWith(t, e, member, cara, onward.CategoryCheckins)
	shareWith(t, e, member, bo, onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts)
	eveGrant := shareWith(t, e, member, eve, onward.CategoryMilestones, onward.CategoryAlerts)

	var programs []string
	for _, id := range e.seedDirectory() {
		programs = append(programs, id)
	}
	sort.Strings(programs)
	clinicianA := e.addStaffUser("lee@example.com", onward.RoleClinician, programs[0])     // the program with a consent
	clinicianB := e.addStaffUser("kim@example.com", onward.RoleClinician, programs[1])     // another program
	clinicianC := e.addStaffUser("ruth@example.com", onward.RoleProgramAdmin, programs[2]) // a program the member revoked
	for _, p := range []string{programs[0], programs[2]} {
		wantStatus(t, mc.post("/support/programs", programConsentFormValues(p)), http.StatusSeeOther)
	}
	consents, err := e.store.ProgramConsents(ctx, member.ID)
	if err != nil || len(consents) != 2 {
		t.Fatalf("program consents: %v %v", consents, err)
	}
	consentOf := map[string]string{}
	for _, c := range consents {
		consentOf[c.ProgramID] = c.ID
	}
	consentA, consentC := consentOf[programs[0]], consentOf[programs[2]]
	wantStatus(t, mc.post("/support/programs/"+consentC+"/revoke", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	// The member asks program A to enrol them, under consent A.
	wantStatus(t, mc.post("/find/"+programs[0]+"/enrol", nil), http.StatusSeeOther)
	enrolments := decodeJSONBody[struct {
		Enrolments []struct {
			ID string `json:"id"`
		} `json:"enrolments"`
	}](t, mc.api("GET", "/api/v1/enrolments", "", "")).Enrolments
	if len(enrolments) != 1 {
		t.Fatalf("enrolments: %v", enrolments)
	}
	timeline := "/api/v1/programs/" + programs[0] + "/enrolments/" + enrolments[0].ID

	res := mc.post("/support-now", nil)
	wantStatus(t, res, http.StatusSeeOther)
	requestID := strings.TrimPrefix(res.header.Get("Location"), "/support-now/")
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RevokeGrant(ctx, member.ID, eveGrant.ID) }); err != nil {
		t.Fatal(err)
	}

	clients := map[*onward.User]*client{member: mc}
	as := func(u *onward.User) *client {
		if c, ok := clients[u]; ok {
			return c
		}
		c := e.newClient()
		c.signIn(u)
		clients[u] = c
		return c
	}
	ms, cs, al := onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts
	asm, md, ts := onward.CategoryAssessments, onward.CategoryMedication, onward.CategoryTests
	recovery, checkins := "/api/v1/members/"+member.ID+"/recovery", "/api/v1/members/"+member.ID+"/checkins"
	answer := "/support-now/" + requestID + "/answer"
	cases := []struct {
		who     *onward.User // nil: a visitor
		method  string
		path    string
		status  int
		allowed []onward.Category // recorded as allowed: what a page or JSON body shows
		refused []onward.Category // asked for, refused, and recorded so
	}{
		// People I support: one entry per category the page shows.
		{milo, "GET", "/supporting", 200, []onward.Category{ms}, nil},
		{cara, "GET", "/supporting", 200, []onward.Category{cs}, nil},
		{bo, "GET", "/supporting", 200, []onward.Category{ms, cs}, nil}, // alerts are shared, but the page shows none
		{eve, "GET", "/supporting", 200, nil, nil},                      // ended: said so, nothing read
		{stranger, "GET", "/supporting", 200, nil, nil},
		{clinicianA, "GET", "/supporting", 200, nil, nil},
		{nil, "GET", "/supporting", 303, nil, nil},
		// What is shared is relationship metadata: listing it reads nothing.
		{bo, "GET", "/api/v1/supporting", 200, nil, nil},
		{eve, "GET", "/api/v1/supporting", 200, nil, nil},
		// One member's clean time: milestones only, never check-ins.
		{milo, "GET", recovery, 200, []onward.Category{ms}, nil},
		{bo, "GET", recovery, 200, []onward.Category{ms}, nil},
		{cara, "GET", recovery, 403, nil, []onward.Category{ms}},
		{eve, "GET", recovery, 403, nil, []onward.Category{ms}},
		{stranger, "GET", recovery, 404, nil, nil},
		{other, "GET", recovery, 404, nil, nil},
		{clinicianA, "GET", recovery, 404, nil, nil},
		{operator, "GET", recovery, 404, nil, nil},
		{member, "GET", recovery, 404, nil, nil},
		{nil, "GET", recovery, 401, nil, nil},
		// One member's check-ins: the refusal alone when not shared.
		{milo, "GET", checkins, 403, nil, []onward.Category{cs}},
		{cara, "GET", checkins, 200, []onward.Category{cs}, nil},
		{bo, "GET", checkins, 200, []onward.Category{cs}, nil},
		{eve, "GET", checkins, 403, nil, []onward.Category{cs}},
		{stranger, "GET", checkins, 404, nil, nil},
		// The staff of a program the member consented to, of another
		// program, and of a program whose consent the member revoked.
		{clinicianA, "GET", "/program/members", 200, nil, nil},
		{clinicianA, "GET", "/program/members/" + consentA, 200, []onward.Category{ms, cs}, nil},
		{clinicianB, "GET", "/program/members/" + consentA, 403, nil, []onward.Category{ms, cs}},
		{clinicianC, "GET", "/program/members/" + consentC, 200, nil, []onward.Category{ms, cs}},
		{clinicianA, "GET", "/program/members/" + consentC, 403, nil, []onward.Category{ms, cs}},
		{milo, "GET", "/program/members/" + consentA, 403, nil, nil}, // not program staff: stopped before any question
		{operator, "GET", "/program/members/" + consentA, 403, nil, nil},
		// The same through the API: the consents are no data; one
		// member's page records exactly what it shows, refusals too.
		{clinicianA, "GET", "/api/v1/program-members", 200, nil, nil},
		{clinicianA, "GET", "/api/v1/program-members/" + consentA, 200, []onward.Category{ms, cs}, nil},
		{clinicianB, "GET", "/api/v1/program-members/" + consentA, 403, nil, []onward.Category{ms, cs}},
		{clinicianC, "GET", "/api/v1/program-members/" + consentC, 200, nil, []onward.Category{ms, cs}},
		{clinicianA, "GET", "/api/v1/program-members/" + consentC, 403, nil, []onward.Category{ms, cs}},
		{milo, "GET", "/api/v1/program-members/" + consentA, 403, nil, nil},
		{operator, "GET", "/api/v1/program-members/" + consentA, 403, nil, nil},
		{nil, "GET", "/api/v1/program-members/" + consentA, 401, nil, nil},
		{clinicianA, "GET", "/api/v1/assessment-sharers", 200, nil, nil},
		// A member's timeline asks for everything it could show: what
		// the consent covers is shown and recorded, the rest refused.
		{clinicianA, "GET", timeline, 200, []onward.Category{ms, cs}, []onward.Category{al, asm, md, ts}},
		{clinicianB, "GET", timeline, 403, nil, nil},
		{clinicianC, "GET", timeline, 403, nil, nil},
		{milo, "GET", timeline, 403, nil, nil},
		// A supporter's alert: the phone is alerts data, read while shared.
		{bo, "GET", "/notifications", 200, []onward.Category{al}, nil},
		{eve, "GET", "/notifications", 200, nil, nil}, // ended: the alert says so, nothing read
		{milo, "GET", "/notifications", 200, nil, nil},
		{milo, "POST", answer, 403, nil, []onward.Category{al}},
		{eve, "POST", answer, 403, nil, []onward.Category{al}},
		{stranger, "POST", answer, 403, nil, []onward.Category{al}},
		{bo, "POST", answer, 303, []onward.Category{al}, nil}, // answering reads the alert, then redirects
	}
	for _, tc := range cases {
		name := "visitor"
		if tc.who != nil {
			name = strings.Split(tc.who.Email, "@")[0]
		}
		t.Run(fmt.Sprintf("%s %s %s", name, tc.method, strings.ReplaceAll(tc.path, member.ID, "ana")), func(t *testing.T) {
			c := e.newClient()
			if tc.who != nil {
				c = as(tc.who)
			}
			before := auditTail(t, e, member.ID)
			var res response
			switch {
			case tc.method == "POST":
				res = c.post(tc.path, url.Values{"answer": {"calling"}})
			case strings.HasPrefix(tc.path, "/api/"):
				res = c.api("GET", tc.path, "", "")
			default:
				res = c.get(tc.path)
			}
			wantStatus(t, res, tc.status)
			allowed, refused, actors := recordedSince(t, e, member.ID, before)
			wantAllowed, wantRefused := sortedCategories(tc.allowed), sortedCategories(tc.refused)
			if res.status != http.StatusSeeOther {
				if got := shown(res.body); !slices.Equal(got, wantAllowed) {
					t.Fatalf("the response shows %v, want %v", got, wantAllowed)
				}
			}
			if !slices.Equal(allowed, wantAllowed) || !slices.Equal(refused, wantRefused) {
				t.Fatalf("recorded allowed %v and refused %v; want allowed %v and refused %v", allowed, refused, wantAllowed, wantRefused)
			}
			for _, a := range actors {
				if tc.who == nil || a != tc.who.ID {
					t.Fatalf("an entry names actor %q, want %s", a, name)
				}
			}
		})
	}
}
