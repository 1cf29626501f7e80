package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A person on a keyboard reaches the safety controls first: the first Tab
// on a page goes to the skip link, which moves the focus to the content; from
// the top, the next Tabs go to the site name, the crisis link and the quick
// exit, and Enter on the quick exit leaves.
func TestKeyboardSkipLinkAndQuickExit(t *testing.T) {
	b := openTab(t)

	b.open("/")
	b.press(kb.Tab)
	wantFocus(b, "a.skip")
	b.press(kb.Enter)
	wantFocus(b, "main#main")

	b.switchLanguage("es")
	b.open("/signup")
	for _, sel := range []string{"a.skip", "header a.brand", "header a.help-now", "header a.quick-exit"} {
		b.press(kb.Tab)
		wantFocus(b, sel)
	}
	b.leave("press Enter on the quick exit", chromedp.KeyEvent(kb.Enter))
	wantLeftBehind(b, "/signup", "/")
}

// wantFocus fails the test unless the element that has the focus matches sel.
func wantFocus(b *tab, sel string) {
	b.t.Helper()
	if !js[bool](b, `document.activeElement.matches(`+jsString(sel)+`)`) {
		b.t.Fatalf("on %s the focus is on %s, want %s", b.location(), js[string](b, `document.activeElement.outerHTML.slice(0, 120)`), sel)
	}
}
