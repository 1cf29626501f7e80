package web

import (
	"net/http"

	"github.com/onward-recovery/onward/internal/app"
)

// Notification settings (GET and POST /notifications/settings, GET and
// PUT /api/v1/notification-settings): channels, discreet mode, the daily
// reminder, alerts on high warning signs and quiet hours.

func (s *Server) notifySettingsForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.NotifySettingsOf(r.Context(), state(r).user)
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

func (s *Server) notifySettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	p := app.NotifySettings{Email: f.checked("email"), Push: f.checked("push"), Discreet: f.checked("discreet"),
		Reminders: f.checked("reminders"), AutoAlert: f.checked("auto_alert"), QuietStart: f.str("quiet_start"), QuietEnd: f.str("quiet_end")}
	if err := s.app.SaveNotifySettings(r.Context(), state(r).user, p); err != nil {
		return s.renderForm(w, r, "notifications_settings", pageData{Title: "notify.notification_settings"}, err)
	}
	return s.redirect(w, r, "/notifications/settings", "notify.your_notification_settings_are_saved")
}

// notifySettingsJSON is the API's form of the settings; every field is
// required on PUT, so a client never switches a channel off by leaving it
// out.
type notifySettingsJSON struct {
	Email      *bool   `json:"email"`
	Push       *bool   `json:"push"`
	Discreet   *bool   `json:"discreet"`
	Reminders  *bool   `json:"reminders"`
	AutoAlert  *bool   `json:"auto_alert"`
	QuietStart *string `json:"quiet_start"`
	QuietEnd   *string `json:"quiet_end"`
}

func toNotifySettingsJSON(p app.NotifySettings) notifySettingsJSON {
	return notifySettingsJSON{Email: &p.Email, Push: &p.Push, Discreet: &p.Discreet, Reminders: &p.Reminders,
		AutoAlert: &p.AutoAlert, QuietStart: &p.QuietStart, QuietEnd: &p.QuietEnd}
}

func (s *Server) apiNotifySettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.NotifySettingsOf(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNotifySettingsJSON(p))
	return nil
}

func (s *Server) apiSaveNotifySettings(w http.ResponseWriter, r *http.Request) error {
	var in notifySettingsJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := requiredFields(map[string]bool{"email": in.Email == nil, "push": in.Push == nil, "discreet": in.Discreet == nil,
		"reminders": in.Reminders == nil, "auto_alert": in.AutoAlert == nil, "quiet_start": in.QuietStart == nil, "quiet_end": in.QuietEnd == nil}); err != nil {
		return err
	}
	p := app.NotifySettings{Email: *in.Email, Push: *in.Push, Discreet: *in.Discreet, Reminders: *in.Reminders,
		AutoAlert: *in.AutoAlert, QuietStart: *in.QuietStart, QuietEnd: *in.QuietEnd}
	if err := s.app.SaveNotifySettings(r.Context(), state(r).user, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNotifySettingsJSON(p))
	return nil
}
