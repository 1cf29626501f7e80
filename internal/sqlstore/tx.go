package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// Tx is a write transaction with one fixed "now", so every row it writes
// and the audit entries that go with them agree on the time.
type Tx struct {
	tx      *sql.Tx // SQLite's transaction; nil when pg runs this one
	pg      *pgTx   // PostgreSQL's transaction, on one connection of the pool
	store   *Store
	dialect dialect
	Now     time.Time
	head    auditHead // the audit chain's head as this transaction sees it
	// unsealed are, on PostgreSQL, this write's audit entries, inserted
	// when it ends and chained after its commit (sealer.go).
	unsealed []onward.AuditEntry
	// changesCredentials is set by a write that ends or changes an account
	// or an API token (credentials.go).
	changesCredentials bool
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
// returns nil and undone when it returns an error. On SQLite, writes from
// concurrent requests are committed together (see groupCommitter), so many
// callers share one fsync while each still gets its own all-or-nothing
// result; on PostgreSQL each write is its own transaction on the pool (see
// writeConcurrently). fn must not call Write itself.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	changed := false
	run := func(tx *Tx) error {
		err := fn(tx)
		changed = changed || tx.changesCredentials
		return err
	}
	var err error
	if s.group == nil {
		err = s.writeConcurrently(ctx, run)
	} else {
		err = s.group.submit(ctx, run)
	}
	if changed {
		s.credentials.Add(1) // after the commit: see CredentialsVersion
	}
	return err
}

// Statements in a transaction ignore the caller's cancellation: the
// transaction is shared with other callers, and an interrupted statement
// in SQLite rolls back the whole transaction, not just its own part. They
// run as statements prepared once per connection when the store has
// prepared them (see Store.prepared), else as plain SQL. On PostgreSQL
// each goes to the server together with the statements waiting for it
// (execLater), in one round trip.

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx)
	if tx.pg != nil {
		return tx.pg.exec(ctx, tx.dialect.rebind(q), args)
	}
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, tx.dialect.rebind(q), args...)
}

// execLater runs q with the transaction's next round trip: at once on
// SQLite, whose statements cost none, and on PostgreSQL with the next
// statement that needs an answer, or the commit. It is for statements
// whose outcome the write does not look at: an error (as want.onErr turns
// it), or a count of rows that want.rows refuses, fails the write at the
// latest when it commits, and nothing of it is kept.
func (tx *Tx) execLater(ctx context.Context, want outcome, q string, args ...any) error {
	if tx.pg != nil {
		return tx.pg.queue(pgStatement{sql: tx.dialect.rebind(q), args: args, want: want})
	}
	res, err := tx.exec(ctx, q, args...)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	return want.check(n, err)
}

// outcome is what a statement run by execLater must come to.
type outcome struct {
	rows  func(rowsAffected int64) error // refuses a count of rows (nil: any)
	onErr func(error) error              // the write's error for the statement's (nil: the same)
}

func (o outcome) check(rowsAffected int64, err error) error {
	switch {
	case err != nil && o.onErr != nil:
		return o.onErr(err)
	case err != nil:
		return err
	case o.rows != nil:
		return o.rows(rowsAffected)
	}
	return nil
}

// queryRow runs q when its row is scanned.
func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) rowScanner {
	ctx = context.WithoutCancel(ctx)
	if tx.pg != nil {
		return pgRow{ctx: ctx, p: tx.pg, q: tx.dialect.rebind(q), args: args}
	}
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, tx.dialect.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx)
	if tx.pg != nil {
		if err := tx.pg.flush(ctx); err != nil {
			return nil, err
		}
		return tx.pg.conn.QueryContext(ctx, tx.dialect.rebind(q), args...)
	}
	if st := tx.store.prepared(q); st != nil {
		return tx.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, tx.dialect.rebind(q), args...)
}

func (tx *Tx) t(t time.Time) any { return tx.dialect.timeValue(t) }

// errNoAuditKeys is returned when entries are written before the audit
// log's keys were given (Store.OpenAuditLog): an entry sealed with no key,
// or a wrong one, could never be checked.
var errNoAuditKeys = errors.New("audit log: no keys loaded (call OpenAuditLog first)")

// Audit appends e to the audit log inside this transaction, sealed with
// the audit key. On SQLite it is chained to the entry before it at once:
// the one writer appends one transaction at a time. On PostgreSQL, where
// writes run side by side, it is inserted unchained when the write ends
// and chained just after the commit (sealer.go), so that no write holds
// the chain's head while it runs.
func (tx *Tx) Audit(ctx context.Context, e onward.AuditEntry) error {
	keys := tx.store.auditKeys.Load()
	if keys == nil {
		return errNoAuditKeys
	}
	if tx.dialect == postgres {
		e.At = tx.Now.Truncate(time.Microsecond)
		tx.unsealed = append(tx.unsealed, e)
		return nil
	}
	return tx.appendAudit(ctx, keys, e)
}

// appendAudit seals e as the entry after the head row's and inserts it.
// The place after the head is normally free; a row already there was
// written by someone other than Onward (the chain only grows through the
// locked head). Refusing would make every audited request fail from then
// on, so such rows are set aside, the chain records that they were, and
// the entry goes in.
func (tx *Tx) appendAudit(ctx context.Context, keys *audit.Keys, e onward.AuditEntry) error {
	if err := tx.loadAuditHead(ctx); err != nil {
		return err
	}
	e.At = tx.Now.Truncate(time.Microsecond)
	sealed := keys.Seal(e, tx.head.seq, tx.head.hash)
	added, err := tx.insertAudit(ctx, sealed)
	if err != nil {
		return err
	}
	if !added {
		if err := tx.setAsideRowsPastHead(ctx, keys); err != nil {
			return err
		}
		sealed = keys.Seal(e, tx.head.seq, tx.head.hash)
		if added, err = tx.insertAudit(ctx, sealed); err != nil {
			return err
		}
		if !added {
			return fmt.Errorf("append audit entry %d: the place is taken again", sealed.Seq)
		}
	}
	tx.head.seq, tx.head.hash, tx.head.dirty = sealed.Seq, sealed.Hash, true
	return nil
}

// loadAuditHead reads (and, on PostgreSQL, locks) the stored head the
// first time this transaction needs it.
func (tx *Tx) loadAuditHead(ctx context.Context) error {
	if tx.head.loaded {
		return nil
	}
	err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+tx.dialect.forUpdate()).Scan(&tx.head.seq, &tx.head.hash)
	if err != nil {
		return fmt.Errorf("read audit head: %w", err)
	}
	tx.head.loaded = true
	return nil
}

// insertAudit inserts a sealed entry, reporting false when its place is
// taken. ON CONFLICT keeps the transaction usable on PostgreSQL, where a
// failed statement would abort it.
func (tx *Tx) insertAudit(ctx context.Context, e onward.AuditEntry) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`,
		e.Seq, tx.t(e.At), e.ActorID, e.SubjectID, string(e.Category), e.Action, e.Allowed, e.Reason, e.PrevHash, e.Hash)
	if err != nil {
		return false, fmt.Errorf("append audit entry: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("append audit entry: %w", err)
	}
	return n == 1, nil
}

// setAsideRowsPastHead moves every row after the head to audit_set_aside
// and records the move as the chain's next entry.
func (tx *Tx) setAsideRowsPastHead(ctx context.Context, keys *audit.Keys) error {
	var n, first, last int64
	if err := tx.queryRow(ctx, "SELECT COUNT(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM audit_log WHERE seq > ?",
		tx.head.seq).Scan(&n, &first, &last); err != nil {
		return fmt.Errorf("count audit rows past the head: %w", err)
	}
	if n == 0 {
		return nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_set_aside (set_aside_at, seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
		SELECT ?, seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash FROM audit_log WHERE seq > ?`,
		tx.t(tx.Now), tx.head.seq); err != nil {
		return fmt.Errorf("set aside audit rows past the head: %w", err)
	}
	if _, err := tx.exec(ctx, "DELETE FROM audit_log WHERE seq > ?", tx.head.seq); err != nil {
		return fmt.Errorf("set aside audit rows past the head: %w", err)
	}
	return tx.appendAudit(ctx, keys, onward.AuditEntry{Category: onward.CategoryAccount, Action: audit.ActionRowsSetAside,
		Reason: fmt.Sprintf("%s that Onward did not write, found after entry %d, moved to audit_set_aside",
			rowCount(n, first, last), tx.head.seq)})
}

// storeAuditHead writes the head moved by this transaction's entries.
func (tx *Tx) storeAuditHead(ctx context.Context) error {
	if !tx.head.dirty {
		return nil
	}
	if err := tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("advance audit head: %w", err) }},
		"UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", tx.head.seq, tx.head.hash); err != nil {
		return err
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
