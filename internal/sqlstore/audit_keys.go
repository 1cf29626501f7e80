package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// ErrAuditKeyMismatch means the keys given are not those the audit log was
// sealed or checkpointed with. Writing on would make the log uncheckable.
var ErrAuditKeyMismatch = errors.New("the audit key given is not the one this database's audit log was sealed with: " +
	"give the key the log was started with (or restore its key file)")

// AuditLogStart tells what OpenAuditLog found and did.
type AuditLogStart struct {
	Started bool  // the log was new: a keyed log begins
	Rekeyed int64 // entries written before the log was keyed, re-sealed with the key
	// Finding is what the one-time unkeyed check of those entries found
	// wrong ("" when they passed). The re-keyed log records it.
	Finding string
}

// OpenAuditLog makes keys the keys the store seals entries and signs
// checkpoints with, after checking they are the log's own: the log's
// genesis marker and its newest checkpoint depend on them. A new log is
// started with them; a log written before keys is checked with the unkeyed
// scheme and re-sealed with them, once. Until it has been called, writes
// that audit fail.
func (s *Store) OpenAuditLog(ctx context.Context, keys audit.Keys) (AuditLogStart, error) {
	var signedBy string
	err := s.queryRow(ctx, "SELECT public_key FROM audit_checkpoints ORDER BY seq DESC LIMIT 1").Scan(&signedBy)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return AuditLogStart{}, fmt.Errorf("read audit checkpoints: %w", err)
	}
	if err == nil && signedBy != keys.PublicKey() {
		return AuditLogStart{}, ErrAuditKeyMismatch
	}
	var start AuditLogStart
	err = s.Write(ctx, func(tx *Tx) error {
		start = AuditLogStart{}
		var genesis sql.NullString
		if err := tx.queryRow(ctx, "SELECT genesis FROM audit_head WHERE id = 1"+tx.dialect.forUpdate()).Scan(&genesis); err != nil {
			return fmt.Errorf("read audit head: %w", err)
		}
		switch {
		case genesis.Valid && genesis.String == keys.Genesis():
			return nil
		case genesis.Valid:
			return ErrAuditKeyMismatch
		}
		return tx.keyAuditLog(ctx, &keys, &start)
	})
	if err != nil {
		return start, err
	}
	s.auditKeys.Store(&keys)
	return start, nil
}

// keyAuditLog starts a keyed log: it re-seals any entries written before
// keys (after checking them with the unkeyed scheme, for the record), sets
// the genesis marker, and appends an entry saying what it did.
func (tx *Tx) keyAuditLog(ctx context.Context, keys *audit.Keys, start *AuditLogStart) error {
	if err := tx.loadAuditHead(ctx); err != nil {
		return err
	}
	genesis := keys.Genesis()
	if _, err := tx.exec(ctx, "UPDATE audit_head SET genesis = ? WHERE id = 1", genesis); err != nil {
		return fmt.Errorf("mark the audit log keyed: %w", err)
	}
	// One pass, a batch at a time: check each old entry with the unkeyed
	// scheme (until the first finding), then re-seal it.
	legacy := audit.NewLegacyVerifier()
	var finding error
	var resealed int64
	prevSeq, prevHash := int64(0), genesis
	for {
		entries, err := tx.auditEntriesAfter(ctx, prevSeq, tx.head.seq, rekeyBatch)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if finding == nil {
				finding = legacy.Next(e)
			}
			e.PrevHash = prevHash
			e.Hash = keys.Hash(e)
			if _, err := tx.exec(ctx, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", e.PrevHash, e.Hash, e.Seq); err != nil {
				return fmt.Errorf("re-seal audit entry %d: %w", e.Seq, err)
			}
			prevSeq, prevHash = e.Seq, e.Hash
			resealed++
		}
		if len(entries) < rekeyBatch {
			break
		}
	}
	if finding == nil {
		finding = legacy.End(tx.head.seq, tx.head.hash)
	}
	fresh := resealed == 0 && finding == nil
	// The chain goes on from the last entry there is; anything after it
	// that Onward did not write is set aside, with a record.
	tx.head.seq, tx.head.hash, tx.head.dirty = prevSeq, prevHash, true
	if err := tx.setAsideRowsPastHead(ctx, keys); err != nil {
		return err
	}

	e := onward.AuditEntry{Category: onward.CategoryAccount, Allowed: true}
	switch {
	case fresh:
		start.Started = true
		e.Action, e.Reason = audit.ActionLogStarted, "the audit log begins, sealed with this installation's key"
	case finding == nil:
		start.Rekeyed = resealed
		e.Action = audit.ActionRekeyed
		e.Reason = fmt.Sprintf("%d entries written before the log was keyed passed the unkeyed check and were re-sealed with the key", resealed)
	default:
		start.Rekeyed, start.Finding = resealed, finding.Error()
		e.Action = audit.ActionRekeyedBroken
		e.Reason = fmt.Sprintf("%d entries written before the log was keyed were re-sealed with the key, but the unkeyed check had found: %v",
			resealed, finding)
	}
	return tx.appendAudit(ctx, keys, e)
}

// rekeyBatch is how many old entries are read at a time when re-sealing.
const rekeyBatch = 5000

// auditEntriesAfter reads, in order, up to limit entries numbered after
// after and up to through.
func (tx *Tx) auditEntriesAfter(ctx context.Context, after, through int64, limit int) ([]onward.AuditEntry, error) {
	rows, err := tx.query(ctx, `SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, after, through, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return scanAuditRows(rows)
}
