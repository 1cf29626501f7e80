package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// On PostgreSQL a write inserts its audit entries unchained, in its own
// transaction: with a provisional negative sequence number made from its
// transaction id (so they sort in the order their transactions began), a
// random mark in place of the previous seal, and a seal over the entry and
// that mark made with the audit key, so that nobody without the key can add
// an entry for the sealer to chain. Just after the write commits, the
// sealer chains every unchained entry committed so far, in that order, in
// one short transaction holding the head; a write whose entries a page
// shows at once (someone else's access, an account event) answers only
// then, a person's own change to their own data at its commit. So
// entries are never lost (they commit with the data), the head is taken
// once for many writes, and the writes themselves run side by side.
// Entries a crash left unchained are chained when a server starts, and by
// any running instance every few seconds.

// maxUnsealedPerWrite bounds one transaction's entries, so that its
// provisional numbers, -(transaction id * maxUnsealedPerWrite + i), never
// meet another transaction's.
const maxUnsealedPerWrite = 1 << 16

// unsealedMark begins the prev_hash of an entry not chained yet.
const unsealedMark = "unsealed "

// sealBatch bounds the entries one sealing transaction chains.
const sealBatch = 1000

// sealEvery is how often entries left by other instances (or a crash) are
// looked for when no write of this instance asks.
const sealEvery = 3 * time.Second

// unsealedSeal is the key's seal of an entry waiting to be chained: over
// its fields and its mark, with no place in the chain yet.
func unsealedSeal(keys *audit.Keys, e onward.AuditEntry) string {
	e.Seq, e.Hash = 0, ""
	return keys.Hash(e)
}

// insertUnsealed inserts the write's audit entries, unchained.
func (tx *Tx) insertUnsealed(ctx context.Context) error {
	if len(tx.unsealed) == 0 {
		return nil
	}
	keys := tx.store.auditKeys.Load()
	if keys == nil {
		return errNoAuditKeys
	}
	if len(tx.unsealed) > maxUnsealedPerWrite {
		return fmt.Errorf("append audit entries: %d in one write, at most %d", len(tx.unsealed), maxUnsealedPerWrite)
	}
	for start := 0; start < len(tx.unsealed); start += auditEntriesPerInsert {
		end := min(start+auditEntriesPerInsert, len(tx.unsealed))
		args := make([]any, 0, 10*(end-start))
		for i, e := range tx.unsealed[start:end] {
			nonce := make([]byte, 16)
			rand.Read(nonce)
			e.PrevHash = unsealedMark + hex.EncodeToString(nonce)
			args = append(args, start+i, tx.t(e.At), e.ActorID, e.SubjectID, string(e.Category), e.Action, e.Allowed, e.Reason,
				e.PrevHash, unsealedSeal(keys, e))
		}
		row := fmt.Sprintf("(-(txid_current() * %d + ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)", maxUnsealedPerWrite)
		if err := tx.execLater(ctx, outcome{onErr: func(err error) error { return fmt.Errorf("append audit entries: %w", err) }},
			`INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
			VALUES `+valueRows(row, end-start), args...); err != nil {
			return err
		}
	}
	tx.unsealed = nil
	return nil
}

// auditEntriesPerInsert keeps each multi-row statement well under the
// databases' limits on parameters per statement.
const auditEntriesPerInsert = 100

// valueRows repeats row n times, comma-separated, for a multi-row VALUES.
func valueRows(row string, n int) string {
	return strings.Repeat(row+", ", n-1) + row
}

// sealer runs the sealing rounds of a PostgreSQL store.
type sealer struct {
	s       *Store
	mu      sync.Mutex
	waiting []chan error // writes that committed and wait for the next round
	kick    chan struct{}
	done    chan struct{} // closed by close
	closing sync.Once
	stopped chan struct{} // closed when run returns
}

func newSealer(s *Store) *sealer {
	z := &sealer{s: s, kick: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{})}
	go z.run()
	return z
}

// wait returns after a round that began after the call has ended: a round
// that saw the caller's committed entries.
func (z *sealer) wait() error {
	result := make(chan error, 1)
	z.mu.Lock()
	z.waiting = append(z.waiting, result)
	z.mu.Unlock()
	z.ask()
	return <-result
}

// ask starts a round soon, without waiting for it.
func (z *sealer) ask() {
	select {
	case z.kick <- struct{}{}:
	default: // a round is asked for already
	}
}

func (z *sealer) run() {
	defer close(z.stopped)
	tick := time.NewTicker(sealEvery)
	defer tick.Stop()
	for {
		select {
		case <-z.kick:
		case <-tick.C:
		case <-z.done:
			z.round()
			return
		}
		z.round()
	}
}

// round chains everything committed so far and answers the writes that
// were waiting when it began.
func (z *sealer) round() {
	z.mu.Lock()
	waiting := z.waiting
	z.waiting = nil
	z.mu.Unlock()
	err := z.s.SealAudit(context.Background())
	if err != nil {
		err = fmt.Errorf("chain audit entries (they are saved, and will be chained later): %w", err)
	}
	for _, w := range waiting {
		w <- err
	}
}

// close stops the sealer after a last round; the store's writes must have
// ended.
func (z *sealer) close() {
	z.closing.Do(func() { close(z.done) })
	<-z.stopped
}

// SealAudit chains every unchained audit entry committed so far (see
// sealer). It does nothing on SQLite, whose entries are chained as they
// are written, or before the audit log's keys are given.
func (s *Store) SealAudit(ctx context.Context) error {
	if s.dialect != postgres || s.auditKeys.Load() == nil {
		return nil
	}
	for {
		n, err := s.sealBatch(ctx)
		if err != nil || n < sealBatch {
			return err
		}
	}
}

// sealBatch chains up to sealBatch unchained entries, oldest transaction
// first, and reports how many it took.
func (s *Store) sealBatch(ctx context.Context) (int, error) {
	keys := s.auditKeys.Load()
	tx, err := s.beginPG(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.pg.release()
	defer tx.pg.rollback(ctx) // after a commit, nothing to undo
	// The commit need not wait for its fsync: the entries are durable
	// already, a sealing lost in a crash is only done again (the head moves
	// in the same transaction), and a later sealing on disk implies this
	// one, as the log is written in order.
	if err := tx.execLater(ctx, outcome{}, "SELECT set_config('synchronous_commit', 'off', true)"); err != nil {
		return 0, err
	}
	// The head's row lock makes other instances' sealers take turns.
	if err := tx.loadAuditHead(ctx); err != nil {
		return 0, err
	}
	if err := tx.setAsideRowsPastHead(ctx, keys); err != nil {
		return 0, err
	}
	rows, err := tx.query(ctx, `SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE seq < 0 ORDER BY seq DESC LIMIT ?`, sealBatch)
	if err != nil {
		return 0, fmt.Errorf("read unchained audit entries: %w", err)
	}
	waiting, err := scanAuditRows(rows)
	if err != nil {
		return 0, err
	}
	var genuine, forged []onward.AuditEntry
	for _, e := range waiting {
		if isUnsealedByOnward(keys, e) {
			genuine = append(genuine, e)
		} else {
			forged = append(forged, e)
		}
	}
	if err := tx.setAsideForged(ctx, keys, forged); err != nil {
		return 0, err
	}
	for start := 0; start < len(genuine); start += auditEntriesPerInsert {
		end := min(start+auditEntriesPerInsert, len(genuine))
		args := make([]any, 0, 4*(end-start))
		for _, e := range genuine[start:end] {
			provisional := e.Seq
			sealed := keys.Seal(e, tx.head.seq, tx.head.hash)
			args = append(args, provisional, sealed.Seq, sealed.PrevHash, sealed.Hash)
			tx.head.seq, tx.head.hash, tx.head.dirty = sealed.Seq, sealed.Hash, true
		}
		res, err := tx.exec(ctx, `UPDATE audit_log SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
			FROM (VALUES `+valueRows("(?::bigint, ?::bigint, ?, ?)", end-start)+`) AS v(provisional, seq, prev_hash, hash)
			WHERE audit_log.seq = v.provisional`, args...)
		if err != nil {
			return 0, fmt.Errorf("chain audit entries: %w", err)
		}
		if n, _ := res.RowsAffected(); n != int64(end-start) {
			return 0, fmt.Errorf("chain audit entries: %d of %d were still unchained", n, end-start)
		}
	}
	if err := tx.storeAuditHead(ctx); err != nil {
		return 0, err
	}
	if err := tx.pg.commit(ctx); err != nil {
		return 0, fmt.Errorf("commit chained audit entries: %w", err)
	}
	return len(waiting), nil
}

// isUnsealedByOnward reports whether e, not chained yet, carries the seal
// Onward gives such entries with the key.
func isUnsealedByOnward(keys *audit.Keys, e onward.AuditEntry) bool {
	return strings.HasPrefix(e.PrevHash, unsealedMark) && unsealedSeal(keys, e) == e.Hash
}

// setAsideForged moves unchained rows that Onward did not write to
// audit_set_aside and records that the chain found them.
func (tx *Tx) setAsideForged(ctx context.Context, keys *audit.Keys, forged []onward.AuditEntry) error {
	if len(forged) == 0 {
		return nil
	}
	for _, e := range forged {
		if _, err := tx.exec(ctx, `INSERT INTO audit_set_aside (set_aside_at, seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tx.t(tx.Now), e.Seq, tx.t(e.At), e.ActorID, e.SubjectID, string(e.Category),
			e.Action, e.Allowed, e.Reason, e.PrevHash, e.Hash); err != nil {
			return fmt.Errorf("set aside forged audit rows: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM audit_log WHERE seq = ?", e.Seq); err != nil {
			return fmt.Errorf("set aside forged audit rows: %w", err)
		}
	}
	return tx.appendAudit(ctx, keys, onward.AuditEntry{Category: onward.CategoryAccount, Action: audit.ActionRowsSetAside,
		Reason: fmt.Sprintf("%d unchained rows that Onward did not write (no seal of its key) moved to audit_set_aside", len(forged))})
}
