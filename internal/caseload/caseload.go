// Package caseload decides which of a program's members need a look, and
// in what order, from facts about each member: the reasons ("flags") in
// the order a counsellor should act on them. Programs open a dashboard
// rarely and briefly (reSET-O, CHESS), so the rules favour a few flags
// with their reasons over browsing. It is pure: the facts are passed in.
package caseload

import (
	"cmp"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Flag codes. Each has a label in the message catalogs ("flag.<code>")
// and a priority below; the first ones are about safety.
const (
	FlagSuicideItem       = "phq9_item9"         // PHQ-9 item 9 above 0
	FlagSupportNow        = "support_now"        // "I need support now" sent
	FlagHighRisk          = "high_risk"          // the member's early warning is high
	FlagLapse             = "lapse"              // a lapse was recorded
	FlagCOWSRising        = "cows_rising"        // COWS band rising during induction
	FlagBAM               = "bam"                // BAM risk or protective score beyond threshold
	FlagMissedDoses       = "missed_doses"       // doses missed (medication)
	FlagUnexpectedTest    = "unexpected_test"    // a test result not expected given the medication
	FlagMissedTest        = "missed_test"        // a scheduled drug test was missed
	FlagNoCheckIn         = "no_checkin"         // no check-in for the program's number of days
	FlagAssessmentOverdue = "assessment_overdue" // a scheduled questionnaire is overdue
	FlagInjectionOverdue  = "injection_overdue"  // an extended-release injection is past its day (medication)
	FlagTakeHomeReview    = "take_home_review"   // a take-home decision is due for review (medication)
	FlagOrderEnding       = "order_ending"       // a dose order ends within days with no renewal (medication)
	FlagAttendanceBelow   = "attendance_below"   // last week's attended hours below what the level of care expects
)

// priority orders flags: safety first. Higher is more urgent.
var priority = map[string]int{
	FlagSuicideItem: 100, FlagSupportNow: 90, FlagHighRisk: 80, FlagLapse: 70, FlagCOWSRising: 60,
	FlagUnexpectedTest: 55, FlagMissedTest: 52, FlagMissedDoses: 50, FlagBAM: 45, FlagNoCheckIn: 40, FlagAttendanceBelow: 35,
	FlagAssessmentOverdue: 30,
	// An overdue injection leaves a person without cover: withdrawal, or
	// with naltrexone a tolerance already gone; ranked just above missed doses.
	FlagInjectionOverdue: 52, FlagTakeHomeReview: 35, FlagOrderEnding: 33,
}

// Codes lists every flag code, most urgent first.
func Codes() []string {
	out := make([]string, 0, len(priority))
	for code := range priority {
		out = append(out, code)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(priority[b], priority[a]) })
	return out
}

// categories are the category of a member's data each flag draws on: a
// flag is shown only to those the member lets see that category, and
// showing it discloses that category.
var categories = map[string]onward.Category{
	FlagSuicideItem: onward.CategoryAssessments, FlagSupportNow: onward.CategoryAlerts,
	FlagHighRisk: onward.CategoryCheckins, FlagLapse: onward.CategoryCheckins,
	FlagCOWSRising: onward.CategoryAssessments, FlagBAM: onward.CategoryAssessments,
	FlagMissedDoses: onward.CategoryMedication, FlagUnexpectedTest: onward.CategoryTests, FlagMissedTest: onward.CategoryTests,
	FlagNoCheckIn: onward.CategoryCheckins, FlagAssessmentOverdue: onward.CategoryAssessments,
	FlagInjectionOverdue: onward.CategoryMedication, FlagTakeHomeReview: onward.CategoryMedication,
	FlagOrderEnding:     onward.CategoryMedication,
	FlagAttendanceBelow: onward.CategoryTreatment,
}

// CategoryOf is the category a flag draws on; "" for an unknown code.
func CategoryOf(code string) onward.Category { return categories[code] }

// Urgent reports whether a flag is about safety: it is pushed to the care
// team at once rather than waiting for someone to open the caseload.
func Urgent(code string) bool { return priority[code] >= priority[FlagHighRisk] }

// Event is something that happened to a member that may need a look: the
// latest of its kind, with when it happened (or, for a state such as a
// high early warning, since when it holds).
type Event struct {
	Code string
	At   time.Time
}

// Facts are what the rules know about one enrolled member.
type Facts struct {
	EnrolledAt  time.Time
	LastCheckIn *recovery.Date // nil when never checked in
	Events      []Event
	// Acknowledged holds, by flag code, when someone on the care team
	// last acknowledged it; a flag returns when newer data arrives.
	Acknowledged map[string]time.Time
	// Attendance is the last complete week of sessions against the hours
	// the member's level of care expects; nil when nothing is expected.
	Attendance *continuum.Week
}

// Settings are the program's own thresholds.
type Settings struct {
	NoCheckInDays int // days without a check-in that raise a flag; 0 turns it off
	// EscalateAfterMinutes is how long an urgent flag may go unacknowledged
	// by the care team before the program's other staff are told.
	EscalateAfterMinutes int
}

// DefaultSettings are used until a program sets its own.
var DefaultSettings = Settings{NoCheckInDays: 3, EscalateAfterMinutes: 30}

// Flag is one reason to look at a member now.
type Flag struct {
	Code  string
	Since time.Time // when the reason arose; an acknowledgement before it does not hide it
	Days  int       // for FlagNoCheckIn: days since the last check-in (or since enrolment)
	// For FlagAttendanceBelow: hours attended and due in the week.
	Attended, Due float64
}

// Flags returns the reasons to look at a member now, most urgent first.
// today is the member's calendar day and loc their time zone.
func Flags(f Facts, s Settings, today recovery.Date, loc *time.Location) []Flag {
	var out []Flag
	for _, e := range f.Events {
		if _, known := priority[e.Code]; known && e.Code != FlagNoCheckIn && e.Code != FlagAttendanceBelow {
			out = append(out, Flag{Code: e.Code, Since: e.At})
		}
	}
	if s.NoCheckInDays > 0 {
		// From the last check-in; from enrolment for someone who never
		// checked in (who could not be expected to before joining).
		from := recovery.DateOf(f.EnrolledAt.In(loc), loc)
		if f.LastCheckIn != nil {
			from = *f.LastCheckIn
		}
		if days := from.DaysUntil(today); days >= s.NoCheckInDays {
			since := from.AddDays(s.NoCheckInDays)
			out = append(out, Flag{Code: FlagNoCheckIn, Days: days,
				Since: time.Date(since.Year, since.Month, since.Day, 0, 0, 0, 0, loc)})
		}
	}
	if w := f.Attendance; w != nil && w.Below() {
		end := w.End()
		out = append(out, Flag{Code: FlagAttendanceBelow, Attended: w.Attended, Due: w.Due(),
			Since: time.Date(end.Year, end.Month, end.Day, 0, 0, 0, 0, loc)})
	}
	out = slices.DeleteFunc(out, func(fl Flag) bool {
		acked, ok := f.Acknowledged[fl.Code]
		return ok && !acked.Before(fl.Since)
	})
	slices.SortFunc(out, func(a, b Flag) int {
		return cmp.Or(cmp.Compare(priority[b.Code], priority[a.Code]), a.Since.Compare(b.Since))
	})
	return out
}

// Row is one member of a caseload with their flags.
type Row struct {
	MemberID string
	Name     string
	Flags    []Flag
}

// Sort orders a caseload: the most urgent flag first, then more flags,
// then the oldest unanswered reason, then by name, so the order is stable.
func Sort(rows []Row) {
	top := func(r Row) int {
		if len(r.Flags) == 0 {
			return 0
		}
		return priority[r.Flags[0].Code]
	}
	oldest := func(r Row) time.Time {
		var t time.Time
		for _, f := range r.Flags {
			if t.IsZero() || f.Since.Before(t) {
				t = f.Since
			}
		}
		return t
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(top(b), top(a)), cmp.Compare(len(b.Flags), len(a.Flags)),
			oldest(a).Compare(oldest(b)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.MemberID, b.MemberID))
	})
}
