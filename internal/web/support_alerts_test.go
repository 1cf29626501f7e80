package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// TestSupporterAlertCanBeActedOn is a supporter's alert from start to end:
// it shows the member's phone with a call button while alerts are shared,
// shows the answer once given (and is no longer new), the member's page
// asks for answers by itself every few seconds (and has a link that does
// the same without JavaScript), and once sharing ends the alert says so.
func TestSupporterAlertCanBeActedOn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	member, mc := newMember(t, e)
	sam := e.addUser("sam@example.com", onward.RoleSupporter)
	lee := e.addUser("lee@example.com", onward.RoleSupporter)
	samGrant := shareWith(t, e, member, sam, onward.CategoryAlerts)
	shareWith(t, e, member, lee, onward.CategoryAlerts)
	sc, lc := e.newClient(), e.newClient()
	sc.signIn(sam)
	lc.signIn(lee)

	send := func() string {
		t.Helper()
		res := mc.post("/support-now", nil)
		wantStatus(t, res, http.StatusSeeOther)
		return strings.TrimPrefix(res.header.Get("Location"), "/support-now/")
	}
	t.Run("NoPhoneNoCallButton", func(t *testing.T) {
		send()
		if body := sc.get("/notifications").body; strings.Contains(body, "tel:") {
			t.Fatal("a call button without a number")
		}
	})
	wantStatus(t, mc.post("/support/phone", url.Values{"phone": {"+1 (217) 555-0199"}}), http.StatusSeeOther)
	requestID := send()

	t.Run("ThePhoneWithACallButton", func(t *testing.T) {
		wantBody(t, sc.get("/notifications"), `href="tel:&#43;12175550199"`, "Call ana: &#43;1 (217) 555-0199",
			`action="/support-now/`+requestID+`/answer"`)
	})
	t.Run("TheMembersPageAsksForAnswersByItself", func(t *testing.T) {
		page := mc.get("/support-now/" + requestID)
		wantBody(t, page, `hx-get="/support-now/`+requestID+`"`, `hx-trigger="every 5s"`, `hx-select="#answers"`,
			`href="/support-now/`+requestID+`">Check for answers`, `<script src="/static/htmx`)
	})
	t.Run("AnAnsweredAlertShowsTheAnswerAndIsNotNew", func(t *testing.T) {
		before := strings.Count(sc.get("/notifications").body, `class="inbox-item unread"`)
		wantStatus(t, sc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"calling"}}), http.StatusSeeOther)
		inbox := sc.get("/notifications").body
		if after := strings.Count(inbox, `class="inbox-item unread"`); after != before-1 {
			t.Fatalf("%d new alerts before answering and %d after, want one fewer", before, after)
		}
		item := inboxItem(t, inbox, requestID)
		if !strings.Contains(item, "You answered: <strong>I&#39;m calling you</strong>") || strings.Contains(item, "<form") ||
			strings.Contains(item, `class="badge"`) {
			t.Fatalf("the answered alert, want the answer without the form or the New badge:\n%s", item)
		}
		wantBody(t, mc.get("/support-now/"+requestID), "sam", "I&#39;m calling you", `hx-trigger="every 5s"`)
		wantStatus(t, lc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"on_my_way"}}), http.StatusSeeOther)
		if page := mc.get("/support-now/" + requestID).body; strings.Contains(page, "hx-trigger") {
			t.Fatal("the page still asks for answers once everyone told has answered")
		}
		// The e-mail telling the member of an answer links to the page
		// that shows it.
		deliver(t, e)
		mail := e.mail.to(member.Email)
		if len(mail) == 0 || !strings.Contains(mail[len(mail)-1], "http://onward.test/support-now/"+requestID+"\n") {
			t.Fatalf("the member's e-mail about the answer, want a link to /support-now/%s:\n%q", requestID, mail)
		}
	})
	t.Run("AfterSharingEndsTheAlertSaysSo", func(t *testing.T) {
		if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.RevokeGrant(ctx, member.ID, samGrant.ID) }); err != nil {
			t.Fatal(err)
		}
		inbox := sc.get("/notifications")
		wantStatus(t, inbox, http.StatusOK)
		item := inboxItem(t, inbox.body, requestID)
		if !strings.Contains(item, "ana no longer shares alerts with you.") || strings.Contains(item, "tel:") || strings.Contains(item, "<form") {
			t.Fatalf("the alert after sharing ended:\n%s", item)
		}
		res := sc.post("/support-now/"+requestID+"/answer", url.Values{"answer": {"on_my_way"}})
		wantStatus(t, res, http.StatusForbidden)
		wantBody(t, res, "Your answer was not sent", "ana no longer shares alerts with you.")
		if strings.Contains(res.body, "Something went wrong") {
			t.Fatal("a stale answer is told that something went wrong")
		}
	})
}

// inboxItem returns the inbox entry about request id.
func inboxItem(t *testing.T, inbox, id string) string {
	t.Helper()
	i := strings.Index(inbox, `id="alert-`+id+`"`)
	if i < 0 {
		t.Fatalf("no inbox entry about %s in:\n%s", id, truncate(inbox))
	}
	item := inbox[i:]
	return item[:strings.Index(item, "</li>")]
}
