package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// server is the real onward binary, run as `onward serve --demo`.
type server struct {
	url    string
	db     string // the database's path or postgres:// URL, for countUsers
	cmd    *exec.Cmd
	stdout syncBuffer // the demo logins, among others
	stderr syncBuffer // the log
	exited chan struct{}
	err    error // from cmd.Wait, set before exited closes
}

// serverOutput returns what the server has printed to stdout so far,
// including the demo logins that --demo prints.
func serverOutput() string {
	return srv.stdout.String()
}

// startServer builds cmd/onward into dir, starts it on a free loopback port
// with a fresh database and waits until /healthz answers 200. The server
// sends email to the SMTP server at smtpURL, puts its own address in emailed
// links, and its quick-exit control leaves for its own /robots.txt, so that a
// test can follow both without leaving loopback.
func startServer(dir, smtpURL string) (*server, error) {
	bin, err := buildServer(dir)
	if err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "onward.db")
	if dsn := os.Getenv("ONWARD_TEST_POSTGRES"); dsn != "" {
		if db, err = freshPostgresDatabase(dsn); err != nil {
			return nil, err
		}
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}

	s := &server{url: "http://" + addr, db: db, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "--addr", addr, "--db", db, "--demo")
	s.cmd.Env = append(os.Environ(),
		"ONWARD_COOKIE_SECURE=false", // plain http on loopback
		"ONWARD_LOG_LEVEL=warn",
		"ONWARD_SMTP_URL="+smtpURL,
		"ONWARD_BASE_URL="+s.url,
		"ONWARD_QUICK_EXIT_URL="+s.url+quickExitPath,
		// PostgreSQL has no place beside it for the audit and secret keys.
		"ONWARD_AUDIT_KEY_FILE="+filepath.Join(dir, "onward.audit-keys"),
		"ONWARD_SECRET_KEY_FILE="+filepath.Join(dir, "onward.secret-keys"),
	)
	s.cmd.Stdout = &s.stdout
	s.cmd.Stderr = &s.stderr
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the server: %w", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()

	if err := s.waitHealthy(90 * time.Second); err != nil {
		s.cmd.Process.Kill()
		<-s.exited
		return nil, fmt.Errorf("%w\nserver stderr:\n%s", err, s.stderr.String())
	}
	return s, nil
}

// buildServer builds the binary that is under test, with -race when the tests
// have it.
func buildServer(dir string) (string, error) {
	root, err := filepath.Abs("..") // go test runs the package in e2e/
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "onward")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, "./cmd/onward")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/onward: %w\n%s", err, out)
	}
	return bin, nil
}

// freshPostgresDatabase creates an empty database beside the one that dsn
// names and returns its URL. The server under test gets a database of its own
// because go test runs the store tests on dsn's database at the same time.
func freshPostgresDatabase(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || len(u.Path) < 2 {
		return "", fmt.Errorf("ONWARD_TEST_POSTGRES must be a postgres:// URL with a database name, got %q", dsn)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_e2e"

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	quoted := pgx.Identifier{name}.Sanitize()
	for _, stmt := range []string{
		"DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)",
		"CREATE DATABASE " + quoted,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return "", fmt.Errorf("reset the e2e database: %s: %w", stmt, err)
		}
	}
	u.Path = "/" + name
	return u.String(), nil
}

// freeAddr returns a loopback address with a port that is free now. Another
// process could take it before the server listens; that is unlikely enough.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *server) waitHealthy(timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server at %s not healthy after %s: GET /healthz: %w", s.url, timeout, err)
		}
		select {
		case <-s.exited:
			return fmt.Errorf("server exited before it was healthy: %v", s.err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop ends the server with SIGTERM, as an operator would, and reports an
// unclean exit or a data race that the race detector found.
func (s *server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("server did not stop within 10s of SIGTERM\nserver stderr:\n%s", s.stderr.String())
	}
	log := s.stderr.String()
	if strings.Contains(log, "WARNING: DATA RACE") {
		return fmt.Errorf("the server had a data race:\n%s", log)
	}
	// A server without a SIGTERM handler dies of the signal; that is fine.
	var exit *exec.ExitError
	if s.err != nil && !(errors.As(s.err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGTERM) {
		return fmt.Errorf("server exited with %v\nserver stderr:\n%s", s.err, log)
	}
	return nil
}

// syncBuffer is a bytes.Buffer that a process can write while a test reads.
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
