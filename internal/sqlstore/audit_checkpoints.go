package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward/internal/audit"
)

// Checkpoint signs the audit log's head (its length and newest seal) with
// the store's signing key and stores the checkpoint. When the log has not
// grown since the newest checkpoint, that one is returned and made is false.
func (s *Store) Checkpoint(ctx context.Context) (cp audit.Checkpoint, made bool, err error) {
	keys := s.auditKeys.Load()
	if keys == nil {
		return cp, false, errNoAuditKeys
	}
	err = s.Write(ctx, func(tx *Tx) error {
		made = false
		if err := tx.loadAuditHead(ctx); err != nil {
			return err
		}
		if tx.head.seq == 0 {
			return errors.New("the audit log has no entries to checkpoint yet")
		}
		latest, err := scanCheckpoint(tx.queryRow(ctx, `SELECT seq, hash, at, public_key, signature
			FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read audit checkpoints: %w", err)
		}
		if err == nil && latest.Seq == tx.head.seq {
			cp = latest
			return nil
		}
		cp = keys.SignCheckpoint(tx.head.seq, tx.head.hash, tx.Now)
		// Another instance may have checkpointed the same entry a moment ago.
		res, err := tx.exec(ctx, `INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`, cp.Seq, cp.Hash, tx.t(cp.At), cp.PublicKey, cp.Signature)
		if err != nil {
			return fmt.Errorf("store audit checkpoint: %w", err)
		}
		n, err := res.RowsAffected()
		made = err == nil && n == 1
		return err
	})
	return cp, made, err
}

// Checkpoints lists every stored checkpoint, oldest first, for export.
func (s *Store) Checkpoints(ctx context.Context) ([]audit.Checkpoint, error) {
	return checkpointsIn(ctx, s.rdb)
}

func checkpointsIn(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]audit.Checkpoint, error) {
	rows, err := q.QueryContext(ctx, "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("read audit checkpoints: %w", err)
	}
	defer rows.Close()
	var out []audit.Checkpoint
	for rows.Next() {
		c, err := scanCheckpoint(rows)
		if err != nil {
			return nil, fmt.Errorf("read audit checkpoints: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCheckpoint(row interface{ Scan(...any) error }) (audit.Checkpoint, error) {
	var c audit.Checkpoint
	var at dbTime
	err := row.Scan(&c.Seq, &c.Hash, &at, &c.PublicKey, &c.Signature)
	c.At = at.Time
	return c, err
}
