package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A person's own account: signing up, the password, name, address, time
// zone and language, and deleting it all. Nothing here says whether an
// address has an account: sign-up and the password reset answer the same
// for every address, at once, and do the rest in the background, by email.

const (
	signUpLinkTTL      = 24 * time.Hour
	resetLinkTTL       = time.Hour
	emailChangeLinkTTL = 24 * time.Hour
	deletionConfirmTTL = 10 * time.Minute

	// Email one address gets from Onward about its account (sign-up links
	// and notices, reset links), at most per hour: a form anyone can fill
	// in must not become a way to flood someone's inbox.
	mailWindow     = time.Hour
	maxMailPerHour = 5
)

// SignUpInput is what a new member gives.
type SignUpInput struct {
	Email, Password, DisplayName, TimeZone, Locale string
	Next                                           string // a same-site path to go on to once the address is confirmed
	// InRecovery is said by someone signing up through a support
	// invitation who is in recovery themselves (see signUpRole).
	InRecovery bool
}

// Normalize trims the input and fills in defaults.
func (in *SignUpInput) Normalize() {
	in.Email = onward.NormalizeEmail(in.Email)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	if !onward.ValidLocale(in.Locale) {
		in.Locale = "en"
	}
}

// Validate reports every problem of the input at once.
func (in SignUpInput) Validate() error {
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", in.Email)
	onward.ValidatePassword(errs, "password", in.Password, in.Email)
	onward.ValidateDisplayName(errs, "display_name", in.DisplayName)
	onward.ValidateTimeZone(errs, "timezone", in.TimeZone, time.LoadLocation)
	return errs.Err()
}

// SignUp starts a member account: it checks the input and answers at once,
// the same for every address. In the background, a new address gets a
// link that makes the account; an address that has an account gets a
// notice instead (with a way to sign in or reset the password). The
// account's role is decided here (signUpRole).
func (a *App) SignUp(ctx context.Context, in SignUpInput) error {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return a.inBackground("sign-up", func(ctx context.Context) error {
		if ok, err := a.mayMail(ctx, in.Email); err != nil || !ok {
			return err
		}
		existing, err := a.store.UserByEmail(ctx, in.Email)
		switch {
		case err == nil:
			return a.mailTo(ctx, existing.Email, existing.Locale, "accounts.about_your_onward_account", "accounts.someone_tried_to_create_an_account_with",
				"SignIn", a.link("/signin"), "Reset", a.link("/password/forgot"))
		case onward.ErrorCode(err) != onward.ENOTFOUND:
			return err
		}
		hash, err := a.hasher.Hash(ctx, in.Password)
		if err != nil {
			return fmt.Errorf("hash password: %w", err)
		}
		role, err := a.signUpRole(ctx, in)
		if err != nil {
			return err
		}
		token := auth.NewToken("")
		p := onward.PendingSignUp{Email: in.Email, DisplayName: in.DisplayName, PasswordHash: hash, Locale: in.Locale, TimeZone: in.TimeZone,
			Next: in.Next, Role: role}
		if err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
			return tx.CreatePendingSignUp(ctx, p, auth.HashToken(token), signUpLinkTTL)
		}); err != nil {
			return err
		}
		return a.mailTo(ctx, in.Email, in.Locale, "accounts.confirm_your_email_for_onward", "accounts.follow_this_link_to_finish_creating_your",
			"Link", a.link("/signup/confirm/"+token))
	})
}

// Paths a sign-up may come from that decide its role.
const (
	supportInvitationPath = "/invite/"
	staffInvitationPath   = "/staff-invite/"
)

// signUpRole is the role a sign-up makes. Sign-up makes a member, other
// roles being given by an operator or a program, with two exceptions an
// invitation makes: someone who came from a support invitation and is not
// in recovery themselves is a supporter, and someone who came from a
// program's staff invitation sent to this very address takes the invited
// title's role (following the link sent there proves the address).
func (a *App) signUpRole(ctx context.Context, in SignUpInput) (onward.Role, error) {
	if code, ok := strings.CutPrefix(in.Next, supportInvitationPath); ok && !in.InRecovery {
		_, err := a.Invitation(ctx, nil, code)
		switch onward.ErrorCode(err) {
		case "":
			return onward.RoleSupporter, nil
		case onward.EINTERNAL:
			return "", err
		}
	}
	if token, ok := strings.CutPrefix(in.Next, staffInvitationPath); ok {
		inv, err := a.StaffInvite(ctx, token)
		switch {
		case err == nil && inv.Email == in.Email:
			return inv.Title.Role(), nil
		case onward.ErrorCode(err) == onward.EINTERNAL:
			return "", err
		}
	}
	return onward.RoleMember, nil
}

// mayMail counts one account email to an address and reports whether it
// is within the hourly limit.
func (a *App) mayMail(ctx context.Context, email string) (bool, error) {
	return a.store.ClaimAttempt(ctx, mailWindow, sqlstore.AttemptLimit{Key: "mail:" + auth.HashToken(email), Max: maxMailPerHour})
}

// SignUpLink checks that a sign-up link is valid (unused, not expired).
func (a *App) SignUpLink(ctx context.Context, token string) error {
	_, err := a.store.PendingSignUp(ctx, auth.HashToken(token))
	return err
}

// ConfirmSignUp makes the account of a sign-up whose link was followed and
// returns it with the path the person was on their way to.
func (a *App) ConfirmSignUp(ctx context.Context, token string) (*onward.User, string, error) {
	var u *onward.User
	var next string
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		p, err := tx.TakePendingSignUp(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		role := p.Role
		if !role.Valid() {
			role = onward.RoleMember
		}
		u = &onward.User{Email: p.Email, DisplayName: p.DisplayName, Role: role, Locale: p.Locale, TimeZone: p.TimeZone}
		next = p.Next
		err = tx.CreateUser(ctx, u, p.PasswordHash)
		if onward.ErrorCode(err) == onward.ECONFLICT {
			// Made meanwhile through another link: this one is spent.
			return onward.NewError(onward.EINVALID, "accounts.this_link_has_expired_or_was_used")
		}
		if err != nil || !role.IsProgramStaff() {
			return err
		}
		// A staff sign-up joins the program that invited it now; an
		// invitation withdrawn or expired meanwhile leaves a member's
		// account, as any other sign-up.
		token, _ := strings.CutPrefix(p.Next, staffInvitationPath)
		_, err = tx.AcceptStaffInvite(ctx, auth.HashToken(token), u.ID)
		if onward.ErrorCode(err) == onward.ENOTFOUND {
			u.Role = onward.RoleMember
			return tx.SetRole(ctx, u.ID, onward.RoleMember)
		}
		if err == nil {
			next = ""
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return u, next, nil
}

// RequestPasswordReset checks the address and answers at once, the same
// for every address; in the background, an address with an account gets a
// one-time link.
func (a *App) RequestPasswordReset(ctx context.Context, email string) error {
	email = onward.NormalizeEmail(email)
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", email)
	if err := errs.Err(); err != nil {
		return err
	}
	return a.inBackground("password reset", func(ctx context.Context) error {
		u, err := a.store.UserByEmail(ctx, email)
		if onward.ErrorCode(err) == onward.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if ok, err := a.mayMail(ctx, email); err != nil || !ok {
			return err
		}
		token := auth.NewToken("")
		if err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
			return tx.CreatePasswordReset(ctx, u.ID, auth.HashToken(token), resetLinkTTL)
		}); err != nil {
			return err
		}
		return a.mailTo(ctx, u.Email, u.Locale, "common.your_onward_password_reset_link", "common.someone_asked_to_reset_the_password_of",
			"Link", a.link("/password/reset/"+token))
	})
}

// PasswordResetLink checks that a reset link is valid.
func (a *App) PasswordResetLink(ctx context.Context, token string) error {
	_, err := a.store.PasswordResetUser(ctx, auth.HashToken(token))
	return err
}

// ResetPassword sets a new password through a reset link, once. Every
// session and API token of the account ends.
func (a *App) ResetPassword(ctx context.Context, token, password, confirm string) error {
	userID, err := a.store.PasswordResetUser(ctx, auth.HashToken(token))
	if err != nil {
		return err
	}
	u, err := a.store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := newPasswordErrors(u, password, confirm, "password", "confirm"); err != nil {
		return err
	}
	hash, err := a.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.ConsumePasswordReset(ctx, auth.HashToken(token)); err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		// The person proved they own the address: let them sign in again now.
		return tx.ClearAttempts(ctx, accountKey(u.Email))
	})
}

func newPasswordErrors(u *onward.User, password, confirm, field, confirmField string) error {
	errs := onward.FieldErrors{}
	onward.ValidatePassword(errs, field, password, u.Email)
	if password != confirm {
		errs.Add(confirmField, "common.the_two_passwords_are_not_the_same")
	}
	return errs.Err()
}

// PasswordChange is the account page's form.
type PasswordChange struct{ Current, New, Confirm string }

// ChangePassword replaces u's password once the current one is confirmed.
// Every session and API token of the account ends, the one making the
// change too: the caller signs this browser in again.
func (a *App) ChangePassword(ctx context.Context, u *onward.User, c PasswordChange, ip string) error {
	if err := a.confirmPassword(ctx, u, c.Current, ip, "current_password"); err != nil {
		return err
	}
	if err := newPasswordErrors(u, c.New, c.Confirm, "new_password", "confirm_password"); err != nil {
		return err
	}
	hash, err := a.hasher.Hash(ctx, c.New)
	if err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SetPassword(ctx, u.ID, hash) })
}

// ChangeProfile changes the name u shows and the time zone their days
// follow.
func (a *App) ChangeProfile(ctx context.Context, u *onward.User, name, timeZone string) error {
	name, timeZone = strings.TrimSpace(name), strings.TrimSpace(timeZone)
	errs := onward.FieldErrors{}
	onward.ValidateDisplayName(errs, "display_name", name)
	onward.ValidateTimeZone(errs, "timezone", timeZone, time.LoadLocation)
	if err := errs.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if name != u.DisplayName {
			if err := tx.SetDisplayName(ctx, u.ID, name); err != nil {
				return err
			}
		}
		if timeZone != u.TimeZone {
			return tx.SetTimeZone(ctx, u.ID, timeZone)
		}
		return nil
	})
}

// RequestEmailChange sends a link to a new address once u's password is
// confirmed; the address is used once the link is followed. An address
// that has an account gets a notice instead, so the answer is the same.
func (a *App) RequestEmailChange(ctx context.Context, u *onward.User, newEmail, password, ip string) error {
	newEmail = onward.NormalizeEmail(newEmail)
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", newEmail)
	if newEmail == u.Email {
		errs.Add("email", "accounts.that_is_already_your_email_address")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if err := a.confirmPassword(ctx, u, password, ip, "email_password"); err != nil {
		return err
	}
	return a.inBackground("email change", func(ctx context.Context) error {
		if ok, err := a.mayMail(ctx, newEmail); err != nil || !ok {
			return err
		}
		_, err := a.store.UserByEmail(ctx, newEmail)
		switch {
		case err == nil:
			return a.mailTo(ctx, newEmail, u.Locale, "accounts.about_your_onward_account", "accounts.someone_asked_to_move_an_onward_account")
		case onward.ErrorCode(err) != onward.ENOTFOUND:
			return err
		}
		token := auth.NewToken("")
		if err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
			return tx.CreateEmailChange(ctx, u.ID, newEmail, auth.HashToken(token), emailChangeLinkTTL)
		}); err != nil {
			return err
		}
		return a.mailTo(ctx, newEmail, u.Locale, "accounts.confirm_your_new_email_for_onward", "accounts.follow_this_link_to_use_this_address",
			"Link", a.link("/account/email/confirm/"+token))
	})
}

// EmailChangeLink returns the new address of a valid address-change link.
func (a *App) EmailChangeLink(ctx context.Context, token string) (string, error) {
	_, email, err := a.store.EmailChange(ctx, auth.HashToken(token))
	return email, err
}

// ConfirmEmailChange moves the account to the address its link was sent
// to, and tells the old address.
func (a *App) ConfirmEmailChange(ctx context.Context, token string) error {
	var u *onward.User
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		userID, email, err := tx.TakeEmailChange(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if u, err = a.store.UserByID(ctx, userID); err != nil {
			return err
		}
		if err := tx.SetEmail(ctx, userID, email); err != nil {
			return err
		}
		return tx.ClearAttempts(ctx, accountKey(u.Email))
	})
	if err != nil {
		return err
	}
	return a.inBackground("email change notice", func(ctx context.Context) error {
		return a.mailTo(ctx, u.Email, u.Locale, "accounts.about_your_onward_account", "accounts.the_email_address_of_your_onward_account",
			"Reset", a.link("/password/forgot"))
	})
}

// SetLanguage stores the language u reads Onward in.
func (a *App) SetLanguage(ctx context.Context, u *onward.User, lang string) error {
	if !onward.ValidLocale(lang) {
		return onward.NewError(onward.EINVALID, "common.choose_a_listed_language")
	}
	if u == nil || u.Locale == lang {
		return nil
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SetLocale(ctx, u.ID, lang) })
}

// Deleting an account takes two steps: the password, then a confirmation
// on a page of its own. The confirmation is sealed (bound to the account,
// good for a few minutes), so nothing is stored between the steps.

func deletionPurpose(userID string) string { return "delete:" + userID }

// ConfirmDeletion checks u's password, the first step of deleting the
// account, and returns the confirmation the second step sends back.
func (a *App) ConfirmDeletion(ctx context.Context, u *onward.User, password, ip string) (string, error) {
	if err := a.confirmPassword(ctx, u, password, ip, "password"); err != nil {
		return "", err
	}
	until := a.now().Add(deletionConfirmTTL).Unix()
	return a.secrets.Seal(strconv.FormatInt(until, 10), deletionPurpose(u.ID)), nil
}

var errDeletionNotConfirmed = onward.NewError(onward.EINVALID, "accounts.that_confirmation_has_expired_start_again")

// DeleteAccount removes u's account and, through the store, everything
// that hangs off it, given the confirmation of ConfirmDeletion. The sign-in
// counters of its address go too.
func (a *App) DeleteAccount(ctx context.Context, u *onward.User, confirmation string) error {
	until, err := a.secrets.Open(confirmation, deletionPurpose(u.ID))
	if err != nil {
		return errDeletionNotConfirmed
	}
	if t, err := strconv.ParseInt(until, 10, 64); err != nil || a.now().Unix() > t {
		return errDeletionNotConfirmed
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.DeleteUser(ctx, u.ID); err != nil {
			return err
		}
		return tx.ClearAttempts(ctx, accountKey(u.Email), "mail:"+auth.HashToken(u.Email))
	})
}
