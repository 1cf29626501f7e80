package e2e

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// A counsellor at the demo program schedules a group session that began a
// few minutes ago for three members, from the Sessions page, and records
// the whole group's attendance at once. The page shows what was recorded.
func TestCounsellorRunsAGroupSession(t *testing.T) {
	const clinician = "dr.lee@demo.onward"
	staff := openTab(t)
	staff.timeZone("America/Chicago")
	staff.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))

	staff.click(`nav a[href="/program/sessions"]`)
	staff.wantText("main h1", "Sessions")
	staff.click(`main a[href^="/program/sessions/new"]`)
	staff.wantText("main h1", "Schedule a session")

	// Sent without members or a kind: each problem is on its field.
	if st := staff.click(`main form[action="/program/sessions"] button[type=submit]`); st != 400 {
		t.Errorf("the empty form answered %d, want 400", st)
	}
	staff.wantText(".error-summary", "Choose what kind of session it is.", "Choose at least one member.")
	staff.wantText("#members-error", "Choose at least one member.")

	start := time.Now().In(mustLoad(t, "America/Chicago")).Add(-10 * time.Minute)
	staff.tick("#format-group")
	staff.choose("#kind", "relapse_prevention")
	staff.setValue("#day", start.Format(time.DateOnly))
	staff.setValue("#time", start.Format("15:04"))
	staff.fill("#minutes", "90")
	staff.fill("#location", "Group room B")
	boxes := js[[]string](staff, `[...document.querySelectorAll('#members input[type=checkbox]')].map(e => e.id)`)
	if len(boxes) < 3 {
		t.Fatalf("only %d members can be scheduled: %v", len(boxes), boxes)
	}
	var enrolments, names []string
	for _, id := range boxes[:3] {
		staff.tick("#" + id)
		enrolments = append(enrolments, strings.TrimPrefix(id, "member-"))
		names = append(names, staff.text(`label[for="`+id+`"]`))
	}
	if st := staff.click(`main form[action="/program/sessions"] button[type=submit]`); st != 200 {
		t.Fatalf("scheduling ended on status %d at %s", st, staff.location())
	}
	staff.wantFlash("Session scheduled.")
	staff.wantText("main h1", "Group session: Relapse prevention")
	for _, name := range names {
		staff.wantText("table.attendance", name)
	}

	// The whole group at once: attended, late, missed.
	marks := []string{"attended", "late", "missed"}
	for i, enrolment := range enrolments {
		staff.tick(`input[name="attendance.` + enrolment + `"][value="` + marks[i] + `"]`)
	}
	if st := staff.click(`main form[action$="/attendance"] button[type=submit]`); st != 200 {
		t.Fatalf("saving attendance ended on status %d", st)
	}
	staff.wantFlash("Attendance saved.")
	for i, enrolment := range enrolments {
		sel := `input[name="attendance.` + enrolment + `"][value="` + marks[i] + `"]`
		if !js[bool](staff, `document.querySelector(`+jsString(sel)+`).checked`) {
			t.Errorf("after saving, %s (%s) is not checked", sel, names[i])
		}
	}
	staff.wantNoSideways()
}

// The demo program's admin opens the reports from the menu: each section
// that has data is a chart with its summary and a table, the sections
// other areas will fill say they are not recorded yet, small cells say
// "fewer than 11", and the CSV download holds the same figures.
func TestProgramAdminOpensReportsAndDownloadsCSV(t *testing.T) {
	const admin = "admin@demo.onward"
	b := openTab(t)
	b.timeZone("America/Chicago")
	b.signInWithCode(admin, demoPassword, demoTOTPSecret(t, admin))
	b.click(`nav a[href="/program/reports"]`)
	b.wantText("main h1", "Reports")
	b.wantElement(`#section-retention svg.chart[role=img]`)
	b.wantText("#section-retention", "Retention", "30 days after admission")
	b.wantText("#section-discharges table.report", "Treatment completed", "Left before completing, against advice")
	b.wantText("#section-assessments", "PHQ-9 (depression)", "BAM: protective factors")
	b.wantText("#section-negative_tests", "Fentanyl", "Cocaine")
	b.wantText("#section-cm_spend", "SAMHSA grant (demo)", "fewer than 11")
	b.wantText("#section-first_dose", "Days from admission to the first dose")
	b.wantText("#section-retention table.report", "fewer than 11")

	// The age groups as well.
	b.tick("#by")
	if st := b.click(`main form[action="/program/reports"] button[type=submit]`); st != 200 {
		t.Fatalf("filtering ended on status %d", st)
	}
	b.wantText("#section-discharges table.report", "All members", "26 to 34")

	link := `main a[href^="/program/reports.csv"]`
	b.wantElement(link + `[download]`)
	got := jsAwait[exportFetch](b, `fetch(document.querySelector(`+jsString(link)+`).href).then(async r => ({
		Status: r.status, Disposition: r.headers.get("Content-Disposition") ?? "", Type: r.headers.get("Content-Type") ?? "",
		Body: await r.text()}))`)
	if got.Status != 200 || !strings.HasPrefix(got.Disposition, `attachment; filename="onward-report-`) || !strings.HasPrefix(got.Type, "text/csv") {
		t.Fatalf("CSV download: status %d, %q, %q", got.Status, got.Disposition, got.Type)
	}
	rows, err := csv.NewReader(strings.NewReader(got.Body)).ReadAll()
	if err != nil || len(rows) < 10 {
		t.Fatalf("the CSV does not parse (%v) or is short:\n%.500s", err, got.Body)
	}
	found := false
	for _, r := range rows {
		if r[0] == "discharges" && r[2] == "" && r[3] == "completed" && r[5] == "members" {
			found = r[7] == "11" && r[8] == "false"
		}
	}
	if !found {
		t.Errorf("the CSV lacks the 11 completed discharges:\n%.1500s", got.Body)
	}
}
