package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func grant(t *testing.T, s *Store, member, grantee *onward.User, cats ...onward.Category) *onward.Grant {
	t.Helper()
	g := &onward.Grant{SubjectID: member.ID, GranteeID: grantee.ID, Categories: cats}
	if err := s.Write(context.Background(), func(tx *Tx) error { return tx.CreateGrant(context.Background(), g) }); err != nil {
		t.Fatal(err)
	}
	return g
}

func sendSupportRequest(t *testing.T, s *Store, member *onward.User) *SupportRequest {
	t.Helper()
	var req *SupportRequest
	err := ownAccess(t, s, member, func(tx *Tx, d Disclosure) (err error) {
		req, err = tx.CreateSupportRequest(context.Background(), member.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestNotifySupportRequestReachesOnlyActiveAlertGrantees(t *testing.T) {
	s, clk := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "maria@example.com", onward.RoleMember)
	alerts := createUser(t, s, "sam@example.com", onward.RoleSupporter)
	milestonesOnly := createUser(t, s, "milo@example.com", onward.RoleSupporter)
	revoked := createUser(t, s, "rev@example.com", onward.RoleSupporter)
	expired := createUser(t, s, "exp@example.com", onward.RoleSupporter)
	grant(t, s, member, alerts, onward.CategoryCheckins, onward.CategoryAlerts)
	grant(t, s, member, milestonesOnly, onward.CategoryMilestones)
	g := grant(t, s, member, revoked, onward.CategoryAlerts)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.RevokeGrant(ctx, member.ID, g.ID) }); err != nil {
		t.Fatal(err)
	}
	ends := clk.now().Add(time.Hour)
	eg := &onward.Grant{SubjectID: member.ID, GranteeID: expired.ID, Categories: []onward.Category{onward.CategoryAlerts}, ExpiresAt: &ends}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.CreateGrant(ctx, eg) }); err != nil {
		t.Fatal(err)
	}
	clk.advance(2 * time.Hour)

	req := sendSupportRequest(t, s, member)
	if req.Recipients != 1 {
		t.Fatalf("request reached %d people, want 1", req.Recipients)
	}
	for _, u := range []*onward.User{alerts, milestonesOnly, revoked, expired} {
		got, err := s.Notifications(ctx, u.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if u == alerts {
			want = 1
		}
		if len(got) != want {
			t.Fatalf("%s has %d notifications, want %d", u.Email, len(got), want)
		}
		if want == 1 && (got[0].Kind != KindSupportRequest || got[0].AboutID != member.ID || got[0].RefID != req.ID || got[0].ReadAt != nil) {
			t.Fatalf("notification = %+v", got[0])
		}
	}

	answer := func(u *onward.User, a string) error {
		return s.Write(ctx, func(tx *Tx) error { return tx.AnswerSupportRequest(ctx, req.ID, u.ID, a) })
	}
	wantCode(t, answer(milestonesOnly, AnswerCalling), onward.EFORBIDDEN)
	wantCode(t, answer(alerts, "maybe later"), onward.EINVALID)
	if err := answer(alerts, AnswerOnMyWay); err != nil {
		t.Fatal(err)
	}
	inbox, err := s.Notifications(ctx, member.ID, 10)
	if err != nil || len(inbox) != 1 || inbox[0].Kind != KindSupportAnswer || inbox[0].AboutID != alerts.ID {
		t.Fatalf("member inbox = %+v, %v", inbox, err)
	}
	readOwn(t, s, member, func(r *Reader) error {
		got, err := r.SupportRequest(ctx, req.ID)
		if err != nil || got.Recipients != 1 || len(got.Answers) != 1 || got.Answers[0].Answer != AnswerOnMyWay || got.Answers[0].SupporterID != alerts.ID {
			t.Fatalf("request = %+v, %v", got, err)
		}
		return nil
	})
	// Another member cannot read it through their own reader.
	other := createUser(t, s, "other@example.com", onward.RoleMember)
	readOwn(t, s, other, func(r *Reader) error {
		_, err := r.SupportRequest(ctx, req.ID)
		wantCode(t, err, onward.ENOTFOUND)
		return nil
	})

	if n, err := s.UnreadNotifications(ctx, alerts.ID); err != nil || n != 1 {
		t.Fatalf("unread = %d, %v; want 1", n, err)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.MarkNotificationsRead(ctx, alerts.ID) }); err != nil {
		t.Fatal(err)
	}
	if n, err := s.UnreadNotifications(ctx, alerts.ID); err != nil || n != 0 {
		t.Fatalf("unread after reading = %d, %v; want 0", n, err)
	}
}

func TestNotifyPrefsDefaultsAndSave(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	u := createUser(t, s, "p@example.com", onward.RoleMember)
	if p, err := s.NotifyPrefs(ctx, u.ID); err != nil || p != DefaultNotifyPrefs || !p.Discreet {
		t.Fatalf("default prefs = %+v, %v", p, err)
	}
	want := NotifyPrefs{Email: false, Push: true, Discreet: false, Reminders: false, QuietStart: "22:00", QuietEnd: "07:00"}
	for range 2 { // saving again replaces
		if err := s.Write(ctx, func(tx *Tx) error { return tx.SaveNotifyPrefs(ctx, u.ID, want) }); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := s.NotifyPrefs(ctx, u.ID); err != nil || p != want {
		t.Fatalf("prefs = %+v, %v; want %+v", p, err, want)
	}
}

func TestNotifyQuietHours(t *testing.T) {
	tests := []struct {
		name, start, end, clock string
		quiet                   bool
	}{
		{"none", "", "", "03:00", false},
		{"same day inside", "13:00", "15:00", "14:59", true},
		{"same day end is not quiet", "13:00", "15:00", "15:00", false},
		{"over midnight late", "22:00", "07:00", "23:30", true},
		{"over midnight early", "22:00", "07:00", "06:59", true},
		{"over midnight daytime", "22:00", "07:00", "12:00", false},
		{"equal bounds mean none", "08:00", "08:00", "08:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NotifyPrefs{QuietStart: tt.start, QuietEnd: tt.end}
			if got := p.Quiet(tt.clock); got != tt.quiet {
				t.Fatalf("Quiet(%s) with %s-%s = %v", tt.clock, tt.start, tt.end, got)
			}
		})
	}
}

func TestNotifyPushSubscriptionsAndVAPIDKeys(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	a := createUser(t, s, "a@example.com", onward.RoleMember)
	b := createUser(t, s, "b@example.com", onward.RoleSupporter)
	sub := PushSubscription{Endpoint: "https://push.example/1", P256dh: "key", Auth: "auth"}
	for _, u := range []*onward.User{a, b} { // the endpoint moves to whoever subscribed last
		if err := s.Write(ctx, func(tx *Tx) error { return tx.SavePushSubscription(ctx, u.ID, sub) }); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.PushSubscriptions(ctx, a.ID); err != nil || len(got) != 0 {
		t.Fatalf("a's subscriptions = %+v, %v", got, err)
	}
	if got, err := s.PushSubscriptions(ctx, b.ID); err != nil || len(got) != 1 || got[0] != sub {
		t.Fatalf("b's subscriptions = %+v, %v", got, err)
	}
	var deleted bool
	if err := s.Write(ctx, func(tx *Tx) (err error) {
		deleted, err = tx.DeletePushSubscription(ctx, a.ID, sub.Endpoint)
		return err
	}); err != nil || deleted {
		t.Fatalf("a deleted b's subscription: %v, %v", deleted, err)
	}
	if err := s.ForgetPushEndpoint(ctx, sub.Endpoint); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PushSubscriptions(ctx, b.ID); len(got) != 0 {
		t.Fatalf("forgotten endpoint still there: %+v", got)
	}

	calls := 0
	gen := func() (string, string, error) {
		calls++
		return "private-" + string(rune('0'+calls)), "public-" + string(rune('0'+calls)), nil
	}
	priv1, pub1, err := s.VAPIDKeys(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}
	priv2, pub2, err := s.VAPIDKeys(ctx, gen)
	if err != nil || priv1 != priv2 || pub1 != pub2 || calls != 1 || priv1 != "private-1" {
		t.Fatalf("keys changed or regenerated: %s/%s then %s/%s, %d generations, %v", priv1, pub1, priv2, pub2, calls, err)
	}
}
