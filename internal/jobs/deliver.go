package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// deliver sends one sender's share of a claim: each job's message is
// prepared, the emails go over one SMTP connection, the pushes one after
// another, and every job is finished in one write.
func (s *Scheduler) deliver(ctx context.Context, jobs []sqlstore.Job) {
	// A share gets less than its lease, so no other instance takes a job
	// over while it is still being sent.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.Lease/2)
	defer cancel()
	results := make([]sqlstore.JobResult, len(jobs))
	var emails []notify.Email
	var emailOf, pushOf []int // the job each email and push belongs to
	var pushes []message
	for i, j := range jobs {
		results[i].Job = j
		m, err := s.prepare(dctx, j)
		switch {
		case err != nil:
			results[i].Err = err
		case m.email != nil:
			emails, emailOf = append(emails, *m.email), append(emailOf, i)
		case m.push != nil:
			pushes, pushOf = append(pushes, m), append(pushOf, i)
		}
	}
	if len(emails) > 0 {
		for k, err := range notify.SendAll(dctx, s.Mailer, emails) {
			results[emailOf[k]].Err = err
		}
	}
	for k, m := range pushes {
		results[pushOf[k]].Err = s.push(dctx, m.pushTo, *m.push)
	}
	for _, r := range results {
		if r.Err != nil {
			s.Log.Warn("delivery failed", "job", r.Job.ID, "kind", r.Job.Kind, "attempt", r.Job.Attempts, "error", r.Err)
		}
	}
	if err := s.Store.FinishJobs(context.WithoutCancel(ctx), s.worker, s.Now(), results); err != nil {
		s.Log.Error("finish deliveries", "jobs", len(results), "error", err)
	}
}

// message is what one job sends: an email, a push, or neither when there
// is nothing to send (the channel is off, no push service is set up, the
// member checked in after the reminder was queued).
type message struct {
	email  *notify.Email
	push   *notify.PushMessage
	pushTo string // the person whose browsers get the push
}

// prepare composes one job's message in its recipient's language.
func (s *Scheduler) prepare(ctx context.Context, j sqlstore.Job) (message, error) {
	n, err := s.Store.Notification(ctx, j.RefID)
	if err != nil {
		return message{}, err
	}
	if n.Kind == sqlstore.KindCheckinReminder {
		done, err := s.Store.CheckedIn(ctx, n.UserID, n.RefID)
		if err != nil || done {
			return message{}, err
		}
	}
	// A dose recorded after its reminder was queued needs no reminder.
	if settled, err := s.Store.ReminderSettled(ctx, n.Kind, n.RefID); err != nil || settled {
		return message{}, err
	}
	if n.Kind == sqlstore.KindSessionReminder {
		ahead, err := s.Store.SessionAhead(ctx, n.UserID, n.RefID, s.Now())
		if err != nil || !ahead {
			return message{}, err
		}
	}
	to, err := s.Store.RecipientOf(ctx, n.UserID)
	if err != nil {
		return message{}, err
	}
	answer := ""
	if n.Kind == sqlstore.KindSupportAnswer {
		if answer, err = s.Store.SupportAnswerOf(ctx, n.RefID, n.AboutID); err != nil {
			return message{}, err
		}
	}
	text, err := notify.Compose(n.Kind, to.Locale, to.Prefs.Discreet, n.AboutName, answer, s.link(n))
	if err != nil {
		return message{}, err
	}
	switch j.Kind {
	case sqlstore.JobEmail:
		if !to.Prefs.Email {
			return message{}, nil
		}
		return message{email: &notify.Email{To: to.Email, Subject: text.Subject, Body: text.Body}}, nil
	case sqlstore.JobPush:
		if !to.Prefs.Push || s.Pusher == nil {
			return message{}, nil
		}
		return message{push: &notify.PushMessage{Title: text.PushTitle, Body: text.PushBody, URL: s.path(n)}, pushTo: n.UserID}, nil
	}
	return message{}, fmt.Errorf("unknown job kind %q", j.Kind)
}

// push sends to every browser the person subscribed, forgetting the ones
// the push service says are gone and the ones Onward will not connect to
// (notify.ErrPushRefused: not a push service on a public address). Any
// other failure retries the job, so a browser that already got the
// message may get it again: push delivery is at-least-once
// (docs/notifications.md).
func (s *Scheduler) push(ctx context.Context, userID string, m notify.PushMessage) error {
	subs, err := s.Store.PushSubscriptions(ctx, userID)
	if err != nil {
		return err
	}
	var failed error
	for _, sub := range subs {
		err := s.Pusher.Send(ctx, notify.PushSubscription{Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth}, m)
		switch {
		case errors.Is(err, notify.ErrPushGone), errors.Is(err, notify.ErrPushRefused):
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
		return "/support-now/" + n.RefID
	case sqlstore.KindCareAlert, sqlstore.KindCareEscalation:
		return "/program/caseload"
	case sqlstore.KindCallbackRequest:
		return "/program/requests?program=" + n.AboutID
	case sqlstore.KindTestDay:
		return "/care" // the link says nothing about a test
	case sqlstore.KindDoseReminder, sqlstore.KindInjectionDue, sqlstore.KindKitExpiry:
		return "/medication"
	case sqlstore.KindMissedDose:
		return "/notifications"
	case sqlstore.KindSessionReminder:
		return "/care"
	}
	return "/checkin"
}

func (s *Scheduler) link(n *sqlstore.Notification) string { return s.BaseURL + s.path(n) }
