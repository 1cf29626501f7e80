// Package app holds Onward's use cases: every operation a person can do.
// Each opens its transaction, makes the one access decision about anyone
// else's data (access.go), calls the pure rules of the domain packages and
// the store, and returns domain values and error codes (never sentences
// and never HTTP types). internal/web's HTML and JSON handlers of one
// feature call the same function here.
package app

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// App is the use cases over one store. Build it with New.
type App struct {
	store   *sqlstore.Store
	now     func() time.Time
	log     *slog.Logger
	mailer  notify.Mailer
	hasher  *auth.Hasher
	secrets *auth.Keyring
	baseURL string
	later   background
	// statePolicy is the state's take-home policy, stricter than the
	// federal ceiling (nil: none).
	statePolicy medication.Policy
	// pushEndpoints are the Web Push services a browser may subscribe with.
	pushEndpoints notify.PushEndpoints
	// tokens is what API tokens were found to stand for; nil where another
	// server process may revoke them (tokens_cache.go).
	tokens *tokenCache
}

// Deps are what the use cases need; zero fields get defaults.
type Deps struct {
	Store   *sqlstore.Store
	Now     func() time.Time
	Log     *slog.Logger
	Mailer  notify.Mailer // account email: links to confirm an address or reset a password
	Hashing *auth.Params  // argon2id cost; tests lower it
	// Secrets seals the secrets kept in the database (two-step sign-in
	// keys). Without it the keys live as long as the process: tests only.
	Secrets *auth.Keyring
	BaseURL string // the public URL, for links in email
	// TakeHomePolicy is the state's methadone take-home policy, from the
	// configuration (docs/medication.md); nil for none.
	TakeHomePolicy medication.Policy
	// PushEndpoints checks the Web Push services browsers subscribe with
	// (the configuration's push services); zero allows any public one.
	PushEndpoints notify.PushEndpoints
}

// New returns the use cases over d.Store.
func New(d Deps) *App {
	a := &App{store: d.Store, now: d.Now, log: d.Log, mailer: d.Mailer, secrets: d.Secrets, baseURL: strings.TrimRight(d.BaseURL, "/"),
		statePolicy: d.TakeHomePolicy, pushEndpoints: d.PushEndpoints}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.mailer == nil {
		a.mailer = notify.LogMailer{Log: a.log}
	}
	hashing := auth.DefaultParams
	if d.Hashing != nil {
		hashing = *d.Hashing
	}
	a.hasher = auth.NewHasher(hashing, runtime.GOMAXPROCS(0))
	if a.secrets == nil {
		a.secrets, _ = auth.NewKeyring(auth.NewSecretKey())
	}
	a.later = newBackground()
	if d.Store != nil && d.Store.Dialect() == "sqlite" {
		a.tokens = &tokenCache{}
	}
	return a
}

// PasswordHashes counts the password hashes computed, for the metrics.
func (a *App) PasswordHashes() uint64 { return a.hasher.Computed() }

// Clock is a person's own time: their time zone, the moment and the
// calendar day there.
type Clock struct {
	Location *time.Location
	Now      time.Time
	Today    recovery.Date
}

// ClockOf returns the clock of someone in the named time zone (UTC when
// the name is unknown).
func (a *App) ClockOf(timeZone string) Clock {
	loc := Location(timeZone)
	now := a.now().In(loc)
	return Clock{Location: loc, Now: now, Today: recovery.DateOf(now, loc)}
}

// locations caches loaded time zones: loading one parses its zone file,
// and nearly every member request needs the member's.
var locations sync.Map

// Location returns the named time zone, UTC when unknown.
func Location(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// Ready reports whether the database answers and is migrated, for the
// load balancer's probe.
func (a *App) Ready(ctx context.Context) error { return a.store.Ready(ctx) }
