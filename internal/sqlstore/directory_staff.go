package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/onward-recovery/onward"
)

// StaffRoles are the roles that can be on a program's staff.
var StaffRoles = []onward.Role{onward.RoleProgramAdmin, onward.RoleClinician}

// Audit reasons for decisions about a program's own data.
const (
	ReasonProgramStaff    = "program staff"
	ReasonNotProgramStaff = "not on the program's staff"
)

// AddProgramStaff puts an account on a program's staff. Only program
// admins and clinicians can be; adding someone twice changes nothing.
func (tx *Tx) AddProgramStaff(ctx context.Context, programID, userID string) error {
	if !isStoredID(programID) || !isStoredID(userID) {
		return onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program_or")
	}
	var role string
	err := tx.queryRow(ctx, "SELECT role FROM users WHERE id = ?", userID).Scan(&role)
	if err != nil {
		return onward.NewError(onward.ENOTFOUND, "common.no_such_account")
	}
	if !slices.Contains(StaffRoles, onward.Role(role)) {
		return onward.NewError(onward.EINVALID, "directory.only_program_admins_and_clinicians_can")
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM program_staff WHERE program_id = ? AND user_id = ?", programID, userID).Scan(&n); err != nil {
		return fmt.Errorf("read program staff: %w", err)
	}
	if n > 0 {
		return nil
	}
	title := onward.TitleClinician
	if onward.Role(role) == onward.RoleProgramAdmin {
		title = onward.TitleProgramAdmin
	}
	if _, err := tx.exec(ctx, "INSERT INTO program_staff (program_id, user_id, title, created_at) VALUES (?, ?, ?, ?)",
		programID, userID, string(title), tx.t(tx.Now)); err != nil {
		return fmt.Errorf("add program staff: %w", err)
	}
	return tx.Audit(ctx, onward.AuditEntry{SubjectID: userID, Category: onward.CategoryAccount,
		Action: "program_staff_added", Allowed: true, Reason: "staff of program " + programID})
}

// StaffPrograms lists the programs an account is on the staff of, by name.
func (s *Store) StaffPrograms(ctx context.Context, userID string) ([]*Program, error) {
	return s.queryPrograms(ctx, "SELECT "+programColumns+` FROM programs
		WHERE id IN (SELECT program_id FROM program_staff WHERE user_id = ?) ORDER BY name, id`, userID)
}

// StaffAccess is Access for a program's own data (its admission requests
// and its listing): it runs fn only when viewer is on the program's staff
// with a staff role, and writes the decision to the audit log, all in one
// transaction. A refusal is recorded and committed, then returned as
// EFORBIDDEN. Membership is a fact in the database, so this decision lives
// here rather than in the policy package, which decides on consent.
func (s *Store) StaffAccess(ctx context.Context, viewer onward.Principal, programID string, action onward.Action, fn func(*Tx) error) error {
	if !isStoredID(programID) {
		return onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")
	}
	denied := false
	err := s.Write(ctx, func(tx *Tx) error {
		allowed := false
		if !viewer.Visitor() && slices.Contains(StaffRoles, viewer.Role) {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM program_staff s JOIN users u ON u.id = s.user_id
				WHERE s.program_id = ? AND s.user_id = ? AND u.role = ?`, programID, viewer.UserID, string(viewer.Role)).Scan(&n); err != nil {
				return fmt.Errorf("check program staff: %w", err)
			}
			allowed = n > 0
		}
		reason := ReasonNotProgramStaff
		if allowed {
			reason = ReasonProgramStaff
		}
		if err := tx.Audit(ctx, onward.AuditEntry{ActorID: viewer.UserID, SubjectID: programID,
			Category: onward.CategoryTreatment, Action: string(action), Allowed: allowed, Reason: reason}); err != nil {
			return err
		}
		if !allowed {
			denied = true
			return nil
		}
		return fn(tx)
	})
	if err != nil {
		return err
	}
	if denied {
		return onward.NewError(onward.EFORBIDDEN, "directory.only_this_programs_staff_can_see_this")
	}
	return nil
}
