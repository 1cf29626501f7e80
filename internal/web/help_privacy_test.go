package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/careguide"
)

// rowCounts counts the rows of every table in the test database.
func rowCounts(t *testing.T, e *testEnv) map[string]int {
	t.Helper()
	ctx := context.Background()
	db := e.store.DB()
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if e.store.Dialect() == "postgres" {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		t.Fatalf("list the tables: %v", err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 3 {
		t.Fatalf("found only %d tables: %v", len(tables), tables)
	}
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

type helpSubmission struct {
	path string
	form url.Values
}

// helpSubmissions returns one complete answer to every form of the
// finding-help pages, one safety flag included. The forms are new on each
// call: posting one adds its anti-forgery token to it.
func helpSubmissions() []helpSubmission {
	return []helpSubmission{
		{"/check/signs", url.Values{"sign": {"pupils", "breathing"}}},
		{"/check/signs/someone", url.Values{"sign": {"money"}}},
		{"/check/dast10", answersForm(10, "1", nil)},
		{"/check/dsm5-oud", answersForm(11, "1", map[string]string{"supervised": "no"})},
		{"/check/phq2", answersForm(2, "3", nil)},
		{"/check/gad2", answersForm(2, "0", nil)},
		{"/check/phq9", answersForm(9, "1", nil)},
		{"/check/gad7", answersForm(7, "2", nil)},
		{"/guide", guideForm(map[string]string{careguide.QSelfHarm: "yes"})},
	}
}

// TestHelpStoresNothing submits every finding-help form, complete and
// incomplete, and calls the scoring API, as a visitor and as a signed-in
// member, and checks that no table changed: not the audit log, not
// anything. The result is in the response to the POST itself, never behind
// a redirect, and nothing of the answers goes into a URL or a cookie.
func TestHelpStoresNothing(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("member@example.com", onward.RoleMember)
	signedIn := e.newClient()
	signedIn.signIn(member)
	visitor := e.newClient()
	visitor.csrf()

	before := rowCounts(t, e)
	for name, c := range map[string]*client{"visitor": visitor, "member": signedIn} {
		for _, s := range helpSubmissions() {
			res := c.post(s.path, s.form)
			if res.status != http.StatusOK {
				t.Errorf("%s POST %s: status %d, want 200 with the result", name, s.path, res.status)
			}
			if loc := res.header.Get("Location"); loc != "" {
				t.Errorf("%s POST %s redirects to %q; the result must be in the response", name, s.path, loc)
			}
			if cookies := res.header.Values("Set-Cookie"); len(cookies) > 0 {
				t.Errorf("%s POST %s sets cookies %v", name, s.path, cookies)
			}
			if cc := res.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s POST %s: Cache-Control %q, want no-store", name, s.path, cc)
			}
			// Every link and form of the result leads to a plain address:
			// no score, band or answer in a query string.
			for _, m := range regexp.MustCompile(`(?:href|action)="(/[^"]*)"`).FindAllStringSubmatch(mainRe.FindString(res.body), -1) {
				if strings.Contains(m[1], "?") {
					t.Errorf("%s POST %s: the page links %s, with a query", name, s.path, m[1])
				}
			}
			incomplete := url.Values{"csrf": {c.csrf()}}
			if res := c.post(s.path, incomplete); res.status != http.StatusOK && res.status != http.StatusBadRequest {
				t.Errorf("%s POST %s with no answers: status %d", name, s.path, res.status)
			}
		}
		res := c.api("POST", "/api/v1/instruments/phq9/score", "", `{"answers": {"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":2}}`)
		if name == "visitor" {
			wantStatus(t, res, http.StatusOK)
		}
	}
	after := rowCounts(t, e)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("table %s had %d rows before and %d after the self-checks", table, n, after[table])
		}
	}
	if len(after) != len(before) {
		t.Errorf("tables before %v, after %v", before, after)
	}
}

// TestHelpPagesHaveNoInlineCodeOrThirdPartyRequests applies the site's CSP
// rules to every finding-help page, results included.
func TestHelpPagesHaveNoInlineCodeOrThirdPartyRequests(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	var pages []response
	for _, path := range []string{"/help", "/help/me", "/help/someone", "/check/signs", "/check/phq9", "/check/dsm5-oud", "/guide", "/learn", "/learn/medications", "/family"} {
		pages = append(pages, c.get(path))
	}
	for _, s := range helpSubmissions() {
		pages = append(pages, c.post(s.path, s.form))
	}
	for i, res := range pages {
		if m := inlineScript.FindString(res.body); m != "" {
			t.Errorf("page %d has inline code: %q", i, m)
		}
		for _, m := range offSite.FindAllString(res.body, -1) {
			if !strings.HasPrefix(m, `href=`) {
				t.Errorf("page %d loads from another site: %q", i, m)
			}
		}
	}
}
