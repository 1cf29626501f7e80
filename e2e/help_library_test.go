package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The library: the index, an article with its sources and review date, and
// an unknown article's 404 page, in English and Spanish.
func TestHelpLibraryInBrowser(t *testing.T) {
	h := openHelpTab(t)
	h.phoneWidth()
	h.visit("/", 200)
	h.submit(`main a[href="/learn"]`, 200)
	if n := h.count(`main ul.articles > li a[href^="/learn/"]`); n < 10 {
		t.Errorf("the library lists %d articles, want 10 or more", n)
	}
	h.submit(`main a[href="/learn/medications"]`, 200)
	h.wantText("main h1", "Medications for opioid use disorder")
	h.wantText("main", "Last checked for accuracy:", "Sources")
	if h.count(`main a[href^="https://"]`) == 0 {
		t.Error("the article lists no sources")
	}
	h.wantNoSideways()
	screenshot(t, h.ctx, "article")

	h.useLanguage("es")
	h.wantText("main h1", "Medicamentos para el trastorno por consumo de opioides")
	h.wantText("main", "Última revisión de exactitud:", "Fuentes")

	h.visit("/learn/no-such-article", 404)
	h.wantText("main", "No encontramos esa página.")
}

// The family guide: one page, every section under its h2 in order, a table
// of contents whose links reach the sections, and the overdose section
// leading to crisis help.
func TestHelpFamilyGuideInBrowser(t *testing.T) {
	h := openHelpTab(t)
	h.phoneWidth()
	h.visit("/", 200)
	h.submit(`main a[href="/family"]`, 200)
	h.wantNoSideways()
	screenshot(t, h.ctx, "family")

	sections := h.count("main section.guide-section")
	if links := h.count("main nav.toc a"); links != sections || sections < 9 {
		t.Errorf("%d sections and %d table-of-contents links, want the same, at least 9", sections, links)
	}
	if bad := helpEval[int](h, `[...document.querySelectorAll("main nav.toc a")].filter(a => !document.getElementById(a.hash.slice(1))).length`); bad != 0 {
		t.Errorf("%d table-of-contents links lead nowhere", bad)
	}
	if out := helpEval[int](h, `[...document.querySelectorAll("main section.guide-section")].filter(s => s.querySelector("h2")?.id !== s.id + "--title").length`); out != 0 {
		t.Errorf("%d sections do not start with their own h2", out)
	}

	ctx, cancel := h.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main nav.toc a[href="#overdose"]`))); err != nil {
		t.Fatalf("follow the contents link to the overdose section: %v", err)
	}
	if got := h.path(); got != "/family#overdose" {
		t.Errorf("the contents link led to %s, want /family#overdose", got)
	}
	h.wantText("#overdose h2", "What to do in an overdose")
	h.submit(`#overdose a.call-button[href="/crisis"]`, 200)
	h.wantText("main h1", "Get help now")
}
