package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
)

const userColumns = "id, email, display_name, role, locale, time_zone, totp_secret, created_at"

// scanUser reads userColumns, after any extra columns a query selects first.
func scanUser(row interface{ Scan(...any) error }, extra ...any) (*onward.User, error) {
	var u onward.User
	var created dbTime
	err := row.Scan(append(extra, &u.ID, &u.Email, &u.DisplayName, &u.Role, &u.Locale, &u.TimeZone, &u.TOTPSecret, &created)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "common.no_such_account")
	}
	if err != nil {
		return nil, fmt.Errorf("scan user: %w", err)
	}
	u.CreatedAt = created.Time
	return &u, nil
}

// CreateUser inserts u with its password hash. A taken email is ECONFLICT.
func (tx *Tx) CreateUser(ctx context.Context, u *onward.User, passwordHash string) error {
	u.ID = newID()
	u.CreatedAt = tx.Now
	_, err := tx.exec(ctx, `INSERT INTO users (id, email, display_name, role, locale, time_zone, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Email, u.DisplayName, string(u.Role), u.Locale, u.TimeZone, passwordHash, tx.t(tx.Now), tx.t(tx.Now))
	if isUniqueViolation(err) {
		return &onward.Error{Code: onward.ECONFLICT, Message: "common.an_account_with_this_email_already",
			Fields: onward.FieldErrors{"email": i18n.M("common.an_account_with_this_email_already_2")}}
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return tx.AccountEvent(ctx, u.ID, u.ID, "signup")
}

// UserByID returns the account with id, ENOTFOUND if none.
func (s *Store) UserByID(ctx context.Context, id string) (*onward.User, error) {
	return scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// UserByEmail returns the account with a normalised email, ENOTFOUND if none.
func (s *Store) UserByEmail(ctx context.Context, email string) (*onward.User, error) {
	return scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
}

// PasswordHash returns the stored hash for a user id.
func (s *Store) PasswordHash(ctx context.Context, userID string) (string, error) {
	var h string
	err := s.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", userID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", onward.NewError(onward.ENOTFOUND, "common.no_such_account")
	}
	return h, err
}

// SetPassword replaces the password and ends every session and API token
// of the user: someone who had the old password must not stay signed in.
func (tx *Tx) SetPassword(ctx context.Context, userID, passwordHash string) error {
	if err := tx.updateUser(ctx, "password_hash = ?", userID, passwordHash); err != nil {
		return err
	}
	if err := tx.endCredentials(ctx, userID); err != nil {
		return err
	}
	return tx.AccountEvent(ctx, userID, userID, "password_changed")
}

// SetTOTP stores a sealed TOTP secret and the hashes of new recovery codes,
// or ("", nil) turns two-step sign-in off. Every session and API token of
// the user ends: they were issued under the old sign-in.
func (tx *Tx) SetTOTP(ctx context.Context, userID, sealedSecret string, recoveryCodeHashes []string) error {
	if err := tx.updateUser(ctx, "totp_secret = ?, totp_last_step = 0", userID, sealedSecret); err != nil {
		return err
	}
	if err := tx.SetRecoveryCodes(ctx, userID, recoveryCodeHashes); err != nil {
		return err
	}
	if err := tx.endCredentials(ctx, userID); err != nil {
		return err
	}
	event := "two_factor_enabled"
	if sealedSecret == "" {
		event = "two_factor_disabled"
	}
	return tx.AccountEvent(ctx, userID, userID, event)
}

// SealedTOTPSecrets returns every stored TOTP secret by user id, to seal
// them again under a new key.
func (s *Store) SealedTOTPSecrets(ctx context.Context) (map[string]string, error) {
	rows, err := s.query(ctx, "SELECT id, totp_secret FROM users WHERE totp_secret <> ''")
	if err != nil {
		return nil, fmt.Errorf("list totp secrets: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, secret string
		if err := rows.Scan(&id, &secret); err != nil {
			return nil, fmt.Errorf("scan totp secret: %w", err)
		}
		out[id] = secret
	}
	return out, rows.Err()
}

// ResealTOTP replaces a user's sealed secret with the same secret sealed
// anew, unless it changed meanwhile. Sessions are untouched: the secret is
// the same.
func (tx *Tx) ResealTOTP(ctx context.Context, userID, old, resealed string) error {
	tx.changedCredentials()
	_, err := tx.exec(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?", resealed, userID, old)
	if err != nil {
		return fmt.Errorf("reseal totp secret: %w", err)
	}
	return nil
}

// UseTOTPStep records that a TOTP code for time step was accepted and
// reports false if that step (or a later one) was already used, so a code
// seen over someone's shoulder cannot be replayed.
func (tx *Tx) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := tx.exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, userID, step)
	if err != nil {
		return false, fmt.Errorf("record totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetRecoveryCodes replaces a user's two-step recovery codes with new
// ones, given as hashes.
func (tx *Tx) SetRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("delete recovery codes: %w", err)
	}
	for _, h := range hashes {
		if _, err := tx.exec(ctx, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)", userID, h, tx.t(tx.Now)); err != nil {
			return fmt.Errorf("store recovery code: %w", err)
		}
	}
	return nil
}

// UseRecoveryCode spends an unused recovery code of the user and reports
// whether there was one; two racing uses of one code cannot both succeed.
func (tx *Tx) UseRecoveryCode(ctx context.Context, userID, codeHash string) (bool, error) {
	res, err := tx.exec(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
		tx.t(tx.Now), userID, codeHash)
	if err != nil {
		return false, fmt.Errorf("use recovery code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	return true, tx.AccountEvent(ctx, userID, userID, "recovery_code_used")
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&n)
	return n, err
}

// SetLocale stores the account's language.
func (tx *Tx) SetLocale(ctx context.Context, userID, locale string) error {
	return tx.updateUser(ctx, "locale = ?", userID, locale)
}

// SetRole changes an account's role (operator tooling).
func (tx *Tx) SetRole(ctx context.Context, userID string, role onward.Role) error {
	if err := tx.updateUser(ctx, "role = ?", userID, string(role)); err != nil {
		return err
	}
	// What the account may see changed: sign in again under the new role.
	if err := tx.endCredentials(ctx, userID); err != nil {
		return err
	}
	return tx.AccountEvent(ctx, "", userID, "role_changed_to_"+string(role))
}

func (tx *Tx) updateUser(ctx context.Context, set, userID string, value any) error {
	tx.changedCredentials()
	res, err := tx.exec(ctx, "UPDATE users SET "+set+", updated_at = ? WHERE id = ?", value, tx.t(tx.Now), userID)
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "common.no_such_account")
	}
	return nil
}

// DeleteUser removes the account and, through foreign keys, everything that
// hangs off it: sessions, tokens, resets, grants given and received. The
// audit log keeps its entries (ids only) so the chain stays verifiable.
func (tx *Tx) DeleteUser(ctx context.Context, userID string) error {
	// Other people's inbox entries about this member name them without a
	// foreign key (the entry belongs to the recipient): remove them too.
	if _, err := tx.exec(ctx, "DELETE FROM notifications WHERE about_id = ?", userID); err != nil {
		return fmt.Errorf("delete notifications about user: %w", err)
	}
	tx.changedCredentials()
	res, err := tx.exec(ctx, "DELETE FROM users WHERE id = ?", userID)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "common.no_such_account")
	}
	return tx.AccountEvent(ctx, userID, userID, "account_deleted")
}

// CountUsers returns how many accounts exist (an empty instance gets demo data).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}

// SetDisplayName stores the name the account shows.
func (tx *Tx) SetDisplayName(ctx context.Context, userID, name string) error {
	if err := tx.updateUser(ctx, "display_name = ?", userID, name); err != nil {
		return err
	}
	return tx.AccountEvent(ctx, userID, userID, "name_changed")
}

// SetEmail moves the account to a new, confirmed address; ECONFLICT when
// another account has it.
func (tx *Tx) SetEmail(ctx context.Context, userID, email string) error {
	err := tx.updateUser(ctx, "email = ?", userID, email)
	if isUniqueViolation(err) {
		return onward.NewError(onward.ECONFLICT, "accounts.this_link_has_expired_or_was_used")
	}
	if err != nil {
		return err
	}
	return tx.AccountEvent(ctx, userID, userID, "email_changed")
}

// SetTimeZone stores the account's IANA time zone, which decides where a
// member's days begin and end.
func (tx *Tx) SetTimeZone(ctx context.Context, userID, tz string) error {
	return tx.updateUser(ctx, "time_zone = ?", userID, tz)
}
