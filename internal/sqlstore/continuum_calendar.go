package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
)

// A member's private calendar link (docs/continuum.md#calendar): a secret
// token in a URL that calendar programs fetch without signing in. Only
// the token's hash is kept; a new link replaces the old one at once.

// CalendarFeed is a member's calendar link as stored.
type CalendarFeed struct {
	MemberID  string
	Details   bool // event titles name the session's kind and program
	CreatedAt time.Time
}

// CalendarFeed returns the member's calendar link settings, or nil when
// they have none.
func (s *Store) CalendarFeed(ctx context.Context, memberID string) (*CalendarFeed, error) {
	f := CalendarFeed{MemberID: memberID}
	var details int
	var created dbTime
	err := s.queryRow(ctx, "SELECT details, created_at FROM calendar_feeds WHERE member_id = ?", memberID).Scan(&details, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load calendar link: %w", err)
	}
	f.Details, f.CreatedAt = details == 1, created.Time
	return &f, nil
}

// CalendarFeedByToken returns the calendar link whose token has this hash.
func (s *Store) CalendarFeedByToken(ctx context.Context, tokenHash string) (*CalendarFeed, error) {
	var f CalendarFeed
	var details int
	var created dbTime
	err := s.queryRow(ctx, "SELECT member_id, details, created_at FROM calendar_feeds WHERE token_hash = ?", tokenHash).
		Scan(&f.MemberID, &details, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "continuum.calendar_link_not_valid")
	}
	if err != nil {
		return nil, fmt.Errorf("load calendar link: %w", err)
	}
	f.Details, f.CreatedAt = details == 1, created.Time
	return &f, nil
}

// SetCalendarFeed gives the member a calendar link with this token hash,
// replacing any other, so the old link stops working.
func (tx *Tx) SetCalendarFeed(ctx context.Context, memberID, tokenHash string, details bool) error {
	_, err := tx.exec(ctx, `INSERT INTO calendar_feeds (member_id, token_hash, details, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, details = excluded.details, created_at = excluded.created_at`,
		memberID, tokenHash, boolInt(details), tx.t(tx.Now))
	if err != nil {
		return fmt.Errorf("save calendar link: %w", err)
	}
	return nil
}

// DeleteCalendarFeed ends the member's calendar link.
func (tx *Tx) DeleteCalendarFeed(ctx context.Context, memberID string) error {
	if _, err := tx.exec(ctx, "DELETE FROM calendar_feeds WHERE member_id = ?", memberID); err != nil {
		return fmt.Errorf("delete calendar link: %w", err)
	}
	return nil
}
