// Package audit computes and checks the hash chain of the audit log. Each
// entry's hash covers its own fields and the previous entry's hash, so
// changing, removing or reordering any entry breaks every hash after it.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// Genesis is the previous hash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Hash returns the hash of e chained to e.PrevHash. Fields are joined with
// their lengths so no two different entries encode the same way.
func Hash(e onward.AuditEntry) string {
	var b strings.Builder
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		e.ActorID, e.SubjectID, string(e.Category), e.Action,
		strconv.FormatBool(e.Allowed), e.Reason, e.PrevHash,
	} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// Seal fills in the sequence number, previous hash and hash of e as the
// entry following one with seq prevSeq and hash prevHash.
func Seal(e onward.AuditEntry, prevSeq int64, prevHash string) onward.AuditEntry {
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	e.Hash = Hash(e)
	return e
}

// Verifier checks entries fed to it in sequence order.
type Verifier struct {
	prevSeq  int64
	prevHash string
	Checked  int64
}

// NewVerifier starts checking from the beginning of the log.
func NewVerifier() *Verifier { return &Verifier{prevHash: Genesis} }

// Next checks e against the entries before it.
func (v *Verifier) Next(e onward.AuditEntry) error {
	switch {
	case e.Seq != v.prevSeq+1:
		return fmt.Errorf("audit entry %d follows entry %d: an entry is missing or out of order", e.Seq, v.prevSeq)
	case e.PrevHash != v.prevHash:
		return fmt.Errorf("audit entry %d does not link to entry %d: the log was changed", e.Seq, v.prevSeq)
	case Hash(e) != e.Hash:
		return fmt.Errorf("audit entry %d does not match its hash: it was changed", e.Seq)
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	v.Checked++
	return nil
}

// End checks that the log ends where its recorded head says it does, so
// removing the newest entries is detected too.
func (v *Verifier) End(headSeq int64, headHash string) error {
	if v.prevSeq != headSeq || v.prevHash != headHash {
		return fmt.Errorf("audit log ends at entry %d but its head records entry %d: entries were removed", v.prevSeq, headSeq)
	}
	return nil
}
