package app

import (
	"context"
	"slices"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program's queue of requests to be called back, sent from its listing
// in the finder. Only the program's own staff see or change it; every
// look goes through the store's StaffAccess, which writes the decision to
// the audit log.

// maxCallbacks bounds the queue shown; closed requests beyond it wait in
// the database.
const maxCallbacks = 200

var errNoSuchStatus = onward.NewError(onward.EINVALID, "directory.choose_new_contacted_or_closed")

// CallbackRequests is the program's queue, newest first.
func (a *App) CallbackRequests(ctx context.Context, staff *onward.User, programID string) ([]directory.AdmissionRequest, error) {
	var list []directory.AdmissionRequest
	err := a.store.StaffAccess(ctx, principalOf(staff), programID, onward.ActionRead, func(tx *sqlstore.Tx) (err error) {
		list, err = tx.AdmissionRequests(ctx, programID, maxCallbacks)
		return err
	})
	return list, err
}

// SetCallbackStatus moves a request to status (directory.AdmissionStatuses)
// and returns the program whose queue holds it.
func (a *App) SetCallbackStatus(ctx context.Context, staff *onward.User, requestID, status string) (programID string, err error) {
	if !slices.Contains(directory.AdmissionStatuses, status) {
		return "", errNoSuchStatus
	}
	if programID, err = a.store.AdmissionRequestProgram(ctx, requestID); err != nil {
		return "", err
	}
	err = a.store.StaffAccess(ctx, principalOf(staff), programID, onward.ActionWrite, func(tx *sqlstore.Tx) error {
		return tx.SetAdmissionStatus(ctx, programID, requestID, status)
	})
	return programID, err
}
