package web

import (
	"net/http"
	"regexp"

	"github.com/onward-recovery/onward"
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

func (s *Server) notifySettingsForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.NotifyPrefs(r.Context(), state(r).user.ID)
	if err != nil {
		return err
	}
	form := map[string][]string{"quiet_start": {p.QuietStart}, "quiet_end": {p.QuietEnd}}
	for field, on := range map[string]bool{"email": p.Email, "push": p.Push, "discreet": p.Discreet, "reminders": p.Reminders, "auto_alert": p.AutoAlert} {
		if on {
			form[field] = []string{"on"}
		}
	}
	return s.render(w, r, "notifications_settings", pageData{Title: "notify.notification_settings", Form: form})
}

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// parseNotifyPrefs reads and checks the settings form.
func parseNotifyPrefs(f *formReader) (sqlstore.NotifyPrefs, error) {
	p := sqlstore.NotifyPrefs{Email: f.checked("email"), Push: f.checked("push"), Discreet: f.checked("discreet"),
		Reminders: f.checked("reminders"), AutoAlert: f.checked("auto_alert"), QuietStart: f.str("quiet_start"), QuietEnd: f.str("quiet_end")}
	fields := onward.FieldErrors{}
	for field, v := range map[string]string{"quiet_start": p.QuietStart, "quiet_end": p.QuietEnd} {
		if v != "" && !clockTime.MatchString(v) {
			fields.Add(field, "notify.give_a_time_such_as_22_00")
		}
	}
	if len(fields) == 0 && (p.QuietStart == "") != (p.QuietEnd == "") {
		fields.Add("quiet_end", "notify.give_both_a_start_and_an_end")
	}
	return p, fields.Err()
}

func (s *Server) notifySettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	p, err := parseNotifyPrefs(newFormReader(r.PostForm))
	if err != nil {
		return s.renderForm(w, r, "notifications_settings", pageData{Title: "notify.notification_settings"}, err)
	}
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.SaveNotifyPrefs(r.Context(), u.ID, p) }); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications/settings", "notify.your_notification_settings_are_saved")
}
