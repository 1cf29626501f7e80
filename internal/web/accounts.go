package web

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The account logic shared by the pages and the API.

// Sign-in limits: a few guesses per account, more per address (a shared
// clinic or phone network), over a sliding window.
const (
	failureWindow   = 15 * time.Minute
	maxFailsByEmail = 5
	maxFailsByIP    = 30
	resetLinkTTL    = time.Hour
)

var errTooManySignIns = onward.NewError(onward.ETOOMANY,
	"common.too_many_sign_in_attempts_wait_15")

// signupInput is what a new member gives. Supporter is set for someone
// signing up through an invitation who is not in recovery themselves.
type signupInput struct {
	Email, Password, DisplayName, TimeZone, Locale string
	Supporter                                      bool
}

func (in *signupInput) normalize() {
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

func (in signupInput) validate() error {
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", in.Email)
	onward.ValidatePassword(errs, "password", in.Password, in.Email)
	onward.ValidateDisplayName(errs, "display_name", in.DisplayName)
	onward.ValidateTimeZone(errs, "timezone", in.TimeZone, time.LoadLocation)
	return errs.Err()
}

// registerMember creates a member account, or a supporter's when
// in.Supporter: other roles are given by an operator or a program.
func (s *Server) registerMember(ctx context.Context, in signupInput) (*onward.User, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	role := onward.RoleMember
	if in.Supporter {
		role = onward.RoleSupporter
	}
	u := &onward.User{Email: in.Email, DisplayName: in.DisplayName, Role: role, Locale: in.Locale, TimeZone: in.TimeZone}
	if err := s.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateUser(ctx, u, hash) }); err != nil {
		return nil, err
	}
	return u, nil
}

// checkCredentials returns the account for email and password, counting
// failures against the account and the address and refusing once either
// has failed too often. The message never says which part was wrong.
func (s *Server) checkCredentials(ctx context.Context, email, password, ip string) (*onward.User, error) {
	email = onward.NormalizeEmail(email)
	if email == "" || password == "" {
		errs := onward.FieldErrors{}
		if email == "" {
			errs.Add("email", "common.enter_your_email_address")
		}
		if password == "" {
			errs.Add("password", "common.enter_your_password")
		}
		return nil, errs.Err()
	}
	if err := s.checkSignInLimit(ctx, email, ip); err != nil {
		return nil, err
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && onward.ErrorCode(err) != onward.ENOTFOUND {
		return nil, err
	}
	ok := false
	if u != nil {
		hash, err := s.store.PasswordHash(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if ok, err = s.hasher.Check(ctx, password, hash); err != nil {
			return nil, fmt.Errorf("check password: %w", err)
		}
	} else {
		// Spend the same time as a real check, so response time does not
		// tell whether an account exists.
		s.hasher.Hash(ctx, password)
	}
	if !ok {
		if err := s.store.RecordLoginFailure(ctx, email, ip); err != nil {
			return nil, err
		}
		return nil, onward.NewError(onward.EUNAUTHORIZED, "common.that_email_and_password_do_not_match")
	}
	if err := s.store.ClearLoginFailures(ctx, email); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) checkSignInLimit(ctx context.Context, email, ip string) error {
	byEmail, byIP, err := s.store.LoginFailures(ctx, email, ip, s.now().Add(-failureWindow))
	if err != nil {
		return err
	}
	if byEmail >= maxFailsByEmail || byIP >= maxFailsByIP {
		return errTooManySignIns
	}
	return nil
}

// checkTOTP verifies a code for u and records its time step so it cannot
// be used again. A wrong code counts as a failed sign-in.
func (s *Server) checkTOTP(ctx context.Context, u *onward.User, secret, code, ip string) error {
	if err := s.checkSignInLimit(ctx, u.Email, ip); err != nil {
		return err
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	step, ok := auth.TOTPStep(code, secret, s.now())
	if ok {
		err := s.store.Write(ctx, func(tx *sqlstore.Tx) error {
			var fresh bool
			var err error
			fresh, err = tx.UseTOTPStep(ctx, u.ID, step)
			ok = fresh
			return err
		})
		if err != nil {
			return err
		}
	}
	if !ok {
		if err := s.store.RecordLoginFailure(ctx, u.Email, ip); err != nil {
			return err
		}
		return &onward.Error{Code: onward.EUNAUTHORIZED, Message: "common.that_code_is_not_right_codes_change",
			Fields: onward.FieldErrors{"code": i18n.M("common.that_code_is_not_right_enter_the")}}
	}
	return nil
}

// sendPasswordReset emails a one-time link when the address has an
// account, and does nothing visible otherwise, so the form does not reveal
// who has an account.
func (s *Server) sendPasswordReset(ctx context.Context, email string) error {
	email = onward.NormalizeEmail(email)
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", email)
	if err := errs.Err(); err != nil {
		return err
	}
	u, err := s.store.UserByEmail(ctx, email)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	token := auth.NewToken("")
	if err := s.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreatePasswordReset(ctx, u.ID, auth.HashToken(token), resetLinkTTL)
	}); err != nil {
		return err
	}
	link := s.cfg.BaseURL + "/password/reset/" + token
	msg := notify.Email{
		To:      u.Email,
		Subject: translate(u.Locale, "common.your_onward_password_reset_link"),
		Body:    translate(u.Locale, "common.someone_asked_to_reset_the_password_of", "Link", link),
	}
	if err := s.mailer.Send(ctx, msg); err != nil {
		return fmt.Errorf("send reset email: %w", err)
	}
	return nil
}

// resetPassword sets a new password through a reset link, once.
func (s *Server) resetPassword(ctx context.Context, token, password string) (*onward.User, error) {
	userID, err := s.store.PasswordResetUser(ctx, auth.HashToken(token))
	if err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	errs := onward.FieldErrors{}
	onward.ValidatePassword(errs, "password", password, u.Email)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	err = s.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.ConsumePasswordReset(ctx, auth.HashToken(token)); err != nil {
			return err
		}
		return tx.SetPassword(ctx, u.ID, hash, "")
	})
	if err != nil {
		return nil, err
	}
	// The person proved they own the address: let them sign in again now.
	if err := s.store.ClearLoginFailures(ctx, u.Email); err != nil {
		return nil, err
	}
	return u, nil
}
