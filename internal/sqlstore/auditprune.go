package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// Audit retention. Entries older than the retention are archived to a file
// the operator keeps, then removed from the table. Each removal appends an
// archive checkpoint to the chain (audit.ActionArchived) naming the
// archived range and the seal of its last entry, so the entries that stay
// still verify: the check starts after the newest checkpoint, and a
// removal without one shows as tampering.

// DefaultAuditRetention is how long audit entries stay in the database:
// six years, the usual documentation retention period under HIPAA.
const DefaultAuditRetention = "6y"

// pruneChunk bounds the entries removed by one transaction, so the writer
// is never held for long; each chunk leaves its own checkpoint.
var pruneChunk int64 = 20000

// AuditArchive describes entries written to an archive: sequence numbers
// First to Last (none when Count is 0), Last's seal LastHash.
type AuditArchive struct {
	First, Last int64
	LastHash    string
	Count       int64
	// chunkHashes are the seals of the entries that end PruneAudit's
	// chunks, to check each chunk removes what was archived.
	chunkHashes map[int64]string
}

// archivedEntry is one line of an archive file (JSON Lines).
type archivedEntry struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	ActorID   string    `json:"actor_id"`
	SubjectID string    `json:"subject_id"`
	Category  string    `json:"category"`
	Action    string    `json:"action"`
	Allowed   bool      `json:"allowed"`
	Reason    string    `json:"reason"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

// ArchiveAudit writes every chained audit entry older than before to w,
// one JSON object per line, oldest first, checking seals and links as it
// goes: a broken log is evidence and is never archived away. It changes
// nothing; PruneAudit then removes what was archived.
func (s *Store) ArchiveAudit(ctx context.Context, before time.Time, w io.Writer) (AuditArchive, error) {
	a := AuditArchive{chunkHashes: map[int64]string{}}
	keys := s.auditKeys.Load()
	if keys == nil {
		return a, errNoAuditKeys
	}
	tx, err := s.rdb.BeginTx(ctx, s.dialect.snapshot())
	if err != nil {
		return a, err
	}
	defer tx.Rollback()
	var last sql.NullInt64
	err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT MAX(seq) FROM audit_log WHERE at < ? AND seq > 0
		AND seq <= (SELECT seq FROM audit_head WHERE id = 1)`), s.t(before)).Scan(&last)
	if err != nil {
		return a, fmt.Errorf("find entries to archive: %w", err)
	}
	if !last.Valid {
		return a, nil
	}
	startSeq, startHash, err := archivedUpTo(ctx, tx, s.dialect)
	if err != nil {
		return a, err
	}
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq`), startSeq, last.Int64)
	if err != nil {
		return a, fmt.Errorf("read entries to archive: %w", err)
	}
	defer rows.Close()
	v := keys.VerifierFrom(startSeq, startHash)
	enc := json.NewEncoder(w)
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return a, err
		}
		if err := v.Next(e); err != nil {
			return a, fmt.Errorf("the audit log does not verify, nothing was archived: %w", err)
		}
		if err := enc.Encode(archivedEntry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, SubjectID: e.SubjectID, Category: string(e.Category),
			Action: e.Action, Allowed: e.Allowed, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash}); err != nil {
			return a, fmt.Errorf("write archive: %w", err)
		}
		if a.Count == 0 {
			a.First = e.Seq
		}
		a.Last, a.LastHash = e.Seq, e.Hash
		a.Count++
		if a.Count%pruneChunk == 0 {
			a.chunkHashes[e.Seq] = e.Hash
		}
	}
	a.chunkHashes[a.Last] = a.LastHash
	return a, rows.Err()
}

// PruneAudit removes the entries of a, which must have been archived (and
// the archive made durable) by ArchiveAudit. Each chunk of entries goes in
// its own transaction together with its archive checkpoint, chained at
// once, so the log verifies after every chunk. It refuses when the entries
// are no longer the ones archived.
func (s *Store) PruneAudit(ctx context.Context, a AuditArchive) error {
	keys := s.auditKeys.Load()
	if keys == nil {
		return errNoAuditKeys
	}
	for from := a.First; a.Count > 0 && from <= a.Last; from += pruneChunk {
		to := min(from+pruneChunk-1, a.Last)
		err := s.Write(ctx, func(tx *Tx) error {
			var hash string
			if err := tx.queryRow(ctx, "SELECT hash FROM audit_log WHERE seq = ?", to).Scan(&hash); err != nil {
				return fmt.Errorf("audit entry %d is gone: was the log pruned meanwhile? %w", to, err)
			}
			if hash != a.chunkHashes[to] {
				return fmt.Errorf("audit entry %d is not the one archived", to)
			}
			res, err := tx.exec(ctx, "DELETE FROM audit_log WHERE seq >= ? AND seq <= ?", from, to)
			if err != nil {
				return fmt.Errorf("remove archived audit entries: %w", err)
			}
			if n, _ := res.RowsAffected(); n != to-from+1 {
				return fmt.Errorf("found %d audit entries from %d to %d, not %d: was the log pruned meanwhile?", n, from, to, to-from+1)
			}
			// Chained here and now, under the head, so the removal and its
			// checkpoint are never apart.
			return tx.appendAudit(ctx, keys, onward.AuditEntry{Category: onward.CategoryAccount, Action: audit.ActionArchived,
				Allowed: true, Reason: audit.ArchivedReason(a.First, to, hash)})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// archivedUpTo returns the last archived entry's number and seal, as the
// newest archive checkpoint names them; 0 and "" when nothing was archived.
// The checkpoint is itself a chained entry, checked with the others.
func archivedUpTo(ctx context.Context, tx *sql.Tx, d dialect) (seq int64, hash string, err error) {
	var reason string
	err = tx.QueryRowContext(ctx, d.rebind("SELECT reason FROM audit_log WHERE action = ? AND seq > 0 ORDER BY seq DESC LIMIT 1"),
		audit.ActionArchived).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read audit archive checkpoint: %w", err)
	}
	_, last, lastHash, err := audit.ParseArchived(reason)
	return last, lastHash, err
}
