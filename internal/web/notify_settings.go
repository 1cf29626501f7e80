package web

import (
	"net/http"

	"github.com/onward-recovery/onward"
)

// A person's notification settings: how they are told (the settings page)
// and the browsers that receive Web Push (the API).

func (s *Server) notifySettingsForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.NotifyPrefs(r.Context(), state(r).user)
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

// notifyPrefs reads the settings form.
func notifyPrefs(f *formReader) onward.NotifyPrefs {
	return onward.NotifyPrefs{Email: f.checked("email"), Push: f.checked("push"), Discreet: f.checked("discreet"),
		Reminders: f.checked("reminders"), AutoAlert: f.checked("auto_alert"), QuietStart: f.str("quiet_start"), QuietEnd: f.str("quiet_end")}
}

func (s *Server) notifySettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	err := s.app.SaveNotifyPrefs(r.Context(), state(r).user, notifyPrefs(newFormReader(r.PostForm)))
	if onward.ErrorCode(err) == onward.EINVALID {
		return s.renderForm(w, r, "notifications_settings", pageData{Title: "notify.notification_settings"}, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications/settings", "notify.your_notification_settings_are_saved")
}

// apiPushKey gives browsers the VAPID public key to subscribe with.
func (s *Server) apiPushKey(w http.ResponseWriter, r *http.Request) error {
	public, err := s.app.PushKey(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"public_key": public})
	return nil
}

type pushSubscriptionJSON struct {
	Endpoint string `json:"endpoint"`
	// ExpirationTime is sent by browsers' PushSubscription.toJSON();
	// accepted and not used (services that expire subscriptions answer
	// 410 Gone, which removes them).
	ExpirationTime *float64 `json:"expirationTime"`
	Keys           struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

func (s *Server) apiSubscribePush(w http.ResponseWriter, r *http.Request) error {
	var body pushSubscriptionJSON
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	sub := onward.PushSubscription{Endpoint: body.Endpoint, P256dh: body.Keys.P256dh, Auth: body.Keys.Auth}
	if err := s.app.SubscribePush(r.Context(), state(r).user, sub); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUnsubscribePush(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Endpoint string `json:"endpoint"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.app.UnsubscribePush(r.Context(), state(r).user, body.Endpoint); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
