package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	n, err := s.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d (err %v), want 0", n, err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after migrate: %v", err)
	}
}

func TestUsers(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ana@example.com", onward.RoleMember)

	t.Run("ByIDAndEmail", func(t *testing.T) {
		byID, err := s.UserByID(ctx, u.ID)
		if err != nil || byID.Email != "ana@example.com" || byID.Role != onward.RoleMember {
			t.Fatalf("UserByID = %+v, %v", byID, err)
		}
		byEmail, err := s.UserByEmail(ctx, "ana@example.com")
		if err != nil || byEmail.ID != u.ID {
			t.Fatalf("UserByEmail = %+v, %v", byEmail, err)
		}
		if !byID.CreatedAt.Equal(u.CreatedAt.Truncate(time.Microsecond)) {
			t.Fatalf("created_at round trip: got %v, want %v", byID.CreatedAt, u.CreatedAt)
		}
	})
	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		dup := &onward.User{Email: "ana@example.com", DisplayName: "Other", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
		err := s.Write(ctx, func(tx *Tx) error { return tx.CreateUser(ctx, dup, "h") })
		wantCode(t, err, onward.ECONFLICT)
		if n, _ := s.CountUsers(ctx); n != 1 {
			t.Fatalf("after duplicate sign-up there are %d users, want 1", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.UserByEmail(ctx, "nobody@example.com")
		wantCode(t, err, onward.ENOTFOUND)
	})
	t.Run("FailedTransactionWritesNothing", func(t *testing.T) {
		boom := errors.New("boom")
		err := s.Write(ctx, func(tx *Tx) error {
			v := &onward.User{Email: "half@example.com", DisplayName: "H", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := tx.CreateUser(ctx, v, "h"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Write returned %v, want boom", err)
		}
		_, err = s.UserByEmail(ctx, "half@example.com")
		wantCode(t, err, onward.ENOTFOUND)
	})
}

// A change to what proves who someone is (password, two-step sign-in) or
// to what they may see (role) ends every session and API token they had.
func TestCredentialChangesEndSessionsAndTokens(t *testing.T) {
	tests := []struct {
		name   string
		change func(ctx context.Context, tx *Tx, userID string) error
	}{
		{"Password", func(ctx context.Context, tx *Tx, id string) error { return tx.SetPassword(ctx, id, "newhash") }},
		{"TwoStepOn", func(ctx context.Context, tx *Tx, id string) error {
			return tx.SetTOTP(ctx, id, "v1.sealed", []string{"h"})
		}},
		{"TwoStepOff", func(ctx context.Context, tx *Tx, id string) error { return tx.SetTOTP(ctx, id, "", nil) }},
		{"Role", func(ctx context.Context, tx *Tx, id string) error { return tx.SetRole(ctx, id, onward.RoleClinician) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := openTestStore(t)
			ctx := context.Background()
			u := createUser(t, s, "ben@example.com", onward.RoleMember)
			other := createUser(t, s, "bea@example.com", onward.RoleMember)
			err := s.Write(ctx, func(tx *Tx) error {
				for _, sess := range []onward.Session{{TokenHash: "phone", UserID: u.ID}, {TokenHash: "laptop", UserID: u.ID}, {TokenHash: "theirs", UserID: other.ID}} {
					sess.Stage, sess.ExpiresAt = onward.SessionActive, c.now().Add(time.Hour)
					if err := tx.CreateSession(ctx, &sess); err != nil {
						return err
					}
				}
				if err := tx.CreateAPIToken(ctx, &onward.APIToken{UserID: u.ID, Name: "app", ExpiresAt: c.now().Add(time.Hour)}, "mine"); err != nil {
					return err
				}
				return tx.CreateAPIToken(ctx, &onward.APIToken{UserID: other.ID, Name: "app", ExpiresAt: c.now().Add(time.Hour)}, "not mine")
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Write(ctx, func(tx *Tx) error { return tt.change(ctx, tx, u.ID) }); err != nil {
				t.Fatal(err)
			}
			if h, _ := s.PasswordHash(ctx, u.ID); tt.name == "Password" && h != "newhash" {
				t.Fatalf("password hash = %q, want newhash", h)
			}
			for _, h := range []string{"phone", "laptop"} {
				_, err := s.SessionByTokenHash(ctx, h)
				wantCode(t, err, onward.ENOTFOUND)
			}
			_, _, err = s.APITokenByHash(ctx, "mine")
			wantCode(t, err, onward.EUNAUTHORIZED)
			if _, err := s.SessionByTokenHash(ctx, "theirs"); err != nil {
				t.Fatalf("another account's session ended: %v", err)
			}
			if _, _, err := s.APITokenByHash(ctx, "not mine"); err != nil {
				t.Fatalf("another account's token ended: %v", err)
			}
		})
	}
}

func TestTOTPStepCannotBeReplayed(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "cy@example.com", onward.RoleClinician)
	use := func(step int64) bool {
		var ok bool
		if err := s.Write(ctx, func(tx *Tx) (err error) { ok, err = tx.UseTOTPStep(ctx, u.ID, step); return }); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !use(100) {
		t.Fatal("first use of step 100 refused")
	}
	if use(100) || use(99) {
		t.Fatal("a used or older step was accepted again")
	}
	if !use(101) {
		t.Fatal("the next step was refused")
	}
}

func TestSessions(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "dee@example.com", onward.RoleMember)
	sess := &onward.Session{TokenHash: "abc", UserID: u.ID, Stage: onward.SessionNeedsCode, ExpiresAt: c.now().Add(24 * time.Hour)}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateSession(ctx, sess) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.SessionByTokenHash(ctx, "abc")
	if err != nil || got.Stage != onward.SessionNeedsCode || got.UserID != u.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("SessionByTokenHash = %+v, %v", got, err)
	}
	c.advance(2 * time.Hour)
	if n, err := s.DeleteExpiredSessions(ctx, c.now(), time.Hour); err != nil || n != 1 {
		t.Fatalf("idle session not expired: n=%d err=%v", n, err)
	}
}

func TestAPITokens(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "eve@example.com", onward.RoleMember)
	other := createUser(t, s, "fay@example.com", onward.RoleMember)
	tok := &onward.APIToken{UserID: u.ID, Name: "phone", ExpiresAt: c.now().Add(48 * time.Hour)}
	short := &onward.APIToken{UserID: u.ID, Name: "short", ExpiresAt: c.now().Add(time.Hour)}
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.CreateAPIToken(ctx, tok, "h1"); err != nil {
			return err
		}
		return tx.CreateAPIToken(ctx, short, "h2")
	}); err != nil {
		t.Fatal(err)
	}
	got, owner, err := s.APITokenByHash(ctx, "h1")
	if err != nil || owner.ID != u.ID || got.ID != tok.ID || !got.ExpiresAt.Equal(tok.ExpiresAt) || got.LastUsedAt != nil {
		t.Fatalf("APITokenByHash = %+v, %v, %v", got, owner, err)
	}
	if err := s.TouchAPIToken(ctx, tok.ID, c.now()); err != nil {
		t.Fatal(err)
	}
	c.advance(2 * time.Hour) // past the short token's expiry
	list, _ := s.APITokens(ctx, u.ID, c.now())
	if len(list) != 1 || list[0].Name != "phone" || list[0].LastUsedAt == nil {
		t.Fatalf("APITokens = %+v, want one used token named phone", list)
	}
	err = s.Write(ctx, func(tx *Tx) error { return tx.RevokeAPIToken(ctx, other.ID, tok.ID) })
	wantCode(t, err, onward.ENOTFOUND)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.RevokeAPIToken(ctx, u.ID, tok.ID) }); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.APITokenByHash(ctx, "h1")
	wantCode(t, err, onward.EUNAUTHORIZED)
}

func TestPasswordResets(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "gus@example.com", onward.RoleMember)
	create := func(h string) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.CreatePasswordReset(ctx, u.ID, h, time.Hour) }); err != nil {
			t.Fatal(err)
		}
	}
	consume := func(h string) (string, error) {
		var id string
		err := s.Write(ctx, func(tx *Tx) (err error) { id, err = tx.ConsumePasswordReset(ctx, h); return })
		return id, err
	}
	create("r1")
	create("r2")
	if id, err := s.PasswordResetUser(ctx, "r1"); err != nil || id != u.ID {
		t.Fatalf("PasswordResetUser = %q, %v", id, err)
	}
	if id, err := consume("r1"); err != nil || id != u.ID {
		t.Fatalf("first use = %q, %v", id, err)
	}
	t.Run("ErrReused", func(t *testing.T) {
		_, err := consume("r1")
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("ErrOtherLinksDieWithFirstUse", func(t *testing.T) {
		_, err := consume("r2")
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("ErrExpired", func(t *testing.T) {
		create("r3")
		c.advance(61 * time.Minute)
		_, err := consume("r3")
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := consume("nope")
		wantCode(t, err, onward.EINVALID)
	})
}

func TestSignInAttempts(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	claim := func(keys ...AttemptLimit) bool {
		t.Helper()
		ok, err := s.ClaimAttempt(ctx, 15*time.Minute, keys...)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	account, client := AttemptLimit{Key: "account:a", Max: 3}, AttemptLimit{Key: "client:1", Max: 4}
	for i := range 3 {
		if !claim(account, client) {
			t.Fatalf("attempt %d refused; the limit is 3", i+1)
		}
	}
	if claim(account, client) {
		t.Fatal("a fourth attempt was counted; the limit is 3")
	}
	// A refused claim counts against none of its keys: the client has room
	// for exactly one more attempt on another account.
	if !claim(AttemptLimit{Key: "account:b", Max: 3}, client) || claim(AttemptLimit{Key: "account:c", Max: 3}, client) {
		t.Fatal("a refused claim moved the client's counter, or the client's limit did not hold")
	}
	// A right guess is given back; clearing forgets the account.
	if err := s.ReleaseAttempt(ctx, account.Key); err != nil {
		t.Fatal(err)
	}
	if !claim(account) || claim(account) {
		t.Fatal("a released attempt was not given back exactly once")
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.ClearAttempts(ctx, account.Key) }); err != nil {
		t.Fatal(err)
	}
	if !claim(account) {
		t.Fatal("a cleared account is still refused")
	}
	// The window ends: counting starts again.
	c.advance(16 * time.Minute)
	if !claim(client) {
		t.Fatal("the client is still refused after the window")
	}
	if err := s.PruneAttempts(ctx, c.now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
}

// Parallel claims for one key never count more than its limit: the check
// and the count are one statement.
func TestSignInAttemptsHoldUnderParallelClaims(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const parallel, limit = 60, 5
	var wg sync.WaitGroup
	var granted atomic.Int64
	for range parallel {
		wg.Go(func() {
			ok, err := s.ClaimAttempt(ctx, 15*time.Minute, AttemptLimit{Key: "account:burst", Max: limit}, AttemptLimit{Key: "client:burst", Max: 1000})
			if err != nil {
				t.Error(err)
			}
			if ok {
				granted.Add(1)
			}
		})
	}
	wg.Wait()
	if granted.Load() != limit {
		t.Fatalf("%d of %d parallel attempts were counted, want exactly the limit, %d", granted.Load(), parallel, limit)
	}
}

func TestPendingSignUpsAndEmailChanges(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	p := onward.PendingSignUp{Email: "new@example.com", DisplayName: "New", PasswordHash: "hash", Locale: "es", TimeZone: "UTC", Next: "/invite/x"}
	u := createUser(t, s, "old@example.com", onward.RoleMember)
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.CreatePendingSignUp(ctx, p, "signup", time.Hour); err != nil {
			return err
		}
		return tx.CreateEmailChange(ctx, u.ID, "moved@example.com", "change", time.Hour)
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PendingSignUp(ctx, "signup"); err != nil || *got != p {
		t.Fatalf("PendingSignUp = %+v, %v; want %+v", got, err, p)
	}
	if id, email, err := s.EmailChange(ctx, "change"); err != nil || id != u.ID || email != "moved@example.com" {
		t.Fatalf("EmailChange = %q, %q, %v", id, email, err)
	}
	var taken *onward.PendingSignUp
	if err := s.Write(ctx, func(tx *Tx) (err error) { taken, err = tx.TakePendingSignUp(ctx, "signup"); return }); err != nil || *taken != p {
		t.Fatalf("TakePendingSignUp = %+v, %v", taken, err)
	}
	err := s.Write(ctx, func(tx *Tx) error { _, err := tx.TakePendingSignUp(ctx, "signup"); return err })
	wantCode(t, err, onward.EINVALID) // spent
	c.advance(2 * time.Hour)
	err = s.Write(ctx, func(tx *Tx) error { _, _, err := tx.TakeEmailChange(ctx, "change"); return err })
	wantCode(t, err, onward.EINVALID) // expired
	if err := s.PruneLinks(ctx, c.now()); err != nil {
		t.Fatal(err)
	}
}

func TestRecoveryCodesWorkOnce(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "rae@example.com", onward.RoleMember)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetTOTP(ctx, u.ID, "v1.sealed", []string{"a", "b"}) }); err != nil {
		t.Fatal(err)
	}
	use := func(h string) bool {
		var ok bool
		if err := s.Write(ctx, func(tx *Tx) (err error) { ok, err = tx.UseRecoveryCode(ctx, u.ID, h); return }); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !use("a") || use("a") || use("zzz") {
		t.Fatal("a recovery code did not work exactly once, or an unknown one worked")
	}
	if n, _ := s.RecoveryCodesLeft(ctx, u.ID); n != 1 {
		t.Fatalf("%d codes left, want 1", n)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetTOTP(ctx, u.ID, "", nil) }); err != nil {
		t.Fatal(err)
	}
	if use("b") {
		t.Fatal("a recovery code worked after two-step sign-in was turned off")
	}
}

func TestAccessPolicyAndAudit(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "hal@example.com", onward.RoleMember)
	supporter := createUser(t, s, "ivy@example.com", onward.RoleSupporter)
	viewer := onward.Principal{UserID: supporter.ID, Role: onward.RoleSupporter}
	read := onward.AccessRequest{Viewer: viewer, SubjectID: member.ID, Category: onward.CategoryMilestones, Action: onward.ActionRead}
	ran := 0
	fn := func(*Tx) error { ran++; return nil }

	err := s.Access(ctx, read, fn)
	wantCode(t, err, onward.EFORBIDDEN)
	if ran != 0 {
		t.Fatal("denied access ran its function")
	}

	g := &onward.Grant{SubjectID: member.ID, GranteeID: supporter.ID, Categories: []onward.Category{onward.CategoryMilestones}}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateGrant(ctx, g) }); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Second)
	if err := s.Access(ctx, read, fn); err != nil || ran != 1 {
		t.Fatalf("granted access = %v (ran %d)", err, ran)
	}
	other := read
	other.Category = onward.CategoryCheckins
	wantCode(t, s.Access(ctx, other, fn), onward.EFORBIDDEN)

	if err := s.Write(ctx, func(tx *Tx) error { return tx.RevokeGrant(ctx, member.ID, g.ID) }); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Access(ctx, read, fn), onward.EFORBIDDEN)
	wantCode(t, s.Write(ctx, func(tx *Tx) error { return tx.RevokeGrant(ctx, member.ID, g.ID) }), onward.ENOTFOUND)

	// The member's own access is not "someone else" in the access log.
	own := onward.AccessRequest{Viewer: onward.Principal{UserID: member.ID, Role: onward.RoleMember}, SubjectID: member.ID,
		Category: onward.CategoryMilestones, Action: onward.ActionRead}
	if err := s.Access(ctx, own, fn); err != nil {
		t.Fatal(err)
	}
	log, err := s.AccessByOthers(ctx, member.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	var allowed, denied int
	for _, e := range log {
		if e.ActorID != supporter.ID {
			t.Fatalf("access log shows actor %s, want only the supporter", e.ActorID)
		}
		if e.Allowed {
			allowed++
		} else {
			denied++
		}
	}
	if allowed != 1 || denied != 3 {
		t.Fatalf("access log has %d allowed and %d denied entries, want 1 and 3: %+v", allowed, denied, log)
	}
	n, err := s.VerifyAudit(ctx)
	if err != nil || n < 7 {
		t.Fatalf("VerifyAudit = %d, %v", n, err)
	}
}

func TestAuditTamperingDetected(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	createUser(t, s, "jo@example.com", onward.RoleMember)
	createUser(t, s, "kit@example.com", onward.RoleMember)
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("intact log: %v", err)
	}
	if _, err := s.DB().ExecContext(ctx, "UPDATE audit_log SET reason = 'edited' WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); err == nil {
		t.Fatal("an edited audit entry was not detected")
	}
}

func TestDeleteUserCascades(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "lou@example.com", onward.RoleMember)
	sup := createUser(t, s, "max@example.com", onward.RoleSupporter)
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.CreateSession(ctx, &onward.Session{TokenHash: "s1", UserID: u.ID, Stage: onward.SessionActive, ExpiresAt: c.now().Add(time.Hour)}); err != nil {
			return err
		}
		if err := tx.CreateAPIToken(ctx, &onward.APIToken{UserID: u.ID, Name: "t", ExpiresAt: c.now().Add(time.Hour)}, "th"); err != nil {
			return err
		}
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: u.ID, GranteeID: sup.ID, Categories: []onward.Category{onward.CategoryCheckins}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.DeleteUser(ctx, u.ID) }); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := s.SessionByTokenHash(ctx, "s1"); return err }(), onward.ENOTFOUND)
	wantCode(t, func() error { _, _, err := s.APITokenByHash(ctx, "th"); return err }(), onward.EUNAUTHORIZED)
	var grants int
	s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM grants").Scan(&grants)
	if grants != 0 {
		t.Fatalf("%d grants remain after the member deleted their account", grants)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain broken by account deletion: %v", err)
	}
}

func TestBackupRestoresEveryRow(t *testing.T) {
	s, _ := openTestStore(t)
	if s.Dialect() != "sqlite" {
		t.Skip("online backup is SQLite's; PostgreSQL uses pg_dump")
	}
	ctx := context.Background()
	for _, e := range []string{"n1@example.com", "n2@example.com", "n3@example.com"} {
		createUser(t, s, e, onward.RoleMember)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := s.Backup(ctx, out); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	restored, err := Open(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := restored.Ready(ctx); err != nil {
		t.Fatalf("restored database not ready: %v", err)
	}
	for _, table := range []string{"users", "audit_log"} {
		var a, b int
		s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&a)
		restored.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&b)
		if a == 0 || a != b {
			t.Fatalf("%s: live has %d rows, restored has %d", table, a, b)
		}
	}
	if _, err := restored.UserByEmail(ctx, "n3@example.com"); err != nil {
		t.Fatalf("restored copy lacks a user: %v", err)
	}
	// The copy is checked with the live database's keys, kept apart from it.
	if r, err := restored.CheckAudit(ctx, *s.auditKeys.Load(), nil); err != nil || r.Err() != nil || r.Entries == 0 {
		t.Fatalf("restored audit chain: %d entries, %v %v", r.Entries, err, r.Err())
	}
}
