package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, sess *onward.Session) error {
	sess.CreatedAt, sess.LastSeenAt = tx.Now, tx.Now
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, stage, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserID, string(sess.Stage), tx.t(sess.CreatedAt), tx.t(sess.LastSeenAt), tx.t(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByTokenHash returns a session, ENOTFOUND if none.
func (s *Store) SessionByTokenHash(ctx context.Context, tokenHash string) (*onward.Session, error) {
	sess := onward.Session{TokenHash: tokenHash}
	var created, seen, expires dbTime
	err := s.queryRow(ctx, "SELECT user_id, stage, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?", tokenHash).
		Scan(&sess.UserID, &sess.Stage, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "common.your_session_has_ended_please_sign_in")
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt = created.Time, seen.Time, expires.Time
	return &sess, nil
}

// TouchSession records activity, for the idle time-out.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", s.t(at), tokenHash)
	return err
}

// DeleteSession ends one session (sign-out, quick exit, expiry).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}

// endCredentials ends every session and API token of a user: after a change
// to what proves who they are (password, two-step sign-in) or to what they
// may see (role), nothing issued before it may go on working.
func (tx *Tx) endCredentials(ctx context.Context, userID string) error {
	tx.changedCredentials()
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if _, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", tx.t(tx.Now), userID); err != nil {
		return fmt.Errorf("end api tokens: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their absolute or idle limit.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int64, error) {
	res, err := s.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", s.t(now), s.t(now.Add(-idle)))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// EndSession ends one session within a transaction (a new sign-in replacing it).
func (tx *Tx) EndSession(ctx context.Context, tokenHash string) error {
	_, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}
