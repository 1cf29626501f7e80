package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/config"
)

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), args, env(nil), strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("onward %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func runErr(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, env(nil), strings.NewReader(""), &out, io.Discard)
	if err == nil {
		t.Fatalf("onward %s succeeded, want an error\n%s", strings.Join(args, " "), out.String())
	}
	return out.String(), err
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Fatalf("%s has mode %o, want %o", filepath.Base(path), got, want)
	}
}

func rawSQLite(t *testing.T, db string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestServeKeepsTheAuditKeyFileBesideTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "onward.db")
	keyFile := db + ".audit-keys"
	_, stdout, stop := startServe(t, db)
	if !strings.Contains(stdout.String(), "Created the audit key file "+keyFile) {
		t.Fatalf("first start did not say it created the key file:\n%s", stdout.String())
	}
	stop()
	wantMode(t, keyFile, 0o600)
	wantMode(t, db, 0o600)
	if cps := runOK(t, "audit", "checkpoints", "--db", db, "--out", "-"); strings.Count(cps, "\n") != 1 {
		t.Fatalf("want the checkpoint signed at start, got:\n%s", cps)
	}

	_, stdout, stop = startServe(t, db)
	if strings.Contains(stdout.String(), "Created") || strings.Contains(stdout.String(), "Warning") {
		t.Fatalf("second start:\n%s", stdout.String())
	}
	stop()

	// Another key than the log's: serve refuses rather than seal entries
	// no one could check.
	os.Remove(keyFile)
	if _, err := audit.CreateKeyFile(keyFile); err != nil {
		t.Fatal(err)
	}
	if _, err := runErr(t, "serve", "--db", db, "--addr", freeAddr(t)); !strings.Contains(err.Error(), "not the one this database's audit log was sealed with") {
		t.Fatalf("serve with another key: %v", err)
	}
	// No key file at all: a new one is not left behind to mislead.
	os.Remove(keyFile)
	if _, err := runErr(t, "user", "add", "--db", db, "--email", "a@example.org", "--role", "member"); !strings.Contains(err.Error(), "sealed with another key") {
		t.Fatalf("user add without the key file: %v", err)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Fatal("a key file that does not match the log was left behind")
	}
}

func TestExportedCheckpointsShowTruncation(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "onward.db")
	runOK(t, "demo", "--db", db)
	if out := runOK(t, "audit", "checkpoint", "--db", db); !strings.Contains(out, "Signed a checkpoint") {
		t.Fatalf("audit checkpoint:\n%s", out)
	}
	if out := runOK(t, "audit", "checkpoint", "--db", db); !strings.Contains(out, "has not grown") {
		t.Fatalf("audit checkpoint of an unchanged log:\n%s", out)
	}
	exported := filepath.Join(dir, "checkpoints.jsonl")
	runOK(t, "audit", "checkpoints", "--db", db, "--out", exported)
	wantMode(t, exported, 0o600)
	if _, err := runErr(t, "audit", "checkpoints", "--db", db, "--out", exported); !strings.Contains(err.Error(), "exists") {
		t.Fatalf("export over an earlier export: %v", err)
	}
	if out := runOK(t, "audit", "verify", "--db", db, "--checkpoints", exported); !strings.Contains(out, "intact") {
		t.Fatalf("verify of an untouched log:\n%s", out)
	}

	// Someone with the database cuts the log back to its third entry and
	// removes the stored checkpoints.
	rawSQLite(t, db,
		"DELETE FROM audit_log WHERE seq > 3",
		"UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)",
		"DELETE FROM audit_checkpoints")
	out, err := runErr(t, "audit", "verify", "--db", db, "--checkpoints", exported)
	if !strings.Contains(err.Error(), "FAILED") || !strings.Contains(out, "but the log now has only 3: entries were removed") {
		t.Fatalf("verify after truncation: %v\n%s", err, out)
	}
}

func TestForgedRowPastTheHead(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	runOK(t, "demo", "--db", db)
	rawSQLite(t, db, `INSERT INTO audit_log (seq, at, actor_id, subject_id, category, action, allowed, reason, prev_hash, hash)
		SELECT l.seq + 1, l.at, 'someone', l.subject_id, 'checkins', 'read', 1, 'shared', l.hash, l.hash
		FROM audit_head h JOIN audit_log l ON l.seq = h.seq`)
	out, _ := runErr(t, "audit", "verify", "--db", db)
	if !strings.Contains(out, "after its head that Onward did not write") {
		t.Fatalf("verify with a row past the head:\n%s", out)
	}
	// Writes go on; the row is set aside, and the log says so.
	runOK(t, "user", "add", "--db", db, "--email", "new@example.org", "--role", "member")
	out, _ = runErr(t, "audit", "verify", "--db", db)
	if !strings.Contains(out, "records tampering found") || !strings.Contains(out, "moved to audit_set_aside") {
		t.Fatalf("verify after the row was set aside:\n%s", out)
	}
}

// Checkpoints logged by serve are lines a log host keeps: verify reads
// them as they are.
func TestLoggedCheckpointsAreReadableByVerify(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "onward.db")
	runOK(t, "demo", "--db", db)
	cfg := config.Config{DB: db}
	s, err := openAuditedStore(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	logFile := filepath.Join(dir, "onward.log")
	f, _ := os.Create(logFile)
	ctx, cancel := context.WithCancel(context.Background())
	cancelAfterFirst := &cancelOnWrite{w: f, cancel: cancel}
	done := make(chan struct{})
	go func() {
		defer close(done)
		signAuditCheckpoint(ctx, s, slog.New(slog.NewJSONHandler(cancelAfterFirst, nil)))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no checkpoint was logged")
	}
	f.Close()
	r, err := os.Open(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cps, err := audit.ReadCheckpoints(r)
	if err != nil || len(cps) != 1 {
		t.Fatalf("read %d checkpoints from the log (%v)", len(cps), err)
	}
	keys, _ := audit.ReadKeyFile(db + ".audit-keys")
	if err := keys.CheckCheckpoint(cps[0]); err != nil {
		t.Fatalf("the logged checkpoint: %v", err)
	}
	if out := runOK(t, "audit", "verify", "--db", db, "--checkpoints", logFile); !strings.Contains(out, "1 signed checkpoint(s) match") {
		t.Fatalf("verify against the log:\n%s", out)
	}
}

type cancelOnWrite struct {
	w      io.Writer
	cancel func()
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	defer c.cancel()
	return c.w.Write(p)
}

func TestAuditKeysFromTheConfiguration(t *testing.T) {
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name    string
		cfg     config.Config
		dialect string
		create  bool
		wantErr string
		created string
	}{
		{"BothInTheEnvironment", config.Config{AuditKey: key, AuditSigningKey: key}, "postgres", true, "", ""},
		{"ErrOnlyOne", config.Config{AuditKey: key}, "sqlite", true, "set both", ""},
		{"ErrEnvironmentAndFile", config.Config{AuditKey: key, AuditSigningKey: key, AuditKeyFile: filepath.Join(dir, "k")}, "sqlite", true, "set both", ""},
		{"ErrNotBase64", config.Config{AuditKey: "nope", AuditSigningKey: key}, "sqlite", true, "base64", ""},
		{"ErrPostgresNeedsAPlace", config.Config{DB: "postgres://db.example/onward"}, "postgres", true, "--audit-key-file", ""},
		{"PostgresWithAFile", config.Config{DB: "postgres://db.example/onward", AuditKeyFile: filepath.Join(dir, "pg.keys")}, "postgres", true, "", filepath.Join(dir, "pg.keys")},
		{"SQLiteBesideTheDatabase", config.Config{DB: filepath.Join(dir, "a.db")}, "sqlite", true, "", filepath.Join(dir, "a.db.audit-keys")},
		{"ErrMissingWhenOnlyReading", config.Config{DB: filepath.Join(dir, "b.db")}, "sqlite", false, "no such file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, created, err := auditKeys(tt.cfg, tt.dialect, tt.create)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || created != tt.created {
				t.Fatalf("created %q (%v), want %q", created, err, tt.created)
			}
			if created != "" {
				wantMode(t, created, 0o600)
			}
		})
	}
}
