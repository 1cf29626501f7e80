package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// gateMailer holds every reminder until released, as a slow mail server
// would with a backlog, and hands the other messages over at once.
type gateMailer struct {
	release chan struct{}
	other   chan notify.Email
	mu      sync.Mutex
	sent    map[string]int // reminders sent, per recipient
}

func newGateMailer() *gateMailer {
	return &gateMailer{release: make(chan struct{}), other: make(chan notify.Email, 100), sent: map[string]int{}}
}

func (m *gateMailer) Send(ctx context.Context, e notify.Email) error {
	if e.Subject != "Onward: time for your check-in" {
		m.other <- e
		return nil
	}
	select {
	case <-m.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	m.mu.Lock()
	m.sent[e.To]++
	m.mu.Unlock()
	return nil
}

func (m *gateMailer) reminders() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for k, v := range m.sent {
		out[k] = v
	}
	return out
}

// addBacklog creates n members whose daily check-in time has passed, in
// one transaction.
func addBacklog(t *testing.T, s *sqlstore.Store, n int) {
	t.Helper()
	ctx := context.Background()
	err := s.Write(ctx, func(tx *sqlstore.Tx) error {
		for i := range n {
			u := &onward.User{Email: fmt.Sprintf("m%d@example.com", i), DisplayName: "M", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := tx.CreateUser(ctx, u, "hash"); err != nil {
				return err
			}
			last, _ := recovery.ParseDate("2026-11-01")
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
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUrgentAlertIsSentAtTheNextPollWhateverTheBacklog(t *testing.T) {
	s := openStores(t, 1)[0]
	ctx := context.Background()
	const members = 1500 // 3,000 reminder deliveries: an email and a push each
	addBacklog(t, s, members)
	if n, err := s.PlanCheckinReminders(ctx, time.Now()); err != nil || n != members {
		t.Fatalf("planned %d reminders, %v", n, err)
	}
	mail := newGateMailer()
	sched := &Scheduler{Store: s, Mailer: mail, BaseURL: "https://onward.example", Log: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return time.Now().Add(sqlstore.ReminderSpread) }} // every reminder is due

	// A poll: the routine senders take a share of the backlog each, and
	// the mail server holds them.
	routine, err := sched.Tick(ctx)
	if err != nil || routine != sched.Senders*sched.Batch {
		t.Fatalf("first poll claimed %d, %v; want %d", routine, err, sched.Senders*sched.Batch)
	}

	// Now someone needs support.
	member := addUser(t, s, "maria@example.com", "Maria", onward.RoleMember)
	for i := range 2 {
		shareAlerts(t, s, member, addUser(t, s, fmt.Sprintf("s%d@example.com", i), "S", onward.RoleSupporter))
	}
	askForSupport(t, s, member)

	// The next poll, and only it, sends the alert: its email and push
	// jobs are claimed ahead of thousands of older reminders and go out
	// while every routine sender is still stuck.
	urgent, err := sched.Tick(ctx)
	if err != nil || urgent != 4 {
		t.Fatalf("next poll claimed %d, %v; want the alert's 4 deliveries", urgent, err)
	}
	got := map[string]bool{}
	guard := time.After(30 * time.Second) // a hang guard, not a timing assertion
	for len(got) < 2 {
		select {
		case e := <-mail.other:
			if e.Subject != "Onward: someone needs you" {
				t.Fatalf("unexpected email %q", e.Subject)
			}
			got[e.To] = true
		case <-guard:
			t.Fatalf("the alert was not sent; emails to %v", got)
		}
	}
	if n := len(mail.reminders()); n != 0 {
		t.Fatalf("%d reminders sent before the alert was", n)
	}

	// The backlog then drains, every reminder sent once.
	close(mail.release)
	sched.Wait()
	for {
		n, err := sched.Tick(ctx)
		sched.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	sent := mail.reminders()
	if len(sent) != members {
		t.Fatalf("reminders reached %d members, want %d", len(sent), members)
	}
	for to, n := range sent {
		if n != 1 {
			t.Fatalf("%s got %d reminders", to, n)
		}
	}
	if due, err := s.HasDueJobs(ctx, time.Now().Add(time.Hour), sqlstore.PriorityRoutine); err != nil || due {
		t.Fatalf("work left over: %v, %v", due, err)
	}
}
