package app

import (
	"context"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// "I need support now": one tap tells the member's chosen people (those
// they allowed to see alerts) at once, in the inbox, by email and by Web
// Push. Alerts ignore quiet hours: they are urgent (docs/notifications.md).

// AlertRecipients counts the people who would be told of the member's
// request for support now.
func (a *App) AlertRecipients(ctx context.Context, member *onward.User) (int, error) {
	return a.store.AlertRecipientCount(ctx, member.ID)
}

// AskForSupport records the member's request and queues its deliveries
// in one transaction; the scheduler sends them within a fraction of a
// second.
func (a *App) AskForSupport(ctx context.Context, member *onward.User) (*onward.SupportRequest, error) {
	var req *onward.SupportRequest
	err := a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryAlerts}, func(tx *sqlstore.Tx, _ sqlstore.Disclosure) (err error) {
		req, err = tx.CreateSupportRequest(ctx, member.ID)
		return err
	})
	return req, err
}

// SupportRequest returns one of the member's requests for support and the
// answers so far.
func (a *App) SupportRequest(ctx context.Context, member *onward.User, id string) (*onward.SupportRequest, error) {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryAlerts)
	if err != nil {
		return nil, err
	}
	return rd.SupportRequest(ctx, id)
}
