// Package e2e holds Onward's browser tests: the real server binary, driven by
// headless Chromium through chromedp, with axe-core checking each page's
// accessibility.
//
// The tests run only when ONWARD_E2E=1; scripts/test.sh sets it after it has
// installed Chromium and run `npm ci` here for axe-core. With ONWARD_E2E=1 a
// missing browser or axe-core fails the tests instead of skipping them.
//
// TestMain builds cmd/onward and runs `onward serve --demo` on a fresh
// database, with a real SMTP server (mailbox, from internal/notify/mailtest)
// that receives the email the server sends, the server's own address as the
// base URL of emailed links, and its own /robots.txt as the quick-exit page,
// so that no test leaves loopback. All tests share one headless Chromium;
// each tab has a browser context of its own, so it starts signed out with no
// cookies, as on another device.
//
// The flow tests drive a tab through the helpers in helpers_test.go, which
// check every page that a tab opens: axe-core (WCAG 2.2 A/AA) finds nothing,
// and the header's crisis and quick-exit links and the footer's language
// switch are there. Each flow runs in English and at least once in Spanish.
// The tests run one at a time and sign up fresh accounts, so they do not
// depend on each other or on their order.
//
// Environment:
//
//	ONWARD_E2E=1                 run the browser tests
//	ONWARD_TEST_POSTGRES=URL     run the server on PostgreSQL (a fresh database
//	                             beside the one named in URL) instead of SQLite
//	ONWARD_E2E_SCREENSHOTS=DIR   save the screenshots that tests take as PNG
//	                             files there (a relative DIR is taken from e2e/)
package e2e
