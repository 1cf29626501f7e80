package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
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

func TestSetPasswordEndsOtherSessions(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "ben@example.com", onward.RoleMember)
	for _, h := range []string{"keep", "other"} {
		err := s.Write(ctx, func(tx *Tx) error {
			return tx.CreateSession(ctx, &Session{TokenHash: h, UserID: u.ID, Stage: SessionActive, ExpiresAt: c.now().Add(time.Hour)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetPassword(ctx, u.ID, "newhash", "keep") }); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.PasswordHash(ctx, u.ID); h != "newhash" {
		t.Fatalf("password hash = %q, want newhash", h)
	}
	if _, err := s.SessionByTokenHash(ctx, "keep"); err != nil {
		t.Fatalf("the session that changed the password was ended: %v", err)
	}
	_, err := s.SessionByTokenHash(ctx, "other")
	wantCode(t, err, onward.ENOTFOUND)
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
	sess := &Session{TokenHash: "abc", UserID: u.ID, Stage: SessionNeedsTOTP, ExpiresAt: c.now().Add(24 * time.Hour)}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateSession(ctx, sess) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSessionStage(ctx, "abc", SessionActive) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.SessionByTokenHash(ctx, "abc")
	if err != nil || got.Stage != SessionActive || got.UserID != u.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("SessionByTokenHash = %+v, %v", got, err)
	}
	c.advance(2 * time.Hour)
	if n, err := s.DeleteExpiredSessions(ctx, c.now(), time.Hour); err != nil || n != 1 {
		t.Fatalf("idle session not expired: n=%d err=%v", n, err)
	}
}

func TestAPITokens(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "eve@example.com", onward.RoleMember)
	other := createUser(t, s, "fay@example.com", onward.RoleMember)
	var tok *APIToken
	if err := s.Write(ctx, func(tx *Tx) (err error) { tok, err = tx.CreateAPIToken(ctx, u.ID, "phone", "h1"); return }); err != nil {
		t.Fatal(err)
	}
	owner, err := s.UserByAPIToken(ctx, "h1")
	if err != nil || owner.ID != u.ID {
		t.Fatalf("UserByAPIToken = %v, %v", owner, err)
	}
	list, _ := s.APITokens(ctx, u.ID)
	if len(list) != 1 || list[0].Name != "phone" || list[0].LastUsedAt == nil {
		t.Fatalf("APITokens = %+v, want one used token named phone", list)
	}
	err = s.Write(ctx, func(tx *Tx) error { return tx.RevokeAPIToken(ctx, other.ID, tok.ID) })
	wantCode(t, err, onward.ENOTFOUND)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.RevokeAPIToken(ctx, u.ID, tok.ID) }); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserByAPIToken(ctx, "h1")
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

func TestLoginFailures(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	since := c.now()
	c.advance(time.Second)
	for i := 0; i < 3; i++ {
		s.RecordLoginFailure(ctx, "a@example.com", "10.0.0.1")
	}
	s.RecordLoginFailure(ctx, "b@example.com", "10.0.0.1")
	byEmail, byIP, err := s.LoginFailures(ctx, "a@example.com", "10.0.0.1", since)
	if err != nil || byEmail != 3 || byIP != 4 {
		t.Fatalf("LoginFailures = %d, %d, %v; want 3, 4", byEmail, byIP, err)
	}
	s.ClearLoginFailures(ctx, "a@example.com")
	if byEmail, _, _ = s.LoginFailures(ctx, "a@example.com", "10.0.0.1", since); byEmail != 0 {
		t.Fatalf("after clearing, %d failures remain", byEmail)
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
		if err := tx.CreateSession(ctx, &Session{TokenHash: "s1", UserID: u.ID, Stage: SessionActive, ExpiresAt: c.now().Add(time.Hour)}); err != nil {
			return err
		}
		if _, err := tx.CreateAPIToken(ctx, u.ID, "t", "th"); err != nil {
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
	wantCode(t, func() error { _, err := s.UserByAPIToken(ctx, "th"); return err }(), onward.EUNAUTHORIZED)
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
