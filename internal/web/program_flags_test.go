package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/locale"
)

// Every flag on a member's page says what to do about it in both
// languages, and gives the means: a call button with the number the
// member shared for their alerts, or the page where it is dealt with.
func TestEveryFlagSaysWhatToDo(t *testing.T) {
	cat := locale.Default()
	v := careView{ProgramID: "p", Timeline: &app.Timeline{Enrolment: &onward.Enrolment{ID: "e1", MemberID: "m1"}}}
	for _, code := range caseload.Codes() {
		for _, lang := range []string{"en", "es"} {
			id := locale.LabelID("flagtodo", code)
			if got := cat.For(lang).T(id); got == id || got == "" {
				t.Errorf("%s: no %s wording for %s", code, lang, id)
			}
		}
	}
	tests := []struct {
		code string
		call bool
		link string
	}{
		{caseload.FlagSuicideItem, true, ""},
		{caseload.FlagSupportNow, true, ""},
		{caseload.FlagNoCheckIn, true, ""},
		{caseload.FlagUnexpectedTest, false, "program.flag_link_tests"},
		{caseload.FlagMissedTest, false, "program.flag_link_tests"},
		{caseload.FlagCOWSRising, false, "program.flag_link_assessments"},
		{caseload.FlagMissedDoses, false, "program.flag_link_medication"},
		{caseload.FlagAttendanceBelow, true, "program.flag_link_sessions"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a := v.FlagAction(tt.code)
			if a.Call != tt.call || a.LinkID != tt.link || (a.LinkID != "") != (a.Href != "") {
				t.Errorf("FlagAction(%s) = %+v, want call %v, link %q", tt.code, a, tt.call, tt.link)
			}
		})
	}
}

// A member asks for support now: their page tells the care team to call
// back, and once the member has shared a number for their alerts, gives
// the call button. A member who never checked in is not said to have a
// last check-in some days ago.
func TestFlagOnTheMemberPageGivesTheMeans(t *testing.T) {
	f := newProgramFixture(t)
	page := "/program/enrolments/" + f.enrolmentID + "?program=" + f.programID
	wantStatus(t, f.mc.post("/support-now", nil), http.StatusSeeOther)
	res := f.leeC.get(page)
	wantBody(t, res, "Asked for support now", "Call them back as soon as you can.",
		"They have not shared a phone number for alerts")
	if strings.Contains(res.body, `class="call-button" href="tel:`) {
		t.Fatal("a call button without a number")
	}
	if err := f.e.server.app.SaveAlertPhone(context.Background(), f.member, "+1 312 555 0142"); err != nil {
		t.Fatal(err)
	}
	wantBody(t, f.leeC.get(page), `class="call-button" href="tel:&#43;13125550142"`, "Call "+f.member.DisplayName)

	f.e.clock.advance(5 * 24 * time.Hour)
	f.leeC.signIn(f.lee)
	res = f.leeC.get(page)
	wantBody(t, res, "No check-in since joining 5 days ago", "Reach out and ask how they are.")
	if strings.Contains(res.body, "No check-in for 5 days") {
		t.Error("a member who never checked in is said to have a last check-in")
	}
	wantBody(t, f.leeC.get("/program/caseload?program="+f.programID), "No check-in since joining 5 days ago", `data-label="Last check-in"`)
}

// A member's drug tests and incentives open from a link that names the
// enrolment only (a bookmark, a link passed on), as the member's page
// does; the staff of another program are still refused.
func TestMemberPagesOpenWithoutTheProgramInTheLink(t *testing.T) {
	f := newProgramFixture(t)
	for _, page := range []string{"/tests", "/incentives"} {
		path := "/program/enrolments/" + f.enrolmentID + page
		wantStatus(t, f.leeC.get(path), http.StatusOK)
		if res := f.otherC.get(path); res.status == http.StatusOK {
			t.Errorf("%s: another program's clinician got the page", path)
		}
	}
}

// An outcome dated in the future is refused on the form, with the message
// tied to the date field for screen readers.
func TestOutcomeFormMarksAFutureDate(t *testing.T) {
	f := newCareFixture(t)
	arm := f.arm(t, fmt.Sprintf(`{"name": "Attendance", "funder_id": %q, "targets": ["attendance"],
		"schedule": {"kind": "voucher", "voucher": {"start_cents": 500, "increment_cents": 0}}}`, f.funder(t, "Grant", 750)))
	f.join(t, arm.ID, http.StatusNoContent)
	res := f.cc.post("/program/enrolments/"+f.enrolmentID+"/incentives/outcomes", url.Values{"program": {f.programID},
		"target": {"attendance"}, "met": {"yes"}, "on": {"2099-01-01"}, "key": {"future"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `aria-describedby="on-error"`, `<p class="field-error" id="on-error">`)
}
