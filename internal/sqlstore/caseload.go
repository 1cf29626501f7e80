package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/recovery"
)

// What a program's caseload reads: a few facts per enrolled member, kept
// up to date by the writes that change them, so a caseload of hundreds is
// a handful of indexed reads and never a scan of anyone's check-ins.

// noteEvent records that an event of code happened to the member now: the
// latest of each kind is kept. An urgent one (caseload.Urgent) is also
// pushed to the member's care teams at once, in the same transaction.
func (tx *Tx) noteEvent(ctx context.Context, memberID, code string) error {
	_, err := tx.exec(ctx, `INSERT INTO member_events (member_id, code, at) VALUES (?, ?, ?)
		ON CONFLICT (member_id, code) DO UPDATE SET at = excluded.at`, memberID, code, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("note %s: %w", code, err)
	}
	if caseload.Urgent(code) {
		return tx.alertCareTeams(ctx, memberID, code)
	}
	return nil
}

// consentCovers is the SQL condition that the consent pc is in force now
// and covers a category (the ? after the time).
const consentCovers = `pc.revoked_at IS NULL AND (pc.expires_at IS NULL OR pc.expires_at > ?)
	AND (',' || pc.categories || ',') LIKE ?`

// alertCareTeams tells the care team of every active enrolment of the
// member whose consent covers the flag's category: the alert is theirs
// only if the member lets them see what it is about.
func (tx *Tx) alertCareTeams(ctx context.Context, memberID, code string) error {
	rows, err := tx.query(ctx, `SELECT ct.staff_id, e.id FROM enrolments e
		JOIN care_team ct ON ct.enrolment_id = e.id JOIN users u ON u.id = ct.staff_id
		JOIN program_consents pc ON pc.id = e.consent_id
		WHERE e.member_id = ? AND e.status = ? AND u.role IN ('clinician', 'program_admin') AND `+consentCovers,
		memberID, string(onward.EnrolmentActive), tx.t(tx.Now), "%,"+string(caseload.CategoryOf(code))+",%")
	if err != nil {
		return fmt.Errorf("find care teams: %w", err)
	}
	type alert struct{ staff, enrolment string }
	var alerts []alert
	for rows.Next() {
		var a alert
		if err := rows.Scan(&a.staff, &a.enrolment); err != nil {
			rows.Close()
			return err
		}
		alerts = append(alerts, a)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, a := range alerts {
		if err := tx.notify(ctx, a.staff, KindCareAlert, memberID, a.enrolment, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// EscalateCareAlerts tells a program's other staff about each urgent flag
// its care team has not acknowledged within the program's time (30
// minutes unless the program set another), once per flag. It returns how
// many it escalated. Every scheduler may run it: the escalation's row
// makes it happen once.
func (s *Store) EscalateCareAlerts(ctx context.Context, now time.Time) (int, error) {
	var urgent []any
	for _, code := range caseload.Codes() {
		if caseload.Urgent(code) && code != caseload.FlagHighRisk {
			urgent = append(urgent, code)
		}
	}
	args := append(append([]any{}, urgent...), string(onward.EnrolmentActive))
	rows, err := s.query(ctx, `SELECT e.id, e.program_id, e.member_id, v.code, v.at, COALESCE(ps.escalate_after_minutes, 30), pc.categories
		FROM member_events v JOIN enrolments e ON e.member_id = v.member_id
		JOIN program_consents pc ON pc.id = e.consent_id
		LEFT JOIN program_settings ps ON ps.program_id = e.program_id
		LEFT JOIN flag_acks a ON a.enrolment_id = e.id AND a.code = v.code AND a.acked_at >= v.at
		LEFT JOIN care_escalations x ON x.enrolment_id = e.id AND x.code = v.code AND x.event_at = v.at
		WHERE v.code IN (`+placeholders(len(urgent))+`) AND e.status = ? AND a.enrolment_id IS NULL AND x.enrolment_id IS NULL
		AND pc.revoked_at IS NULL`, args...)
	if err != nil {
		return 0, fmt.Errorf("find unacknowledged alerts: %w", err)
	}
	type due struct {
		enrolment, program, member, code string
		at                               time.Time
	}
	var dues []due
	for rows.Next() {
		var d due
		var at dbTime
		var minutes int
		var cats string
		if err := rows.Scan(&d.enrolment, &d.program, &d.member, &d.code, &at, &minutes, &cats); err != nil {
			rows.Close()
			return 0, err
		}
		d.at = at.Time
		covered := slices.Contains(splitCategories(cats), caseload.CategoryOf(d.code))
		if covered && !now.Before(d.at.Add(time.Duration(minutes)*time.Minute)) {
			dues = append(dues, d)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	escalated := 0
	for _, d := range dues {
		err := s.Write(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `INSERT INTO care_escalations (enrolment_id, code, event_at, escalated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (enrolment_id, code, event_at) DO NOTHING`, d.enrolment, d.code, tx.t(d.at), tx.t(tx.Now))
			if err != nil {
				return fmt.Errorf("record escalation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another scheduler did it
			}
			escalated++
			staff, err := tx.query(ctx, `SELECT s.user_id FROM program_staff s JOIN users u ON u.id = s.user_id
				WHERE s.program_id = ? AND u.role IN ('clinician', 'program_admin')
				AND s.user_id NOT IN (SELECT staff_id FROM care_team WHERE enrolment_id = ?)`, d.program, d.enrolment)
			if err != nil {
				return fmt.Errorf("find program staff: %w", err)
			}
			var to []string
			for staff.Next() {
				var id string
				if err := staff.Scan(&id); err != nil {
					staff.Close()
					return err
				}
				to = append(to, id)
			}
			if err := staff.Close(); err != nil {
				return err
			}
			for _, id := range to {
				if err := tx.notify(ctx, id, KindCareEscalation, d.member, d.enrolment, tx.Now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return escalated, err
		}
	}
	return escalated, nil
}

// NoteEvent records an event of code for the member under a write
// disclosure of category (a safety flag on a questionnaire, say).
func (tx *Tx) NoteEvent(ctx context.Context, d Disclosure, category onward.Category, memberID, code string) error {
	if err := d.covers(memberID, onward.ActionWrite, category); err != nil {
		return err
	}
	return tx.noteEvent(ctx, memberID, code)
}

// CaseloadMember is one enrolled member with the facts the caseload rules
// need and the categories the member's consent to the program covers now.
type CaseloadMember struct {
	EnrolmentID  string
	MemberID     string
	Name         string
	TimeZone     string
	LevelOfCare  string
	StartedAt    time.Time
	LastCheckIn  *recovery.Date
	Events       []caseload.Event
	Acknowledged map[string]time.Time
	ConsentID    string
	Categories   []onward.Category // of the consent, when it is in force
	Care         CareFacts
}

// CaseloadScope narrows a caseload read: to the members whose care team
// includes StaffID, or to one enrolment.
type CaseloadScope struct {
	StaffID     string
	EnrolmentID string
}

// Caseload returns the active enrolments of programID within scope, with
// their facts.
func (s *Store) Caseload(ctx context.Context, programID string, scope CaseloadScope) ([]CaseloadMember, error) {
	// The enrolments in scope drive every read: a clinician's 500 members
	// of a program of 10,000 are found through the care team's index, and
	// each member's last check-in is one step down the (user_id, day)
	// index, never a scan of their check-ins.
	from, args := "enrolments e", []any{}
	if scope.StaffID != "" {
		// CROSS JOIN keeps SQLite's join order: the care team first.
		from = "care_team ct CROSS JOIN enrolments e"
	}
	where := " WHERE e.program_id = ? AND e.status = ?"
	args = append(args, programID, string(onward.EnrolmentActive))
	if scope.StaffID != "" {
		where += " AND ct.staff_id = ? AND e.id = ct.enrolment_id"
		args = append(args, scope.StaffID)
	}
	if scope.EnrolmentID != "" {
		where += " AND e.id = ?"
		args = append(args, scope.EnrolmentID)
	}
	now := s.now()
	rows, err := s.query(ctx, `SELECT e.id, e.member_id, u.display_name, u.time_zone, e.level_of_care, e.started_at,
		(SELECT c.day FROM checkins c WHERE c.user_id = e.member_id ORDER BY c.day DESC LIMIT 1), rp.risk_high_since,
		COALESCE(pc.id, ''), COALESCE(pc.categories, ''), pc.expires_at, pc.revoked_at
		FROM `+from+` JOIN users u ON u.id = e.member_id
		LEFT JOIN recovery_profiles rp ON rp.user_id = e.member_id
		LEFT JOIN program_consents pc ON pc.id = e.consent_id`+where+` ORDER BY u.display_name, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("load caseload: %w", err)
	}
	var out []CaseloadMember
	index := map[string]int{}
	for rows.Next() {
		var m CaseloadMember
		var started, riskSince, expires, revoked dbTime
		var last sql.NullString
		var cats string
		if err := rows.Scan(&m.EnrolmentID, &m.MemberID, &m.Name, &m.TimeZone, &m.LevelOfCare, &started, &last, &riskSince,
			&m.ConsentID, &cats, &expires, &revoked); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan caseload: %w", err)
		}
		m.StartedAt = started.Time
		if last.Valid && last.String != "" {
			d, err := recovery.ParseDate(last.String)
			if err != nil {
				rows.Close()
				return nil, err
			}
			m.LastCheckIn = &d
		}
		if !riskSince.Time.IsZero() {
			m.Events = append(m.Events, caseload.Event{Code: caseload.FlagHighRisk, At: riskSince.Time})
		}
		inForce := revoked.Ptr() == nil && (expires.Ptr() == nil || now.Before(expires.Time))
		if m.ConsentID != "" && inForce {
			m.Categories = splitCategories(cats)
		}
		m.Acknowledged = map[string]time.Time{}
		index[m.MemberID] = len(out)
		out = append(out, m)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	evRows, err := s.query(ctx, `SELECT v.member_id, v.code, v.at FROM `+from+` JOIN member_events v ON v.member_id = e.member_id`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("load member events: %w", err)
	}
	for evRows.Next() {
		var memberID, code string
		var at dbTime
		if err := evRows.Scan(&memberID, &code, &at); err != nil {
			evRows.Close()
			return nil, err
		}
		if i, ok := index[memberID]; ok {
			out[i].Events = append(out[i].Events, caseload.Event{Code: code, At: at.Time})
		}
	}
	if err := evRows.Close(); err != nil {
		return nil, err
	}
	byEnrolment := map[string]int{}
	for i, m := range out {
		byEnrolment[m.EnrolmentID] = i
	}
	ackRows, err := s.query(ctx, `SELECT a.enrolment_id, a.code, a.acked_at FROM `+from+` JOIN flag_acks a ON a.enrolment_id = e.id`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("load acknowledgements: %w", err)
	}
	for ackRows.Next() {
		var id, code string
		var at dbTime
		if err := ackRows.Scan(&id, &code, &at); err != nil {
			ackRows.Close()
			return nil, err
		}
		if i, ok := byEnrolment[id]; ok {
			out[i].Acknowledged[code] = at.Time
		}
	}
	if err := ackRows.Close(); err != nil {
		return nil, err
	}
	return out, s.careFacts(ctx, programID, from, where, args, out, byEnrolment)
}

// AcknowledgeFlag records that staffID looked at a flag of an enrolment of
// programID, with a short note; the flag returns when newer data arrives.
func (tx *Tx) AcknowledgeFlag(ctx context.Context, programID, enrolmentID, code, staffID, note string) error {
	res, err := tx.exec(ctx, `INSERT INTO flag_acks (enrolment_id, code, acked_at, acked_by, note)
		SELECT id, ?, ?, ?, ? FROM enrolments WHERE id = ? AND program_id = ? AND status = ?
		ON CONFLICT (enrolment_id, code) DO UPDATE SET acked_at = excluded.acked_at, acked_by = excluded.acked_by, note = excluded.note`,
		code, tx.t(tx.Now), staffID, note, enrolmentID, programID, string(onward.EnrolmentActive))
	if err != nil {
		return fmt.Errorf("acknowledge flag: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errEnrolmentNotFound
	}
	return nil
}

// Acknowledgement is who last acknowledged a flag, when and why.
type Acknowledgement struct {
	Code    string
	At      time.Time
	ByName  string
	Note    string
	ByStaff string
}

// Acknowledgements lists an enrolment's acknowledgements, newest first.
func (s *Store) Acknowledgements(ctx context.Context, enrolmentID string) ([]Acknowledgement, error) {
	rows, err := s.query(ctx, `SELECT a.code, a.acked_at, COALESCE(u.display_name, ''), a.note, a.acked_by FROM flag_acks a
		LEFT JOIN users u ON u.id = a.acked_by WHERE a.enrolment_id = ? ORDER BY a.acked_at DESC`, enrolmentID)
	if err != nil {
		return nil, fmt.Errorf("load acknowledgements: %w", err)
	}
	defer rows.Close()
	var out []Acknowledgement
	for rows.Next() {
		var a Acknowledgement
		var at dbTime
		if err := rows.Scan(&a.Code, &at, &a.ByName, &a.Note, &a.ByStaff); err != nil {
			return nil, err
		}
		a.At = at.Time
		out = append(out, a)
	}
	return out, rows.Err()
}

// ProgramSettings returns the program's caseload settings, the defaults
// when it has set none.
func (s *Store) ProgramSettings(ctx context.Context, programID string) (caseload.Settings, error) {
	set := caseload.DefaultSettings
	err := s.queryRow(ctx, "SELECT no_checkin_days, escalate_after_minutes FROM program_settings WHERE program_id = ?", programID).
		Scan(&set.NoCheckInDays, &set.EscalateAfterMinutes)
	if errors.Is(err, sql.ErrNoRows) {
		return caseload.DefaultSettings, nil
	}
	if err != nil {
		return set, fmt.Errorf("load program settings: %w", err)
	}
	return set, nil
}

// SaveProgramSettings stores the program's caseload settings.
func (tx *Tx) SaveProgramSettings(ctx context.Context, programID string, set caseload.Settings) error {
	_, err := tx.exec(ctx, `INSERT INTO program_settings (program_id, no_checkin_days, escalate_after_minutes, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (program_id) DO UPDATE SET no_checkin_days = excluded.no_checkin_days,
		escalate_after_minutes = excluded.escalate_after_minutes, updated_at = excluded.updated_at`,
		programID, set.NoCheckInDays, set.EscalateAfterMinutes, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save program settings: %w", err)
	}
	return nil
}

// AddClinicalNote stores a care-team note under a write disclosure of the
// member's treatment category.
func (tx *Tx) AddClinicalNote(ctx context.Context, d Disclosure, n *onward.ClinicalNote) error {
	if err := d.covers(n.MemberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
		return err
	}
	n.ID, n.CreatedAt = newID(), tx.Now
	_, err := tx.exec(ctx, `INSERT INTO clinical_notes (id, enrolment_id, member_id, author_id, kind, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.ID, n.EnrolmentID, n.MemberID, n.AuthorID, n.Kind, n.Body, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("add clinical note: %w", err)
	}
	return nil
}

// ClinicalNotes returns the notes of an enrolment that readerID may read:
// care notes, and counselling notes only of their own. Newest first.
func (r *Reader) ClinicalNotes(ctx context.Context, enrolmentID, readerID string) ([]onward.ClinicalNote, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	rows, err := r.s.query(ctx, `SELECT n.id, n.author_id, COALESCE(u.display_name, ''), n.kind, n.body, n.created_at FROM clinical_notes n
		LEFT JOIN users u ON u.id = n.author_id
		WHERE n.enrolment_id = ? AND n.member_id = ? AND (n.kind = ? OR n.author_id = ?) ORDER BY n.created_at DESC, n.id DESC`,
		enrolmentID, r.d.subject, onward.NoteCare, readerID)
	if err != nil {
		return nil, fmt.Errorf("load clinical notes: %w", err)
	}
	defer rows.Close()
	var out []onward.ClinicalNote
	for rows.Next() {
		n := onward.ClinicalNote{EnrolmentID: enrolmentID, MemberID: r.d.subject}
		var created dbTime
		if err := rows.Scan(&n.ID, &n.AuthorID, &n.AuthorName, &n.Kind, &n.Body, &created); err != nil {
			return nil, err
		}
		n.CreatedAt = created.Time
		out = append(out, n)
	}
	return out, rows.Err()
}
