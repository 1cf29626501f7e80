package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// Failed sign-ins are kept in the database, not in memory, so the limit
// holds across restarts and across instances sharing one PostgreSQL.

// RecordLoginFailure notes a failed sign-in for an email from an address.
func (s *Store) RecordLoginFailure(ctx context.Context, email, ip string) error {
	_, err := s.exec(ctx, "INSERT INTO login_failures (id, email, ip, at) VALUES (?, ?, ?, ?)", newID(), email, ip, s.t(s.now()))
	if err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}

// LoginFailures counts failures since a time for an email and for an address.
func (s *Store) LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error) {
	err = s.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE email = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?)`,
		email, s.t(since), ip, s.t(since)).Scan(&byEmail, &byIP)
	if err != nil {
		err = fmt.Errorf("count login failures: %w", err)
	}
	return byEmail, byIP, err
}

// ClearLoginFailures forgets an email's failures after a successful sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, email string) error {
	_, err := s.exec(ctx, "DELETE FROM login_failures WHERE email = ?", email)
	return err
}

// PruneLoginFailures drops failures older than a time.
func (s *Store) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM login_failures WHERE at < ?", s.t(before))
	return err
}
