package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/jobs"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// shareWith records member's consent for supporter to see categories, as
// an accepted invitation would.
func shareWith(t *testing.T, e *testEnv, member, supporter *onward.User, cats ...onward.Category) *onward.Grant {
	t.Helper()
	ctx := context.Background()
	g := &onward.Grant{SubjectID: member.ID, GranteeID: supporter.ID, Categories: cats}
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateGrant(ctx, g) }); err != nil {
		t.Fatal(err)
	}
	return g
}

// deliver runs the scheduler once, as the running server would within a
// fraction of a second, sending through the test's mailbox.
func deliver(t *testing.T, e *testEnv) {
	t.Helper()
	s := &jobs.Scheduler{Store: e.store, Mailer: e.mail, BaseURL: "http://onward.test", Now: e.clock.now, Log: e.server.log}
	if _, err := s.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (m *mailbox) to(addr string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var subjects []string
	for _, e := range m.sent {
		if e.To == addr {
			subjects = append(subjects, e.Subject+"\n"+e.Body)
		}
	}
	return subjects
}

func TestNotifySupportNowReachesOnlyAlertSupportersAndAnswersReturn(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	milo := e.addUser("milo@example.com", onward.RoleSupporter)
	samGrant := shareWith(t, e, member, sam, onward.CategoryAlerts, onward.CategoryCheckins)
	shareWith(t, e, member, milo, onward.CategoryCheckins, onward.CategoryMilestones)
	// Sam is in quiet hours now (15:00 UTC is 09:00 in Chicago): an alert
	// still reaches him, because it is urgent.
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.SaveNotifyPrefs(ctx, sam.ID, sqlstore.NotifyPrefs{Email: true, Discreet: true, QuietStart: "08:00", QuietEnd: "10:00"})
	}); err != nil {
		t.Fatal(err)
	}

	page := mc.get("/support-now")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "One tap tells the person you chose", "tel:911")
	res := mc.post("/support-now", nil)
	wantStatus(t, res, http.StatusSeeOther)
	where := res.header.Get("Location")
	if !strings.HasPrefix(where, "/support-now/") {
		t.Fatalf("redirected to %q", where)
	}
	requestID := strings.TrimPrefix(where, "/support-now/")
	deliver(t, e)

	samMail := e.mail.to(sam.Email)
	if len(samMail) != 1 || !strings.HasPrefix(samMail[0], "Onward: someone needs you\n") || strings.Contains(samMail[0], "ana") {
		t.Fatalf("sam's email = %q; want one discreet email", samMail)
	}
	if got := e.mail.to(milo.Email); len(got) != 0 {
		t.Fatalf("milo, who may not see alerts, got %q", got)
	}

	sc := e.newClient()
	sc.signIn(sam)
	inbox := sc.get("/notifications")
	wantStatus(t, inbox, http.StatusOK)
	wantBody(t, inbox, "ana needs support now.", `action="/support-now/`+requestID+`/answer"`, "I&#39;m calling you", "1 new")
	milc := e.newClient()
	milc.signIn(milo)
	if body := milc.get("/notifications").body; strings.Contains(body, "needs support now") {
		t.Fatal("milo's inbox shows the alert")
	}

	t.Run("only a recipient can answer", func(t *testing.T) {
		wantStatus(t, milc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"calling"}}), http.StatusForbidden)
		wantStatus(t, mc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"calling"}}), http.StatusForbidden)
		wantStatus(t, sc.post("/support-now/unknown/answer", url.Values{"answer": {"calling"}}), http.StatusNotFound)
	})
	t.Run("a wrong answer records nothing", func(t *testing.T) {
		res := sc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"later"}})
		wantStatus(t, res, http.StatusSeeOther)
		wantBody(t, mc.get("/support-now/"+requestID), "No answer yet.")
	})
	t.Run("the answer reaches the member", func(t *testing.T) {
		wantStatus(t, sc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"on_my_way"}}), http.StatusSeeOther)
		deliver(t, e)
		wantBody(t, mc.get("/support-now/"+requestID), "sam", "On my way")
		wantBody(t, mc.get("/notifications"), "sam answered your request for support.")
		if got := e.mail.to(member.Email); len(got) != 1 || !strings.HasPrefix(got[0], "Onward: someone answered\n") {
			t.Fatalf("member's email = %q", got)
		}
	})
	t.Run("only the member sees their request", func(t *testing.T) {
		wantStatus(t, sc.get("/support-now/"+requestID), http.StatusForbidden) // supporters have no member pages
		other := e.addUser("other@example.com", onward.RoleMember)
		oc := e.newClient()
		oc.signIn(other)
		wantStatus(t, oc.get("/support-now/"+requestID), http.StatusNotFound)
		wantStatus(t, sc.post("/support-now", nil), http.StatusForbidden)
	})
	t.Run("mark all as read", func(t *testing.T) {
		wantStatus(t, sc.post("/notifications/read", nil), http.StatusSeeOther)
		if body := sc.get("/notifications").body; strings.Contains(body, "1 new") {
			t.Fatal("still unread after marking read")
		}
	})
	t.Run("a revoked grant ends answering", func(t *testing.T) {
		if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RevokeGrant(ctx, member.ID, samGrant.ID) }); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, sc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"calling"}}), http.StatusForbidden)
		wantBody(t, mc.get("/support-now"), "No one has been chosen to get your alerts yet.")
	})
}
