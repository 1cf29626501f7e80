// Package web is Onward's HTTP surface: HTML pages that work without
// JavaScript, the JSON API under /api/v1, and the operational endpoints.
// routes.go lists every route in one place.
package web

import (
	"database/sql"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/crisis"
)

// Server holds what the handlers need. Build it with New.
type Server struct {
	cfg      config.Config
	app      *app.App
	log      *slog.Logger
	now      func() time.Time
	crisis   crisis.Country
	pages    map[string]map[string]*template.Template // locale -> page -> template
	assets   *assets
	metrics  *metrics
	registry *prometheus.Registry
	handler  http.Handler
}

// Database is what the server reads of the database itself: its pool,
// for the metrics. Everything else goes through the use cases.
type Database interface {
	DB() *sql.DB
	Dialect() string
}

// Deps are the dependencies of a Server; zero fields other than App get
// defaults.
type Deps struct {
	App   *app.App // the use cases; required
	Store Database // the database under App, for the pool's metrics; nil: none
	Log   *slog.Logger
	Now   func() time.Time
}

// New builds the server and its routes.
func New(cfg config.Config, d Deps) (*Server, error) {
	if d.App == nil {
		return nil, errors.New("web: the use cases (Deps.App) are required")
	}
	s := &Server{cfg: cfg, app: d.App, log: d.Log, now: d.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
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
