package app

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Treatment programs and their members: enrolment from invitation or
// request to discharge, and the care team of each member.

var (
	errNotProgramStaff = onward.NewError(onward.EFORBIDDEN, "directory.only_this_programs_staff_can_see_this")
	errNoConsent       = onward.NewError(onward.ECONFLICT, "program.consent_first")
)

// staffOf checks that staff works for programID now. A refusal is
// recorded, with the program as its subject: someone tried to reach a
// program's records without working there.
func (a *App) staffOf(ctx context.Context, staff *onward.User, programID string) error {
	if staff == nil {
		return errNotProgramStaff
	}
	ok := staff.Role.IsProgramStaff()
	if ok {
		var err error
		if ok, err = a.store.IsProgramStaff(ctx, programID, staff.ID); err != nil {
			return err
		}
	}
	if ok {
		return nil
	}
	// The id comes from an address: the refusal names it as text the
	// database can hold (PostgreSQL refuses NUL and invalid UTF-8).
	subject := strings.ToValidUTF8(strings.ReplaceAll(programID, "\x00", ""), "\uFFFD")
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.Audit(ctx, onward.AuditEntry{ActorID: staff.ID, SubjectID: subject, Category: onward.CategoryTreatment,
			Action: string(onward.ActionRead), Allowed: false, Reason: sqlstore.ReasonNotProgramStaff})
	})
	if err != nil {
		return err
	}
	return errNotProgramStaff
}

// enrolledMember returns, for staff of programID, one of its enrolments
// that has a member, and the member.
func (a *App) enrolledMember(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*onward.Enrolment, *onward.User, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, nil, err
	}
	e, err := a.store.Enrolment(ctx, programID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	if e.MemberID == "" {
		return nil, nil, onward.NewError(onward.ENOTFOUND, "program.enrolment_not_found")
	}
	member, err := a.store.UserByID(ctx, e.MemberID)
	return e, member, err
}

// StaffPrograms lists the programs staff works for.
func (a *App) StaffPrograms(ctx context.Context, staff *onward.User) ([]*sqlstore.Program, error) {
	return a.store.StaffPrograms(ctx, staff.ID)
}

// ProgramStaff lists programID's staff, for the people who work there.
func (a *App) ProgramStaff(ctx context.Context, staff *onward.User, programID string) ([]onward.StaffMember, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	return a.store.ProgramStaff(ctx, programID)
}

// maxInviteName bounds the name a program writes on an invitation.
const maxInviteName = 80

// InviteToEnrol creates a one-time invitation for a person to join
// programID and returns its code, to send as a link. The person reads the
// program's name on it, gives the program their consent, and joins.
func (a *App) InviteToEnrol(ctx context.Context, staff *onward.User, programID, name string) (string, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxInviteName || strings.ContainsAny(name, "\x00\r\n") {
		return "", onward.Invalid("name", "program.invite_name")
	}
	code := auth.NewToken("")
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.CreateEnrolmentInvite(ctx, programID, staff.ID, name, auth.HashToken(code)); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "enrolment_invited")
	})
	return code, err
}

// EnrolmentInvite returns the invitation behind a code, for its page.
func (a *App) EnrolmentInvite(ctx context.Context, code string) (*onward.Enrolment, error) {
	if code == "" || len(code) > 100 {
		return nil, onward.NewError(onward.ENOTFOUND, "program.invitation_not_valid")
	}
	return a.store.EnrolmentInvite(ctx, auth.HashToken(code))
}

// activeConsent returns the member's consent in force to programID, or nil.
func (a *App) activeConsent(ctx context.Context, member *onward.User, programID string) (*onward.ProgramConsent, error) {
	list, err := a.store.ProgramConsents(ctx, member.ID)
	if err != nil {
		return nil, err
	}
	now := a.now()
	for i := range list {
		if list[i].ProgramID == programID && list[i].ActiveAt(now) {
			return &list[i], nil
		}
	}
	return nil, nil
}

// HasConsentTo reports whether the member's consent to programID is in
// force, so an invitation or request can go ahead.
func (a *App) HasConsentTo(ctx context.Context, member *onward.User, programID string) (bool, error) {
	c, err := a.activeConsent(ctx, member, programID)
	return c != nil, err
}

// AcceptEnrolmentInvite enrols the member in the inviting program under
// the consent they gave it; without one in force it returns ECONFLICT
// (program.consent_first) and nothing changes.
func (a *App) AcceptEnrolmentInvite(ctx context.Context, member *onward.User, code string) (*onward.Enrolment, error) {
	inv, err := a.EnrolmentInvite(ctx, code)
	if err != nil {
		return nil, err
	}
	if member.Role != onward.RoleMember {
		return nil, onward.NewError(onward.EFORBIDDEN, "program.members_only")
	}
	consent, err := a.activeConsent(ctx, member, inv.ProgramID)
	if err != nil {
		return nil, err
	}
	if consent == nil {
		return nil, errNoConsent
	}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.AcceptEnrolmentInvite(ctx, auth.HashToken(code), member.ID, consent.ID); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, member.ID, member.ID, "enrolment_accepted")
	})
	if err != nil {
		return nil, err
	}
	return a.store.ActiveEnrolment(ctx, inv.ProgramID, member.ID)
}

// RequestEnrolment asks programID to take the member into its care, under
// the consent they gave it.
func (a *App) RequestEnrolment(ctx context.Context, member *onward.User, programID string) error {
	if member.Role != onward.RoleMember {
		return onward.NewError(onward.EFORBIDDEN, "program.members_only")
	}
	consent, err := a.activeConsent(ctx, member, programID)
	if err != nil {
		return err
	}
	if consent == nil {
		return errNoConsent
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.RequestEnrolment(ctx, programID, member.ID, consent.ID); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, member.ID, member.ID, "enrolment_requested")
	})
}

// ProgramOfEnrolment returns the program an enrolment belongs to, for
// someone on that program's staff.
func (a *App) ProgramOfEnrolment(ctx context.Context, staff *onward.User, enrolmentID string) (string, error) {
	programID, err := a.store.EnrolmentProgram(ctx, enrolmentID)
	if err != nil {
		return "", err
	}
	return programID, a.staffOf(ctx, staff, programID)
}

// MyEnrolments lists the member's enrolments, discharged ones included:
// they are the member's record too.
func (a *App) MyEnrolments(ctx context.Context, member *onward.User) ([]onward.Enrolment, error) {
	return a.store.EnrolmentsOfMember(ctx, member.ID)
}

// ProgramEnrolments lists programID's open requests and active
// enrolments, for its staff.
func (a *App) ProgramEnrolments(ctx context.Context, staff *onward.User, programID string) ([]onward.Enrolment, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	return a.store.ProgramEnrolments(ctx, programID, onward.EnrolmentRequested, onward.EnrolmentActive)
}

// AnswerEnrolmentRequest accepts or turns down a member's request.
func (a *App) AnswerEnrolmentRequest(ctx context.Context, staff *onward.User, programID, enrolmentID string, accept bool) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	to, event := onward.EnrolmentActive, "enrolment_request_accepted"
	if !accept {
		to, event = onward.EnrolmentDeclined, "enrolment_request_declined"
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetEnrolmentStatus(ctx, programID, enrolmentID, onward.EnrolmentRequested, to, ""); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, event)
	})
}

// SetCareTeam names the staff who care for an enrolled member: at least
// one, all on the program's staff.
func (a *App) SetCareTeam(ctx context.Context, staff *onward.User, programID, enrolmentID string, staffIDs []string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	staffIDs = slices.Compact(slices.Sorted(slices.Values(staffIDs)))
	if len(staffIDs) == 0 {
		return onward.Invalid("care_team", "program.care_team_empty")
	}
	if len(staffIDs) > 20 {
		return onward.Invalid("care_team", "program.care_team_too_large")
	}
	if _, err := a.store.Enrolment(ctx, programID, enrolmentID); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetCareTeam(ctx, programID, enrolmentID, staffIDs); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "care_team_set")
	})
}

// Discharge ends an enrolment with a reason. The record stays; a consent
// that lasts "until the end of treatment" ends with it, so the program's
// access ends; any other consent runs until its own date unless the
// member revokes it.
func (a *App) Discharge(ctx context.Context, staff *onward.User, programID, enrolmentID, reason string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if !onward.ValidDischargeReason(reason) {
		return onward.Invalid("reason", "program.discharge_reason")
	}
	e, err := a.store.Enrolment(ctx, programID, enrolmentID)
	if err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetEnrolmentStatus(ctx, programID, enrolmentID, onward.EnrolmentActive, onward.EnrolmentDischarged, reason); err != nil {
			return err
		}
		if err := tx.EndTreatmentConsents(ctx, programID, e.MemberID); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, e.MemberID, "discharged")
	})
}
