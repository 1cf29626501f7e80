package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/caseload"
)

// A program's caseload (GET /program/caseload and
// GET /api/v1/programs/{id}/caseload): its members, those who need a look
// first, with the reasons in words.

type caseloadView struct {
	staffProgramsView
	Result   *app.Caseload
	Filter   app.CaseloadFilter
	Staff    []onward.StaffMember // for the care team filter
	Flags    []string             // every flag code, for the filter
	Levels   []string
	Redirect bool
}

func caseloadFilter(r *http.Request) app.CaseloadFilter {
	q := r.URL.Query()
	return app.CaseloadFilter{Mine: q.Get("mine") == "1", CareTeam: q.Get("care_team"), Flag: q.Get("flag"), LevelOfCare: q.Get("level"), Query: q.Get("q")}
}

func (s *Server) caseloadPage(w http.ResponseWriter, r *http.Request) error {
	programs, err := s.chooseStaffProgram(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	v := caseloadView{staffProgramsView: programs, Filter: caseloadFilter(r), Flags: caseload.Codes(), Levels: careLevels}
	if !programs.NotStaff {
		if v.Staff, err = s.app.ProgramStaff(r.Context(), state(r).user, programs.ProgramID); err != nil {
			return err
		}
		if v.Result, err = s.app.Caseload(r.Context(), state(r).user, programs.ProgramID, v.Filter); err != nil {
			return err
		}
	}
	return s.render(w, r, "program_caseload", pageData{Title: "program.caseload", Data: v})
}

// careLevels are the levels of care a program records for a member.
var careLevels = []string{"withdrawal_management", "residential", "partial_hospitalization", "intensive_outpatient", "outpatient",
	"otp", "office_based", "aftercare"}

type caseloadFlagJSON struct {
	Code  string    `json:"code"`
	Label string    `json:"label"`
	Since time.Time `json:"since"`
	Days  int       `json:"days,omitempty"`
}

type caseloadRowJSON struct {
	EnrolmentID string             `json:"enrolment_id"`
	MemberID    string             `json:"member_id"`
	Name        string             `json:"name"`
	LevelOfCare string             `json:"level_of_care,omitempty"`
	LastCheckIn string             `json:"last_checkin,omitempty"`
	Flags       []caseloadFlagJSON `json:"flags"`
}

func toFlagsJSON(locale string, flags []caseload.Flag) []caseloadFlagJSON {
	out := make([]caseloadFlagJSON, 0, len(flags))
	for _, f := range flags {
		out = append(out, caseloadFlagJSON{Code: f.Code, Label: flagText(locale, f), Since: f.Since.UTC(), Days: f.Days})
	}
	return out
}

// flagText says a flag in words.
func flagText(locale string, f caseload.Flag) string {
	if f.Code == caseload.FlagNoCheckIn {
		return translate(locale, "program.flag_no_checkin_days", "Count", f.Days)
	}
	if f.Code == caseload.FlagAttendanceBelow {
		return translate(locale, "continuum.flag_attendance_below", "Attended", f.Attended, "Due", f.Due)
	}
	return localizer(locale).Label("flag", f.Code)
}

func (s *Server) apiCaseload(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.Caseload(r.Context(), state(r).user, r.PathValue("id"), caseloadFilter(r))
	if err != nil {
		return err
	}
	locale := state(r).locale
	rows := make([]caseloadRowJSON, 0, len(c.Rows))
	for _, row := range c.Rows {
		out := caseloadRowJSON{EnrolmentID: row.EnrolmentID, MemberID: row.MemberID, Name: row.Name, LevelOfCare: row.LevelOfCare,
			Flags: toFlagsJSON(locale, row.Flags)}
		if row.LastCheckIn != nil {
			out.LastCheckIn = row.LastCheckIn.String()
		}
		rows = append(rows, out)
	}
	writeJSON(w, http.StatusOK, map[string]any{"program_id": c.ProgramID, "total": c.Total, "flagged": c.Flagged, "members": rows})
	return nil
}
