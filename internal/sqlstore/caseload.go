package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// What a program's caseload reads: a few facts per enrolled member, kept
// up to date by the writes that change them, so a caseload of hundreds is
// a handful of indexed reads and never a scan of anyone's check-ins.

// noteEvent records that an event of code happened to the member now: the
// latest of each kind is kept. An urgent one (caseload.Urgent) is also
// pushed to the member's care teams at once, in the same transaction.
func (tx *Tx) noteEvent(ctx context.Context, memberID, code string) error {
	err := tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("note %s: %w", code, err) }},
		`INSERT INTO member_events (member_id, code, at) VALUES (?, ?, ?)
		ON CONFLICT (member_id, code) DO UPDATE SET at = excluded.at`, memberID, code, tx.t(tx.Now))
	if err != nil {
		return err
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
	return s.caseload(ctx, programID, scope, nil)
}

// ExplainCaseload reads a caseload as Caseload does and returns the
// database's plan of each of its queries (SQLite's EXPLAIN QUERY PLAN,
// PostgreSQL's EXPLAIN), for the benchmark and the test that no query
// scans a table.
func (s *Store) ExplainCaseload(ctx context.Context, programID string, scope CaseloadScope) ([]string, error) {
	var plans []string
	_, err := s.caseload(ctx, programID, scope, func(r caseloadRead) error {
		plan, err := s.explain(ctx, r.sql, r.args)
		if err != nil {
			return fmt.Errorf("explain caseload %s: %w", r.what, err)
		}
		plans = append(plans, r.what+":\n"+plan)
		return nil
	})
	return plans, err
}

// caseloadRead is one query of a caseload read.
type caseloadRead struct {
	what string
	sql  string
	args []any
}

// caseload reads a caseload in a few queries, each driven by the
// enrolments in scope: first the members, with what each has one row of
// (the enrolment, the account, the consent, the last check-in); then
// their events, acknowledgements, levels of care and recent attendance,
// each looked up by the members' ids (one parameter, a JSON array); last
// the sessions of that attendance. A clinician's 500 members of a program
// of 10,000 are found through the care team's index; each member's last
// check-in is one step down the (user_id, day) index and their last
// careFactsDays of attendance one range of the (enrolment_id, starts_at)
// index: nothing reads the rest of the program, anyone's older check-ins
// or sessions. explain, when given, is called with each query before it
// runs.
func (s *Store) caseload(ctx context.Context, programID string, scope CaseloadScope, explain func(caseloadRead) error) ([]CaseloadMember, error) {
	hours, err := s.ProgramHours(ctx, programID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	run := func(r caseloadRead, scan func(rowScanner) error) error {
		if explain != nil {
			if err := explain(r); err != nil {
				return err
			}
		}
		return s.eachRow(ctx, r, scan)
	}
	var out []CaseloadMember
	err = run(caseloadMembersRead(programID, scope), func(row rowScanner) error {
		m, err := scanCaseloadMember(row, now)
		out = append(out, m)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	byMember, byEnrolment := map[string]int{}, map[string]int{}
	enrolmentIDs, memberIDs := make([]string, len(out)), make([]string, len(out))
	for i, m := range out {
		byMember[m.MemberID], byEnrolment[m.EnrolmentID] = i, i
		enrolmentIDs[i], memberIDs[i] = m.EnrolmentID, m.MemberID
	}
	in := " IN (" + s.dialect.jsonElements() + ")"
	inEnrolments, inMembers := jsonList(enrolmentIDs), jsonList(memberIDs)
	err = run(caseloadRead{"member events", `SELECT v.member_id, v.code, v.at FROM member_events v WHERE v.member_id` + in,
		[]any{inMembers}}, func(row rowScanner) error {
		var memberID, code string
		var at dbTime
		if err := row.Scan(&memberID, &code, &at); err != nil {
			return err
		}
		i := byMember[memberID]
		out[i].Events = append(out[i].Events, caseload.Event{Code: code, At: at.Time})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = run(caseloadRead{"acknowledgements", `SELECT a.enrolment_id, a.code, a.acked_at FROM flag_acks a WHERE a.enrolment_id` + in,
		[]any{inEnrolments}}, func(row rowScanner) error {
		var id, code string
		var at dbTime
		if err := row.Scan(&id, &code, &at); err != nil {
			return err
		}
		out[byEnrolment[id]].Acknowledged[code] = at.Time
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = run(caseloadRead{"levels of care", `SELECT g.enrolment_id, g.level, g.start_day FROM care_segments g
		WHERE g.enrolment_id` + in + ` AND g.end_day IS NULL`, []any{inEnrolments}}, func(row rowScanner) error {
		var id, level, start string
		if err := row.Scan(&id, &level, &start); err != nil {
			return err
		}
		day, err := recovery.ParseDate(start)
		if err != nil {
			return err
		}
		i := byEnrolment[id]
		out[i].Care.Level, out[i].Care.LevelStart, out[i].Care.ExpectedHours = level, day, hours.Expected(level)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The attendance comes from the index alone; the few sessions it
	// names are then read once each, not once per member.
	type attended struct {
		member              int
		session, attendance string
		startsAt            time.Time
	}
	var records []attended
	var sessionIDs []string
	named := map[string]bool{}
	minutes := map[string]int{} // of the sessions not cancelled, by id
	err = run(caseloadRead{"attendance", `SELECT m.enrolment_id, m.session_id, m.starts_at, m.attendance FROM session_members m
		WHERE m.enrolment_id` + in + ` AND m.starts_at >= ? AND m.starts_at < ? AND m.attendance <> ''`,
		[]any{inEnrolments, s.t(now.AddDate(0, 0, -careFactsDays)), s.t(now)}}, func(row rowScanner) error {
		var id string
		var r attended
		var starts dbTime
		if err := row.Scan(&id, &r.session, &starts, &r.attendance); err != nil {
			return err
		}
		r.member, r.startsAt = byEnrolment[id], starts.Time
		if !named[r.session] {
			named[r.session] = true
			sessionIDs = append(sessionIDs, r.session)
		}
		records = append(records, r)
		return nil
	})
	if err != nil || len(records) == 0 {
		return out, err
	}
	err = run(caseloadRead{"sessions", `SELECT c.id, c.minutes FROM care_sessions c WHERE c.id` + in + ` AND c.cancelled_at IS NULL`,
		[]any{jsonList(sessionIDs)}}, func(row rowScanner) error {
		var id string
		var n int
		if err := row.Scan(&id, &n); err != nil {
			return err
		}
		minutes[id] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		// A cancelled session (not read) counts for nothing.
		if n, ok := minutes[r.session]; ok {
			out[r.member].Care.Attendance = append(out[r.member].Care.Attendance,
				continuum.Record{StartsAt: r.startsAt, Minutes: n, Attendance: r.attendance})
		}
	}
	return out, nil
}

// caseloadMembersRead finds the enrolments in scope with what each has one
// row of, and each member's last check-in.
func caseloadMembersRead(programID string, scope CaseloadScope) caseloadRead {
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
	return caseloadRead{"members", `SELECT e.id, e.member_id, u.display_name, u.time_zone, e.level_of_care, e.started_at,
		(SELECT c.day FROM checkins c WHERE c.user_id = e.member_id ORDER BY c.day DESC LIMIT 1), rp.risk_high_since,
		COALESCE(pc.id, ''), COALESCE(pc.categories, ''), pc.expires_at, pc.revoked_at
		FROM ` + from + ` JOIN users u ON u.id = e.member_id
		LEFT JOIN recovery_profiles rp ON rp.user_id = e.member_id
		LEFT JOIN program_consents pc ON pc.id = e.consent_id` + where + ` ORDER BY u.display_name, e.id`, args}
}

// jsonList is ids as a JSON array, one query parameter however many.
func jsonList(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// jsonElements is a subquery of the elements of a JSON array of strings
// given as its one parameter.
func (d dialect) jsonElements() string {
	if d == postgres {
		return "SELECT json_array_elements_text(?::json)"
	}
	return "SELECT value FROM json_each(?)"
}

// eachRow runs a caseload read, scanning each row.
func (s *Store) eachRow(ctx context.Context, r caseloadRead, scan func(rowScanner) error) error {
	rows, err := s.query(ctx, r.sql, r.args...)
	if err != nil {
		return fmt.Errorf("load caseload %s: %w", r.what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("scan caseload %s: %w", r.what, err)
		}
	}
	return rows.Err()
}

func scanCaseloadMember(row rowScanner, now time.Time) (CaseloadMember, error) {
	var m CaseloadMember
	var started, riskSince, expires, revoked dbTime
	var last sql.NullString
	var cats string
	if err := row.Scan(&m.EnrolmentID, &m.MemberID, &m.Name, &m.TimeZone, &m.LevelOfCare, &started, &last, &riskSince,
		&m.ConsentID, &cats, &expires, &revoked); err != nil {
		return m, err
	}
	m.StartedAt = started.Time
	if last.Valid && last.String != "" {
		d, err := recovery.ParseDate(last.String)
		if err != nil {
			return m, err
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
	return m, nil
}

// explain returns the plan of a query as the database prints it.
func (s *Store) explain(ctx context.Context, q string, args []any) (string, error) {
	prefix := "EXPLAIN QUERY PLAN "
	if s.dialect == postgres {
		prefix = "EXPLAIN "
	}
	rows, err := s.rdb.QueryContext(ctx, s.dialect.rebind(prefix+q), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var lines []string
	if s.dialect == postgres {
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return "", err
			}
			lines = append(lines, line)
		}
		return strings.Join(lines, "\n"), rows.Err()
	}
	// SQLite: id, parent, notused, detail; the depth from the parents.
	depth := map[int]int{0: 0}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if len(cols) != 4 {
			return "", fmt.Errorf("unexpected plan columns %v", cols)
		}
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		depth[id] = depth[parent] + 1
		lines = append(lines, strings.Repeat("  ", depth[id]-1)+detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
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
