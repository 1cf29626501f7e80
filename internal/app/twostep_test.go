package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// testApp returns the use cases over a fresh SQLite store with keyring.
func testApp(t *testing.T, keyring *auth.Keyring) (*App, *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "app.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.OpenAuditLog(ctx, keys); err != nil {
		t.Fatal(err)
	}
	return New(Deps{Store: store, Secrets: keyring, Hashing: &auth.Params{Memory: 1024, Time: 1, Threads: 1}}), store
}

// Rotating the secret key: the server, started with a new first key and
// the old one after it, seals every two-step key again under the new one,
// and keys stored before sealing are sealed; then the old key can go.
func TestSealTwoStepKeysAfterRotation(t *testing.T) {
	ctx := context.Background()
	oldKey, newKey := auth.NewSecretKey(), auth.NewSecretKey()
	before, _ := auth.NewKeyring(oldKey)
	a, store := testApp(t, before)
	sealedUser := &onward.User{Email: "ana@example.com", DisplayName: "Ana", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
	plainUser := &onward.User{Email: "ben@example.com", DisplayName: "Ben", Role: onward.RoleClinician, Locale: "en", TimeZone: "UTC"}
	if err := store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.CreateUser(ctx, sealedUser, "hash"); err != nil {
			return err
		}
		return tx.CreateUser(ctx, plainUser, "hash")
	}); err != nil {
		t.Fatal(err)
	}
	e, _ := a.NewEnrolment(sealedUser)
	code, _ := auth.TOTPCode(e.Secret, time.Now())
	if _, _, err := a.EnableTwoStep(ctx, sealedUser, e.Sealed, code); err != nil {
		t.Fatal(err)
	}
	// A key stored as is, as before keys were sealed (and as the demo stores them).
	if err := store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.SetTOTP(ctx, plainUser.ID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", nil)
	}); err != nil {
		t.Fatal(err)
	}

	rotated, _ := auth.NewKeyring(newKey, oldKey)
	a.secrets = rotated
	if sealed, unreadable, err := a.SealTwoStepKeys(ctx); err != nil || sealed != 2 || unreadable != 0 {
		t.Fatalf("SealTwoStepKeys = %d sealed, %d unreadable, %v; want 2, 0", sealed, unreadable, err)
	}
	if sealed, _, _ := a.SealTwoStepKeys(ctx); sealed != 0 {
		t.Fatalf("a second run sealed %d keys again", sealed)
	}
	newOnly, _ := auth.NewKeyring(newKey)
	stored, _ := store.SealedTOTPSecrets(ctx)
	for _, u := range []*onward.User{sealedUser, plainUser} {
		if _, err := newOnly.Open(stored[u.ID], totpPurpose(u.ID)); err != nil {
			t.Errorf("%s's key does not open with the new key alone: %v", u.Email, err)
		}
	}
	// A key sealed under a key the keyring lacks is counted, not lost.
	a.secrets, _ = auth.NewKeyring(auth.NewSecretKey())
	if _, unreadable, err := a.SealTwoStepKeys(ctx); err != nil || unreadable != 2 {
		t.Fatalf("with an unrelated key: %d unreadable, %v; want 2", unreadable, err)
	}
}
