package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/directory"
)

// BenchmarkSearchPrograms is a 50 km search with two filters around a
// city, among 20,000 programs.
func BenchmarkSearchPrograms(b *testing.B) {
	s := openBenchStore(b)
	if _, err := s.ImportPrograms(context.Background(), directory.SyntheticPrograms(20000)); err != nil {
		b.Fatal(err)
	}
	q := ProgramSearch{Lat: directory.SyntheticCentres[0][0], Lng: directory.SyntheticCentres[0][1], RadiusKm: 50,
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
	if _, err := s.ImportPrograms(context.Background(), directory.SyntheticPrograms(20000)); err != nil {
		b.Fatal(err)
	}
	q := ProgramSearch{Lat: directory.SyntheticCentres[0][0], Lng: directory.SyntheticCentres[0][1], RadiusKm: 50}
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
	rows := directory.SyntheticPrograms(20000)
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
	keys, err := audit.NewKeys()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.OpenAuditLog(ctx, keys); err != nil {
		b.Fatal(err)
	}
	return s
}
