package jobs

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The server's own scheduler (as `onward serve` builds it) never connects
// to a push endpoint in its own network, however the endpoint got into the
// database (stored before endpoints were checked, or a name that resolved
// elsewhere when the browser subscribed), and still delivers the alert by
// email.
func TestServerNeverConnectsToAPushEndpointOnLoopback(t *testing.T) {
	s := openStores(t, 1)[0]
	ctx := context.Background()
	var conns atomic.Int64
	internal := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) }))
	internal.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	internal.StartTLS()
	t.Cleanup(internal.Close)
	port := internal.URL[strings.LastIndex(internal.URL, ":"):]

	mail, mailer := startMail(t)
	sched, err := ForServer(ctx, s, mailer, notify.PushEndpoints{}, "https://onward.example", "onward@example.org", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}

	member := addUser(t, s, "maria@example.com", "Maria", onward.RoleMember)
	sam := addUser(t, s, "sam@example.com", "Sam", onward.RoleSupporter)
	endpoints := []string{
		internal.URL + "/admin",
		"https://localhost" + port + "/admin",
		"https://[::ffff:127.0.0.1]" + port + "/admin",
		"https://127.1" + port + "/admin",
	}
	shareAlerts(t, s, member, sam)
	if err := s.Write(ctx, func(tx *sqlstore.Tx) error {
		for _, e := range endpoints {
			p256dh, auth := browserKeys(t)
			if err := tx.SavePushSubscription(ctx, sam.ID, sqlstore.PushSubscription{Endpoint: e, P256dh: p256dh, Auth: auth}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	askForSupport(t, s, member)

	if n, err := sched.RunOnce(ctx); err != nil || n != 2 {
		t.Fatalf("delivered %d jobs, %v; want the alert's email and push", n, err)
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("the server connected %d times to a loopback push endpoint", n)
	}
	if got := mail.Messages(); len(got) != 1 || got[0].To[0] != "sam@example.com" {
		t.Fatalf("emails %+v, want the alert to Sam", got)
	}
	// The refused subscriptions are forgotten, and nothing is left to retry.
	if subs, err := s.PushSubscriptions(ctx, sam.ID); err != nil || len(subs) != 0 {
		t.Fatalf("refused subscriptions kept: %+v, %v", subs, err)
	}
	if due, err := s.HasDueJobs(ctx, time.Now().Add(time.Hour), sqlstore.PriorityRoutine); err != nil || due {
		t.Fatalf("work left to retry: %v, %v", due, err)
	}
}
