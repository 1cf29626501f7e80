package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// rawInserts measures the machine's own limit: single-row insert
// transactions into a fresh SQLite file in WAL mode at the given
// synchronous level, from `concurrency` goroutines sharing one connection
// (as Onward's writer does), with no HTTP and no application code.
func rawInserts(dir, synchronous string, concurrency int, d time.Duration) (result, error) {
	path := filepath.Join(dir, "raw-"+strings.ToLower(synchronous)+".db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous("+synchronous+")&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, day TEXT NOT NULL, mood INTEGER NOT NULL, note TEXT NOT NULL)"); err != nil {
		return result{}, err
	}
	var n atomic.Int64
	clients := make([]*http.Client, concurrency)
	return load(concurrency, d, clients, func(*http.Client, int) error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO rows (day, mood, note) VALUES (?, ?, ?)", "2026-11-21", n.Add(1)%5+1, "a note of some length"); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
}

// memberTokens gives each benchmark member an API token.
func memberTokens(ctx context.Context, store *sqlstore.Store, emails []string) ([]string, error) {
	tokens := make([]string, len(emails))
	for i, e := range emails {
		u, err := store.UserByEmail(ctx, e)
		if err != nil {
			return nil, err
		}
		tokens[i] = auth.NewToken("onw_")
		if err := store.Write(ctx, func(tx *sqlstore.Tx) error {
			return tx.CreateAPIToken(ctx, &onward.APIToken{UserID: u.ID, Name: "bench", ExpiresAt: tx.Now.Add(24 * time.Hour)}, auth.HashToken(tokens[i]))
		}); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// checkInAPI saves a check-in through the JSON API: each request is a
// real, durable write (synchronous=FULL) with its audit entry. Every
// member saves their day again and again, so each is a replace after the
// first.
func checkInAPI(base string, tokens []string) worker {
	var n atomic.Int64
	return func(c *http.Client, w int) error {
		body := fmt.Sprintf(`{"mood": %d, "craving": %d, "note": "benchmark"}`, n.Add(1)%5+1, w%11)
		req, _ := http.NewRequest("POST", base+"/api/v1/checkins", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[w])
		res, err := c.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated {
			return fmt.Errorf("check-in API: status %d", res.StatusCode)
		}
		return nil
	}
}

// checkInForm submits the check-in form as a browser does, with the
// anti-forgery token and the version of the day's check-in the form was
// opened on (each member replaces their own, one save after another).
// Members already checked in through the API, so versions start there.
func checkInForm(ctx context.Context, store *sqlstore.Store, base string, emails []string) (worker, error) {
	versions := make([]int, len(emails))
	for i, e := range emails {
		v, err := currentVersion(ctx, store, e)
		if err != nil {
			return nil, err
		}
		versions[i] = v
	}
	var n atomic.Int64
	return func(c *http.Client, w int) error {
		u, _ := url.Parse(base)
		csrf := ""
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "csrf" {
				csrf = ck.Value
			}
		}
		form := url.Values{"csrf": {csrf}, "mood": {fmt.Sprint(n.Add(1)%5 + 1)}, "craving": {fmt.Sprint(w % 11)}, "version": {fmt.Sprint(versions[w])}}
		res, err := c.Post(base+"/checkin", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("check-in form: status %d", res.StatusCode)
		}
		versions[w]++
		return nil
	}, nil
}

// currentVersion reads the version of a member's check-in for today (0
// when there is none), through the audited read path like the form does.
func currentVersion(ctx context.Context, store *sqlstore.Store, email string) (int, error) {
	u, err := store.UserByEmail(ctx, email)
	if err != nil {
		return 0, err
	}
	version := 0
	err = store.ReadAccess(ctx, onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, []onward.Category{onward.CategoryCheckins}, func(r *sqlstore.Reader) error {
		loc, _ := time.LoadLocation(u.TimeZone)
		c, err := r.CheckIn(ctx, recovery.DateOf(time.Now().In(loc), loc))
		if c != nil {
			version = c.Version
		}
		return err
	})
	return version, err
}
