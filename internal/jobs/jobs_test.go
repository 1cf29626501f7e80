package jobs

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/notify/mailtest"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

var schemaSeq atomic.Int64

// openStores opens n stores on one fresh database (SQLite, or a new
// PostgreSQL schema when ONWARD_TEST_POSTGRES is set), as n instances.
func openStores(t *testing.T, n int) []*sqlstore.Store {
	t.Helper()
	return openStoresAt(t, n, nil)
}

// openStoresAt is openStores on a given clock (nil: the real one).
func openStoresAt(t *testing.T, n int, now func() time.Time) []*sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "jobs.db")
	if pg := os.Getenv("ONWARD_TEST_POSTGRES"); pg != "" {
		schema := fmt.Sprintf("jobs_%d_%d", os.Getpid(), schemaSeq.Add(1))
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(pg, "?") {
			sep = "&"
		}
		dsn = pg + sep + "search_path=" + schema
	}
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	var out []*sqlstore.Store
	for range n {
		s, err := sqlstore.Open(ctx, dsn, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenAuditLog(ctx, keys); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func addUser(t *testing.T, s *sqlstore.Store, email, name string, role onward.Role) *onward.User {
	t.Helper()
	u := &onward.User{Email: email, DisplayName: name, Role: role, Locale: "en", TimeZone: "UTC"}
	if err := s.Write(context.Background(), func(tx *sqlstore.Tx) error { return tx.CreateUser(context.Background(), u, "hash") }); err != nil {
		t.Fatal(err)
	}
	return u
}

// startMail starts an SMTP server for the test and a mailer sending to it.
func startMail(t *testing.T) (*mailtest.Server, *notify.SMTPMailer) {
	t.Helper()
	mail, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mail.Close() })
	mailer, err := notify.NewSMTPMailer(mail.URL(), "onward@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return mail, mailer
}

// shareAlerts lets grantee see member's alerts.
func shareAlerts(t *testing.T, s *sqlstore.Store, member, grantee *onward.User) {
	t.Helper()
	ctx := context.Background()
	if err := s.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: member.ID, GranteeID: grantee.ID, Categories: []onward.Category{onward.CategoryAlerts}})
	}); err != nil {
		t.Fatal(err)
	}
}

// askForSupport is member pressing "I need support now".
func askForSupport(t *testing.T, s *sqlstore.Store, member *onward.User) {
	t.Helper()
	ctx := context.Background()
	if err := s.Access(ctx, onward.AccessRequest{Viewer: onward.Principal{UserID: member.ID, Role: onward.RoleMember}, SubjectID: member.ID,
		Category: onward.CategoryAlerts, Action: onward.ActionWrite}, func(tx *sqlstore.Tx) error {
		_, err := tx.CreateSupportRequest(ctx, member.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// pushService stands in for a browser vendor's push service and counts
// the messages each endpoint receives.
type pushService struct {
	*httptest.Server
	mu       sync.Mutex
	received map[string]int
}

func startPushService(t *testing.T) *pushService {
	p := &pushService{received: map[string]int{}}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "vapid t=") || r.Header.Get("Content-Encoding") != "aes128gcm" {
			http.Error(w, "unsigned or unencrypted", http.StatusBadRequest)
			return
		}
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusGone)
			return
		}
		p.mu.Lock()
		p.received[r.URL.Path]++
		p.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *pushService) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.received[path]
}

// browserKeys makes the keys a browser would send with its subscription.
func browserKeys(t *testing.T) (p256dh, auth string) {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}

// healthWords must never appear in a discreet subject or push text.
var healthWords = []string{"support", "craving", "relapse", "opioid", "heroin", "recovery", "check-in", "crisis", "overdose", "use"}

func TestTwoSchedulersSendEachMessageExactlyOnce(t *testing.T) {
	stores := openStores(t, 2)
	ctx := context.Background()
	mail, mailer := startMail(t)
	push := startPushService(t)
	gen := func() (string, string, error) { return notify.GenerateVAPIDKeys() }
	priv, pub, err := stores[0].VAPIDKeys(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}

	s0 := stores[0]
	member := addUser(t, s0, "maria@example.com", "Maria", onward.RoleMember)
	const supporters, requests = 3, 4
	for i := range supporters {
		u := addUser(t, s0, fmt.Sprintf("s%d@example.com", i), fmt.Sprintf("Supporter %d", i), onward.RoleSupporter)
		shareAlerts(t, s0, member, u)
		p256dh, auth := browserKeys(t)
		endpoint := push.URL + fmt.Sprintf("/s%d", i)
		if i == 0 {
			endpoint = push.URL + "/gone" // uninstalled: the service answers 410
		}
		if err := s0.Write(ctx, func(tx *sqlstore.Tx) error {
			return tx.SavePushSubscription(ctx, u.ID, sqlstore.PushSubscription{Endpoint: endpoint, P256dh: p256dh, Auth: auth})
		}); err != nil {
			t.Fatal(err)
		}
	}
	for range requests {
		askForSupport(t, s0, member)
	}

	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, s := range stores {
		sched := &Scheduler{Store: s, Mailer: mailer, BaseURL: "https://onward.example",
			Pusher: &notify.Pusher{PublicKey: pub, PrivateKey: priv, Subscriber: "mailto:ops@example.org", Client: push.Client()},
			Log:    slog.New(slog.DiscardHandler), Poll: 5 * time.Millisecond, Senders: 3, UrgentSenders: 1, Batch: 2}
		wg.Go(func() { sched.Run(runCtx) })
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(mail.Messages()) < supporters*requests || push.count("/s1")+push.count("/s2") < 2*requests {
		if time.Now().After(deadline) {
			t.Fatalf("after 20s: %d emails, %d pushes", len(mail.Messages()), push.count("/s1")+push.count("/s2"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // time for any duplicate to arrive
	stop()
	wg.Wait()

	perRecipient := map[string]int{}
	for _, m := range mail.Messages() {
		perRecipient[m.To[0]]++
		if m.Subject != "Onward: someone needs you" || strings.Contains(m.Body, "Maria") {
			t.Fatalf("email not discreet: %q / %q", m.Subject, m.Body)
		}
		for _, w := range healthWords {
			if strings.Contains(strings.ToLower(m.Subject), w) {
				t.Fatalf("subject %q has the health word %q", m.Subject, w)
			}
		}
	}
	for i := range supporters {
		if got := perRecipient[fmt.Sprintf("s%d@example.com", i)]; got != requests {
			t.Fatalf("supporter %d got %d emails, want exactly %d", i, got, requests)
		}
	}
	for _, path := range []string{"/s1", "/s2"} {
		if got := push.count(path); got != requests {
			t.Fatalf("%s got %d pushes, want exactly %d", path, got, requests)
		}
	}
	if due, err := s0.HasDueJobs(ctx, time.Now().Add(time.Hour), sqlstore.PriorityRoutine); err != nil || due {
		t.Fatalf("work left over: %v, %v", due, err)
	}
	subs, err := s0.PushSubscriptions(ctx, mustUser(t, s0, "s0@example.com").ID)
	if err != nil || len(subs) != 0 {
		t.Fatalf("gone subscription kept: %+v, %v", subs, err)
	}
}

func mustUser(t *testing.T, s *sqlstore.Store, email string) *onward.User {
	u, err := s.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDiscreetTextsCarryNoHealthDetail(t *testing.T) {
	for _, kind := range []string{notify.KindSupportRequest, notify.KindSupportAnswer, notify.KindCheckinReminder} {
		for _, locale := range []string{"en", "es"} {
			t.Run(kind+"/"+locale, func(t *testing.T) {
				text, err := notify.Compose(kind, locale, true, "Maria", "calling", "https://onward.example/x")
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range []string{text.Subject, text.PushTitle, text.PushBody, text.Body} {
					if strings.Contains(s, "Maria") {
						t.Fatalf("discreet text names the person: %q", s)
					}
				}
				for _, s := range []string{text.Subject, text.PushTitle, text.PushBody} {
					for _, w := range append(healthWords, "apoyo", "registro", "consumo", "recuperación") {
						if kind == notify.KindCheckinReminder && (w == "check-in" || w == "registro") {
							continue // "time for your check-in" is the agreed reminder text
						}
						if strings.Contains(strings.ToLower(s), w) {
							t.Fatalf("%q has %q", s, w)
						}
					}
				}
			})
		}
	}
	if _, err := notify.Compose("unknown", "en", true, "", "", ""); err == nil {
		t.Fatal("unknown kind composed")
	}
}
