package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// APIToken is a bearer token for /api/v1. Only its hash is stored.
type APIToken struct {
	ID         string
	UserID     string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// CreateAPIToken stores a token's hash under a name the person chose.
func (tx *Tx) CreateAPIToken(ctx context.Context, userID, name, tokenHash string) (*APIToken, error) {
	t := &APIToken{ID: newID(), UserID: userID, Name: name, CreatedAt: tx.Now}
	_, err := tx.exec(ctx, "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
		t.ID, userID, name, tokenHash, tx.t(tx.Now))
	if err != nil {
		return nil, fmt.Errorf("create api token: %w", err)
	}
	return t, tx.AccountEvent(ctx, userID, userID, "api_token_created")
}

// UserByAPIToken returns the owner of an unrevoked token and records its use.
func (s *Store) UserByAPIToken(ctx context.Context, tokenHash string) (*onward.User, error) {
	var id string
	var lastUsed dbTime
	u, err := scanUser(s.queryRow(ctx, "SELECT t.id, t.last_used_at, u."+strings.ReplaceAll(userColumns, ", ", ", u.")+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL", tokenHash), &id, &lastUsed)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil, onward.NewError(onward.EUNAUTHORIZED, "common.the_api_token_is_not_valid_or")
	}
	if err != nil {
		return nil, fmt.Errorf("load api token: %w", err)
	}
	now := s.now()
	// Recording every use would turn each API read into a write; once a
	// minute is enough to show "last used" to the owner.
	if !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		if _, err := s.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", s.t(now), id); err != nil {
			return nil, fmt.Errorf("record api token use: %w", err)
		}
	}
	return u, nil
}

// APITokens lists a user's active tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID string) ([]APIToken, error) {
	rows, err := s.query(ctx, `SELECT id, name, created_at, last_used_at FROM api_tokens
		WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		t := APIToken{UserID: userID}
		var created, used dbTime
		if err := rows.Scan(&t.ID, &t.Name, &created, &used); err != nil {
			return nil, fmt.Errorf("scan api token: %w", err)
		}
		t.CreatedAt, t.LastUsedAt = created.Time, used.Ptr()
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken ends a token of the user's; ENOTFOUND if it is not theirs.
func (tx *Tx) RevokeAPIToken(ctx context.Context, userID, tokenID string) error {
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
