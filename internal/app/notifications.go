package app

import (
	"context"
	"encoding/base64"
	"regexp"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A person's notifications (docs/notifications.md): the inbox, their
// choices of how to be told, and the browsers that receive Web Push. All
// of it is the person's own account record: nothing here is recorded.

// inboxSize is how many notifications the inbox shows.
const inboxSize = 50

// Inbox is the newest notifications, newest first, and how many are unread.
type Inbox struct {
	Notifications []onward.Notification
	Unread        int
}

// Inbox reads the person's inbox.
func (a *App) Inbox(ctx context.Context, u *onward.User) (*Inbox, error) {
	list, err := a.store.Notifications(ctx, u.ID, inboxSize)
	if err != nil {
		return nil, err
	}
	unread, err := a.store.UnreadNotifications(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &Inbox{Notifications: list, Unread: unread}, nil
}

// InboxAlerts are SupportAlerts for the requests for support in inbox.
func (a *App) InboxAlerts(ctx context.Context, u *onward.User, inbox *Inbox) (map[string]SupportAlert, error) {
	var refs []AlertRef
	for _, n := range inbox.Notifications {
		if n.Kind == sqlstore.KindSupportRequest {
			refs = append(refs, AlertRef{RequestID: n.RefID, MemberID: n.AboutID})
		}
	}
	return a.SupportAlerts(ctx, u, refs)
}

// UnreadNotifications counts the person's unread notifications.
func (a *App) UnreadNotifications(ctx context.Context, u *onward.User) (int, error) {
	return a.store.UnreadNotifications(ctx, u.ID)
}

// MarkNotificationsRead marks every notification of the person read.
func (a *App) MarkNotificationsRead(ctx context.Context, u *onward.User) error {
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.MarkNotificationsRead(ctx, u.ID) })
}

// NotifyPrefs are the person's notification choices (the defaults when
// they have not chosen).
func (a *App) NotifyPrefs(ctx context.Context, u *onward.User) (onward.NotifyPrefs, error) {
	return a.store.NotifyPrefs(ctx, u.ID)
}

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// SaveNotifyPrefs checks and keeps the person's notification choices.
func (a *App) SaveNotifyPrefs(ctx context.Context, u *onward.User, p onward.NotifyPrefs) error {
	fields := onward.FieldErrors{}
	for field, v := range map[string]string{"quiet_start": p.QuietStart, "quiet_end": p.QuietEnd} {
		if v != "" && !clockTime.MatchString(v) {
			fields.Add(field, "notify.give_a_time_such_as_22_00")
		}
	}
	if len(fields) == 0 && (p.QuietStart == "") != (p.QuietEnd == "") {
		fields.Add("quiet_end", "notify.give_both_a_start_and_an_end")
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SaveNotifyPrefs(ctx, u.ID, p) })
}

// PushKey is the instance's VAPID public key, for browsers to subscribe
// with. The key pair is made on first use and kept in the database, so
// every instance signs with the same one.
func (a *App) PushKey(ctx context.Context) (string, error) {
	_, public, err := a.store.VAPIDKeys(ctx, notify.GenerateVAPIDKeys)
	return public, err
}

var errNoSuchPushSubscription = onward.NewError(onward.ENOTFOUND, "api.no_such_push_subscription")

// checkPushSubscription validates a subscription as the Push API produces
// it: an https endpoint of a push service on a public address (the server
// will connect to it), a P-256 public key (65 bytes) and a 16-byte auth
// secret.
func (a *App) checkPushSubscription(ctx context.Context, sub onward.PushSubscription) error {
	fields := onward.FieldErrors{}
	if len(sub.Endpoint) > 2000 || a.pushEndpoints.Check(ctx, sub.Endpoint) != nil {
		fields.Add("endpoint", "api.push_endpoint")
	}
	if b, err := base64.RawURLEncoding.DecodeString(sub.P256dh); err != nil || len(b) != 65 {
		fields.Add("keys.p256dh", "api.push_p256dh")
	}
	if b, err := base64.RawURLEncoding.DecodeString(sub.Auth); err != nil || len(b) != 16 {
		fields.Add("keys.auth", "api.push_auth")
	}
	if len(fields) > 0 {
		return &onward.Error{Code: onward.EINVALID, Message: "api.push_subscription_invalid", Fields: fields}
	}
	return nil
}

// SubscribePush keeps a browser's subscription to Web Push for the person.
func (a *App) SubscribePush(ctx context.Context, u *onward.User, sub onward.PushSubscription) error {
	if err := a.checkPushSubscription(ctx, sub); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SavePushSubscription(ctx, u.ID, sub) })
}

// UnsubscribePush forgets the person's subscription at endpoint, or
// returns ENOTFOUND.
func (a *App) UnsubscribePush(ctx context.Context, u *onward.User, endpoint string) error {
	var found bool
	err := a.store.Write(ctx, func(tx *sqlstore.Tx) (err error) {
		found, err = tx.DeletePushSubscription(ctx, u.ID, endpoint)
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return errNoSuchPushSubscription
	}
	return nil
}
