package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/directory"
)

// The directory in the browser, on the demo data around Springfield,
// Illinois, that `onward serve --demo` loads.

// findTab drives one tab through the directory pages. Every page it lands
// on is checked with axe-core (WCAG 2.2 A/AA) before the test goes on.
type findTab struct {
	t   *testing.T
	ctx context.Context
}

// findStepTimeout bounds one step, so a missing element fails with its
// selector rather than at the tab's overall limit.
const findStepTimeout = 20 * time.Second

func openFindTab(t *testing.T) *findTab {
	t.Helper()
	return &findTab{t: t, ctx: newTab(t)}
}

func (f *findTab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(f.ctx, findStepTimeout)
}

// visit opens path, fails unless it answers want, and checks the page.
func (f *findTab) visit(path string, want int64) {
	f.t.Helper()
	ctx, cancel := f.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(baseURL+path))
	if err != nil {
		f.t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil || resp.Status != want {
		f.t.Fatalf("open %s: status %v, want %d", path, resp, want)
	}
	f.checked(path)
}

// press clicks what sel selects (a link or a submit button), fails unless
// the page it leads to answers want, and checks that page.
func (f *findTab) press(sel string, want int64) {
	f.t.Helper()
	ctx, cancel := f.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		f.t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil || resp.Status != want {
		f.t.Fatalf("click %s: status %v, want %d", sel, resp, want)
	}
	f.checked("after " + sel)
}

func (f *findTab) checked(name string) {
	f.t.Helper()
	screenshot(f.t, f.ctx, strings.NewReplacer("/", "_", "?", "_").Replace(name))
	checkA11y(f.t, f.ctx, name)
}

// typeInto empties the field sel selects and types value into it.
func (f *findTab) typeInto(sel, value string) {
	f.t.Helper()
	f.run("type into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).value = ""`, findQuote(sel))),
		chromedp.SendKeys(chromedp.CSS(sel), value))
}

// pick sets the select sel selects to value.
func (f *findTab) pick(sel, value string) {
	f.t.Helper()
	f.run("choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// tick clicks a checkbox unless it is ticked already.
func (f *findTab) tick(sel string) {
	f.t.Helper()
	if !findEval[bool](f, fmt.Sprintf(`document.querySelector(%s).checked`, findQuote(sel))) {
		f.run("tick "+sel, chromedp.Click(chromedp.CSS(sel)))
	}
}

func (f *findTab) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	ctx, cancel := f.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

// text is the visible text of the first element sel selects, or "".
func (f *findTab) text(sel string) string {
	f.t.Helper()
	return findEval[string](f, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? ""`, findQuote(sel)))
}

func (f *findTab) wantText(sel string, wants ...string) {
	f.t.Helper()
	got := f.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			f.t.Errorf("%s says:\n%s\nwant it to say %q", sel, got, w)
		}
	}
}

func findEval[T any](f *findTab, expr string) T {
	f.t.Helper()
	ctx, cancel := f.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		f.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func findQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// enterCode types the authenticator code for secret on the sign-in code
// page and sends it. The server takes each code once: when an earlier test
// used this 30-second step's code for the account, it waits for the next
// one, as a person would.
func (f *findTab) enterCode(secret string) {
	f.t.Helper()
	for range 2 {
		code, err := auth.TOTPCode(secret, time.Now())
		if err != nil {
			f.t.Fatal(err)
		}
		f.typeInto("#code", code)
		ctx, cancel := f.step()
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form[action="/signin/code"] button[type=submit]`)))
		cancel()
		if err != nil {
			f.t.Fatalf("send the sign-in code: %v", err)
		}
		f.checked("after the sign-in code")
		if resp != nil && resp.Status == 200 {
			return
		}
		next := time.Unix((time.Now().Unix()/30+1)*30, 0)
		f.t.Logf("the sign-in code was refused (status %v); waiting %s for the next one", resp, time.Until(next).Round(time.Second))
		time.Sleep(time.Until(next))
	}
	f.t.Fatal("two sign-in codes in a row were refused")
}

// findDemoTOTPSecret reads the two-step sign-in key the server printed for
// a demo account at start.
func findDemoTOTPSecret(t *testing.T, email string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(email) + `[^\n]*\n\s+two-step sign-in key for your authenticator app: ([A-Z2-7]+)`).FindStringSubmatch(serverOutput())
	if m == nil {
		t.Fatalf("the server printed no two-step sign-in key for %s:\n%s", email, serverOutput())
	}
	return m[1]
}

// A visitor finds a program near Springfield that offers buprenorphine and
// takes Medicaid, on a 360-pixel phone screen, asks it to call back, and
// sees a reference and the program's number. The program's admin signs in
// and finds the request in the program's queue, and marks it contacted.
func TestFindProgramAndAskForACallBack(t *testing.T) {
	visitor := openFindTab(t)
	visitor.run("use a phone-sized screen", chromedp.EmulateViewport(360, 740))
	visitor.visit("/find", 200)
	visitor.typeInto("#place", "Springfield, IL")
	visitor.tick("#medication-buprenorphine")
	visitor.pick("#payment", "medicaid")
	visitor.press(`main form.finder button[type=submit]`, 200)
	visitor.wantText("#results-h", "Programs found: 5")
	if w := findEval[int](visitor, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the results are %d px wide on a 360 px screen", w)
	}
	visitor.wantText("ol.results li:first-child", "Example Recovery Center (demo)", "Buprenorphine", "Medicaid", "217-555-0101")

	visitor.press("ol.results li:first-child h3 a", 200)
	visitor.wantText("main h1", "Example Recovery Center (demo)")
	visitor.typeInto("#name", "Robin")
	visitor.typeInto("#phone", "217-555-0177")
	visitor.pick("#best_time", "afternoon")
	visitor.typeInto("#message", "I would like to start buprenorphine.")
	visitor.press(`main form[action$="/contact"] button[type=submit]`, 400) // consent not given yet
	visitor.wantText("#consent-error", "Tick the box to agree to be contacted.")
	visitor.tick("#consent")
	visitor.press(`main form[action$="/contact"] button[type=submit]`, 200)
	visitor.wantText("main h1", "Your request is sent")
	reference := visitor.text("strong.reference")
	if !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}$`).MatchString(reference) {
		t.Fatalf("the reference shown is %q", reference)
	}
	if href := findEval[string](visitor, `document.querySelector('main a[href^="tel:"]')?.getAttribute("href") ?? ""`); href != "tel:2175550101" {
		t.Errorf("the program's number links to %q, want tel:2175550101", href)
	}
	visitor.press(`footer form[action="/language"] button[value=es]`, 200)
	visitor.wantText("main h1", "Su solicitud fue enviada")
	visitor.wantText("main", reference)

	const admin = "admin@demo.onward"
	secret := findDemoTOTPSecret(t, admin)
	staff := openFindTab(t)
	staff.visit("/program/requests", 200) // the sign-in page, which comes back here
	staff.typeInto("#email", admin)
	staff.typeInto("#password", "onward-demo-password")
	staff.press(`main form[action="/signin"] button[type=submit]`, 200)
	staff.enterCode(secret)
	staff.wantText("main h1", "Requests to be contacted")
	staff.wantText("main ol.results", reference, "Robin", "217-555-0177", "Afternoon", "I would like to start buprenorphine.")

	item := fmt.Sprintf(`//li[.//code[text()=%q]]`, reference)
	id := findEval[string](staff, fmt.Sprintf(`document.evaluate(%s, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.querySelector("select").id`, findQuote(item)))
	staff.pick("#"+id, "contacted")
	unanswered := staff.text("#unanswered")
	// htmx sends the change and updates the card and the count in place,
	// without leaving the page.
	reqID := strings.TrimPrefix(id, "status-")
	staff.run("change the status", chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action$="/status"] button[aria-describedby=%q]`, "request-"+reqID))),
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//h2[@id=%q]/span[contains(., "Contacted")]`, "request-"+reqID))))
	staff.wantText(fmt.Sprintf("#request-%s", reqID), "Contacted")
	if got := staff.text("#unanswered"); got == unanswered {
		t.Errorf("the count of requests not answered did not change: %q", got)
	}
	checkA11y(t, staff.ctx, "program requests after a status change")
}

// A visitor looks for meetings tonight near Springfield: the list holds
// exactly the demo meetings held this evening, in person nearby or online.
func TestMeetingsTonight(t *testing.T) {
	b := openFindTab(t)
	b.visit("/meetings?place=Springfield%2C+IL", 200)
	b.press(`main a[href^="/meetings?day=today"]`, 200)

	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(chicago).Weekday()
	var want []string
	for _, m := range directory.DemoMeetings() {
		if m.Day == today && m.Start >= "17:00" {
			want = append(want, m.Name)
		}
	}
	b.wantText("#meetings-h", fmt.Sprintf("Meetings found: %d", len(want)))
	for _, name := range want {
		b.wantText("main ol.results", name)
	}
	if len(want) == 0 {
		b.wantText("main", "No meeting matches.")
	}
	if got := findEval[string](b, `document.querySelector("#time").value`); got != "evening" {
		t.Errorf("the form shows the time of day %q, want evening", got)
	}
}

// A visitor far from every listed program is offered the national helpline,
// the national locator and a wider search instead of a dead end, and the
// meeting finder explains a closed meeting.
func TestNothingNearIsNoDeadEnd(t *testing.T) {
	b := openFindTab(t)
	b.visit("/find", 200)
	b.typeInto("#place", "Chicago, IL")
	b.pick("#radius_km", "50")
	b.press(`main form.finder button[type=submit]`, 200)
	b.wantText("#results-h", "Programs found: 0")
	b.wantText("main .nothing-near", "1-800-662-4357", "FindTreatment.gov", "Search within 500 km")
	b.press("main .nothing-near a[href^='/find?']", 200)
	b.wantText("#results-h", "Programs found:")

	b.visit("/meetings?place=62701&day=any&fellowship=AA", 200)
	const bigBook = `//li[.//h3[contains(., "Example Big Book Study")]]//details`
	b.run("open a closed meeting's formats", chromedp.Click(chromedp.Search(bigBook+"/summary")))
	got := findEval[string](b, fmt.Sprintf(`document.evaluate(%s, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.innerText`, findQuote(bigBook)))
	if !strings.Contains(got, "C: Closed") || !strings.Contains(got, "for people who want to stop themselves") {
		t.Errorf("a closed meeting's formats read %q", got)
	}
}
