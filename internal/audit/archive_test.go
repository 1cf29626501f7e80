package audit

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func TestVerifierFromResumesAfterArchivedEntries(t *testing.T) {
	k, err := NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	var entries []onward.AuditEntry
	prevSeq, prevHash := int64(0), k.Genesis()
	for i := 0; i < 6; i++ {
		e := k.Seal(onward.AuditEntry{At: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC), ActorID: "a", SubjectID: "s",
			Category: onward.CategoryCheckins, Action: "read", Allowed: true, Reason: "shared"}, prevSeq, prevHash)
		entries = append(entries, e)
		prevSeq, prevHash = e.Seq, e.Hash
	}
	archivedLast := entries[2]
	v := k.VerifierFrom(archivedLast.Seq, archivedLast.Hash)
	for _, e := range entries[3:] {
		if err := v.Next(e); err != nil {
			t.Fatalf("the entries after the archived ones: %v", err)
		}
	}
	if err := v.End(entries[5].Seq, entries[5].Hash); err != nil {
		t.Fatal(err)
	}
	if err := k.VerifierFrom(archivedLast.Seq, archivedLast.Hash).Next(entries[4]); err == nil {
		t.Fatal("an entry missing right after the archived ones went unnoticed")
	}
	if err := k.VerifierFrom(archivedLast.Seq, entries[1].Hash).Next(entries[3]); err == nil {
		t.Fatal("a checkpoint with the wrong seal went unnoticed")
	}
}

func TestArchivedReasonRoundTrip(t *testing.T) {
	first, last, hash, err := ParseArchived(ArchivedReason(1, 5000, "ab12"))
	if err != nil || first != 1 || last != 5000 || hash != "ab12" {
		t.Fatalf("got %d, %d, %q, %v", first, last, hash, err)
	}
	if _, _, _, err := ParseArchived("archived audit entries one to two"); err == nil {
		t.Fatal("a garbled reason was read")
	}
}
