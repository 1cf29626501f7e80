package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"

	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// finderCentres are cities where the generated programs cluster, as real
// programs do; the searches go around them, where a 50 km circle holds
// the most programs.
var finderCentres = [][2]float64{
	{39.78, -89.65}, {41.88, -87.63}, {40.71, -74.01}, {34.05, -118.24}, {29.76, -95.37},
	{33.45, -112.07}, {39.95, -75.17}, {32.78, -96.80}, {37.77, -122.42}, {47.61, -122.33},
	{39.74, -104.99}, {42.36, -71.06}, {36.16, -86.78}, {38.25, -85.76}, {39.10, -84.51},
}

// finderScenario loads n generated treatment programs into store and
// returns one request of the scenario "program search, 50 km, two filters,
// through the HTTP API", to run beside the no-op handler: programs that
// offer buprenorphine and take Medicaid within 50 km of one of the cities
// (by worker number), nearest first. base is the server's address. It fits
// a scenario's prepare step, for example
//
//	{"program search, 50 km, 20k programs", func() (worker, error) { return finderScenario(ctx, store, base, 20000) }},
//
// The programs are generated deterministically: half clustered around
// finderCentres (about 30 km across), half spread over the contiguous
// United States, each with a random mix of levels, medications and
// payments, so a search finds tens of programs among hundreds in its box.
func finderScenario(ctx context.Context, store *sqlstore.Store, base string, n int) (func(*http.Client, int) error, error) {
	rep, err := store.ImportPrograms(ctx, finderPrograms(n))
	if err != nil {
		return nil, fmt.Errorf("load %d programs: %w", n, err)
	}
	if rep.New != n {
		return nil, fmt.Errorf("loaded %d of %d programs: the database was not empty", rep.New, n)
	}
	urls := make([]string, len(finderCentres))
	for i, c := range finderCentres {
		q := url.Values{"near": {fmt.Sprintf("%.2f,%.2f", c[0], c[1])}, "radius_km": {"50"},
			"medication": {"buprenorphine"}, "payment": {"medicaid"}}
		urls[i] = base + "/api/v1/programs?" + q.Encode()
	}
	return func(c *http.Client, worker int) error { return get(c, urls[worker%len(urls)]) }, nil
}

// finderPrograms makes n valid programs, the same on every run.
func finderPrograms(n int) []directory.Program {
	r := rand.New(rand.NewPCG(1, 2))
	some := func(all []string) []string {
		var out []string
		for _, v := range all {
			if r.IntN(3) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	programs := make([]directory.Program, n)
	for i := range programs {
		lat, lng := 25+r.Float64()*24, -124+r.Float64()*57
		if i%2 == 0 {
			c := finderCentres[i/2%len(finderCentres)]
			lat, lng = c[0]+r.NormFloat64()*0.25, c[1]+r.NormFloat64()*0.3
		}
		programs[i] = directory.Program{Source: "bench", SourceID: fmt.Sprint(i), Name: fmt.Sprintf("Program %d", i),
			Street: "1 Example Street", City: "Example", State: "IL", Zip: "62701", Country: "US",
			Phone: "217-555-0100", Lat: lat, Lng: lng, Languages: []string{"en"},
			Levels:      finderTyped[directory.Level](some(finderNames(directory.Levels()))),
			Medications: finderTyped[directory.Medication](some(finderNames(directory.Medications()))),
			Payments:    finderTyped[directory.Payment](some(finderNames(directory.Payments())))}
	}
	return programs
}

func finderNames[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func finderTyped[T ~string](values []string) []T {
	out := make([]T, len(values))
	for i, v := range values {
		out[i] = T(v)
	}
	return out
}
