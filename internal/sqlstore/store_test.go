package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
)

// clock is a test clock that only moves when told.
type clock struct{ t atomic.Pointer[time.Time] }

func newClock() *clock {
	c := &clock{}
	c.set(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	return c
}
func (c *clock) now() time.Time          { return *c.t.Load() }
func (c *clock) set(t time.Time)         { c.t.Store(&t) }
func (c *clock) advance(d time.Duration) { c.set(c.now().Add(d)) }

var schemaSeq atomic.Int64

// openTestStore returns a freshly migrated store with its audit log opened
// with new keys: a new SQLite file, or, when ONWARD_TEST_POSTGRES is set, a
// new schema in that PostgreSQL database, so the same suite runs on both
// and tests never share state.
func openTestStore(t testing.TB) (*Store, *clock) {
	t.Helper()
	s, c := openMigratedStore(t)
	keys, err := audit.NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenAuditLog(context.Background(), keys); err != nil {
		t.Fatalf("open audit log: %v", err)
	}
	return s, c
}

// openMigratedStore is openTestStore without audit keys.
func openMigratedStore(t testing.TB) (*Store, *clock) {
	t.Helper()
	ctx := context.Background()
	c := newClock()
	dsn := filepath.Join(t.TempDir(), "test.db")
	if pg := os.Getenv("ONWARD_TEST_POSTGRES"); pg != "" {
		schema := fmt.Sprintf("test_%d_%d", os.Getpid(), schemaSeq.Add(1))
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(pg, "?") {
			sep = "&"
		}
		dsn = pg + sep + "search_path=" + schema
	}
	s, err := Open(ctx, dsn, c.now)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s, c
}

func createUser(t *testing.T, s *Store, email string, role onward.Role) *onward.User {
	t.Helper()
	u := &onward.User{Email: email, DisplayName: "Test", Role: role, Locale: "en", TimeZone: "UTC"}
	if err := s.Write(context.Background(), func(tx *Tx) error { return tx.CreateUser(context.Background(), u, "hash") }); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := onward.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}
