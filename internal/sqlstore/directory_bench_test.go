package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/directory"
)

// benchCentres are places where generated programs cluster, as real ones
// do around cities; Springfield, Illinois is the first.
var benchCentres = [][2]float64{
	{39.78, -89.65}, {41.88, -87.63}, {40.71, -74.01}, {34.05, -118.24}, {29.76, -95.37},
	{33.45, -112.07}, {39.95, -75.17}, {32.78, -96.80}, {37.77, -122.42}, {47.61, -122.33},
	{39.74, -104.99}, {42.36, -71.06}, {36.16, -86.78}, {38.25, -85.76}, {39.10, -84.51},
}

// generatePrograms makes n programs, deterministically: half clustered
// around benchCentres (about 30 km across), half spread over the
// contiguous United States, each with a random mix of what programs offer.
func generatePrograms(n int) []directory.Program {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(all []string) []string {
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
			c := benchCentres[i/2%len(benchCentres)]
			lat, lng = c[0]+r.NormFloat64()*0.25, c[1]+r.NormFloat64()*0.3
		}
		programs[i] = directory.Program{Source: "bench", SourceID: fmt.Sprint(i), Name: fmt.Sprintf("Program %d", i),
			Street: "1 Example Street", City: "Example", State: "IL", Zip: "62701", Country: "US",
			Phone: "217-555-0100", Lat: lat, Lng: lng, Languages: []string{"en"},
			Levels:      asTyped[directory.Level](pick(asStrings(directory.Levels()))),
			Medications: asTyped[directory.Medication](pick(asStrings(directory.Medications()))),
			Payments:    asTyped[directory.Payment](pick(asStrings(directory.Payments())))}
	}
	return programs
}

func asTyped[T ~string](values []string) []T {
	var out []T
	for _, v := range values {
		out = append(out, T(v))
	}
	return out
}

// BenchmarkSearchPrograms is a 50 km search with two filters around a
// city, among 20,000 programs.
func BenchmarkSearchPrograms(b *testing.B) {
	s := openBenchStore(b)
	if _, err := s.ImportPrograms(context.Background(), generatePrograms(20000)); err != nil {
		b.Fatal(err)
	}
	q := ProgramSearch{Lat: benchCentres[0][0], Lng: benchCentres[0][1], RadiusKm: 50,
		Medications: []directory.Medication{directory.MedicationBuprenorphine},
		Payments:    []directory.Payment{directory.PaymentMedicaid}}
	res, err := s.SearchPrograms(context.Background(), q)
	if err != nil || res.Total == 0 {
		b.Fatalf("the benchmark search finds nothing: %v", err)
	}
	for b.Loop() {
		if _, err := s.SearchPrograms(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Total), "matches")
}

// BenchmarkSearchProgramsUnfiltered is a 50 km search around a city with
// no filter: hundreds of programs in the box, the nearest 50 read in full.
func BenchmarkSearchProgramsUnfiltered(b *testing.B) {
	s := openBenchStore(b)
	if _, err := s.ImportPrograms(context.Background(), generatePrograms(20000)); err != nil {
		b.Fatal(err)
	}
	q := ProgramSearch{Lat: benchCentres[0][0], Lng: benchCentres[0][1], RadiusKm: 50}
	var res ProgramResults
	for b.Loop() {
		var err error
		if res, err = s.SearchPrograms(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Total), "matches")
}

// BenchmarkImportPrograms imports 20,000 programs into an empty directory
// in one transaction.
func BenchmarkImportPrograms(b *testing.B) {
	rows := generatePrograms(20000)
	for b.Loop() {
		b.StopTimer()
		s := openBenchStore(b)
		b.StartTimer()
		if _, err := s.ImportPrograms(context.Background(), rows); err != nil {
			b.Fatal(err)
		}
	}
}

// openBenchStore is openTestStore for benchmarks: a fresh SQLite file, or a
// fresh schema when ONWARD_TEST_POSTGRES is set.
func openBenchStore(b *testing.B) *Store {
	b.Helper()
	ctx := context.Background()
	dsn := filepath.Join(b.TempDir(), "bench.db")
	if pg := os.Getenv("ONWARD_TEST_POSTGRES"); pg != "" {
		schema := fmt.Sprintf("bench_%d_%d", os.Getpid(), schemaSeq.Add(1))
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() })
		sep := "?"
		if strings.Contains(pg, "?") {
			sep = "&"
		}
		dsn = pg + sep + "search_path=" + schema
	}
	s, err := Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return s
}
