package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of a live SQLite database to path while
// the server keeps running: VACUUM INTO reads one snapshot and writes a
// compact, self-contained database file. PostgreSQL has pg_dump for this.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != sqlite {
		return errors.New("backup: use pg_dump for PostgreSQL (see docs/operations.md)")
	}
	// The copy holds health data: create it readable by its owner only
	// (VACUUM INTO writes into an empty file), and never over another file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	// A connection of its own: the readers are query-only, and the writer
	// must stay free for the running server.
	db, err := sql.Open("sqlite", sqliteDSN(s.path, false))
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
