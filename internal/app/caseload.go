package app

import (
	"context"
	"slices"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The caseload: a program's members sorted by who needs a look, with the
// reasons in words; a member's clinical timeline; flags acknowledged; the
// care team's notes.

// CaseloadFilter narrows a caseload.
type CaseloadFilter struct {
	Mine        bool   // only members whose care team includes the viewer
	CareTeam    string // only members whose care team includes this staff member
	Flag        string // only members with this flag
	LevelOfCare string
	Query       string // part of the member's name
	Limit       int    // rows shown; 0 for the default
}

// DefaultCaseloadRows is how many rows a caseload shows at once: the ones
// that need a look come first.
const DefaultCaseloadRows = 100

// CaseloadRow is one member of a caseload.
type CaseloadRow struct {
	EnrolmentID string
	MemberID    string
	Name        string
	LevelOfCare string
	LastCheckIn *recovery.Date
	Flags       []caseload.Flag
}

// Caseload is a program's members, most in need of a look first.
type Caseload struct {
	ProgramID string
	Rows      []CaseloadRow
	Total     int // members matching the filter, before Limit
	Flagged   int // of those, with at least one flag
}

// Caseload returns programID's caseload for staff. Each member's flags
// come only from the categories their consent to the program covers now
// (one policy decision per member). Showing a member's flags discloses
// those categories: they are recorded, one entry per category, for the
// rows shown; a row without flags shows the name alone.
func (a *App) Caseload(ctx context.Context, staff *onward.User, programID string, f CaseloadFilter) (*Caseload, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	settings, err := a.store.ProgramSettings(ctx, programID)
	if err != nil {
		return nil, err
	}
	var scope sqlstore.CaseloadScope
	switch {
	case f.Mine:
		scope.StaffID = staff.ID
	case f.CareTeam != "":
		onStaff, err := a.store.IsProgramStaff(ctx, programID, f.CareTeam)
		if err != nil {
			return nil, err
		}
		if !onStaff {
			return nil, onward.Invalid("care_team", "program.not_program_staff")
		}
		scope.StaffID = f.CareTeam
	}
	members, err := a.store.Caseload(ctx, programID, scope)
	if err != nil {
		return nil, err
	}
	viewer := principalOf(staff)
	now := a.now()
	out := &Caseload{ProgramID: programID}
	decisions := map[string]policy.Decision{}
	query := strings.ToLower(strings.TrimSpace(f.Query))
	for _, m := range members {
		if f.LevelOfCare != "" && m.LevelOfCare != f.LevelOfCare {
			continue
		}
		if query != "" && !strings.Contains(strings.ToLower(m.Name), query) {
			continue
		}
		clock := a.ClockOf(m.TimeZone)
		flags := caseload.Flags(factsOf(m, clock), settings, clock.Today, clock.Location)
		var grants []onward.Grant
		if m.ConsentID != "" {
			grants = []onward.Grant{{ID: m.ConsentID, SubjectID: m.MemberID, GranteeID: staff.ID, Categories: m.Categories, ProgramID: programID}}
		}
		var asked []onward.Category
		for _, fl := range flags {
			asked = append(asked, caseload.CategoryOf(fl.Code))
		}
		d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: m.MemberID, Action: onward.ActionRead, Categories: asked}, grants, now)
		flags = slices.DeleteFunc(flags, func(fl caseload.Flag) bool { return !d.Allows(caseload.CategoryOf(fl.Code)) })
		if f.Flag != "" && !slices.ContainsFunc(flags, func(fl caseload.Flag) bool { return fl.Code == f.Flag }) {
			continue
		}
		out.Total++
		if len(flags) > 0 {
			out.Flagged++
		}
		out.Rows = append(out.Rows, CaseloadRow{EnrolmentID: m.EnrolmentID, MemberID: m.MemberID, Name: m.Name,
			LevelOfCare: m.LevelOfCare, LastCheckIn: m.LastCheckIn, Flags: flags})
		if len(flags) > 0 {
			var shown []onward.Category
			for _, fl := range flags {
				shown = append(shown, caseload.CategoryOf(fl.Code))
			}
			decisions[m.MemberID] = policy.Decide(policy.Request{Viewer: viewer, SubjectID: m.MemberID, Action: onward.ActionRead,
				Categories: shown}, grants, now)
		}
	}
	sortCaseload(out.Rows)
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultCaseloadRows
	}
	if len(out.Rows) > limit {
		out.Rows = out.Rows[:limit]
	}
	if err := a.recordShown(ctx, out.Rows, decisions); err != nil {
		return nil, err
	}
	return out, nil
}

// recordShown records, in one transaction, the disclosure of the flags of
// the rows shown.
func (a *App) recordShown(ctx context.Context, rows []CaseloadRow, decisions map[string]policy.Decision) error {
	var shown []policy.Decision
	for _, r := range rows {
		if d, ok := decisions[r.MemberID]; ok {
			shown = append(shown, d)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, d := range shown {
			if _, err := tx.Record(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// factsOf is what the caseload rules know of a member on their today.
func factsOf(m sqlstore.CaseloadMember, clock Clock) caseload.Facts {
	f := caseload.Facts{EnrolledAt: m.StartedAt, LastCheckIn: m.LastCheckIn, Events: m.Events, Acknowledged: m.Acknowledged}
	if c := m.Care; c.Level != "" {
		f.Attendance = continuum.LastWeek(clock.Today, c.LevelStart, c.ExpectedHours, c.Attendance, clock.Location)
	}
	return f
}

func sortCaseload(rows []CaseloadRow) {
	plain := make([]caseload.Row, len(rows))
	byID := make(map[string]CaseloadRow, len(rows))
	for i, r := range rows {
		plain[i] = caseload.Row{MemberID: r.MemberID, Name: r.Name, Flags: r.Flags}
		byID[r.MemberID] = r
	}
	caseload.Sort(plain)
	for i, p := range plain {
		rows[i] = byID[p.MemberID]
	}
}

// AcknowledgeFlag records that staff looked at a flag of an enrolled
// member, with a short note; the flag returns when new data arrives.
func (a *App) AcknowledgeFlag(ctx context.Context, staff *onward.User, programID, enrolmentID, code, note string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if caseload.CategoryOf(code) == "" {
		return onward.Invalid("flag", "program.unknown_flag")
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 500 {
		return onward.Invalid("note", "program.ack_note_too_long")
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.AcknowledgeFlag(ctx, programID, enrolmentID, code, staff.ID, note)
	})
}

// timelineCategories are what a member's clinical timeline can show.
var timelineCategories = []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryAlerts,
	onward.CategoryAssessments, onward.CategoryTreatment, onward.CategoryMedication, onward.CategoryTests}

// timelineTests is how many of the latest drug tests the timeline shows.
const timelineTests = 5

// timelineDays is how far back the timeline shows check-ins.
const timelineDays = 30

// Timeline is what the care team sees of one enrolled member: only the
// categories the member's consent covers, each view recorded.
type Timeline struct {
	Enrolment       *onward.Enrolment
	Clock           Clock
	Shown           []onward.Category // what the consent covers and the page shows
	Summary         *recovery.Summary // clean time and milestones (milestones)
	CheckIns        []onward.CheckIn  // the last timelineDays days, newest first (checkins); notes removed
	Lapses          []onward.Lapse    // newest first (checkins)
	Flags           []caseload.Flag
	Acknowledgments []sqlstore.Acknowledgement
	Notes           []onward.ClinicalNote // care notes, and the viewer's own counselling notes (treatment, care team only)
	Tests           []drugtest.Test       // the latest drug tests with this program (tests)
	Care            *MemberCare           // the episode and sessions (treatment, care team only)
	OnCareTeam      bool
	Medication      *TimelineMedication // medication
}

// MemberTimeline reads what staff may see of an enrolled member. The
// categories asked for are those the member's consent to the program
// covers; the decision is recorded before anything is read.
func (a *App) MemberTimeline(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*Timeline, error) {
	e, member, err := a.enrolledMember(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	t := &Timeline{Enrolment: e, Clock: a.ClockOf(member.TimeZone),
		OnCareTeam: slices.ContainsFunc(e.CareTeam, func(s onward.StaffMember) bool { return s.UserID == staff.ID })}
	// Everything the page could show is asked for; the policy allows what
	// the member's consent covers now, and the rest is recorded as
	// refused: after a revocation the member's log says the program asked
	// and was refused. Care-team notes are asked for only by the care team.
	var asked []onward.Category
	for _, c := range timelineCategories {
		if c != onward.CategoryTreatment || t.OnCareTeam {
			asked = append(asked, c)
		}
	}
	rd, d, err := a.read(ctx, principalOf(staff), e.MemberID, asked...)
	if err != nil {
		return nil, err
	}
	for _, c := range asked {
		if d.Allows(c) {
			t.Shown = append(t.Shown, c)
		}
	}
	today := t.Clock.Today
	if d.Allows(onward.CategoryMilestones) {
		p, err := rd.Profile(ctx)
		if err != nil {
			return nil, err
		}
		if p != nil {
			days, err := rd.LapseDays(ctx)
			if err != nil {
				return nil, err
			}
			s := MilestoneSummary(p, days, t.Clock)
			t.Summary = &s
		}
	}
	if d.Allows(onward.CategoryCheckins) {
		list, err := rd.CheckIns(ctx, today.AddDays(1-timelineDays), today)
		if err != nil {
			return nil, err
		}
		for i := len(list) - 1; i >= 0; i-- {
			c := list[i]
			c.Note = "" // a check-in's note is the member's own
			t.CheckIns = append(t.CheckIns, c)
		}
		lapses, err := rd.Lapses(ctx)
		if err != nil {
			return nil, err
		}
		slices.Reverse(lapses)
		t.Lapses = lapses
	}
	if d.Allows(onward.CategoryTreatment) {
		if t.Notes, err = rd.ClinicalNotes(ctx, e.ID, staff.ID); err != nil {
			return nil, err
		}
		if t.Care, err = a.memberCare(ctx, rd, e, t.Clock); err != nil {
			return nil, err
		}
	}
	if d.Allows(onward.CategoryMedication) {
		if t.Medication, err = timelineMedication(ctx, rd, t.Clock); err != nil {
			return nil, err
		}
	}
	if d.Allows(onward.CategoryTests) {
		if t.Tests, err = rd.DrugTests(ctx, programID, timelineTests); err != nil {
			return nil, err
		}
	}
	if t.Acknowledgments, err = a.store.Acknowledgements(ctx, e.ID); err != nil {
		return nil, err
	}
	facts, err := a.store.Caseload(ctx, programID, sqlstore.CaseloadScope{EnrolmentID: e.ID})
	if err != nil || len(facts) == 0 {
		return t, err
	}
	settings, err := a.store.ProgramSettings(ctx, programID)
	if err != nil {
		return nil, err
	}
	m := facts[0]
	for _, fl := range caseload.Flags(factsOf(m, t.Clock), settings, today, t.Clock.Location) {
		if d.Allows(caseload.CategoryOf(fl.Code)) {
			t.Flags = append(t.Flags, fl)
		}
	}
	return t, nil
}

// AddClinicalNote writes a note about an enrolled member. Only the
// member's care team writes notes, under the member's consent covering
// treatment; a counselling note stays with its author.
func (a *App) AddClinicalNote(ctx context.Context, staff *onward.User, programID, enrolmentID string, n *onward.ClinicalNote) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	e, err := a.store.Enrolment(ctx, programID, enrolmentID)
	if err != nil {
		return err
	}
	if e.Status != onward.EnrolmentActive || !slices.ContainsFunc(e.CareTeam, func(s onward.StaffMember) bool { return s.UserID == staff.ID }) {
		return onward.NewError(onward.EFORBIDDEN, "program.care_team_only")
	}
	n.EnrolmentID, n.MemberID, n.AuthorID = e.ID, e.MemberID, staff.ID
	if err := n.Validate(); err != nil {
		return err
	}
	return a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryTreatment},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.AddClinicalNote(ctx, d, n) })
}

// ProgramSettings returns a program's caseload settings, for its staff.
func (a *App) ProgramSettings(ctx context.Context, staff *onward.User, programID string) (caseload.Settings, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return caseload.Settings{}, err
	}
	return a.store.ProgramSettings(ctx, programID)
}

// SaveProgramSettings stores a program's caseload settings; program admins
// only.
func (a *App) SaveProgramSettings(ctx context.Context, staff *onward.User, programID string, set caseload.Settings) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	errs := onward.FieldErrors{}
	if set.NoCheckInDays < 0 || set.NoCheckInDays > 60 {
		errs.Add("no_checkin_days", "program.no_checkin_days")
	}
	if set.EscalateAfterMinutes < 5 || set.EscalateAfterMinutes > 24*60 {
		errs.Add("escalate_after_minutes", "program.escalate_after_minutes")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SaveProgramSettings(ctx, programID, set) })
}
