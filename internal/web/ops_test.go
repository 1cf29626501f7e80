package web

import (
	"encoding/json"
	"fmt"
	"io"

	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/", "/crisis", "/signin", "/nope", "/api/v1/me"} {
		res := c.get(path)
		csp := res.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: weak or missing CSP %q", path, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if got := res.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if res.header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", path)
		}
	}
}

var inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]+</script>|\son[a-z]+=|<style|style=|javascript:`)
var offSite = regexp.MustCompile(`(?:src|href|action)="(https?:)?//`)

// TestPagesHaveNoInlineCodeOrThirdPartyRequests renders the public pages
// and checks the HTML loads nothing from elsewhere and has no inline code.
func TestPagesHaveNoInlineCodeOrThirdPartyRequests(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/", "/crisis", "/signin", "/signup", "/password/forgot"} {
		body := c.get(path).body
		if m := inlineScript.FindString(body); m != "" {
			t.Errorf("%s has inline code: %q", path, m)
		}
		for _, m := range offSite.FindAllString(body, -1) {
			// The only off-site link is the quick exit, which the person
			// chooses to follow; nothing loads from elsewhere.
			if !strings.HasPrefix(m, `href=`) {
				t.Errorf("%s loads from another site: %q", path, m)
			}
		}
	}
}

func TestCrisisPage(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().get("/crisis")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `href="tel:911"`, `href="tel:988"`, `href="sms:988"`, `href="tel:18006624357"`,
		"naloxone", "recovery position", "Stay with them", "breath every 5 seconds")
}

func TestQuickExitOnEveryPage(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/", "/crisis", "/signin", "/nope"} {
		body := c.get(path).body
		if !strings.Contains(body, `class="quick-exit" href="/exit" rel="noreferrer nofollow" data-quick-exit`) {
			t.Errorf("%s has no quick-exit link", path)
		}
		if !strings.Contains(body, `<a class="help-now" href="/crisis">`) {
			t.Errorf("%s has no Get help now link", path)
		}
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	e := newEnv(t)
	e.server.cfg.MetricsToken = "s3cret-metrics-token"
	c := e.newClient()
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	wantBody(t, c.get("/readyz"), "ready")
	c.get("/crisis")
	req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret-metrics-token")
	m := c.do(req)
	wantStatus(t, m, http.StatusOK)
	wantBody(t, m, `onward_http_requests_total{method="GET",route="GET /crisis",status="200"}`,
		"onward_http_request_duration_seconds_bucket", "go_sql_open_connections")
	if strings.Contains(m.body, `route="/crisis"`) {
		t.Fatal("metrics are labelled by raw path")
	}
}

// A reverse proxy on the same host makes every request come from
// loopback, so loopback earns no exemption from the token.
func TestMetricsNeedTheToken(t *testing.T) {
	tests := []struct {
		name   string
		token  string // configured
		open   bool   // configured
		header string // sent
		want   int
	}{
		{"ErrNoTokenConfigured", "", false, "", http.StatusForbidden},
		{"ErrNoTokenConfiguredEmptyBearer", "", false, "Bearer ", http.StatusForbidden},
		{"ErrTokenMissing", "s3cret-metrics-token", false, "", http.StatusForbidden},
		{"ErrTokenWrong", "s3cret-metrics-token", false, "Bearer s3cret-metrics-tokeN", http.StatusForbidden},
		{"ErrTokenNotBearer", "s3cret-metrics-token", false, "s3cret-metrics-token", http.StatusForbidden},
		{"TokenRight", "s3cret-metrics-token", false, "Bearer s3cret-metrics-token", http.StatusOK},
		{"OpenedExplicitly", "", true, "", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t) // httptest listens on loopback
			e.server.cfg.MetricsToken, e.server.cfg.MetricsOpen = tt.token, tt.open
			c := e.newClient()
			req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			wantStatus(t, c.do(req), tt.want)
		})
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	page := c.get("/")
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`).FindString(page.body)
	if css == "" {
		t.Fatal("no hashed stylesheet link")
	}
	res := c.get(css)
	wantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet headers: %v", res.header)
	}
	wantStatus(t, c.get("/static/app.00000000.css"), http.StatusNotFound)
}

// Pages and large JSON answers are compressed; a JSON answer under a
// packet is sent as it is, where gzip would cost more than it saves.
func TestPagesAreCompressed(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path       string
		compressed bool
	}{
		{"/crisis", true},
		{"/api/v1/instruments", true},
		{"/api/v1/push/key", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.srv.URL+tt.path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if got := res.Header.Get("Content-Encoding") == "gzip"; got != tt.compressed || res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, compressed %v, want %v (%d bytes, headers %v)", res.StatusCode, got, tt.compressed, len(body), res.Header)
			}
			if !tt.compressed && (len(body) >= minCompressBytes || fmt.Sprint(len(body)) != res.Header.Get("Content-Length")) {
				t.Fatalf("%d bytes sent, Content-Length %q", len(body), res.Header.Get("Content-Length"))
			}
		})
	}
}

// apiRoutes reads the /api/v1 routes from routes.go.
func apiRoutes(t *testing.T) []string {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`"(GET|POST|PUT|DELETE|PATCH) (/api/v1/[^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		out = append(out, strings.ToLower(m[1])+" "+m[2])
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIDocumentsEveryAPIRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	routes := apiRoutes(t)
	if len(routes) < 4 {
		t.Fatalf("found only %d API routes in routes.go", len(routes))
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if path == "/api/v1/openapi.json" {
			continue
		}
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("%s %s is not in openapi.json", strings.ToUpper(method), path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			found := false
			for _, r := range routes {
				found = found || r == method+" "+path
			}
			if !found {
				t.Errorf("openapi.json documents %s %s, which routes.go does not serve", strings.ToUpper(method), path)
			}
		}
	}
}

// TestHTMXOnlyWhereUsed keeps pages light on a cheap phone: htmx is loaded
// only by pages that use it.
func TestHTMXOnlyWhereUsed(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	for _, path := range []string{"/", "/crisis", "/signin", "/find"} {
		if strings.Contains(c.get(path).body, "htmx") {
			t.Errorf("%s loads htmx but uses none of it", path)
		}
	}
}
