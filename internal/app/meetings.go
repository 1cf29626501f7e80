package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// NoteAttendance records that the member went to a meeting today, a day of
// their own calendar on which the meeting is held. It reports false when
// that was noted already, so a double submit records once.
func (a *App) NoteAttendance(ctx context.Context, member *onward.User, meetingID string) (bool, error) {
	loc := Location(member.TimeZone)
	day := a.now().In(loc).Format(time.DateOnly)
	req := onward.AccessRequest{Viewer: principalOf(member), SubjectID: member.ID, Category: onward.CategoryTreatment,
		Action: onward.ActionWrite}
	added := false
	err := a.store.Access(ctx, req, func(tx *sqlstore.Tx) (err error) {
		added, err = tx.RecordAttendance(ctx, member.ID, meetingID, day, loc)
		return err
	})
	return added, err
}
