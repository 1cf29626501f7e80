package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// Links sent by email to confirm an address: a new account's, or an
// account's new one. Only the hash of a link's token is stored, and a link
// is spent in one statement, so two racing uses cannot both succeed.

// errLinkInvalid is the one answer for an unknown, used or expired link.
var errLinkInvalid = onward.NewError(onward.EINVALID, "accounts.this_link_has_expired_or_was_used")

// CreatePendingSignUp stores a sign-up until its link is followed or ttl passes.
func (tx *Tx) CreatePendingSignUp(ctx context.Context, p onward.PendingSignUp, tokenHash string, ttl time.Duration) error {
	_, err := tx.exec(ctx, `INSERT INTO pending_signups (token_hash, email, display_name, password_hash, locale, time_zone, next_path, role, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash, p.Email, p.DisplayName, p.PasswordHash, p.Locale, p.TimeZone, p.Next, string(p.Role), tx.t(tx.Now), tx.t(tx.Now.Add(ttl)))
	if err != nil {
		return fmt.Errorf("create pending sign-up: %w", err)
	}
	return nil
}

const pendingSignUpColumns = "email, display_name, password_hash, locale, time_zone, next_path, role"

func scanPendingSignUp(row rowScanner) (*onward.PendingSignUp, error) {
	var p onward.PendingSignUp
	err := row.Scan(&p.Email, &p.DisplayName, &p.PasswordHash, &p.Locale, &p.TimeZone, &p.Next, &p.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errLinkInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("read pending sign-up: %w", err)
	}
	return &p, nil
}

// PendingSignUp returns the sign-up a valid link belongs to.
func (s *Store) PendingSignUp(ctx context.Context, tokenHash string) (*onward.PendingSignUp, error) {
	return scanPendingSignUp(s.queryRow(ctx, "SELECT "+pendingSignUpColumns+" FROM pending_signups WHERE token_hash = ? AND expires_at > ?",
		tokenHash, s.t(s.now())))
}

// TakePendingSignUp spends a sign-up's link and returns the sign-up.
func (tx *Tx) TakePendingSignUp(ctx context.Context, tokenHash string) (*onward.PendingSignUp, error) {
	return scanPendingSignUp(tx.queryRow(ctx, "DELETE FROM pending_signups WHERE token_hash = ? AND expires_at > ? RETURNING "+pendingSignUpColumns,
		tokenHash, tx.t(tx.Now)))
}

// PruneLinks drops sign-ups and address changes whose links have expired.
func (s *Store) PruneLinks(ctx context.Context, now time.Time) error {
	for _, table := range []string{"pending_signups", "email_changes"} {
		if _, err := s.exec(ctx, "DELETE FROM "+table+" WHERE expires_at <= ?", s.t(now)); err != nil {
			return fmt.Errorf("prune %s: %w", table, err)
		}
	}
	return nil
}

// CreateEmailChange stores a request to move an account to a new address
// until the link sent there is followed or ttl passes.
func (tx *Tx) CreateEmailChange(ctx context.Context, userID, newEmail, tokenHash string, ttl time.Duration) error {
	_, err := tx.exec(ctx, "INSERT INTO email_changes (token_hash, user_id, new_email, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		tokenHash, userID, newEmail, tx.t(tx.Now), tx.t(tx.Now.Add(ttl)))
	if err != nil {
		return fmt.Errorf("create email change: %w", err)
	}
	return tx.AccountEvent(ctx, userID, userID, "email_change_requested")
}

func scanEmailChange(row rowScanner) (userID, newEmail string, err error) {
	err = row.Scan(&userID, &newEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errLinkInvalid
	}
	if err != nil {
		return "", "", fmt.Errorf("read email change: %w", err)
	}
	return userID, newEmail, nil
}

// EmailChange returns the account and new address of a valid link.
func (s *Store) EmailChange(ctx context.Context, tokenHash string) (userID, newEmail string, err error) {
	return scanEmailChange(s.queryRow(ctx, "SELECT user_id, new_email FROM email_changes WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
		tokenHash, s.t(s.now())))
}

// TakeEmailChange spends an address change's link and returns it.
func (tx *Tx) TakeEmailChange(ctx context.Context, tokenHash string) (userID, newEmail string, err error) {
	return scanEmailChange(tx.queryRow(ctx, "UPDATE email_changes SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id, new_email",
		tx.t(tx.Now), tokenHash, tx.t(tx.Now)))
}
