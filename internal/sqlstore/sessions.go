package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// Session stages: a session is only fully signed in at SessionActive. The
// others allow just the next step of signing in.
const (
	SessionActive     = "active"      // signed in
	SessionNeedsTOTP  = "needs_totp"  // password checked, code not yet
	SessionNeedsEnrol = "needs_enrol" // role requires two-factor, not yet set up
)

// Session is a signed-in browser. The cookie holds a random token; the
// database holds only its hash, so a copy of the database cannot sign in.
type Session struct {
	TokenHash  string
	UserID     string
	Stage      string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute limit, whatever the activity
}

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, sess *Session) error {
	sess.CreatedAt, sess.LastSeenAt = tx.Now, tx.Now
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, stage, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserID, sess.Stage, tx.t(sess.CreatedAt), tx.t(sess.LastSeenAt), tx.t(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByTokenHash returns a session, ENOTFOUND if none.
func (s *Store) SessionByTokenHash(ctx context.Context, tokenHash string) (*Session, error) {
	sess := Session{TokenHash: tokenHash}
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

// SetSessionStage moves a session to the next stage of signing in.
func (tx *Tx) SetSessionStage(ctx context.Context, tokenHash, stage string) error {
	_, err := tx.exec(ctx, "UPDATE sessions SET stage = ?, last_seen_at = ? WHERE token_hash = ?", stage, tx.t(tx.Now), tokenHash)
	return err
}

// DeleteSession ends one session (sign-out, expiry).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute or idle limit.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int64, error) {
	res, err := s.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", s.t(now), s.t(now.Add(-idle)))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
