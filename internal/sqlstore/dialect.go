package sqlstore

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// pgUniqueViolation is PostgreSQL's SQLSTATE for a unique-constraint failure.
const pgUniqueViolation = "23505"

// Everything that differs between SQLite and PostgreSQL lives in this file;
// the rest of the store writes one SQL text with ? placeholders.

type dialect int

const (
	sqlite dialect = iota
	postgres
)

func (d dialect) String() string {
	if d == postgres {
		return "postgres"
	}
	return "sqlite"
}

// rebind turns ? placeholders into $1, $2 ... for PostgreSQL. The store's
// SQL never has a ? inside a string literal, so a plain scan is enough.
func (d dialect) rebind(query string) string {
	if d != postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// forUpdate locks the selected rows until the transaction ends. SQLite needs
// no clause: its single writer connection already serialises writes.
func (d dialect) forUpdate() string {
	if d == postgres {
		return " FOR UPDATE"
	}
	return ""
}

// snapshot is the options of a read transaction whose statements all see
// one state of the database. A SQLite read transaction does already; on
// PostgreSQL each statement would see the latest commit.
func (d dialect) snapshot() *sql.TxOptions {
	if d == postgres {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return nil
}

// sqliteTimeLayout is fixed-width so that times stored as text in SQLite sort
// and compare correctly as strings.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// timeValue converts t for storage: fixed-width UTC text in SQLite, a
// timestamptz in PostgreSQL. Microseconds are kept in both.
func (d dialect) timeValue(t time.Time) driver.Value {
	t = t.UTC().Truncate(time.Microsecond)
	if d == postgres {
		return t
	}
	return t.Format(sqliteTimeLayout)
}

// nullTimeValue is timeValue for an optional time.
func (d dialect) nullTimeValue(t *time.Time) driver.Value {
	if t == nil {
		return nil
	}
	return d.timeValue(*t)
}

// dbTime scans a time stored by timeValue from either database.
type dbTime struct {
	Time  time.Time
	Valid bool
}

func (t *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*t = dbTime{}
	case time.Time:
		*t = dbTime{Time: v.UTC(), Valid: true}
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func (t *dbTime) parse(s string) error {
	parsed, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*t = dbTime{Time: parsed.UTC(), Valid: true}
	return nil
}

// Ptr returns the time, or nil when it was NULL.
func (t dbTime) Ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	tt := t.Time
	return &tt
}

// isUniqueViolation reports whether err is a unique-constraint failure in
// either database.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == pgUniqueViolation
	}
	var liteErr *sqlitedrv.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
