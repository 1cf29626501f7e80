package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
)

// A visitor finds a nearby program that offers buprenorphine and takes
// Medicaid, asks it to call back, and the request is in that program's
// queue for its staff, and in no other program's.
func TestFindAndAskForACallBack(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	visitor := e.newClient()

	results := visitor.get("/find?" + url.Values{"place": {"Springfield, IL"}, "radius_km": {"10"},
		"medication": {"buprenorphine"}, "payment": {"medicaid"}}.Encode())
	wantStatus(t, results, http.StatusOK)
	program := regexpFind(t, results.body, `<h3><a href="/find/([^"?]+)[^"]*">`) // the nearest match
	// Its link carries the search, so "Search again" comes back to these results.
	wantBody(t, results, `<h3><a href="/find/`+program+`?medication=buprenorphine&amp;payment=medicaid&amp;place=Springfield%2C&#43;IL&amp;radius_km=10">`)
	back := visitor.get("/find/" + program + "?place=Springfield%2C+IL&radius_km=10&evil=1")
	wantBody(t, back, `href="/find?place=Springfield%2C&#43;IL&amp;radius_km=10#results"`)
	if program != ids["demo-program-1"] {
		t.Fatalf("the nearest match is %s, want the Example Recovery Center", program)
	}
	listing := visitor.get("/find/" + program)
	wantBody(t, listing, "Buprenorphine", "Medicaid", "Ask to be contacted")

	sent := visitor.post("/find/"+program+"/contact", contactForm("name", "Call Me Back", "best_time", "afternoon"))
	wantStatus(t, sent, http.StatusSeeOther)
	confirmation := visitor.get(sent.header.Get("Location"))
	reference := regexpFind(t, confirmation.body, `<strong class="reference">([^<]+)</strong>`)
	wantBody(t, confirmation, `href="tel:2175550101"`)

	admin := e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, program)
	staff := e.newClient()
	staff.signIn(admin)
	queue := staff.get("/program/requests")
	wantStatus(t, queue, http.StatusOK)
	wantBody(t, queue, reference, "Call Me Back", `href="tel:2175550142"`, "Afternoon")

	other := e.addStaffUser("other@example.com", onward.RoleProgramAdmin, ids["demo-program-2"])
	elsewhere := e.newClient()
	elsewhere.signIn(other)
	if body := elsewhere.get("/program/requests").body; strings.Contains(body, reference) || strings.Contains(body, "Call Me Back") {
		t.Fatal("another program's staff see the request")
	}
}
