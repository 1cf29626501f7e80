package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// CreateAPIToken stores a token's hash under a name the person chose, to
// end at t.ExpiresAt; it fills in t's id and creation time.
func (tx *Tx) CreateAPIToken(ctx context.Context, t *onward.APIToken, tokenHash string) error {
	t.ID, t.CreatedAt = newID(), tx.Now
	_, err := tx.exec(ctx, "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, t.UserID, t.Name, tokenHash, tx.t(tx.Now), tx.t(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create api token: %w", err)
	}
	return tx.AccountEvent(ctx, t.UserID, t.UserID, "api_token_created")
}

// errTokenInvalid is the one answer for an unknown, revoked or ended token.
var errTokenInvalid = onward.NewError(onward.EUNAUTHORIZED, "common.the_api_token_is_not_valid_or")

// APITokenByHash returns an unrevoked token and its owner, EUNAUTHORIZED if
// there is none. Whether it has ended (expiry, idle limit) is the caller's
// decision, by the owner's role.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (*onward.APIToken, *onward.User, error) {
	var t onward.APIToken
	var created, expires, used dbTime
	u, err := scanUser(s.queryRow(ctx, "SELECT t.id, t.name, t.created_at, t.expires_at, t.last_used_at, u."+strings.ReplaceAll(userColumns, ", ", ", u.")+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL", tokenHash),
		&t.ID, &t.Name, &created, &expires, &used)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil, nil, errTokenInvalid
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load api token: %w", err)
	}
	t.UserID, t.CreatedAt, t.ExpiresAt, t.LastUsedAt = u.ID, created.Time, expires.Time, used.Ptr()
	return &t, u, nil
}

// TouchAPIToken records that a token was used at a time.
func (s *Store) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	if _, err := s.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", s.t(at), id); err != nil {
		return fmt.Errorf("record api token use: %w", err)
	}
	return nil
}

// APITokens lists a user's unrevoked tokens that have not passed their
// expiry at now, newest first.
func (s *Store) APITokens(ctx context.Context, userID string, now time.Time) ([]onward.APIToken, error) {
	rows, err := s.query(ctx, `SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens
		WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id DESC`, userID, s.t(now))
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	defer rows.Close()
	var out []onward.APIToken
	for rows.Next() {
		t := onward.APIToken{UserID: userID}
		var created, expires, used dbTime
		if err := rows.Scan(&t.ID, &t.Name, &created, &expires, &used); err != nil {
			return nil, fmt.Errorf("scan api token: %w", err)
		}
		t.CreatedAt, t.ExpiresAt, t.LastUsedAt = created.Time, expires.Time, used.Ptr()
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken ends a token of the user's; ENOTFOUND if it is not theirs.
func (tx *Tx) RevokeAPIToken(ctx context.Context, userID, tokenID string) error {
	tx.changedCredentials()
	res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
		tx.t(tx.Now), tokenID, userID)
	if err != nil {
		return fmt.Errorf("revoke api token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "common.that_token_was_not_found_or_is")
	}
	return tx.AccountEvent(ctx, userID, userID, "api_token_revoked")
}
