package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/onward-recovery/onward/internal/notify/mailtest"
)

// Set once by TestMain, read by the tests and helpers.
var (
	// baseURL is the address of the server under test, such as
	// http://127.0.0.1:41234, without a trailing slash.
	baseURL string

	// skipReason is set when ONWARD_E2E is not 1; newTab then skips the test.
	skipReason string

	// browserCtx is the one browser that all tests share; newTab opens a tab
	// in it.
	browserCtx context.Context

	// axeSource is the text of axe.min.js, which checkA11y injects into pages.
	axeSource string

	// srv is the server under test; serverOutput reads its stdout.
	srv *server

	// mailbox is the SMTP server that receives all the email that the server
	// under test sends. Read it with mailbox.WaitFor.
	mailbox *mailtest.Server
)

// quickExitPath is where the quick-exit control of the server under test
// leaves for: a page of the server itself, so that following it makes no
// request to another host. In production it is a neutral site such as
// https://weather.com/.
const quickExitPath = "/robots.txt"

// axePath is where `npm ci` in e2e/ puts axe-core. go test runs the package
// with e2e/ as its working directory.
const axePath = "node_modules/axe-core/axe.min.js"

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) (code int) {
	if os.Getenv("ONWARD_E2E") != "1" {
		skipReason = "browser tests run only with ONWARD_E2E=1 (they need Chromium and `npm ci` in e2e/); scripts/test.sh sets this up"
		return m.Run()
	}

	axe, err := os.ReadFile(axePath)
	if err != nil {
		return setupFailed(fmt.Errorf("read axe-core (run `npm ci` in e2e/): %w", err))
	}
	axeSource = string(axe)

	tmp, err := os.MkdirTemp("", "onward-e2e-")
	if err != nil {
		return setupFailed(err)
	}
	defer os.RemoveAll(tmp)

	mailbox, err = mailtest.Start()
	if err != nil {
		return setupFailed(fmt.Errorf("start the SMTP sink: %w", err))
	}
	defer mailbox.Close() // after the server stops: deferred calls run last first

	srv, err = startServer(tmp, mailbox.URL())
	if err != nil {
		return setupFailed(err)
	}
	baseURL = srv.url
	defer func() {
		if err := srv.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
			code = 1
		}
	}()

	ctx, stopBrowser, err := startBrowser()
	if err != nil {
		return setupFailed(err)
	}
	defer stopBrowser()
	browserCtx = ctx

	code = m.Run()
	if log := srv.stderr.String(); code != 0 && log != "" {
		fmt.Fprintf(os.Stderr, "e2e: the server's log (stderr) during the failed run:\n%s\n", log)
	}
	return code
}

// setupFailed reports an error that keeps every test from running. With
// ONWARD_E2E=1 that is a failure, never a skip.
func setupFailed(err error) int {
	fmt.Fprintf(os.Stderr, "e2e: FAIL: set-up: %v\n", err)
	return 1
}

// startBrowser starts the one headless Chromium that the tests share and
// returns its context.
func startBrowser() (context.Context, context.CancelFunc, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		// The defaults already have headless, no-first-run,
		// disable-background-networking, disable-sync and
		// disable-dev-shm-usage; chromedp gives the browser a fresh temporary
		// --user-data-dir and removes it when the browser ends.
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// chromedp loses track of the DOM of a page that Chrome restores
		// from its back-forward cache (no DOM.documentUpdated comes), so a
		// query after Back would wait for ever. Without the cache, Back
		// loads the page again, as it does for a page that the cache
		// cannot keep. The first two are chromedp's default.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
	)
	path := chromiumPath()
	if path != "" {
		opts = append(opts, chromedp.ExecPath(path))
	}
	var output syncBuffer
	opts = append(opts, chromedp.CombinedOutput(&output))

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
	}
	// The first action starts the browser and ties it to ctx, which must
	// therefore have no deadline.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("start Chromium (Debian: apt-get install chromium): %w\n%s", err, output.String())
	}
	return ctx, stop, nil
}

// chromiumPath prefers Debian's browser binary to its /usr/bin/chromium
// wrapper script, which takes twice as long to start. It returns "" when
// neither exists, and chromedp then looks for a browser on the PATH.
func chromiumPath() string {
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
