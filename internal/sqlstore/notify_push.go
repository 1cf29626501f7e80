package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
)

// PushSubscription is the root package's.
type PushSubscription = onward.PushSubscription

// VAPIDKeys returns the instance's Web Push key pair, creating it with
// generate on first use. Two instances starting together both try to
// insert; the first insert wins and both then read the same keys.
func (s *Store) VAPIDKeys(ctx context.Context, generate func() (private, public string, err error)) (private, public string, err error) {
	read := func() error {
		err := s.queryRow(ctx, `SELECT value FROM settings WHERE key = 'vapid_private'`).Scan(&private)
		if err == nil {
			err = s.queryRow(ctx, `SELECT value FROM settings WHERE key = 'vapid_public'`).Scan(&public)
		}
		return err
	}
	err = read()
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return private, public, err
	}
	newPrivate, newPublic, err := generate()
	if err != nil {
		return "", "", fmt.Errorf("generate VAPID keys: %w", err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		// Both keys in one statement, so no instance ever sees half a pair.
		_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES ('vapid_private', ?), ('vapid_public', ?) ON CONFLICT (key) DO NOTHING`,
			newPrivate, newPublic)
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("store VAPID keys: %w", err)
	}
	if err := read(); err != nil {
		return "", "", fmt.Errorf("read VAPID keys: %w", err)
	}
	return private, public, nil
}

// SavePushSubscription stores a browser's subscription for userID. An
// endpoint belongs to one browser, so subscribing again moves it.
func (tx *Tx) SavePushSubscription(ctx context.Context, userID string, sub PushSubscription) error {
	_, err := tx.exec(ctx, `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth`,
		newID(), userID, sub.Endpoint, sub.P256dh, sub.Auth, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save push subscription: %w", err)
	}
	return nil
}

// DeletePushSubscription removes userID's subscription at endpoint. It
// reports whether there was one.
func (tx *Tx) DeletePushSubscription(ctx context.Context, userID, endpoint string) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?`, userID, endpoint)
	if err != nil {
		return false, fmt.Errorf("delete push subscription: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ForgetPushEndpoint removes a subscription the push service says is gone.
func (s *Store) ForgetPushEndpoint(ctx context.Context, endpoint string) error {
	return s.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM push_subscriptions WHERE endpoint = ?`, endpoint)
		return err
	})
}

// PushSubscriptions returns userID's subscriptions.
func (s *Store) PushSubscriptions(ctx context.Context, userID string) ([]PushSubscription, error) {
	rows, err := s.query(ctx, `SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ? ORDER BY created_at`, userID)
	if err != nil {
		return nil, fmt.Errorf("read push subscriptions: %w", err)
	}
	defer rows.Close()
	var out []PushSubscription
	for rows.Next() {
		var p PushSubscription
		if err := rows.Scan(&p.Endpoint, &p.P256dh, &p.Auth); err != nil {
			return nil, fmt.Errorf("scan push subscription: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Recipient is what a delivery needs to know about the person it goes to.
type Recipient struct {
	Email  string
	Locale string
	Prefs  NotifyPrefs
}

// RecipientOf returns userID's address, language and choices.
func (s *Store) RecipientOf(ctx context.Context, userID string) (Recipient, error) {
	var r Recipient
	if err := s.queryRow(ctx, `SELECT email, locale FROM users WHERE id = ?`, userID).Scan(&r.Email, &r.Locale); err != nil {
		return r, fmt.Errorf("read recipient: %w", err)
	}
	var err error
	r.Prefs, err = s.NotifyPrefs(ctx, userID)
	return r, err
}
