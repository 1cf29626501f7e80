package sqlstore

import (
	"context"
	"fmt"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// VerifyAudit walks the whole audit log in order and checks its hash chain
// against the recorded head. It returns how many entries it checked.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	// One read transaction, so the head and the entries are one snapshot.
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var headSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return 0, fmt.Errorf("read audit head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE seq <= ? ORDER BY seq`), headSeq)
	if err != nil {
		return 0, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	v := audit.NewVerifier()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return v.Checked, err
		}
		if err := v.Next(e); err != nil {
			return v.Checked, err
		}
	}
	if err := rows.Err(); err != nil {
		return v.Checked, err
	}
	return v.Checked, v.End(headSeq, headHash)
}

func scanAudit(row interface{ Scan(...any) error }) (onward.AuditEntry, error) {
	var e onward.AuditEntry
	var at dbTime
	var cat string
	if err := row.Scan(&e.Seq, &at, &e.ActorID, &e.SubjectID, &cat, &e.Action, &e.Allowed, &e.Reason, &e.PrevHash, &e.Hash); err != nil {
		return e, fmt.Errorf("scan audit entry: %w", err)
	}
	e.At, e.Category = at.Time, onward.Category(cat)
	return e, nil
}

// AccessByOthers lists, newest first, every access to subject's health data
// by someone other than the subject: "who has seen my data".
func (s *Store) AccessByOthers(ctx context.Context, subjectID string, limit int) ([]onward.AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE subject_id = ? AND actor_id <> ? AND category <> ? ORDER BY seq DESC LIMIT ?`,
		subjectID, subjectID, string(onward.CategoryAccount), limit)
	if err != nil {
		return nil, fmt.Errorf("read access log: %w", err)
	}
	defer rows.Close()
	var out []onward.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
