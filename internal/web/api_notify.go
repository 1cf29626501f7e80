package web

import (
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

type supportAnswerJSON struct {
	SupporterID   string    `json:"supporter_id"`
	SupporterName string    `json:"supporter_name"`
	Answer        string    `json:"answer"`
	At            time.Time `json:"at"`
}

type supportRequestJSON struct {
	ID         string              `json:"id"`
	CreatedAt  time.Time           `json:"created_at"`
	Recipients int                 `json:"recipients"`
	Answers    []supportAnswerJSON `json:"answers"`
}

func toSupportRequestJSON(req *sqlstore.SupportRequest) supportRequestJSON {
	out := supportRequestJSON{ID: req.ID, CreatedAt: req.CreatedAt, Recipients: req.Recipients, Answers: []supportAnswerJSON{}}
	for _, a := range req.Answers {
		out.Answers = append(out.Answers, supportAnswerJSON{SupporterID: a.SupporterID, SupporterName: a.SupporterName, Answer: a.Answer, At: a.CreatedAt})
	}
	return out
}

func (s *Server) apiCreateSupportRequest(w http.ResponseWriter, r *http.Request) error {
	req, err := s.sendSupportRequest(r.Context(), principal(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toSupportRequestJSON(req))
	return nil
}

func (s *Server) apiSupportRequest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var req *sqlstore.SupportRequest
	err := s.store.ReadAccess(ctx, principal(r), state(r).user.ID, []onward.Category{onward.CategoryAlerts}, func(rd *sqlstore.Reader) (err error) {
		req, err = rd.SupportRequest(ctx, r.PathValue("id"))
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSupportRequestJSON(req))
	return nil
}

func (s *Server) apiAnswerSupportRequest(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Answer string `json:"answer"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.app.AnswerSupportRequest(r.Context(), state(r).user, r.PathValue("id"), body.Answer); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
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
	out := struct {
		Unread        int                `json:"unread"`
		Notifications []notificationJSON `json:"notifications"`
	}{Unread: unread, Notifications: []notificationJSON{}}
	for _, n := range list {
		out.Notifications = append(out.Notifications, notificationJSON{ID: n.ID, Kind: n.Kind, AboutID: n.AboutID, AboutName: n.AboutName,
			RefID: n.RefID, CreatedAt: n.CreatedAt, Read: n.ReadAt != nil})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiMarkNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.MarkNotificationsRead(r.Context(), u.ID) }); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiPushKey gives browsers the VAPID public key to subscribe with. The
// key pair is made on first use and kept in the database, so every
// instance signs with the same one.
func (s *Server) apiPushKey(w http.ResponseWriter, r *http.Request) error {
	_, public, err := s.store.VAPIDKeys(r.Context(), notify.GenerateVAPIDKeys)
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

// check validates a subscription as the Push API produces it: an https
// endpoint of a push service on a public address (the server will connect
// to it), a P-256 public key (65 bytes) and a 16-byte auth secret.
func (p pushSubscriptionJSON) check(ctx context.Context, endpoints notify.PushEndpoints) error {
	fields := onward.FieldErrors{}
	if len(p.Endpoint) > 2000 || endpoints.Check(ctx, p.Endpoint) != nil {
		fields.Add("endpoint", "api.push_endpoint")
	}
	if b, err := base64.RawURLEncoding.DecodeString(p.Keys.P256dh); err != nil || len(b) != 65 {
		fields.Add("keys.p256dh", "api.push_p256dh")
	}
	if b, err := base64.RawURLEncoding.DecodeString(p.Keys.Auth); err != nil || len(b) != 16 {
		fields.Add("keys.auth", "api.push_auth")
	}
	if len(fields) > 0 {
		return &onward.Error{Code: onward.EINVALID, Message: "api.push_subscription_invalid", Fields: fields}
	}
	return nil
}

func (s *Server) apiSubscribePush(w http.ResponseWriter, r *http.Request) error {
	var body pushSubscriptionJSON
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := body.check(r.Context(), notify.PushEndpoints{Services: s.cfg.PushServices}); err != nil {
		return err
	}
	u := state(r).user
	sub := sqlstore.PushSubscription{Endpoint: body.Endpoint, P256dh: body.Keys.P256dh, Auth: body.Keys.Auth}
	if err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) error { return tx.SavePushSubscription(r.Context(), u.ID, sub) }); err != nil {
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
	u := state(r).user
	var found bool
	err := s.store.Write(r.Context(), func(tx *sqlstore.Tx) (err error) {
		found, err = tx.DeletePushSubscription(r.Context(), u.ID, body.Endpoint)
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return onward.NewError(onward.ENOTFOUND, "api.no_such_push_subscription")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
