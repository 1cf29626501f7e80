package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// tabTimeout bounds all the work of one tab, so that a page that never shows
// an awaited element fails its test instead of hanging the package.
const tabTimeout = 2 * time.Minute

// newTab opens a new tab in the shared browser for the test t and returns its
// context, for chromedp.Run and chromedp.Do. The tab closes when the test
// ends. Before that, the test fails for each request that the tab made to
// another host than the server and for each console error (see
// assertNoExternalRequests and assertNoConsoleErrors).
//
// Each tab has a browser context of its own, like a private window: it starts
// with no cookies and shares none with other tabs, so every tab is a separate
// person on a separate device, and no test sees another's sign-in or language.
//
// newTab skips the test unless ONWARD_E2E=1.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	ctx, closeTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(closeTab)

	// The cleanup of a test's first tab checks the events of all its tabs.
	w, first := watchers.forTest(t)
	if first {
		t.Cleanup(func() {
			assertNoExternalRequests(t)
			assertNoConsoleErrors(t)
			watchers.forget(t)
		})
	}
	// Listen, unlike chromedp.Events, sees each event before the command
	// that follows it returns, so nothing is missed at a check.
	if err := chromedp.Listen(ctx, w.observe); err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}

	ctx, cancel := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(cancel)
	return ctx
}

// assertNoExternalRequests fails t for each request that its tabs made, since
// the last check, to any host other than the server under test: the app
// makes no third-party requests, so nobody learns who visits it.
func assertNoExternalRequests(t *testing.T) {
	t.Helper()
	w := watchers.get(t)
	for _, u := range w.take(&w.external) {
		t.Errorf("the page requested %s; the app must make no requests to other hosts than itself", u)
	}
}

// assertNoConsoleErrors fails t for each console error, uncaught exception
// and browser error (such as a Content-Security-Policy violation) in its tabs
// since the last check. Failed loads from the server itself are left to the
// tests, which judge status codes; a 422 for a form with errors is correct.
func assertNoConsoleErrors(t *testing.T) {
	t.Helper()
	w := watchers.get(t)
	for _, msg := range w.take(&w.console) {
		t.Errorf("browser console error: %s", msg)
	}
}

// screenshot saves a PNG of the whole page as DIR/<test>-<name>.png when
// ONWARD_E2E_SCREENSHOTS=DIR, and does nothing otherwise.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("ONWARD_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, unsafeFileChars.ReplaceAllString(t.Name()+"-"+name, "_")+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// watcher collects what a test's tabs did that the app must never do.
type watcher struct {
	mu       sync.Mutex
	external []string // URLs requested from other hosts
	console  []string // console errors
}

// observe runs in chromedp's event loop for the tab: it must be quick and
// must not call the browser.
func (w *watcher) observe(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		w.checkHost(ev.Request.URL)
	case *network.EventWebSocketCreated:
		w.checkHost(ev.URL)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			w.add(&w.console, "console.error: "+argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			// The description is the error and its stack; the place is enough.
			msg, _, _ := strings.Cut(d.Exception.Description, "\n")
			text += " " + msg
		}
		w.add(&w.console, fmt.Sprintf("%s (%s:%d)", text, d.URL, d.LineNumber+1))
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			w.add(&w.console, string(e.Source)+": "+e.Text+" "+e.URL)
		}
	}
}

// checkHost records u when it goes over the network to another host than the
// server. data:, blob: and about: URLs stay in the browser.
func (w *watcher) checkHost(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		w.add(&w.external, raw)
		return
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		if u.Host != strings.TrimPrefix(baseURL, "http://") {
			w.add(&w.external, raw)
		}
	}
}

func (w *watcher) add(list *[]string, s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	*list = append(*list, s)
}

// take returns and clears one of the lists, so that each problem is reported
// once.
func (w *watcher) take(list *[]string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := *list
	*list = nil
	return s
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
			parts[i] = s
		case len(a.Value) > 0:
			parts[i] = string(a.Value)
		default:
			parts[i] = a.Description
		}
	}
	return strings.Join(parts, " ")
}

// watchers holds the watcher of each running test.
var watchers = watcherSet{m: map[*testing.T]*watcher{}}

type watcherSet struct {
	mu sync.Mutex
	m  map[*testing.T]*watcher
}

// forTest returns t's watcher, and whether it is new.
func (s *watcherSet) forTest(t *testing.T) (*watcher, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.m[t]; ok {
		return w, false
	}
	w := &watcher{}
	s.m[t] = w
	return w, true
}

func (s *watcherSet) get(t *testing.T) *watcher {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.m[t]
	if !ok {
		t.Fatal("no browser tab for this test: call newTab first")
	}
	return w
}

func (s *watcherSet) forget(t *testing.T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, t)
}
