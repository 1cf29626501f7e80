// Command bench measures Onward under concurrent load on this machine, side
// by side with a no-op handler served by the same HTTP server in the same
// run, and prints each scenario's rate as a ratio of the no-op rate. The
// machines are shared and noisy: compare ratios, not absolute numbers.
//
//	go run ./bench [-c 64] [-d 5s] [-db path|postgres://...]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/sqlstore"
	"github.com/onward-recovery/onward/internal/web"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

const password = "bench member passphrase"

func run() error {
	concurrency := flag.Int("c", 64, "concurrent clients")
	duration := flag.Duration("d", 5*time.Second, "duration of each scenario")
	dsn := flag.String("db", "", "database: a SQLite path or postgres:// URL (default: a new temporary SQLite file)")
	only := flag.String("only", "", "run only the scenarios whose name contains this text (the no-op always runs)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	backlog := flag.Int("backlog", 30000, "reminder deliveries queued for the notification deliveries scenario")
	dosingMembers := flag.Int("dosing-members", 300, "members at the program's dosing window in the dosing scenarios")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()

	if *dsn == "" {
		dir, err := os.MkdirTemp("", "onward-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "bench.db")
	}
	store, err := sqlstore.Open(ctx, *dsn, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := store.Migrate(ctx); err != nil {
		return err
	}
	keys, err := audit.NewKeys()
	if err != nil {
		return err
	}
	if _, err := store.OpenAuditLog(ctx, keys); err != nil {
		return err
	}
	emails, err := addMembers(ctx, store, *concurrency)
	if err != nil {
		return err
	}

	base, stop, err := startServer(store)
	if err != nil {
		return err
	}
	defer stop()

	fmt.Printf("Onward benchmark: %d concurrent clients, %s per scenario, %s database, %d CPUs, %s\n",
		*concurrency, *duration, store.Dialect(), runtime.NumCPU(), runtime.Version())
	clients, err := signedInClients(base, emails)
	if err != nil {
		return err
	}
	tokens, err := memberTokens(ctx, store, emails)
	if err != nil {
		return err
	}
	rawDir, err := os.MkdirTemp("", "onward-bench-raw-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(rawDir)
	// Each scenario is prepared just before it runs: the form check-in
	// needs the versions the API check-ins left behind.
	ready := func(w worker) func() (worker, error) { return func() (worker, error) { return w, nil } }
	scenarios := []struct {
		name    string
		prepare func() (worker, error)
	}{
		{"no-op handler (same server)", ready(func(c *http.Client, _ int) error { return get(c, base+"/bench/noop") })},
		{"crisis page, visitor", ready(func(c *http.Client, _ int) error { return get(c, base+"/crisis") })},
		{"account page, signed in", ready(func(c *http.Client, _ int) error { return get(c, base+"/account") })},
		{"check-in, JSON API (durable)", ready(checkInAPI(base, tokens))},
		{"check-in, form (durable)", func() (worker, error) { return checkInForm(ctx, store, base, emails) }},
		{"PHQ-9 scoring, JSON API", ready(scorePHQ9(base))},
		{"program search, 50 km, 20k programs", func() (worker, error) { return finderScenario(ctx, store, base, 20000) }},
		{"sign-in (argon2id 64 MiB, t=3)", ready(func(c *http.Client, w int) error { return signIn(c, base, emails[w]) })},
		{scenarioCaseload, func() (worker, error) { return program.caseload(ctx, store, base) }},
		{scenarioReport, func() (worker, error) { return program.report(ctx, store, base) }},
	}
	fmt.Printf("\n%-34s %10s %10s %10s %10s %12s\n", "scenario", "requests", "req/s", "p50", "p99", "vs no-op")
	// The machine's own write limit, for the check-in rows to be read against.
	for _, sync := range []string{"NORMAL", "FULL"} {
		if *only != "" && !strings.Contains("check-in", *only) {
			break
		}
		r, err := rawInserts(rawDir, sync, *concurrency, *duration)
		if err != nil {
			return fmt.Errorf("raw inserts: %w", err)
		}
		fmt.Printf("%-34s %10d %10.0f %10s %10s %12s\n", "raw SQLite insert, synchronous="+sync, r.n, r.rate, r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), "(baseline)")
	}
	var noop float64
	rates := map[string]float64{}
	for i, sc := range scenarios {
		if i > 0 && !strings.Contains(sc.name, *only) {
			continue
		}
		do, err := sc.prepare()
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		r, err := load(*concurrency, *duration, clients, do)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		if noop == 0 {
			noop = r.rate
		}
		rates[sc.name] = r.rate
		fmt.Printf("%-34s %10d %10.0f %10s %10s %11.3fx\n", sc.name, r.n, r.rate, r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.rate/noop)
	}
	printProgramRatio(rates)
	if strings.Contains("dosing window, dosing list, dosing lookup", *only) {
		if err := dosingBench(ctx, store, base, *concurrency, *dosingMembers, *duration, noop); err != nil {
			return fmt.Errorf("dosing: %w", err)
		}
	}
	if strings.Contains(scenarioCaseload16, *only) {
		if err := caseloadBench(ctx, store, base, *duration); err != nil {
			return fmt.Errorf("%s: %w", scenarioCaseload16, err)
		}
	}
	if strings.Contains("notification deliveries", *only) {
		if err := deliveryBench(ctx, store, *backlog); err != nil {
			return fmt.Errorf("notification deliveries: %w", err)
		}
	}
	return nil
}

// addMembers creates n member accounts sharing one password hash (hashing
// n times would only slow the set-up).
func addMembers(ctx context.Context, store *sqlstore.Store, n int) ([]string, error) {
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	emails := make([]string, n)
	err = store.Write(ctx, func(tx *sqlstore.Tx) error {
		for i := range emails {
			emails[i] = fmt.Sprintf("member%d@bench.onward", i)
			u := &onward.User{Email: emails[i], DisplayName: fmt.Sprintf("Member %d", i), Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return err
			}
		}
		return nil
	})
	return emails, err
}

// onwardApp is the use cases the server runs on, for a scenario that sets
// up what only they can (sealed two-step keys).
var onwardApp *app.App

// startServer serves Onward and a no-op handler from one http.Server.
func startServer(store *sqlstore.Store) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	// Each client comes from an address of its own (X-Forwarded-For, as
	// behind a proxy), as people do: the sign-in limits count per address.
	cfg := config.Config{Addr: ln.Addr().String(), BaseURL: "http://" + ln.Addr().String(), Country: "US", QuickExitURL: "https://weather.com/",
		TrustProxy: true}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	onwardApp = app.New(app.Deps{Store: store, Log: log, BaseURL: cfg.BaseURL})
	onwardHandler, err := web.New(cfg, web.Deps{App: onwardApp, Store: store, Log: log})
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bench/noop", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	mux.Handle("/", onwardHandler)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// newClient is a browser at its own address, the n-th.
func newClient(n int) *http.Client {
	jar, _ := cookiejar.New(nil)
	addr := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport:     fromAddress{addr, &http.Transport{MaxIdleConnsPerHost: 4}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// fromAddress sends requests as if from addr, through a trusted proxy.
type fromAddress struct {
	addr string
	next http.RoundTripper
}

func (f fromAddress) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return f.next.RoundTrip(r)
}

func signedInClients(base string, emails []string) ([]*http.Client, error) {
	clients := make([]*http.Client, len(emails))
	for i, e := range emails {
		clients[i] = newClient(i)
		if err := signIn(clients[i], base, e); err != nil {
			return nil, fmt.Errorf("sign in %s: %w", e, err)
		}
	}
	return clients, nil
}

func get(c *http.Client, u string) error {
	res, err := c.Get(u)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", u, res.StatusCode)
	}
	return nil
}

// csrfCookie is the client's anti-forgery cookie for base, "" when none.
func csrfCookie(c *http.Client, base string) string {
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "csrf" {
			return ck.Value
		}
	}
	return ""
}

// signIn posts the sign-in form as a browser would, with the anti-forgery
// token from its cookie (fetched once per client).
func signIn(c *http.Client, base, email string) error {
	csrf := csrfCookie(c, base)
	if csrf == "" {
		if err := get(c, base+"/signin"); err != nil {
			return err
		}
		return signIn(c, base, email)
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {csrf}}
	res, err := c.Post(base+"/signin", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign-in: status %d", res.StatusCode)
	}
	return nil
}

type result struct {
	n        int
	rate     float64
	p50, p99 time.Duration
}

// worker is one request of a scenario, made by worker number w.
type worker func(c *http.Client, w int) error

// load runs do from `concurrency` workers for d and measures each call.
func load(concurrency int, d time.Duration, clients []*http.Client, do worker) (result, error) {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		all      []time.Duration
		firstErr atomic.Pointer[error]
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if err := do(clients[w], w); err != nil {
					firstErr.CompareAndSwap(nil, &err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	if err := firstErr.Load(); err != nil {
		return result{}, *err
	}
	if len(all) == 0 {
		return result{}, errors.New("no request completed")
	}
	elapsed := time.Since(start)
	slices.Sort(all)
	return result{n: len(all), rate: float64(len(all)) / elapsed.Seconds(),
		p50: all[len(all)/2], p99: all[len(all)*99/100]}, nil
}
