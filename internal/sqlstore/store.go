// Package sqlstore is Onward's one store for both SQLite and PostgreSQL.
// SQL is written once with ? placeholders; dialect.go holds the few
// differences. SQLite runs in WAL mode with a single writer connection beside
// a pool of readers, as PocketBase does, so writers never fight over locks.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// Store is the database. Its zero value is not usable; call Open.
type Store struct {
	db        *sql.DB // writes (and, for PostgreSQL, reads)
	rdb       *sql.DB // reads; the same pool as db for PostgreSQL
	dialect   dialect
	path      string // the SQLite file, for backups
	now       func() time.Time
	group     *groupCommitter            // SQLite's one writer; nil on PostgreSQL
	writes    writeGate                  // PostgreSQL's writes under way
	sealer    *sealer                    // PostgreSQL's audit chain; nil on SQLite
	stmts     sync.Map                   // query text -> *sql.Stmt on the writer pool
	toPrepare sync.Map                   // query text -> true, to prepare between transactions
	readStmts sync.Map                   // query text -> *sql.Stmt on the read pool
	auditKeys atomic.Pointer[audit.Keys] // set by OpenAuditLog
	// credentials moves on after each committed write of this process
	// that ended or changed an account or an API token (credentials.go).
	credentials atomic.Uint64
}

// Open connects to dsn: a postgres:// or postgresql:// URL, or else a SQLite
// file path (":memory:" is not supported: the writer and reader pools
// would see different databases). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	s := &Store{now: now}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = postgres
		if s.db, err = sql.Open("pgx", dsn); err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		s.db.SetMaxOpenConns(16)
		s.db.SetMaxIdleConns(16)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
		s.rdb = s.db
	} else {
		if dsn == "" || dsn == ":memory:" || strings.HasPrefix(dsn, "file::memory:") {
			return nil, errors.New("open sqlite: give a file path for the database")
		}
		s.path = dsn
		if err := createPrivateFile(dsn); err != nil {
			return nil, fmt.Errorf("create sqlite database: %w", err)
		}
		if s.db, err = sql.Open("sqlite", sqliteDSN(dsn, false)); err != nil {
			return nil, fmt.Errorf("open sqlite writer: %w", err)
		}
		s.db.SetMaxOpenConns(1)
		s.db.SetConnMaxLifetime(0)
		if s.rdb, err = sql.Open("sqlite", sqliteDSN(dsn, true)); err != nil {
			s.db.Close()
			return nil, fmt.Errorf("open sqlite readers: %w", err)
		}
		s.rdb.SetMaxOpenConns(8)
		// Keep them open: a new SQLite connection costs its pragmas and
		// loses its prepared statements.
		s.rdb.SetMaxIdleConns(8)
		s.rdb.SetConnMaxIdleTime(0)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		if s.rdb != s.db {
			s.rdb.Close()
		}
		return nil, fmt.Errorf("connect to %s database: %w", s.dialect, err)
	}
	if s.dialect == sqlite {
		s.group = newGroupCommitter(s)
	} else {
		s.sealer = newSealer(s)
	}
	return s, nil
}

// createPrivateFile creates path, empty, readable by its owner only, unless
// it exists. The database holds health data; SQLite would create it (and
// then its -wal and -shm files, which take the database file's mode)
// readable by everyone under the usual umask.
func createPrivateFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// sqliteDSN builds the connection string. synchronous=FULL makes every
// acknowledged write survive a power cut; WAL keeps readers off the writer's
// way; the writer takes its lock at BEGIN so it never fails mid-transaction.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close stops taking writes and closes both pools.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
	} else {
		s.writes.close()
		s.sealer.close()
	}
	for _, m := range []*sync.Map{&s.stmts, &s.readStmts} {
		m.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	}
	err := s.db.Close()
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// DB returns the writer pool, for metrics and tests.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect names the database in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.String() }

func (s *Store) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect.String())
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	gooseDialect := goose.DialectSQLite3
	if s.dialect == postgres {
		gooseDialect = goose.DialectPostgres
		// Two instances starting at once must not both migrate.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gooseDialect, s.db, sub, opts...)
}

// Migrate applies every migration not yet applied, in order, each recorded
// in the goose_db_version table. It returns how many it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	p, err := s.provider()
	if err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrate %s database: %w", s.dialect, err)
	}
	return len(results), nil
}

// Ready reports nil when the database answers and every migration is applied.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	p, err := s.provider()
	if err != nil {
		return err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("read migration state: %w", err)
	}
	if pending {
		return errors.New("migrations pending: run onward migrate")
	}
	return nil
}

// prepared returns the writer pool's prepared statement for q, or nil
// when it has none yet; then q is noted, and the group committer prepares
// it between transactions (with one writer connection, preparing inside a
// transaction would wait for the connection the transaction holds).
// SQLite spends much of a small write compiling its SQL; this way each
// statement is compiled once per connection, not once per call.
func (s *Store) prepared(q string) *sql.Stmt {
	if s.group == nil {
		return nil // PostgreSQL: pgx prepares and caches each statement per connection
	}
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	s.toPrepare.Store(q, true)
	return nil
}

// prepareNoted prepares the statements noted by prepared. A statement that
// fails to prepare is left to run as plain SQL, which reports the error.
func (s *Store) prepareNoted(ctx context.Context) {
	s.toPrepare.Range(func(k, _ any) bool {
		q := k.(string)
		s.toPrepare.Delete(q)
		if st, err := s.db.PrepareContext(ctx, s.dialect.rebind(q)); err == nil {
			s.stmts.Store(q, st)
		}
		return true
	})
}

// newID returns a new time-sortable id (UUIDv7).
func newID() string { return uuid.Must(uuid.NewV7()).String() }

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.dialect.rebind(q), args...)
}

// Reads run as statements prepared on the read pool (each connection
// prepares a statement once, on first use).

func (s *Store) readStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.readStmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.rdb.PrepareContext(ctx, s.dialect.rebind(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.readStmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) rowScanner {
	st, err := s.readStmt(ctx, q)
	if err != nil {
		// A Row carrying the error: Scan returns it.
		return s.rdb.QueryRowContext(ctx, s.dialect.rebind(q), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.readStmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// t converts a time for a query argument.
func (s *Store) t(t time.Time) any { return s.dialect.timeValue(t) }
