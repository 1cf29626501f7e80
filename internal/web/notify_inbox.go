package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward/internal/app"
)

// A person's inbox, page and API: their notifications, newest first, and
// marking them read.

type inboxView struct {
	*app.Inbox
	Alerts map[string]app.SupportAlert // requests for support, by id: still shared, phone, own answer
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
	inbox, err := s.app.Inbox(ctx, u)
	if err != nil {
		return err
	}
	alerts, err := s.app.InboxAlerts(ctx, u, inbox)
	if err != nil {
		return err
	}
	return s.renderStatus(w, r, status, "notifications", pageData{Title: "notify.notifications", Flash: message,
		Data: inboxView{Inbox: inbox, Alerts: alerts}})
}

func (s *Server) markInboxRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.MarkNotificationsRead(r.Context(), state(r).user); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "notify.all_notifications_are_marked_as_read")
}

type notificationJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	AboutID   string    `json:"about_id"`
	AboutName string    `json:"about_name"`
	RefID     string    `json:"ref_id"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	inbox, err := s.app.Inbox(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := struct {
		Unread        int                `json:"unread"`
		Notifications []notificationJSON `json:"notifications"`
	}{Unread: inbox.Unread, Notifications: []notificationJSON{}}
	for _, n := range inbox.Notifications {
		out.Notifications = append(out.Notifications, notificationJSON{ID: n.ID, Kind: n.Kind, AboutID: n.AboutID, AboutName: n.AboutName,
			RefID: n.RefID, CreatedAt: n.CreatedAt, Read: n.ReadAt != nil})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiMarkNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.MarkNotificationsRead(r.Context(), state(r).user); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
