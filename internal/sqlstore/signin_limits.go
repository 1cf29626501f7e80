package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sign-in limits are counters kept in the database, not in memory, so they
// hold across restarts and across instances sharing one PostgreSQL. A
// counter belongs to a key (an account's address or a client's address,
// hashed by the caller) and counts the attempts of one window: it starts at
// the first attempt and resets once the window has passed.
//
// An attempt is counted before its password or code is checked, by one
// conditional upsert per key that counts nothing once the key has reached
// its limit. PostgreSQL locks the key's row for the upsert until the
// transaction ends; SQLite has one writer. Either way two parallel
// requests cannot both take the last attempt, and a request over the
// limit is refused before anything is hashed.

// AttemptLimit is one counter an attempt must fit under.
type AttemptLimit struct {
	Key string
	Max int
}

// errOverLimit undoes the counters a refused claim had already moved.
var errOverLimit = errors.New("over the attempt limit")

// ClaimAttempt counts one attempt against every limit, or against none and
// reports false when any of them has reached its maximum in the window
// that ends at now.
func (s *Store) ClaimAttempt(ctx context.Context, window time.Duration, limits ...AttemptLimit) (bool, error) {
	err := s.Write(ctx, func(tx *Tx) error {
		started := tx.t(tx.Now.Add(-window))
		for _, l := range limits {
			res, err := tx.exec(ctx, `INSERT INTO sign_in_attempts (key, attempts, window_start) VALUES (?, 1, ?)
				ON CONFLICT (key) DO UPDATE SET
					attempts = CASE WHEN sign_in_attempts.window_start <= ? THEN 1 ELSE sign_in_attempts.attempts + 1 END,
					window_start = CASE WHEN sign_in_attempts.window_start <= ? THEN excluded.window_start ELSE sign_in_attempts.window_start END
				WHERE sign_in_attempts.window_start <= ? OR sign_in_attempts.attempts < ?`,
				l.Key, tx.t(tx.Now), started, started, started, l.Max)
			if err != nil {
				return fmt.Errorf("count sign-in attempt: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return errOverLimit
			}
		}
		return nil
	})
	if errors.Is(err, errOverLimit) {
		return false, nil
	}
	return err == nil, err
}

// ReleaseAttempt gives back an attempt counted against key that turned out
// not to be a failure.
func (s *Store) ReleaseAttempt(ctx context.Context, key string) error {
	return s.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = ? AND attempts > 0", key)
		return err
	})
}

// ClearAttempts forgets the counters of keys: after a successful sign-in,
// or when the account they count for is deleted.
func (tx *Tx) ClearAttempts(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := tx.exec(ctx, "DELETE FROM sign_in_attempts WHERE key = ?", k); err != nil {
			return fmt.Errorf("clear sign-in attempts: %w", err)
		}
	}
	return nil
}

// PruneAttempts drops counters whose window started before a time.
func (s *Store) PruneAttempts(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM sign_in_attempts WHERE window_start < ?", s.t(before))
	return err
}
