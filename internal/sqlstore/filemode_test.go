//go:build unix

package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/onward-recovery/onward"
)

// The database and its backups hold health data: only their owner may
// read them, whatever the umask.
func TestSQLiteFilesAreReadableByTheOwnerOnly(t *testing.T) {
	if os.Getenv("ONWARD_TEST_POSTGRES") != "" {
		t.Skip("SQLite files only")
	}
	old := syscall.Umask(0o022) // the usual umask, under which files were created 0644
	t.Cleanup(func() { syscall.Umask(old) })
	s, _ := openTestStore(t)
	createUser(t, s, "ana@example.com", onward.RoleMember)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{s.path, s.path + "-wal", s.path + "-shm", backup} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(path), mode)
		}
	}
}
