package web

import (
	"database/sql"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newMetrics registers the request metrics, the process's, the database
// pool's (when db is given) and passwordHashes: the argon2id computations
// made, each 64 MiB and a fraction of a core (sign-in load, and the cost
// of a guessing attack the limits refuse before hashing).
func newMetrics(reg *prometheus.Registry, db *sql.DB, dialect string, passwordHashes func() uint64) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onward_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "onward_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "onward_password_hashes_total", Help: "Password hashes computed (argon2id), for sign-ins, sign-ups and password changes.",
		}, func() float64 { return float64(passwordHashes()) }))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, dialect))
	}
	return m
}

func (m *metrics) observe(route, method string, status int, elapsed time.Duration) {
	if status == 0 {
		status = 200
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(elapsed.Seconds())
}
