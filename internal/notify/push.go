package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/SherClockHolmes/webpush-go"
)

// PushMessage is what a service worker receives and shows. Title and Body
// must be discreet: they appear on lock screens.
type PushMessage struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"` // the page to open when the notification is tapped
}

// PushSubscription is a browser's endpoint and keys, as the Push API gives
// them.
type PushSubscription struct {
	Endpoint string
	P256dh   string
	Auth     string
}

// ErrPushGone means the push service no longer knows the subscription
// (the person unsubscribed or uninstalled); it should be forgotten.
var ErrPushGone = errors.New("push subscription gone")

// Pusher sends Web Push messages signed with the instance's VAPID keys.
type Pusher struct {
	PublicKey  string
	PrivateKey string
	Subscriber string // a contact for push services: mailto: or https: URL
	Client     *http.Client
}

// GenerateVAPIDKeys makes a new key pair (base64url, as browsers take them).
func GenerateVAPIDKeys() (private, public string, err error) {
	return webpush.GenerateVAPIDKeys()
}

// Send encrypts m for sub and hands it to sub's push service.
func (p *Pusher) Send(ctx context.Context, sub PushSubscription, m PushMessage) error {
	payload, err := json.Marshal(m)
	if err != nil {
		return err
	}
	client := p.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := webpush.SendNotificationWithContext(ctx, payload,
		&webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth}},
		&webpush.Options{HTTPClient: client, Subscriber: p.Subscriber, VAPIDPublicKey: p.PublicKey, VAPIDPrivateKey: p.PrivateKey,
			TTL: 12 * 60 * 60, Urgency: webpush.UrgencyHigh})
	if err != nil {
		return fmt.Errorf("send push: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return ErrPushGone
	case resp.StatusCode >= 300:
		return fmt.Errorf("push service answered %s", resp.Status)
	}
	return nil
}
