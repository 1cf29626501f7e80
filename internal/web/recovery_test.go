package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// onboard sets a member's recovery start through the form.
func onboard(t *testing.T, c *client, lastUse string, extra url.Values) {
	t.Helper()
	form := url.Values{"last_use": {lastUse}, "timezone": {"America/Chicago"}, "medication": {"buprenorphine"}, "treatment_level": {"outpatient"}, "convention": {"day_after"}}
	for k, v := range extra {
		form[k] = v
	}
	res := c.post("/onboarding", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("onboarding: status %d\n%s", res.status, truncate(res.body))
	}
}

func checkInForm(day string, mood, craving string) url.Values {
	return url.Values{"day": {day}, "version": {"0"}, "mood": {mood}, "craving": {craving}, "on_medication": {"yes"}, "medication_taken": {"yes"}}
}

func newMember(t *testing.T, e *testEnv) (*onward.User, *client) {
	t.Helper()
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	return u, c
}

func TestOnboardingAndCleanTime(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	wantBody(t, c.get("/"), "Let&#39;s set up your recovery")

	tests := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"ErrNoDate", url.Values{"last_use": {""}}, "last_use", "Enter the date you last used"},
		{"ErrFutureDate", url.Values{"last_use": {"2026-12-01"}}, "last_use", "cannot be in the future"},
		{"ErrBadDate", url.Values{"last_use": {"21/11/2026"}}, "last_use", "Enter a date like"},
		{"ErrFutureTime", url.Values{"last_use": {"2026-11-21"}, "last_use_time": {"23:00"}}, "last_use_time", "cannot be in the future"},
		{"ErrSpend", url.Values{"last_use": {"2026-11-01"}, "daily_spend": {"lots"}}, "daily_spend", "Enter a number"},
		{"ErrNegativeSpend", url.Values{"last_use": {"2026-11-01"}, "daily_spend": {"-5"}}, "daily_spend", "between 0 and 100,000"},
		{"ErrMedication", url.Values{"last_use": {"2026-11-01"}, "medication": {"aspirin"}}, "medication", "Choose from the list"},
		{"ErrTimeZone", url.Values{"last_use": {"2026-11-01"}, "timezone": {"Mars/Base"}}, "timezone", "Choose a time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"timezone": {"America/Chicago"}, "medication": {"none"}, "treatment_level": {"none"}}
			for k, v := range tt.form {
				form[k] = v
			}
			res := c.post("/onboarding", form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tt.field+`-error"`, tt.msg)
		})
	}
	wantBody(t, c.get("/"), "Let&#39;s set up your recovery") // nothing saved by the failures

	onboard(t, c, "2026-10-22", url.Values{"daily_spend": {"40"}, "reasons": {"my daughter"}})
	home := c.get("/")
	// 22 October to 21 November, the day after last use being day 1: 30 days.
	wantBody(t, home, `<span class="big">30</span> days in recovery`, "Early recovery", "You reached 30 days!", "1,200.00")
	if strings.Contains(home.body, "You reached 1 week!") {
		t.Fatal("older milestones reached before joining each got a banner; only the newest should")
	}
	if strings.Contains(c.get("/").body, "You reached 30 days!") {
		t.Fatal("a milestone was celebrated twice")
	}
	edit := c.get("/onboarding")
	wantBody(t, edit, `value="2026-10-22"`, "my daughter", `value="buprenorphine" selected`)
}

func TestCheckIn(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	onboard(t, c, "2026-11-01", nil)
	form := c.get("/checkin")
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, "How are you today?", `name="day" value="2026-11-21"`, "Did you take your medication as prescribed?")

	t.Run("Errors", func(t *testing.T) {
		for name, tc := range map[string]struct {
			form  url.Values
			field string
		}{
			"ErrNoMood":         {checkInForm("2026-11-21", "", "3"), "mood"},
			"ErrCravingTooHigh": {checkInForm("2026-11-21", "3", "11"), "craving"},
			"ErrFuture":         {checkInForm("2026-11-22", "3", "3"), "day"},
			"ErrTooOld":         {checkInForm("2026-11-19", "3", "3"), "day"},
			"ErrSleep":          {func() url.Values { f := checkInForm("2026-11-21", "3", "3"); f.Set("sleep_hours", "25"); return f }(), "sleep_hours"},
			"ErrStress":         {func() url.Values { f := checkInForm("2026-11-21", "3", "3"); f.Set("stress", "9"); return f }(), "stress"},
		} {
			t.Run(name, func(t *testing.T) {
				res := c.post("/checkin", tc.form)
				wantStatus(t, res, http.StatusBadRequest)
				wantBody(t, res, `id="`+tc.field+`-error"`)
			})
		}
	})

	first := checkInForm("2026-11-21", "4", "2")
	first.Set("note", "a good day")
	wantStatus(t, c.post("/checkin", first), http.StatusSeeOther)
	wantBody(t, c.get("/"), "Done for today")

	// A second tab opened before the first save: its answers are kept and
	// shown back with a clear message; nothing is overwritten unseen.
	stale := checkInForm("2026-11-21", "1", "9")
	res := c.post("/checkin", stale)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "already saved a check-in for this day", "What is saved now", "Mood 4 of 5, cravings 2 of 10.", `id="mood-1" name="mood" value="1" checked`, `name="version" value="1"`)
	again := checkInForm("2026-11-21", "1", "9")
	again.Set("version", "1")
	wantStatus(t, c.post("/checkin", again), http.StatusSeeOther)
	edited := c.get("/checkin")
	wantBody(t, edited, `id="mood-1" name="mood" value="1" checked`, `name="version" value="2"`)

	// Yesterday can be filled in late.
	wantStatus(t, c.post("/checkin", checkInForm("2026-11-20", "3", "3")), http.StatusSeeOther)
	// Not before the recovery start.
	onboard(t, c, "2026-11-21", nil)
	wantStatus(t, c.post("/checkin", checkInForm("2026-11-20", "3", "3")), http.StatusBadRequest)

	// Saying "I used today" in a check-in leads to the lapse flow.
	used := checkInForm("2026-11-21", "2", "8")
	used.Set("used", "yes")
	used.Set("version", "2")
	res = c.post("/checkin", used)
	if loc := res.header.Get("Location"); loc != "/lapse/safety?day=2026-11-21" {
		t.Fatalf("a check-in with use went to %q, want the lapse flow", loc)
	}
	_ = u
}

func TestLapseKeepsProgressAndShowsOverdoseSafety(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-09-01", nil) // 81 days by 21 November
	wantBody(t, c.get("/"), `<span class="big">81</span>`)

	for name, tc := range map[string]struct{ day, field string }{
		"ErrFuture":      {"2026-11-25", "day"},
		"ErrBeforeStart": {"2026-08-01", "day"},
		"ErrOnStart":     {"2026-09-01", "day"},
		"ErrNoDate":      {"", "day"},
	} {
		t.Run(name, func(t *testing.T) {
			res := c.post("/lapse", url.Values{"day": {tc.day}})
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tc.field+`-error"`)
		})
	}

	res := c.post("/lapse", url.Values{"day": {"2026-11-11"}, "what": {"heroin"}, "led_to": {"payday, alone at home"}})
	if loc := res.header.Get("Location"); loc != "/lapse/safety" {
		t.Fatalf("lapse went to %q", loc)
	}
	safety := c.get("/lapse/safety")
	wantBody(t, safety, "your tolerance is lower", "A usual dose can now kill you", "Do not use alone", "naloxone",
		"80 days in recovery in all", "Longest streak: 70 days", "not a failure", "the day you used is not counted",
		"Never Use Alone: 1-800-484-3731", `href="tel:18004843731"`)
	if strings.Contains(safety.body, "whatever happens") {
		t.Error("the safety page promises totals that the lapse day lowers")
	}
	home := c.get("/")
	wantBody(t, home, `<span class="big">10</span>`, "80 days in recovery in all · Longest streak: 70 days",
		"Stay safe: your tolerance is lower", "Next milestone: 30 days, in 20 days")
	// The 30 and 60 days reached before the lapse stay among the milestones.
	wantBody(t, home, "Milestones reached", "30 days <span", "60 days <span")
	// Recording the same day twice counts once.
	c.post("/lapse", url.Values{"day": {"2026-11-11"}})
	wantBody(t, c.get("/"), "80 days in recovery in all")
}

func TestPlanAndUrgeFlow(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-11-01", url.Values{"reasons": {"to see my son graduate"}})
	wantBody(t, c.get("/plan"), "Write my plan")

	bad := c.post("/plan", url.Values{"coping": {"walk"}, "person_name_0": {"Sam"}, "person_phone_0": {"call me maybe"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, `id="people-error"`, "walk")

	plan := url.Values{"coping": {"walk around the block\ncold shower\n\n"}, "reasons": {"my son"}, "triggers": {"payday"},
		"halt": {"lonely", "tired"}, "warning_signs": {"skipping meals"}, "person_name_0": {"Sam"}, "person_phone_0": {"+1 (555) 010-0100"}}
	wantStatus(t, c.post("/plan", plan), http.StatusSeeOther)
	page := c.get("/plan")
	wantBody(t, page, "walk around the block", "cold shower", `href="tel:&#43;15550100100"`, "payday", "lonely")
	wantBody(t, c.get("/plan/edit"), "walk around the block\ncold shower", `value="lonely" checked`)

	urge := c.get("/urge")
	wantBody(t, urge, "walk around the block", "Phone Sam", "to see my son graduate", "data-urge-timer", "it ends at 09:15")
	started := regexp.MustCompile(`name="started_at" value="([^"]+)"`).FindStringSubmatch(urge.body)[1]
	wantStatus(t, c.post("/urge", url.Values{"started_at": {started}}), http.StatusBadRequest)
	e.clock.advance(15 * time.Minute)
	res := c.post("/urge", url.Values{"started_at": {started}, "outcome": {"passed"}, "helped": {"walk around the block"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, c.get("/urge"), "What has helped you before", "walk around the block: the craving passed 1 of 1 times")
	if loc := c.post("/urge", url.Values{"started_at": {started}, "outcome": {"used"}}).header.Get("Location"); loc != "/lapse" {
		t.Fatalf("an urge that ended in use went to %q, want /lapse", loc)
	}
}

func TestEarlyWarningExplainsAndPointsToThePlan(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-10-01", nil)
	c.post("/plan", url.Values{"coping": {"call my sponsor"}, "person_name_0": {"Lee"}, "person_phone_0": {"555 0199"}})
	// Yesterday and today: strong cravings, low mood, thoughts of using, poor sleep.
	for _, d := range []string{"2026-11-20", "2026-11-21"} {
		f := checkInForm(d, "1", "9")
		f.Set("romanticising", "yes")
		f.Set("sleep_hours", "3")
		f.Set("lonely", "5")
		wantStatus(t, c.post("/checkin", f), http.StatusSeeOther)
	}
	home := c.get("/")
	wantBody(t, home, "Warning signs are high", "From your own plan", "call my sponsor", "Phone Lee")
}

func TestHistory(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	wantBody(t, c.get("/history"), "No check-ins in the last 30 days yet")
	onboard(t, c, "2026-10-15", nil)
	c.post("/checkin", checkInForm("2026-11-20", "2", "6"))
	c.post("/checkin", checkInForm("2026-11-21", "4", "3"))
	h := c.get("/history")
	wantStatus(t, h, http.StatusOK)
	wantBody(t, h, "November 2026", "<svg", `role="img"`, "Mood, from 1 (very low) to 5 (very good). 2 days answered in the last 30: average 3",
		"the latest answer is higher than the first", "Craving", "<polyline", `rel="prev"`)
	if strings.Contains(h.body, `rel="next"`) {
		t.Fatal("the calendar offers a month in the future")
	}
	wantBody(t, c.get("/history?month=2026-10"), "October 2026")
	wantStatus(t, c.get("/history?month=2026-13"), http.StatusBadRequest)
	wantStatus(t, c.get("/history?month=2027-01"), http.StatusBadRequest)
}

func TestRecoveryPagesAreForMembersOnly(t *testing.T) {
	e := newEnv(t)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	s := e.newClient()
	s.signIn(supporter)
	v := e.newClient()
	for _, path := range []string{"/onboarding", "/checkin", "/history", "/plan", "/plan/edit", "/urge", "/lapse", "/lapse/safety"} {
		wantStatus(t, s.get(path), http.StatusForbidden)
		if res := v.get(path); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
			t.Errorf("visitor GET %s: %d %s", path, res.status, res.header.Get("Location"))
		}
	}
	for _, path := range []string{"/checkin", "/plan", "/urge", "/lapse", "/onboarding"} {
		wantStatus(t, s.post(path, url.Values{"mood": {"3"}}), http.StatusForbidden)
	}
	for _, path := range []string{"/api/v1/recovery", "/api/v1/checkins", "/api/v1/plan"} {
		wantStatus(t, v.api("GET", path, "", ""), http.StatusUnauthorized)
		wantStatus(t, s.api("GET", path, "", ""), http.StatusForbidden)
	}
}

// TestOwnReadsAreNotRecordedAndOwnWritesOnce holds the rule of
// docs/privacy.md: a member reading their own data writes no audit entry
// (the log is the accounting of disclosures to other people), and one
// action on their own data is one entry.
func TestOwnReadsAreNotRecordedAndOwnWritesOnce(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-11-20", nil)
	c.get("/") // celebrates the first milestone: a write
	entries := func() int64 {
		n, err := e.store.VerifyAudit(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := entries()
	for _, path := range []string{"/", "/checkin", "/history", "/plan", "/urge", "/lapse/safety"} {
		wantStatus(t, c.get(path), http.StatusOK)
	}
	if after := entries(); after != before {
		t.Fatalf("reading one's own pages added %d audit entries, want none", after-before)
	}
	wantStatus(t, c.post("/checkin", url.Values{"mood": {"3"}, "craving": {"2"}}), http.StatusSeeOther)
	if after := entries(); after != before+1 {
		t.Fatalf("one check-in added %d audit entries, want 1", after-before)
	}
}

func TestRecoveryAPI(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	token := createAPIToken(t, e, u)
	res := c.api("GET", "/api/v1/recovery", token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"onboarded": false`)
	onboard(t, c, "2026-11-14", nil)

	post := func(body string) response { return c.api("POST", "/api/v1/checkins", token, body) }
	res = post(`{"mood": 4, "craving": 2, "client_id": "phone-1", "sleep_hours": 7.5}`)
	wantStatus(t, res, http.StatusCreated)
	wantBody(t, res, `"day": "2026-11-21"`, `"version": 1`)
	// The same offline submission sent again is saved once.
	res = post(`{"mood": 4, "craving": 2, "client_id": "phone-1", "sleep_hours": 7.5}`)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"version": 1`)
	// An edit without a client id replaces it.
	wantBody(t, post(`{"mood": 3, "craving": 5}`), `"version": 2`, `"mood": 3`)

	for name, tc := range map[string]struct{ body, field string }{
		"ErrMissingMood":  {`{"craving": 2}`, "mood"},
		"ErrRange":        {`{"mood": 9, "craving": 2}`, "mood"},
		"ErrFuture":       {`{"day": "2026-11-23", "mood": 3, "craving": 2}`, "day"},
		"ErrBeforeStart":  {`{"day": "2026-11-13", "mood": 3, "craving": 2}`, "day"},
		"ErrBadDay":       {`{"day": "tomorrow", "mood": 3, "craving": 2}`, "day"},
		"ErrWrongType":    {`{"mood": "good", "craving": 2}`, "mood"},
		"ErrUnknownField": {`{"mood": 3, "craving": 2, "heart_rate": 80}`, "heart_rate"},
	} {
		t.Run(name, func(t *testing.T) {
			res := post(tc.body)
			wantStatus(t, res, http.StatusBadRequest)
			if decodeError(t, res).Error.Fields[tc.field] == "" {
				t.Fatalf("error does not name %q: %s", tc.field, res.body)
			}
		})
	}

	used := post(`{"day": "2026-11-20", "mood": 2, "craving": 8, "used": true}`)
	wantStatus(t, used, http.StatusCreated)
	wantBody(t, used, `"safety"`, "A usual dose can now kill you")
	lapse := c.api("POST", "/api/v1/lapses", token, `{"day": "2026-11-20", "what": "heroin"}`)
	wantStatus(t, lapse, http.StatusCreated)
	wantBody(t, lapse, "A usual dose can now kill you", "Do not use alone")
	wantStatus(t, c.api("POST", "/api/v1/lapses", token, `{"day": "2026-12-20"}`), http.StatusBadRequest)

	var rec recoveryJSON
	json.Unmarshal([]byte(c.api("GET", "/api/v1/recovery", token, "").body), &rec)
	if !rec.Onboarded || rec.CurrentStreakDays != 1 || rec.TotalDays != 6 || rec.LongestStreakDays != 5 || !rec.CheckedInToday ||
		rec.Risk == nil || rec.Stage == nil || !rec.ToleranceWarning {
		t.Fatalf("recovery = %+v", rec)
	}

	list := c.api("GET", "/api/v1/checkins?from=2026-11-01&to=2026-11-21", token, "")
	var body struct{ Checkins []checkInJSON }
	json.Unmarshal([]byte(list.body), &body)
	if len(body.Checkins) != 2 || body.Checkins[0].Day != "2026-11-20" {
		t.Fatalf("check-ins = %s", list.body)
	}
	wantStatus(t, c.api("GET", "/api/v1/checkins?from=2025-01-01&to=2026-11-21", token, ""), http.StatusBadRequest)
	wantStatus(t, c.api("GET", "/api/v1/checkins?from=2026-11-21&to=2026-11-01", token, ""), http.StatusBadRequest)

	put := c.api("PUT", "/api/v1/plan", token, `{"coping": ["walk"], "people": [{"name": "Sam", "phone": "555 0100"}], "halt": ["tired"]}`)
	wantStatus(t, put, http.StatusOK)
	wantBody(t, c.api("GET", "/api/v1/plan", token, ""), `"walk"`, `"Sam"`, `"tired"`)
	wantStatus(t, c.api("PUT", "/api/v1/plan", token, `{"halt": ["bored"]}`), http.StatusBadRequest)
}

func TestInstallableAndOffline(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	m := c.get("/manifest.webmanifest")
	wantStatus(t, m, http.StatusOK)
	wantBody(t, m, `"start_url":"/"`, `"display":"standalone"`)
	sw := c.get("/sw.js")
	wantStatus(t, sw, http.StatusOK)
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`).FindString(c.get("/").body)
	wantBody(t, sw, `"/crisis"`, `"/offline"`, css, `credentials: "omit"`, `addEventListener("push"`, `addEventListener("notificationclick"`)
	if ct := sw.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Fatalf("service worker content type %q", ct)
	}
	off := c.get("/offline")
	wantStatus(t, off, http.StatusOK)
	wantBody(t, off, `href="tel:911"`, "data-offline-queue", "Check in while offline")
}

// TestCheckInWithUseRecordsTheLapse covers a check-in saying "I used
// today" sent later from a phone that was offline: the lapse is recorded
// with it, so the count restarts and the safety note shows.
func TestCheckInWithUseRecordsTheLapse(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	onboard(t, c, "2026-11-01", nil)
	token := createAPIToken(t, e, u)
	res := c.api("POST", "/api/v1/checkins", token, `{"mood": 2, "craving": 8, "used": true, "client_id": "offline-1"}`)
	wantStatus(t, res, http.StatusCreated)
	wantBody(t, res, "A usual dose can now kill you")
	home := c.get("/")
	wantBody(t, home, `<span class="big">0</span>`, "Stay safe: your tolerance is lower", "19 days in recovery in all")
	// Telling more about it afterwards fills in the same day's lapse.
	wantStatus(t, c.post("/lapse", url.Values{"day": {"2026-11-21"}, "led_to": {"an argument"}}), http.StatusSeeOther)
	wantBody(t, c.get("/"), "19 days in recovery in all")
}

// TestHighRiskCheckInAsksOrAlerts: strong warning signs in a check-in lead
// to "tell your people?", or, when the member chose it beforehand, to an
// alert sent by itself, at most once a day, only to people who may see
// alerts.
func TestHighRiskCheckInAsksOrAlerts(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	onboard(t, c, "2026-10-01", nil)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	ctx := t.Context()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: u.ID, GranteeID: sam.ID, Categories: []onward.Category{onward.CategoryAlerts}})
	}); err != nil {
		t.Fatal(err)
	}
	high := func(day string, version string) response {
		f := checkInForm(day, "1", "9")
		f.Set("romanticising", "yes")
		f.Set("sleep_hours", "3")
		f.Set("lonely", "5")
		f.Set("version", version)
		return c.post("/checkin", f)
	}
	wantStatus(t, high("2026-11-20", "0"), http.StatusSeeOther)
	res := high("2026-11-21", "0")
	if loc := res.header.Get("Location"); loc != "/support-now?high=1" {
		t.Fatalf("a high-risk check-in went to %q, want the question whether to tell their people", loc)
	}
	wantBody(t, c.get("/support-now?high=1"), "strong warning signs today", "Tell my people now")
	if n, _ := e.store.AlertRecipientCount(ctx, u.ID); n != 1 {
		t.Fatalf("alert recipients = %d, want Sam", n)
	}
	unread := func() int {
		list, err := e.store.Notifications(ctx, sam.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if unread() != 0 {
		t.Fatal("an alert went out without the member asking for it")
	}

	// Opted in: the next high-risk check-in alerts by itself, once a day.
	settings := url.Values{"email": {"on"}, "discreet": {"on"}, "reminders": {"on"}, "auto_alert": {"on"}}
	wantStatus(t, c.post("/notifications/settings", settings), http.StatusSeeOther)
	res = high("2026-11-21", "1")
	if loc := res.header.Get("Location"); !strings.HasPrefix(loc, "/support-now/") {
		t.Fatalf("with automatic alerts on, the check-in went to %q, want the sent request", loc)
	}
	if unread() != 1 {
		t.Fatalf("Sam has %d notifications, want the one alert", unread())
	}
	high("2026-11-21", "2")
	if unread() != 1 {
		t.Fatal("a second high-risk check-in the same day alerted again")
	}
}

// TestNumbersThatAreNotNumbersAreRefused: NaN and infinities fail every
// comparison, so a range check written as "x < 0 || x > max" lets them
// through; the forms and the domain refuse them with a message.
func TestNumbersThatAreNotNumbersAreRefused(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	for _, v := range []string{"NaN", "nan", "Inf", "-Inf", "1e400"} {
		res := c.post("/onboarding", url.Values{"last_use": {"2026-11-01"}, "timezone": {"America/Chicago"}, "medication": {"none"},
			"treatment_level": {"none"}, "daily_spend": {v}, "daily_hours": {v}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="daily_spend-error"`)
	}
	onboard(t, c, "2026-11-01", nil)
	form := checkInForm("2026-11-21", "3", "2")
	form.Set("sleep_hours", "NaN")
	res := c.post("/checkin", form)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="sleep_hours-error"`)
}

// TestAPIRefusesANullBody: PUT /api/v1/plan with null used to empty the
// plan with 200.
func TestAPIRefusesANullBody(t *testing.T) {
	e := newEnv(t)
	u, c := newMember(t, e)
	token := createAPIToken(t, e, u)
	wantStatus(t, c.api("PUT", "/api/v1/plan", token, `{"triggers": ["payday"]}`), http.StatusOK)
	for _, body := range []string{"null", " null ", "[]", `"x"`, "3"} {
		wantStatus(t, c.api("PUT", "/api/v1/plan", token, body), http.StatusBadRequest)
	}
	res := c.api("GET", "/api/v1/plan", token, "")
	wantBody(t, res, "payday")
}

// TestCountsReadInTheSingular: "in 1 days" and "1 days" are gone; the
// catalogs choose the form by the count.
func TestCountsReadInTheSingular(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-10-23", nil) // 29 days by 21 November: 30 days is 1 day away
	home := c.get("/")
	wantBody(t, home, "in 1 day (")
	if strings.Contains(home.body, "1 days") {
		t.Error("the home page says 1 days")
	}
}

// TestHistoryShowsCheckInNotes: the note a member writes with a check-in
// is theirs to read back.
func TestHistoryShowsCheckInNotes(t *testing.T) {
	e := newEnv(t)
	_, c := newMember(t, e)
	onboard(t, c, "2026-11-01", nil)
	form := checkInForm("2026-11-21", "4", "1")
	form.Set("note", "Walked with Sam after work; it helped.")
	wantStatus(t, c.post("/checkin", form), http.StatusSeeOther)
	wantBody(t, c.get("/history"), "Your notes", "Walked with Sam after work; it helped.")
}
