// Package e2e holds Onward's browser tests: the real server binary, driven by
// headless Chromium through chromedp, with axe-core checking each page's
// accessibility.
//
// The tests run only when ONWARD_E2E=1; scripts/test.sh sets it after it has
// installed Chromium and run `npm ci` here for axe-core. With ONWARD_E2E=1 a
// missing browser or axe-core fails the tests instead of skipping them.
//
// Environment:
//
//	ONWARD_E2E=1                 run the browser tests
//	ONWARD_TEST_POSTGRES=URL     run the server on PostgreSQL (a fresh database
//	                             beside the one named in URL) instead of SQLite
//	ONWARD_E2E_SCREENSHOTS=DIR   save the screenshots that tests take as PNG
//	                             files there (a relative DIR is taken from e2e/)
package e2e
