package sqlstore

import (
	"context"
	"fmt"
	"sync"

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
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, store: s, dialect: s.dialect, Now: s.now().UTC()}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	audited, shown := len(tx.unsealed) > 0, showsAtOnce(tx.unsealed)
	if err := tx.insertUnsealed(ctx); err != nil {
		sqlTx.Rollback()
		return err
	}
	// A write that took the head itself (opening the log, a checkpoint)
	// stores where it moved it.
	if err := tx.storeAuditHead(ctx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	switch {
	case shown:
		return s.sealer.wait()
	case audited:
		s.sealer.ask()
	}
	return nil
}

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
