package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// testHashing keeps password hashing cheap in tests; the format is the same.
var testHashing = auth.Params{Memory: 1024, Time: 1, Threads: 1}

const testPassword = "a long test passphrase"

// clock is a settable test clock.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time          { return *c.t.Load() }
func (c *clock) set(t time.Time)         { c.t.Store(&t) }
func (c *clock) advance(d time.Duration) { c.set(c.now().Add(d)) }

// mailbox records the email the server sends. While held, sending waits
// until released, like a slow mail server.
type mailbox struct {
	mu   sync.Mutex
	sent []notify.Email
	gate chan struct{}
}

func (m *mailbox) Send(_ context.Context, e notify.Email) error {
	m.mu.Lock()
	gate := m.gate
	m.mu.Unlock()
	if gate != nil {
		<-gate
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, e)
	return nil
}

// hold makes sending wait until release.
func (m *mailbox) hold() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gate = make(chan struct{})
}

func (m *mailbox) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	close(m.gate)
	m.gate = nil
}

func (m *mailbox) last(t *testing.T) notify.Email {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sent) == 0 {
		t.Fatal("no email was sent")
	}
	return m.sent[len(m.sent)-1]
}

// sentTo waits for the email the server sends in the background and
// returns the messages to addr, oldest first.
func (e *testEnv) sentTo(addr string) []notify.Email {
	e.server.app.Wait()
	e.mail.mu.Lock()
	defer e.mail.mu.Unlock()
	var out []notify.Email
	for _, m := range e.mail.sent {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// lastTo returns the last email to addr, failing when there is none.
func (e *testEnv) lastTo(addr string) notify.Email {
	e.t.Helper()
	sent := e.sentTo(addr)
	if len(sent) == 0 {
		e.t.Fatalf("no email was sent to %s", addr)
	}
	return sent[len(sent)-1]
}

var emailLinkRe = regexp.MustCompile(`http://onward\.test(/[^\s]+)`)

// linkTo returns the path of the link in the last email to addr.
func (e *testEnv) linkTo(addr string) string {
	e.t.Helper()
	m := e.lastTo(addr)
	link := emailLinkRe.FindStringSubmatch(m.Body)
	if link == nil {
		e.t.Fatalf("no link in the email to %s:\n%s", addr, m.Body)
	}
	return link[1]
}

// signUp signs up through the form and the emailed link, leaves the
// client signed in and returns where the link's page sent it.
func (c *client) signUp(form url.Values) string {
	c.env.t.Helper()
	res := c.post("/signup", form)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/signup/sent" {
		c.env.t.Fatalf("sign up: status %d to %q\n%s", res.status, res.header.Get("Location"), truncate(res.body))
	}
	link := c.env.linkTo(onward.NormalizeEmail(form.Get("email")))
	res = c.post(link, nil)
	if res.status != http.StatusSeeOther {
		c.env.t.Fatalf("confirm the sign-up: status %d\n%s", res.status, truncate(res.body))
	}
	return res.header.Get("Location")
}

type testEnv struct {
	t      *testing.T
	srv    *httptest.Server
	store  *sqlstore.Store
	clock  *clock
	mail   *mailbox
	server *Server
	dsn    string     // the database, to open a second instance on it
	keys   audit.Keys // its audit keys
	logs   *logBuffer // everything the server logged
}

// logBuffer keeps what the server logs, for tests that read it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var schemaSeq atomic.Int64

// newEnv starts the real handler on a fresh database: SQLite, or a new
// PostgreSQL schema when ONWARD_TEST_POSTGRES is set.
func newEnv(t *testing.T) *testEnv {
	t.Helper()
	ctx := context.Background()
	c := &clock{}
	c.set(time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC))
	dsn := filepath.Join(t.TempDir(), "web.db")
	if pg := os.Getenv("ONWARD_TEST_POSTGRES"); pg != "" {
		schema := fmt.Sprintf("web_%d_%d", os.Getpid(), schemaSeq.Add(1))
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() })
		sep := "?"
		if strings.Contains(pg, "?") {
			sep = "&"
		}
		dsn = pg + sep + "search_path=" + schema
	}
	store, err := sqlstore.Open(ctx, dsn, c.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.OpenAuditLog(ctx, keys); err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{Addr: "127.0.0.1:0", BaseURL: "http://onward.test", Country: "US", QuickExitURL: "https://weather.com/"}
	mail := &mailbox{}
	logs := &logBuffer{}
	var logTo io.Writer = logs
	if testing.Verbose() {
		logTo = io.MultiWriter(logs, os.Stderr)
	}
	log := slog.New(slog.NewTextHandler(logTo, nil))
	s, err := New(cfg, Deps{App: newApp(cfg, store, mail, log, c.now), Store: store, Log: log, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, srv: srv, store: store, clock: c, mail: mail, server: s, dsn: dsn, keys: keys, logs: logs}
}

// newApp builds the use cases the way cmd/onward does, over store.
func newApp(cfg config.Config, store *sqlstore.Store, mail notify.Mailer, log *slog.Logger, now func() time.Time) *app.App {
	h := testHashing
	return app.New(app.Deps{Store: store, Now: now, Log: log, Mailer: mail, Hashing: &h, BaseURL: cfg.BaseURL,
		TakeHomePolicy: cfg.TakeHomePolicy, PushEndpoints: notify.PushEndpoints{Services: cfg.PushServices}})
}

// addUser creates an account directly in the store.
func (e *testEnv) addUser(email string, role onward.Role) *onward.User {
	e.t.Helper()
	hash, err := auth.HashPassword(testPassword, testHashing)
	if err != nil {
		e.t.Fatal(err)
	}
	u := &onward.User{Email: email, DisplayName: strings.Split(email, "@")[0], Role: role, Locale: "en", TimeZone: "America/Chicago"}
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateUser(ctx, u, hash) }); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// enableTOTP turns two-step sign-in on for an account, as its owner would,
// and returns its key and recovery codes. u.TOTPSecret then holds the key
// itself (the database holds it sealed), for the test to make codes with;
// the clock moves to the next code.
func (e *testEnv) enableTOTP(u *onward.User) (string, []string) {
	e.t.Helper()
	enrol, err := e.server.app.NewEnrolment(u)
	if err != nil {
		e.t.Fatal(err)
	}
	code, _ := auth.TOTPCode(enrol.Secret, e.clock.now())
	codes, _, err := e.server.app.EnableTwoStep(context.Background(), u, enrol.Sealed, code)
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.advance(30 * time.Second)
	u.TOTPSecret = enrol.Secret
	return enrol.Secret, codes
}

// client is a browser: it keeps cookies and does not follow redirects, so
// tests see each response.
type client struct {
	env  *testEnv
	http *http.Client
}

func (e *testEnv) newClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{env: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	status int
	body   string
	header http.Header
}

func (c *client) do(req *http.Request) response {
	c.env.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.env.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, body: string(b), header: res.Header}
	// Every answer of the API, however a test asked, is checked against the
	// OpenAPI document (openapi_conformance_test.go).
	if path := req.URL.EscapedPath(); strings.HasPrefix(path, "/api/v1/") && path != "/api/v1/openapi.json" {
		checkDocumented(c.env.t, req.Method, path, out)
	}
	return out
}

func (c *client) get(path string) response {
	c.env.t.Helper()
	req, _ := http.NewRequest("GET", c.env.srv.URL+path, nil)
	return c.do(req)
}

// csrf returns the browser's anti-forgery cookie, visiting a page first if
// it has none yet.
func (c *client) csrf() string {
	u, _ := url.Parse(c.env.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "csrf" {
			return ck.Value
		}
	}
	c.get("/")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "csrf" {
			return ck.Value
		}
	}
	c.env.t.Fatal("the server set no csrf cookie")
	return ""
}

// post submits a form with the right anti-forgery token.
func (c *client) post(path string, form url.Values) response {
	c.env.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf())
	}
	req, _ := http.NewRequest("POST", c.env.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// api sends a JSON request, with a bearer token when given.
func (c *client) api(method, path, token, body string) response {
	c.env.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.env.srv.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req)
}

// signIn signs u in on this client, with a TOTP code when needed.
func (c *client) signIn(u *onward.User) {
	c.env.t.Helper()
	c.signInAs(u.Email, testPassword, u.TOTPSecret)
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", r.status, status, truncate(r.body))
	}
}

func wantBody(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Fatalf("body lacks %q:\n%s", p, truncate(r.body))
		}
	}
}

var mainRe = regexp.MustCompile(`(?s)<main.*</main>`)

func truncate(body string) string {
	if m := mainRe.FindString(body); m != "" {
		body = m
	}
	if len(body) > 3000 {
		return body[:3000] + "…"
	}
	return body
}
