package app

import (
	"context"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// API tokens: a person makes one for an app, chooses how long it lasts
// (up to their role's limit), sees when each was last used, and revokes
// them. Changing the password, the two-step sign-in or the role ends them
// all (sqlstore's endCredentials).

// NewToken is a token just made; Secret is shown once and never stored.
type NewToken struct {
	onward.APIToken
	Secret string
}

// TokenRequest is what a person asks for: a name and a lifetime in days
// (nil for the role's default).
type TokenRequest struct {
	Name string
	Days *int
}

// validate checks r for a role and returns the lifetime in days.
func (r *TokenRequest) validate(role onward.Role) (int, error) {
	r.Name = strings.TrimSpace(r.Name)
	errs := onward.FieldErrors{}
	onward.ValidateTokenName(errs, "name", r.Name)
	life := role.TokenLifetimes()
	days := life.DefaultDays
	if r.Days != nil {
		days = *r.Days
	}
	if days < 1 || days > life.MaxDays {
		errs.Add("days", "accounts.choose_how_many_days_the_token_lasts", "Max", life.MaxDays)
	}
	return days, errs.Err()
}

// CreateToken makes an API token for u.
func (a *App) CreateToken(ctx context.Context, u *onward.User, req TokenRequest) (*NewToken, error) {
	days, err := req.validate(u.Role)
	if err != nil {
		return nil, err
	}
	secret := auth.NewToken("onw_")
	t := onward.APIToken{UserID: u.ID, Name: req.Name}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		t.ExpiresAt = tx.Now.Add(time.Duration(days) * 24 * time.Hour)
		return tx.CreateAPIToken(ctx, &t, auth.HashToken(secret))
	})
	if err != nil {
		return nil, err
	}
	return &NewToken{APIToken: t, Secret: secret}, nil
}

// Tokens lists u's tokens that still work, newest first.
func (a *App) Tokens(ctx context.Context, u *onward.User) ([]onward.APIToken, error) {
	all, err := a.store.APITokens(ctx, u.ID, a.now())
	if err != nil {
		return nil, err
	}
	now := a.now()
	out := all[:0]
	for _, t := range all {
		if now.Before(t.EndsAt(u.Role)) {
			out = append(out, t)
		}
	}
	return out, nil
}

// RevokeToken ends one of u's tokens.
func (a *App) RevokeToken(ctx context.Context, u *onward.User, id string) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RevokeAPIToken(ctx, u.ID, id) })
}
