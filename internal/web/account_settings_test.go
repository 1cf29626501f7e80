package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// Sign-up answers the same whether or not the address has an account: the
// same page, and an email either way (a link to a new address, a notice
// to one that has an account). (It used to say "already exists".)
func TestSignUpDoesNotTellWhetherAnAddressHasAnAccount(t *testing.T) {
	e := newEnv(t)
	e.addUser("taken@example.com", onward.RoleMember)
	answer := func(email string) (response, string) {
		c := e.newClient()
		res := c.post("/signup", signupForm(email, testPassword))
		return res, c.get(res.header.Get("Location")).body
	}
	taken, takenPage := answer("TAKEN@example.com")
	fresh, freshPage := answer("new@example.com")
	if taken.status != fresh.status || taken.header.Get("Location") != fresh.header.Get("Location") || taken.body != fresh.body ||
		mainRe.FindString(takenPage) != mainRe.FindString(freshPage) {
		t.Fatalf("sign-up answers differ: %d to %q and %d to %q", taken.status, taken.header.Get("Location"), fresh.status, fresh.header.Get("Location"))
	}
	if m := e.lastTo("taken@example.com"); !strings.Contains(m.Body, "which already has one") || strings.Contains(m.Body, "/signup/confirm/") {
		t.Fatalf("the address with an account got %q, want a notice without a sign-up link", m.Body)
	}
	if !strings.Contains(e.lastTo("new@example.com").Body, "/signup/confirm/") {
		t.Fatal("the new address got no sign-up link")
	}
	if n, _ := e.store.CountUsers(context.Background()); n != 1 {
		t.Fatalf("%d accounts; a sign-up made one before its link was followed", n)
	}

	// The API answers the same way.
	api := func(email string) response {
		return e.newClient().api("POST", "/api/v1/auth/signup", "", `{"email":"`+email+`","password":"`+testPassword+`","display_name":"Ana"}`)
	}
	if a, b := api("taken@example.com"), api("other@example.com"); a.status != http.StatusAccepted || a.body != b.body {
		t.Fatalf("API sign-up answers differ: %d %s / %d %s", a.status, a.body, b.status, b.body)
	}
}

// Sign-up and password reset answer before any email is sent, so a slow
// mail server (or looking an address up and hashing) does not make the
// answer for an address with an account take longer. (A reset took 300 ms
// for a known address and 3 ms for an unknown one.)
func TestSignUpAndResetAnswerBeforeSendingEmail(t *testing.T) {
	e := newEnv(t)
	e.addUser("ana@example.com", onward.RoleMember)
	tests := []struct {
		path string
		form url.Values
		to   string
	}{
		{"/password/forgot", url.Values{"email": {"ana@example.com"}}, "ana@example.com"},
		{"/password/forgot", url.Values{"email": {"nobody@example.com"}}, ""},
		{"/signup", signupForm("ana@example.com", testPassword), "ana@example.com"},
		{"/signup", signupForm("ben@example.com", testPassword), "ben@example.com"},
	}
	for _, tt := range tests {
		e.mail.hold()
		c := e.newClient()
		c.http.Timeout = 10 * time.Second // a handler waiting for the mail would never answer
		res := c.post(tt.path, tt.form)
		e.mail.release()
		wantStatus(t, res, http.StatusSeeOther)
		if tt.to != "" && len(e.sentTo(tt.to)) == 0 {
			t.Fatalf("POST %s for %s: no email was sent after the answer", tt.path, tt.to)
		}
	}
}

// The account page changes the name and the time zone.
func TestAccountPageChangesNameAndTimeZone(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	bad := c.post("/account/profile", url.Values{"display_name": {" "}, "timezone": {"Mars/Olympus"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, `id="display_name-error"`, `id="timezone-error"`)
	wantStatus(t, c.post("/account/profile", url.Values{"display_name": {"Ana María"}, "timezone": {"Europe/Madrid"}}), http.StatusSeeOther)
	got, _ := e.store.UserByID(context.Background(), u.ID)
	if got.DisplayName != "Ana María" || got.TimeZone != "Europe/Madrid" {
		t.Fatalf("after saving, the account is %q in %q", got.DisplayName, got.TimeZone)
	}
	wantBody(t, c.get("/account"), `value="Ana María"`, `<option value="Europe/Madrid" selected>`)
}

// A new email address is used once a link sent to it is followed; the old
// address is told. An address another account has gets a notice, and the
// answer is the same.
func TestEmailChangeIsConfirmedByALinkToTheNewAddress(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	e.addUser("taken@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	wantStatus(t, c.post("/account/email", url.Values{"email": {"ana@example.com"}, "email_password": {testPassword}}), http.StatusBadRequest)
	wantStatus(t, c.post("/account/email", url.Values{"email": {"not an address"}, "email_password": {testPassword}}), http.StatusBadRequest)

	taken := c.post("/account/email", url.Values{"email": {"taken@example.com"}, "email_password": {testPassword}})
	fresh := c.post("/account/email", url.Values{"email": {"Ana.New@example.com"}, "email_password": {testPassword}})
	if taken.status != http.StatusSeeOther || taken.header.Get("Location") != fresh.header.Get("Location") {
		t.Fatalf("the answers differ: %d to %q, %d to %q", taken.status, taken.header.Get("Location"), fresh.status, fresh.header.Get("Location"))
	}
	if m := e.lastTo("taken@example.com"); strings.Contains(m.Body, "/account/email/confirm/") {
		t.Fatal("an address with an account of its own got a link to take over")
	}
	link := e.linkTo("ana.new@example.com")
	if got, _ := e.store.UserByID(context.Background(), u.ID); got.Email != "ana@example.com" {
		t.Fatalf("the address changed to %q before the link was followed", got.Email)
	}
	wantBody(t, e.newClient().get(link), "ana.new@example.com", "Use this address")
	wantStatus(t, e.newClient().post(link, nil), http.StatusSeeOther)
	if got, _ := e.store.UserByID(context.Background(), u.ID); got.Email != "ana.new@example.com" {
		t.Fatalf("after the link the address is %q", got.Email)
	}
	if m := e.lastTo("ana@example.com"); !strings.Contains(m.Body, "was changed") {
		t.Fatalf("the old address was not told: %q", m.Body)
	}
	wantBody(t, e.newClient().post(link, nil), "This link has expired or was already used.")
	u.Email = "ana.new@example.com"
	e.newClient().signIn(u)
}

// next= after signing in or switching language stays on this site, however
// it is written: browsers drop tabs and newlines from URLs and read a
// backslash as a slash, so "/\t/evil.example" would leave for evil.example.
func TestRedirectsStayOnTheSite(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	for _, next := range offSiteNexts {
		t.Run(strings.ToValidUTF8(next, "?"), func(t *testing.T) {
			c := e.newClient()
			if loc := c.post("/language", url.Values{"locale": {"en"}, "next": {next}}).header.Get("Location"); loc != "/" {
				t.Errorf("the language switch went to %q", loc)
			}
			res := c.post("/signin", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}})
			if loc := res.header.Get("Location"); loc != "/" {
				t.Errorf("signing in went to %q", loc)
			}
		})
	}
	c := e.newClient()
	if loc := c.post("/language", url.Values{"locale": {"es"}, "next": {"/learn/naloxone?x=1"}}).header.Get("Location"); loc != "/learn/naloxone?x=1" {
		t.Fatalf("a path on the site became %q", loc)
	}
}

var offSiteNexts = []string{"//evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
	"/\\evil.example", "\\\\evil.example", "https://evil.example", "javascript:alert(1)", " //evil.example",
	"/\x00/evil.example", "///evil.example", "evil.example", "", "/\u2028/evil.example", "/\x7f/evil.example"}

func TestSafeNext(t *testing.T) {
	for _, next := range offSiteNexts {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	// An escaped tab is a path on this site: browsers do not unescape it.
	for _, next := range []string{"/", "/account", "/learn/naloxone?x=1#top", "/invite/abc", "/find?q=caf%C3%A9", "/%09/evil.example"} {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range offSiteNexts {
		f.Add(s)
	}
	f.Add("/account")
	f.Fuzz(func(t *testing.T, next string) {
		if got := safeNext(next); !staysOnSite(got) {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
	})
}

// staysOnSite reports whether a browser following Location: next from a
// page of the site stays on it: it resolves next the way the URL standard
// does (tabs and newlines dropped, backslashes as slashes).
func staysOnSite(next string) bool {
	cleaned := strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, next)
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return false
	}
	base, _ := url.Parse("https://onward.test/page")
	ref, err := url.Parse(cleaned)
	if err != nil || !strings.HasPrefix(next, "/") {
		return false
	}
	u := base.ResolveReference(ref)
	return u.Scheme == "https" && u.Host == "onward.test"
}

// Quick exit signs the browser out, tells the browser to drop its cached
// pages of the site and leaves for the neutral page: the session cookie no
// longer works even if it was kept. (It used to leave the member signed in.)
func TestQuickExitEndsTheSession(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	srvURL, _ := url.Parse(e.srv.URL)
	kept := c.http.Jar.Cookies(srvURL)
	res := c.get("/exit")
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != "https://weather.com/" {
		t.Fatalf("quick exit went to %q", loc)
	}
	if res.header.Get("Clear-Site-Data") != `"cache"` || res.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("quick exit headers: %v", res.header)
	}
	wantStatus(t, c.get("/account"), http.StatusSeeOther)
	// A copy of the old cookie is worthless too.
	replay := e.newClient()
	replay.http.Jar.SetCookies(srvURL, kept)
	wantStatus(t, replay.get("/account"), http.StatusSeeOther)
	// For a visitor it just leaves.
	wantStatus(t, e.newClient().get("/exit"), http.StatusSeeOther)
}

// Every page a signed-in person gets, and every API answer, is marked
// no-store: not kept in the browser's cache or back-forward history.
func TestSignedInPagesAreNotStored(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	token := createAPIToken(t, e, u)
	for _, path := range []string{"/", "/checkin", "/history", "/plan", "/urge", "/lapse", "/support", "/account", "/account/access",
		"/account/two-factor", "/account/delete", "/notifications", "/crisis", "/nope"} {
		if cc := c.get(path).header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/tokens", "/api/v1/access-log", "/api/v1/recovery"} {
		if cc := c.api("GET", path, token, "").header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

// The crisis page says honestly what quick exit does and does not do.
func TestCrisisPageSaysWhatQuickExitCannotDo(t *testing.T) {
	e := newEnv(t)
	wantBody(t, e.newClient().get("/crisis"), "Quick exit", "signs you out", "cannot remove Onward from your browser", "private (incognito) window")
}

// A two-step key of 5,000 characters (or any key not sealed by Onward) is
// refused as a wrong code, not a 500, and nothing the person is (their
// email) reaches the log. (It used to fail with a log line holding the
// address.)
func TestHugeTwoStepKeyIsRefused(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(u)
	huge := strings.Repeat("A", 5000)
	for _, form := range []url.Values{{"secret": {huge}, "code": {"123456"}}, {"key": {huge}, "code": {"123456"}}, {"key": {"v1." + huge}, "code": {strings.Repeat("9", 5000)}}} {
		res := c.post("/account/two-factor", form)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "That code is not right")
	}
	if strings.Contains(e.logs.String(), "ana@example.com") || strings.Contains(e.logs.String(), "ana%40example.com") {
		t.Fatalf("the log holds the account's address:\n%s", e.logs.String())
	}
}

// Deleting an account removes its address from the sign-in counters too.
func TestDeletedAccountLeavesNoSignInCounter(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("ana@example.com", onward.RoleMember)
	for range 2 {
		e.newClient().post("/signin", url.Values{"email": {u.Email}, "password": {"wrong password!"}})
	}
	c := e.newClient()
	c.signIn(u)
	// The counters left once signed in: a failure after.
	c.post("/account/password", url.Values{"current_password": {"wrong password!"}})
	accountCounters := func() int {
		var n int
		if err := e.store.DB().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM sign_in_attempts WHERE key LIKE 'account:%'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if accountCounters() != 1 {
		t.Fatal("no counter for the account before it was deleted: the test proves nothing")
	}
	c.deleteAccount()
	if n := accountCounters(); n != 0 {
		t.Fatalf("%d sign-in counters of the deleted account remain", n)
	}
}

// No account flow writes an email address to the log.
func TestAccountFlowsLogNoAddresses(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	c.signUp(signupForm("ana@example.com", testPassword))
	e.newClient().post("/signin", url.Values{"email": {"ana@example.com"}, "password": {"wrong password!"}})
	e.newClient().post("/signin", url.Values{"email": {"nobody@example.com"}, "password": {"wrong password!"}})
	e.newClient().post("/password/forgot", url.Values{"email": {"ana@example.com"}})
	c.post("/account/email", url.Values{"email": {"ana.new@example.com"}, "email_password": {testPassword}})
	c.deleteAccount()
	e.server.app.Wait()
	if logs := e.logs.String(); strings.Contains(logs, "@example.com") || strings.Contains(logs, "%40example.com") {
		t.Fatalf("the log holds an address:\n%s", logs)
	}
}
