package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, as the store uses

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The machine's own limits, measured in the same run as Onward so that
// Onward's rows can be read as fractions of them. None runs application
// code: one table, one row per transaction.

const rawTable = "CREATE TABLE bench_raw_rows (id BIGSERIAL PRIMARY KEY, day TEXT NOT NULL, mood INTEGER NOT NULL, note TEXT NOT NULL)"

const (
	sqliteInsert   = "INSERT INTO bench_raw_rows (day, mood, note) VALUES (?, ?, ?)"
	postgresInsert = "INSERT INTO bench_raw_rows (day, mood, note) VALUES ($1, $2, $3)"
)

// openRawSQLite opens a fresh SQLite file in WAL mode at the given
// synchronous level, with one connection (as Onward's writer has).
func openRawSQLite(dir, synchronous string) (*sql.DB, error) {
	path := filepath.Join(dir, "raw-"+strings.ToLower(synchronous)+"-"+fmt.Sprint(time.Now().UnixNano())+".db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous("+synchronous+")&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(strings.Replace(rawTable, "BIGSERIAL", "INTEGER", 1)); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// rawTransactions runs single-row insert transactions on db from
// `concurrency` goroutines, with no HTTP.
func rawTransactions(db *sql.DB, insert string, concurrency int, d time.Duration) (result, error) {
	ins, err := db.Prepare(insert)
	if err != nil {
		return result{}, err
	}
	defer ins.Close()
	var n atomic.Int64
	return load(concurrency, d, make([]*http.Client, concurrency), func(*http.Client, int) error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Stmt(ins).Exec("2026-11-21", n.Add(1)%5+1, "a note of some length"); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
}

// rawSQLite measures single-row insert transactions into a fresh SQLite
// file at the given synchronous level.
func rawSQLite(dir, synchronous string, concurrency int, d time.Duration) (result, error) {
	db, err := openRawSQLite(dir, synchronous)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	return rawTransactions(db, sqliteInsert, concurrency, d)
}

// rawPostgres measures single-row insert transactions through pgx's
// database/sql driver on a pool of the store's size, in a fresh table.
func rawPostgres(dsn string, poolSize, concurrency int, d time.Duration) (result, error) {
	db, err := openRawPostgres(dsn, poolSize)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	return rawTransactions(db, postgresInsert, concurrency, d)
}

func openRawPostgres(dsn string, poolSize int) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	for _, q := range []string{"DROP TABLE IF EXISTS bench_raw_rows", rawTable} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// insertHandler is a minimal HTTP handler doing one durable insert per
// request: the realistic ceiling of a durable write through this server.
type insertHandler struct {
	db    *sql.DB
	ins   *sql.Stmt
	queue chan chan error // group commit only
	n     atomic.Int64
}

// groupInsertHandler inserts one row per request into a fresh SQLite file
// at synchronous=FULL, with group commit: while one commit is made
// durable, requests queue, and the next transaction takes them all (up to
// 256), one fsync for all. This is what Onward's writer does, without the
// application.
func groupInsertHandler(dir string) (*insertHandler, func(), error) {
	db, err := openRawSQLite(dir, "FULL")
	if err != nil {
		return nil, nil, err
	}
	h := &insertHandler{db: db, queue: make(chan chan error, 256)}
	if h.ins, err = db.Prepare(sqliteInsert); err != nil {
		db.Close()
		return nil, nil, err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case first := <-h.queue:
				h.commitGroup(first)
			case <-stop:
				return
			}
		}
	}()
	return h, func() { close(stop); <-done; h.ins.Close(); db.Close() }, nil
}

func (h *insertHandler) commitGroup(first chan error) {
	batch := []chan error{first}
collect:
	for len(batch) < 256 {
		select {
		case w := <-h.queue:
			batch = append(batch, w)
		default:
			break collect
		}
	}
	err := h.insert(len(batch))
	for _, w := range batch {
		w <- err
	}
}

// insert writes n rows in one transaction.
func (h *insertHandler) insert(n int) error {
	tx, err := h.db.Begin()
	if err != nil {
		return err
	}
	st := tx.Stmt(h.ins)
	for i := 0; i < n; i++ {
		if _, err := st.Exec("2026-11-21", h.n.Add(1)%5+1, "a note of some length"); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// pgInsertHandler inserts one row per request in its own transaction on
// a pool of poolSize connections.
func pgInsertHandler(dsn string, poolSize int) (*insertHandler, func(), error) {
	db, err := openRawPostgres(dsn, poolSize)
	if err != nil {
		return nil, nil, err
	}
	h := &insertHandler{db: db}
	if h.ins, err = db.Prepare(postgresInsert); err != nil {
		db.Close()
		return nil, nil, err
	}
	return h, func() { h.ins.Close(); db.Close() }, nil
}

func (h *insertHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var err error
	if h.queue != nil {
		done := make(chan error, 1)
		h.queue <- done
		err = <-done
	} else {
		err = h.insert(1)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// postInsert is one request to an insert handler at path.
func postInsert(base, path string) worker {
	return func(c *http.Client, _ int) error {
		res, err := c.Post(base+path, "application/json", strings.NewReader(`{"mood": 3}`))
		if err != nil {
			return err
		}
		drain(res)
		if res.StatusCode != http.StatusCreated {
			return fmt.Errorf("POST %s: status %d", path, res.StatusCode)
		}
		return nil
	}
}

// stopAll runs the stops in reverse order.
func stopAll(stops []func()) {
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
}

// storeWrites measures the store's own audited write with no HTTP and no
// application code: a recorded decision over three categories (three audit
// entries) and one row (an urge), each member writing their own.
func storeWrites(ctx context.Context, store *sqlstore.Store, emails []string) (func(int, time.Duration) (result, error), error) {
	ids := make([]string, len(emails))
	for i, e := range emails {
		u, err := store.UserByEmail(ctx, e)
		if err != nil {
			return nil, err
		}
		ids[i] = u.ID
	}
	return func(concurrency int, d time.Duration) (result, error) {
		return load(concurrency, d, make([]*http.Client, concurrency), func(_ *http.Client, w int) error {
			return store.Write(ctx, func(tx *sqlstore.Tx) error {
				me := onward.Principal{UserID: ids[w], Role: onward.RoleMember}
				d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: me, SubjectID: ids[w], Action: onward.ActionWrite,
					Categories: []onward.Category{onward.CategoryJournal, onward.CategoryCheckins, onward.CategoryMilestones}}, nil, tx.Now))
				if err != nil {
					return err
				}
				return tx.AddUrge(ctx, d, &onward.Urge{UserID: ids[w], StartedAt: tx.Now, EndedAt: tx.Now, Passed: true})
			})
		})
	}, nil
}
