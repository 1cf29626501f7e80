package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// queueLength is a JavaScript expression: how many check-ins the page
// script keeps in this browser, waiting for a network (docs/offline.md).
const queueLength = `JSON.parse(localStorage.getItem("onward.checkins") || "[]").length`

// A check-in saved with no network is kept on the phone, says so, and
// sends nothing; back online, it reaches the server once: the home page
// says "Done for today", and sending the same kept check-in again (as after
// a response lost on the way back) changes nothing, the server keeping one
// check-in, version 1. A kept check-in that says "I used today" shows the
// overdose-safety message at once, offline.
func TestOfflineCheckInReplay(t *testing.T) {
	b, _ := memberTab(t, "offline")
	b.onboard(localDay(15), nil)
	member := b.memberID()

	// Online first: the service worker installs and the page notes the
	// member on this phone.
	b.open("/checkin")
	t.Logf("service worker: %s", b.waitServiceWorker())
	if got := js[string](b, `localStorage.getItem("onward.member") ?? ""`); got != member {
		t.Fatalf("the page noted the member %q on this phone, want %q", got, member)
	}

	b.offline(true)
	if js[bool](b, `navigator.onLine`) {
		t.Fatal("navigator.onLine is true with the network off")
	}
	if reached := jsAwait[bool](b, `fetch("/healthz", {cache: "no-store"}).then(() => true, () => false)`); reached {
		t.Fatal("a request reached the server with the network off; the offline emulation does not work")
	}
	b.pick("mood-3")
	b.pick("craving-5")
	b.do("save the check-in offline", chromedp.Click(chromedp.CSS(`main form[action="/checkin"] button[type=submit]`)))
	b.wantLocation("/checkin") // no page was sent for
	b.wantText("[data-offline-status]", "You are offline. Your check-in is kept on this phone and will be sent when you are back online.")
	if !js[bool](b, `document.activeElement?.matches("[data-offline-status]") === true`) {
		t.Error("the offline message does not take the focus, so a screen reader may not read it")
	}
	checkA11y(t, b.ctx, "/checkin with the offline message")
	screenshot(t, b.ctx, "checkin-kept-offline")
	if n := js[int](b, queueLength); n != 1 {
		t.Fatalf("the phone keeps %d check-ins, want 1", n)
	}
	kept := js[string](b, `localStorage.getItem("onward.checkins")`)
	if n := storedCheckIns(t, member); n != 0 {
		t.Errorf("the server stored %d check-ins while the phone was offline, want none", n)
	}

	// Back online. The page sends the kept check-in on the "online" event,
	// or else when the next page loads.
	js[bool](b, `(window.onlineEvents = 0, addEventListener("online", () => window.onlineEvents++), true)`)
	b.offline(false)
	if b.waitFor(queueLength+` === 0`, 5*time.Second) {
		t.Logf(`back online: the "online" event fired %d times, and the page sent the kept check-in without a reload`, js[int](b, `window.onlineEvents`))
		if !js[bool](b, `document.querySelector("[data-offline-sent]")?.checkVisibility() === true`) {
			t.Error("the kept check-in was sent, but the page does not say so")
		}
		b.wantText("[data-offline-sent]", "The check-in you saved while offline has been sent.")
	} else {
		t.Logf(`back online: the "online" event fired %d times, and the queue still holds the check-in; opening a page sends it`, js[int](b, `window.onlineEvents`))
	}
	b.open("/")
	if !b.waitFor(queueLength+` === 0`, 10*time.Second) {
		t.Fatalf("back online, the phone still keeps %d check-ins after a page loaded", js[int](b, queueLength))
	}
	b.open("/") // a fresh page, after the sending
	b.wantText("main", "Done for today.")
	got := b.apiCheckIns()
	if len(got) != 1 || got[0].Day != localDay(0) || got[0].Mood != 3 || got[0].Craving != 5 || got[0].Version != 1 || got[0].ClientID == "" {
		t.Fatalf("after the replay the server holds %+v, want one check-in for %s: mood 3, craving 5, version 1, with the client id", got, localDay(0))
	}
	clientID := got[0].ClientID

	// The same kept check-in sent again, as when the answer to the first
	// send was lost: the server keeps it once, unchanged.
	js[bool](b, `(localStorage.setItem("onward.checkins", `+jsString(kept)+`), true)`)
	b.open("/")
	if !b.waitFor(queueLength+` === 0`, 10*time.Second) {
		t.Fatalf("the repeated check-in is still kept on the phone: %d", js[int](b, queueLength))
	}
	b.open("/history")
	got = b.apiCheckIns()
	if len(got) != 1 || got[0].Version != 1 || got[0].ClientID != clientID {
		t.Errorf("after sending the same check-in twice the server holds %+v, want the one check-in, version 1", got)
	}
	if n := storedCheckIns(t, member); n != 1 {
		t.Errorf("the database holds %d check-ins for the member, want 1", n)
	}
	b.do("open the table", chromedp.Click(chromedp.CSS(`main section[aria-labelledby="trend-h"] details > summary`)))
	if rows := js[int](b, `document.querySelectorAll("main section[aria-labelledby=trend-h] details tbody tr").length`); rows != 1 {
		t.Errorf("the history table lists %d check-ins, want 1", rows)
	}

	// "I used today", offline: the overdose-safety message at once.
	b.open("/checkin")
	b.offline(true)
	b.pick("mood-2")
	b.pick("craving-9")
	b.pick("used")
	b.do("save a check-in with use offline", chromedp.Click(chromedp.CSS(`main form[action="/checkin"] button[type=submit]`)))
	b.wantLocation("/checkin")
	b.wantText("[data-offline-status]", "Your check-in is kept on this phone.",
		"Please stay safe: after time without using, a usual dose can kill.", "Do not use alone, and keep naloxone close.")
	checkA11y(t, b.ctx, "/checkin with the offline safety message")
	screenshot(t, b.ctx, "checkin-used-offline")
	b.offline(false)
	b.open("/")
	if !b.waitFor(queueLength+` === 0`, 10*time.Second) {
		t.Fatalf("back online, the check-in with use is still kept on the phone")
	}
	got = b.apiCheckIns()
	if len(got) != 1 || !got[0].Used || got[0].Mood != 2 {
		t.Errorf("after the check-in with use was sent the server holds %+v, want today's check-in replaced: used, mood 2", got)
	}
}

// Crisis help works without a network: after one page loaded online (so
// that the service worker stored /crisis and /offline), /crisis opens
// offline from the stored copy with its call links, and any other page
// gives the offline page, with the emergency number and a check-in form
// that keeps the answers on the phone until the network is back.
func TestCrisisPageOffline(t *testing.T) {
	b, _ := memberTab(t, "crisis.offline")
	b.onboard(localDay(5), nil)
	script := b.waitServiceWorker()
	t.Logf("service worker: %s", script)
	cached := jsAwait[[]string](b, `caches.keys().then(async keys => (await Promise.all(keys.map(async k => (await (await caches.open(k)).keys()).map(r => new URL(r.url).pathname)))).flat())`)
	t.Logf("the service worker's cache holds %q", cached)

	b.offline(true)
	if st := b.open("/crisis"); st != 200 {
		t.Errorf("/crisis offline answered status %d, want 200 from the stored copy", st)
	}
	b.wantLocation("/crisis")
	wantCrisisHelp(b)
	// The stored copy was fetched without cookies, so it holds nobody's
	// data: its menu is the signed-out one, although the member is signed
	// in. That also proves it did not come from the server just now.
	b.wantElement(`nav a[href="/signin"]`)
	b.wantNoElement(`meta[name="member"]`)
	t.Logf("offline /crisis: htmx loaded: %v; scripts: %q", js[bool](b, `typeof window.htmx === "object"`),
		js[[]string](b, `[...document.scripts].map(s => new URL(s.src).pathname)`))
	screenshot(t, b.ctx, "crisis-offline")

	if st := b.open("/history"); st != 200 {
		t.Errorf("/history offline answered status %d, want 200 with the offline page", st)
	}
	b.wantLocation("/history") // the address stays; the page is the stored offline page
	b.wantText("main h1", "You are offline")
	b.wantElement(`nav a[href="/signin"]`) // the stored, anonymous copy
	b.wantText("main section.emergency", "In an emergency")
	b.wantText(`main section.emergency a.call-button[href="tel:911"]`, "Call 911 now")
	b.wantElement(`main section.emergency a[href="/crisis"]`)
	b.wantText("main", "Check in while offline", "Your answers are kept on this phone")
	b.wantElement(`main form[data-offline-queue][action="/checkin"]`)
	b.wantNoSideways()

	// The offline page's check-in is kept for the member who used this
	// phone, and sent when the network is back.
	b.pick("mood-4")
	b.pick("craving-1")
	b.do("save the offline page's check-in", chromedp.Click(chromedp.CSS(`main form[data-offline-queue] button[type=submit]`)))
	b.wantText("[data-offline-status]", "Your check-in is kept on this phone")
	if n := js[int](b, queueLength); n != 1 {
		t.Fatalf("the offline page's check-in: the phone keeps %d check-ins, want 1", n)
	}
	b.offline(false)
	b.open("/")
	if !b.waitFor(queueLength+` === 0`, 10*time.Second) {
		t.Fatal("back online, the offline page's check-in is still kept on the phone")
	}
	b.open("/")
	b.wantText("main", "Done for today.")
	if got := b.apiCheckIns(); len(got) != 1 || got[0].Day != localDay(0) || got[0].Mood != 4 || got[0].Craving != 1 {
		t.Errorf("the server holds %+v, want the offline page's check-in for %s (mood 4, craving 1)", got, localDay(0))
	}
}

// A check-in that says "I used today", kept offline and sent later, must
// still lead to the lapse flow, as the same check-in does online: there
// the form answers with a redirect to /lapse?day=D, because "it is the
// same event" (internal/web/pages_checkin.go, checkInSubmit, `if c.Used`),
// and recording the lapse is what restarts the current count and keeps the
// "Stay safe: your tolerance is lower" note on the home page for two weeks
// (recovery_view.go, toleranceRisk).
//
// This test fails until that is so. Today, the page script sends the kept
// check-in to POST /api/v1/checkins and only drops it from the queue
// (static/app.js, sendQueue): it ignores the "safety" part of the answer
// and offers no way to the lapse form, and the API stores used=true
// without a lapse (api_recovery.go, apiSaveCheckIn). The home page then
// says "15 days in recovery" right beside "You used today", with no
// tolerance note and no link to the lapse form for that day. The test
// accepts any of the ways a fix could take: the page goes on to
// /lapse?day=D after sending, or the home page links to /lapse?day=D, or it
// shows the tolerance note.
func TestOfflineCheckInWithUseLeadsToLapse(t *testing.T) {
	b, _ := memberTab(t, "offline.used")
	b.onboard(localDay(15), nil)
	b.open("/checkin")
	b.waitServiceWorker()

	b.offline(true)
	b.pick("mood-2")
	b.pick("craving-9")
	b.pick("used")
	b.do("save a check-in with use offline", chromedp.Click(chromedp.CSS(`main form[action="/checkin"] button[type=submit]`)))
	b.wantText("[data-offline-status]", "Please stay safe: after time without using, a usual dose can kill.")

	b.offline(false)
	b.open("/")
	if !b.waitFor(queueLength+` === 0`, 10*time.Second) {
		t.Fatal("back online, the check-in with use is still kept on the phone")
	}
	if got := b.apiCheckIns(); len(got) != 1 || !got[0].Used {
		t.Fatalf("the server holds %+v, want today's check-in with use", got)
	}
	time.Sleep(500 * time.Millisecond) // room for a page that goes on by itself
	lapseForm := "/lapse?day=" + localDay(0)
	if loc := b.location(); loc == lapseForm {
		b.checkPage()
		return // the page went on to the lapse form: fixed
	}
	b.open("/")
	if b.has(`main a[href="`+lapseForm+`"]`) || b.has("main .safety-note") {
		return // the home page leads to the lapse form, or keeps the warning: fixed
	}
	t.Errorf("after a kept check-in saying \"I used today\" was sent, the browser is at %s and the home page neither links to %s nor shows \"Stay safe: your tolerance is lower\"; it says %q beside %q",
		b.location(), lapseForm, strings.Join(strings.Fields(b.text("main .count .days")), " "), "You used today.")
}
