package app

import (
	"context"
	"regexp"
	"sync"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/notify"
)

// Work that would tell whether an address has an account (looking it up,
// hashing a password, sending email) runs after the request is answered:
// the answer, and how long it took, are the same for every address.

// maxBackground bounds the work waiting or running in the background; more
// is refused with the same answer for every address.
const maxBackground = 64

// backgroundTimeout bounds one piece of background work.
const backgroundTimeout = 2 * time.Minute

type background struct {
	slots   chan struct{}
	running sync.WaitGroup
}

func newBackground() background { return background{slots: make(chan struct{}, maxBackground)} }

var errBusy = onward.NewError(onward.ETOOMANY, "accounts.onward_is_busy_try_again_in_a")

// inBackground runs fn after the caller returns, or refuses at once when
// too much is waiting. What fn reports is logged under what, without
// addresses.
func (a *App) inBackground(what string, fn func(ctx context.Context) error) error {
	select {
	case a.later.slots <- struct{}{}:
	default:
		return errBusy
	}
	a.later.running.Add(1)
	go func() {
		defer a.later.running.Done()
		defer func() { <-a.later.slots }()
		ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
		defer cancel()
		if err := fn(ctx); err != nil {
			a.log.Error("account background work failed", "work", what, "error", withoutAddresses(err.Error()))
		}
	}()
	return nil
}

// Wait returns when the background work started so far has ended: before
// the server stops, and in tests.
func (a *App) Wait() { a.later.running.Wait() }

// emailAddress finds email addresses in text, such as an SMTP server's
// refusal that names the recipient.
var emailAddress = regexp.MustCompile(`[^\s<>"'@]+@[^\s<>"'@]+`)

// withoutAddresses keeps personal data out of the log.
func withoutAddresses(text string) string { return emailAddress.ReplaceAllString(text, "[address]") }

// mailTo sends one email in the recipient's language: subject and body are
// message ids, kv the body's placeholder values.
func (a *App) mailTo(ctx context.Context, to, lang, subjectID, bodyID string, kv ...any) error {
	loc := locale.Default().For(lang)
	return a.mailer.Send(ctx, notify.Email{To: to, Subject: loc.T(subjectID), Body: loc.T(bodyID, kv...)})
}

// link is an absolute link to path on this instance, for email.
func (a *App) link(path string) string { return a.baseURL + path }
