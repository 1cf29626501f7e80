package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// addAccountsAt creates n accounts (one audit entry each) with the
// store's clock at t.
func addAccountsAt(t *testing.T, db string, at time.Time, prefix string, n int) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, db, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := audit.ReadKeyFile(db + ".audit-keys")
	if errors.Is(err, fs.ErrNotExist) {
		keys, err = audit.CreateKeyFile(db + ".audit-keys")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenAuditLog(ctx, keys); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		err := s.Write(ctx, func(tx *sqlstore.Tx) error {
			u := &onward.User{Email: prefix + string(rune('a'+i)) + "@test.onward", DisplayName: "T", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			return tx.CreateUser(ctx, u, "h")
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditPruneArchivesEntriesPastRetention(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "onward.db")
	addAccountsAt(t, db, time.Now().AddDate(-7, 0, 0), "old", 3)
	addAccountsAt(t, db, time.Now(), "new", 2)
	archive := filepath.Join(dir, "audit-archive.jsonl")

	var out strings.Builder
	if err := run(context.Background(), []string{"audit", "prune", "--out", archive, "--db", db}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("audit prune: %v", err)
	}
	// The log's start and the three old accounts.
	if !strings.Contains(out.String(), "Archived 4 audit entries (1 to 4") {
		t.Fatalf("audit prune said:\n%s", out.String())
	}
	info, err := os.Stat(archive)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("the archive has mode %v; audit entries name people, so only the owner may read it", info.Mode().Perm())
	}
	f, _ := os.Open(archive)
	defer f.Close()
	lines := 0
	for sc := bufio.NewScanner(f); sc.Scan(); lines++ {
		if !strings.HasPrefix(sc.Text(), `{"seq":`) {
			t.Fatalf("archive line %q is not a JSON entry", sc.Text())
		}
	}
	if lines != 4 {
		t.Fatalf("the archive has %d lines, want 4", lines)
	}
	out.Reset()
	if err := run(context.Background(), []string{"audit", "verify", "--db", db}, env(nil), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "3 entries") {
		t.Fatalf("audit verify after pruning (2 entries and the checkpoint): %v\n%s", err, out.String())
	}

	// An archive is never overwritten, and nothing old is left.
	if err := run(context.Background(), []string{"audit", "prune", "--out", archive, "--db", db}, env(nil), nil, io.Discard, io.Discard); err == nil {
		t.Fatal("audit prune overwrote an existing archive")
	}
	again := filepath.Join(dir, "again.jsonl")
	out.Reset()
	if err := run(context.Background(), []string{"audit", "prune", "--out", again, "--db", db}, env(nil), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "nothing was archived") {
		t.Fatalf("audit prune with nothing old: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(again); !os.IsNotExist(err) {
		t.Fatal("an empty archive file was left behind")
	}
}

func TestPruneCutoff(t *testing.T) {
	now := time.Date(2032, 5, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, olderThan, before string
		want                    time.Time
		wantErr                 string
	}{
		{"DefaultSixYears", "", "", time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC), ""},
		{"Years", "7y", "", time.Date(2025, 5, 10, 12, 0, 0, 0, time.UTC), ""},
		{"Months", "18m", "", time.Date(2030, 11, 10, 12, 0, 0, 0, time.UTC), ""},
		{"Days", "10d", "", time.Date(2032, 4, 30, 12, 0, 0, 0, time.UTC), ""},
		{"Date", "", "2026-01-31", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), ""},
		{"Both", "6y", "2026-01-31", time.Time{}, "not both"},
		{"Zero", "0y", "", time.Time{}, "like 6y"},
		{"UnknownUnit", "6w", "", time.Time{}, "like 6y"},
		{"NoNumber", "y", "", time.Time{}, "like 6y"},
		{"BadDate", "", "31/01/2026", time.Time{}, "like 2020-01-31"},
		{"FutureDate", "", "2033-01-01", time.Time{}, "in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pruneCutoff(tt.olderThan, tt.before, now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, %v; want an error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
