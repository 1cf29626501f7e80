package app

import (
	"context"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Export returns everything Onward holds about the member (docs/export.md).
// Reading one's own data is not recorded, but a copy of all of it leaving
// the instance is: the account's history shows when it was taken.
func (a *App) Export(ctx context.Context, member *onward.User) (*export.Document, error) {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, sqlstore.ExportCategories...)
	if err != nil {
		return nil, err
	}
	doc, err := rd.Export(ctx)
	if err != nil {
		return nil, err
	}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.AccountEvent(ctx, member.ID, member.ID, "data_exported") })
	return doc, err
}

// Restore puts an export document back into the member's account
// (docs/export.md), as the store's Restore decides and records it.
func (a *App) Restore(ctx context.Context, member *onward.User, doc *export.Document) (sqlstore.RestoreReport, error) {
	return a.store.Restore(ctx, principalOf(member), member.ID, doc)
}
