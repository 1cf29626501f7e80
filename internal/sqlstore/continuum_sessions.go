package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/continuum"
)

// Sessions a program holds and who attended (docs/continuum.md). Who is in
// a session and how they attended are each member's treatment records:
// writing them takes a write Disclosure of each member's treatment
// category, reading them a read Disclosure; a session's time, kind and
// leader are the program's own schedule.

var errSessionNotFound = onward.NewError(onward.ENOTFOUND, "continuum.session_not_found")

const sessionColumns = `c.id, c.program_id, p.name, c.format, c.kind, c.starts_at, c.minutes, c.location, COALESCE(c.leader_id, ''),
	COALESCE(u.display_name, ''), c.client_id, c.cancelled_at, c.version, c.created_at`

const sessionFrom = ` FROM care_sessions c JOIN programs p ON p.id = c.program_id LEFT JOIN users u ON u.id = c.leader_id`

func scanSession(row rowScanner) (*continuum.Session, error) {
	var s continuum.Session
	var starts, cancelled, created dbTime
	if err := row.Scan(&s.ID, &s.ProgramID, &s.ProgramName, &s.Format, &s.Kind, &starts, &s.Minutes, &s.Location, &s.LeaderID,
		&s.LeaderName, &s.ClientID, &cancelled, &s.Version, &created); err != nil {
		return nil, err
	}
	s.StartsAt, s.CancelledAt, s.CreatedAt = starts.Time, cancelled.Ptr(), created.Time
	return &s, nil
}

// coverEach checks that ds holds a disclosure of action on the treatment
// category of every member of s.
func coverEach(ds map[string]Disclosure, members []continuum.Participant, action onward.Action) error {
	for _, m := range members {
		if err := ds[m.MemberID].covers(m.MemberID, action, onward.CategoryTreatment); err != nil {
			return err
		}
	}
	return nil
}

// ScheduleSession stores a session of s.ProgramID with its members, each
// an active enrolment of the program; ds holds the write disclosure of
// each member's treatment, by member id. A session whose client id the
// program already used is not stored again: s becomes the stored one and
// created is false.
func (tx *Tx) ScheduleSession(ctx context.Context, ds map[string]Disclosure, s *continuum.Session, staffID string) (created bool, err error) {
	if err := coverEach(ds, s.Members, onward.ActionWrite); err != nil {
		return false, err
	}
	if s.ClientID != "" {
		existing, err := scanSession(tx.queryRow(ctx, "SELECT "+sessionColumns+sessionFrom+" WHERE c.program_id = ? AND c.client_id = ?",
			s.ProgramID, s.ClientID))
		if err == nil {
			*s = *existing
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("find session: %w", err)
		}
	}
	s.ID, s.CreatedAt = newID(), tx.Now
	_, err = tx.exec(ctx, `INSERT INTO care_sessions (id, program_id, format, kind, starts_at, minutes, location, leader_id, client_id,
		version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`, s.ID, s.ProgramID, s.Format, s.Kind, tx.t(s.StartsAt),
		s.Minutes, s.Location, nullString(s.LeaderID), s.ClientID, nullString(staffID), tx.t(tx.Now))
	if isUniqueViolation(err) {
		return false, onward.NewError(onward.ECONFLICT, "continuum.session_changed")
	}
	if err != nil {
		return false, fmt.Errorf("schedule session: %w", err)
	}
	if s.LeaderID != "" {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM program_staff WHERE program_id = ? AND user_id = ?", s.ProgramID, s.LeaderID).Scan(&n); err != nil {
			return false, fmt.Errorf("check session leader: %w", err)
		}
		if n == 0 {
			return false, onward.Invalid("leader", "program.not_program_staff")
		}
	}
	for _, m := range s.Members {
		res, err := tx.exec(ctx, `INSERT INTO session_members (session_id, enrolment_id, member_id, starts_at)
			SELECT ?, id, member_id, ? FROM enrolments WHERE id = ? AND program_id = ? AND member_id = ? AND status = ?`,
			s.ID, tx.t(s.StartsAt), m.EnrolmentID, s.ProgramID, m.MemberID, string(onward.EnrolmentActive))
		if err != nil {
			return false, fmt.Errorf("add session member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return false, onward.Invalid("members", "continuum.not_enrolled")
		}
	}
	return true, nil
}

// Session returns a session of programID with who is in it (enrolment and
// member ids only: names and attendance come with a disclosure).
func (s *Store) Session(ctx context.Context, programID, id string) (*continuum.Session, error) {
	if !isStoredID(id) {
		return nil, errSessionNotFound
	}
	sess, err := scanSession(s.queryRow(ctx, "SELECT "+sessionColumns+sessionFrom+" WHERE c.id = ? AND c.program_id = ?", id, programID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSessionNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	members, err := s.sessionMembers(ctx, []string{id})
	sess.Members = members[id]
	return sess, err
}

// sessionMembers lists who is in each session, by session id.
func (s *Store) sessionMembers(ctx context.Context, ids []string) (map[string][]continuum.Participant, error) {
	out := map[string][]continuum.Participant{}
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := s.query(ctx, `SELECT session_id, enrolment_id, member_id FROM session_members WHERE session_id IN (`+
			placeholders(len(batch))+`) ORDER BY session_id, enrolment_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("load session members: %w", err)
		}
		for rows.Next() {
			var sessionID string
			var p continuum.Participant
			if err := rows.Scan(&sessionID, &p.EnrolmentID, &p.MemberID); err != nil {
				rows.Close()
				return nil, err
			}
			out[sessionID] = append(out[sessionID], p)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SessionFilter narrows a program's schedule.
type SessionFilter struct {
	From, To time.Time // sessions starting in [From, To)
	LeaderID string    // only sessions this staff member runs
}

// ProgramSessions lists programID's sessions in the filter, soonest first,
// each with who is in it (ids only).
func (s *Store) ProgramSessions(ctx context.Context, programID string, f SessionFilter) ([]continuum.Session, error) {
	where, args := "c.program_id = ? AND c.starts_at >= ? AND c.starts_at < ?", []any{programID, s.t(f.From), s.t(f.To)}
	if f.LeaderID != "" {
		where += " AND c.leader_id = ?"
		args = append(args, f.LeaderID)
	}
	rows, err := s.query(ctx, "SELECT "+sessionColumns+sessionFrom+" WHERE "+where+" ORDER BY c.starts_at, c.id LIMIT 1000", args...)
	if err != nil {
		return nil, fmt.Errorf("load sessions: %w", err)
	}
	var out []continuum.Session
	var ids []string
	for rows.Next() {
		sess, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan session: %w", err)
		}
		out = append(out, *sess)
		ids = append(ids, sess.ID)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	members, err := s.sessionMembers(ctx, ids)
	for i := range out {
		out[i].Members = members[out[i].ID]
	}
	return out, err
}

// SessionRoster returns the members of a session that ds (read
// disclosures by member id) covers, with their names and attendance.
func (s *Store) SessionRoster(ctx context.Context, sessionID string, ds map[string]Disclosure) ([]continuum.Participant, error) {
	rows, err := s.query(ctx, `SELECT m.enrolment_id, m.member_id, u.display_name, m.attendance, m.recorded_at FROM session_members m
		JOIN users u ON u.id = m.member_id WHERE m.session_id = ? ORDER BY u.display_name, m.enrolment_id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("load session roster: %w", err)
	}
	defer rows.Close()
	var out []continuum.Participant
	for rows.Next() {
		var p continuum.Participant
		var recorded dbTime
		if err := rows.Scan(&p.EnrolmentID, &p.MemberID, &p.Name, &p.Attendance, &recorded); err != nil {
			return nil, err
		}
		if _, ok := ds[p.MemberID]; !ok {
			continue
		}
		if err := ds[p.MemberID].covers(p.MemberID, onward.ActionRead, onward.CategoryTreatment); err != nil {
			return nil, err
		}
		p.RecordedAt = recorded.Ptr()
		out = append(out, p)
	}
	return out, rows.Err()
}

// SessionAttendance reads, inside a write, the attendance recorded so far
// for the members ds (write disclosures by member id) covers, by
// enrolment id.
func (tx *Tx) SessionAttendance(ctx context.Context, ds map[string]Disclosure, sessionID string) (map[string]string, error) {
	rows, err := tx.query(ctx, "SELECT enrolment_id, member_id, attendance FROM session_members WHERE session_id = ?", sessionID)
	if err != nil {
		return nil, fmt.Errorf("load attendance: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var enrolmentID, memberID, attendance string
		if err := rows.Scan(&enrolmentID, &memberID, &attendance); err != nil {
			return nil, err
		}
		if _, ok := ds[memberID]; ok {
			if err := ds[memberID].covers(memberID, onward.ActionWrite, onward.CategoryTreatment); err != nil {
				return nil, err
			}
			out[enrolmentID] = attendance
		}
	}
	return out, rows.Err()
}

// MarkAttendance records attendance for members of a session; ds holds
// the write disclosure of each marked member's treatment, by member id.
func (tx *Tx) MarkAttendance(ctx context.Context, ds map[string]Disclosure, sessionID string, marks []continuum.Participant, staffID string) error {
	if err := coverEach(ds, marks, onward.ActionWrite); err != nil {
		return err
	}
	for _, m := range marks {
		res, err := tx.exec(ctx, `UPDATE session_members SET attendance = ?, recorded_by = ?, recorded_at = ?
			WHERE session_id = ? AND enrolment_id = ? AND member_id = ?`, m.Attendance, nullString(staffID), tx.t(tx.Now), sessionID,
			m.EnrolmentID, m.MemberID)
		if err != nil {
			return fmt.Errorf("record attendance: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onward.NewError(onward.ECONFLICT, "continuum.session_changed")
		}
	}
	return nil
}

// CancelSession cancels a session of programID that has not started: the
// program's own schedule changes, and calendars see it cancelled.
func (tx *Tx) CancelSession(ctx context.Context, programID, id string) error {
	res, err := tx.exec(ctx, `UPDATE care_sessions SET cancelled_at = ?, version = version + 1
		WHERE id = ? AND program_id = ? AND cancelled_at IS NULL AND starts_at > ?`, tx.t(tx.Now), id, programID, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("cancel session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ECONFLICT, "continuum.cannot_cancel")
	}
	return nil
}

// MemberSessionFilter narrows a member's sessions.
type MemberSessionFilter struct {
	EnrolmentID string    // only this enrolment's; "" for every program's
	From, To    time.Time // sessions starting in [From, To)
}

// Sessions lists the subject's sessions in the filter, soonest first,
// each with the subject as its one member (and their attendance).
func (r *Reader) Sessions(ctx context.Context, f MemberSessionFilter) ([]continuum.Session, error) {
	if err := r.need(onward.CategoryTreatment); err != nil {
		return nil, err
	}
	where, args := "m.member_id = ? AND c.starts_at >= ? AND c.starts_at < ?", []any{r.d.subject, r.s.t(f.From), r.s.t(f.To)}
	if f.EnrolmentID != "" {
		where += " AND m.enrolment_id = ?"
		args = append(args, f.EnrolmentID)
	}
	rows, err := r.s.query(ctx, "SELECT "+sessionColumns+`, m.enrolment_id, m.attendance, m.recorded_at`+sessionFrom+
		` JOIN session_members m ON m.session_id = c.id WHERE `+where+` ORDER BY c.starts_at, c.id LIMIT 2000`, args...)
	if err != nil {
		return nil, fmt.Errorf("load member sessions: %w", err)
	}
	defer rows.Close()
	var out []continuum.Session
	for rows.Next() {
		var s continuum.Session
		p := continuum.Participant{MemberID: r.d.subject}
		var starts, cancelled, created, recorded dbTime
		if err := rows.Scan(&s.ID, &s.ProgramID, &s.ProgramName, &s.Format, &s.Kind, &starts, &s.Minutes, &s.Location, &s.LeaderID,
			&s.LeaderName, &s.ClientID, &cancelled, &s.Version, &created, &p.EnrolmentID, &p.Attendance, &recorded); err != nil {
			return nil, fmt.Errorf("scan member session: %w", err)
		}
		s.StartsAt, s.CancelledAt, s.CreatedAt, p.RecordedAt = starts.Time, cancelled.Ptr(), created.Time, recorded.Ptr()
		s.Members = []continuum.Participant{p}
		out = append(out, s)
	}
	return out, rows.Err()
}
