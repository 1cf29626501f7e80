package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Signing in: a password, then a two-step code when the account has one.
// Every guess (a password, a code, a password typed again to confirm a
// change) is counted against the account's address and the client's
// address before it is checked, so guesses over the limit are refused
// before any hashing, however many arrive at once; a guess that proves
// right is given back, and a completed sign-in clears the account's count.

// Limits: a few guesses per account, more per client address (a shared
// clinic or phone network), over a window.
const (
	SignInWindow         = 15 * time.Minute
	MaxGuessesPerAccount = 5
	maxGuessesPerClient  = 30
)

var errTooManyGuesses = onward.NewError(onward.ETOOMANY, "common.too_many_sign_in_attempts_wait_15")

// accountKey and clientKey name the counters of an address and a client.
// They are hashed: the table of counters holds no email addresses.
func accountKey(email string) string { return "account:" + auth.HashToken(email) }
func clientKey(ip string) string     { return "client:" + auth.HashToken(ip) }

// guess is one counted guess at an account's secret from a client.
type guess struct {
	a     *App
	email string
	ip    string
}

// claimGuess counts a guess, or refuses it when the account or the client
// has guessed too often.
func (a *App) claimGuess(ctx context.Context, email, ip string) (*guess, error) {
	ok, err := a.store.ClaimAttempt(ctx, SignInWindow,
		sqlstore.AttemptLimit{Key: accountKey(email), Max: MaxGuessesPerAccount},
		sqlstore.AttemptLimit{Key: clientKey(ip), Max: maxGuessesPerClient})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errTooManyGuesses
	}
	return &guess{a: a, email: email, ip: ip}, nil
}

// right gives the guess back: it was not a failure, but the account's
// earlier failures stand (a right password before a wrong code).
func (g *guess) right(ctx context.Context) error {
	if err := g.a.store.ReleaseAttempt(ctx, accountKey(g.email)); err != nil {
		return err
	}
	return g.a.store.ReleaseAttempt(ctx, clientKey(g.ip))
}

// proved ends the account's count: the person proved who they are.
func (g *guess) proved(ctx context.Context) error {
	if err := g.a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.ClearAttempts(ctx, accountKey(g.email)) }); err != nil {
		return err
	}
	return g.a.store.ReleaseAttempt(ctx, clientKey(g.ip))
}

var errWrongPassword = onward.NewError(onward.EUNAUTHORIZED, "common.that_email_and_password_do_not_match")

// checkPassword checks a counted guess at u's password (u nil: no such
// account, and the same time is spent).
func (a *App) checkPassword(ctx context.Context, u *onward.User, password string) (bool, error) {
	if u == nil {
		// Spend the time of a real check, so timing does not tell whether
		// an account exists.
		_, err := a.hasher.Hash(ctx, password)
		return false, err
	}
	hash, err := a.store.PasswordHash(ctx, u.ID)
	if err != nil {
		return false, err
	}
	ok, err := a.hasher.Check(ctx, password, hash)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	return ok, nil
}

// passwordStep counts and checks a password; it returns the account and
// the guess, still counted, when the password is right.
func (a *App) passwordStep(ctx context.Context, email, password, ip string) (*onward.User, *guess, error) {
	email = onward.NormalizeEmail(email)
	if email == "" || password == "" {
		errs := onward.FieldErrors{}
		if email == "" {
			errs.Add("email", "common.enter_your_email_address")
		}
		if password == "" {
			errs.Add("password", "common.enter_your_password")
		}
		return nil, nil, errs.Err()
	}
	if len(password) > onward.MaxPasswordLength || len(email) > onward.MaxEmailLength {
		return nil, nil, errWrongPassword
	}
	g, err := a.claimGuess(ctx, email, ip)
	if err != nil {
		return nil, nil, err
	}
	u, err := a.store.UserByEmail(ctx, email)
	if err != nil && onward.ErrorCode(err) != onward.ENOTFOUND {
		return nil, nil, err
	}
	ok, err := a.checkPassword(ctx, u, password)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errWrongPassword
	}
	return u, g, nil
}

// SignIn checks an email and password and says what comes next: signed
// in (onward.SessionActive), a two-step code, or setting two-step sign-in
// up first (a role that requires it). The answer never says which of
// email and password was wrong.
func (a *App) SignIn(ctx context.Context, email, password, ip string) (*onward.User, onward.SessionStage, error) {
	u, g, err := a.passwordStep(ctx, email, password, ip)
	if err != nil {
		return nil, "", err
	}
	stage := onward.SessionActive
	switch {
	case u.TwoFactorEnabled():
		stage = onward.SessionNeedsCode
	case u.Role.RequiresTwoFactor():
		stage = onward.SessionNeedsEnrol
	}
	if stage == onward.SessionNeedsCode {
		err = g.right(ctx)
	} else {
		err = g.proved(ctx)
	}
	return u, stage, err
}

var errCodeRequired = &onward.Error{Code: onward.EUNAUTHORIZED, Message: "api.totp_required",
	Fields: onward.FieldErrors{"totp": i18n.M("api.field_required")}}

// SignInWithCode checks an email, password and (when the account has
// two-step sign-in) code at once, as one guess: the API's way in.
func (a *App) SignInWithCode(ctx context.Context, email, password, code, ip string) (*onward.User, error) {
	u, g, err := a.passwordStep(ctx, email, password, ip)
	if err != nil {
		return nil, err
	}
	switch {
	case u.TwoFactorEnabled() && strings.TrimSpace(code) == "":
		if err := g.right(ctx); err != nil {
			return nil, err
		}
		return nil, errCodeRequired
	case u.TwoFactorEnabled():
		ok, err := a.checkCode(ctx, u, code)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errWrongCode("totp")
		}
	case u.Role.RequiresTwoFactor():
		if err := g.right(ctx); err != nil {
			return nil, err
		}
		return nil, onward.NewError(onward.EFORBIDDEN, "api.two_factor_first")
	}
	return u, g.proved(ctx)
}

// SignInCode is the second step of signing in on the web: the code of
// the account whose password the session has checked.
func (a *App) SignInCode(ctx context.Context, userID, code, ip string) (*onward.User, error) {
	u, err := a.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	g, err := a.claimGuess(ctx, u.Email, ip)
	if err != nil {
		return nil, err
	}
	ok, err := a.checkCode(ctx, u, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errWrongCode("code")
	}
	return u, g.proved(ctx)
}

func errWrongCode(field string) error {
	return &onward.Error{Code: onward.EUNAUTHORIZED, Message: "common.that_code_is_not_right_codes_change",
		Fields: onward.FieldErrors{field: i18n.M("common.that_code_is_not_right_enter_the")}}
}

// confirmPassword checks the password of the signed-in person before a
// change that needs it, counted like a sign-in.
func (a *App) confirmPassword(ctx context.Context, u *onward.User, password, ip, field string) error {
	if password == "" || len(password) > onward.MaxPasswordLength {
		return onward.Invalid(field, "common.that_is_not_your_current_password")
	}
	g, err := a.claimGuess(ctx, u.Email, ip)
	if err != nil {
		return err
	}
	ok, err := a.checkPassword(ctx, u, password)
	if err != nil {
		return err
	}
	if !ok {
		return onward.Invalid(field, "common.that_is_not_your_current_password")
	}
	return g.proved(ctx)
}
