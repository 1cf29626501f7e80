package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A member on a phone adds buprenorphine, notes doses, misses one, and a
// supporter hears of it and sees it only once the member shares
// medication with them. A double tap records a dose once; a dose in the
// future or a negative one is refused with its reason.
func TestMedicationMemberPlanDosesAndSupporter(t *testing.T) {
	if now := time.Now().In(mustLoad(t, memberZone)); now.Format("15:04") < "00:02" || now.Format("15:04") > "23:57" {
		t.Skip("the test's dose times 00:01 and 23:59 need the clock away from midnight in Chicago")
	}
	member, ma := memberTab(t, "medication")
	memberID := member.attr(`meta[name="member"]`, "content")

	member.click(`nav a[href="/medication"]`)
	member.wantLocation("/medication")
	member.wantText("main h1", "Medication")
	member.wantText("main", "You have not added a medicine yet.")
	member.click(`main a[href="/medication/plans/new?kind=buprenorphine"]`)
	member.wantText("main h1", "Add a medicine: Buprenorphine")

	// Sent with an absurd dose and no time: both problems, on their fields.
	member.choose("#form", "film")
	member.fill("#dose_mg", "-16")
	if st := member.click(`main form button.primary`); st != 400 {
		t.Fatalf("an absurd plan answered %d, want 400", st)
	}
	member.wantText("#dose_mg-error", "Enter a dose between 0.1 and 32 mg.")
	member.wantText("#times-error", "Give at least one dose time.")

	member.fill("#dose_mg", "16")
	member.setValue("#time-0", "00:01")
	member.setValue("#time-1", "23:59")
	member.setValue("#start_on", localDay(1))
	member.fill("#prescriber", "Dr Ramos (demo)")
	member.click(`main form button.primary`)
	member.wantLocation("/medication")
	member.wantFlash("Your medicine is saved.")
	member.wantText("main", "Buprenorphine", "film", "16 mg", "00:01", "23:59")
	member.wantText("#combination", "Do not stop your medicine because of this")

	// Someone the member supports… who sees check-ins only, for now.
	helper := openTab(t)
	helper.phone()
	ha := newAccount("medhelper")
	helper.signUp(ha)
	share := shareWith(t, ma.email, ha.email, "checkins")

	member.tick("#alert_missed")
	member.click(`#settings form button[type=submit]`)
	member.wantFlash("Your choice is saved.")

	// The morning dose is missed.
	member.open("/medication")
	member.click(`main li.dose-slot:nth-of-type(1) button[value=missed]`)
	member.wantFlash("Noted. A missed dose happens")
	member.wantText(`main li.dose-slot:nth-of-type(1)`, "Missed")

	helper.open("/notifications")
	if txt := helper.text("main"); strings.Contains(txt, "missed dose") {
		t.Errorf("a supporter who does not see medication was told of the missed dose:\n%s", indent(txt))
	}
	if st := helper.open("/supporting/" + memberID + "/medication"); st != 403 {
		t.Errorf("a supporter who does not see medication opened it with status %d, want 403", st)
	}

	// The member shares medication; yesterday's morning dose, missed too,
	// is noted now.
	share("checkins,medication")
	sent := time.Now()
	member.choose("#schedule", js[string](member, `document.querySelector("#schedule option").value`))
	member.setValue("#day", localDay(1))
	member.fill("#slot", "00:01")
	member.pick("status-missed")
	member.click(`main form:has(#slot) button[type=submit]`)
	member.wantFlash("Noted. A missed dose happens")

	// The evening dose, taken; then the same dose sent twice by an app.
	member.click(`main li.dose-slot:nth-of-type(2) button[value=taken]`)
	member.wantFlash("Your dose is noted.")
	status, med := member.apiFetch("GET", "/api/v1/medication", "")
	if status != 200 {
		t.Fatalf("GET /api/v1/medication: %d", status)
	}
	planID := med["plans"].([]any)[0].(map[string]any)["id"].(string)
	body := fmt.Sprintf(`{"schedule_id": %q, "day": %q, "slot": "23:59", "status": "taken", "client_id": "phone-replay-1"}`, planID, localDay(1))
	first, d1 := member.apiFetch("POST", "/api/v1/medication/doses", body)
	again, d2 := member.apiFetch("POST", "/api/v1/medication/doses", body)
	if first != 201 || again != 200 || d1["dose"].(map[string]any)["id"] != d2["dose"].(map[string]any)["id"] {
		t.Errorf("a dose sent twice answered %d then %d (%v, %v); want it recorded once", first, again, d1, d2)
	}
	tomorrow := time.Now().In(mustLoad(t, memberZone)).AddDate(0, 0, 1).Format(time.DateOnly)
	for _, bad := range []struct{ body, field, msg string }{
		{fmt.Sprintf(`{"schedule_id": %q, "day": %q, "slot": "00:01", "status": "taken"}`, planID, tomorrow), "day", "A dose cannot be in the future."},
		{fmt.Sprintf(`{"schedule_id": %q, "slot": "23:59", "status": "taken", "dose_mg": -8}`, planID), "dose_mg", "Enter a dose between 0.1 and 32 mg."},
		{fmt.Sprintf(`{"schedule_id": %q, "slot": "12:00", "status": "taken"}`, planID), "slot", "There is no planned dose at that time on that day."},
	} {
		st, resp := member.apiFetch("POST", "/api/v1/medication/doses", bad.body)
		fields, _ := resp["error"].(map[string]any)["fields"].(map[string]any)
		if st != 400 || fields[bad.field] != bad.msg {
			t.Errorf("POST %s: %d %v; want 400 with %q on %s", bad.body, st, resp, bad.msg, bad.field)
		}
	}

	// The supporter is told, discreetly, and sees the missed doses.
	mail := waitMail(t, ha.email, sent)
	if mail.Subject != "Onward: an update" || strings.Contains(strings.ToLower(mail.Body), "buprenorphine") {
		t.Errorf("the email names more than it should: %q\n%s", mail.Subject, mail.Body)
	}
	helper.open("/notifications")
	helper.wantText("main", ma.name+" noted a missed dose.")
	helper.click(`main a[href="/supporting/` + memberID + `/medication"]`)
	helper.wantText("main h1", "Medication: "+ma.name)
	helper.wantText("main", "Buprenorphine", "Missed lately", "The last 7 days")
	if n := js[int](helper, `document.querySelectorAll("ul.missed-doses li").length`); n != 2 {
		t.Errorf("the supporter sees %d missed doses, want the two", n)
	}

	// The member's own record: adherence and the calendar beside the check-ins.
	member.open("/medication")
	member.wantText("#adherence-h + dl", "of 4 planned doses taken", "2 missed")
	member.wantElement(`table.calendar .dose-mark-missed`)
}

// A member's dose time comes: the scheduler's reminder reaches the inbox
// and the email without naming the medicine, and the member notes the
// dose from the page the email links to.
func TestMedicationDoseReminder(t *testing.T) {
	now := time.Now().In(mustLoad(t, memberZone))
	if hm := now.Format("15:04"); hm < "00:05" || hm > "23:50" {
		t.Skip("the dose time a minute ago must fall on today in Chicago")
	}
	member, ma := memberTab(t, "medreminder")
	member.open("/medication/plans/new?kind=buprenorphine")
	member.choose("#form", "sublingual_tablet")
	member.fill("#dose_mg", "8")
	slot := now.Add(-time.Minute).Format("15:04")
	member.setValue("#time-0", slot)
	member.setValue("#start_on", localDay(0))
	if !js[bool](member, `document.querySelector("#remind").checked`) {
		t.Fatal("reminders are not on by default for a new medicine")
	}
	sent := time.Now()
	member.click(`main form button.primary`)
	member.wantFlash("Your medicine is saved.")

	// The scheduler plans every minute; a reminder may take two rounds.
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	mail, err := mailbox.WaitFor(ctx, ma.email, sent)
	if err != nil {
		t.Fatalf("no reminder email within 150 s of the dose time: %v", err)
	}
	if mail.Subject != "Onward: a reminder" || strings.Contains(strings.ToLower(mail.Subject+mail.Body), "buprenorphine") {
		t.Errorf("the reminder names more than it should: %q\n%s", mail.Subject, mail.Body)
	}
	member.open("/notifications")
	member.wantText("main", "A planned dose is due.")
	if txt := member.text("main"); strings.Contains(strings.ToLower(txt), "buprenorphine") {
		t.Errorf("the inbox names the medicine:\n%s", indent(txt))
	}
	if !strings.Contains(mail.Body, baseURL+"/medication") {
		t.Errorf("the reminder does not link to the medication page:\n%s", indent(mail.Body))
	}
	member.open("/medication")
	member.wantText(`main li.dose-slot`, "Buprenorphine", slot)
	member.click(`main li.dose-slot button[value=taken]`)
	member.wantFlash("Your dose is noted.")
	member.wantText(`main li.dose-slot`, "Taken")
}
