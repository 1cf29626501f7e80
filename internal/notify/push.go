package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

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
	// Endpoints are the push services Onward may contact.
	Endpoints PushEndpoints
	// Client, when set, replaces Endpoints.Client() (tests set one that
	// trusts their local push service); the scheme and service checks
	// still apply.
	Client *http.Client

	once   sync.Once
	client *http.Client
}

// GenerateVAPIDKeys makes a new key pair (base64url, as browsers take them).
func GenerateVAPIDKeys() (private, public string, err error) {
	return webpush.GenerateVAPIDKeys()
}

// Send encrypts m for sub and hands it to sub's push service.
func (p *Pusher) Send(ctx context.Context, sub PushSubscription, m PushMessage) error {
	if _, err := p.Endpoints.host(sub.Endpoint); err != nil {
		return err
	}
	payload, err := json.Marshal(m)
	if err != nil {
		return err
	}
	// One client for every message, so connections to a push service are
	// kept and reused.
	p.once.Do(func() {
		if p.client = p.Client; p.client == nil {
			p.client = p.Endpoints.Client()
		}
	})
	resp, err := webpush.SendNotificationWithContext(ctx, payload,
		&webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth}},
		&webpush.Options{HTTPClient: p.client, Subscriber: p.Subscriber, VAPIDPublicKey: p.PublicKey, VAPIDPrivateKey: p.PrivateKey,
			TTL: 12 * 60 * 60, Urgency: webpush.UrgencyHigh})
	if errors.Is(err, ErrPushRefused) {
		return ErrPushRefused
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		// Not the endpoint itself: it is a capability, and errors are logged.
		err = urlErr.Err
	}
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
