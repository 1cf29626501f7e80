package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// deliver sends one notification on one channel. It returns nil when the
// job is done, including when there is nothing to send (the channel is
// off, no push subscription, the member checked in after the reminder was
// queued).
func (s *Scheduler) deliver(ctx context.Context, j sqlstore.Job) error {
	n, err := s.Store.Notification(ctx, j.RefID)
	if err != nil {
		return err
	}
	if n.Kind == sqlstore.KindCheckinReminder {
		done, err := s.Store.CheckedIn(ctx, n.UserID, n.RefID)
		if err != nil || done {
			return err
		}
	}
	to, err := s.Store.RecipientOf(ctx, n.UserID)
	if err != nil {
		return err
	}
	answer := ""
	if n.Kind == sqlstore.KindSupportAnswer {
		if answer, err = s.Store.SupportAnswerOf(ctx, n.RefID, n.AboutID); err != nil {
			return err
		}
	}
	text, err := notify.Compose(n.Kind, to.Locale, to.Prefs.Discreet, n.AboutName, answer, s.link(n))
	if err != nil {
		return err
	}
	switch j.Kind {
	case sqlstore.JobEmail:
		if !to.Prefs.Email {
			return nil
		}
		return s.Mailer.Send(ctx, notify.Email{To: to.Email, Subject: text.Subject, Body: text.Body})
	case sqlstore.JobPush:
		if !to.Prefs.Push || s.Pusher == nil {
			return nil
		}
		return s.push(ctx, n.UserID, notify.PushMessage{Title: text.PushTitle, Body: text.PushBody, URL: s.path(n)})
	}
	return fmt.Errorf("unknown job kind %q", j.Kind)
}

// push sends to every browser the person subscribed, forgetting the ones
// the push service says are gone. Any other failure retries the job, so a
// browser that already got the message may get it again: push delivery is
// at-least-once (docs/notifications.md).
func (s *Scheduler) push(ctx context.Context, userID string, m notify.PushMessage) error {
	subs, err := s.Store.PushSubscriptions(ctx, userID)
	if err != nil {
		return err
	}
	var failed error
	for _, sub := range subs {
		err := s.Pusher.Send(ctx, notify.PushSubscription{Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth}, m)
		switch {
		case errors.Is(err, notify.ErrPushGone):
			if err := s.Store.ForgetPushEndpoint(ctx, sub.Endpoint); err != nil {
				failed = errors.Join(failed, err)
			}
		case err != nil:
			failed = errors.Join(failed, err)
		}
	}
	return failed
}

// path is the page a notification opens.
func (s *Scheduler) path(n *sqlstore.Notification) string {
	switch n.Kind {
	case sqlstore.KindSupportRequest:
		return "/notifications"
	case sqlstore.KindSupportAnswer:
		return "/support/" + n.RefID
	}
	return "/checkin"
}

func (s *Scheduler) link(n *sqlstore.Notification) string { return s.BaseURL + s.path(n) }
