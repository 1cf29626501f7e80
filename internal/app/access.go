package app

import (
	"context"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// This file is the one door to anyone's data. Every use case that reads or
// changes a person's data names the categories its answer will contain
// (or its change will touch); the policy decides each category once, and
// the decision is written to the audit log, one entry per category
// disclosed and one per category refused, in the same transaction, before
// any data moves. The store's methods for health data take the resulting
// sqlstore.Disclosure, so skipping the decision does not compile.

// errRefused is what a person is told when the policy refused them.
var errRefused = onward.NewError(onward.EFORBIDDEN, "common.you_do_not_have_access_to_this")

// read decides whether viewer may read each of categories of subject's
// data and returns a reader of what was allowed, with the decision. The
// decision about someone else is recorded (and committed) first; a
// member's own reads need no transaction and are not recorded
// (docs/privacy.md). Callers show only what the decision allows.
func (a *App) read(ctx context.Context, viewer onward.Principal, subjectID string, categories ...onward.Category) (*sqlstore.Reader, policy.Decision, error) {
	return a.readWith(ctx, viewer, subjectID, func(tx *sqlstore.Tx) ([]onward.Grant, error) {
		return tx.GrantsBetween(ctx, subjectID, viewer.UserID)
	}, categories)
}

// readUnder is read deciding on one grant alone (none when grant is nil):
// a page about what is shared under one consent shows nothing that
// another grant to the same viewer allows, and once that consent has ended
// it is refused, whatever else the viewer holds.
func (a *App) readUnder(ctx context.Context, viewer onward.Principal, subjectID string, grant *onward.Grant, categories ...onward.Category) (*sqlstore.Reader, policy.Decision, error) {
	return a.readWith(ctx, viewer, subjectID, func(*sqlstore.Tx) ([]onward.Grant, error) {
		if grant == nil {
			return nil, nil
		}
		return []onward.Grant{*grant}, nil
	}, categories)
}

func (a *App) readWith(ctx context.Context, viewer onward.Principal, subjectID string, grantsOf func(*sqlstore.Tx) ([]onward.Grant, error),
	categories []onward.Category) (*sqlstore.Reader, policy.Decision, error) {
	req := policy.Request{Viewer: viewer, SubjectID: subjectID, Action: onward.ActionRead, Categories: categories}
	if !viewer.Visitor() && viewer.UserID == subjectID {
		d := policy.Decide(req, nil, a.now())
		disclosed, err := sqlstore.OwnData(d)
		return a.store.Reader(disclosed), d, err
	}
	var d policy.Decision
	var disclosed sqlstore.Disclosure
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		var grants []onward.Grant
		if !viewer.Visitor() {
			var err error
			if grants, err = grantsOf(tx); err != nil {
				return err
			}
		}
		d = policy.Decide(req, grants, tx.Now)
		var err error
		disclosed, err = tx.Record(ctx, d)
		return err
	})
	if err != nil {
		return nil, d, err
	}
	return a.store.Reader(disclosed), d, nil
}

// readAll is read for a use case whose answer needs every category: a
// refusal of any is recorded and returned as EFORBIDDEN.
func (a *App) readAll(ctx context.Context, viewer onward.Principal, subjectID string, categories ...onward.Category) (*sqlstore.Reader, error) {
	rd, d, err := a.read(ctx, viewer, subjectID, categories...)
	if err != nil {
		return nil, err
	}
	if !d.All() {
		return nil, errRefused
	}
	return rd, nil
}

// change runs fn in a write transaction after deciding whether viewer may
// change categories of subject's data and recording the decision in the
// same transaction: one audit entry per category. fn gets the disclosure
// the store's write methods need. A refusal is recorded and committed,
// then returned as EFORBIDDEN.
func (a *App) change(ctx context.Context, viewer onward.Principal, subjectID string, categories []onward.Category,
	fn func(tx *sqlstore.Tx, d sqlstore.Disclosure) error) error {
	return a.decideThen(ctx, viewer, subjectID, onward.ActionWrite, categories, errRefused, fn)
}

// decideThen runs fn in a write transaction after deciding whether viewer
// may do action on categories of subject's data, recording the decision
// in the same transaction. Someone answering a member's alert reads the
// alert and writes only their own answer: that is action read. A refusal
// is recorded and committed, then returned as refused.
func (a *App) decideThen(ctx context.Context, viewer onward.Principal, subjectID string, action onward.Action,
	categories []onward.Category, refusedErr error, fn func(tx *sqlstore.Tx, d sqlstore.Disclosure) error) error {
	refused := false
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		refused = false
		d, disclosed, err := decideIn(ctx, tx, viewer, subjectID, action, categories)
		if err != nil {
			return err
		}
		if !d.All() {
			refused = true
			return nil
		}
		return fn(tx, disclosed)
	})
	if err != nil {
		return err
	}
	if refused {
		return refusedErr
	}
	return nil
}

// decideIn asks the policy inside tx and records the answer there.
func decideIn(ctx context.Context, tx *sqlstore.Tx, viewer onward.Principal, subjectID string, action onward.Action,
	categories []onward.Category) (policy.Decision, sqlstore.Disclosure, error) {
	var grants []onward.Grant
	if !viewer.Visitor() && viewer.UserID != subjectID {
		var err error
		if grants, err = tx.GrantsBetween(ctx, subjectID, viewer.UserID); err != nil {
			return policy.Decision{}, sqlstore.Disclosure{}, err
		}
	}
	d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: subjectID, Action: action, Categories: categories}, grants, tx.Now)
	disclosed, err := tx.Record(ctx, d)
	return d, disclosed, err
}

// readEach is read for several members at once, in one transaction: the
// policy decides each member's categories and each decision is recorded
// before anything is read. It returns, by member id, the disclosures of
// the members whose every category was allowed; the caller shows nothing
// of the others.
func (a *App) readEach(ctx context.Context, viewer onward.Principal, subjectIDs []string, categories ...onward.Category) (map[string]sqlstore.Disclosure, error) {
	out := map[string]sqlstore.Disclosure{}
	if len(subjectIDs) == 0 {
		return out, nil
	}
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		clear(out)
		for _, id := range subjectIDs {
			d, disclosed, err := decideIn(ctx, tx, viewer, id, onward.ActionRead, categories)
			if err != nil {
				return err
			}
			if d.All() {
				out[id] = disclosed
			}
		}
		return nil
	})
	return out, err
}

// changeEach is change for several members at once: in one transaction
// the policy decides each member's categories and every decision is
// recorded; fn runs, with the disclosures by member id, only when every
// member's change is allowed. A refusal of any is committed, then returned
// as EFORBIDDEN.
func (a *App) changeEach(ctx context.Context, viewer onward.Principal, subjectIDs []string, categories []onward.Category,
	fn func(tx *sqlstore.Tx, ds map[string]sqlstore.Disclosure) error) error {
	refused := false
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		refused = false
		ds := map[string]sqlstore.Disclosure{}
		for _, id := range subjectIDs {
			d, disclosed, err := decideIn(ctx, tx, viewer, id, onward.ActionWrite, categories)
			if err != nil {
				return err
			}
			refused = refused || !d.All()
			ds[id] = disclosed
		}
		if refused {
			return nil
		}
		return fn(tx, ds)
	})
	if err != nil {
		return err
	}
	if refused {
		return errRefused
	}
	return nil
}
