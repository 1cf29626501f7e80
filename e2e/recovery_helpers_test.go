package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The helpers in this file serve the member's daily-recovery tests
// (recovery_*_test.go): a member on a phone-sized screen in Chicago, the
// onboarding form, the network switched off and on, and reads of what the
// server stored.

// memberZone is the time zone that signUp chooses, and that the recovery
// tests give the browser too, as on a phone in Chicago. The member's days
// are calendar days there.
const memberZone = "America/Chicago"

// phoneWidth and phoneHeight are the viewport of a common phone, in CSS
// pixels.
const (
	phoneWidth  = 390
	phoneHeight = 844
)

// memberTab opens a tab as a phone in Chicago, signs up a new member with
// tag in the email address, and leaves the tab on the member's home.
func memberTab(t *testing.T, tag string) (*tab, account) {
	t.Helper()
	b := openTab(t)
	b.phone()
	b.timeZone(memberZone)
	a := newAccount(tag)
	b.signUp(a)
	return b, a
}

// phone makes the tab 390 by 844 CSS pixels, like a phone.
func (b *tab) phone() {
	b.t.Helper()
	b.do("set a phone's viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight))
}

// localDay returns the member's calendar day daysAgo days before today, as
// the server writes it (2026-11-21).
func localDay(daysAgo int) string {
	loc, err := time.LoadLocation(memberZone)
	if err != nil {
		panic(err)
	}
	now := time.Now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day()-daysAgo, 12, 0, 0, 0, loc).Format(time.DateOnly)
}

// setValue sets the value of the form field that sel selects, as a date or
// time picker does, and fails the test unless the field took it.
func (b *tab) setValue(sel, value string) {
	b.t.Helper()
	got := js[string](b, fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return e.value;
	})()`, jsString(sel), jsString(value)))
	if got != value {
		b.t.Fatalf("%s on %s holds %q after setting it to %q", sel, b.location(), got, value)
	}
}

// pick clicks the label of the radio button or checkbox with the id, as a
// person taps the button-like answer, and fails unless it is then checked.
func (b *tab) pick(id string) {
	b.t.Helper()
	b.do("tap the answer "+id, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
	b.wantChecked(id)
}

// wantChecked fails the test unless the radio button or checkbox with the
// id is checked.
func (b *tab) wantChecked(ids ...string) {
	b.t.Helper()
	for _, id := range ids {
		if !js[bool](b, fmt.Sprintf(`document.getElementById(%s)?.checked === true`, jsString(id))) {
			b.t.Errorf("on %s, #%s is not checked", b.location(), id)
		}
	}
}

// onboard fills in the onboarding form with the day of last use and the
// other answers, saves it and fails unless the home page follows.
func (b *tab) onboard(lastUse string, fields map[string]string) {
	b.t.Helper()
	b.open("/onboarding")
	b.setValue("#last_use", lastUse)
	for sel, v := range fields {
		switch sel {
		case "#medication", "#treatment_level":
			b.choose(sel, v)
		default:
			b.fill(sel, v)
		}
	}
	if st := b.click(`main form[action="/onboarding"] button[type=submit]`); st != 200 {
		b.t.Fatalf("onboarding answered status %d on %s", st, b.location())
	}
	b.wantLocation("/")
}

// jsAwait evaluates expr, a promise, in the tab's page and returns what it
// resolves to.
func jsAwait[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s on %s: %v", expr, b.location(), err)
	}
	return v
}

// apiCheckIn is a check-in as GET /api/v1/checkins lists it.
type apiCheckIn struct {
	Day      string `json:"day"`
	Mood     int    `json:"mood"`
	Craving  int    `json:"craving"`
	Used     bool   `json:"used"`
	Exercise bool   `json:"exercise"`
	ClientID string `json:"client_id"`
	Version  int    `json:"version"`
}

// apiCheckIns asks the server, from the page and with the member's cookies,
// for the check-ins of the last 30 days, oldest first.
func (b *tab) apiCheckIns() []apiCheckIn {
	b.t.Helper()
	type answer struct {
		Status   int          `json:"status"`
		CheckIns []apiCheckIn `json:"checkins"`
	}
	out := jsAwait[answer](b, `fetch("/api/v1/checkins", {credentials: "same-origin"}).then(async r => ({status: r.status, ...(await r.json())}))`)
	if out.Status != 200 {
		b.t.Fatalf("GET /api/v1/checkins from %s answered status %d", b.location(), out.Status)
	}
	return out.CheckIns
}

// memberID returns the id that the signed-in page publishes in
// <meta name="member">.
func (b *tab) memberID() string {
	b.t.Helper()
	id := js[string](b, `document.querySelector('meta[name="member"]')?.content ?? ""`)
	if id == "" {
		b.t.Fatalf("%s has no <meta name=member>; is a member signed in?", b.location())
	}
	return id
}

// storedCheckIns returns how many check-ins the server's database holds for
// the member, read straight from the database, so that it is what reached
// the server whatever the browser believes.
func storedCheckIns(t *testing.T, memberID string) int {
	t.Helper()
	driver, dsn, query := "pgx", srv.db, "SELECT COUNT(*) FROM checkins WHERE user_id = $1"
	if !strings.HasPrefix(dsn, "postgres") {
		driver, query = "sqlite", "SELECT COUNT(*) FROM checkins WHERE user_id = ?"
		dsn = "file:" + srv.db + "?" + url.Values{"_pragma": {"busy_timeout(10000)", "query_only(1)"}}.Encode()
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, memberID).Scan(&n); err != nil {
		t.Fatalf("count the member's check-ins: %v", err)
	}
	return n
}

// offline cuts the tab off the network, or connects it again: requests of
// the page and of its service worker fail, and navigator.onLine says so.
//
// cdproto v0.159.0 no longer has Network.emulateNetworkConditions, which
// Chrome deprecated. Its replacement, emulateNetworkConditionsByRule with a
// rule for every URL, does not change navigator.onLine, so
// Network.overrideNetworkState does that. Neither reaches the requests that
// a service worker makes (its fetch() for a page it serves), whatever
// emulateOfflineServiceWorker says, so the same two commands also go to
// each service worker of the tab's browser context, through a session of
// their own, as DevTools does when it goes offline.
func (b *tab) offline(off bool) {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	targets := append([]context.Context{ctx}, b.serviceWorkers()...)
	var rules []*network.Conditions
	if off {
		rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	for i, tctx := range targets {
		if _, err := chromedp.Call(tctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    rules,
		}); err != nil {
			b.t.Fatalf("emulate the network offline=%v (target %d): %v", off, i, err)
		}
		if _, err := chromedp.Call(tctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: off, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			b.t.Fatalf("set navigator.onLine to %v (target %d): %v", !off, i, err)
		}
	}
	if got := js[bool](b, `navigator.onLine`); got == off {
		b.t.Fatalf("navigator.onLine is %v after the network was set to offline=%v", got, off)
	}
}

// workerSessions holds, for each tab, its sessions with the service
// workers of its browser context, by target, so that going online again
// reaches the same workers as going offline did.
var workerSessions = struct {
	sync.Mutex
	m map[*tab]map[target.ID]context.Context
}{m: map[*tab]map[target.ID]context.Context{}}

// serviceWorkers returns a chromedp context for each service worker of the
// tab's browser context, attaching to those it has not met before. The
// sessions detach, leaving the workers running, when the test ends.
func (b *tab) serviceWorkers() []context.Context {
	b.t.Helper()
	ctx, cancel := b.bounded()
	defer cancel()
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		b.t.Fatalf("list the browser's targets: %v", err)
	}
	mine := chromedp.FromContext(b.ctx).BrowserContextID
	workerSessions.Lock()
	defer workerSessions.Unlock()
	sessions := workerSessions.m[b]
	if sessions == nil {
		sessions = map[target.ID]context.Context{}
		workerSessions.m[b] = sessions
		b.t.Cleanup(func() {
			workerSessions.Lock()
			defer workerSessions.Unlock()
			delete(workerSessions.m, b)
		})
	}
	var out []context.Context
	for _, info := range infos {
		if info.Type != "service_worker" || info.BrowserContextID != mine {
			continue
		}
		w, ok := sessions[info.TargetID]
		if !ok {
			var detach context.CancelFunc
			w, detach = chromedp.NewContext(b.ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
			b.t.Cleanup(detach)
			sessions[info.TargetID] = w
		}
		out = append(out, w)
	}
	return out
}

// waitServiceWorker waits until the page's service worker is active, so
// that it has stored the pages that it keeps for use without a network,
// and returns the URL of its script.
func (b *tab) waitServiceWorker() string {
	b.t.Helper()
	return jsAwait[string](b, `Promise.race([
		navigator.serviceWorker.ready.then(r => r.active.scriptURL),
		new Promise((_, reject) => setTimeout(() => reject(new Error("no active service worker after 15s")), 15000)),
	])`)
}

// waitFor polls the JavaScript condition cond on the page until it is true,
// for up to d, and reports whether it became true.
func (b *tab) waitFor(cond string, d time.Duration) bool {
	b.t.Helper()
	deadline := time.Now().Add(d)
	for {
		if js[bool](b, cond) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// wantNoSideways fails when the page is wider than the viewport, so that
// someone on a phone would have to scroll sideways.
func (b *tab) wantNoSideways() {
	b.t.Helper()
	if wide, view := js[int](b, `document.documentElement.scrollWidth`), js[int](b, `window.innerWidth`); wide > view {
		b.t.Errorf("%s is %dpx wide in a %dpx viewport: it scrolls sideways", b.location(), wide, view)
	}
}

// top returns the distance of the first element that sel selects from the
// top of the page, in CSS pixels, and fails when there is none.
func (b *tab) top(sel string) float64 {
	b.t.Helper()
	y := js[float64](b, fmt.Sprintf(`(e => e ? e.getBoundingClientRect().top + window.scrollY : -1)(document.querySelector(%s))`, jsString(sel)))
	if y < 0 {
		b.t.Fatalf("%s has no %s", b.location(), sel)
	}
	return y
}

// wantWords is wantText with the white space of the visible text collapsed
// to single spaces, for text that the page's style breaks into lines, such
// as the big day count above its words.
func (b *tab) wantWords(sel string, wants ...string) {
	b.t.Helper()
	got := strings.Join(strings.Fields(b.text(sel)), " ")
	for _, want := range wants {
		if !strings.Contains(got, want) {
			b.t.Errorf("on %s, %s says:\n%s\nwant it to say %q", b.location(), sel, indent(got), want)
		}
	}
}
