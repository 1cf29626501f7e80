package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The meeting finder: meetings of NA, AA, SMART Recovery and the other
// fellowships, and a member's notes of the meetings they went to. Those
// notes are part of the member's treatment record, which they may share
// like the rest: they are reached through the access decision.

// FindMeetings searches the directory for meetings, soonest first.
func (a *App) FindMeetings(ctx context.Context, search directory.MeetingSearch) (directory.MeetingResults, error) {
	return a.store.SearchMeetings(ctx, search)
}

// MeetingAttendance counts the meetings the member noted going to.
func (a *App) MeetingAttendance(ctx context.Context, member *onward.User) (directory.Attendance, error) {
	var att directory.Attendance
	err := a.decideThen(ctx, principalOf(member), member.ID, onward.ActionRead, []onward.Category{onward.CategoryTreatment}, errRefused,
		func(tx *sqlstore.Tx, _ sqlstore.Disclosure) (err error) {
			att, err = tx.Attendance(ctx, member.ID)
			return err
		})
	return att, err
}

// NoteAttendance records that the member went to a meeting today, on
// their own calendar; added is false when they had already noted it today.
func (a *App) NoteAttendance(ctx context.Context, member *onward.User, meetingID string) (added bool, err error) {
	loc, err := time.LoadLocation(member.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	day := a.now().In(loc).Format(time.DateOnly)
	err = a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryTreatment}, func(tx *sqlstore.Tx, _ sqlstore.Disclosure) (err error) {
		added, err = tx.RecordAttendance(ctx, member.ID, meetingID, day, loc)
		return err
	})
	return added, err
}
