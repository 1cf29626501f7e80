package web

import (
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

// mailbox records the email the server sends.
type mailbox struct {
	mu   sync.Mutex
	sent []notify.Email
}

func (m *mailbox) Send(_ context.Context, e notify.Email) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, e)
	return nil
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

type testEnv struct {
	t      *testing.T
	srv    *httptest.Server
	store  *sqlstore.Store
	clock  *clock
	mail   *mailbox
	server *Server
	dsn    string     // the database, to open a second instance on it
	keys   audit.Keys // its audit keys
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	h := testHashing
	s, err := New(cfg, Deps{Store: store, Mailer: mail, Log: log, Now: c.now, Hashing: &h})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, srv: srv, store: store, clock: c, mail: mail, server: s, dsn: dsn, keys: keys}
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

// enableTOTP gives an account a TOTP secret and returns it.
func (e *testEnv) enableTOTP(u *onward.User) string {
	e.t.Helper()
	key, err := auth.NewTOTPKey("Onward", u.Email)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error { return tx.SetTOTP(ctx, u.ID, key.Secret()) }); err != nil {
		e.t.Fatal(err)
	}
	u.TOTPSecret = key.Secret()
	return key.Secret()
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
	return response{status: res.StatusCode, body: string(b), header: res.Header}
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
