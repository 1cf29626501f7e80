package web

import (
	"net/http"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// inboxSize is how many notifications the inbox shows.
const inboxSize = 50

type inboxView struct {
	Notifications []sqlstore.Notification
	Unread        int
	Alerts        map[string]app.SupportAlert // requests for support, by id: still shared, phone, own answer
}

// inboxPage lists the signed-in person's notifications, newest first.
// Reading the page changes nothing; "Mark all as read" is a form.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInbox(w, r, http.StatusOK, "")
}

// renderInbox renders the inbox with status and, when not "", a message
// (an answer that could not be sent) in place of the flash.
func (s *Server) renderInbox(w http.ResponseWriter, r *http.Request, status int, message string) error {
	ctx := r.Context()
	u := state(r).user
	list, err := s.store.Notifications(ctx, u.ID, inboxSize)
	if err != nil {
		return err
	}
	unread, err := s.store.UnreadNotifications(ctx, u.ID)
	if err != nil {
		return err
	}
	var refs []app.AlertRef
	for _, n := range list {
		if n.Kind == sqlstore.KindSupportRequest {
			refs = append(refs, app.AlertRef{RequestID: n.RefID, MemberID: n.AboutID})
		}
	}
	alerts, err := s.app.SupportAlerts(ctx, u, refs)
	if err != nil {
		return err
	}
	return s.renderStatus(w, r, status, "notifications", pageData{Title: "notify.notifications", Flash: message,
		Data: inboxView{Notifications: list, Unread: unread, Alerts: alerts}})
}

func (s *Server) markInboxRead(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.MarkNotificationsRead(r.Context(), u.ID) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "notify.all_notifications_are_marked_as_read")
}
