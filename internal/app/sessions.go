package app

import (
	"context"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Sessions (a browser's sign-in, by cookie) and API tokens (an app's, by
// bearer header): how a request proves whose it is, and when that ends.

// touchEvery throttles recording activity, so reading pages and calling
// the API is not a write on every request.
const touchEvery = time.Minute

// StartSession signs u in on a new browser session at stage and returns
// the token for its cookie. The browser's old session (its token in
// replacing) ends: a new token at every step of signing in, so a planted
// cookie is worthless.
func (a *App) StartSession(ctx context.Context, u *onward.User, stage onward.SessionStage, replacing string) (string, error) {
	token := auth.NewToken("")
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if replacing != "" {
			if err := tx.EndSession(ctx, auth.HashToken(replacing)); err != nil {
				return err
			}
		}
		limit := u.Role.SessionLimit()
		if stage == onward.SessionNeedsCode {
			limit = onward.PendingSignInLimit
		}
		sess := &onward.Session{TokenHash: auth.HashToken(token), UserID: u.ID, Stage: stage, ExpiresAt: tx.Now.Add(limit)}
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		if stage == onward.SessionActive {
			return tx.AccountEvent(ctx, u.ID, u.ID, "signin")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

var errSessionEnded = onward.NewError(onward.EUNAUTHORIZED, "common.your_session_has_ended_please_sign_in")

// Session returns the session of a cookie's token and its account, or
// EUNAUTHORIZED when there is none or it has ended (idle too long, past
// its limit); an ended session is removed.
func (a *App) Session(ctx context.Context, token string) (*onward.Session, *onward.User, error) {
	hash := auth.HashToken(token)
	sess, err := a.store.SessionByTokenHash(ctx, hash)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil, nil, errSessionEnded
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := a.store.UserByID(ctx, sess.UserID)
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return nil, nil, errSessionEnded
	}
	if err != nil {
		return nil, nil, err
	}
	now := a.now()
	idle := u.Role.SessionIdle()
	if sess.Stage == onward.SessionNeedsCode {
		idle = onward.PendingSignInLimit
	}
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= idle {
		if err := a.store.DeleteSession(ctx, hash); err != nil {
			return nil, nil, err
		}
		return nil, nil, errSessionEnded
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := a.store.TouchSession(ctx, hash, now); err != nil {
			a.log.ErrorContext(ctx, "touch session", "error", err)
		}
	}
	return sess, u, nil
}

// EndSession signs the browser with a cookie's token out.
func (a *App) EndSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return a.store.DeleteSession(ctx, auth.HashToken(token))
}

var errTokenEnded = onward.NewError(onward.EUNAUTHORIZED, "common.the_api_token_is_not_valid_or")

// TokenUser returns the owner of an API bearer token that has not ended:
// not revoked, not past its expiry, and for staff used within the idle
// limit.
func (a *App) TokenUser(ctx context.Context, bearer string) (*onward.User, error) {
	bearer = strings.TrimSpace(bearer)
	if bearer == "" || len(bearer) > 100 {
		return nil, errTokenEnded
	}
	hash, now := auth.HashToken(bearer), a.now()
	// The version before the read: a revocation committed during it makes
	// what it finds stale at once (tokens_cache.go).
	version := a.store.CredentialsVersion()
	if a.tokens != nil {
		if u, ok := a.tokens.get(hash, version, now); ok {
			return u, nil
		}
	}
	t, u, err := a.store.APITokenByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	if !now.Before(t.EndsAt(u.Role)) {
		return nil, errTokenEnded
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		if err := a.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
		t.LastUsedAt = &now
	}
	if a.tokens != nil {
		a.tokens.put(hash, cachedToken{token: *t, user: *u, version: version, until: t.LastUsedAt.Add(touchEvery)})
	}
	return u, nil
}
