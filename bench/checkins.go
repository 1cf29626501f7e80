package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

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
// real, durable write (synchronous=FULL) with its audit entries, and for a
// member with history the early-warning assessment (and, when chosen and
// the warning signs are high, an automatic alert). Every member saves
// their day again and again, so each is a replace after the first; the
// craving (worker number mod 11) is 7 or more for a third of the workers,
// which with a recent lapse makes the warning signs high.
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
