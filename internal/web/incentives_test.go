package web

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// funder adds a funder with a cap in cents through the API and returns its id.
func (f *careFixture) funder(t *testing.T, name string, cents int) string {
	t.Helper()
	res := f.ac.api("POST", f.programs+"/funders", f.adminTok, fmt.Sprintf(`{"name": %q, "annual_cap_cents": %d}`, name, cents))
	wantStatus(t, res, http.StatusCreated)
	var out funderJSON
	json.Unmarshal([]byte(res.body), &out)
	return out.ID
}

// arm opens an arm through the API and returns it.
func (f *careFixture) arm(t *testing.T, body string) armJSON {
	t.Helper()
	res := f.ac.api("POST", f.programs+"/incentive-arms", f.adminTok, body)
	wantStatus(t, res, http.StatusCreated)
	var out armJSON
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

const higginsJSON = `{"kind": "voucher", "voucher": {"start_cents": 250, "increment_cents": 125, "bonus_cents": 1000, "bonus_every": 3,
	"reset": true, "restore_after": 5}}`

func (f *careFixture) join(t *testing.T, armID string, status int) {
	t.Helper()
	wantStatus(t, f.cc.api("PUT", f.enrolURL+"/incentive-arm", f.clinTok, fmt.Sprintf(`{"arm_id": %q}`, armID)), status)
}

// incentives reads the member's CM as the member.
func (f *careFixture) incentives(t *testing.T) map[string]any {
	t.Helper()
	res := f.mc.api("GET", "/api/v1/incentives", f.memberTok, "")
	wantStatus(t, res, http.StatusOK)
	var out struct {
		Programs []map[string]any `json:"programs"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil || len(out.Programs) != 1 {
		t.Fatalf("incentives %s (%v), want one program", res.body, err)
	}
	return out.Programs[0]
}

func cents(v any) int { f, _ := v.(float64); return int(f) }

func TestVoucherScheduleEarnsResetsAndStopsAtTheCap(t *testing.T) {
	f := newCareFixture(t)
	funder := f.funder(t, "State opioid response", 2000) // $20 a year
	arm := f.arm(t, fmt.Sprintf(`{"name": "Stimulants", "funder_id": %q, "schedule": %s, "targets": ["negative_test"],
		"substances": ["cocaine", "amphetamines"], "tests": {"count": 3, "per": "week"}}`, funder, higginsJSON))
	if arm.Status != "active" {
		t.Fatalf("arm status %q, want active", arm.Status)
	}
	f.join(t, arm.ID, http.StatusNoContent)
	// The arm sets the testing schedule, the same for everyone in it.
	wantBody(t, f.cc.api("GET", f.enrolURL+"/tests", f.clinTok, ""), `"count": 3`)
	res := f.cc.api("PUT", f.enrolURL+"/testing-schedule", f.clinTok, `{"count": 1, "per": "week"}`)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Stimulants")

	negative := func(key string) {
		f.recordTest(t, f.testJSON(key, "cocaine", "negative", "amphetamines", "negative"), http.StatusCreated)
	}
	negative("n1")
	negative("n2")
	if got := cents(f.incentives(t)["earned_cents"]); got != 250+375 {
		t.Fatalf("two negatives earned %d cents, want 625", got)
	}
	// A test without every target substance does not count.
	f.recordTest(t, f.testJSON("c1", "cocaine", "negative"), http.StatusCreated)
	f.recordTest(t, f.testJSON("p1", "cocaine", "positive", "amphetamines", "negative"), http.StatusCreated)
	inc := f.incentives(t)
	next := inc["next"].([]any)[0].(map[string]any)
	if cents(inc["earned_cents"]) != 625 || cents(next["value_cents"]) != 250 {
		t.Fatalf("after a positive: earned %v, next %v; want 625 kept and the next back to $2.50", inc["earned_cents"], next)
	}
	negative("n3")
	negative("n4")
	negative("n5") // $2.50 + $3.75 + $5.00 + $10 bonus = $21.25, but only $13.75 is left of $20
	inc = f.incentives(t)
	if got := cents(inc["earned_cents"]); got != 2000 {
		t.Fatalf("earned %d cents, want the $20 cap exactly", got)
	}
	if cap := inc["cap"].(map[string]any); cents(cap["remaining_cents"]) != 0 || cents(cap["cap_cents"]) != 2000 {
		t.Fatalf("cap %v", cap)
	}
	held := 0
	for _, e := range inc["ledger"].([]any) {
		held += cents(e.(map[string]any)["held_by_cap_cents"])
	}
	if held != 2125+625-2000 {
		t.Fatalf("held back %d cents, want %d", held, 2125+625-2000)
	}
	negative("n6")
	if got := cents(f.incentives(t)["earned_cents"]); got != 2000 {
		t.Fatalf("past the cap, earned moved to %d", got)
	}
	// The member sees it on their page.
	page := f.mc.get("/care/incentives")
	wantBody(t, page, "My incentives", "Stimulants", "$20.00", "Left to spend")

	t.Run("Redemptions", func(t *testing.T) {
		over := f.cc.api("POST", f.enrolURL+"/incentives/redemptions", f.clinTok, `{"amount_cents": 2500, "form": "gift_card", "item": "Groceries"}`)
		wantStatus(t, over, http.StatusConflict)
		wantBody(t, over, "more than the member has left to spend")
		cash := f.cc.api("POST", f.enrolURL+"/incentives/redemptions", f.clinTok, `{"amount_cents": 500, "form": "cash", "item": "Cash"}`)
		wantStatus(t, cash, http.StatusBadRequest)
		body := `{"amount_cents": 1500, "form": "gift_card", "item": "Bus pass", "key": "r1"}`
		wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/redemptions", f.clinTok, body), http.StatusCreated)
		wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/redemptions", f.clinTok, body), http.StatusOK)
		inc := f.incentives(t)
		if cents(inc["redeemed_cents"]) != 1500 || cents(inc["balance_cents"]) != 500 {
			t.Fatalf("redeemed %v, balance %v; want 1500 and 500", inc["redeemed_cents"], inc["balance_cents"])
		}
	})
	t.Run("InTheMembersExport", func(t *testing.T) {
		doc := f.mc.api("GET", "/api/v1/export?format=json", f.memberTok, "")
		wantStatus(t, doc, http.StatusOK)
		wantBody(t, doc, `"drug_tests": [`, `"substance": "amphetamines"`, `"contingency_ledger": [`, `"amount_cents": 250`, `"held_by_cap_cents"`)
		wantBody(t, f.mc.api("GET", "/api/v1/export?format=fhir", f.memberTok, ""), `"code": "19359-9"`, `"code": "260415000"`)
	})
	t.Run("MembersOnlySeeTheirOwn", func(t *testing.T) {
		other := f.e.addUser("other@example.com", "member")
		res := f.e.newClient().api("GET", "/api/v1/incentives", createAPIToken(t, f.e, other), "")
		wantBody(t, res, `"programs": []`)
	})
}

func TestDisputedResultHoldsCMUntilItsConfirmation(t *testing.T) {
	f := newCareFixture(t)
	arm := f.arm(t, fmt.Sprintf(`{"name": "Cocaine", "funder_id": %q, "schedule": %s, "targets": ["negative_test"],
		"substances": ["cocaine"], "tests": {"count": 3, "per": "week"}}`, f.funder(t, "SAMHSA", 75000), higginsJSON))
	f.join(t, arm.ID, http.StatusNoContent)
	for i := range 3 {
		f.recordTest(t, f.testJSON(fmt.Sprint("n", i), "cocaine", "negative"), http.StatusCreated)
	}
	positive := f.recordTest(t, f.testJSON("p", "cocaine", "positive"), http.StatusCreated)
	wantStatus(t, f.mc.api("POST", "/api/v1/tests/"+positive.ID+"/dispute", f.memberTok, `{}`), http.StatusNoContent)
	f.recordTest(t, f.testJSON("after", "cocaine", "negative"), http.StatusCreated)
	inc := f.incentives(t)
	next := inc["next"].([]any)[0].(map[string]any)
	if cents(inc["earned_cents"]) != 250+375+500+1000 || next["waiting_for_confirmation"] != true {
		t.Fatalf("while disputed: earned %v, next %v; want the first three only and CM waiting", inc["earned_cents"], next)
	}
	wantBody(t, f.mc.get("/care/incentives"), "waiting for a confirmation test")
	// Confirmed negative: no reset, and the negative after it is worth $7.50.
	confirm := strings.Replace(f.testJSON("conf", "cocaine", "negative"), `"point_of_care"`, `"laboratory"`, 1)
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/tests/"+positive.ID+"/confirmation", f.clinTok, confirm), http.StatusCreated)
	if got := cents(f.incentives(t)["earned_cents"]); got != 2125+625+750 {
		t.Fatalf("after the confirmation earned %d cents, want %d", got, 2125+625+750)
	}
}

func TestOpioidOnlyArmWaitsForAClinician(t *testing.T) {
	f := newCareFixture(t)
	funder := f.funder(t, "SAMHSA", 75000)
	arm := f.arm(t, fmt.Sprintf(`{"name": "Fentanyl", "funder_id": %q, "schedule": %s, "targets": ["negative_test"],
		"substances": ["fentanyl", "opiates"], "tests": {"count": 2, "per": "week"}}`, funder, higginsJSON))
	if arm.Status != "awaiting_review" {
		t.Fatalf("status %q, want awaiting_review", arm.Status)
	}
	f.join(t, arm.ID, http.StatusConflict)
	wantBody(t, f.ac.get("/program/incentives?program="+f.programID), "SAMHSA cautions against")
	review := f.programs + "/incentive-arms/" + arm.ID + "/review"
	wantStatus(t, f.ac.api("POST", review, f.adminTok, `{"note": "I approve"}`), http.StatusForbidden)
	wantStatus(t, f.cc.api("POST", review, f.clinTok, `{"note": ""}`), http.StatusBadRequest)
	wantStatus(t, f.cc.api("POST", review, f.clinTok, `{"note": "Buprenorphine is not a target; reviewed with the team"}`), http.StatusNoContent)
	wantStatus(t, f.cc.api("POST", review, f.clinTok, `{"note": "again"}`), http.StatusConflict)
	f.join(t, arm.ID, http.StatusNoContent)
	// Bad arms are refused with their reasons; clinicians cannot open arms.
	for _, tc := range []struct{ body, want string }{
		{fmt.Sprintf(`{"name": "x", "funder_id": %q, "schedule": {"kind": "voucher", "voucher": {"start_cents": 0}}, "targets": ["task"]}`, funder), "start_cents"},
		{fmt.Sprintf(`{"name": "y", "funder_id": %q, "schedule": %s, "targets": ["smiling"]}`, funder, higginsJSON), "targets"},
		{fmt.Sprintf(`{"name": "Fentanyl", "funder_id": %q, "schedule": %s, "targets": ["task"]}`, funder, higginsJSON), "name"},
		{`{"name": "z", "funder_id": "nope", "schedule": ` + higginsJSON + `, "targets": ["task"]}`, "funder"},
	} {
		res := f.ac.api("POST", f.programs+"/incentive-arms", f.adminTok, tc.body)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `"`+tc.want+`"`)
	}
	wantStatus(t, f.cc.api("POST", f.programs+"/incentive-arms", f.clinTok, `{}`), http.StatusForbidden)
}

func TestPrizeDrawsAreRecordedOnceAndCanBeChecked(t *testing.T) {
	f := newCareFixture(t)
	arm := f.arm(t, fmt.Sprintf(`{"name": "Fishbowl", "funder_id": %q, "targets": ["attendance"],
		"schedule": {"kind": "prize", "prize": {"bowl": [{"name": "none", "slips": 250, "value_cents": 0}, {"name": "small", "slips": 209, "value_cents": 100},
		{"name": "large", "slips": 40, "value_cents": 2000}, {"name": "jumbo", "slips": 1, "value_cents": 10000}],
		"start_draws": 1, "increment_draws": 1, "every": 1, "max_draws": 8, "reset": true}}}`, f.funder(t, "SAMHSA", 75000)))
	f.join(t, arm.ID, http.StatusNoContent)
	outcome := `{"target": "attendance", "met": true, "key": "s1"}`
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/outcomes", f.clinTok, outcome), http.StatusNoContent)
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/outcomes", f.clinTok, outcome), http.StatusNoContent)
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/outcomes", f.clinTok, `{"target": "attendance", "met": true, "key": "s2"}`), http.StatusNoContent)
	inc := f.incentives(t)
	if cents(inc["undrawn"]) != 3 {
		t.Fatalf("%v draws to make, want 1 + 2 (the repeated outcome counts once)", inc["undrawn"])
	}
	drawID := inc["draws"].([]any)[0].(map[string]any)["id"].(string)
	res := f.mc.api("POST", "/api/v1/incentives/draws/"+drawID, f.memberTok, "")
	wantStatus(t, res, http.StatusCreated)
	var d export.PrizeDraw
	if err := json.Unmarshal([]byte(res.body), &d); err != nil || d.Slip == nil {
		t.Fatalf("draw %s: %v", res.body, err)
	}
	seed, err := hex.DecodeString(d.Seed)
	if err != nil || !contingency.Verify(d.Algorithm, d.Bowl, seed, *d.Slip, d.Tier) {
		t.Fatalf("the recorded draw does not check out: %+v", d)
	}
	replay := f.mc.api("POST", "/api/v1/incentives/draws/"+drawID, f.memberTok, "")
	wantStatus(t, replay, http.StatusConflict)
	wantBody(t, replay, "already made")
	wantStatus(t, f.cc.api("POST", f.enrolURL+"/incentives/draws/"+drawID, f.clinTok, ""), http.StatusConflict)
	wantStatus(t, f.mc.api("POST", "/api/v1/incentives/draws/not-a-draw", f.memberTok, ""), http.StatusNotFound)
	// Staff draw with the member, in the browser.
	page := f.cc.get("/program/enrolments/" + f.enrolmentID + "/incentives?program=" + f.programID)
	wantBody(t, page, "Draw a slip", "Fishbowl")
	next := regexpFind(t, page.body, `action="/program/enrolments/[^/]+/incentives/draws/([^"]+)"`)
	wantStatus(t, f.cc.post("/program/enrolments/"+f.enrolmentID+"/incentives/draws/"+next, url.Values{"program": {f.programID}}), http.StatusSeeOther)
	if cents(f.incentives(t)["undrawn"]) != 1 {
		t.Fatal("the staff draw was not made")
	}
	// Draws are sealed in the audit log.
	if n := countAudit(t, f, "cm_draw"); n != 2 {
		t.Fatalf("%d draws in the audit log, want 2", n)
	}
}

func countAudit(t *testing.T, f *careFixture, action string) int {
	t.Helper()
	var n int
	if err := f.e.store.DB().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAnOutcomeOverTheCapIsRefused(t *testing.T) {
	f := newCareFixture(t)
	arm := f.arm(t, fmt.Sprintf(`{"name": "Attendance", "funder_id": %q, "targets": ["attendance", "task"],
		"schedule": {"kind": "voucher", "voucher": {"start_cents": 500, "increment_cents": 0}}}`, f.funder(t, "Small grant", 800)))
	f.join(t, arm.ID, http.StatusNoContent)
	post := func(body string) response {
		return f.cc.api("POST", f.enrolURL+"/incentives/outcomes", f.clinTok, body)
	}
	wantStatus(t, post(`{"target": "attendance", "met": true, "key": "a"}`), http.StatusNoContent)
	wantStatus(t, post(`{"target": "task", "met": true, "key": "b"}`), http.StatusNoContent) // $3 of $5 given: the cap
	res := post(`{"target": "attendance", "met": true, "key": "c"}`)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "whole limit of $8.00")
	wantStatus(t, post(`{"target": "attendance", "met": false, "key": "d"}`), http.StatusNoContent)
	wantStatus(t, post(`{"target": "negative_test", "met": true}`), http.StatusBadRequest)
	wantStatus(t, post(`{"target": "adherence", "met": true}`), http.StatusConflict)
	wantStatus(t, post(`{"target": "attendance"}`), http.StatusBadRequest)
	wantStatus(t, post(`{"target": "attendance", "met": true, "at": "2099-01-01T00:00:00Z"}`), http.StatusBadRequest)
	if got := cents(f.incentives(t)["earned_cents"]); got != 800 {
		t.Fatalf("earned %d cents, want the $8 cap", got)
	}
}

func TestIncentivePagesInTheBrowser(t *testing.T) {
	f := newCareFixture(t)
	// The admin adds a funder and opens an arm with the forms.
	wantStatus(t, f.ac.post("/program/incentives/funders", url.Values{"program": {f.programID}, "name": {"SAMHSA"}, "annual_cap_cents": {"750.00"}}),
		http.StatusSeeOther)
	page := f.ac.get("/program/incentives?program=" + f.programID)
	wantBody(t, page, "up to $750.00 per member a year", "Open an arm")
	funder := regexpFind(t, page.body, `<option value="([^"]+)">SAMHSA</option>`)
	form := url.Values{"program": {f.programID}, "arm_name": {"Vouchers"}, "funder": {funder}, "targets": {"negative_test"},
		"substances": {"cocaine"}, "tests_count": {"3"}, "tests_per": {"week"}, "kind": {"voucher"}, "start_cents": {"2.50"},
		"increment_cents": {"1.25"}, "bonus_cents": {"10"}, "bonus_every": {"3"}, "reset": {"yes"}, "restore_after": {"5"}}
	bad := f.ac.post("/program/incentives/arms", url.Values{"program": {f.programID}, "funder": {funder}, "kind": {"voucher"}, "start_cents": {"two"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, "Enter an amount in dollars", `id="start_cents-error"`)
	unnamed := f.ac.post("/program/incentives/arms", url.Values{"program": {f.programID}, "funder": {funder}, "kind": {"voucher"}, "start_cents": {"2"},
		"targets": {"task"}})
	wantStatus(t, unnamed, http.StatusBadRequest)
	wantBody(t, unnamed, `id="arm_name-error"`)
	wantStatus(t, f.ac.post("/program/incentives/arms", form), http.StatusSeeOther)
	wantBody(t, f.cc.get("/program/incentives?program="+f.programID), "Vouchers from $2.50, $1.25 more", "A $10.00 bonus for every 3 in a row.")
	// The clinician puts the member in it; a test earns a voucher.
	mpage := "/program/enrolments/" + f.enrolmentID + "/incentives?program=" + f.programID
	arm := regexpFind(t, f.cc.get(mpage).body, `<option value="([^"]+)">Vouchers</option>`)
	wantStatus(t, f.cc.post("/program/enrolments/"+f.enrolmentID+"/incentives/arm", url.Values{"program": {f.programID}, "arm": {arm}}), http.StatusSeeOther)
	f.recordTest(t, f.testJSON("n1", "cocaine", "negative"), http.StatusCreated)
	wantBody(t, f.cc.get(mpage), "$2.50", "your next one earns $3.75")
	// The member sees their earnings.
	wantBody(t, f.mc.get("/care/incentives"), "$2.50", "Vouchers", "your next one earns $3.75")
	wantBody(t, f.mc.get("/care"), `href="/care/incentives"`, `href="/care/tests"`)
	// A redemption over the balance, then one within it.
	red := url.Values{"program": {f.programID}, "amount_cents": {"5"}, "form": {"gift_card"}, "item": {"Bus pass"}, "key": {"r"}}
	over := f.cc.post("/program/enrolments/"+f.enrolmentID+"/incentives/redemptions", red)
	wantStatus(t, over, http.StatusConflict)
	wantBody(t, over, "$2.50")
	red.Set("amount_cents", "2,50")
	wantStatus(t, f.cc.post("/program/enrolments/"+f.enrolmentID+"/incentives/redemptions", red), http.StatusSeeOther)
	wantBody(t, f.mc.get("/care/incentives"), "Bus pass", "gift card")
}

func TestDecimalText(t *testing.T) {
	for in, want := range map[string]string{"2.50": "2.50", "2,50": "2.50", "1,234.50": "1234.50", "1.234,50": "1234.50", "750": "750",
		"10,000.00": "10000.00", "10.000,00": "10000.00", "1.000": "1000", "1,000": "1000", "2.5": "2.5", "1,000,000": "1000000"} {
		if got := decimalText(in); got != want {
			t.Errorf("decimalText(%q) = %q, want %q", in, got, want)
		}
	}
}

// secondInstance starts another Onward on the same PostgreSQL database
// and returns a client of it, as a second instance behind a load balancer
// would serve; on SQLite it returns c (one instance has the file).
func (e *testEnv) secondInstance(c *client) *client {
	e.t.Helper()
	if os.Getenv("ONWARD_TEST_POSTGRES") == "" {
		return c
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, e.dsn, e.clock.now)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { store.Close() })
	if _, err := store.OpenAuditLog(ctx, e.keys); err != nil {
		e.t.Fatal(err)
	}
	s, err := New(e.server.cfg, Deps{App: newApp(e.server.cfg, store, e.mail, e.server.log, e.clock.now), Store: store, Log: e.server.log,
		Now: e.clock.now})
	if err != nil {
		e.t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	e.t.Cleanup(srv.Close)
	other := *e
	other.srv = srv
	return other.newClient()
}

// Parallel requests never pass a cap or spend a balance twice, even
// across two instances: each write locks the member's CM rows
// (PostgreSQL); SQLite has one writer.
func TestCapsAndBalancesHoldUnderParallelRequests(t *testing.T) {
	f := newCareFixture(t)
	instances := []*client{f.cc, f.e.secondInstance(f.cc)}
	arm := f.arm(t, fmt.Sprintf(`{"name": "Attendance", "funder_id": %q, "targets": ["attendance"],
		"schedule": {"kind": "voucher", "voucher": {"start_cents": 300, "increment_cents": 100}}}`, f.funder(t, "Grant", 2000)))
	f.join(t, arm.ID, http.StatusNoContent)
	const n = 16
	statuses := make(chan int, n)
	for i := range n {
		go func() {
			res := instances[i%2].api("POST", f.enrolURL+"/incentives/outcomes", f.clinTok, fmt.Sprintf(`{"target": "attendance", "met": true, "key": "p%d"}`, i))
			statuses <- res.status
		}()
	}
	for range n {
		if s := <-statuses; s != http.StatusNoContent && s != http.StatusConflict {
			t.Fatalf("a parallel outcome answered %d", s)
		}
	}
	if got := cents(f.incentives(t)["earned_cents"]); got != 2000 {
		t.Fatalf("parallel outcomes earned %d cents, want exactly the $20 cap", got)
	}
	for i := range n {
		go func() {
			res := instances[i%2].api("POST", f.enrolURL+"/incentives/redemptions", f.clinTok,
				fmt.Sprintf(`{"amount_cents": 700, "form": "item", "item": "Shoes", "key": "r%d"}`, i))
			statuses <- res.status
		}()
	}
	created := 0
	for range n {
		switch s := <-statuses; s {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
		default:
			t.Fatalf("a parallel redemption answered %d", s)
		}
	}
	if inc := f.incentives(t); created != 2 || cents(inc["balance_cents"]) != 600 {
		t.Fatalf("%d redemptions of $7 from $20, balance %v; want 2 and $6 left", created, inc["balance_cents"])
	}
}
