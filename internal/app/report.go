package app

import (
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/report"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Program reports (docs/reports.md): aggregates over a program's members
// for its admins, each section counting only the members whose consent
// to the program covered the section's category through their episode,
// every figure under the small-cell rule. Nothing about any one member is
// shown, so no member's access log gets an entry; the admin's viewing is
// recorded as an account event.

// ReportInput is what every section is built from: the period, the
// program's settings and the members in scope.
type ReportInput struct {
	Period   report.Period
	Options  report.Options
	Settings sqlstore.ReportSettings
	Hours    continuum.Hours
}

// ReportSection is one section of a program report. Build turns the
// members whose consent covered Category into figures; a section with no
// Build yet is shown as "not yet recorded". The areas that record other
// data (medication, drug tests, contingency management, stored
// assessments) plug their sections in here by giving them a Build.
type ReportSection struct {
	ID       string
	Category onward.Category
	Build    func(ctx context.Context, in *ReportInput, members []report.Member) (*report.Section, error)
}

// ReportSections are the sections of every program report, in order.
var ReportSections = []ReportSection{
	{ID: "retention", Category: onward.CategoryTreatment, Build: func(_ context.Context, in *ReportInput, ms []report.Member) (*report.Section, error) {
		return report.Retention(ms, in.Period, in.Settings.RetentionGapDays, in.Options), nil
	}},
	{ID: "engagement", Category: onward.CategoryCheckins, Build: func(_ context.Context, in *ReportInput, ms []report.Member) (*report.Section, error) {
		return report.Engagement(ms, in.Period, in.Options), nil
	}},
	{ID: "attendance", Category: onward.CategoryTreatment, Build: func(_ context.Context, in *ReportInput, ms []report.Member) (*report.Section, error) {
		return report.Attendance(ms, in.Period, in.Hours, in.Options), nil
	}},
	// Stored assessments (PHQ-9, GAD-7, BAM) come with their own area;
	// report.ScoreChange computes the section from each member's Scores.
	{ID: "assessments", Category: onward.CategoryAssessments},
	{ID: "discharges", Category: onward.CategoryTreatment, Build: func(_ context.Context, in *ReportInput, ms []report.Member) (*report.Section, error) {
		return report.Discharges(ms, in.Period, in.Options), nil
	}},
	{ID: "medication_continuity", Category: onward.CategoryMedication},
	{ID: "first_dose", Category: onward.CategoryMedication},
	{ID: "negative_tests", Category: onward.CategoryTests},
	{ID: "cm_spend", Category: onward.CategoryTests},
}

// ReportFilter narrows a report; a zero period is the last twelve months.
type ReportFilter struct {
	From, To  recovery.Date
	Level     string // a level of care code: members who were at it during the period
	Clinician string // a staff member: members whose care team includes them
	ByAge     bool
}

// Report is a program report.
type Report struct {
	ProgramID string
	Filter    ReportFilter
	Input     ReportInput
	Members   report.Value // members in scope, under the small-cell rule
	Sections  []*report.Section
}

// maxReportDays bounds a report's period.
const maxReportDays = 3 * 366

// ProgramReport builds a program's report for one of its admins.
func (a *App) ProgramReport(ctx context.Context, staff *onward.User, programID string, f ReportFilter) (*Report, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return nil, onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	clock := a.ClockOf(staff.TimeZone)
	if f.To == (recovery.Date{}) {
		f.To = clock.Today
	}
	if f.From == (recovery.Date{}) {
		f.From = f.To.AddMonths(-12).AddDays(1)
	}
	if err := a.checkReportFilter(ctx, programID, f); err != nil {
		return nil, err
	}
	settings, err := a.store.ReportSettings(ctx, programID)
	if err != nil {
		return nil, err
	}
	hours, err := a.store.ProgramHours(ctx, programID)
	if err != nil {
		return nil, err
	}
	in := ReportInput{Period: report.Period{From: f.From, To: f.To, AsOf: clock.Today}, Options: report.Options{ByAge: f.ByAge},
		Settings: settings, Hours: hours}
	// A day either side covers every member's time zone.
	start := time.Date(f.From.Year, f.From.Month, f.From.Day, 0, 0, 0, 0, time.UTC).Add(-24 * time.Hour)
	end := time.Date(f.To.Year, f.To.Month, f.To.Day, 0, 0, 0, 0, time.UTC).Add(48 * time.Hour)
	facts, err := a.store.ReportFacts(ctx, programID, sqlstore.ReportWindow{From: start, To: end, Until: clock.Now.Add(24 * time.Hour),
		FromDay: f.From.String(), ToDay: f.To.String()})
	if err != nil {
		return nil, err
	}
	members, covered := a.reportMembers(staff, facts, f, in.Period)
	r := &Report{ProgramID: programID, Filter: f, Input: in, Members: report.Value{Number: float64(len(members)), Members: len(members)}}
	counted := &report.Section{Columns: []report.Column{{Kind: report.Count}}, Rows: []report.Row{{Values: []report.Value{r.Members}}}}
	report.Suppress(counted)
	r.Members = counted.Rows[0].Values[0]
	for _, sec := range ReportSections {
		if sec.Build == nil {
			r.Sections = append(r.Sections, report.Pending(sec.ID))
			continue
		}
		var ms []report.Member
		for i, m := range members {
			if covered[i][sec.Category] {
				ms = append(ms, m)
			}
		}
		s, err := sec.Build(ctx, &r.Input, ms)
		if err != nil {
			return nil, err
		}
		report.Suppress(s)
		r.Sections = append(r.Sections, s)
	}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.AccountEvent(ctx, staff.ID, staff.ID, "program_report_viewed") })
	return r, err
}

func (a *App) checkReportFilter(ctx context.Context, programID string, f ReportFilter) error {
	errs := onward.FieldErrors{}
	switch {
	case f.To.Before(f.From):
		errs.Add("to", "report.to_before_from")
	case f.From.DaysUntil(f.To) > maxReportDays:
		errs.Add("from", "report.period_too_long")
	}
	if _, ok := continuum.LevelOf(f.Level); f.Level != "" && !ok {
		errs.Add("level", "continuum.choose_a_level_of_care")
	}
	if f.Clinician != "" {
		staff, err := a.store.ProgramStaff(ctx, programID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(staff, func(s onward.StaffMember) bool { return s.UserID == f.Clinician }) {
			errs.Add("clinician", "report.choose_a_clinician")
		}
	}
	return errs.Err()
}

// reportMembers turns the stored facts into the report's members within
// the filter, with the categories each member's consent covered: the
// policy's decision as the consent stood at discharge (just before the
// discharge ended a consent that lasted "until the end of treatment"),
// or now for members still in care. A member who revoked their consent
// during the episode counts in no section that needs it.
func (a *App) reportMembers(staff *onward.User, facts []sqlstore.ReportMember, f ReportFilter, p report.Period) ([]report.Member, []map[onward.Category]bool) {
	var members []report.Member
	var covered []map[onward.Category]bool
	viewer := principalOf(staff)
	categories := []onward.Category{}
	for _, sec := range ReportSections {
		if !slices.Contains(categories, sec.Category) {
			categories = append(categories, sec.Category)
		}
	}
	for _, fm := range facts {
		if f.Clinician != "" && !slices.Contains(fm.CareTeam, f.Clinician) {
			continue
		}
		loc := Location(fm.TimeZone)
		m := report.Member{Admitted: recovery.DateOf(fm.StartedAt, loc), Reason: fm.EndReason, AgeGroup: fm.AgeGroup,
			Attendance: fm.Attendance, CheckIns: fm.CheckIns, Location: loc}
		ep := continuum.Episode{Segments: fm.Segments}
		if len(ep.Segments) > 0 && ep.Segments[0].Start.Before(m.Admitted) {
			m.Admitted = ep.Segments[0].Start
		}
		at := a.now()
		if fm.EndedAt != nil {
			day := recovery.DateOf(*fm.EndedAt, loc)
			m.Discharged = &day
			ep = ep.ClosedAt(day, fm.EndReason)
			at = fm.EndedAt.Add(-time.Second)
		}
		m.Segments = ep.Segments
		if m.Admitted.After(p.To) || m.Discharged != nil && m.Discharged.Before(p.From) {
			continue
		}
		if f.Level != "" && !slices.ContainsFunc(m.Segments, func(g continuum.Segment) bool {
			return g.Level == f.Level && !g.Start.After(p.To) && (g.End == nil || !g.End.Before(p.From))
		}) {
			continue
		}
		allowed := map[onward.Category]bool{}
		if fm.Consent != nil {
			grant := *fm.Consent
			grant.GranteeID = staff.ID
			d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: fm.MemberID, Action: onward.ActionRead, Categories: categories},
				[]onward.Grant{grant}, at)
			for _, c := range categories {
				allowed[c] = d.Allows(c)
			}
		}
		members = append(members, m)
		covered = append(covered, allowed)
	}
	return members, covered
}
