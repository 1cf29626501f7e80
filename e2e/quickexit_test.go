package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The quick-exit link in the header leaves at once for the neutral page that
// the server is configured with, without telling it where the person came
// from, and the page that the person left is not in the history any more, so
// Back does not show it; in English and in Spanish.
func TestQuickExitLink(t *testing.T) {
	b := openTab(t)

	b.open("/")
	b.click(`nav a[href="/signup"]`)
	b.wantText("header a.quick-exit", "Quick exit")
	if rel := b.attr("header a.quick-exit", "rel"); !strings.Contains(rel, "noreferrer") {
		t.Errorf(`the quick-exit link has rel=%q; want noreferrer, so the neutral site does not learn where the person came from`, rel)
	}
	if title := b.attr("header a.quick-exit", "title"); !strings.Contains(title, "Esc twice") {
		t.Errorf("the quick-exit link's title is %q; want it to tell of pressing Esc twice", title)
	}
	b.fill("#display_name", "Someone") // leaving mid-form, as a person interrupted would
	b.leave("click Quick exit", chromedp.Click(chromedp.CSS("header a.quick-exit")))
	wantLeftBehind(b, "/signup", "/")
	b.back()
	b.wantLocation("/")

	// In Spanish, from the crisis page.
	b.switchLanguage("es")
	b.click("header a.help-now")
	b.wantText("header a.quick-exit", "Salida rápida")
	b.leave("click Salida rápida", chromedp.Click(chromedp.CSS("header a.quick-exit")))
	wantLeftBehind(b, "/crisis", "/")
}

// Pressing Escape twice leaves like the quick-exit link, also while typing in
// a form field; pressing it once does nothing.
func TestQuickExitEscapeTwice(t *testing.T) {
	b := openTab(t)

	b.open("/")
	b.press(kb.Escape)
	// The page script hides the page and leaves at once, before the key
	// event returns, so there is nothing to wait for.
	if b.location() != "/" || js[string](b, `document.body.style.display`) == "none" {
		t.Fatalf("one press of Escape left or hid the page; only two should")
	}

	// The two presses go to a new page, so that the single press above
	// cannot pair with the first of them.
	b.click("header a.help-now")
	b.leave("press Escape twice", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape))
	wantLeftBehind(b, "/crisis", "/")

	b.back()
	b.switchLanguage("es")
	b.click(`nav a[href="/signup"]`)
	b.fill("#email", "alguien@example.org") // the focus stays in the field
	b.leave("press Escape twice in a form field", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape))
	wantLeftBehind(b, "/signup", "/")
}

// Choosing a language on a page and then leaving by quick exit leaves that
// page out of the history too. (It fails while the language switch, a form
// post answered by a redirect to the same page, adds a second history entry
// for the page: quick exit replaces only the newer one, and Back shows the
// page again.)
func TestQuickExitAfterLanguageSwitch(t *testing.T) {
	b := openTab(t)
	b.open("/")
	b.click("header a.help-now")
	b.switchLanguage("es")
	b.leave("click Salida rápida", chromedp.Click(chromedp.CSS("header a.quick-exit")))
	wantLeftBehind(b, "/crisis", "/")
}

// A member on a shared phone leaves by quick exit from a page of theirs:
// one Back press then shows nothing of theirs (the page before is loaded
// afresh, signed out), and the member is signed out. (Quick exit used to
// leave them signed in, and Back brought back their Today page.)
func TestQuickExitBackShowsNothingOfTheMembers(t *testing.T) {
	b, a := memberTab(t, "exit")
	b.onboard(localDay(40), nil)
	b.wantText("main h1", "Hello, "+a.name)
	b.click(`nav a[href="/history"]`)
	b.wantLocation("/history")
	b.leave("click Quick exit", chromedp.Click(chromedp.CSS("header a.quick-exit")))
	wantLeftBehind(b, "/history", "/")

	b.back()
	b.wantLocation("/")
	b.wantElement(`nav a[href="/signin"]`)
	b.wantNoElement(`nav form[action="/signout"]`)
	b.wantNoElement(`nav a[href="/checkin"]`)
	b.wantNowhere("the member's data after quick exit and Back", a.name, a.email, "Hello,", "days in recovery")
	b.open("/account")
	b.wantLocation("/signin?next=/account")
}

// wantLeftBehind checks the history after a quick exit from the page at
// left: the quick-exit page took its place, and the page before it is
// before.
func wantLeftBehind(b *tab, left, before string) {
	b.t.Helper()
	urls, cur := b.history()
	b.t.Logf("the history after the quick exit from %s: %q, at %d", left, urls, cur)
	if slices.Contains(urls, left) {
		b.t.Errorf("after the quick exit from %s, the history still holds it, so Back can show it: %q", left, urls)
	}
	if cur < 1 || urls[cur] != quickExitPath || urls[cur-1] != before {
		b.t.Errorf("after the quick exit from %s, the history is %q at %d; want %s, then the quick-exit page %s in its place", left, urls, cur, before, quickExitPath)
	}
}
