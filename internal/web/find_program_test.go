package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

func TestProgramRequestsQueue(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-1"]
	lee := e.addStaffUser("lee@example.com", onward.RoleClinician, program)
	visitor := e.newClient()
	wantStatus(t, visitor.post("/find/"+program+"/contact", contactForm("name", "First Person")), http.StatusSeeOther)
	e.clock.advance(1)
	wantStatus(t, visitor.post("/find/"+program+"/contact", contactForm("name", "Second Person", "phone", "", "email", "second@example.com", "message", "Mornings, please.")), http.StatusSeeOther)
	wantStatus(t, visitor.post("/find/"+ids["demo-program-2"]+"/contact", contactForm("name", "Someone Else")), http.StatusSeeOther)

	c := e.newClient()
	c.signIn(lee)
	page := c.get("/program/requests")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Example Recovery Center (demo)", "Not answered yet: 2.", `href="mailto:second@example.com"`, "Mornings, please.",
		`href="tel:2175550142"`, "Evening")
	if strings.Index(page.body, "Second Person") > strings.Index(page.body, "First Person") {
		t.Fatal("the queue is not newest first")
	}
	if strings.Contains(page.body, "Someone Else") {
		t.Fatal("the queue shows another program's request")
	}
	if strings.Contains(page.body, `href="/program/listing`) {
		t.Fatal("a clinician is offered to edit the listing")
	}

	first := e.staffQueue(program)[1]
	res := c.post("/program/requests/"+first.ID+"/status", url.Values{"status": {sqlstore.AdmissionContacted}})
	wantStatus(t, res, http.StatusSeeOther)
	if want := "/program/requests?program=" + program; res.header.Get("Location") != want {
		t.Fatalf("went to %q, want %q", res.header.Get("Location"), want)
	}
	wantBody(t, c.get(res.header.Get("Location")), "The request is marked contacted.", "Not answered yet: 1.")
	if got := e.staffQueue(program)[1].Status; got != sqlstore.AdmissionContacted {
		t.Fatalf("status %q after the change", got)
	}

	t.Run("ErrUnknownStatus", func(t *testing.T) {
		wantStatus(t, c.post("/program/requests/"+first.ID+"/status", url.Values{"status": {"lost"}}), http.StatusBadRequest)
	})
	t.Run("ErrUnknownRequest", func(t *testing.T) {
		wantStatus(t, c.post("/program/requests/nope/status", url.Values{"status": {"closed"}}), http.StatusNotFound)
	})
	t.Run("ErrAnotherProgramsRequest", func(t *testing.T) {
		others := e.staffQueue(ids["demo-program-2"])
		wantStatus(t, c.post("/program/requests/"+others[0].ID+"/status", url.Values{"status": {"closed"}}), http.StatusForbidden)
		if e.staffQueue(ids["demo-program-2"])[0].Status != sqlstore.AdmissionNew {
			t.Fatal("another program's request was changed")
		}
		wantStatus(t, c.get("/program/requests?program="+ids["demo-program-2"]), http.StatusForbidden)
	})
	t.Run("NotOnAnyStaff", func(t *testing.T) {
		loner := e.addUser("new@example.com", onward.RoleClinician)
		e.enableTOTP(loner)
		l := e.newClient()
		l.signIn(loner)
		res := l.get("/program/requests")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Your account is not on the staff of any program yet.")
	})
}

func TestProgramListingEdit(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-1"]
	admin := e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, program)
	c := e.newClient()
	c.signIn(admin)

	page := c.get("/program/listing")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, `value="Example Recovery Center (demo)"`, `value="217-555-0101"`, `value="39.799"`, `value="en, es"`,
		`id="level-office_based" name="level" value="office_based" checked`, `id="payment-medicaid" name="payment" value="medicaid" checked`)
	wantBody(t, c.get("/program/requests"), `href="/program/listing?program=`+program+`"`)

	form := url.Values{"program": {program}, "name": {"Example Recovery Center"}, "phone": {"217-555-0111"},
		"website": {"https://example.org/erc"}, "street": {"100 Example Street"}, "city": {"Springfield"}, "state": {"IL"},
		"zip": {"62701"}, "lat": {"39.799"}, "lng": {"-89.644"}, "hours": {"Every day, all day"}, "languages": {"en, es, vi"},
		"level": {"outpatient", "withdrawal_management"}, "medication": {"buprenorphine", "methadone"},
		"payment": {"medicaid", "free"}, "admissions_24h": {"yes"}}
	res := c.post("/program/listing", form)
	wantStatus(t, res, http.StatusSeeOther)
	p, err := e.store.ProgramByID(t.Context(), program)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Example Recovery Center" || p.Phone != "217-555-0111" || !p.Admissions24h || p.StaffEditedAt == nil ||
		len(p.Levels) != 2 || p.Levels[0] != "withdrawal_management" || p.Medications[0] != "methadone" ||
		len(p.Languages) != 3 || p.Source != "demo" {
		t.Fatalf("saved listing %+v", p)
	}
	wantBody(t, c.get(res.header.Get("Location")), "The listing is saved. Imports will no longer change it.")
	wantBody(t, e.newClient().get("/find/"+program), "Example Recovery Center", "Vietnamese", "Admissions 24 hours a day")

	bad := []struct {
		name, field, value string
	}{
		{"ErrNoName", "name", ""},
		{"ErrBadWebsite", "website", "javascript:alert(1)"},
		{"ErrLatitude", "lat", "north"},
		{"ErrLongitude", "lng", "200"},
		{"ErrLanguage", "languages", "English!"},
		{"ErrLineBreak", "hours", "Mon\nTue"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set(tt.field, tt.value)
			res := c.post("/program/listing", f)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tt.field+`-error"`)
			if after, _ := e.store.ProgramByID(t.Context(), program); after.Name != "Example Recovery Center" || after.Phone != "217-555-0111" {
				t.Fatalf("a refused edit changed the listing: %+v", after)
			}
		})
	}
	t.Run("ErrAnotherProgram", func(t *testing.T) {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("program", ids["demo-program-2"])
		wantStatus(t, c.post("/program/listing", f), http.StatusForbidden)
		wantStatus(t, c.get("/program/listing?program="+ids["demo-program-2"]), http.StatusForbidden)
		if other, _ := e.store.ProgramByID(t.Context(), ids["demo-program-2"]); other.Name != "Sample Opioid Treatment Program (demo)" {
			t.Fatalf("another program's listing changed: %+v", other)
		}
	})
}
