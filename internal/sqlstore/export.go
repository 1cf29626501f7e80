package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/recovery"
)

// ExportCategories are the categories an export reads: all of them, since
// it is a copy of everything Onward holds about the member.
var ExportCategories = append([]onward.Category{onward.CategoryAccount, onward.CategoryJournal}, onward.ShareCategories...)

// Export reads everything Onward holds about the reader's subject into a
// document (docs/export.md). Reach it through ReadAccess with
// ExportCategories, so the export itself is in the audit log.
func (r *Reader) Export(ctx context.Context) (*export.Document, error) {
	for _, c := range ExportCategories {
		if err := r.need(c); err != nil {
			return nil, err
		}
	}
	u, err := r.s.UserByID(ctx, r.d.subject)
	if err != nil {
		return nil, err
	}
	now := r.s.now().UTC()
	d := &export.Document{Format: export.Format, Version: export.Version, ExportedAt: now,
		Account: export.Account{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Locale: u.Locale, TimeZone: u.TimeZone,
			CreatedAt: u.CreatedAt.UTC()},
		CheckIns: []export.CheckIn{}, Lapses: []export.Lapse{}, Urges: []export.Urge{}, Milestones: []export.Milestone{},
		MeetingAttendance: []export.Attendance{}, AccessLog: []export.AccessRecord{}, Assessments: []export.Assessment{}}
	profile, err := r.Profile(ctx)
	if err != nil {
		return nil, err
	}
	d.RecoveryProfile = export.ProfileOf(profile)
	checkIns, err := r.CheckIns(ctx, recovery.Date{Year: 1, Month: 1, Day: 1}, recovery.Date{Year: 9999, Month: 12, Day: 31})
	if err != nil {
		return nil, err
	}
	for _, c := range checkIns {
		d.CheckIns = append(d.CheckIns, export.CheckInOf(c))
	}
	lapses, err := r.Lapses(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range lapses {
		d.Lapses = append(d.Lapses, export.LapseOf(l))
	}
	plan, err := r.Plan(ctx)
	if err != nil {
		return nil, err
	}
	d.Plan = export.PlanOf(plan)
	urges, err := r.Urges(ctx, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	// Urges are read newest first; the export lists everything oldest first.
	for i := len(urges) - 1; i >= 0; i-- {
		d.Urges = append(d.Urges, export.UrgeOf(urges[i]))
	}
	assessments, err := r.Assessments(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, a := range assessments {
		d.Assessments = append(d.Assessments, export.AssessmentOf(a))
	}
	tracker, err := r.WithdrawalTracker(ctx)
	if err != nil {
		return nil, err
	}
	if tracker != nil {
		d.WithdrawalTracker = &export.WithdrawalTracker{Substance: tracker.Substance, LastUseAt: tracker.LastUseAt.UTC(), UpdatedAt: tracker.UpdatedAt.UTC()}
	}
	if d.Milestones, err = r.milestones(ctx); err != nil {
		return nil, err
	}
	if d.MeetingAttendance, err = r.attendance(ctx); err != nil {
		return nil, err
	}
	if d.ConsentsGiven, err = r.consents(ctx, "subject_id", "grantee_id", now); err != nil {
		return nil, err
	}
	if d.ConsentsReceived, err = r.consents(ctx, "grantee_id", "subject_id", now); err != nil {
		return nil, err
	}
	if d.PendingInvitations, err = r.pendingInvitations(ctx); err != nil {
		return nil, err
	}
	prefs, err := r.s.NotifyPrefs(ctx, r.d.subject)
	if err != nil {
		return nil, err
	}
	d.NotifyPrefs = &export.NotifyPrefs{Email: prefs.Email, Push: prefs.Push, Discreet: prefs.Discreet, Reminders: prefs.Reminders,
		AutoAlert: prefs.AutoAlert, QuietStart: prefs.QuietStart, QuietEnd: prefs.QuietEnd}
	if d.SupportRequests, err = r.supportRequests(ctx); err != nil {
		return nil, err
	}
	if err := r.exportCare(ctx, d); err != nil {
		return nil, err
	}
	if d.Medication, err = r.medicationExport(ctx); err != nil {
		return nil, err
	}
	if d.AlertPhone, err = r.AlertPhone(ctx); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	if d.TreatmentEpisodes, d.TreatmentSessions, err = r.treatmentExport(ctx, loc); err != nil {
		return nil, err
	}
	log, err := r.s.AccessByOthers(ctx, r.d.subject, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	for i := len(log) - 1; i >= 0; i-- {
		d.AccessLog = append(d.AccessLog, export.AccessRecordOf(log[i]))
	}
	return d, nil
}

func (r *Reader) milestones(ctx context.Context) ([]export.Milestone, error) {
	rows, err := r.s.query(ctx, `SELECT milestone_id, reached_on, celebrated_at FROM milestone_celebrations
		WHERE user_id = ? ORDER BY reached_on, milestone_id`, r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("export milestones: %w", err)
	}
	defer rows.Close()
	out := []export.Milestone{}
	for rows.Next() {
		var m export.Milestone
		var day string
		var at dbTime
		if err := rows.Scan(&m.MilestoneID, &day, &at); err != nil {
			return nil, fmt.Errorf("export milestones: %w", err)
		}
		if m.ReachedOn, err = recovery.ParseDate(day); err != nil {
			return nil, err
		}
		m.CelebratedAt = at.Time
		out = append(out, m)
	}
	return out, rows.Err()
}

func (r *Reader) attendance(ctx context.Context) ([]export.Attendance, error) {
	rows, err := r.s.query(ctx, `SELECT a.day, m.source, m.source_id, m.name, a.created_at
		FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.user_id = ? ORDER BY a.day, a.created_at`, r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("export attendance: %w", err)
	}
	defer rows.Close()
	out := []export.Attendance{}
	for rows.Next() {
		var a export.Attendance
		var day string
		var at dbTime
		if err := rows.Scan(&day, &a.MeetingSource, &a.MeetingSourceID, &a.MeetingName, &at); err != nil {
			return nil, fmt.Errorf("export attendance: %w", err)
		}
		if a.Day, err = recovery.ParseDate(day); err != nil {
			return nil, err
		}
		a.CreatedAt = at.Time
		out = append(out, a)
	}
	return out, rows.Err()
}

// consents lists the grants where the subject is in column self, with the
// person in column other: given (subject_id, grantee_id) or received. The
// column names are the two constants of the calls above, never input.
func (r *Reader) consents(ctx context.Context, self, other string, now time.Time) ([]export.Consent, error) {
	rows, err := r.s.query(ctx, `SELECT g.id, g.categories, g.starts_at, g.expires_at, g.revoked_at, g.created_at,
		u.id, u.display_name, u.role, COALESCE(c.relationship, ''), COALESCE(c.checkins_detail, 0), COALESCE(c.purpose, '')
		FROM grants g JOIN users u ON u.id = g.`+other+` LEFT JOIN support_consents c ON c.grant_id = g.id
		WHERE g.`+self+` = ? ORDER BY g.created_at, g.id`, r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("export consents: %w", err)
	}
	defer rows.Close()
	out := []export.Consent{}
	for rows.Next() {
		var g onward.Grant
		var p export.Person
		var cats string
		var relationship, purpose string
		var detail int
		var starts, expires, revoked, created dbTime
		if err := rows.Scan(&g.ID, &cats, &starts, &expires, &revoked, &created, &p.ID, &p.DisplayName, &p.Role,
			&relationship, &detail, &purpose); err != nil {
			return nil, fmt.Errorf("export consents: %w", err)
		}
		g.Categories, g.StartsAt, g.ExpiresAt, g.RevokedAt = splitCategories(cats), starts.Time, expires.Ptr(), revoked.Ptr()
		c := export.ConsentOf(g, p, created.Time, now)
		c.Relationship, c.CheckinsDetail, c.Purpose = relationship, detail == 1, purpose
		out = append(out, c)
	}
	return out, rows.Err()
}

// pendingInvitations lists the invitations that can still be accepted,
// oldest first, without their codes (only hashes are stored anyway).
func (r *Reader) pendingInvitations(ctx context.Context) ([]export.Invitation, error) {
	pending, err := r.s.PendingInvitations(ctx, r.d.subject)
	if err != nil {
		return nil, err
	}
	out := []export.Invitation{}
	// PendingInvitations lists newest first.
	for i := len(pending) - 1; i >= 0; i-- {
		inv := pending[i]
		cats := make([]string, len(inv.Categories))
		for j, c := range inv.Categories {
			cats[j] = string(c)
		}
		out = append(out, export.Invitation{Relationship: inv.Relationship, Categories: cats, CheckinsDetail: inv.CheckinsDetail,
			Email: inv.Email, CreatedAt: inv.CreatedAt.UTC(), ExpiresAt: inv.ExpiresAt.UTC()})
	}
	return out, nil
}

// supportRequests lists the member's requests for support, oldest first,
// each with the answers it got, oldest first.
func (r *Reader) supportRequests(ctx context.Context) ([]export.SupportRequest, error) {
	rows, err := r.s.query(ctx, `SELECT r.id, r.created_at, a.answer, a.created_at, u.id, u.display_name, u.role
		FROM support_requests r LEFT JOIN support_answers a ON a.request_id = r.id LEFT JOIN users u ON u.id = a.supporter_id
		WHERE r.member_id = ? ORDER BY r.created_at, r.id, a.created_at, a.id`, r.d.subject)
	if err != nil {
		return nil, fmt.Errorf("export support requests: %w", err)
	}
	defer rows.Close()
	out := []export.SupportRequest{}
	for rows.Next() {
		var id string
		var created, answered dbTime
		var answer, personID, name, role sql.NullString
		if err := rows.Scan(&id, &created, &answer, &answered, &personID, &name, &role); err != nil {
			return nil, fmt.Errorf("export support requests: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, export.SupportRequest{ID: id, CreatedAt: created.Time.UTC(), Answers: []export.SupportAnswer{}})
		}
		if answer.Valid {
			req := &out[len(out)-1]
			req.Answers = append(req.Answers, export.SupportAnswer{Answer: answer.String, AnsweredAt: answered.Time.UTC(),
				Person: export.Person{ID: personID.String, DisplayName: name.String, Role: role.String}})
		}
	}
	return out, rows.Err()
}
