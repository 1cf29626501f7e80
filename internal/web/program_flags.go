package web

import (
	"net/url"

	"github.com/onward-recovery/onward/internal/caseload"
)

// flagAction is the means a flag's "what to do" points to: a call to the
// member, when the flag asks for one, and the page where it is dealt with.
type flagAction struct {
	Call   bool   // the flag asks the care team to reach the member now
	Href   string // the page where the flag is dealt with; "" when none
	LinkID string // the message id of that page's link
}

// flagPlace is where a flag is dealt with, on the web and in the API.
type flagPlace int

const (
	flagNowhere flagPlace = iota
	flagAtAssessments
	flagAtTests
	flagAtMedication
	flagAtSessions
)

// flagRemedy says whether a flag of code asks for a call to the member,
// and where it is dealt with.
func flagRemedy(code string) (call bool, at flagPlace) {
	switch code {
	case caseload.FlagSuicideItem, caseload.FlagSupportNow, caseload.FlagHighRisk, caseload.FlagLapse, caseload.FlagNoCheckIn:
		return true, flagNowhere
	case caseload.FlagCOWSRising, caseload.FlagBAM, caseload.FlagAssessmentOverdue:
		return false, flagAtAssessments
	case caseload.FlagUnexpectedTest, caseload.FlagMissedTest:
		return false, flagAtTests
	case caseload.FlagMissedDoses, caseload.FlagInjectionOverdue, caseload.FlagTakeHomeReview, caseload.FlagOrderEnding:
		return false, flagAtMedication
	case caseload.FlagAttendanceBelow:
		return true, flagAtSessions
	}
	return false, flagNowhere
}

// FlagAction returns what the enrolment page offers for a flag of code.
func (v careView) FlagAction(code string) flagAction {
	e := v.Enrolment
	call, at := flagRemedy(code)
	a := flagAction{Call: call}
	switch at {
	case flagAtAssessments:
		a.Href, a.LinkID = "/program/assessments/"+e.MemberID, "program.flag_link_assessments"
	case flagAtTests:
		a.Href, a.LinkID = testsURL(v.ProgramID, e.ID), "program.flag_link_tests"
	case flagAtMedication:
		a.Href, a.LinkID = "/program/enrolments/"+e.ID+"/medication?program="+v.ProgramID, "program.flag_link_medication"
	case flagAtSessions:
		a.Href, a.LinkID = "#sessions-h", "program.flag_link_sessions"
	}
	return a
}

// flagOperation is the API operation where a flag of code is dealt with,
// for a member's enrolment in a program; "" when none.
func flagOperation(code, programID, enrolmentID, memberID string) string {
	enrolment := "/api/v1/programs/" + url.PathEscape(programID) + "/enrolments/" + url.PathEscape(enrolmentID)
	switch _, at := flagRemedy(code); at {
	case flagAtAssessments:
		return "/api/v1/members/" + url.PathEscape(memberID) + "/assessments"
	case flagAtTests:
		return enrolment + "/tests"
	case flagAtMedication:
		return enrolment + "/medication"
	case flagAtSessions:
		return enrolment + "/episode"
	}
	return ""
}
