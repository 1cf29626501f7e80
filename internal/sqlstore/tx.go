package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// Tx is a write transaction with one fixed "now", so every row it writes
// and the audit entries that go with them agree on the time.
type Tx struct {
	tx      *sql.Tx
	store   *Store
	dialect dialect
	Now     time.Time
	head    auditHead // the audit chain's head as this transaction sees it
}

// auditHead is the newest audit entry's sequence number and hash. A
// transaction reads (and, on PostgreSQL, locks) the stored head once, moves
// it in memory with each entry, and stores it once before committing.
type auditHead struct {
	loaded bool
	dirty  bool
	seq    int64
	hash   string
}

// Write runs fn in a write transaction: fn's changes are committed when it
// returns nil and undone when it returns an error. Writes from concurrent
// requests are committed together (see groupCommitter), so many callers
// share one fsync while each still gets its own all-or-nothing result.
// fn must not call Write itself.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.group.submit(ctx, fn)
}

// Statements in a transaction ignore the caller's cancellation: the
// transaction is shared with other callers, and an interrupted statement
// in SQLite rolls back the whole transaction, not just its own part. They
// run as statements prepared once per connection when the store has
// prepared them (see Store.prepared), else as plain SQL.

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx)
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, tx.dialect.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx)
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, tx.dialect.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx)
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, tx.dialect.rebind(q), args...)
}

func (tx *Tx) t(t time.Time) any { return tx.dialect.timeValue(t) }

// Audit appends e to the audit log inside this transaction, chained to the
// entry before it. The head row is locked first, so concurrent writers (on
// PostgreSQL, other instances too) append one at a time.
func (tx *Tx) Audit(ctx context.Context, e onward.AuditEntry) error {
	if !tx.head.loaded {
		err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+tx.dialect.forUpdate()).Scan(&tx.head.seq, &tx.head.hash)
		if err != nil {
			return fmt.Errorf("read audit head: %w", err)
		}
		tx.head.loaded = true
	}
	e.At = tx.Now.Truncate(time.Microsecond)
	e = audit.Seal(e, tx.head.seq, tx.head.hash)
	if _, err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, tx.t(e.At), e.ActorID, e.SubjectID, string(e.Category), e.Action, e.Allowed, e.Reason, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	tx.head.seq, tx.head.hash, tx.head.dirty = e.Seq, e.Hash, true
	return nil
}

// storeAuditHead writes the head moved by this transaction's entries.
func (tx *Tx) storeAuditHead(ctx context.Context) error {
	if !tx.head.dirty {
		return nil
	}
	if _, err := tx.exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", tx.head.seq, tx.head.hash); err != nil {
		return fmt.Errorf("advance audit head: %w", err)
	}
	tx.head.dirty = false
	return nil
}

// AccountEvent records something done to an account (sign-in, password
// change, token created ...) by actor on subject's account.
func (tx *Tx) AccountEvent(ctx context.Context, actorID, subjectID, event string) error {
	return tx.Audit(ctx, onward.AuditEntry{ActorID: actorID, SubjectID: subjectID,
		Category: onward.CategoryAccount, Action: event, Allowed: true, Reason: "account event"})
}
