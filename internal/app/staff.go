package app

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program's staff, managed by its admins: invitations by e-mail (a
// one-time link), titles, removal; and the invited person's acceptance.

var errAdminsOnly = onward.NewError(onward.EFORBIDDEN, "program.staff_admins_only")

// Staff invitation e-mail is limited per program: an admin's account in
// the wrong hands must not become a way to mail the world.
const (
	maxStaffInvites    = 30
	staffInvitesWindow = 24 * time.Hour
)

var errTooManyStaffInvites = onward.NewError(onward.ETOOMANY, "program.too_many_staff_invites")

// adminOf checks that user is an admin of programID now; a refusal is
// recorded like staffOf's.
func (a *App) adminOf(ctx context.Context, user *onward.User, programID string) error {
	if err := a.staffOf(ctx, user, programID); err != nil {
		return err
	}
	if user.Role == onward.RoleProgramAdmin {
		return nil
	}
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.Audit(ctx, onward.AuditEntry{ActorID: user.ID, SubjectID: programID, Category: onward.CategoryAccount,
			Action: "manage_staff", Allowed: false, Reason: "not a program admin"})
	})
	if err != nil {
		return err
	}
	return errAdminsOnly
}

// StaffRoster is a program's staff and its pending invitations.
type StaffRoster struct {
	Staff   []sqlstore.StaffRosterEntry
	Invites []onward.StaffInvite
}

// Roster returns programID's staff and pending invitations, for an admin.
func (a *App) Roster(ctx context.Context, admin *onward.User, programID string) (*StaffRoster, error) {
	if err := a.adminOf(ctx, admin, programID); err != nil {
		return nil, err
	}
	staff, err := a.store.StaffRoster(ctx, programID)
	if err != nil {
		return nil, err
	}
	invites, err := a.store.PendingStaffInvites(ctx, programID, a.now())
	if err != nil {
		return nil, err
	}
	return &StaffRoster{Staff: staff, Invites: invites}, nil
}

// InviteStaff e-mails a one-time link to join programID's staff with
// title. The e-mail names the program and the instance, nothing about
// anyone in its care.
func (a *App) InviteStaff(ctx context.Context, admin *onward.User, programID, email string, title onward.StaffTitle) (*onward.StaffInvite, error) {
	if err := a.adminOf(ctx, admin, programID); err != nil {
		return nil, err
	}
	errs := onward.FieldErrors{}
	email = onward.NormalizeEmail(email)
	onward.ValidateEmail(errs, "email", email)
	if !title.Valid() {
		errs.Add("title", "program.choose_a_staff_title")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	token := auth.NewToken("")
	inv := &onward.StaffInvite{ProgramID: programID, Email: email, Title: title, InvitedBy: admin.ID}
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		sent, err := tx.StaffInvitesSentSince(ctx, programID, tx.Now.Add(-staffInvitesWindow))
		if err != nil {
			return err
		}
		if sent >= maxStaffInvites {
			return errTooManyStaffInvites
		}
		return tx.CreateStaffInvite(ctx, inv, auth.HashToken(token))
	})
	if err != nil {
		return nil, err
	}
	program, err := a.store.ProgramByID(ctx, programID)
	if err != nil {
		return nil, err
	}
	inv.ProgramName = program.Name
	words := locale.Default().For(admin.Locale)
	msg := notify.Email{
		To:      email,
		Subject: words.T("program.staff_invite_subject", "Program", program.Name),
		Body: words.T("program.staff_invite_body", "Name", admin.DisplayName, "Program", program.Name,
			"Title", words.Label("stafftitle", string(title)), "Link", a.baseURL+"/staff-invite/"+token, "Days", int(onward.StaffInviteTTL.Hours()/24)),
	}
	if err := a.mailer.Send(ctx, msg); err != nil {
		return nil, fmt.Errorf("send staff invitation: %w", err)
	}
	return inv, nil
}

// WithdrawStaffInvite stops a pending invitation of programID.
func (a *App) WithdrawStaffInvite(ctx context.Context, admin *onward.User, programID, inviteID string) error {
	if err := a.adminOf(ctx, admin, programID); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.WithdrawStaffInvite(ctx, admin.ID, programID, inviteID) })
}

// SetStaffTitle changes what someone does on programID's staff.
func (a *App) SetStaffTitle(ctx context.Context, admin *onward.User, programID, userID string, title onward.StaffTitle) error {
	if err := a.adminOf(ctx, admin, programID); err != nil {
		return err
	}
	if !title.Valid() {
		return onward.Invalid("title", "program.choose_a_staff_title")
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SetStaffTitle(ctx, admin.ID, programID, userID, title) })
}

// RemoveStaff takes someone off programID's staff; their access to the
// program's records ends at once.
func (a *App) RemoveStaff(ctx context.Context, admin *onward.User, programID, userID string) error {
	if err := a.adminOf(ctx, admin, programID); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RemoveProgramStaff(ctx, admin.ID, programID, userID) })
}

// StaffInvite returns the invitation behind a link's token while it can
// be accepted.
func (a *App) StaffInvite(ctx context.Context, token string) (*onward.StaffInvite, error) {
	if token == "" || len(token) > 100 {
		return nil, onward.NewError(onward.ENOTFOUND, "program.staff_invite_not_valid")
	}
	return a.store.StaffInvite(ctx, auth.HashToken(token), a.now())
}

// AcceptStaffInvite puts user, signed in, on the inviting program's staff.
// The invitation was sent to one address: only the account with that
// address can accept it, and only a staff account (a member's or a
// supporter's account stays what it is; staff use an account of their
// own). An account whose role differs from the title's takes the title's
// role only if it works for no other program.
func (a *App) AcceptStaffInvite(ctx context.Context, user *onward.User, token string) (*onward.StaffInvite, error) {
	inv, err := a.StaffInvite(ctx, token)
	if err != nil {
		return nil, err
	}
	if onward.NormalizeEmail(user.Email) != inv.Email {
		return nil, onward.NewError(onward.EFORBIDDEN, "program.staff_invite_other_address")
	}
	if !user.Role.IsProgramStaff() {
		return nil, onward.NewError(onward.ECONFLICT, "program.staff_invite_not_a_staff_account")
	}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if user.Role != inv.Title.Role() {
			programs, err := tx.StaffProgramCount(ctx, user.ID)
			if err != nil {
				return err
			}
			if programs > 0 {
				return onward.NewError(onward.ECONFLICT, "program.staff_role_elsewhere")
			}
			if err := tx.SetRole(ctx, user.ID, inv.Title.Role()); err != nil {
				return err
			}
		}
		_, err := tx.AcceptStaffInvite(ctx, auth.HashToken(token), user.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	user.Role = inv.Title.Role()
	return inv, nil
}
