package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/onward-recovery/onward"
)

// On PostgreSQL, writes do not queue for one writer: each runs in its own
// transaction on the pool, side by side with the others, as PostgreSQL is
// made to do, and PostgreSQL flushes their commits together. Writes to one
// member's data take that member's row first (Tx.Record), so they run one
// after another as they did on the single writer. No transaction waits for
// the audit chain's head: its entries are chained just after it commits,
// together with those of every other write that committed meanwhile (see
// sealer.go).

// writeGate lets writes run at once while Close waits for those under way
// and refuses new ones.
type writeGate struct {
	mu       sync.RWMutex
	closed   bool
	underway sync.WaitGroup
}

func (g *writeGate) enter() bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return false
	}
	g.underway.Add(1)
	return true
}

func (g *writeGate) leave() { g.underway.Done() }

func (g *writeGate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.underway.Wait()
}

// writeConcurrently runs fn in its own transaction and returns once the
// transaction is durable and, when a page shows them at once, its audit
// entries are chained (showsAtOnce). A write that
// has begun runs to its end even if ctx ends, as a queued write on SQLite
// does.
func (s *Store) writeConcurrently(ctx context.Context, fn func(*Tx) error) error {
	if !s.writes.enter() {
		return errStoreClosed
	}
	defer s.writes.leave()
	ctx = context.WithoutCancel(ctx)
	audited, shown, err := s.runPG(ctx, fn)
	if err != nil {
		return err
	}
	switch {
	case shown:
		return s.sealer.wait()
	case audited:
		s.sealer.ask()
	}
	return nil
}

// runPG runs fn in a transaction and commits it, and reports whether it
// wrote audit entries and whether a page shows them at once. The
// connection goes back to the pool before the write waits for the sealer,
// which needs one.
func (s *Store) runPG(ctx context.Context, fn func(*Tx) error) (audited, shown bool, err error) {
	tx, err := s.beginPG(ctx)
	if err != nil {
		return false, false, err
	}
	defer tx.pg.release()
	if err := fn(tx); err != nil {
		tx.pg.rollback(ctx)
		return false, false, err
	}
	audited, shown = len(tx.unsealed) > 0, showsAtOnce(tx.unsealed)
	if err := tx.insertUnsealed(ctx); err != nil {
		tx.pg.rollback(ctx)
		return false, false, err
	}
	// A write that took the head itself (opening the log, a checkpoint)
	// stores where it moved it.
	if err := tx.storeAuditHead(ctx); err != nil {
		tx.pg.rollback(ctx)
		return false, false, err
	}
	return audited, shown, tx.pg.commit(ctx)
}

// beginPG takes a connection for a PostgreSQL write transaction. Its BEGIN
// waits for the transaction's first statement, to go with it.
func (s *Store) beginPG(ctx context.Context) (*Tx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	p := &pgTx{conn: conn}
	p.queue(pgStatement{sql: "BEGIN"})
	return &Tx{pg: p, store: s, dialect: s.dialect, Now: s.now().UTC()}, nil
}

// pgTx is a PostgreSQL transaction on one connection, which sends its
// statements in as few round trips as it can: a statement whose outcome
// the write does not wait for (BEGIN, a lock, an audit entry, a row whose
// failure fails the write) is queued and goes with the next statement
// that needs an answer, or with the COMMIT, in one pipeline (pgx batch).
// On a loaded machine each round trip waits for a server process to be
// scheduled, so a check-in's dozen statements cost a dozen waits;
// pipelined, they cost two or three.
type pgTx struct {
	conn   *sql.Conn
	queued []pgStatement
	begun  bool  // BEGIN has gone to the server
	ended  bool  // COMMIT or ROLLBACK has
	err    error // the first failure of a queued statement: the write fails
}

type pgStatement struct {
	sql  string // with $n placeholders
	args []any
	want outcome
}

func (p *pgTx) queue(st pgStatement) error {
	if p.err != nil {
		return p.err
	}
	p.queued = append(p.queued, st)
	return nil
}

// roundTrip sends the queued statements and then last (when not nil) in
// one pipeline, and reads last's result with read. An error of a queued
// statement fails the transaction (and is returned by every later call);
// last's own error is only returned, as database/sql would.
func (p *pgTx) roundTrip(ctx context.Context, last *pgStatement, read func(pgx.BatchResults) error) error {
	if p.err != nil {
		return p.err
	}
	statements := p.queued
	p.queued = nil
	if last != nil {
		statements = append(statements, *last)
	}
	if len(statements) == 0 {
		return nil
	}
	p.begun = true
	var queuedErr, lastErr error
	err := p.conn.Raw(func(driverConn any) error {
		conn := driverConn.(*stdlib.Conn).Conn()
		b := &pgx.Batch{}
		for _, st := range statements {
			b.Queue(st.sql, st.args...)
		}
		br := conn.SendBatch(ctx, b)
		for i, st := range statements {
			if last != nil && i == len(statements)-1 {
				if queuedErr == nil {
					lastErr = read(br)
				}
				break
			}
			tag, err := br.Exec()
			if checked := st.want.check(tag.RowsAffected(), err); checked != nil {
				err = checked
			}
			if queuedErr == nil && err != nil {
				queuedErr = err
			}
		}
		closeErr := br.Close()
		if queuedErr == nil && lastErr == nil && closeErr != nil {
			queuedErr = closeErr
		}
		return nil
	})
	if err == nil {
		err = queuedErr
	}
	if err != nil {
		p.err = err
		return err
	}
	return lastErr
}

// flush sends the queued statements.
func (p *pgTx) flush(ctx context.Context) error { return p.roundTrip(ctx, nil, nil) }

func (p *pgTx) exec(ctx context.Context, q string, args []any) (sql.Result, error) {
	var tag pgconn.CommandTag
	err := p.roundTrip(ctx, &pgStatement{sql: q, args: args}, func(br pgx.BatchResults) (err error) {
		tag, err = br.Exec()
		return err
	})
	return pgResult(tag), err
}

// pgResult is the sql.Result of a statement run in a pipeline.
type pgResult pgconn.CommandTag

func (r pgResult) LastInsertId() (int64, error) {
	return 0, errors.New("LastInsertId is not supported by PostgreSQL")
}

func (r pgResult) RowsAffected() (int64, error) { return pgconn.CommandTag(r).RowsAffected(), nil }

// pgRow is a query of one row, run (with the statements queued before
// it) when it is scanned.
type pgRow struct {
	ctx  context.Context
	p    *pgTx
	q    string
	args []any
}

func (r pgRow) Scan(dest ...any) error {
	return r.p.roundTrip(r.ctx, &pgStatement{sql: r.q, args: r.args}, func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(dest...)
	})
}

// commit sends what is queued with the COMMIT. A queued statement whose
// count of rows is checked goes first, on its own: the COMMIT must not
// run when the count is refused. (An error of a statement in the
// pipeline stops the rest, COMMIT included.)
func (p *pgTx) commit(ctx context.Context) error {
	if slices.ContainsFunc(p.queued, func(st pgStatement) bool { return st.want.rows != nil }) {
		if err := p.flush(ctx); err != nil {
			p.rollback(ctx)
			return err
		}
	}
	var tag pgconn.CommandTag
	err := p.roundTrip(ctx, &pgStatement{sql: "COMMIT"}, func(br pgx.BatchResults) (err error) {
		tag, err = br.Exec()
		return err
	})
	if err == nil && tag.String() != "COMMIT" {
		// PostgreSQL answers ROLLBACK to the COMMIT of a failed transaction.
		err = fmt.Errorf("the transaction was rolled back (%s)", tag)
	}
	if err != nil {
		p.rollback(ctx)
		return fmt.Errorf("commit: %w", err)
	}
	p.ended = true
	return nil
}

// rollback ends the transaction without keeping anything; one that never
// reached the server has nothing to undo.
func (p *pgTx) rollback(ctx context.Context) {
	p.queued = nil
	if !p.begun || p.ended {
		return
	}
	p.ended = true
	p.conn.ExecContext(ctx, "ROLLBACK")
}

// release gives the connection back to the pool; one left inside a
// transaction (a failed ROLLBACK) is closed by the driver instead.
func (p *pgTx) release() { p.conn.Close() }

// showsAtOnce reports whether some of entries must be chained before the
// write answers, because a page shows them only once they are: an access
// by someone else ("who has seen my data") or an account event. A
// person's own change to their own data (a check-in, a lapse, their plan)
// is committed with its entries, sealed with the key, and chained by the
// next round a moment later, so the hot writes do not wait for the
// chain's head.
func showsAtOnce(entries []onward.AuditEntry) bool {
	for _, e := range entries {
		if e.ActorID != e.SubjectID || e.Category == onward.CategoryAccount {
			return true
		}
	}
	return false
}
