package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// finderScenario loads n generated treatment programs into store and
// returns one request of the scenario "program search, 50 km, two filters,
// through the HTTP API", to run beside the no-op handler: programs that
// offer buprenorphine and take Medicaid within 50 km of one of the cities
// (by worker number), nearest first. base is the server's address. The
// programs are directory.SyntheticPrograms.
func finderScenario(ctx context.Context, store *sqlstore.Store, base string, n int) (worker, error) {
	rep, err := store.ImportPrograms(ctx, directory.SyntheticPrograms(n))
	if err != nil {
		return nil, fmt.Errorf("load %d programs: %w", n, err)
	}
	if rep.New != n {
		return nil, fmt.Errorf("loaded %d of %d programs: the database was not empty", rep.New, n)
	}
	urls := make([]string, len(directory.SyntheticCentres))
	for i, c := range directory.SyntheticCentres {
		q := url.Values{"near": {fmt.Sprintf("%.2f,%.2f", c[0], c[1])}, "radius_km": {"50"},
			"medication": {"buprenorphine"}, "payment": {"medicaid"}}
		urls[i] = base + "/api/v1/programs?" + q.Encode()
	}
	return func(c *http.Client, worker int) error { return get(c, urls[worker%len(urls)]) }, nil
}
