package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// CreatePasswordReset stores the hash of a one-time reset token.
func (tx *Tx) CreatePasswordReset(ctx context.Context, userID, tokenHash string, ttl time.Duration) error {
	_, err := tx.exec(ctx, "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		tokenHash, userID, tx.t(tx.Now), tx.t(tx.Now.Add(ttl)))
	if err != nil {
		return fmt.Errorf("create password reset: %w", err)
	}
	return tx.AccountEvent(ctx, "", userID, "password_reset_requested")
}

// errResetInvalid is the one answer for an unknown, used or expired link, so
// the page does not reveal which.
var errResetInvalid = onward.NewError(onward.EINVALID, "common.this_reset_link_has_expired_or_was")

// PasswordResetUser returns the user a valid, unused reset token belongs to.
func (s *Store) PasswordResetUser(ctx context.Context, tokenHash string) (string, error) {
	var userID string
	err := s.queryRow(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
		tokenHash, s.t(s.now())).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errResetInvalid
	}
	return userID, err
}

// ConsumePasswordReset marks the token used and returns its user, failing
// if it is unknown, used or expired. The conditional update makes a second
// use fail even when two requests race.
func (tx *Tx) ConsumePasswordReset(ctx context.Context, tokenHash string) (string, error) {
	var userID string
	err := tx.queryRow(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
		tokenHash, tx.t(tx.Now)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errResetInvalid
	}
	if err != nil {
		return "", fmt.Errorf("load password reset: %w", err)
	}
	res, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", tx.t(tx.Now), tokenHash)
	if err != nil {
		return "", fmt.Errorf("use password reset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", errResetInvalid
	}
	// Any other outstanding link for the account dies with this one.
	if _, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", tx.t(tx.Now), userID); err != nil {
		return "", fmt.Errorf("expire other resets: %w", err)
	}
	return userID, nil
}
