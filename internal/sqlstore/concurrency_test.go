package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Writes to one member's data that read before they write must not race,
// however many run at once (on PostgreSQL they run side by side).

// writeOwn runs fn in a write under the member's recorded decision to
// change their own data in categories, as the app does.
func writeOwn(s *Store, member *onward.User, categories []onward.Category, fn func(*Tx, Disclosure) error) error {
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: member.ID, Role: member.Role},
			SubjectID: member.ID, Action: onward.ActionWrite, Categories: categories}, nil, tx.Now))
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
}

// concurrently runs fn n times at once and fails on the first error.
func concurrently(t *testing.T, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- fn(i)
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrentAutomaticAlertsSendOne runs many "alert unless already
// alerted today" writes for one member at once: exactly one alert.
func TestConcurrentAutomaticAlertsSendOne(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "nia@example.com", onward.RoleMember)
	midnight := c.now().Truncate(24 * time.Hour)
	const n = 16
	concurrently(t, n, func(int) error {
		return writeOwn(s, member, []onward.Category{onward.CategoryAlerts}, func(tx *Tx, _ Disclosure) error {
			sent, err := tx.SupportRequestsSince(ctx, member.ID, midnight)
			if err != nil || sent > 0 {
				return err
			}
			_, err = tx.CreateSupportRequest(ctx, member.ID)
			return err
		})
	})
	var alerts int
	if err := s.DB().QueryRow(s.dialect.rebind("SELECT COUNT(*) FROM support_requests WHERE member_id = ?"), member.ID).Scan(&alerts); err != nil {
		t.Fatal(err)
	}
	if alerts != 1 {
		t.Fatalf("%d concurrent writes sent %d alerts; one a day is the rule", n, alerts)
	}
}

// TestConcurrentCheckInsOfOneDayReplaceEachOther saves one day's check-in
// many times at once, as a double submit does: each save succeeds (none is
// refused as a conflict), and the last version counts them all.
func TestConcurrentCheckInsOfOneDayReplaceEachOther(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "oli@example.com", onward.RoleMember)
	day := recovery.DateOf(c.now(), time.UTC)
	const n = 16
	concurrently(t, n, func(i int) error {
		return writeOwn(s, member, []onward.Category{onward.CategoryCheckins}, func(tx *Tx, d Disclosure) error {
			_, err := tx.SaveCheckIn(ctx, d, &onward.CheckIn{UserID: member.ID, Day: day, Mood: 1 + i%5, Craving: i % 11}, nil)
			return err
		})
	})
	var version int
	if err := s.DB().QueryRow(s.dialect.rebind("SELECT version FROM checkins WHERE user_id = ? AND day = ?"), member.ID, day.String()).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != n {
		t.Fatalf("after %d saves the check-in is at version %d", n, version)
	}
}

// TestManyAuditEntriesInOneWrite appends more entries in one write than
// one statement takes: the chain must still verify.
func TestManyAuditEntriesInOneWrite(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const n = 2*auditEntriesPerInsert + 37
	err := s.Write(ctx, func(tx *Tx) error {
		for i := 0; i < n; i++ {
			if err := tx.AccountEvent(ctx, "a", "b", "many"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("verify after one write of %d entries: %v", n, err)
	}
	var rows int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'many'").Scan(&rows); err != nil || rows != n {
		t.Fatalf("%d entries of the write are in the log, want %d (%v)", rows, n, err)
	}
}

// TestUnchainedEntriesLeftByACrashAreChainedLater leaves entries as a crash
// between a write's commit and its chaining would (PostgreSQL only): the
// log verifies without them, and the next sealing chains them.
func TestUnchainedEntriesLeftByACrashAreChainedLater(t *testing.T) {
	s, _ := openTestStore(t)
	if s.Dialect() != "postgres" {
		t.Skip("SQLite chains entries as they are written")
	}
	ctx := context.Background()
	createUser(t, s, "pia@example.com", onward.RoleMember)
	before, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A write that committed its entries; the sealer has not run since.
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{tx: sqlTx, store: s, dialect: s.dialect, Now: time.Now().UTC()}
	if err := tx.AccountEvent(ctx, "a", "b", "left by a crash"); err != nil {
		t.Fatal(err)
	}
	if err := tx.insertUnsealed(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	keys := s.auditKeys.Load()
	r, err := s.CheckAudit(ctx, *keys, nil)
	if err != nil || r.Err() != nil || r.Entries != before || r.Unchained != 1 {
		t.Fatalf("check with an entry not chained yet: %+v, %v; want %d entries and 1 unchained", r, err, before)
	}
	if err := s.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != before+1 {
		t.Fatalf("verify after chaining: %d entries, %v; want %d", n, err, before+1)
	}
}

// TestUnchainedRowsWithoutTheKeyAreSetAside adds an unchained row as
// someone with the database but not the key would (PostgreSQL only): the
// check reports it, and the sealer sets it aside instead of chaining it.
func TestUnchainedRowsWithoutTheKeyAreSetAside(t *testing.T) {
	s, c := openTestStore(t)
	if s.Dialect() != "postgres" {
		t.Skip("SQLite has no unchained entries")
	}
	ctx := context.Background()
	createUser(t, s, "quin@example.com", onward.RoleMember)
	_, err := s.DB().ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
		VALUES (-(txid_current() * 65536), $1, 'x', 'y', 'checkins', 'read', true, 'forged', 'unsealed 00', 'not a seal')`, c.now())
	if err != nil {
		t.Fatal(err)
	}
	keys := s.auditKeys.Load()
	if r, _ := s.CheckAudit(ctx, *keys, nil); r.Err() == nil {
		t.Fatal("a forged unchained row went unreported")
	}
	if err := s.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	var setAside int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM audit_set_aside WHERE reason = 'forged'").Scan(&setAside); err != nil || setAside != 1 {
		t.Fatalf("%d forged rows set aside (%v), want 1", setAside, err)
	}
	r, err := s.CheckAudit(ctx, *keys, nil)
	if err != nil || r.Err() == nil {
		t.Fatalf("after sealing, the log must still report what it found: %+v, %v", r, err)
	}
}

func TestOnlyWritesWhoseEntriesPagesShowWaitForTheChain(t *testing.T) {
	own := onward.AuditEntry{ActorID: "ana", SubjectID: "ana", Category: onward.CategoryCheckins, Action: "write", Allowed: true}
	byOther := onward.AuditEntry{ActorID: "sam", SubjectID: "ana", Category: onward.CategoryCheckins, Action: "read", Allowed: true}
	account := onward.AuditEntry{ActorID: "ana", SubjectID: "ana", Category: onward.CategoryAccount, Action: "sign in", Allowed: true}
	tests := []struct {
		name    string
		entries []onward.AuditEntry
		want    bool
	}{
		{"None", nil, false},
		{"OwnChangesOnly", []onward.AuditEntry{own, own}, false},
		{"SomeoneElsesAccess", []onward.AuditEntry{own, byOther}, true},
		{"AnAccountEvent", []onward.AuditEntry{account}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showsAtOnce(tt.entries); got != tt.want {
				t.Fatalf("showsAtOnce = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestConcurrentStaffInvitesKeepTheProgramsLimit sends many staff
// invitations of one program at once, each "unless the limit is reached":
// the limit holds, as it does one at a time.
func TestConcurrentStaffInvitesKeepTheProgramsLimit(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	admin := createUser(t, s, "admin@example.com", onward.RoleClinician)
	var programID string
	if err := s.Write(ctx, func(tx *Tx) error {
		p := directory.DemoPrograms()[0]
		if _, err := tx.ImportPrograms(ctx, []directory.Program{p}); err != nil {
			return err
		}
		var err error
		programID, err = tx.ProgramID(ctx, p.Source, p.SourceID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	const n, limit = 16, 3
	concurrently(t, n, func(i int) error {
		return s.Write(ctx, func(tx *Tx) error {
			sent, err := tx.StaffInvitesSentSince(ctx, programID, c.now().Add(-time.Hour))
			if err != nil || sent >= limit {
				return err
			}
			inv := &onward.StaffInvite{ProgramID: programID, Email: fmt.Sprintf("nurse%d@example.com", i), Title: onward.TitleNurse, InvitedBy: admin.ID}
			return tx.CreateStaffInvite(ctx, inv, fmt.Sprintf("hash%d", i))
		})
	})
	var sent int
	if err := s.DB().QueryRow(s.dialect.rebind("SELECT COUNT(*) FROM staff_invites WHERE program_id = ?"), programID).Scan(&sent); err != nil {
		t.Fatal(err)
	}
	if sent != limit {
		t.Fatalf("%d concurrent invitations under a limit of %d sent %d", n, limit, sent)
	}
}

// TestConcurrentRemovalsKeepAnAdmin removes every admin of a program at
// once: one stays, as one at a time.
func TestConcurrentRemovalsKeepAnAdmin(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const n = 4
	var programID string
	admins := make([]*onward.User, n)
	for i := range admins {
		admins[i] = createUser(t, s, fmt.Sprintf("admin%d@example.com", i), onward.RoleProgramAdmin)
	}
	if err := s.Write(ctx, func(tx *Tx) error {
		p := directory.DemoPrograms()[0]
		if _, err := tx.ImportPrograms(ctx, []directory.Program{p}); err != nil {
			return err
		}
		var err error
		if programID, err = tx.ProgramID(ctx, p.Source, p.SourceID); err != nil {
			return err
		}
		for _, a := range admins {
			if err := tx.AddProgramStaff(ctx, programID, a.ID); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	concurrently(t, n, func(i int) error {
		err := s.Write(ctx, func(tx *Tx) error { return tx.RemoveProgramStaff(ctx, admins[i].ID, programID, admins[i].ID) })
		if onward.ErrorCode(err) == onward.ECONFLICT {
			return nil // the last admin stays
		}
		return err
	})
	var left int
	if err := s.DB().QueryRow(s.dialect.rebind("SELECT COUNT(*) FROM program_staff WHERE program_id = ?"), programID).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 1 {
		t.Fatalf("%d admins removing themselves at once left %d; one must stay", n, left)
	}
}
