// Package web is Onward's HTTP surface: HTML pages that work without
// JavaScript, the JSON API under /api/v1, and the operational endpoints.
// routes.go lists every route in one place.
package web

import (
	"database/sql"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/crisis"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Server holds what the handlers need. Build it with New.
type Server struct {
	cfg      config.Config
	app      *app.App
	store    *sqlstore.Store
	mailer   notify.Mailer
	log      *slog.Logger
	now      func() time.Time
	crisis   crisis.Country
	pages    map[string]map[string]*template.Template // locale -> page -> template
	assets   *assets
	metrics  *metrics
	registry *prometheus.Registry
	handler  http.Handler
}

// Deps are the dependencies of a Server; zero fields get defaults.
type Deps struct {
	App     *app.App // the use cases; built over Store when nil
	Store   *sqlstore.Store
	Mailer  notify.Mailer
	Log     *slog.Logger
	Now     func() time.Time
	Hashing *auth.Params // argon2id cost; tests lower it
}

// New builds the server and its routes.
func New(cfg config.Config, d Deps) (*Server, error) {
	s := &Server{cfg: cfg, app: d.App, store: d.Store, mailer: d.Mailer, log: d.Log, now: d.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.mailer == nil {
		s.mailer = notify.LogMailer{Log: s.log}
	}
	if s.app == nil {
		s.app = app.New(app.Deps{Store: d.Store, Now: s.now, Log: s.log, Mailer: s.mailer, Hashing: d.Hashing, BaseURL: cfg.BaseURL,
			TakeHomePolicy: cfg.TakeHomePolicy})
	}
	var ok bool
	if s.crisis, ok = crisis.For(cfg.Country); !ok {
		s.crisis, _ = crisis.For("US")
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.registry = prometheus.NewRegistry()
	var db *sql.DB
	var dialect string
	if d.Store != nil {
		db, dialect = d.Store.DB(), d.Store.Dialect()
	}
	s.metrics = newMetrics(s.registry, db, dialect, s.app.PasswordHashes)
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
