package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// TokenUser keeps what it found for a token, and every way a token ends or
// its account changes is seen by the very next request.
func TestTokenUserSeesEveryEndAtOnce(t *testing.T) {
	ctx := context.Background()
	a, store := testApp(t, nil)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	tests := []struct {
		name   string
		change func(tx *sqlstore.Tx, u *onward.User, tokenID string) error
		ended  bool
		locale string // the account's language after the change, when it goes on
	}{
		{"Revoked", func(tx *sqlstore.Tx, u *onward.User, id string) error { return tx.RevokeAPIToken(ctx, u.ID, id) }, true, ""},
		{"PasswordChanged", func(tx *sqlstore.Tx, u *onward.User, _ string) error { return tx.SetPassword(ctx, u.ID, "new hash") }, true, ""},
		{"RoleChanged", func(tx *sqlstore.Tx, u *onward.User, _ string) error {
			return tx.SetRole(ctx, u.ID, onward.RoleSupporter)
		}, true, ""},
		{"AccountDeleted", func(tx *sqlstore.Tx, u *onward.User, _ string) error { return tx.DeleteUser(ctx, u.ID) }, true, ""},
		{"LanguageChanged", func(tx *sqlstore.Tx, u *onward.User, _ string) error { return tx.SetLocale(ctx, u.ID, "es") }, false, "es"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &onward.User{Email: fmt.Sprintf("token%d@example.com", i), DisplayName: "Ana", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateUser(ctx, u, "hash") }); err != nil {
				t.Fatal(err)
			}
			made, err := a.CreateToken(ctx, u, TokenRequest{Name: "phone"})
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if got, err := a.TokenUser(ctx, made.Secret); err != nil || got.ID != u.ID {
					t.Fatalf("token user = %v, %v; want %s", got, err, u.ID)
				}
			}
			if _, cached := a.tokens.entries[auth.HashToken(made.Secret)]; !cached {
				t.Fatal("the token's account was not kept")
			}
			if err := store.Write(ctx, func(tx *sqlstore.Tx) error { return tt.change(tx, u, made.ID) }); err != nil {
				t.Fatal(err)
			}
			got, err := a.TokenUser(ctx, made.Secret)
			if tt.ended {
				if onward.ErrorCode(err) != onward.EUNAUTHORIZED {
					t.Fatalf("token user after the change = %v, %v; want the token ended", got, err)
				}
				return
			}
			if err != nil || got.Locale != tt.locale {
				t.Fatalf("token user after the change = %+v, %v; want language %s", got, err, tt.locale)
			}
		})
	}
}

// A token's own end is checked on every request, cached or not: it stops
// at its expiry, not when the cache would next read it.
func TestCachedTokenEndsOnTime(t *testing.T) {
	ctx := context.Background()
	a, store := testApp(t, nil)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	u := &onward.User{Email: "ana@example.com", DisplayName: "Ana", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
	if err := store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateUser(ctx, u, "hash") }); err != nil {
		t.Fatal(err)
	}
	secret := auth.NewToken("onw_")
	if err := store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateAPIToken(ctx, &onward.APIToken{UserID: u.ID, Name: "phone", ExpiresAt: now.Add(30 * time.Second)}, auth.HashToken(secret))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TokenUser(ctx, secret); err != nil {
		t.Fatal(err)
	}
	now = now.Add(30 * time.Second)
	if got, err := a.TokenUser(ctx, secret); onward.ErrorCode(err) != onward.EUNAUTHORIZED {
		t.Fatalf("token user at expiry = %v, %v; want the token ended", got, err)
	}
}
