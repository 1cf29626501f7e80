package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// A program's staff as its admin manages them: invitations by e-mail,
// titles, and removal.

var errStaffInviteNotValid = onward.NewError(onward.ENOTFOUND, "program.staff_invite_not_valid")

// StaffRosterEntry is one person on a program's staff, for its admin.
type StaffRosterEntry struct {
	UserID string
	Name   string
	Email  string
	Title  onward.StaffTitle
	Since  time.Time
}

// StaffRoster lists programID's staff by name, with their addresses.
func (s *Store) StaffRoster(ctx context.Context, programID string) ([]StaffRosterEntry, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.display_name, u.email, s.title, s.created_at
		FROM program_staff s JOIN users u ON u.id = s.user_id
		WHERE s.program_id = ? AND u.role IN ('clinician', 'program_admin') ORDER BY u.display_name, u.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("read staff roster: %w", err)
	}
	defer rows.Close()
	var out []StaffRosterEntry
	for rows.Next() {
		var e StaffRosterEntry
		var title string
		var since dbTime
		if err := rows.Scan(&e.UserID, &e.Name, &e.Email, &title, &since); err != nil {
			return nil, fmt.Errorf("scan staff roster: %w", err)
		}
		e.Title, e.Since = onward.StaffTitle(title), since.Time
		out = append(out, e)
	}
	return out, rows.Err()
}

// CreateStaffInvite records an invitation to programID's staff, valid for
// onward.StaffInviteTTL. An earlier pending invitation of the same address
// to the same program is withdrawn: only the newest link works.
func (tx *Tx) CreateStaffInvite(ctx context.Context, inv *onward.StaffInvite, tokenHash string) error {
	if _, err := tx.exec(ctx, `UPDATE staff_invites SET revoked_at = ?
		WHERE program_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL`,
		tx.t(tx.Now), inv.ProgramID, inv.Email); err != nil {
		return fmt.Errorf("withdraw earlier staff invitation: %w", err)
	}
	inv.ID, inv.CreatedAt, inv.ExpiresAt = newID(), tx.Now, tx.Now.Add(onward.StaffInviteTTL)
	_, err := tx.exec(ctx, `INSERT INTO staff_invites (id, program_id, email, title, token_hash, invited_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, inv.ProgramID, inv.Email, string(inv.Title), tokenHash, inv.InvitedBy,
		tx.t(inv.CreatedAt), tx.t(inv.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create staff invitation: %w", err)
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: inv.InvitedBy, SubjectID: inv.ProgramID, Category: onward.CategoryAccount,
		Action: "staff_invited", Allowed: true, Reason: "invitation " + inv.ID + " as " + string(inv.Title)})
}

// StaffInvitesSentSince counts the invitations programID sent since t, for
// the limit on e-mail a program can send. It takes the program's row
// first, so two invitations of one program never count at the same time.
func (tx *Tx) StaffInvitesSentSince(ctx context.Context, programID string, t time.Time) (int, error) {
	if err := tx.lockProgram(ctx, programID); err != nil {
		return 0, err
	}
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM staff_invites WHERE program_id = ? AND created_at > ?", programID, tx.t(t)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count staff invitations: %w", err)
	}
	return n, nil
}

const staffInviteColumns = `i.id, i.program_id, p.name, i.email, i.title, COALESCE(i.invited_by, ''), i.created_at, i.expires_at
	FROM staff_invites i JOIN programs p ON p.id = i.program_id`

func scanStaffInvite(row rowScanner) (*onward.StaffInvite, error) {
	var inv onward.StaffInvite
	var title string
	var created, expires dbTime
	if err := row.Scan(&inv.ID, &inv.ProgramID, &inv.ProgramName, &inv.Email, &title, &inv.InvitedBy, &created, &expires); err != nil {
		return nil, err
	}
	inv.Title, inv.CreatedAt, inv.ExpiresAt = onward.StaffTitle(title), created.Time, expires.Time
	return &inv, nil
}

// StaffInvite returns the invitation behind a token's hash while it can be
// accepted; otherwise ENOTFOUND, the same for unknown, used, withdrawn and
// expired links.
func (s *Store) StaffInvite(ctx context.Context, tokenHash string, now time.Time) (*onward.StaffInvite, error) {
	inv, err := scanStaffInvite(s.queryRow(ctx, "SELECT "+staffInviteColumns+`
		WHERE i.token_hash = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?`,
		tokenHash, s.dialect.timeValue(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errStaffInviteNotValid
	}
	if err != nil {
		return nil, fmt.Errorf("read staff invitation: %w", err)
	}
	return inv, nil
}

// PendingStaffInvites lists programID's invitations that can still be
// accepted, newest first.
func (s *Store) PendingStaffInvites(ctx context.Context, programID string, now time.Time) ([]onward.StaffInvite, error) {
	rows, err := s.query(ctx, "SELECT "+staffInviteColumns+`
		WHERE i.program_id = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?
		ORDER BY i.created_at DESC, i.id`, programID, s.dialect.timeValue(now))
	if err != nil {
		return nil, fmt.Errorf("read staff invitations: %w", err)
	}
	defer rows.Close()
	var out []onward.StaffInvite
	for rows.Next() {
		inv, err := scanStaffInvite(rows)
		if err != nil {
			return nil, fmt.Errorf("scan staff invitation: %w", err)
		}
		out = append(out, *inv)
	}
	return out, rows.Err()
}

// AcceptStaffInvite uses the invitation behind tokenHash, once, and puts
// userID on its program's staff with its title. The account's role must
// already be the title's.
func (tx *Tx) AcceptStaffInvite(ctx context.Context, tokenHash, userID string) (*onward.StaffInvite, error) {
	inv, err := scanStaffInvite(tx.queryRow(ctx, "SELECT "+staffInviteColumns+`
		WHERE i.token_hash = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?`,
		tokenHash, tx.t(tx.Now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errStaffInviteNotValid
	}
	if err != nil {
		return nil, fmt.Errorf("read staff invitation: %w", err)
	}
	res, err := tx.exec(ctx, "UPDATE staff_invites SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", tx.t(tx.Now), inv.ID)
	if err != nil {
		return nil, fmt.Errorf("accept staff invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, errStaffInviteNotValid
	}
	if err := tx.AddProgramStaff(ctx, inv.ProgramID, userID); err != nil {
		return nil, err
	}
	if err := tx.setStaffTitle(ctx, inv.ProgramID, userID, inv.Title); err != nil {
		return nil, err
	}
	return inv, tx.Audit(ctx, onward.AuditEntry{ActorID: userID, SubjectID: inv.ProgramID, Category: onward.CategoryAccount,
		Action: "staff_invite_accepted", Allowed: true, Reason: "invitation " + inv.ID})
}

// WithdrawStaffInvite stops programID's pending invitation id from working.
func (tx *Tx) WithdrawStaffInvite(ctx context.Context, actorID, programID, id string) error {
	if !isStoredID(id) {
		return errStaffInviteNotValid
	}
	res, err := tx.exec(ctx, `UPDATE staff_invites SET revoked_at = ?
		WHERE id = ? AND program_id = ? AND accepted_at IS NULL AND revoked_at IS NULL`, tx.t(tx.Now), id, programID)
	if err != nil {
		return fmt.Errorf("withdraw staff invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errStaffInviteNotValid
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: actorID, SubjectID: programID, Category: onward.CategoryAccount,
		Action: "staff_invite_withdrawn", Allowed: true, Reason: "invitation " + id})
}

// SetStaffTitle changes what userID does on programID's staff, and the
// account's role with it. The role is the account's, not the program's, so
// it changes only for someone who works for this program alone; and a
// program keeps at least one admin.
func (tx *Tx) SetStaffTitle(ctx context.Context, actorID, programID, userID string, title onward.StaffTitle) error {
	current, err := tx.staffTitle(ctx, programID, userID)
	if err != nil {
		return err
	}
	if current == title {
		return nil
	}
	if current == onward.TitleProgramAdmin {
		if err := tx.keepAnAdmin(ctx, programID); err != nil {
			return err
		}
	}
	if current.Role() != title.Role() {
		programs, err := tx.StaffProgramCount(ctx, userID)
		if err != nil {
			return err
		}
		if programs > 1 {
			return onward.Invalid("title", "program.staff_role_elsewhere")
		}
		if err := tx.updateUser(ctx, "role = ?", userID, string(title.Role())); err != nil {
			return err
		}
	}
	if err := tx.setStaffTitle(ctx, programID, userID, title); err != nil {
		return err
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: actorID, SubjectID: userID, Category: onward.CategoryAccount,
		Action: "staff_title_changed", Allowed: true, Reason: "program " + programID + ": " + string(current) + " to " + string(title)})
}

// RemoveProgramStaff takes userID off programID's staff and off the care
// team of every member of the program: from now on every access check
// refuses them this program's records. What they wrote stays, under their
// name. A program keeps at least one admin.
func (tx *Tx) RemoveProgramStaff(ctx context.Context, actorID, programID, userID string) error {
	current, err := tx.staffTitle(ctx, programID, userID)
	if err != nil {
		return err
	}
	if current == onward.TitleProgramAdmin {
		if err := tx.keepAnAdmin(ctx, programID); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM care_team WHERE staff_id = ?
		AND enrolment_id IN (SELECT id FROM enrolments WHERE program_id = ?)`, userID, programID); err != nil {
		return fmt.Errorf("remove from care teams: %w", err)
	}
	if _, err := tx.exec(ctx, "DELETE FROM program_staff WHERE program_id = ? AND user_id = ?", programID, userID); err != nil {
		return fmt.Errorf("remove program staff: %w", err)
	}
	return tx.Audit(ctx, onward.AuditEntry{ActorID: actorID, SubjectID: userID, Category: onward.CategoryAccount,
		Action: "program_staff_removed", Allowed: true, Reason: "staff of program " + programID})
}

// StaffProgramCount counts the programs userID is on the staff of.
func (tx *Tx) StaffProgramCount(ctx context.Context, userID string) (int, error) {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM program_staff WHERE user_id = ?", userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count staff programs: %w", err)
	}
	return n, nil
}

var errNotOnStaff = onward.NewError(onward.ENOTFOUND, "program.not_on_this_staff")

func (tx *Tx) staffTitle(ctx context.Context, programID, userID string) (onward.StaffTitle, error) {
	if !isStoredID(userID) {
		return "", errNotOnStaff
	}
	var title string
	err := tx.queryRow(ctx, "SELECT title FROM program_staff WHERE program_id = ? AND user_id = ?", programID, userID).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotOnStaff
	}
	if err != nil {
		return "", fmt.Errorf("read staff title: %w", err)
	}
	return onward.StaffTitle(title), nil
}

func (tx *Tx) setStaffTitle(ctx context.Context, programID, userID string, title onward.StaffTitle) error {
	if _, err := tx.exec(ctx, "UPDATE program_staff SET title = ? WHERE program_id = ? AND user_id = ?",
		string(title), programID, userID); err != nil {
		return fmt.Errorf("set staff title: %w", err)
	}
	return nil
}

// keepAnAdmin refuses a change that would leave programID with no admin
// to manage its staff: the caller is about to remove or demote one. It
// takes the program's row first, so two such changes never both count the
// same admins (on PostgreSQL writes run side by side).
func (tx *Tx) keepAnAdmin(ctx context.Context, programID string) error {
	if err := tx.lockProgram(ctx, programID); err != nil {
		return err
	}
	var admins int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM program_staff s JOIN users u ON u.id = s.user_id
		WHERE s.program_id = ? AND s.title = ? AND u.role = ?`, programID, string(onward.TitleProgramAdmin),
		string(onward.RoleProgramAdmin)).Scan(&admins); err != nil {
		return fmt.Errorf("count program admins: %w", err)
	}
	if admins < 2 {
		return onward.NewError(onward.ECONFLICT, "program.last_admin")
	}
	return nil
}

// lockProgram makes the other writes that take programID's row wait until
// this transaction ends: a count of the program's rows and the change that
// depends on it are then one step on PostgreSQL too, where writes run side
// by side (SQLite's one writer runs them one at a time already).
func (tx *Tx) lockProgram(ctx context.Context, programID string) error {
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM programs WHERE id = ?"+tx.dialect.forUpdate(), programID).Scan(&id); err != nil {
		return fmt.Errorf("lock program: %w", err)
	}
	return nil
}
