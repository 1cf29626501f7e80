package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// A nurse presses "Missed" on a member who was in fact dosed at 08:10:
// the record is corrected with a reason, what it said before is kept and
// shown, a double submit corrects once, a stale or empty correction is
// refused with its reason, and nobody outside the program's staff can do
// it.
func TestNurseCorrectsADoseRecordedInError(t *testing.T) {
	f := newMedFixture(t)
	series, res := f.order("")
	wantStatus(t, res, http.StatusCreated)
	base := "/api/v1/programs/" + f.programA + "/enrolments/" + f.enrolment
	res = f.call(f.nurse, "POST", base+"/doses", fmt.Sprintf(`{"schedule_id": %q, "slot": "08:00", "status": "missed", "client_id": "w-1"}`, series))
	wantStatus(t, res, http.StatusCreated)
	var recorded struct {
		Dose struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		} `json:"dose"`
	}
	if err := json.Unmarshal([]byte(res.body), &recorded); err != nil || recorded.Dose.ID == "" {
		t.Fatalf("no dose in %s", res.body)
	}
	doseID := recorded.Dose.ID

	c := f.e.newClient()
	c.signIn(f.nurse)
	page := c.get("/program/enrolments/" + f.enrolment + "/medication?program=" + url.QueryEscape(f.programA))
	wantStatus(t, page, http.StatusOK)
	recordPath := "/program/enrolments/" + f.enrolment + "/doses/" + doseID
	wantBody(t, page, `href="`+recordPath+`?program=`+f.programA+`"`)
	page = c.get(recordPath + "?program=" + url.QueryEscape(f.programA))
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Correct this record", `name="version" value="1"`, "Nothing is erased.")

	form := func(status, mg, at, reason string) url.Values {
		return url.Values{"program": {f.programA}, "version": {"1"}, "status": {status}, "dose_mg": {mg}, "taken_at": {at}, "reason": {reason}}
	}
	post := func(v url.Values) response { return c.post(recordPath+"/corrections", v) }
	refusals := []struct {
		name string
		form url.Values
		want string
	}{
		{"NoReason", form("taken", "60", "08:10", "  "), "Say why the record is corrected."},
		{"NothingChanges", form("missed", "", "", "Checked again"), "This is what the record already says"},
		{"NoTime", form("taken", "60", "", "Came late"), "Give the time the dose was taken."},
		{"InTheFuture", form("taken", "60", "11:30", "Came late"), "A dose cannot be in the future."},
		{"AbsurdDose", form("taken", "6000", "08:10", "Came late"), "between 1 and 400 mg"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			res := post(tt.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tt.want)
		})
	}
	if n := f.count("medication_dose_corrections"); n != 0 {
		t.Fatalf("%d corrections after refused input", n)
	}

	good := form("taken", "60", "08:10", "Came at 08:10; the wrong row was pressed.")
	for range 2 { // a double submit
		res := post(good)
		if res.status != http.StatusSeeOther {
			t.Fatalf("correcting: %d\n%s", res.status, truncate(res.body))
		}
	}
	if n := f.count("medication_dose_corrections"); n != 1 {
		t.Fatalf("%d corrections after a double submit, want 1", n)
	}
	page = c.get(recordPath + "?program=" + url.QueryEscape(f.programA))
	wantBody(t, page, "Observed", "Before, it said:", "Missed", "Came at 08:10; the wrong row was pressed.", "corrected it on")

	// The member sees the record as corrected.
	mc := f.e.newClient()
	mc.signIn(f.member)
	wantBody(t, mc.get("/medication"), "corrected by the clinic")

	// The record as the API gives it, and a correction of a version since replaced.
	res = f.call(f.nurse, "GET", base+"/doses/"+doseID, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"status": "taken"`, `"dose_mg": 60`, `"version": 2`, `"reason": "Came at 08:10; the wrong row was pressed."`)
	stale := `{"version": 1, "status": "late", "dose_mg": 60, "taken_at": "2026-11-21T14:20:00Z", "reason": "It was late"}`
	res = f.call(f.nurse, "POST", base+"/doses/"+doseID+"/corrections", stale)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Someone changed this dose record while you were looking at it.")
	wantField(t, f.call(f.nurse, "POST", base+"/doses/"+doseID+"/corrections",
		`{"version": 2, "status": "late", "dose_mg": 60, "taken_at": "2026-11-20T14:20:00Z", "reason": "It was late"}`),
		http.StatusBadRequest, "taken_at", "The time taken must be on the dose's day.")
	res = f.call(f.nurse, "POST", base+"/doses/"+doseID+"/corrections", strings.Replace(stale, `"version": 1`, `"version": 2`, 1))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"status": "late"`, `"version": 3`)

	// Only the program's staff.
	otherBase := "/api/v1/programs/" + f.programB + "/enrolments/" + f.enrolment
	for _, tt := range []struct {
		name string
		u    *onward.User
		path string
	}{
		{"Member", f.member, base},
		{"Supporter", f.supporter, base},
		{"OtherProgramsClinician", f.otherClinician, base},
		{"OtherProgramsClinicianOwnProgram", f.otherClinician, otherBase},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := f.call(tt.u, "POST", tt.path+"/doses/"+doseID+"/corrections", strings.Replace(stale, `"version": 1`, `"version": 3`, 1))
			if res.status < 400 || res.status >= 500 {
				t.Fatalf("%s correcting another program's dose: %d\n%s", tt.name, res.status, res.body)
			}
		})
	}
	if n := f.count("medication_dose_corrections"); n != 2 {
		t.Fatalf("%d corrections, want 2", n)
	}

	// Each look at the record is a recorded read of the member's medication.
	log, err := f.e.store.AccessByOthers(context.Background(), f.member.ID, 100)
	if err != nil || len(log) == 0 || log[0].ActorID != f.nurse.ID || log[0].Category != onward.CategoryMedication {
		t.Fatalf("the record's reads are not in the member's log: %+v %v", log, err)
	}

	// A month on, the record is shown but no longer corrected here.
	f.e.clock.advance(32 * 24 * time.Hour)
	c = f.e.newClient()
	c.signIn(f.nurse)
	page = c.get(recordPath + "?program=" + url.QueryEscape(f.programA))
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Doses older than 30 days cannot be corrected here.")
	if strings.Contains(page.body, "Save the correction") {
		t.Error("an old record still offers the correction form")
	}
	res = f.call(f.nurse, "POST", base+"/doses/"+doseID+"/corrections", strings.Replace(stale, `"version": 1`, `"version": 3`, 1))
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Doses older than 30 days cannot be corrected here.")
}
