package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// AuditReport is what a check of the audit log found.
type AuditReport struct {
	Entries     int64    // entries whose seals and links were checked
	Unchained   int64    // entries committed but not chained yet (PostgreSQL, see sealer.go)
	Checkpoints int      // signed checkpoints compared with the log
	Problems    []string // what is wrong, in plain words; none when the log is intact
}

// Err joins the problems into one error, nil when there are none.
func (r AuditReport) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(r.Problems, "; "))
}

// VerifyAudit checks the audit log with the store's keys against its stored
// checkpoints, once every entry committed so far is chained (on
// PostgreSQL a member's own changes are chained a moment after they
// answer). It returns how many entries it checked.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	keys := s.auditKeys.Load()
	if keys == nil {
		return 0, errNoAuditKeys
	}
	if err := s.SealAudit(ctx); err != nil {
		return 0, err
	}
	r, err := s.CheckAudit(ctx, *keys, nil)
	if err != nil {
		return r.Entries, err
	}
	return r.Entries, r.Err()
}

// CheckAudit walks the whole audit log in order and checks every seal and
// link, that the log ends at its recorded head and nothing lies past it,
// the tampering the log recorded itself, and every checkpoint (those stored
// in the database and those given, exported earlier) against the log. The
// error is for failing to read; what is wrong with the log is in the report.
func (s *Store) CheckAudit(ctx context.Context, keys audit.Keys, exported []audit.Checkpoint) (AuditReport, error) {
	var r AuditReport
	problem := func(format string, args ...any) { r.Problems = append(r.Problems, fmt.Sprintf(format, args...)) }
	// One snapshot, so the head, the entries and the checkpoints agree.
	tx, err := s.rdb.BeginTx(ctx, s.dialect.snapshot())
	if err != nil {
		return r, err
	}
	defer tx.Rollback()
	var headSeq int64
	var headHash string
	var genesis sql.NullString
	if err := tx.QueryRowContext(ctx, "SELECT seq, hash, genesis FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash, &genesis); err != nil {
		return r, fmt.Errorf("read audit head: %w", err)
	}
	switch {
	case genesis.Valid && genesis.String != keys.Genesis():
		problem("the key given is not the key this log was sealed with (or the log's key marker was changed)")
		return r, nil
	case !genesis.Valid && headSeq > 0:
		problem("the log was written before it was keyed and has not been re-sealed yet: start onward serve once with its key")
		return r, nil
	}
	cps, err := checkpointsIn(ctx, tx)
	if err != nil {
		return r, err
	}
	cps = distinctCheckpoints(append(cps, exported...))
	covered := map[int64]string{} // seal of each entry a checkpoint covers, once read
	for _, c := range cps {
		covered[c.Seq] = ""
	}

	// Entries archived by onward audit prune are checked from the archive;
	// the log goes on from the last of them.
	archivedSeq, archivedHash, err := archivedUpTo(ctx, tx, s.dialect)
	if err != nil {
		return r, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return r, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	v := keys.VerifierFrom(archivedSeq, archivedHash)
	broken := false
	var pastHead, firstPast, lastPast, forged int64
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return r, err
		}
		if e.Seq < 0 {
			if !isUnsealedByOnward(&keys, e) {
				forged++
			}
			r.Unchained++
			continue
		}
		if e.Seq > headSeq {
			if pastHead == 0 {
				firstPast = e.Seq
			}
			pastHead, lastPast = pastHead+1, e.Seq
			continue
		}
		if _, ok := covered[e.Seq]; ok {
			covered[e.Seq] = e.Hash
		}
		if broken {
			continue
		}
		if err := v.Next(e); err != nil {
			problem("%v", err)
			broken = true
			continue
		}
		if audit.IsFinding(e.Action) {
			problem("entry %d records tampering found on %s: %s", e.Seq, shortTime(e.At), e.Reason)
		}
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("read audit log: %w", err)
	}
	r.Entries = v.Checked
	switch {
	case broken, !genesis.Valid: // a log not started yet has no end to check
	case headSeq == 0:
		problem("the log is empty, yet it was started: every entry was removed (the log was wiped)")
	default:
		if err := v.End(headSeq, headHash); err != nil {
			problem("%v", err)
		}
	}
	if forged > 0 {
		problem("%d of the entries waiting to be chained do not carry this installation's seal: someone added them to the database directly", forged)
	}
	if pastHead > 0 {
		problem("the log has %s after its head that Onward did not write: someone added them to the database directly",
			rowCount(pastHead, firstPast, lastPast))
	}
	for _, c := range cps {
		r.Checkpoints++
		if err := keys.CheckCheckpoint(c); err != nil {
			problem("the checkpoint of entry %d signed on %s is not valid: %v", c.Seq, shortTime(c.At), err)
			continue
		}
		switch seal := covered[c.Seq]; {
		case c.Seq == archivedSeq && c.Hash != archivedHash:
			problem("the last archived entry, %d, is not the one a checkpoint signed on %s covers: the archive checkpoint was rewritten", c.Seq, shortTime(c.At))
		case c.Seq <= archivedSeq: // in the archive, checked there
		case c.Seq > headSeq:
			problem("a checkpoint signed on %s counted %d entries, but the log now has only %d: entries were removed (the log was cut short or wiped)",
				shortTime(c.At), c.Seq, headSeq)
		case seal == "":
			problem("entry %d, which a checkpoint signed on %s covers, is missing: entries were removed", c.Seq, shortTime(c.At))
		case seal != c.Hash:
			problem("entry %d is not the one a checkpoint signed on %s covers: the log up to entry %d was rewritten", c.Seq, shortTime(c.At), c.Seq)
		}
	}
	return r, nil
}

// rowCount says how many rows, numbered from first to last.
func rowCount(n, first, last int64) string {
	if n == 1 {
		return fmt.Sprintf("1 row (numbered %d)", first)
	}
	return fmt.Sprintf("%d rows (numbered %d to %d)", n, first, last)
}

func shortTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// distinctCheckpoints drops repeats: an exported checkpoint is usually
// also in the database.
func distinctCheckpoints(cps []audit.Checkpoint) []audit.Checkpoint {
	seen := map[string]bool{}
	out := cps[:0]
	for _, c := range cps {
		if !seen[c.Signature] {
			seen[c.Signature] = true
			out = append(out, c)
		}
	}
	return out
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

// scanAuditRows reads every entry rows holds and closes it.
func scanAuditRows(rows *sql.Rows) ([]onward.AuditEntry, error) {
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

// AccessByOthers lists, newest first, every access to subject's health data
// by someone other than the subject: "who has seen my data". Rows past the
// chain's head, and rows not chained yet, are not part of the log, so they
// are not shown.
func (s *Store) AccessByOthers(ctx context.Context, subjectID string, limit int) ([]onward.AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash
		FROM audit_log WHERE subject_id = ? AND actor_id <> ? AND category <> ?
		AND seq > 0 AND seq <= (SELECT seq FROM audit_head WHERE id = 1) ORDER BY seq DESC LIMIT ?`,
		subjectID, subjectID, string(onward.CategoryAccount), limit)
	if err != nil {
		return nil, fmt.Errorf("read access log: %w", err)
	}
	return scanAuditRows(rows)
}
