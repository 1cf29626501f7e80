package audit

import "fmt"

// Archiving. Entries older than the retention may be archived to a file
// and removed from the log. The removal appends an entry of its own, a
// checkpoint naming the archived range and the seal of its last entry,
// so the entries that stay are checked from there on, and a removal
// without one (which only the key could seal) shows as tampering.

// ActionArchived marks the entry recording that older entries were
// archived and removed; its reason is written by ArchivedReason.
const ActionArchived = "audit_archived"

const archivedFormat = "archived audit entries %d to %d, last seal %s"

// ArchivedReason is the reason of an ActionArchived entry.
func ArchivedReason(first, last int64, lastHash string) string {
	return fmt.Sprintf(archivedFormat, first, last, lastHash)
}

// ParseArchived reads an ActionArchived entry's reason.
func ParseArchived(reason string) (first, last int64, lastHash string, err error) {
	if _, err := fmt.Sscanf(reason, archivedFormat, &first, &last, &lastHash); err != nil {
		return 0, 0, "", fmt.Errorf("unreadable archive checkpoint %q: %w", reason, err)
	}
	return first, last, lastHash, nil
}

// VerifierFrom checks a keyed log whose entries up to seq were archived,
// seq having the seal hash: it starts right after that entry.
func (k Keys) VerifierFrom(seq int64, hash string) *Verifier {
	if seq == 0 {
		return k.NewVerifier()
	}
	return &Verifier{hash: k.Hash, prevSeq: seq, prevHash: hash}
}
