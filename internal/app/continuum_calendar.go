package app

import (
	"context"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A member's appointments as a calendar feed (docs/continuum.md#calendar):
// a private link the member makes, remakes (the old one stops working) or
// ends; calendar programs fetch it without signing in.

// calendarPast and calendarAhead bound the sessions a feed holds.
const (
	calendarPast  = 90 * 24 * time.Hour
	calendarAhead = 366 * 24 * time.Hour
)

// CalendarLinkStatus is what the member is told of their calendar link:
// whether event titles have details, and when it was made (the link
// itself is shown once, when made).
type CalendarLinkStatus struct {
	Details   bool
	CreatedAt time.Time
}

// CalendarLink returns the member's calendar link, nil when they have none.
func (a *App) CalendarLink(ctx context.Context, member *onward.User) (*CalendarLinkStatus, error) {
	f, err := a.store.CalendarFeed(ctx, member.ID)
	if err != nil || f == nil {
		return nil, err
	}
	return &CalendarLinkStatus{Details: f.Details, CreatedAt: f.CreatedAt}, nil
}

// NewCalendarLink makes the member a new calendar link and returns its
// token; any link made before stops working. details puts the session's
// kind and program in event titles, which calendars may show on a lock
// screen or to people the calendar is shared with.
func (a *App) NewCalendarLink(ctx context.Context, member *onward.User, details bool) (string, error) {
	if member.Role != onward.RoleMember {
		return "", onward.NewError(onward.EFORBIDDEN, "program.members_only")
	}
	token := auth.NewToken("cal_")
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetCalendarFeed(ctx, member.ID, auth.HashToken(token), details); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, member.ID, member.ID, "calendar_link_made")
	})
	return token, err
}

// EndCalendarLink stops the member's calendar link.
func (a *App) EndCalendarLink(ctx context.Context, member *onward.User) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.DeleteCalendarFeed(ctx, member.ID); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, member.ID, member.ID, "calendar_link_ended")
	})
}

// CalendarFeed is what a calendar link shows: the member's sessions.
type CalendarFeed struct {
	Member   *onward.User
	Details  bool
	Sessions []continuum.Session
}

// maxCalendarToken bounds the token read from a link.
const maxCalendarToken = 100

// CalendarByToken reads the feed of a calendar link. Whoever holds the
// link reads as the member: the member chose to hand it to their calendar.
func (a *App) CalendarByToken(ctx context.Context, token string) (*CalendarFeed, error) {
	if token == "" || len(token) > maxCalendarToken {
		return nil, onward.NewError(onward.ENOTFOUND, "continuum.calendar_link_not_valid")
	}
	feed, err := a.store.CalendarFeedByToken(ctx, auth.HashToken(token))
	if err != nil {
		return nil, err
	}
	member, err := a.store.UserByID(ctx, feed.MemberID)
	if err != nil {
		return nil, err
	}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryTreatment)
	if err != nil {
		return nil, err
	}
	now := a.now()
	sessions, err := rd.Sessions(ctx, sqlstore.MemberSessionFilter{From: now.Add(-calendarPast), To: now.Add(calendarAhead)})
	if err != nil {
		return nil, err
	}
	return &CalendarFeed{Member: member, Details: feed.Details, Sessions: sessions}, nil
}
