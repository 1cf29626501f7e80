// Command bench measures Onward under concurrent load on this machine, side
// by side with the machine's own limits measured in the same run: a no-op
// handler served by the same HTTP server, and raw single-row insert
// transactions (on SQLite at synchronous=NORMAL and FULL, and group
// committed at FULL behind a minimal HTTP handler; on PostgreSQL through
// pgx at the store's pool size, without and with HTTP). Each Onward row is
// printed as a ratio of the no-op rate and, for durable writes, of the
// write limit. The machines are shared and noisy: compare ratios, not
// absolute numbers.
//
//	go run ./bench [-c 64] [-d 5s] [-runs 3] [-db path|postgres://...] [-only TEXT] [-cpuprofile DIR]
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

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/audit"
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

// storePoolSize is the store's PostgreSQL pool size (sqlstore.Open): the
// raw pgx limit is measured with the same number of connections.
const storePoolSize = 16

// scenario is one row of the table.
type scenario struct {
	name string
	// kind says what the row is read against.
	kind scenarioKind
	// prepare returns the request to repeat; it runs before the first run,
	// or before every run when again is set.
	prepare func() (worker, error)
	again   bool
	// direct, for a limit measured without HTTP, replaces prepare.
	direct func(concurrency int, d time.Duration) (result, error)
}

type scenarioKind int

const (
	pageOrAPI    scenarioKind = iota // read against the no-op
	noop                             // the HTTP ceiling of this set-up
	writeLimit                       // the machine's durable write limit, read against by the writes
	rawLimit                         // another raw limit, for reference
	durableWrite                     // an Onward write, read against the write limit
)

func run() error {
	concurrency := flag.Int("c", 64, "concurrent clients")
	duration := flag.Duration("d", 5*time.Second, "duration of each run of a scenario")
	runs := flag.Int("runs", 1, "runs of each scenario; the table gives the median of each figure")
	dsn := flag.String("db", "", "database: a SQLite path or postgres:// URL of an empty database (default: a new temporary SQLite file)")
	only := flag.String("only", "", "run only the scenarios whose name contains this text, or one of these texts separated by | (the no-op and the limits always run; \"notification deliveries\" runs that benchmark alone)")
	profileDir := flag.String("cpuprofile", "", "write a CPU profile of each scenario's first run to this directory (one file per scenario)")
	backlog := flag.Int("backlog", 30000, "reminder deliveries queued for the notification deliveries scenario")
	dosingMembers := flag.Int("dosing-members", 300, "members at the program's dosing window in the dosing scenarios")
	flag.Parse()
	if *runs < 1 || *concurrency < 1 {
		return errors.New("-runs and -c must be at least 1")
	}
	if *profileDir != "" {
		if err := os.MkdirAll(*profileDir, 0o755); err != nil {
			return err
		}
	}
	ctx := context.Background()

	tmp, err := os.MkdirTemp("", "onward-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if *dsn == "" {
		*dsn = filepath.Join(tmp, "bench.db")
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
	fmt.Fprintf(os.Stderr, "setting up %d members with %d days of history ...\n", *concurrency, historyDays)
	people, err := addMembers(ctx, store, *concurrency)
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	base, stopServer, err := startServer(store, mux)
	if err != nil {
		return err
	}
	defer stopServer()
	var stops []func()
	defer func() { stopAll(stops) }()

	postgres := store.Dialect() == "postgres"
	var limits []scenario
	if postgres {
		h, stop, err := pgInsertHandler(*dsn, storePoolSize)
		if err != nil {
			return fmt.Errorf("raw PostgreSQL: %w", err)
		}
		stops = append(stops, stop)
		mux.Handle("POST /bench/insert", h)
		limits = []scenario{
			{name: fmt.Sprintf("raw pgx single-row transaction, pool %d (no HTTP)", storePoolSize), kind: writeLimit,
				direct: func(c int, d time.Duration) (result, error) { return rawPostgres(*dsn, storePoolSize, c, d) }},
			{name: fmt.Sprintf("one pgx insert transaction per request, pool %d (HTTP)", storePoolSize), kind: rawLimit,
				prepare: ready(postInsert(base, "/bench/insert"))},
		}
	} else {
		h, stop, err := groupInsertHandler(tmp)
		if err != nil {
			return fmt.Errorf("group-committed insert: %w", err)
		}
		stops = append(stops, stop)
		mux.Handle("POST /bench/insert", h)
		limits = []scenario{
			{name: "group-committed insert, FULL, one per request (HTTP)", kind: writeLimit,
				prepare: ready(postInsert(base, "/bench/insert"))},
			{name: "raw SQLite insert, synchronous=NORMAL (no HTTP)", kind: rawLimit,
				direct: func(c int, d time.Duration) (result, error) { return rawSQLite(tmp, "NORMAL", c, d) }},
			{name: "raw SQLite insert, synchronous=FULL (no HTTP)", kind: rawLimit,
				direct: func(c int, d time.Duration) (result, error) { return rawSQLite(tmp, "FULL", c, d) }},
		}
	}

	storeWrite, err := storeWrites(ctx, store, people.real)
	if err != nil {
		return err
	}
	limits = append(limits, scenario{name: "store write: one row, 3 audit entries (no HTTP)", kind: rawLimit, direct: storeWrite})

	fmt.Fprintf(os.Stderr, "signing in %d members ...\n", *concurrency)
	clients, err := signedInClients(base, people.real)
	if err != nil {
		return err
	}
	tokens, err := memberTokens(ctx, store, people.real)
	if err != nil {
		return err
	}
	emptyTokens, err := memberTokens(ctx, store, people.empty)
	if err != nil {
		return err
	}
	scenarios := append([]scenario{
		{name: "no-op handler (same server)", kind: noop, prepare: ready(func(c *http.Client, _ int) error { return get(c, base+"/bench/noop") })},
	}, limits...)
	scenarios = append(scenarios, []scenario{
		{name: "crisis page, visitor", prepare: ready(func(c *http.Client, _ int) error { return get(c, base+"/crisis") })},
		{name: "account page, signed in", prepare: ready(func(c *http.Client, _ int) error { return get(c, base+"/account") })},
		{name: "home page, member with history", prepare: ready(func(c *http.Client, _ int) error { return get(c, base+"/") })},
		{name: "check-in, JSON API, member with history", kind: durableWrite, prepare: ready(checkInAPI(base, tokens))},
		{name: "check-in, form, member with history", kind: durableWrite, again: true,
			// The API scenario moves the versions the form was opened on.
			prepare: func() (worker, error) { return checkInForm(ctx, store, base, people.real) }},
		{name: "check-in, JSON API, empty account (no start date, no history)", kind: durableWrite, prepare: ready(checkInAPI(base, emptyTokens))},
		{name: "PHQ-9 scoring, JSON API", prepare: ready(scorePHQ9(base))},
		{name: "program search, 50 km, 20k programs", prepare: func() (worker, error) { return finderScenario(ctx, store, base, 20000) }},
		{name: "sign-in (argon2id 64 MiB, t=3)", prepare: ready(func(c *http.Client, w int) error { return signIn(c, base, people.real[w]) })},
		{name: scenarioCaseload, prepare: func() (worker, error) { return program.caseload(ctx, store, base) }},
		{name: scenarioReport, prepare: func() (worker, error) { return program.report(ctx, store, base) }},
	}...)

	var noopRate float64
	rates := map[string]float64{}
	// -only deliveries runs the notification deliveries alone.
	if *only == "" || !strings.Contains("notification deliveries", *only) {
		var selected []scenario
		for _, sc := range scenarios {
			if (sc.kind == pageOrAPI || sc.kind == durableWrite) && !chosen(sc.name, *only) {
				continue
			}
			selected = append(selected, sc)
		}
		results, failed, err := measure(selected, *concurrency, *duration, *runs, clients, *profileDir, newCPUMeter(ctx, store))
		if err != nil {
			return err
		}
		fmt.Printf("Onward benchmark: %d concurrent clients, %s per run, median of %d run(s), %s database, %d CPUs, %s, load average %s\n",
			*concurrency, *duration, *runs, store.Dialect(), runtime.NumCPU(), runtime.Version(), loadAverage())
		fmt.Printf("Real members: %d, each with a recovery start date and %d days of check-ins; %d with a lapse (half of them 5 days ago), %d with supporters who see alerts, %d with automatic alerts.\n\n",
			len(people.real), historyDays, people.withLapse, people.withSupporters, people.autoAlert)
		printTable(selected, results, failed)
		for i, sc := range selected {
			rates[sc.name] = results[i].rate
			if sc.kind == noop {
				noopRate = results[i].rate
			}
		}
	}
	printProgramRatio(rates)
	if noopRate > 0 && strings.Contains("dosing window, dosing list, dosing lookup", *only) {
		if err := dosingBench(ctx, store, base, *concurrency, *dosingMembers, *duration, noopRate); err != nil {
			return fmt.Errorf("dosing: %w", err)
		}
	}
	if strings.Contains(scenarioCaseload16, *only) {
		if err := caseloadBench(ctx, store, base, *duration, *runs, *profileDir); err != nil {
			return fmt.Errorf("%s: %w", scenarioCaseload16, err)
		}
	}
	if strings.Contains("notification deliveries", *only) {
		stopProfile := func() {}
		if *profileDir != "" {
			if stopProfile, err = startProfile(filepath.Join(*profileDir, "notification-deliveries.pprof")); err != nil {
				return err
			}
		}
		err := deliveryBench(ctx, store, *backlog)
		stopProfile()
		if err != nil {
			return fmt.Errorf("notification deliveries: %w", err)
		}
	}
	return nil
}

// printTable prints the scenarios' medians as a Markdown table, each rate
// as a fraction of the no-op's and, for writes, of the write limit's.
func printTable(selected []scenario, results []result, failed []error) {
	fmt.Println("| scenario | req/s | p50 | p99 | vs no-op | vs write limit | CPU per request (this process + database server) |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var noopRate, limitRate float64
	for i, sc := range selected {
		switch sc.kind {
		case noop:
			noopRate = results[i].rate
		case writeLimit:
			limitRate = results[i].rate
		}
	}
	for i, sc := range selected {
		r := results[i]
		if failed[i] != nil {
			fmt.Printf("| %s | failed: %v | | | | | |\n", sc.name, failed[i])
			continue
		}
		vsNoop, vsLimit := "(ceiling)", ""
		if sc.kind != noop {
			vsNoop = ratio(r.rate / noopRate)
		}
		switch sc.kind {
		case writeLimit:
			vsLimit = "(limit)"
		case durableWrite, rawLimit:
			vsLimit = ratio(r.rate / limitRate)
		}
		fmt.Printf("| %s | %.0f | %s | %s | %s | %s | %s |\n", sc.name, r.rate, ms(r.p50), ms(r.p99), vsNoop, vsLimit, perRequest(r))
	}
}

// chosen reports whether a scenario's name contains one of the |-separated
// texts of -only.
func chosen(name, only string) bool {
	for _, text := range strings.Split(only, "|") {
		if strings.Contains(name, text) {
			return true
		}
	}
	return false
}

func ready(w worker) func() (worker, error) { return func() (worker, error) { return w, nil } }

// measure runs the scenarios in rounds, each scenario once per round, so
// that a busy spell of the shared machine falls on every scenario alike,
// and returns each scenario's medians. A scenario that fails is dropped
// from later rounds and reported by its error; the others go on. With a
// profile directory, the first round is CPU-profiled, one file per
// scenario.
func measure(scenarios []scenario, concurrency int, d time.Duration, runs int, clients []*http.Client, profileDir string, meter cpuMeter) ([]result, []error, error) {
	workers := make([]worker, len(scenarios))
	all := make([][]result, len(scenarios))
	failed := make([]error, len(scenarios))
	for round := 0; round < runs; round++ {
		for i, sc := range scenarios {
			if failed[i] != nil {
				continue
			}
			if sc.direct == nil && (workers[i] == nil || sc.again) {
				var err error
				if workers[i], err = sc.prepare(); err != nil {
					failed[i] = err
					continue
				}
			}
			stopProfile := func() {}
			if profileDir != "" && round == 0 {
				var err error
				if stopProfile, err = startProfile(filepath.Join(profileDir, slug(sc.name)+".pprof")); err != nil {
					return nil, nil, err
				}
			}
			var r result
			var err error
			before := meter.read()
			if sc.direct != nil {
				r, err = sc.direct(concurrency, d)
			} else {
				r, err = load(concurrency, d, clients, workers[i])
			}
			after := meter.read()
			r.cpu = cpuTime{self: after.self - before.self, db: after.db - before.db}
			stopProfile()
			if err != nil {
				fmt.Fprintf(os.Stderr, "round %d: %s: %v\n", round+1, sc.name, err)
				failed[i] = err
				continue
			}
			fmt.Fprintf(os.Stderr, "round %d: %s: %.0f req/s, p99 %s, CPU per request %s\n", round+1, sc.name, r.rate, ms(r.p99), perRequest(r))
			all[i] = append(all[i], r)
		}
	}
	medians := make([]result, len(scenarios))
	for i := range all {
		if failed[i] == nil {
			medians[i] = medianResult(all[i])
		}
	}
	return medians, failed, nil
}

// median takes the median of each figure separately.
func medianResult(rs []result) result {
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	// The CPU figures are the median run's per request, scaled to n.
	perReq := func(f func(r result) time.Duration) float64 {
		return pick(func(r result) float64 { return float64(f(r)) / float64(r.n) })
	}
	n := int(pick(func(r result) float64 { return float64(r.n) }))
	return result{
		n:    n,
		rate: pick(func(r result) float64 { return r.rate }),
		p50:  time.Duration(pick(func(r result) float64 { return float64(r.p50) })),
		p99:  time.Duration(pick(func(r result) float64 { return float64(r.p99) })),
		cpu: cpuTime{self: time.Duration(perReq(func(r result) time.Duration { return r.cpu.self }) * float64(n)),
			db: time.Duration(perReq(func(r result) time.Duration { return r.cpu.db }) * float64(n))},
	}
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// slug turns a scenario's name into a file name.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ratio prints r with two significant digits.
func ratio(r float64) string {
	if r >= 0.995 {
		return fmt.Sprintf("%.2f×", r)
	}
	return strings.TrimRight(fmt.Sprintf("%.2g", r), ".") + "×"
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

// onwardApp is the use cases the server runs on, for a scenario that sets
// up what only they can (sealed two-step keys).
var onwardApp *app.App

// startServer serves Onward, a no-op handler and whatever else the caller
// adds to mux from one http.Server.
func startServer(store *sqlstore.Store, mux *http.ServeMux) (string, func(), error) {
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
	return &http.Client{Jar: jar, Timeout: 2 * time.Minute,
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
	drain(res)
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
	cpu      cpuTime // used during the run (see cpu.go)
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

// drain reads and closes a response's body, so its connection is reused.
func drain(res *http.Response) {
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
}
