package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func chain(n int) []onward.AuditEntry {
	var out []onward.AuditEntry
	prevSeq, prevHash := int64(0), Genesis
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		e := Seal(onward.AuditEntry{At: at.Add(time.Duration(i) * time.Second), ActorID: "a", SubjectID: "s",
			Category: onward.CategoryCheckins, Action: "read", Allowed: true, Reason: "own data"}, prevSeq, prevHash)
		out = append(out, e)
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return out
}

func verify(entries []onward.AuditEntry, headSeq int64, headHash string) error {
	v := NewVerifier()
	for _, e := range entries {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return v.End(headSeq, headHash)
}

func TestVerify(t *testing.T) {
	good := chain(5)
	head := good[len(good)-1]
	tests := []struct {
		name    string
		mutate  func([]onward.AuditEntry) []onward.AuditEntry
		wantErr string
	}{
		{"Intact", func(e []onward.AuditEntry) []onward.AuditEntry { return e }, ""},
		{"ChangedField", func(e []onward.AuditEntry) []onward.AuditEntry { e[2].SubjectID = "x"; return e }, "does not match its hash"},
		{"ChangedAndRehashed", func(e []onward.AuditEntry) []onward.AuditEntry {
			e[2].Allowed = false
			e[2].Hash = Hash(e[2])
			return e
		}, "does not link"},
		{"Removed", func(e []onward.AuditEntry) []onward.AuditEntry { return append(e[:1], e[2:]...) }, "missing or out of order"},
		{"Swapped", func(e []onward.AuditEntry) []onward.AuditEntry { e[1], e[2] = e[2], e[1]; return e }, "missing or out of order"},
		{"TruncatedTail", func(e []onward.AuditEntry) []onward.AuditEntry { return e[:4] }, "entries were removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.mutate(append([]onward.AuditEntry(nil), good...))
			err := verify(entries, head.Seq, head.Hash)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("intact chain reported %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHashSeparatesFields(t *testing.T) {
	a := onward.AuditEntry{ActorID: "ab", SubjectID: "c"}
	b := onward.AuditEntry{ActorID: "a", SubjectID: "bc"}
	if Hash(a) == Hash(b) {
		t.Fatal("entries differing only in where a field boundary falls hash the same")
	}
}
