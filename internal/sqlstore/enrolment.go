package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/onward-recovery/onward"
)

// Enrolments: a member in a treatment program's care, and its care team.

var errEnrolmentNotFound = onward.NewError(onward.ENOTFOUND, "program.enrolment_not_found")

const enrolmentColumns = `e.id, e.program_id, p.name, COALESCE(e.member_id, ''), COALESCE(u.display_name, ''), e.invite_name, e.status,
	COALESCE(e.consent_id, ''), e.level_of_care, e.created_at, e.started_at, e.ended_at, e.end_reason`

const enrolmentFrom = ` FROM enrolments e JOIN programs p ON p.id = e.program_id LEFT JOIN users u ON u.id = e.member_id`

func scanEnrolment(row rowScanner) (*onward.Enrolment, error) {
	var e onward.Enrolment
	var status string
	var created, started, ended dbTime
	if err := row.Scan(&e.ID, &e.ProgramID, &e.ProgramName, &e.MemberID, &e.MemberName, &e.InviteName, &status, &e.ConsentID,
		&e.LevelOfCare, &created, &started, &ended, &e.EndReason); err != nil {
		return nil, err
	}
	e.Status, e.CreatedAt, e.StartedAt, e.EndedAt = onward.EnrolmentStatus(status), created.Time, started.Ptr(), ended.Ptr()
	return &e, nil
}

func collectEnrolments(rows *sql.Rows, err error) ([]onward.Enrolment, error) {
	if err != nil {
		return nil, fmt.Errorf("load enrolments: %w", err)
	}
	defer rows.Close()
	var out []onward.Enrolment
	for rows.Next() {
		e, err := scanEnrolment(rows)
		if err != nil {
			return nil, fmt.Errorf("scan enrolment: %w", err)
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// IsProgramStaff reports whether userID is on programID's staff with a
// staff role now.
func (s *Store) IsProgramStaff(ctx context.Context, programID, userID string) (bool, error) {
	if !isStoredID(programID) {
		return false, nil // an id from an address, never sent to the database
	}
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM program_staff s JOIN users u ON u.id = s.user_id
		WHERE s.program_id = ? AND s.user_id = ? AND u.role IN ('clinician', 'program_admin')`, programID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check program staff: %w", err)
	}
	return n > 0, nil
}

// ProgramStaff lists programID's staff by name.
func (s *Store) ProgramStaff(ctx context.Context, programID string) ([]onward.StaffMember, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.display_name, u.role, s.title FROM program_staff s JOIN users u ON u.id = s.user_id
		WHERE s.program_id = ? AND u.role IN ('clinician', 'program_admin') ORDER BY u.display_name, u.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("load program staff: %w", err)
	}
	defer rows.Close()
	var out []onward.StaffMember
	for rows.Next() {
		var m onward.StaffMember
		var role, title string
		if err := rows.Scan(&m.UserID, &m.Name, &role, &title); err != nil {
			return nil, err
		}
		m.Role, m.Title = onward.Role(role), onward.StaffTitle(title)
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateEnrolmentInvite records a program's invitation to a person it
// names, reached by a one-time code (only its hash is kept).
func (tx *Tx) CreateEnrolmentInvite(ctx context.Context, programID, staffID, name, codeHash string) (string, error) {
	id := newID()
	_, err := tx.exec(ctx, `INSERT INTO enrolments (id, program_id, status, invite_code_hash, invite_name, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, programID, string(onward.EnrolmentInvited), codeHash, name, staffID, tx.t(tx.Now))
	if err != nil {
		return "", fmt.Errorf("create enrolment invitation: %w", err)
	}
	return id, nil
}

// EnrolmentInvite returns the unanswered invitation with this code's hash.
func (s *Store) EnrolmentInvite(ctx context.Context, codeHash string) (*onward.Enrolment, error) {
	e, err := scanEnrolment(s.queryRow(ctx, "SELECT "+enrolmentColumns+enrolmentFrom+" WHERE e.invite_code_hash = ? AND e.status = ?",
		codeHash, string(onward.EnrolmentInvited)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "program.invitation_not_valid")
	}
	return e, err
}

// AcceptEnrolmentInvite makes the invitation with this code's hash the
// member's active enrolment, under the consent they signed.
func (tx *Tx) AcceptEnrolmentInvite(ctx context.Context, codeHash, memberID, consentID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `UPDATE enrolments SET member_id = ?, status = ?, consent_id = ?, started_at = ?, invite_code_hash = NULL
		WHERE invite_code_hash = ? AND status = ? RETURNING id`, memberID, string(onward.EnrolmentActive), consentID, tx.t(tx.Now),
		codeHash, string(onward.EnrolmentInvited)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", onward.NewError(onward.ENOTFOUND, "program.invitation_not_valid")
	case isUniqueViolation(err):
		return "", onward.NewError(onward.ECONFLICT, "program.already_enrolled")
	case err != nil:
		return "", fmt.Errorf("accept enrolment invitation: %w", err)
	}
	return id, nil
}

// RequestEnrolment records a member's request to enrol, under the consent
// they signed; the program's staff answer it.
func (tx *Tx) RequestEnrolment(ctx context.Context, programID, memberID, consentID string) (string, error) {
	id := newID()
	_, err := tx.exec(ctx, `INSERT INTO enrolments (id, program_id, member_id, status, consent_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, programID, memberID, string(onward.EnrolmentRequested), consentID, memberID, tx.t(tx.Now))
	if isUniqueViolation(err) {
		return "", onward.NewError(onward.ECONFLICT, "program.already_enrolled")
	}
	if err != nil {
		return "", fmt.Errorf("request enrolment: %w", err)
	}
	return id, nil
}

// SetEnrolmentStatus moves an enrolment of programID from one status to
// another: accepting a request (active), turning it down (declined) or
// discharging (with a reason). It fails with ECONFLICT when the enrolment
// is no longer in from.
func (tx *Tx) SetEnrolmentStatus(ctx context.Context, programID, enrolmentID string, from, to onward.EnrolmentStatus, reason string) error {
	set := "status = ?"
	args := []any{string(to)}
	switch to {
	case onward.EnrolmentActive:
		set += ", started_at = ?"
		args = append(args, tx.t(tx.Now))
	case onward.EnrolmentDischarged, onward.EnrolmentDeclined:
		set += ", ended_at = ?, end_reason = ?, invite_code_hash = NULL"
		args = append(args, tx.t(tx.Now), reason)
	}
	args = append(args, enrolmentID, programID, string(from))
	res, err := tx.exec(ctx, "UPDATE enrolments SET "+set+" WHERE id = ? AND program_id = ? AND status = ?", args...)
	if err != nil {
		return fmt.Errorf("change enrolment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ECONFLICT, "program.enrolment_changed")
	}
	return nil
}

// SetLevelOfCare records the member's current level of care.
func (tx *Tx) SetLevelOfCare(ctx context.Context, programID, enrolmentID, level string) error {
	res, err := tx.exec(ctx, "UPDATE enrolments SET level_of_care = ? WHERE id = ? AND program_id = ? AND status = ?",
		level, enrolmentID, programID, string(onward.EnrolmentActive))
	if err != nil {
		return fmt.Errorf("set level of care: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errEnrolmentNotFound
	}
	return nil
}

// SetCareTeam replaces the care team of an enrolment of programID with
// staffIDs, who must be on the program's staff.
func (tx *Tx) SetCareTeam(ctx context.Context, programID, enrolmentID string, staffIDs []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM care_team WHERE enrolment_id = ?", enrolmentID); err != nil {
		return fmt.Errorf("set care team: %w", err)
	}
	for _, id := range staffIDs {
		res, err := tx.exec(ctx, `INSERT INTO care_team (enrolment_id, staff_id, added_at)
			SELECT ?, s.user_id, ? FROM program_staff s JOIN users u ON u.id = s.user_id
			WHERE s.program_id = ? AND s.user_id = ? AND u.role IN ('clinician', 'program_admin')`,
			enrolmentID, tx.t(tx.Now), programID, id)
		if err != nil {
			return fmt.Errorf("set care team: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onward.Invalid("care_team", "program.not_program_staff")
		}
	}
	return nil
}

// Enrolment returns one enrolment of programID, with its care team.
func (s *Store) Enrolment(ctx context.Context, programID, enrolmentID string) (*onward.Enrolment, error) {
	if !isStoredID(enrolmentID) {
		return nil, errEnrolmentNotFound
	}
	e, err := scanEnrolment(s.queryRow(ctx, "SELECT "+enrolmentColumns+enrolmentFrom+" WHERE e.id = ? AND e.program_id = ?",
		enrolmentID, programID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errEnrolmentNotFound
	}
	if err != nil {
		return nil, err
	}
	teams, err := s.careTeams(ctx, []string{e.ID})
	e.CareTeam = teams[e.ID]
	return e, err
}

// EnrolmentProgram returns the program of an enrolment.
func (s *Store) EnrolmentProgram(ctx context.Context, enrolmentID string) (string, error) {
	if !isStoredID(enrolmentID) {
		return "", errEnrolmentNotFound
	}
	var programID string
	err := s.queryRow(ctx, "SELECT program_id FROM enrolments WHERE id = ?", enrolmentID).Scan(&programID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errEnrolmentNotFound
	}
	return programID, err
}

// EnrolmentsOfMember lists a member's enrolments, newest first.
func (s *Store) EnrolmentsOfMember(ctx context.Context, memberID string) ([]onward.Enrolment, error) {
	rows, err := s.query(ctx, "SELECT "+enrolmentColumns+enrolmentFrom+" WHERE e.member_id = ? ORDER BY e.created_at DESC, e.id DESC", memberID)
	list, err := collectEnrolments(rows, err)
	if err != nil {
		return nil, err
	}
	return list, s.withCareTeams(ctx, list)
}

// ProgramEnrolments lists programID's enrolments in the given statuses,
// newest first.
func (s *Store) ProgramEnrolments(ctx context.Context, programID string, statuses ...onward.EnrolmentStatus) ([]onward.Enrolment, error) {
	args := []any{programID}
	marks := make([]string, len(statuses))
	for i, st := range statuses {
		marks[i], args = "?", append(args, string(st))
	}
	rows, err := s.query(ctx, "SELECT "+enrolmentColumns+enrolmentFrom+" WHERE e.program_id = ? AND e.status IN ("+strings.Join(marks, ", ")+
		") ORDER BY e.created_at DESC, e.id DESC", args...)
	list, err := collectEnrolments(rows, err)
	if err != nil {
		return nil, err
	}
	return list, s.withCareTeams(ctx, list)
}

// ActiveEnrolment returns the member's active enrolment with programID,
// or ENOTFOUND.
func (s *Store) ActiveEnrolment(ctx context.Context, programID, memberID string) (*onward.Enrolment, error) {
	e, err := scanEnrolment(s.queryRow(ctx, "SELECT "+enrolmentColumns+enrolmentFrom+" WHERE e.program_id = ? AND e.member_id = ? AND e.status = ?",
		programID, memberID, string(onward.EnrolmentActive)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errEnrolmentNotFound
	}
	return e, err
}

func (s *Store) withCareTeams(ctx context.Context, list []onward.Enrolment) error {
	ids := make([]string, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	teams, err := s.careTeams(ctx, ids)
	for i := range list {
		list[i].CareTeam = teams[list[i].ID]
	}
	return err
}

// careTeams loads the care teams of enrolments, by enrolment id.
func (s *Store) careTeams(ctx context.Context, enrolmentIDs []string) (map[string][]onward.StaffMember, error) {
	out := map[string][]onward.StaffMember{}
	for start := 0; start < len(enrolmentIDs); start += 500 {
		batch := enrolmentIDs[start:min(start+500, len(enrolmentIDs))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := s.rdb.QueryContext(ctx, s.dialect.rebind(`SELECT c.enrolment_id, u.id, u.display_name, u.role, COALESCE(s.title, '') FROM care_team c
			JOIN users u ON u.id = c.staff_id JOIN enrolments e ON e.id = c.enrolment_id
			LEFT JOIN program_staff s ON s.program_id = e.program_id AND s.user_id = c.staff_id WHERE c.enrolment_id IN (`+placeholders(len(batch))+`) ORDER BY u.display_name, u.id`), args...)
		if err != nil {
			return nil, fmt.Errorf("load care teams: %w", err)
		}
		for rows.Next() {
			var id, role, title string
			var m onward.StaffMember
			if err := rows.Scan(&id, &m.UserID, &m.Name, &role, &title); err != nil {
				rows.Close()
				return nil, err
			}
			m.Role, m.Title = onward.Role(role), onward.StaffTitle(title)
			out[id] = append(out[id], m)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EndTreatmentConsents ends, at discharge, the member's consents to the
// program whose expiry is "the end of treatment"; a consent with a date of
// its own runs on.
func (tx *Tx) EndTreatmentConsents(ctx context.Context, programID, memberID string) error {
	_, err := tx.exec(ctx, `UPDATE program_consents SET revoked_at = ?
		WHERE program_id = ? AND subject_id = ? AND until_end_of_treatment = 1 AND revoked_at IS NULL`,
		tx.t(tx.Now), programID, memberID)
	if err != nil {
		return fmt.Errorf("end treatment consent: %w", err)
	}
	return nil
}
