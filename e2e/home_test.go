package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The server answers /healthz, and the home page has a title, the crisis
// link that every page carries, and no WCAG 2.2 AA violation.
func TestHealthAndHomeAccessible(t *testing.T) {
	ctx := newTab(t)

	health, err := http.Get(baseURL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	health.Body.Close()
	if health.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: status %d, want 200", health.StatusCode)
	}

	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(baseURL+"/"))
	if err != nil {
		t.Fatalf("open /: %v", err)
	}
	if resp.Status != http.StatusOK {
		t.Errorf("GET /: status %d, want 200", resp.Status)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(title) == "" {
		t.Error("the home page has an empty <title>")
	}
	crisis, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('a[href="/crisis"]') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !crisis {
		t.Error(`the home page has no link to the crisis page (<a href="/crisis">)`)
	}
	screenshot(t, ctx, "home")
	checkA11y(t, ctx, "home")
}
