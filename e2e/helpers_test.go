package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", for countUsers

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/notify/mailtest"
)

// The helpers in this file keep the flow tests readable. A tab is one person
// at one browser; its methods act as that person would (open a page, type,
// click) and fail the test at once when the page does not let them.
//
// Every page that a tab opens, by address, link, button or form, is checked
// before the test goes on: axe-core finds no WCAG 2.2 A/AA violation, and the
// header and the footer that every page carries are there (see checkPage).

// waitTimeout bounds the wait for one element or one page, so that a missing
// element fails its test with its selector, not at the tab's overall limit.
const waitTimeout = 20 * time.Second

// tab is one person's browser tab.
type tab struct {
	t     *testing.T
	ctx   context.Context
	name  string // "tab1", "tab2", ... in the order that the test opened them
	pages int    // pages opened so far, to number the screenshots
}

// openTab opens a tab with a browser context of its own: no cookies, as on a
// new device.
func openTab(t *testing.T) *tab {
	t.Helper()
	ctx := newTab(t)
	tabsOpened.Lock()
	defer tabsOpened.Unlock()
	n := tabsOpened.n[t] + 1
	if n == 1 {
		t.Cleanup(func() {
			tabsOpened.Lock()
			defer tabsOpened.Unlock()
			delete(tabsOpened.n, t)
		})
	}
	tabsOpened.n[t] = n
	return &tab{t: t, ctx: ctx, name: fmt.Sprintf("tab%d", n)}
}

// tabsOpened counts each running test's tabs, to name their screenshots.
var tabsOpened = struct {
	sync.Mutex
	n map[*testing.T]int
}{n: map[*testing.T]int{}}

// bounded returns a context for one step of the tab, limited to waitTimeout.
func (b *tab) bounded() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, waitTimeout)
}

// open loads path (such as "/signup"), follows redirects, checks the page
// and returns the HTTP status of the page that it ends on.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(baseURL+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	b.checkPage()
	return status(resp)
}

// click clicks the element that sel selects, such as a link or a submit
// button, waits for the page that it leads to, checks that page, and returns
// its HTTP status.
func (b *tab) click(sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	// A link in the folded menu is reached as a person would: open the menu.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+jsString(sel)+`);
		const d = e && e.closest("details.menu:not([open])"); if (!d) return false; d.open = true; return true; })()`)); err != nil {
		b.t.Fatalf("open the menu around %s: %v", sel, err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s on %s: %v", sel, b.location(), err)
	}
	b.checkPage()
	return status(resp)
}

func status(resp *network.Response) int64 {
	if resp == nil {
		return 0
	}
	return resp.Status
}

// fill types value into the text field that sel selects, after emptying it,
// as a person would.
func (b *tab) fill(sel, value string) {
	b.t.Helper()
	// chromedp.SetValue cannot set "": it passes the empty string as no
	// argument at all, and the field would hold "undefined".
	b.do("fill "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(sel))),
		chromedp.SendKeys(chromedp.CSS(sel), value),
	)
}

// choose picks the option with value in the <select> that sel selects.
func (b *tab) choose(sel, value string) {
	b.t.Helper()
	b.do("choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
	if got := b.value(sel); got != value {
		b.t.Fatalf("%s has no option %q", sel, value)
	}
}

// tick checks the checkbox that sel selects, by clicking it unless it is
// checked already.
func (b *tab) tick(sel string) {
	b.t.Helper()
	if !js[bool](b, fmt.Sprintf(`document.querySelector(%s).checked`, jsString(sel))) {
		b.do("tick "+sel, chromedp.Click(chromedp.CSS(sel)))
	}
}

// press sends one key, such as kb.Escape, to the element that has the focus.
func (b *tab) press(key string) {
	b.t.Helper()
	b.do("press a key", chromedp.KeyEvent(key))
}

// do runs steps that need no page change, within waitTimeout.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s on %s: %v", what, b.location(), err)
	}
}

// text returns the visible text of the first element that sel selects,
// waiting until there is one.
func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		if !b.has(sel) {
			b.t.Fatalf("%s has no %s (waited %s)", b.location(), sel, waitTimeout)
		}
		b.t.Fatalf("read the text of %s on %s: %v", sel, b.location(), err)
	}
	return s
}

// wantText fails the test unless the visible text of the first element that
// sel selects holds each of wants.
func (b *tab) wantText(sel string, wants ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			b.t.Errorf("on %s, %s says:\n%s\nwant it to say %q", b.location(), sel, indent(got), want)
		}
	}
}

// wantFlash fails the test unless the page's visible messages (.flash, the
// notice after a form or a redirect) hold each of wants.
func (b *tab) wantFlash(wants ...string) {
	b.t.Helper()
	got := js[string](b, `[...document.querySelectorAll(".flash")].filter(e => e.checkVisibility()).map(e => e.innerText).join("\n")`)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			b.t.Errorf("on %s, the messages (.flash) say:\n%s\nwant them to say %q", b.location(), indent(got), want)
		}
	}
}

// value returns the current value of the form field that sel selects.
func (b *tab) value(sel string) string {
	b.t.Helper()
	return js[string](b, fmt.Sprintf(`document.querySelector(%s).value`, jsString(sel)))
}

// attr returns an attribute of the first element that sel selects, and ""
// when the element or the attribute is missing.
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return js[string](b, fmt.Sprintf(`document.querySelector(%s)?.getAttribute(%s) ?? ""`, jsString(sel), jsString(name)))
}

// has reports whether the page has an element that sel selects, now.
func (b *tab) has(sel string) bool {
	b.t.Helper()
	return js[bool](b, fmt.Sprintf(`document.querySelector(%s) !== null`, jsString(sel)))
}

// wantElement fails the test unless the page has an element that sel selects.
func (b *tab) wantElement(sel string) {
	b.t.Helper()
	if !b.has(sel) {
		b.t.Errorf("%s has no %s", b.location(), sel)
	}
}

// wantNoElement fails the test when the page has an element that sel selects.
func (b *tab) wantNoElement(sel string) {
	b.t.Helper()
	if b.has(sel) {
		b.t.Errorf("%s has %s, and should not", b.location(), sel)
	}
}

// location returns the address of the page, without the server part when it
// is on the server, such as "/signin?next=/account".
func (b *tab) location() string {
	ctx, cancel := b.bounded()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("(the page, whose address could not be read: %v)", err)
	}
	if rest, ok := strings.CutPrefix(loc, baseURL); ok {
		return rest
	}
	return loc
}

// wantLocation fails the test unless the tab shows the page at path, which
// includes the query string if any.
func (b *tab) wantLocation(path string) {
	b.t.Helper()
	if got := b.location(); got != path {
		b.t.Fatalf("the browser is at %s, want %s", got, path)
	}
}

// lang returns the lang attribute of the page's <html>.
func (b *tab) lang() string {
	b.t.Helper()
	return js[string](b, `document.documentElement.lang`)
}

// switchLanguage presses the footer's button for locale ("en" or "es"), and
// fails the test unless the same page comes back in that language.
func (b *tab) switchLanguage(locale string) {
	b.t.Helper()
	before := pathOnly(b.location())
	b.click(`footer form[action="/language"] button[name=locale][value=` + locale + `]`)
	if got := b.lang(); got != locale {
		b.t.Fatalf("after choosing the language %s, <html lang=%q>", locale, got)
	}
	if after := pathOnly(b.location()); after != before {
		b.t.Errorf("choosing the language %s on %s went to %s; want the same page", locale, before, after)
	}
}

// pathOnly cuts the query and the fragment off loc.
func pathOnly(loc string) string {
	loc, _, _ = strings.Cut(loc, "#")
	loc, _, _ = strings.Cut(loc, "?")
	return loc
}

// acceptLanguage makes the tab send Accept-Language: value with each request,
// as a browser set to that language does.
func (b *tab) acceptLanguage(value string) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": value},
	}); err != nil {
		b.t.Fatalf("set Accept-Language: %v", err)
	}
}

// timeZone makes the tab's JavaScript run in the IANA time zone zone, as on a
// device set to it.
func (b *tab) timeZone(zone string) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone}); err != nil {
		b.t.Fatalf("set the time zone %s: %v", zone, err)
	}
}

// pageChrome is what every page carries around its content.
type pageChrome struct {
	HelpHref, HelpText        string
	QuickHref, QuickText      string
	QuickMarked               bool
	LanguageForm, English, Es bool
}

// headerLabels are the texts of the header's safety links by language.
var headerLabels = map[string][2]string{
	"en": {"Get help now", "Quick exit"},
	"es": {"Obtenga ayuda ahora", "Salida rápida"},
}

// checkPage checks the page that the tab shows: no accessibility violation;
// in the header, the link to the crisis page and the quick-exit link to the
// configured address; in the footer, the language switch. It also saves a
// screenshot when ONWARD_E2E_SCREENSHOTS is set.
func (b *tab) checkPage() {
	b.t.Helper()
	b.pages++
	loc := b.location()
	title := js[string](b, `document.title`)
	name := fmt.Sprintf("%s %q", loc, title)
	path := strings.Trim(pathOnly(loc), "/")
	if path == "" {
		path = "home"
	}
	screenshot(b.t, b.ctx, fmt.Sprintf("%s-%02d-%s", b.name, b.pages, path))
	checkA11y(b.t, b.ctx, name)

	c := js[pageChrome](b, `(() => {
		const help = document.querySelector("header a.help-now");
		const quick = document.querySelector("header a.quick-exit");
		const form = document.querySelector('footer form[method="post"][action="/language"]');
		return {
			HelpHref: help?.getAttribute("href") ?? "", HelpText: help?.textContent.trim() ?? "",
			QuickHref: quick?.getAttribute("href") ?? "", QuickText: quick?.textContent.trim() ?? "",
			QuickMarked: quick?.hasAttribute("data-quick-exit") ?? false,
			LanguageForm: form !== null,
			English: form?.querySelector('button[name=locale][value=en]') != null,
			Es: form?.querySelector('button[name=locale][value=es]') != null,
		};
	})()`)
	labels, ok := headerLabels[b.lang()]
	if !ok {
		b.t.Errorf("%s: <html lang=%q>, want en or es", name, b.lang())
		return
	}
	if c.HelpHref != "/crisis" || c.HelpText != labels[0] {
		b.t.Errorf("%s: the header's help link is %q to %q, want %q to /crisis", name, c.HelpText, c.HelpHref, labels[0])
	}
	if want := "/exit"; c.QuickHref != want || c.QuickText != labels[1] || !c.QuickMarked {
		b.t.Errorf("%s: the header's quick exit is %q to %q (data-quick-exit: %v), want %q to %s with data-quick-exit",
			name, c.QuickText, c.QuickHref, c.QuickMarked, labels[1], want)
	}
	if !c.LanguageForm || !c.English || !c.Es {
		b.t.Errorf("%s: the footer has no language form that posts to /language with buttons for en and es", name)
	}
}

// js evaluates expr in the tab's page and returns its value.
func js[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n    ")
}

// account is a member's sign-up details.
type account struct {
	name, email, password string
}

// emailSeq keeps newAccount's addresses apart within one clock tick.
var emailSeq atomic.Int64

// newAccount returns details for a new member whose email address no other
// test uses, with tag in it to tell the tests' accounts apart.
func newAccount(tag string) account {
	email := fmt.Sprintf("%s.%d.%d@example.org", tag, time.Now().UnixNano(), emailSeq.Add(1))
	return account{name: "Alex " + tag, email: email, password: "quiet river morning walk"}
}

// signUp creates the account through the sign-up page, choosing the time
// zone America/Chicago, and the link the server emails, and leaves the tab
// signed in on the home page.
func (b *tab) signUp(a account) {
	b.t.Helper()
	since := time.Now()
	b.open("/signup")
	b.fill("#display_name", a.name)
	b.fill("#email", a.email)
	b.fill("#password", a.password)
	b.choose("#timezone", "America/Chicago")
	b.tick("#agree")
	if st := b.click(`main form[action="/signup"] button[type=submit]`); st != 200 {
		b.t.Fatalf("sign up as %s: status %d on %s", a.email, st, b.location())
	}
	b.wantLocation("/signup/sent")
	b.confirmSignUp(waitMail(b.t, a.email, since))
	b.wantLocation("/")
}

// confirmSignUp follows the link of a sign-up email and presses the button
// that makes the account.
func (b *tab) confirmSignUp(mail mailtest.Message) {
	b.t.Helper()
	b.open(emailLink(b.t, mail.Body, "/signup/confirm/"))
	b.wantText("main h1", "Finish creating your account")
	if st := b.click(`main form button[type=submit]`); st != 200 {
		b.t.Fatalf("create the account: status %d on %s", st, b.location())
	}
}

// signIn fills in the sign-in page and submits it, and returns the status of
// the page that follows. The caller checks where that is.
func (b *tab) signIn(email, password string) int64 {
	b.t.Helper()
	b.open("/signin")
	b.fill("#email", email)
	b.fill("#password", password)
	return b.click(`main form[action="/signin"] button[type=submit]`)
}

// signOut presses Sign out in the navigation and checks that the tab is then
// signed out.
func (b *tab) signOut() {
	b.t.Helper()
	b.click(`nav form[action="/signout"] button[type=submit]`)
	b.wantLocation("/")
	b.wantElement(`nav a[href="/signin"]`)
	b.wantNoElement(`nav form[action="/signout"]`)
}

// demoPassword is the password of every demo account.
const demoPassword = "onward-demo-password"

// demoTOTPSecret returns the two-step sign-in key that the server printed for
// the demo account email.
func demoTOTPSecret(t *testing.T, email string) string {
	t.Helper()
	// Each key follows the line of its account: "  ROLE  EMAIL  NOTE".
	var owner string
	for line := range strings.Lines(serverOutput()) {
		fields := strings.Fields(line)
		switch {
		case strings.Contains(line, "two-step sign-in key for your authenticator app:") && len(fields) > 0:
			if owner == email {
				return fields[len(fields)-1]
			}
		case len(fields) >= 2 && strings.Contains(fields[1], "@"):
			owner = fields[1]
		}
	}
	t.Fatalf("the server printed no two-step sign-in key for %s; its output:\n%s", email, serverOutput())
	return ""
}

// usedTOTPSteps holds, for each TOTP secret, the last 30-second time step
// whose code totpCode gave out. The server takes each code once.
var usedTOTPSteps = struct {
	sync.Mutex
	last map[string]int64
}{last: map[string]int64{}}

// totpCode returns the six-digit code that an authenticator app with secret
// shows now. When this test process has already used the code of this time
// step, the server would refuse it again, so totpCode waits for the next
// step, as the person would wait for their app's next code.
func totpCode(t *testing.T, ctx context.Context, secret string) string {
	t.Helper()
	usedTOTPSteps.Lock()
	defer usedTOTPSteps.Unlock()
	for {
		step := time.Now().Unix() / 30
		if step > usedTOTPSteps.last[secret] {
			code, err := auth.TOTPCode(secret, time.Unix(step*30, 0))
			if err != nil {
				t.Fatalf("make a sign-in code: %v", err)
			}
			usedTOTPSteps.last[secret] = step
			return code
		}
		next := time.Unix((step+1)*30, 0)
		t.Logf("waiting %s for the next sign-in code, as this one was used", time.Until(next).Round(100*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Fatalf("wait for the next sign-in code: %v", ctx.Err())
		case <-time.After(time.Until(next)):
		}
	}
}

// wrongTOTPCode returns a six-digit code that the server does not take for
// secret now: none of those for this time step and the steps either side.
func wrongTOTPCode(t *testing.T, secret string) string {
	t.Helper()
	valid := map[string]bool{}
	now := time.Now()
	for _, d := range []time.Duration{-60, -30, 0, 30, 60} {
		code, err := auth.TOTPCode(secret, now.Add(d*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		valid[code] = true
	}
	for n := 123456; ; n++ {
		if code := fmt.Sprintf("%06d", n%1000000); !valid[code] {
			return code
		}
	}
}

// resetLink finds the password-reset link in an email's body and returns its
// path, such as /password/reset/abc.
func resetLink(t *testing.T, body string) string {
	t.Helper()
	return emailLink(t, body, "/password/reset/")
}

// emailLink finds the link to a path starting with prefix in an email's
// body and returns the path.
func emailLink(t *testing.T, body, prefix string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(baseURL+prefix) + `[A-Za-z0-9_-]+`).FindString(body)
	if m == "" {
		t.Fatalf("the email has no link to %s%s...:\n%s", baseURL, prefix, indent(body))
	}
	return strings.TrimPrefix(m, baseURL)
}

// countUsers returns the number of accounts in the server's database. The
// tests run one at a time, so a change in it during a test is that test's.
func countUsers(t *testing.T) int {
	t.Helper()
	driver, dsn := "pgx", srv.db
	if !strings.HasPrefix(dsn, "postgres") {
		driver = "sqlite"
		dsn = "file:" + srv.db + "?" + url.Values{"_pragma": {"busy_timeout(10000)", "query_only(1)"}}.Encode()
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		t.Fatalf("count the accounts: %v", err)
	}
	return n
}

// waitMail returns the first email to to that arrived after since, waiting up
// to waitTimeout.
func waitMail(t *testing.T, to string, since time.Time) mailtest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	m, err := mailbox.WaitFor(ctx, to, since)
	if err != nil {
		t.Fatalf("wait for an email: %v", err)
	}
	return m
}

// leave runs steps that make the page leave for the quick-exit page, such as
// a click on the quick-exit link (which goes through /exit, which signs out
// and redirects), and fails the test unless the tab then shows that page,
// and asked for it without a Referer, which would tell the neutral site
// where the person came from. The headers checked are those the browser
// sent (ExtraInfo): for a redirect, the ones CDP reports with the request
// itself are not.
func (b *tab) leave(how string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	want := baseURL + quickExitPath
	var mu sync.Mutex
	toNeutral := map[network.RequestID]bool{}
	sent := map[network.RequestID][]network.Headers{}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Request.URL == want {
				toNeutral[ev.RequestID] = true
			}
		case *network.EventRequestWillBeSentExtraInfo:
			sent[ev.RequestID] = append(sent[ev.RequestID], ev.Headers)
		}
	}); err != nil {
		b.t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: no page loaded: %v", how, err)
	}
	if resp.URL != want {
		b.t.Fatalf("%s: the browser went to %s, want %s", how, resp.URL, want)
	}
	b.wantLocation(quickExitPath)
	mu.Lock()
	defer mu.Unlock()
	for id := range toNeutral {
		for _, h := range sent[id] {
			if r, ok := h["Referer"]; ok {
				b.t.Errorf("%s: the request for the quick-exit page had Referer: %v", how, r)
			}
		}
	}
}

// history returns the addresses in the tab's history, with the server part
// cut off, and the index of the current one.
func (b *tab) history() ([]string, int) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		b.t.Fatalf("read the history: %v", err)
	}
	urls := make([]string, len(h.Entries))
	for i, e := range h.Entries {
		urls[i] = strings.TrimPrefix(e.URL, baseURL)
	}
	return urls, int(h.CurrentIndex)
}

// back presses the browser's Back button, waits for the page before, and
// checks it.
func (b *tab) back() {
	b.t.Helper()
	b.do("go back", chromedp.NavigateBack())
	b.checkPage()
}
