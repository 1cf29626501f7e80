package jobs

import (
	"context"
	"log/slog"
	"net/mail"

	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// ForServer builds the scheduler `onward serve` runs: Web Push signed with
// the instance's VAPID keys (made and stored on first start, shared by
// every instance on the database), sent only to the push services
// endpoints allows, which are told to contact the mail sender's address.
func ForServer(ctx context.Context, store *sqlstore.Store, mailer notify.Mailer, endpoints notify.PushEndpoints, baseURL, mailFrom string, log *slog.Logger) (*Scheduler, error) {
	private, public, err := store.VAPIDKeys(ctx, notify.GenerateVAPIDKeys)
	if err != nil {
		return nil, err
	}
	contact := "mailto:no-reply@localhost"
	if a, err := mail.ParseAddress(mailFrom); err == nil {
		contact = "mailto:" + a.Address
	}
	return &Scheduler{Store: store, Mailer: mailer, BaseURL: baseURL, Log: log,
		Pusher: &notify.Pusher{PublicKey: public, PrivateKey: private, Subscriber: contact, Endpoints: endpoints}}, nil
}
