// Package audit seals and checks the audit log. Each entry carries a seal,
// an HMAC-SHA256 over its own fields and the previous entry's seal, keyed
// with a secret kept outside the database: someone who can write to the
// database but lacks the key cannot change, remove, reorder or add entries
// without breaking a seal. Signed checkpoints (checkpoint.go) pin the log's
// length and newest seal, so that once a checkpoint has been copied off the
// machine, even someone holding the database and the key cannot cut the
// log short or rewrite what it covers without it showing.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
)

// LegacyGenesis is the previous hash of the first entry of a log written
// before the chain was keyed.
const LegacyGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// encode joins e's fields with their lengths, so no two different entries
// encode the same way.
func encode(e onward.AuditEntry) []byte {
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
	return []byte(b.String())
}

// LegacyHash is the unkeyed SHA-256 of logs written before the chain was
// keyed. Anyone can recompute it, so it serves only to check such a log
// once, before it is re-sealed with a key.
func LegacyHash(e onward.AuditEntry) string {
	sum := sha256.Sum256(encode(e))
	return hex.EncodeToString(sum[:])
}

// Hash returns the seal of e chained to e.PrevHash.
func (k Keys) Hash(e onward.AuditEntry) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write(encode(e))
	return hex.EncodeToString(m.Sum(nil))
}

// Genesis is the previous hash of a keyed log's first entry. It depends on
// the key alone, so the database can keep it as a marker that tells whether
// a key is the one its log was sealed with, without revealing the key.
func (k Keys) Genesis() string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte("onward audit log genesis v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// Seal fills in the sequence number, previous hash and seal of e as the
// entry following one with seq prevSeq and seal prevHash.
func (k Keys) Seal(e onward.AuditEntry, prevSeq int64, prevHash string) onward.AuditEntry {
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	e.Hash = k.Hash(e)
	return e
}

// Verifier checks entries fed to it in sequence order.
type Verifier struct {
	hash     func(onward.AuditEntry) string
	prevSeq  int64
	prevHash string
	Checked  int64
}

// NewVerifier checks a keyed log from its first entry.
func (k Keys) NewVerifier() *Verifier {
	return &Verifier{hash: k.Hash, prevHash: k.Genesis()}
}

// NewLegacyVerifier checks a log written before the chain was keyed.
func NewLegacyVerifier() *Verifier {
	return &Verifier{hash: LegacyHash, prevHash: LegacyGenesis}
}

// Next checks e against the entries before it.
func (v *Verifier) Next(e onward.AuditEntry) error {
	switch {
	case e.Seq != v.prevSeq+1:
		return fmt.Errorf("entry %d comes right after entry %d: entries are missing or out of order", e.Seq, v.prevSeq)
	case e.PrevHash != v.prevHash:
		return fmt.Errorf("entry %d does not link to entry %d before it: entries before it were removed, added or rewritten", e.Seq, v.prevSeq)
	case v.hash(e) != e.Hash:
		return fmt.Errorf("entry %d does not match its seal: it was changed, or sealed without this installation's key", e.Seq)
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	v.Checked++
	return nil
}

// End checks that the log ends where its recorded head says it does, so
// removing the newest entries is detected too.
func (v *Verifier) End(headSeq int64, headHash string) error {
	switch {
	case v.prevSeq != headSeq:
		return fmt.Errorf("the log ends at entry %d but its head records entry %d: the newest entries were removed", v.prevSeq, headSeq)
	case v.prevHash != headHash:
		return fmt.Errorf("entry %d is not the entry its head records: the newest entry was replaced", headSeq)
	}
	return nil
}

// Actions of the entries the log writes about itself.
const (
	ActionLogStarted    = "audit_log_started"    // a new, keyed log begins
	ActionRekeyed       = "audit_rekeyed"        // entries from before keys passed the unkeyed check and were re-sealed
	ActionRekeyedBroken = "audit_rekeyed_broken" // ... were re-sealed although the unkeyed check failed
	ActionRowsSetAside  = "audit_rows_set_aside" // rows written past the head by someone else were moved aside
)

// IsFinding reports whether an entry with this action records tampering
// found earlier; every later check reports it again.
func IsFinding(action string) bool {
	return action == ActionRowsSetAside || action == ActionRekeyedBroken
}
