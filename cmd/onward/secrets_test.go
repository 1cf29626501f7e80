package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
)

func TestSecretKeysComeFromOutsideTheDatabase(t *testing.T) {
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(auth.NewSecretKey())
	tests := []struct {
		name    string
		cfg     config.Config
		dialect string
		wantErr string
		created string
	}{
		{"InTheEnvironment", config.Config{SecretKeys: key + "," + key}, "postgres", "", ""},
		{"ErrEnvironmentAndFile", config.Config{SecretKeys: key, SecretKeyFile: filepath.Join(dir, "k")}, "sqlite", "not both", ""},
		{"ErrNotBase64", config.Config{SecretKeys: "not base64!"}, "sqlite", "base64", ""},
		{"ErrPostgresNeedsAPlace", config.Config{DB: "postgres://db.example/onward"}, "postgres", "--secret-key-file", ""},
		{"PostgresWithAFile", config.Config{DB: "postgres://db.example/onward", SecretKeyFile: filepath.Join(dir, "pg.keys")}, "postgres", "", filepath.Join(dir, "pg.keys")},
		{"SQLiteBesideTheDatabase", config.Config{DB: filepath.Join(dir, "a.db")}, "sqlite", "", filepath.Join(dir, "a.db.secret-keys")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			k, err := secretKeys(tt.cfg, tt.dialect, &out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || k == nil {
				t.Fatalf("secretKeys: %v", err)
			}
			if tt.created == "" {
				return
			}
			wantMode(t, tt.created, 0o600)
			if !strings.Contains(out.String(), tt.created) {
				t.Fatalf("creating %s was not announced: %q", tt.created, out.String())
			}
			// The next start reads the same keys and announces nothing.
			out.Reset()
			again, err := secretKeys(tt.cfg, tt.dialect, &out)
			if err != nil || out.Len() != 0 || !again.SealedWithCurrent(k.Seal("s", "p")) {
				t.Fatalf("a second start: %v, %q", err, out.String())
			}
			if _, err := os.Stat(tt.created); err != nil {
				t.Fatal(err)
			}
		})
	}
}
