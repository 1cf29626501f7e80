package sqlstore

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// auditEvents appends n account events at the clock's time, one second apart.
func auditEvents(t *testing.T, s *Store, c *clock, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		c.advance(time.Second)
		if err := s.Write(context.Background(), func(tx *Tx) error { return tx.AccountEvent(context.Background(), "a", "b", "test") }); err != nil {
			t.Fatal(err)
		}
	}
}

func readArchive(t *testing.T, b []byte) []onward.AuditEntry {
	t.Helper()
	var out []onward.AuditEntry
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var e archivedEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("archive line %q: %v", sc.Text(), err)
		}
		out = append(out, onward.AuditEntry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, SubjectID: e.SubjectID, Category: onward.Category(e.Category),
			Action: e.Action, Allowed: e.Allowed, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	return out
}

func countAudit(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPruneAuditKeepsTheChainVerifiable archives and removes old entries
// twice (in chunks, the second time including the first checkpoints) and
// checks that the archives chain on from each other, that the entries
// left still verify, and that a signed checkpoint of an archived entry is
// no longer looked for in the table.
func TestPruneAuditKeepsTheChainVerifiable(t *testing.T) {
	defer func(n int64) { pruneChunk = n }(pruneChunk)
	pruneChunk = 3
	s, c := openTestStore(t)
	ctx := context.Background()
	auditEvents(t, s, c, 8)
	if _, _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	cutoff := c.now().Add(time.Millisecond)
	c.advance(time.Hour)
	auditEvents(t, s, c, 4)

	var archive bytes.Buffer
	a, err := s.ArchiveAudit(ctx, cutoff, &archive)
	if err != nil {
		t.Fatal(err)
	}
	// The log's first entry (its start) and the 8 events.
	if a.First != 1 || a.Last != 9 || a.Count != 9 {
		t.Fatalf("archived %+v, want entries 1 to 9", a)
	}
	entries := readArchive(t, archive.Bytes())
	v := s.auditKeys.Load().NewVerifier()
	for _, e := range entries {
		if err := v.Next(e); err != nil {
			t.Fatalf("the archive does not verify on its own: %v", err)
		}
		if !e.At.Before(cutoff) {
			t.Fatalf("entry %d of %s archived with a cutoff of %s", e.Seq, e.At, cutoff)
		}
	}
	if countAudit(t, s) != 13 {
		t.Fatal("archiving changed the table")
	}
	if err := s.PruneAudit(ctx, a); err != nil {
		t.Fatal(err)
	}
	// 4 entries left, plus one checkpoint per chunk of 3: 3 + 3 + 2.
	if n := countAudit(t, s); n != 4+3 {
		t.Fatalf("%d entries left after pruning, want 7", n)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 7 {
		t.Fatalf("verify after pruning: %d entries, %v", n, err)
	}
	if err := s.PruneAudit(ctx, a); err == nil {
		t.Fatal("pruning the same archive twice succeeded")
	}

	// Later, everything so far is old, checkpoints included.
	c.advance(time.Hour)
	cutoff = c.now()
	c.advance(time.Hour)
	auditEvents(t, s, c, 2)
	archive.Reset()
	second, err := s.ArchiveAudit(ctx, cutoff, &archive)
	if err != nil {
		t.Fatal(err)
	}
	later := readArchive(t, archive.Bytes())
	if len(later) != 7 || later[0].PrevHash != entries[len(entries)-1].Hash {
		t.Fatalf("second archive: %d entries, first links to %q; want 7 linking to the first archive's last", len(later), later[0].PrevHash)
	}
	if err := s.PruneAudit(ctx, second); err != nil {
		t.Fatal(err)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 2+3 {
		t.Fatalf("verify after the second pruning: %d entries, %v", n, err)
	}
}

func TestPruneAuditTamperingDetected(t *testing.T) {
	tests := []struct {
		name   string
		tamper string
	}{
		{"FirstEntryAfterCheckpointRemoved", "DELETE FROM audit_log WHERE seq = (SELECT MIN(seq) FROM audit_log)"},
		{"CheckpointRemoved", "DELETE FROM audit_log WHERE action = 'audit_archived'"},
		{"CheckpointMovedOn", "UPDATE audit_log SET reason = REPLACE(reason, 'to 6,', 'to 7,') WHERE action = 'audit_archived'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := openTestStore(t)
			ctx := context.Background()
			auditEvents(t, s, c, 5)
			cutoff := c.now().Add(time.Millisecond)
			auditEvents(t, s, c, 3)
			a, err := s.ArchiveAudit(ctx, cutoff, &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.PruneAudit(ctx, a); err != nil {
				t.Fatal(err)
			}
			if _, err := s.VerifyAudit(ctx); err != nil {
				t.Fatalf("intact pruned log: %v", err)
			}
			if _, err := s.DB().ExecContext(ctx, tt.tamper); err != nil {
				t.Fatal(err)
			}
			_, err = s.VerifyAudit(ctx)
			if err == nil {
				t.Fatal("tampering with a pruned log went unnoticed")
			}
			t.Logf("detected: %v", err)
		})
	}
}

func TestArchiveAuditRefusesABrokenChain(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	auditEvents(t, s, c, 4)
	if _, err := s.DB().ExecContext(ctx, "UPDATE audit_log SET reason = 'edited' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	var archive bytes.Buffer
	_, err := s.ArchiveAudit(ctx, c.now().Add(time.Hour), &archive)
	if err == nil || !strings.Contains(err.Error(), "nothing was archived") {
		t.Fatalf("archiving a changed log: %v", err)
	}
	if countAudit(t, s) != 5 {
		t.Fatal("entries were removed")
	}
}

func TestArchiveAuditWithNothingOld(t *testing.T) {
	s, c := openTestStore(t)
	ctx := context.Background()
	auditEvents(t, s, c, 2)
	before := countAudit(t, s)
	a, err := s.ArchiveAudit(ctx, c.now().Add(-time.Hour), &bytes.Buffer{})
	if err != nil || a.Count != 0 {
		t.Fatalf("archive with nothing old: %+v, %v", a, err)
	}
	if err := s.PruneAudit(ctx, a); err != nil || countAudit(t, s) != before {
		t.Fatalf("prune with nothing archived: %v, %d entries left of %d", err, countAudit(t, s), before)
	}
}
