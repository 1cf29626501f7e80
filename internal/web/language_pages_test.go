package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/demo"
	"github.com/onward-recovery/onward/internal/locale"
)

// TestEveryPageSpeaksEveryLanguage loads the demo data, then, as a
// visitor and as every demo account, in every language, follows every
// link of the site from the home page and reads every page: it fails on a
// message missing from the catalogs, a raw code or message id shown to a
// person, and English wording on a page in another language.
func TestEveryPageSpeaksEveryLanguage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	logins, err := demo.Load(ctx, e.store, testHashing)
	if err != nil {
		t.Fatal(err)
	}
	// As the server does when it starts: seal the demo's two-step keys.
	if _, _, err := e.server.app.SealTwoStepKeys(ctx); err != nil {
		t.Fatal(err)
	}
	catalog := locale.Default()
	english := englishOnlyWording(catalog)
	before := catalog.Missing()

	type visitor struct {
		name  string
		login *demo.Login
	}
	people := []visitor{{"visitor", nil}}
	for i := range logins {
		people = append(people, visitor{string(logins[i].Role) + " " + logins[i].Email, &logins[i]})
	}
	for _, lang := range catalog.Languages() {
		for _, p := range people {
			t.Run(lang.Code+"/"+p.name, func(t *testing.T) {
				c := e.newClient()
				if p.login != nil {
					c.signInAs(p.login.Email, p.login.Password, p.login.TOTPSecret)
				}
				c.post("/language", url.Values{"locale": {lang.Code}, "next": {"/"}})
				pages := c.crawl(t, "/", 120)
				if len(pages) < 3 {
					t.Fatalf("only %d pages reached", len(pages))
				}
				for path, body := range pages {
					for _, problem := range wordingProblems(body, lang.Code, english) {
						t.Errorf("%s: %s", path, problem)
					}
				}
			})
		}
	}
	for _, m := range catalog.Missing() {
		if !slices.Contains(before, m) {
			t.Errorf("a page asked for a message the catalogs lack: %s", m)
		}
	}
}

// signInAs signs in with a password (and the current code of a TOTP
// secret when given).
func (c *client) signInAs(email, password, totpSecret string) {
	c.env.t.Helper()
	res := c.post("/signin", url.Values{"email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther {
		c.env.t.Fatalf("sign in %s: status %d\n%s", email, res.status, res.body)
	}
	if res.header.Get("Location") == "/signin/code" {
		code, _ := auth.TOTPCode(totpSecret, c.env.clock.now())
		if res = c.post("/signin/code", url.Values{"code": {code}}); res.status != http.StatusSeeOther {
			c.env.t.Fatalf("sign-in code for %s: status %d\n%s", email, res.status, res.body)
		}
		// Each code works once: later sign-ins in the same test need a new step.
		c.env.clock.advance(30 * time.Second)
	}
}

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// crawl follows same-site links breadth first from start, up to limit
// pages, and returns each page's HTML by path. Redirects are followed;
// any other status than 200 fails the test. Links that end the session
// or leave the HTML site are not followed.
func (c *client) crawl(t *testing.T, start string, limit int) map[string]string {
	t.Helper()
	seen := map[string]bool{start: true}
	queue := []string{start}
	pages := map[string]string{}
	for len(queue) > 0 && len(pages) < limit {
		path := queue[0]
		queue = queue[1:]
		res := c.get(path)
		for hops := 0; res.status == http.StatusSeeOther || res.status == http.StatusFound; hops++ {
			next := res.header.Get("Location")
			if hops > 3 || !strings.HasPrefix(next, "/") {
				break
			}
			res = c.get(next)
		}
		if !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			continue
		}
		if res.status != http.StatusOK {
			t.Errorf("GET %s: status %d", path, res.status)
			continue
		}
		pages[path] = res.body
		for _, m := range hrefRe.FindAllStringSubmatch(res.body, -1) {
			link := html.UnescapeString(m[1])
			if seen[link] || strings.HasPrefix(link, "/static/") || strings.HasPrefix(link, "/api/") ||
				link == "/manifest.webmanifest" || strings.HasPrefix(link, "/export") || link == "/exit" {
				continue
			}
			seen[link] = true
			queue = append(queue, link)
		}
	}
	return pages
}

var (
	scriptRe    = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	attrTextRe  = regexp.MustCompile(`\s(?:aria-label|placeholder|title|alt|data-msg-[a-z-]+|data-label-[a-z-]+)="([^"]*)"`)
	rawCodeRe   = regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b`)
	messageIDRe = regexp.MustCompile(`\b[a-z]+\.[a-z0-9]+(?:_[a-z0-9]+)+\b`)
)

// visibleText is what a person reads on a page: its text and the
// attributes that are read out or shown, one piece per line.
func visibleText(page string) []string {
	var out []string
	for _, m := range attrTextRe.FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	body := scriptRe.ReplaceAllString(page, "")
	for _, piece := range strings.Split(tagRe.ReplaceAllString(body, "\n"), "\n") {
		if piece = strings.TrimSpace(html.UnescapeString(piece)); piece != "" {
			out = append(out, piece)
		}
	}
	return out
}

// englishOnlyWording is every English message of three words or more
// whose translation differs: if one shows on a page in another language,
// the page bypassed the catalogs.
func englishOnlyWording(c *locale.Catalog) map[string]bool {
	out := map[string]bool{}
	en := c.For(locale.DefaultLanguage)
	for _, id := range c.IDs() {
		text := en.T(id)
		if strings.Contains(text, "{{") || len(strings.Fields(text)) < 3 {
			continue
		}
		for _, lang := range c.Languages() {
			if lang.Code != locale.DefaultLanguage && c.For(lang.Code).T(id) != text {
				out[text] = true
			}
		}
	}
	return out
}

func wordingProblems(page, lang string, english map[string]bool) []string {
	var out []string
	for _, text := range visibleText(page) {
		if id := messageIDRe.FindString(text); id != "" {
			out = append(out, "a message id is shown: "+id)
		} else if code := rawCodeRe.FindString(text); code != "" {
			out = append(out, "a raw code is shown: "+code+" in "+strings.TrimSpace(text))
		}
		if lang != locale.DefaultLanguage && english[text] {
			out = append(out, "English wording on a page in "+lang+": "+text)
		}
	}
	return out
}
