package e2e

import (
	"slices"
	"strings"
	"testing"
)

// A clinician's day on a phone, 390 px wide, on the demo program: sign in
// with the two-step code, the caseload with the members who need a look
// first, the most pressing member's timeline (each flag says what to do
// and gives the means), a flag acknowledged, a note, a PHQ-9 recorded
// from the timeline and back on it with its chart; a drug test with an
// unexpected result that raises the flag again, and resets the voucher
// schedule; a group's attendance; and the admin's reports page. Other
// tests go deeper into parts of it: TestTwoFactorForClinician (the code
// page), TestClinicianRecordsACOWSSeriesInBrowser (a COWS series),
// TestCounsellorRunsAGroupSession (scheduling a group),
// TestATestResultEarnsAVoucherAndAPositiveResetsIt (a voucher earned and
// the member's view), TestProgramAdminOpensReportsAndDownloadsCSV (the
// report's sections and CSV).
func TestClinicianDayOnAPhone(t *testing.T) {
	const clinician = "dr.lee@demo.onward"
	b := openTab(t)
	b.phone()
	b.timeZone("America/Chicago")
	b.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))

	// The caseload: flagged members first, each row a card on a phone.
	b.click(`nav a[href="/program/caseload"]`)
	b.wantText("main h1", "Caseload")
	flagged := js[[]bool](b, `[...document.querySelectorAll("table.caseload tbody tr")].map(r => r.classList.contains("flagged"))`)
	if len(flagged) == 0 || !flagged[0] {
		t.Fatalf("the caseload does not start with a member who needs a look: %v", flagged)
	}
	if i := slices.Index(flagged, false); i >= 0 && slices.Contains(flagged[i:], true) {
		t.Errorf("a flagged member comes after one with nothing to flag: %v", flagged)
	}
	b.wantNoSideways()
	screenshot(t, b.ctx, "caseload")
	devon := memberLink(b, "Devon")

	// Devon asked for support now: what to do, and the means to do it.
	b.click(`main a[href="` + devon + `"]`)
	b.wantText("main h1", "Devon")
	support := `li.flag:has(input[name=flag][value="support_now"])`
	b.wantText(support, "Asked for support now", "Call them back as soon as you can.")
	if !b.has(support + ` a.call-button[href^="tel:"]`) {
		b.wantText(support, "They have not shared a phone number for alerts")
	}
	b.wantText("main", "Mood (1 to 5)", "Craving (0 to 10)")
	b.wantNoSideways()
	screenshot(t, b.ctx, "member-timeline")

	b.fill(`#note-support_now`, "Called him back; safe at home, seeing him tomorrow.")
	if st := b.click(support + ` button[type=submit]`); st != 200 {
		t.Fatalf("acknowledging ended on status %d", st)
	}
	b.wantFlash("Acknowledged. It comes back if new data arrives.")
	b.wantNoElement(support)

	// A care note.
	const note = "Talked through the weekend plan; he will come to group on Monday."
	b.fill("#body", note)
	if st := b.click(`main form[action$="/notes"] button[type=submit]`); st != 200 {
		t.Fatalf("saving the note ended on status %d", st)
	}
	b.wantFlash("The note is saved.")
	b.wantText("#notes", note)

	// A PHQ-9, from the timeline's link, and back on the timeline.
	b.click(`#assessments-h ~ p a[href$="/new/phq9"]`)
	for _, item := range []string{"item-1-1", "item-2-1", "item-3-2", "item-4-1", "item-5", "item-6-1", "item-7", "item-8", "item-9"} {
		b.pick(item)
	}
	if st := b.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("recording the PHQ-9 ended on status %d at %s", st, b.location())
	}
	b.wantFlash("The result is recorded.")
	b.open(devon)
	phq := `section[aria-labelledby="trend-phq9"]`
	b.wantText(phq, "PHQ-9", "Score: 6 out of 27")
	b.wantElement(phq + ` figure.chart svg[role="img"]`)
	b.wantNoSideways()

	// Jordan: his earlier unexpected result is acknowledged; a new one
	// brings the flag back, and resets his voucher schedule.
	b.open("/program/caseload")
	jordan := memberLink(b, "Jordan")
	b.click(`main a[href="` + jordan + `"]`)
	unexpected := `li.flag:has(input[name=flag][value="unexpected_test"])`
	if b.has(unexpected) {
		b.click(unexpected + ` button[type=submit]`)
		b.wantFlash("Acknowledged. It comes back if new data arrives.")
		b.wantNoElement(unexpected)
	}
	b.click(`main a[href*="/tests?"]`)
	b.wantText("main h1", "Drug tests: Jordan")
	b.wantNoSideways()
	recordTest(b, map[string]string{"cocaine": "positive", "methadone": "positive", "fentanyl": "negative"})
	b.wantFlash("The test is saved.")
	b.wantText("#tests li.card:first-child", "Cocaine: positive", "not expected", "Methadone: positive · as expected")
	b.open(jordan)
	b.wantText(unexpected, "An unexpected test result", "Talk with them about the result.")
	b.wantElement(unexpected + ` a[href*="/tests?"]`)
	b.open("/program/caseload")
	row := js[string](b, `[...document.querySelectorAll("table.caseload tbody tr")].find(r => r.textContent.includes("Jordan"))?.textContent ?? ""`)
	if !strings.Contains(row, "An unexpected test result") {
		t.Errorf("Jordan's caseload row lacks the flag: %q", row)
	}
	b.open(jordan)
	b.click(`main a[href*="/incentives?"]`)
	b.wantText("ul.next li", "their next one earns $2.50")
	b.wantNoSideways()

	// A group session of this week: everyone's attendance at once.
	b.click(`nav a[href="/program/sessions"]`)
	b.wantNoSideways()
	b.click(`main a[href^="/program/sessions/"]:not([href^="/program/sessions/new"])`)
	marks := js[[]string](b, `[...new Set([...document.querySelectorAll('input[name^="attendance."]')].map(e => e.name))]`)
	if len(marks) < 2 {
		t.Fatalf("the session has %d members to mark: %v", len(marks), marks)
	}
	for i, name := range marks {
		mark := "attended"
		if i == 0 {
			mark = "late"
		}
		b.tick(`input[name="` + name + `"][value="` + mark + `"]`)
	}
	if st := b.click(`main form[action$="/attendance"] button[type=submit]`); st != 200 {
		t.Fatalf("saving attendance ended on status %d", st)
	}
	b.wantFlash("Attendance saved.")
	b.wantNoSideways()
	screenshot(t, b.ctx, "session")

	// The admin's reports, on a phone.
	const admin = "admin@demo.onward"
	a := openTab(t)
	a.phone()
	a.signInWithCode(admin, demoPassword, demoTOTPSecret(t, admin))
	a.click(`nav a[href="/program/reports"]`)
	a.wantText("main h1", "Reports")
	a.wantElement(`#section-retention svg.chart[role=img]`)
	a.wantNoSideways()
	screenshot(t, a.ctx, "reports")
}

// memberLink returns the caseload's link to the member whose name
// contains name.
func memberLink(b *tab, name string) string {
	b.t.Helper()
	href := js[string](b, `[...document.querySelectorAll("table.caseload tbody th a")].find(a => a.textContent.includes(`+jsString(name)+`))?.getAttribute("href") ?? ""`)
	if href == "" {
		b.t.Fatalf("the caseload has no %s:\n%s", name, indent(b.text("main")))
	}
	return href
}
