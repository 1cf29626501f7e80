package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A nurse (the demo clinician) runs a morning dosing window: orders for
// three members, then for each, looks the member up and records the dose
// in one press; the day's list counts what is left. A double tap of the
// window's app records a dose once, and a second dose for the same
// scheduled dose is refused.
func TestMedicationMorningDosingWindow(t *testing.T) {
	type member struct {
		a         account
		enrolment string
	}
	var members []member
	for i, tag := range []string{"dosinga", "dosingb", "dosingc"} {
		b := openTab(t)
		a := newAccount(tag)
		a.name = fmt.Sprintf("Window %c %d", 'A'+i, time.Now().UnixNano()%100000)
		b.signUp(a)
		members = append(members, member{a, enrolAtDemoProgram(t, a.email, a.name, 20)})
	}
	program := demoProgramID(t)
	nurse := staffTab(t)
	for _, m := range members {
		nurse.orderMethadone(program, m.enrolment, "60")
		nurse.wantText("main", "Methadone", "oral liquid", "60 mg", "Version 1 is in force today.")
	}

	nurse.click(`nav a[href="/program/dosing"]`)
	nurse.wantText("main h1", "Dosing window")
	before := nurse.text(`main p[role=status]`)
	for i, m := range members {
		// Action one: look the member up.
		nurse.fill("#q", m.a.name)
		nurse.click(`main form[role=search] button[type=submit]`)
		nurse.wantText("main table.dosing", m.a.name, "Methadone", "60 mg", "08:00")
		if n := js[int](nurse, `document.querySelectorAll("main table.dosing tbody tr").length`); n != 1 {
			t.Fatalf("looking up %q shows %d rows, want 1", m.a.name, n)
		}
		// Action two: record what happened.
		status := "taken"
		if i == 2 {
			status = "refused"
		}
		if st := nurse.click(`main table.dosing button[value=` + status + `]`); st != 200 {
			t.Fatalf("recording %s's dose ended on status %d", m.a.name, st)
		}
		nurse.wantFlash("Dose recorded.")
	}
	nurse.wantText("main table.dosing", members[0].a.name, members[1].a.name, members[2].a.name)
	for i, m := range members {
		row := nurse.rowOf(m.a.name)
		want := "Taken · recorded by the clinic"
		if i == 2 {
			want = "Refused · recorded by the clinic"
		}
		if !strings.Contains(row, want) {
			t.Errorf("%s's row says %q, want %q", m.a.name, row, want)
		}
	}
	after := nurse.text(`main p[role=status]`)
	if before == after {
		t.Errorf("the counts did not move: %q", after)
	}

	// The third member was not refused after all: dosed late, at the end of
	// the window. The nurse corrects the record, and it keeps what it said.
	c := members[2]
	nurse.fill("#q", c.a.name)
	nurse.click(`main form[role=search] button[type=submit]`)
	nurse.click(`main table.dosing a[href*="/doses/"]`)
	nurse.wantText("main h1", "Dose record of "+c.a.name)
	nurse.wantText("main", "Refused", "Correct this record")
	nurse.pick("status-late")
	nurse.fill("#dose_mg", "60")
	nurse.setValue("#taken_at", time.Now().In(mustLoad(t, memberZone)).Format("15:04"))
	if st := nurse.click(`main form button.primary`); st != 400 {
		t.Fatalf("a correction without a reason answered %d, want 400", st)
	}
	nurse.wantText("#reason-error", "Say why the record is corrected.")
	nurse.fill("#reason", "Came back at the end of the window and was dosed.")
	if st := nurse.click(`main form button.primary`); st != 200 {
		t.Fatalf("the correction ended on status %d", st)
	}
	nurse.wantFlash("Dose record corrected.")
	nurse.wantText("main", "Taken late · corrected by the clinic")
	nurse.click(`main a[href*="/doses/"]`)
	nurse.wantText("main", "Before, it said: Refused", "Came back at the end of the window and was dosed.")

	// The window's app sends a dose twice (a double tap, an offline
	// replay): recorded once. A second record of the same dose is refused.
	// Jordan (demo) is on methadone at the program; today's dose is still
	// to give.
	st, list := nurse.apiFetch("GET", "/api/v1/programs/"+program+"/dosing?q=Jordan", "")
	doses, _ := list["doses"].([]any)
	if st != 200 || len(doses) != 1 {
		t.Fatalf("GET the dosing list for Jordan: %d %v", st, list)
	}
	jordan := doses[0].(map[string]any)
	body := fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "taken", "client_id": "window-tap-1"}`, jordan["series_id"])
	path := "/api/v1/programs/" + program + "/enrolments/" + jordan["enrolment_id"].(string) + "/doses"
	s1, d1 := nurse.apiFetch("POST", path, body)
	s2, d2 := nurse.apiFetch("POST", path, body)
	if s1 != 201 || s2 != 200 || d1["dose"].(map[string]any)["id"] != d2["dose"].(map[string]any)["id"] {
		t.Errorf("the same dose sent twice: %d then %d; want 201 then 200 with one record", s1, s2)
	}
	s3, d3 := nurse.apiFetch("POST", path, strings.Replace(body, "window-tap-1", "window-tap-2", 1))
	if s3 != 409 || !strings.Contains(fmt.Sprint(d3), "This dose is already recorded.") {
		t.Errorf("a second record of the same dose: %d %v; want 409", s3, d3)
	}
	// An order for another program's member is not found.
	s4, _ := nurse.apiFetch("POST", "/api/v1/programs/"+program+"/enrolments/01a00000-0000-7000-8000-000000000000/doses", body)
	if s4 != 404 {
		t.Errorf("a dose for an enrolment that is not this program's answered %d, want 404", s4)
	}
}

// rowOf returns the text of the dosing list's row of the member called name.
func (b *tab) rowOf(name string) string {
	b.t.Helper()
	return js[string](b, fmt.Sprintf(`[...document.querySelectorAll("main table.dosing tbody tr")].find(r => r.querySelector("th").innerText.includes(%s))?.innerText ?? ""`,
		jsString(name)))
}

// A clinician raises a member's take-home doses within the ceiling, is
// refused beyond it, and the member sees the decision; a revocation shows
// the member its reason and the day of review.
func TestMedicationTakeHomesWithinTheCeiling(t *testing.T) {
	m, a := memberTab(t, "takehomes")
	enrolment := enrolAtDemoProgram(t, a.email, a.name, 10)
	program := demoProgramID(t)
	clinician := staffTab(t)
	clinician.orderMethadone(program, enrolment, "80")
	clinician.wantText("main", "Day 10 in treatment", "Ceiling now: 7 take-home days beyond closure days (day 10)", "federal rule: 7 days")

	review := time.Now().In(mustLoad(t, memberZone)).AddDate(0, 0, 14).Format(time.DateOnly)
	decide := func(days, reason string) int64 {
		clinician.fill("#days", days)
		for _, c := range []string{"stability", "attendance", "behaviour", "diversion", "storage"} {
			clinician.pick("c-" + c + "-met")
		}
		clinician.tick("#benefit")
		clinician.choose("#reason", reason)
		clinician.setValue("#review_on", review)
		return clinician.click(`#take-homes form button.primary`)
	}
	// Beyond the ceiling: refused, with the reason on the field.
	if st := decide("8", "criteria_met"); st != 400 {
		t.Fatalf("8 take-home days on day 10 answered %d, want 400", st)
	}
	clinician.wantText("#days-error", "Beyond the ceiling: on day 10 in treatment the most is 7 take-home days beyond closure days (the federal rule).")
	// Within it: saved.
	if st := decide("7", "criteria_met"); st != 200 {
		t.Fatalf("7 take-home days on day 10 answered %d", st)
	}
	clinician.wantFlash("The decision is saved; the member can see it.")
	clinician.wantText("main", "Take-home doses: up to 7 days at a time")

	// A supply beyond the decision is refused; one within it is recorded.
	clinician.fill("#supply_days", "9")
	clinician.fill("#closure_days", "1")
	clinician.fill("#bottles", "9")
	if st := clinician.click(`#supplies form button[type=submit]`); st != 400 {
		t.Fatalf("a 9-day supply with 1 closure day answered %d, want 400", st)
	}
	clinician.wantText("#supply_days-error", "Beyond the ceiling")
	clinician.fill("#supply_days", "3")
	clinician.fill("#closure_days", "1")
	clinician.fill("#bottles", "3")
	clinician.click(`#supplies form button[type=submit]`)
	clinician.wantFlash("The supply is recorded.")

	m.open("/medication")
	m.wantText("main", "Take-home doses: up to 7 days at a time", "The considerations are met", "It will be looked at again on")

	// Stopped: the member sees why and when it will be looked at again.
	clinician.fill("#days", "0")
	clinician.choose("#reason", "storage_concern")
	clinician.setValue("#review_on", review)
	clinician.click(`#take-homes form button.primary`)
	clinician.wantFlash("The decision is saved; the member can see it.")
	m.open("/medication")
	m.wantText("main", "Your take-home doses were stopped on", "Doses cannot be stored safely at the moment", "It will be looked at again on",
		"This is about your safety, not a punishment.")
}
