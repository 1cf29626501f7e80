package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func testKeys(t testing.TB) Keys {
	t.Helper()
	k, err := NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func chain(k Keys, n int) []onward.AuditEntry {
	var out []onward.AuditEntry
	prevSeq, prevHash := int64(0), k.Genesis()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		e := k.Seal(onward.AuditEntry{At: at.Add(time.Duration(i) * time.Second), ActorID: "a", SubjectID: "s",
			Category: onward.CategoryCheckins, Action: "read", Allowed: true, Reason: "own data"}, prevSeq, prevHash)
		out = append(out, e)
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return out
}

func verify(v *Verifier, entries []onward.AuditEntry, headSeq int64, headHash string) error {
	for _, e := range entries {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return v.End(headSeq, headHash)
}

func TestVerify(t *testing.T) {
	k := testKeys(t)
	good := chain(k, 5)
	head := good[len(good)-1]
	// rehashUnkeyed rewrites entries from i on as someone without the key
	// would: recomputing the plain SHA-256 of each, which passed before the
	// chain was keyed.
	rehashUnkeyed := func(e []onward.AuditEntry, i int) {
		for ; i < len(e); i++ {
			if i > 0 {
				e[i].PrevHash = e[i-1].Hash
			}
			e[i].Hash = LegacyHash(e[i])
		}
	}
	tests := []struct {
		name     string
		mutate   func([]onward.AuditEntry) []onward.AuditEntry
		headSeq  int64
		headHash string
		wantErr  string
	}{
		{"Intact", func(e []onward.AuditEntry) []onward.AuditEntry { return e }, head.Seq, head.Hash, ""},
		{"ChangedField", func(e []onward.AuditEntry) []onward.AuditEntry { e[2].SubjectID = "x"; return e }, head.Seq, head.Hash, "does not match its seal"},
		{"ChangedAndRehashedWithoutKey", func(e []onward.AuditEntry) []onward.AuditEntry {
			e[2].Allowed = false
			rehashUnkeyed(e, 2)
			return e
		}, head.Seq, "", "entry 3 does not match its seal"},
		{"WholeLogRewrittenWithoutKey", func(e []onward.AuditEntry) []onward.AuditEntry {
			e[0].PrevHash = LegacyGenesis
			rehashUnkeyed(e, 0)
			return e
		}, head.Seq, "", "entry 1 does not link"},
		{"Removed", func(e []onward.AuditEntry) []onward.AuditEntry { return append(e[:1], e[2:]...) }, head.Seq, head.Hash, "entries are missing or out of order"},
		{"Swapped", func(e []onward.AuditEntry) []onward.AuditEntry { e[1], e[2] = e[2], e[1]; return e }, head.Seq, head.Hash, "entries are missing or out of order"},
		{"TruncatedTail", func(e []onward.AuditEntry) []onward.AuditEntry { return e[:4] }, head.Seq, head.Hash, "the newest entries were removed"},
		{"HeadReplaced", func(e []onward.AuditEntry) []onward.AuditEntry { return e }, head.Seq, strings.Repeat("1", 64), "the newest entry was replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.mutate(append([]onward.AuditEntry(nil), good...))
			headHash := tt.headHash
			if headHash == "" {
				headHash = entries[len(entries)-1].Hash
			}
			err := verify(k.NewVerifier(), entries, tt.headSeq, headHash)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("intact chain reported %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestAnotherKeyDoesNotVerify(t *testing.T) {
	k, other := testKeys(t), testKeys(t)
	entries := chain(k, 3)
	if k.Genesis() == other.Genesis() {
		t.Fatal("two keys share a genesis marker")
	}
	if err := verify(other.NewVerifier(), entries, 3, entries[2].Hash); err == nil {
		t.Fatal("a chain sealed with one key verified with another")
	}
}

func TestLegacyVerifierChecksUnkeyedLogs(t *testing.T) {
	prevHash := LegacyGenesis
	var entries []onward.AuditEntry
	for i := int64(1); i <= 3; i++ {
		e := onward.AuditEntry{Seq: i, ActorID: "a", Action: "read", PrevHash: prevHash}
		e.Hash = LegacyHash(e)
		entries = append(entries, e)
		prevHash = e.Hash
	}
	if err := verify(NewLegacyVerifier(), entries, 3, prevHash); err != nil {
		t.Fatalf("intact unkeyed log: %v", err)
	}
	entries[1].Reason = "edited"
	if err := verify(NewLegacyVerifier(), entries, 3, prevHash); err == nil {
		t.Fatal("an edited unkeyed entry passed")
	}
}

func TestHashSeparatesFields(t *testing.T) {
	k := testKeys(t)
	a := onward.AuditEntry{ActorID: "ab", SubjectID: "c"}
	b := onward.AuditEntry{ActorID: "a", SubjectID: "bc"}
	if k.Hash(a) == k.Hash(b) || LegacyHash(a) == LegacyHash(b) {
		t.Fatal("entries differing only in where a field boundary falls hash the same")
	}
}
