package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// TestInvitationSurvivesSignUp is a family member who opens an invitation
// without an account and chooses "Create account": the sign-up keeps the
// invitation, makes a supporter (no recovery onboarding), and brings them
// back to accept it. Ticking "I am in recovery myself" makes a member.
func TestInvitationSurvivesSignUp(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	code := inviteThroughForm(t, mc, url.Values{"relationship": {"family"}, "share": {"milestones"}})
	next := "/invite/" + code

	c := e.newClient()
	wantBody(t, c.get(next), `href="/signup?next=`+next+`"`, `href="/signin?next=`+next+`"`)
	form := c.get("/signup?next=" + url.QueryEscape(next))
	wantBody(t, form, "You are creating an account to accept ana&#39;s invitation.", `name="next" value="`+next+`"`,
		`name="in_recovery"`, `href="/signin?next=`+strings.ReplaceAll(next, "/", "%2f")+`"`)

	t.Run("ABadFormKeepsTheInvitation", func(t *testing.T) {
		f := signupForm("rosa@example.com", "short")
		f.Set("next", next)
		res := e.newClient().post("/signup", f)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `name="next" value="`+next+`"`, "You are creating an account to accept")
	})
	t.Run("ASupporterComesBackToAccept", func(t *testing.T) {
		f := signupForm("rosa@example.com", testPassword)
		f.Set("next", next)
		if got := c.signUp(f); got != next {
			t.Fatalf("after sign-up went to %q, want back to the invitation %q", got, next)
		}
		u, err := e.store.UserByEmail(context.Background(), "rosa@example.com")
		if err != nil || u.Role != onward.RoleSupporter {
			t.Fatalf("the new account is %+v (%v), want a supporter", u, err)
		}
		page := c.get(next)
		wantBody(t, page, "Your account is ready. Accept the invitation below.", `action="`+next+`"`)
		home := c.get("/")
		wantBody(t, home, `<a href="/supporting">People I support</a>`)
		if strings.Contains(home.body, "/onboarding") || strings.Contains(home.body, `href="/checkin"`) {
			t.Fatal("a supporter is offered the recovery onboarding or the check-in")
		}
		wantStatus(t, c.get("/onboarding"), http.StatusForbidden)
		wantStatus(t, c.post(next, nil), http.StatusSeeOther)
		wantBody(t, c.get("/supporting"), "What ana shares with you: Clean time and milestones")
	})
	t.Run("InRecoveryThemselves", func(t *testing.T) {
		code := inviteThroughForm(t, mc, url.Values{"relationship": {"peer"}})
		f := signupForm("pat@example.com", testPassword)
		f.Set("next", "/invite/"+code)
		f.Set("in_recovery", "yes")
		e.newClient().signUp(f)
		if u, err := e.store.UserByEmail(context.Background(), "pat@example.com"); err != nil || u.Role != onward.RoleMember {
			t.Fatalf("the new account is %+v (%v), want a member", u, err)
		}
	})
	t.Run("WithoutAnInvitationSignUpMakesAMember", func(t *testing.T) {
		for i, next := range []string{"", "/invite/nosuchcode", "//evil.example/invite/" + code, "/history"} {
			f := signupForm(fmt.Sprintf("m%d@example.com", i), testPassword)
			f.Set("next", next)
			f.Set("in_recovery", "")
			want := next // a page of the site, where the person was going
			if next == "" || strings.HasPrefix(next, "//") {
				want = "/"
			}
			if got := e.newClient().signUp(f); got != want {
				t.Errorf("next %q: went to %q, want %s", next, got, want)
			}
			if u, _ := e.store.UserByEmail(context.Background(), fmt.Sprintf("m%d@example.com", i)); u == nil || u.Role != onward.RoleMember {
				t.Errorf("next %q: the new account is %+v, want a member", next, u)
			}
		}
	})
	t.Run("SignInKeepsItToo", func(t *testing.T) {
		code := inviteThroughForm(t, mc, url.Values{"relationship": {"friend"}})
		next := "/invite/" + code
		wantBody(t, e.newClient().get("/signin?next="+url.QueryEscape(next)), `href="/signup?next=`+strings.ReplaceAll(next, "/", "%2f")+`"`)
		sam := e.addUser("sam@example.com", onward.RoleSupporter)
		sc := e.newClient()
		res := sc.post("/signin", url.Values{"email": {sam.Email}, "password": {testPassword}, "next": {next}})
		if got := res.header.Get("Location"); res.status != http.StatusSeeOther || got != next {
			t.Fatalf("sign-in answered %d to %q, want back to %q", res.status, got, next)
		}
	})
}

// TestInvitationEmailsAreLimited sends invitation e-mails, which carry
// words a member chose to any address, past the daily limit, one at a
// time and in a parallel burst: the limit holds, the refusal says what to
// do instead, and a link to copy still works.
func TestInvitationEmailsAreLimited(t *testing.T) {
	e := newEnv(t)
	member, mc := newMember(t, e)
	token := createAPIToken(t, e, member)
	api := e.newClient()
	var wg sync.WaitGroup
	statuses := make(chan int, maxInvitationEmailsForTest+5)
	for i := range maxInvitationEmailsForTest + 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := api.api("POST", "/api/v1/invitations", token, fmt.Sprintf(`{"email":"p%d@example.com","relationship":"friend"}`, i))
			statuses <- res.status
		}()
	}
	wg.Wait()
	close(statuses)
	made := 0
	for st := range statuses {
		switch st {
		case http.StatusCreated:
			made++
		case http.StatusTooManyRequests:
		default:
			t.Errorf("an invitation answered %d", st)
		}
	}
	e.mail.mu.Lock()
	sent := len(e.mail.sent)
	e.mail.mu.Unlock()
	if made != maxInvitationEmailsForTest || sent != maxInvitationEmailsForTest {
		t.Fatalf("%d invitations made and %d e-mails sent in a burst, want %d", made, sent, maxInvitationEmailsForTest)
	}
	res := mc.post("/support/invitations", url.Values{"email": {"one-more@example.com"}, "relationship": {"friend"}})
	wantStatus(t, res, http.StatusTooManyRequests)
	wantBody(t, res, "You have sent 10 invitation emails in the last 24 hours", "Make a link to copy instead")
	inviteThroughForm(t, mc, url.Values{"relationship": {"friend"}})
	e.clock.advance(24*time.Hour + time.Second)
	wantStatus(t, mc.post("/support/invitations", url.Values{"email": {"tomorrow@example.com"}, "relationship": {"friend"}}), http.StatusOK)
}

// maxInvitationEmailsForTest is internal/app's daily limit.
const maxInvitationEmailsForTest = 10

func TestAlertPhoneIsChecked(t *testing.T) {
	e := newEnv(t)
	_, mc := newMember(t, e)
	res := mc.post("/support/phone", url.Values{"phone": {"call me <script>"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Enter the phone number with digits", `aria-invalid="true"`)
	wantStatus(t, mc.post("/support/phone", url.Values{"phone": {" (217) 555-0199 "}}), http.StatusSeeOther)
	wantBody(t, mc.get("/support"), `value="(217) 555-0199"`)
	wantStatus(t, mc.post("/support/phone", url.Values{"phone": {""}}), http.StatusSeeOther)
	if strings.Contains(mc.get("/support").body, "555-0199") {
		t.Fatal("an emptied phone number is still kept")
	}
}
