package main

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/jobs"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/notify/mailtest"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// deliveryBench drains a backlog of check-in reminder deliveries (an
// email and a push for each of backlog/2 members, all due at once) with
// the scheduler as `onward serve` runs it, into an in-process SMTP server
// (internal/notify/mailtest) and an in-process push service, and sends
// "I need support now" alerts while the backlog drains. Beside it, in the
// same run, the sinks alone: the same SMTP batches and pushes from the
// same number of senders with no database and no scheduler.
func deliveryBench(ctx context.Context, store *sqlstore.Store, backlog int) error {
	mail, err := mailtest.Start()
	if err != nil {
		return err
	}
	defer mail.Close()
	mailer, err := notify.NewSMTPMailer(mail.URL(), "Onward <no-reply@bench.onward>")
	if err != nil {
		return err
	}
	push := startPushSink()
	defer push.Close()
	private, public, err := store.VAPIDKeys(ctx, notify.GenerateVAPIDKeys)
	if err != nil {
		return err
	}
	// The sink is on loopback, which the server's own push client refuses:
	// the bench trusts it explicitly.
	pusher := &notify.Pusher{PublicKey: public, PrivateKey: private, Subscriber: "mailto:ops@bench.onward", Client: push.client()}
	sched := &jobs.Scheduler{Store: store, Mailer: mailer, Pusher: pusher, BaseURL: "https://onward.bench",
		Log: slog.New(slog.DiscardHandler), PlanEvery: time.Hour,
		// Every reminder due at once: the worst case, with no spreading.
		Now: func() time.Time { return time.Now().Add(sqlstore.ReminderSpread) }}
	senders := 8 // the scheduler's default share of senders for routine work

	fmt.Printf("\nNotification deliveries: %d reminder deliveries (%d members, email and push) due at once\n", backlog, backlog/2)
	fmt.Printf("%-50s %8s %10s %12s\n", "what", "count", "per second", "vs sinks")
	// The sinks are measured before and after the backlog, and the backlog
	// against their mean: the machine is shared and its speed drifts.
	const sample = 4000
	before, err := sinkMix(ctx, mailer, pusher, push, sample, senders, 25)
	if err != nil {
		return fmt.Errorf("sinks: %w", err)
	}
	fmt.Printf("%-50s %8d %10.0f %12s\n", "sinks alone, same mix, 8 senders (before)", sample, before, "(baseline)")

	supporter, member, err := addBacklog(ctx, store, backlog/2, push.URL)
	if err != nil {
		return err
	}
	if n, err := store.PlanCheckinReminders(ctx, time.Now()); err != nil || n != backlog/2 {
		return fmt.Errorf("planned %d of %d reminders: %w", n, backlog/2, err)
	}
	mailBefore, pushBefore := len(mail.Messages()), push.count.Load()

	runCtx, stop := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { sched.Run(runCtx) })
	start := time.Now()
	type alert struct {
		at      time.Time
		pending int
	}
	var alerts []alert
	next := start.Add(time.Second)
	for {
		pending, err := pendingJobs(ctx, store)
		if err != nil {
			stop()
			return err
		}
		if pending == 0 {
			break
		}
		if now := time.Now(); now.After(next) && len(alerts) < 10 && pending > backlog/10 {
			if err := store.Access(ctx, onward.AccessRequest{Viewer: onward.Principal{UserID: member, Role: onward.RoleMember}, SubjectID: member,
				Category: onward.CategoryAlerts, Action: onward.ActionWrite}, func(tx *sqlstore.Tx) error {
				_, err := tx.CreateSupportRequest(ctx, member)
				return err
			}); err != nil {
				stop()
				return err
			}
			alerts = append(alerts, alert{at: now, pending: pending})
			next = now.Add(time.Second)
		}
		time.Sleep(100 * time.Millisecond) // the count takes the writer connection on SQLite: not too often
	}
	elapsed := time.Since(start)
	stop()
	running.Wait()

	delivered := len(mail.Messages()) - mailBefore - len(alerts) + int(push.count.Load()-pushBefore) - len(alerts)
	if delivered != backlog {
		return fmt.Errorf("%d deliveries arrived, want %d", delivered, backlog)
	}
	after, err := sinkMix(ctx, mailer, pusher, push, sample, senders, 25)
	if err != nil {
		return fmt.Errorf("sinks: %w", err)
	}
	fmt.Printf("%-50s %8d %10.0f %12s\n", "sinks alone, same mix, 8 senders (after)", sample, after, "(baseline)")
	rate := float64(backlog) / elapsed.Seconds()
	fmt.Printf("%-50s %8d %10.0f %11.2fx\n", "backlog drained by the scheduler (10 senders)", backlog, rate, rate/((before+after)/2))

	var emailLatency, pushLatency []time.Duration
	var emails []time.Time
	for _, m := range mail.Messages() {
		if slices.Contains(m.To, supporter) {
			emails = append(emails, m.ReceivedAt)
		}
	}
	pushes := push.arrivals()
	if len(emails) != len(alerts) || len(pushes) != len(alerts) {
		return fmt.Errorf("%d alerts: %d emails and %d pushes arrived", len(alerts), len(emails), len(pushes))
	}
	minPending, maxPending := backlog, 0
	for i, a := range alerts {
		emailLatency = append(emailLatency, emails[i].Sub(a.at))
		pushLatency = append(pushLatency, pushes[i].Sub(a.at))
		minPending, maxPending = min(minPending, a.pending), max(maxPending, a.pending)
	}
	fmt.Printf("urgent alert under the backlog: %d alerts sent while %d to %d reminder deliveries were waiting; poll interval 250ms\n",
		len(alerts), minPending, maxPending)
	fmt.Printf("  email arrived after: median %s, max %s\n", median(emailLatency), slices.Max(emailLatency).Round(time.Millisecond))
	fmt.Printf("  push arrived after:  median %s, max %s\n", median(pushLatency), slices.Max(pushLatency).Round(time.Millisecond))
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}

// pendingJobs counts deliveries not yet done.
func pendingJobs(ctx context.Context, store *sqlstore.Store) (int, error) {
	var n int
	err := store.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL").Scan(&n)
	return n, err
}

// addBacklog creates n members who chose a check-in time that has passed,
// each with a browser subscribed to the push sink, and a member whose one
// supporter gets the alerts. It returns the supporter's email and the
// member's id.
func addBacklog(ctx context.Context, store *sqlstore.Store, n int, pushURL string) (string, string, error) {
	last, _ := recovery.ParseDate("2026-11-01")
	p256dh, auth := browserKeys()
	for start := 0; start < n; start += 1000 {
		err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			for i := start; i < min(start+1000, n); i++ {
				u := &onward.User{Email: fmt.Sprintf("reminder%d@bench.onward", i), DisplayName: "M", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
				if err := tx.CreateUser(ctx, u, "x"); err != nil {
					return err
				}
				// The member's own profile, under the recorded decision that they may write it.
				d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: u.ID,
					Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
				if err != nil {
					return err
				}
				if err := tx.SaveProfile(ctx, d, &onward.RecoveryProfile{UserID: u.ID, LastUse: last, Convention: recovery.CountDayOfLastUse,
					Substances: []string{"heroin"}, Medication: "none", TreatmentLevel: "none", CheckinTime: "00:00"}); err != nil {
					return err
				}
				if err := tx.SavePushSubscription(ctx, u.ID, sqlstore.PushSubscription{Endpoint: fmt.Sprintf("%s/m%d", pushURL, i), P256dh: p256dh, Auth: auth}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return "", "", fmt.Errorf("add reminder members: %w", err)
		}
	}
	member := &onward.User{Email: "needs-support@bench.onward", DisplayName: "Maria", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
	supporter := &onward.User{Email: "supporter@bench.onward", DisplayName: "Sam", Role: onward.RoleSupporter, Locale: "en", TimeZone: "UTC"}
	err := store.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, u := range []*onward.User{member, supporter} {
			if err := tx.CreateUser(ctx, u, "x"); err != nil {
				return err
			}
		}
		if err := tx.CreateGrant(ctx, &onward.Grant{SubjectID: member.ID, GranteeID: supporter.ID, Categories: []onward.Category{onward.CategoryAlerts}}); err != nil {
			return err
		}
		return tx.SavePushSubscription(ctx, supporter.ID, sqlstore.PushSubscription{Endpoint: pushURL + "/alert", P256dh: p256dh, Auth: auth})
	})
	return supporter.Email, member.ID, err
}

// browserKeys makes the keys a browser sends with its subscription.
func browserKeys() (p256dh, auth string) {
	key, _ := ecdh.P256().GenerateKey(rand.Reader)
	secret := make([]byte, 16)
	rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}

// pushSink is a push service on loopback: it takes every message and
// notes when each alert (path /alert) arrived.
type pushSink struct {
	*httptest.Server
	count  atomic.Int64
	mu     sync.Mutex
	alerts []time.Time
}

func startPushSink() *pushSink {
	p := &pushSink{}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "vapid t=") {
			http.Error(w, "unsigned", http.StatusBadRequest)
			return
		}
		if r.URL.Path == "/alert" {
			p.mu.Lock()
			p.alerts = append(p.alerts, time.Now())
			p.mu.Unlock()
		}
		p.count.Add(1)
		w.WriteHeader(http.StatusCreated)
	}))
	return p
}

// client trusts the sink's certificate and keeps a connection per sender.
func (p *pushSink) client() *http.Client {
	c := p.Client()
	t := c.Transport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	c.Transport = t
	return c
}

func (p *pushSink) arrivals() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.alerts)
}

// sinkMix is the sinks alone doing the backlog's work: senders goroutines
// each take shares of batch deliveries, half emails sent over one SMTP
// connection and half pushes, with no database and no scheduler. It
// returns deliveries per second over n.
func sinkMix(ctx context.Context, mailer *notify.SMTPMailer, pusher *notify.Pusher, sink *pushSink, n, senders, batch int) (float64, error) {
	p256dh, auth := browserKeys()
	sub := notify.PushSubscription{Endpoint: sink.URL + "/baseline", P256dh: p256dh, Auth: auth}
	msg := notify.PushMessage{Title: "Onward: time for your check-in", Body: "Open Onward to see more.", URL: "/checkin"}
	email := notify.Email{To: "sink@bench.onward", Subject: "Onward: time for your check-in",
		Body: "It's time for your daily check-in. It takes a minute:\nhttps://onward.bench/checkin\n"}
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	for range senders {
		wg.Go(func() {
			for next.Add(int64(batch)) <= int64(n) {
				errs := mailer.SendBatch(ctx, slices.Repeat([]notify.Email{email}, batch/2))
				for range batch - batch/2 {
					errs = append(errs, pusher.Send(ctx, sub, msg))
				}
				for _, err := range errs {
					if err != nil {
						failed.CompareAndSwap(nil, &err)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		return 0, *err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
