package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeRun checks the current document against WCAG 2.2 AA and returns the
// violations, reduced to what a failure message needs.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
	resultTypes: ["violations"],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact,
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary})),
})))`

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// checkA11y runs axe-core on the page that the tab shows now and fails t
// with each WCAG 2.2 A/AA violation, naming the page as pageName.
//
// axe goes in through DevTools (Runtime.evaluate), which the page's
// Content-Security-Policy does not govern; a <script> element would be
// refused, as the app allows no inline scripts.
func checkA11y(t *testing.T, ctx context.Context, pageName string) {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		t.Fatalf("%s: look for axe-core: %v", pageName, err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("%s: inject axe-core: %v", pageName, err)
		}
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", pageName, err)
	}
	for _, v := range violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: accessibility: %s (%s): %s\n    %s", pageName, v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %s\n      %s", strings.Join(n.Target, " "), strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		t.Error(b.String())
	}
}
