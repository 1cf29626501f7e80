package web

import (
	"github.com/onward-recovery/onward/internal/caseload"
)

// flagAction is the means a flag's "what to do" points to: a call to the
// member, when the flag asks for one, and the page where it is dealt with.
type flagAction struct {
	Call   bool   // the flag asks the care team to reach the member now
	Href   string // the page where the flag is dealt with; "" when none
	LinkID string // the message id of that page's link
}

// FlagAction returns what the enrolment page offers for a flag of code.
func (v careView) FlagAction(code string) flagAction {
	e := v.Enrolment
	switch code {
	case caseload.FlagSuicideItem, caseload.FlagSupportNow, caseload.FlagHighRisk, caseload.FlagLapse, caseload.FlagNoCheckIn:
		return flagAction{Call: true}
	case caseload.FlagCOWSRising, caseload.FlagBAM, caseload.FlagAssessmentOverdue:
		return flagAction{Href: "/program/assessments/" + e.MemberID, LinkID: "program.flag_link_assessments"}
	case caseload.FlagUnexpectedTest, caseload.FlagMissedTest:
		return flagAction{Href: testsURL(v.ProgramID, e.ID), LinkID: "program.flag_link_tests"}
	case caseload.FlagMissedDoses, caseload.FlagInjectionOverdue, caseload.FlagTakeHomeReview, caseload.FlagOrderEnding:
		return flagAction{Href: "/program/enrolments/" + e.ID + "/medication?program=" + v.ProgramID, LinkID: "program.flag_link_medication"}
	case caseload.FlagAttendanceBelow:
		return flagAction{Call: true, Href: "#sessions-h", LinkID: "program.flag_link_sessions"}
	}
	return flagAction{}
}
