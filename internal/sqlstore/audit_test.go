package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// These tests play someone who can write to the database directly (and,
// where said, who also holds the audit key) against the audit log.

func rawExec(t *testing.T, s *Store, q string, args ...any) {
	t.Helper()
	if _, err := s.DB().ExecContext(context.Background(), s.dialect.rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func storedHead(t *testing.T, s *Store) (int64, string) {
	t.Helper()
	var seq int64
	var hash string
	if err := s.DB().QueryRow("SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
		t.Fatal(err)
	}
	return seq, hash
}

func auditEntries(t *testing.T, s *Store) []onward.AuditEntry {
	t.Helper()
	rows, err := s.DB().Query(`SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := scanAuditRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkAudit checks s's log with its own keys and the checkpoints given.
func checkAudit(t *testing.T, s *Store, exported ...audit.Checkpoint) AuditReport {
	t.Helper()
	r, err := s.CheckAudit(context.Background(), *s.auditKeys.Load(), exported)
	if err != nil {
		t.Fatalf("check audit log: %v", err)
	}
	return r
}

func wantIntact(t *testing.T, r AuditReport) {
	t.Helper()
	if len(r.Problems) > 0 {
		t.Fatalf("an intact log reported: %v", r.Err())
	}
}

func wantProblem(t *testing.T, r AuditReport, want string) {
	t.Helper()
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("check reported %v; want a problem saying %q", err, want)
	}
}

// someEntries writes n audited changes.
func someEntries(t *testing.T, s *Store, n int) {
	t.Helper()
	for range n {
		createUser(t, s, fmt.Sprintf("u%s@example.com", newID()), onward.RoleMember)
	}
}

func randomKeys(t *testing.T) (mac, signing string) {
	t.Helper()
	b := make([]byte, 64)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b[:32]), base64.StdEncoding.EncodeToString(b[32:])
}

func TestAuditIntactLogWithCheckpoints(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	someEntries(t, s, 3)
	cp, made, err := s.Checkpoint(ctx)
	if err != nil || !made {
		t.Fatalf("checkpoint: made %v, %v", made, err)
	}
	if seq, hash := storedHead(t, s); cp.Seq != seq || cp.Hash != hash {
		t.Fatalf("checkpoint of entry %d, but the head is entry %d", cp.Seq, seq)
	}
	if again, made, err := s.Checkpoint(ctx); err != nil || made || again.Signature != cp.Signature {
		t.Fatalf("a checkpoint of an unchanged log: made %v, %v", made, err)
	}
	someEntries(t, s, 2)
	if _, made, err := s.Checkpoint(ctx); err != nil || !made {
		t.Fatalf("checkpoint after the log grew: made %v, %v", made, err)
	}
	exported, err := s.Checkpoints(ctx)
	if err != nil || len(exported) != 2 {
		t.Fatalf("%d checkpoints (%v), want 2", len(exported), err)
	}
	r := checkAudit(t, s, exported...)
	wantIntact(t, r)
	if r.Entries != 6 || r.Checkpoints != 2 { // the log's opening entry and five sign-ups
		t.Fatalf("checked %d entries and %d checkpoints, want 6 and 2", r.Entries, r.Checkpoints)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 6 {
		t.Fatalf("VerifyAudit = %d, %v", n, err)
	}
}

// A row written past the head used to be invisible to verify, and made
// every later audited request fail on its taken place.
func TestAuditRowPastHeadIsReportedAndNeverBlocksWrites(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "maria@example.com", onward.RoleMember)
	seq, hash := storedHead(t, s)
	forge := func(seq int64, prevHash string) {
		e := onward.AuditEntry{Seq: seq, At: time.Now().UTC().Truncate(time.Microsecond), ActorID: "someone", SubjectID: member.ID,
			Category: onward.CategoryCheckins, Action: "read", Allowed: true, Reason: "shared", PrevHash: prevHash}
		e.Hash = audit.LegacyHash(e)
		rawExec(t, s, `INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, s.t(e.At), e.ActorID, e.SubjectID, string(e.Category), e.Action, e.Allowed, e.Reason, e.PrevHash, e.Hash)
	}
	forge(seq+1, hash) // the very place the next entry takes
	forge(seq+50, hash)

	wantProblem(t, checkAudit(t, s), fmt.Sprintf("the log has 2 rows (numbered %d to %d) after its head that Onward did not write", seq+1, seq+50))
	if log, err := s.AccessByOthers(ctx, member.ID, 10); err != nil || len(log) != 0 {
		t.Fatalf("who has seen my data shows %d forged rows (%v)", len(log), err)
	}

	// The next audited requests go through.
	someEntries(t, s, 2)

	var setAside int
	s.DB().QueryRow("SELECT COUNT(*) FROM audit_set_aside").Scan(&setAside)
	if setAside != 2 {
		t.Fatalf("%d rows set aside, want the 2 forged ones", setAside)
	}
	r := checkAudit(t, s)
	wantProblem(t, r, "records tampering found")
	wantProblem(t, r, fmt.Sprintf("2 rows (numbered %d to %d) that Onward did not write, found after entry %d", seq+1, seq+50, seq))
	if strings.Contains(r.Err().Error(), "does not") || strings.Contains(r.Err().Error(), "after its head") {
		t.Fatalf("the chain itself should be whole again: %v", r.Err())
	}
	if r.Entries != seq+3 {
		t.Fatalf("checked %d entries, want %d", r.Entries, seq+3)
	}
}

// A wiped log with its head reset used to pass verify.
func TestAuditWipedLogIsDetected(t *testing.T) {
	tests := []struct {
		name   string
		wipe   func(t *testing.T, s *Store, genesis string)
		export bool // check against checkpoints exported before the wipe
		want   string
	}{
		{"HeadResetToZeros", func(t *testing.T, s *Store, _ string) {
			rawExec(t, s, "DELETE FROM audit_log")
			rawExec(t, s, "UPDATE audit_head SET seq = 0, hash = ?", audit.LegacyGenesis)
		}, false, "the log is empty, yet it was started"},
		{"HeadResetToGenesis", func(t *testing.T, s *Store, genesis string) {
			rawExec(t, s, "DELETE FROM audit_log")
			rawExec(t, s, "UPDATE audit_head SET seq = 0, hash = ?", genesis)
		}, false, "the log is empty, yet it was started"},
		{"MadeToLookNew", func(t *testing.T, s *Store, _ string) {
			rawExec(t, s, "DELETE FROM audit_log")
			rawExec(t, s, "UPDATE audit_head SET seq = 0, hash = ?, genesis = NULL", audit.LegacyGenesis)
		}, false, "but the log now has only 0"},
		{"CheckpointsDeletedToo", func(t *testing.T, s *Store, _ string) {
			rawExec(t, s, "DELETE FROM audit_log")
			rawExec(t, s, "DELETE FROM audit_checkpoints")
			rawExec(t, s, "UPDATE audit_head SET seq = 0, hash = ?, genesis = NULL", audit.LegacyGenesis)
		}, true, "but the log now has only 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTestStore(t)
			someEntries(t, s, 3)
			if _, _, err := s.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			exported, _ := s.Checkpoints(context.Background())
			tt.wipe(t, s, s.auditKeys.Load().Genesis())
			if !tt.export {
				exported = nil
			}
			wantProblem(t, checkAudit(t, s, exported...), tt.want)
		})
	}
}

// Rewriting entries and recomputing plain SHA-256 hashes, as anyone could,
// used to pass verify.
func TestAuditRewriteWithoutTheKeyIsDetected(t *testing.T) {
	s, _ := openTestStore(t)
	someEntries(t, s, 4)
	entries := auditEntries(t, s)
	for i := 1; i < len(entries); i++ {
		if i == 1 {
			entries[i].Reason = "shared by consent"
		} else {
			entries[i].PrevHash = entries[i-1].Hash
		}
		entries[i].Hash = audit.LegacyHash(entries[i])
		rawExec(t, s, "UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?",
			entries[i].Reason, entries[i].PrevHash, entries[i].Hash, entries[i].Seq)
	}
	last := entries[len(entries)-1]
	rawExec(t, s, "UPDATE audit_head SET hash = ? WHERE id = 1", last.Hash)
	wantProblem(t, checkAudit(t, s), "entry 2 does not match its seal")
}

// Someone holding the database and the audit key can re-seal a shortened
// or rewritten chain; a checkpoint copied off the machine still shows it.
func TestAuditTruncationBeforeACheckpointIsDetected(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	keys := s.auditKeys.Load()
	someEntries(t, s, 5)
	cp, _, err := s.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := s.Checkpoints(ctx)
	someEntries(t, s, 2)

	// Cut the log back to entry 3, before the checkpoint, and move the
	// head there: the chain that is left is whole.
	keep := auditEntries(t, s)[2]
	rawExec(t, s, "DELETE FROM audit_log WHERE seq > ?", keep.Seq)
	rawExec(t, s, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", keep.Seq, keep.Hash)
	wantProblem(t, checkAudit(t, s), fmt.Sprintf("counted %d entries, but the log now has only %d", cp.Seq, keep.Seq))

	// Removing the stored checkpoints hides it from the database alone.
	rawExec(t, s, "DELETE FROM audit_checkpoints")
	wantIntact(t, checkAudit(t, s))
	wantProblem(t, checkAudit(t, s, exported...), fmt.Sprintf("counted %d entries, but the log now has only %d", cp.Seq, keep.Seq))

	// The server writes on; once the log is as long as before, the entry
	// the checkpoint covers is another one.
	someEntries(t, s, 5)
	r := checkAudit(t, s, exported...)
	wantProblem(t, r, fmt.Sprintf("entry %d is not the one a checkpoint signed on", cp.Seq))
	if r.Entries == 0 || strings.Contains(r.Err().Error(), "seal") {
		t.Fatalf("the re-grown chain is whole; only the checkpoint shows the cut: %v", r.Err())
	}

	// A forged checkpoint from another key proves nothing.
	other, _ := audit.NewKeys()
	forged := other.SignCheckpoint(cp.Seq, cp.Hash, cp.At)
	wantProblem(t, checkAudit(t, s, forged), "signed with another key")
	// Rewriting an entry in the middle and re-sealing the rest with the key.
	entries := auditEntries(t, s)
	prev := keys.Genesis()
	for i := range entries {
		if i == 1 {
			entries[i].Reason = "rewritten"
		}
		entries[i].PrevHash = prev
		entries[i].Hash = keys.Hash(entries[i])
		prev = entries[i].Hash
		rawExec(t, s, "UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?", entries[i].Reason, entries[i].PrevHash, entries[i].Hash, entries[i].Seq)
	}
	rawExec(t, s, "UPDATE audit_head SET hash = ? WHERE id = 1", prev)
	wantProblem(t, checkAudit(t, s, exported...), "was rewritten")
}

func TestAuditKeysMustMatchTheLog(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	someEntries(t, s, 1)
	own := *s.auditKeys.Load()
	if _, err := s.OpenAuditLog(ctx, own); err != nil {
		t.Fatalf("reopening with the log's own keys: %v", err)
	}
	other, _ := audit.NewKeys()
	if _, err := s.OpenAuditLog(ctx, other); !errors.Is(err, ErrAuditKeyMismatch) {
		t.Fatalf("opening with another key: %v", err)
	}
	r, err := s.CheckAudit(ctx, other, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, r, "not the key this log was sealed with")
	if s.auditKeys.Load().Genesis() != own.Genesis() {
		t.Fatal("a refused key replaced the store's key")
	}

	// The right sealing key with another signing key: the stored
	// checkpoint tells.
	if _, _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	mac, signing := randomKeys(t)
	sealing, _ := audit.ParseKeys(mac, signing)
	s2, _ := openMigratedStore(t)
	if _, err := s2.OpenAuditLog(ctx, sealing); err != nil {
		t.Fatal(err)
	}
	someEntries(t, s2, 1)
	if _, _, err := s2.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	_, otherSigning := randomKeys(t)
	resigned, _ := audit.ParseKeys(mac, otherSigning)
	if _, err := s2.OpenAuditLog(ctx, resigned); !errors.Is(err, ErrAuditKeyMismatch) {
		t.Fatalf("opening with another signing key: %v", err)
	}
}

func TestAuditWritesNeedKeys(t *testing.T) {
	s, _ := openMigratedStore(t)
	u := &onward.User{Email: "kit@example.com", DisplayName: "Kit", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
	err := s.Write(context.Background(), func(tx *Tx) error { return tx.CreateUser(context.Background(), u, "hash") })
	if !errors.Is(err, errNoAuditKeys) {
		t.Fatalf("an audited write without keys: %v", err)
	}
	if _, err := s.VerifyAudit(context.Background()); !errors.Is(err, errNoAuditKeys) {
		t.Fatalf("verify without keys: %v", err)
	}
}

// A log written before keys (plain SHA-256) is checked and re-sealed once.
func TestAuditLegacyLogIsRekeyed(t *testing.T) {
	for _, broken := range []bool{false, true} {
		t.Run(fmt.Sprintf("broken=%v", broken), func(t *testing.T) {
			ctx := context.Background()
			s, _ := openMigratedStore(t)
			const old = rekeyBatch + 1 // more than one batch
			raw, err := s.DB().Begin()
			if err != nil {
				t.Fatal(err)
			}
			insert, err := raw.Prepare(s.dialect.rebind(`INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
			if err != nil {
				t.Fatal(err)
			}
			prevHash := audit.LegacyGenesis
			at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
			for i := int64(1); i <= old; i++ {
				e := onward.AuditEntry{Seq: i, At: at, ActorID: "a", SubjectID: "b", Category: onward.CategoryCheckins,
					Action: "read", Allowed: true, Reason: "own data", PrevHash: prevHash}
				e.Hash = audit.LegacyHash(e)
				if _, err := insert.Exec(e.Seq, s.t(e.At), e.ActorID, e.SubjectID, string(e.Category), e.Action, e.Allowed, e.Reason, e.PrevHash, e.Hash); err != nil {
					t.Fatal(err)
				}
				prevHash = e.Hash
			}
			insert.Close()
			if err := raw.Commit(); err != nil {
				t.Fatal(err)
			}
			rawExec(t, s, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", old, prevHash)
			if broken {
				rawExec(t, s, "UPDATE audit_log SET reason = 'edited' WHERE seq = 2")
			}
			keys, _ := audit.NewKeys()
			r, err := s.CheckAudit(ctx, keys, nil)
			if err != nil {
				t.Fatal(err)
			}
			wantProblem(t, r, "has not been re-sealed yet")

			start, err := s.OpenAuditLog(ctx, keys)
			if err != nil {
				t.Fatal(err)
			}
			if start.Started || start.Rekeyed != old || (start.Finding != "") != broken {
				t.Fatalf("OpenAuditLog on an unkeyed log: %+v", start)
			}
			someEntries(t, s, 1)
			r = checkAudit(t, s)
			if r.Entries != old+2 {
				t.Fatalf("checked %d entries, want the %d old ones, the re-keying and a new one", r.Entries, old)
			}
			if broken {
				wantProblem(t, r, fmt.Sprintf("entry %d records tampering found", old+1))
				wantProblem(t, r, "entry 2 does not match its seal")
			} else {
				wantIntact(t, r)
			}
			if again, err := s.OpenAuditLog(ctx, keys); err != nil || again.Rekeyed != 0 {
				t.Fatalf("a second start re-keyed again: %+v %v", again, err)
			}
		})
	}
}
