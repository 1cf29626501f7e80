package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs "onward serve" as a user would and waits for /healthz.
func startServe(t *testing.T, db string, extra ...string) (base string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	stdout = &syncBuffer{}
	done := make(chan error, 1)
	args := append([]string{"serve", "--addr", addr, "--db", db}, extra...)
	go func() {
		done <- run(ctx, args, env(map[string]string{"ONWARD_LOG_LEVEL": "error"}), strings.NewReader(""), stdout, io.Discard)
	}()
	base = "http://" + addr
	// Loading the demo under the race detector on a busy two-core
	// machine takes tens of seconds; a healthy server answers sooner.
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited early: %v\n%s", err, stdout.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not become healthy\n%s", stdout.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop within 30 s of the signal")
			}
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	return base, stdout, stop
}

func TestServeDemoPrintsLoginsAndIsReady(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	base, stdout, stop := startServe(t, db, "--demo")
	for _, want := range []string{"Demo accounts", "maria@demo.onward", "onward-demo-password", "two-step sign-in key", "Onward is running at " + base} {
		if !strings.Contains(stdout.String(), want) {
			t.Fatalf("serve --demo output lacks %q:\n%s", want, stdout.String())
		}
	}
	res, err := http.Get(base + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v on a clean shutdown", err)
	}

	// Starting again on the same database does not load the demo twice.
	_, stdout, stop = startServe(t, db, "--demo")
	if !strings.Contains(stdout.String(), "demo data was not loaded again") {
		t.Fatalf("second start output:\n%s", stdout.String())
	}
	stop()
}

// slowBody sends part of a form, then waits for release before the rest,
// keeping its request in flight.
type slowBody struct {
	first, rest []byte
	release     chan struct{}
	started     chan struct{}
	stage       int
}

func (b *slowBody) Read(p []byte) (int, error) {
	switch b.stage {
	case 0:
		b.stage = 1
		close(b.started)
		return copy(p, b.first), nil
	case 1:
		<-b.release
		b.stage = 2
		return copy(p, b.rest), nil
	default:
		return 0, io.EOF
	}
}

func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	base, _, stop := startServe(t, db)
	form := url.Values{"email": {"nobody@example.com"}, "password": {"not a real password"}}.Encode()
	body := &slowBody{first: []byte(form[:10]), rest: []byte(form[10:]), release: make(chan struct{}), started: make(chan struct{})}
	req, _ := http.NewRequest("POST", base+"/signin", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = int64(len(form))
	type result struct {
		status int
		err    error
	}
	resc := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			resc <- result{err: err}
			return
		}
		res.Body.Close()
		resc <- result{status: res.StatusCode}
	}()
	<-body.started
	time.Sleep(100 * time.Millisecond) // the server is now reading the body
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(200 * time.Millisecond) // shutdown has begun and is waiting for us
	select {
	case err := <-stopped:
		t.Fatalf("serve stopped (%v) while a request was still in flight", err)
	default:
	}
	close(body.release)
	r := <-resc
	if r.err != nil || r.status != http.StatusForbidden { // no anti-forgery token: refused, but answered
		t.Fatalf("in-flight request got %d, %v; want an answer (403) before shutdown", r.status, r.err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("serve returned %v", err)
	}
}

func TestBackupOfALiveDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "onward.db")
	_, _, stop := startServe(t, db, "--demo")
	defer stop()
	out := filepath.Join(dir, "copy.db")
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", db, "--out", out}, env(nil), nil, &stdout, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	copyDB, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	orig, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	var users, want int
	if err := orig.QueryRow("SELECT COUNT(*) FROM users").Scan(&want); err != nil || want < 6 {
		t.Fatalf("the demo database has %d users (%v), want at least the 6 demo logins", want, err)
	}
	if err := copyDB.QueryRow("SELECT COUNT(*) FROM users").Scan(&users); err != nil || users != want {
		t.Fatalf("backup has %d users (%v), want the demo's %d", users, err, want)
	}
	stdout.Reset()
	// A copy is checked with the original's keys, which the copy lacks.
	if err := run(context.Background(), []string{"audit", "verify", "--db", out}, env(nil), nil, &stdout, io.Discard); err == nil || !strings.Contains(err.Error(), "--audit-key-file") {
		t.Fatalf("audit verify on the backup without its keys: %v", err)
	}
	if err := run(context.Background(), []string{"audit", "verify", "--db", out, "--audit-key-file", db + ".audit-keys"}, env(nil), nil, &stdout, io.Discard); err != nil {
		t.Fatalf("audit verify on the backup: %v", err)
	}
	if err := run(context.Background(), []string{"backup", "--db", db, "--out", out}, env(nil), nil, io.Discard, io.Discard); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	add := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"user", "add", "--db", db}, args...), env(nil), strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	out, err := add("", "--email", "Lee@Clinic.example", "--role", "clinician")
	if err != nil || !strings.Contains(out, "Added lee@clinic.example (clinician)") || !strings.Contains(out, "Password: ") || !strings.Contains(out, "two-step") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, err := add("a long enough passphrase\n", "--email", "ops@example.org", "--role", "operator", "--password-stdin"); err != nil {
		t.Fatalf("user add with --password-stdin: %v", err)
	}
	for name, args := range map[string][]string{
		"ErrDuplicate":  {"--email", "lee@clinic.example", "--role", "member"},
		"ErrBadRole":    {"--email", "x@example.org", "--role", "admin"},
		"ErrBadEmail":   {"--email", "not-an-email", "--role", "member"},
		"ErrWeakPasswd": {"--email", "y@example.org", "--role", "member", "--password-stdin"},
	} {
		if _, err := add("short\n", args...); err == nil {
			t.Errorf("%s: user add accepted %v", name, args)
		}
	}
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	if err := run(context.Background(), []string{"demo", "--db", db}, env(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"audit", "verify", "--db", db}, env(nil), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "intact") {
		t.Fatalf("verify on an untouched log: %v %s", err, out.String())
	}
	raw, _ := sql.Open("sqlite", "file:"+db)
	if _, err := raw.Exec("DELETE FROM audit_log WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	err := run(context.Background(), []string{"audit", "verify", "--db", db}, env(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "FAILED") {
		t.Fatalf("verify after deleting an entry: %v", err)
	}
}

func TestCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	tests := []struct {
		args    []string
		env     map[string]string
		wantErr string
		wantOut string
	}{
		{args: []string{"version"}, wantOut: "onward "},
		{args: []string{"help"}, wantOut: "onward serve"},
		{args: nil, wantErr: "no command"},
		{args: []string{"frobnicate"}, wantErr: "unknown command"},
		{args: []string{"migrate", "--db", db}, wantOut: "up to date"},
		{args: []string{"migrate"}, env: map[string]string{"ONWARD_DB": db}, wantOut: "up to date"},
		{args: []string{"serve", "--country", "XX", "--db", db}, wantErr: `country "XX"`},
		{args: []string{"serve", "--addr", "nonsense", "--db", db}, wantErr: "addr"},
		{args: []string{"serve", "--log-level", "loud", "--db", db, "--addr", "127.0.0.1:0"}, wantErr: "log level"},
		{args: []string{"backup", "--db", db}, wantErr: "--out"},
		{args: []string{"demo", "--db", db, "extra"}, wantErr: "unexpected argument"},
		{args: []string{"serve", "--help"}, wantOut: ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, env(tt.env), nil, &out, &errOut)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !strings.Contains(out.String(), tt.wantOut) {
				t.Fatalf("err = %v, output %q; want %q", err, out.String(), tt.wantOut)
			}
		})
	}
}
