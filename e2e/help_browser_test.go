package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// helpTab drives one tab through the finding-help pages (self-checks, the
// guide, the library, the family guide). Every page it lands on is checked
// with axe-core before the test goes on.
type helpTab struct {
	t   *testing.T
	ctx context.Context
}

// helpStepTimeout bounds one step, so a missing element fails with its
// selector rather than at the tab's overall limit.
const helpStepTimeout = 20 * time.Second

func openHelpTab(t *testing.T) *helpTab {
	t.Helper()
	return &helpTab{t: t, ctx: newTab(t)}
}

func (h *helpTab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(h.ctx, helpStepTimeout)
}

// visit opens path, fails unless it answers want, and checks the page.
func (h *helpTab) visit(path string, want int64) {
	h.t.Helper()
	ctx, cancel := h.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(baseURL+path))
	if err != nil {
		h.t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil || resp.Status != want {
		h.t.Fatalf("open %s: status %v, want %d", path, resp, want)
	}
	checkA11y(h.t, h.ctx, path)
}

// submit clicks the element sel selects (a link or a submit button), fails
// unless the page it leads to answers want, and checks that page.
func (h *helpTab) submit(sel string, want int64) {
	h.t.Helper()
	ctx, cancel := h.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		h.t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil || resp.Status != want {
		status := int64(0)
		if resp != nil {
			status = resp.Status
		}
		h.t.Fatalf("click %s: status %d, want %d", sel, status, want)
	}
	checkA11y(h.t, h.ctx, "after "+sel)
}

// choose clicks the radio button or checkbox with this name and value.
func (h *helpTab) choose(name, value string) {
	h.t.Helper()
	sel := fmt.Sprintf(`input[name=%q][value=%q]`, name, value)
	ctx, cancel := h.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		h.t.Fatalf("choose %s: %v", sel, err)
	}
}

// eval returns the value of a JavaScript expression on the page.
func helpEval[T any](h *helpTab, expr string) T {
	h.t.Helper()
	ctx, cancel := h.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		h.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func helpQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// text returns the visible text of the first element sel selects, or "".
func (h *helpTab) text(sel string) string {
	h.t.Helper()
	return helpEval[string](h, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? ""`, helpQuote(sel)))
}

// wantText fails unless the element sel selects shows each of wants.
func (h *helpTab) wantText(sel string, wants ...string) {
	h.t.Helper()
	got := h.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			h.t.Errorf("%s says:\n%s\nwant it to say %q", sel, got, w)
		}
	}
}

// count returns how many elements sel selects.
func (h *helpTab) count(sel string) int {
	h.t.Helper()
	return helpEval[int](h, fmt.Sprintf(`document.querySelectorAll(%s).length`, helpQuote(sel)))
}

// top returns the distance of the first element sel selects from the top of
// the document, in CSS pixels; it fails when there is none.
func (h *helpTab) top(sel string) float64 {
	h.t.Helper()
	y := helpEval[float64](h, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e ? e.getBoundingClientRect().top + window.scrollY : -1 })()`, helpQuote(sel)))
	if y < 0 {
		h.t.Fatalf("the page has no %s", sel)
	}
	return y
}

// path returns the address of the page without the server part.
func (h *helpTab) path() string {
	h.t.Helper()
	return strings.TrimPrefix(helpEval[string](h, `location.href`), baseURL)
}

// useLanguage presses the footer's language button for locale; the same
// page comes back in that language.
func (h *helpTab) useLanguage(locale string) {
	h.t.Helper()
	h.submit(`footer form[action="/language"] button[value=`+locale+`]`, 200)
	if got := helpEval[string](h, `document.documentElement.lang`); got != locale {
		h.t.Fatalf("the page is in %q after choosing %q", got, locale)
	}
}

// phoneWidth makes the tab as wide as a small phone.
func (h *helpTab) phoneWidth() {
	h.t.Helper()
	ctx, cancel := h.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		h.t.Fatalf("set a phone's viewport: %v", err)
	}
}

// wantNoSideways fails when the page is wider than the viewport, so that
// someone on a phone would have to scroll sideways.
func (h *helpTab) wantNoSideways() {
	h.t.Helper()
	wide := helpEval[int](h, `document.documentElement.scrollWidth`)
	view := helpEval[int](h, `window.innerWidth`)
	if wide > view {
		h.t.Errorf("%s is %dpx wide in a %dpx viewport: it scrolls sideways", h.path(), wide, view)
	}
}
