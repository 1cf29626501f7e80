package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward"
)

// What a supporter's alert needs besides the inbox entry: the phone the
// member gave for it, and the supporter's own answers.

// SaveAlertPhone stores the phone number the member gives to the people
// who see their alerts; "" removes it.
func (tx *Tx) SaveAlertPhone(ctx context.Context, d Disclosure, memberID, phone string) error {
	if err := d.covers(memberID, onward.ActionWrite, onward.CategoryAlerts); err != nil {
		return err
	}
	if phone == "" {
		if _, err := tx.exec(ctx, "DELETE FROM alert_phones WHERE user_id = ?", memberID); err != nil {
			return fmt.Errorf("remove alert phone: %w", err)
		}
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO alert_phones (user_id, phone, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at`, memberID, phone, tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save alert phone: %w", err)
	}
	return nil
}

// AlertPhone returns the phone number the member gave for their alerts,
// "" when none.
func (r *Reader) AlertPhone(ctx context.Context) (string, error) {
	if err := r.need(onward.CategoryAlerts); err != nil {
		return "", err
	}
	var phone string
	err := r.s.queryRow(ctx, "SELECT phone FROM alert_phones WHERE user_id = ?", r.d.subject).Scan(&phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read alert phone: %w", err)
	}
	return phone, nil
}

// AnswersBy returns supporterID's latest answer to each request for
// support they answered, by request id.
func (s *Store) AnswersBy(ctx context.Context, supporterID string) (map[string]string, error) {
	rows, err := s.query(ctx, "SELECT request_id, answer FROM support_answers WHERE supporter_id = ? ORDER BY created_at, id", supporterID)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, answer string
		if err := rows.Scan(&id, &answer); err != nil {
			return nil, fmt.Errorf("scan answer: %w", err)
		}
		out[id] = answer
	}
	return out, rows.Err()
}

// MarkRequestRead marks userID's inbox entries about one request for
// support read: answering it is reading it.
func (tx *Tx) MarkRequestRead(ctx context.Context, userID, requestID string) error {
	if _, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND ref_id = ? AND kind = ? AND read_at IS NULL`,
		tx.t(tx.Now), userID, requestID, KindSupportRequest); err != nil {
		return fmt.Errorf("mark request read: %w", err)
	}
	return nil
}
