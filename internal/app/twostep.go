package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/pquerna/otp"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Two-step sign-in: a TOTP key in an authenticator app, and recovery codes
// for when the phone is lost. The key is stored sealed (auth.Keyring) under
// a key kept outside the database; recovery codes are shown once and kept
// as hashes, each good for one sign-in. Turning two-step sign-in on or off
// ends every session and API token of the account.

const (
	totpIssuer        = "Onward"
	recoveryCodeCount = 10
	recoveryCodeRunes = 10 // 50 random bits each
	maxCodeLength     = 32 // longer is neither a TOTP code nor a recovery code
)

// totpPurpose binds a sealed key to its account: copied to another row, it
// does not open.
func totpPurpose(userID string) string      { return "totp:" + userID }
func enrolmentPurpose(userID string) string { return "totp-enrol:" + userID }

// Enrolment is a new two-step key being set up.
type Enrolment struct {
	Secret string   // the key as text, to type into an app
	Key    *otp.Key // the key, for its QR code
	// Sealed comes back with the form, so the code is checked against the
	// key shown; tampered with, it does not open.
	Sealed string
}

// NewEnrolment makes a new key for u to set up.
func (a *App) NewEnrolment(u *onward.User) (*Enrolment, error) {
	key, err := auth.NewTOTPKey(totpIssuer, u.Email)
	if err != nil {
		return nil, fmt.Errorf("make two-step key: %w", err)
	}
	return &Enrolment{Secret: key.Secret(), Key: key, Sealed: a.secrets.Seal(key.Secret(), enrolmentPurpose(u.ID))}, nil
}

// enrolment reopens the key a form sent back sealed, or makes a new one
// when it does not open.
func (a *App) enrolment(u *onward.User, sealed string) (*Enrolment, bool, error) {
	secret, err := a.secrets.Open(sealed, enrolmentPurpose(u.ID))
	if err != nil {
		e, err := a.NewEnrolment(u)
		return e, false, err
	}
	key, err := auth.TOTPKeyFromSecret(totpIssuer, u.Email, secret)
	if err != nil {
		return nil, false, errors.New("rebuild a two-step key that was sealed here")
	}
	return &Enrolment{Secret: secret, Key: key, Sealed: sealed}, true, nil
}

var errAlreadyOn = onward.NewError(onward.ECONFLICT, "common.two_step_sign_in_is_already_on_2")

// EnableTwoStep turns two-step sign-in on once the person proves their app
// has the key, by a current code, and returns the recovery codes to show
// them once. On a wrong code it returns the enrolment to show again (the
// same key, or a new one when the form's was tampered with).
func (a *App) EnableTwoStep(ctx context.Context, u *onward.User, sealed, code string) ([]string, *Enrolment, error) {
	if u.TwoFactorEnabled() {
		return nil, nil, errAlreadyOn
	}
	e, opened, err := a.enrolment(u, sealed)
	if err != nil {
		return nil, nil, err
	}
	code = normalizeCode(code)
	step, ok := auth.TOTPStep(code, e.Secret, a.now())
	if !opened || len(code) != 6 || !ok {
		return nil, e, onward.Invalid("code", "common.that_code_is_not_right_scan_the")
	}
	codes, hashes := newRecoveryCodes()
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetTOTP(ctx, u.ID, a.secrets.Seal(e.Secret, totpPurpose(u.ID)), hashes); err != nil {
			return err
		}
		_, err := tx.UseTOTPStep(ctx, u.ID, step)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return codes, nil, nil
}

// DisableTwoStep turns two-step sign-in off, for roles that may go
// without it, once the password is confirmed.
func (a *App) DisableTwoStep(ctx context.Context, u *onward.User, password, ip string) error {
	if u.Role.RequiresTwoFactor() {
		return onward.NewError(onward.EFORBIDDEN, "common.your_account_can_see_other_peoples_2")
	}
	if err := a.confirmPassword(ctx, u, password, ip, "password"); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SetTOTP(ctx, u.ID, "", nil) })
}

// NewRecoveryCodes replaces u's recovery codes, once the password is
// confirmed, and returns the new ones to show once.
func (a *App) NewRecoveryCodes(ctx context.Context, u *onward.User, password, ip string) ([]string, error) {
	if !u.TwoFactorEnabled() {
		return nil, onward.NewError(onward.ECONFLICT, "accounts.turn_on_two_step_sign_in_first")
	}
	if err := a.confirmPassword(ctx, u, password, ip, "codes_password"); err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, u.ID, u.ID, "recovery_codes_replaced")
	})
	return codes, err
}

// RecoveryCodesLeft counts u's unused recovery codes.
func (a *App) RecoveryCodesLeft(ctx context.Context, u *onward.User) (int, error) {
	return a.store.RecoveryCodesLeft(ctx, u.ID)
}

var recoveryAlphabet = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRecoveryCodes returns codes to show, as "abcde-fghij", and the hashes
// to store.
func newRecoveryCodes() (codes, hashes []string) {
	for range recoveryCodeCount {
		b := make([]byte, 8)
		rand.Read(b)
		c := strings.ToLower(recoveryAlphabet.EncodeToString(b))[:recoveryCodeRunes]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, auth.HashToken(c))
	}
	return codes, hashes
}

// normalizeCode drops the spaces and dashes people type or copy with a code.
func normalizeCode(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

// checkCode checks a counted guess at u's second step: the current TOTP
// code (each time step used once) or an unused recovery code (spent).
func (a *App) checkCode(ctx context.Context, u *onward.User, code string) (bool, error) {
	code = normalizeCode(code)
	switch {
	case len(code) > maxCodeLength:
		return false, nil
	case len(code) == 6 && u.TwoFactorEnabled():
		secret, err := a.secrets.Open(u.TOTPSecret, totpPurpose(u.ID))
		if err != nil {
			return false, fmt.Errorf("open an account's two-step key (is the secret key file the one it was sealed with?): %w", err)
		}
		step, ok := auth.TOTPStep(code, secret, a.now())
		if !ok {
			return false, nil
		}
		err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
			ok, err = tx.UseTOTPStep(ctx, u.ID, step)
			return err
		})
		return ok, err
	case len(code) == recoveryCodeRunes:
		var ok bool
		err := a.store.Write(ctx, func(tx *sqlstore.Tx) (err error) {
			ok, err = tx.UseRecoveryCode(ctx, u.ID, auth.HashToken(code))
			return err
		})
		return ok, err
	}
	return false, nil
}

// SealTwoStepKeys seals every stored two-step key under the keyring's
// sealing key: keys sealed under an older key (after a rotation) and keys
// stored before they were sealed. It returns how many it sealed, and how
// many it could not open (sealed under a key the keyring lacks).
func (a *App) SealTwoStepKeys(ctx context.Context) (sealed, unreadable int, err error) {
	all, err := a.store.SealedTOTPSecrets(ctx)
	if err != nil {
		return 0, 0, err
	}
	for userID, stored := range all {
		if a.secrets.SealedWithCurrent(stored) {
			continue
		}
		secret, err := a.secrets.Open(stored, totpPurpose(userID))
		if err != nil && !strings.HasPrefix(stored, "v1.") {
			secret, err = stored, nil // stored before keys were sealed
		}
		if err != nil {
			unreadable++
			continue
		}
		resealed := a.secrets.Seal(secret, totpPurpose(userID))
		if err := a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.ResealTOTP(ctx, userID, stored, resealed) }); err != nil {
			return sealed, unreadable, err
		}
		sealed++
	}
	return sealed, unreadable, nil
}
