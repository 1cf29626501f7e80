package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// maxGroup bounds how many writes share one transaction, so one commit
// never holds a caller for long.
const maxGroup = 256

// groupCommitter runs every write of a Store on one goroutine. While a
// commit is being made durable (an fsync with synchronous=FULL), writes
// that arrive queue up; the next transaction takes all of them at once,
// each inside its own savepoint. Under load many writes share one fsync;
// alone, a write waits for nothing. This is how an acknowledged check-in
// survives a power cut without one fsync per check-in.
type groupCommitter struct {
	s       *Store
	queue   chan *groupWrite
	done    chan struct{} // closed by close
	stopped chan struct{} // closed when run returns
	// closing guards queue against sends after close: submit holds it for
	// reading while it queues, close for writing while it marks the end.
	closing sync.RWMutex
	closed  bool
}

type groupWrite struct {
	ctx    context.Context
	fn     func(*Tx) error
	result chan error
}

func newGroupCommitter(s *Store) *groupCommitter {
	g := &groupCommitter{s: s, queue: make(chan *groupWrite, maxGroup), done: make(chan struct{}), stopped: make(chan struct{})}
	go g.run()
	return g
}

// errStoreClosed is returned for writes submitted after Close.
var errStoreClosed = errors.New("store is closed")

// submit queues fn and waits for its outcome. Once queued, it waits even
// if ctx ends, because fn may already be running.
func (g *groupCommitter) submit(ctx context.Context, fn func(*Tx) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, result: make(chan error, 1)}
	g.closing.RLock()
	if g.closed {
		g.closing.RUnlock()
		return errStoreClosed
	}
	select {
	case g.queue <- w:
	case <-ctx.Done():
		g.closing.RUnlock()
		return ctx.Err()
	}
	g.closing.RUnlock()
	return <-w.result
}

// close stops the committer and waits for the batch in progress, so the
// pools can be closed under it; writes still queued fail with
// errStoreClosed.
func (g *groupCommitter) close() {
	g.closing.Lock()
	if !g.closed {
		g.closed = true
		close(g.done)
	}
	g.closing.Unlock()
	<-g.stopped
}

func (g *groupCommitter) run() {
	defer close(g.stopped)
	batch := make([]*groupWrite, 0, maxGroup)
	for {
		select {
		case w := <-g.queue:
			batch = append(batch[:0], w)
		case <-g.done:
			g.drain()
			return
		}
	collect:
		for len(batch) < maxGroup {
			select {
			case w := <-g.queue:
				batch = append(batch, w)
			default:
				break collect
			}
		}
		g.commit(batch)
		g.s.prepareNoted(context.Background())
	}
}

// drain fails the writes still queued when the store closes.
func (g *groupCommitter) drain() {
	for {
		select {
		case w := <-g.queue:
			w.result <- errStoreClosed
		default:
			return
		}
	}
}

// commit runs a batch in one transaction. Each write gets its own
// savepoint, so a failing write is undone alone; the others commit.
func (g *groupCommitter) commit(batch []*groupWrite) {
	results := make([]error, len(batch))
	fail := func(err error) {
		for i, w := range batch {
			if results[i] == nil {
				results[i] = err
			}
			w.result <- results[i]
		}
	}
	ctx := context.Background()
	sqlTx, err := g.s.db.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("begin: %w", err))
		return
	}
	tx := &Tx{tx: sqlTx, store: g.s, dialect: g.s.dialect, Now: g.s.now().UTC()}
	ran := false
	for i, w := range batch {
		if err := w.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
			sqlTx.Rollback()
			fail(fmt.Errorf("savepoint: %w", err))
			return
		}
		head := tx.head
		if err := w.fn(tx); err != nil {
			results[i] = err
			// The undone write's audit entries are gone: so is their move
			// of the chain's head.
			tx.head = head
			if _, rerr := sqlTx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT write"); rerr != nil {
				sqlTx.Rollback()
				fail(fmt.Errorf("undo failed write: %w", rerr))
				return
			}
		} else {
			ran = true
		}
		if _, err := sqlTx.ExecContext(ctx, "RELEASE SAVEPOINT write"); err != nil {
			sqlTx.Rollback()
			fail(fmt.Errorf("release savepoint: %w", err))
			return
		}
		// Later writes in the batch see a slightly later time, as if they
		// had run alone.
		tx.Now = g.s.now().UTC()
	}
	if ran {
		if err := tx.storeAuditHead(ctx); err != nil {
			sqlTx.Rollback()
			fail(err)
			return
		}
	}
	if !ran {
		sqlTx.Rollback()
	} else if err := sqlTx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
		for i := range results {
			if results[i] == nil {
				results[i] = err
			}
		}
	}
	for i, w := range batch {
		w.result <- results[i]
	}
}
