package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/directory"
)

// BenchmarkCaseload loads a program of 10,000 enrolled members with a year
// of daily check-ins each (3.65 million rows) and reads the caseload of a
// clinician with 500 of them, reporting p50 and p95 per read. Run it with
//
//	go test ./internal/sqlstore -run '^$' -bench Caseload -benchtime 200x
//
// (add ONWARD_TEST_POSTGRES for PostgreSQL). Loading takes a minute or two.
func BenchmarkCaseload(b *testing.B) {
	s, clk := openTestStore(b)
	ctx := context.Background()
	const members, perClinician, days = 10000, 500, 365
	programID, clinicianID := loadBenchProgram(b, s, members, perClinician, days, clk.now())
	b.Logf("loaded %d members with %d days of check-ins", members, days)
	plans, err := s.ExplainCaseload(ctx, programID, CaseloadScope{StaffID: clinicianID})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range plans {
		b.Logf("plan of %s", p)
	}
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		rows, err := s.Caseload(ctx, programID, CaseloadScope{StaffID: clinicianID})
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != perClinician {
			b.Fatalf("caseload of %d members, want %d", len(rows), perClinician)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// loadBenchProgram writes the program in bulk with plain SQL: the point is
// the read, and the write path is measured elsewhere.
func loadBenchProgram(b *testing.B, s *Store, members, perClinician, days int, now time.Time) (programID, clinicianID string) {
	b.Helper()
	ctx := context.Background()
	at := s.dialect.timeValue(now)
	err := s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.ImportPrograms(ctx, directory.DemoPrograms()[:1]); err != nil {
			return err
		}
		var err error
		p := directory.DemoPrograms()[0]
		if programID, err = tx.ProgramID(ctx, p.Source, p.SourceID); err != nil {
			return err
		}
		clinicianID = newID()
		if _, err := tx.exec(ctx, `INSERT INTO users (id, email, display_name, role, password_hash, created_at, updated_at)
			VALUES (?, 'bench-clinician@example.com', 'Clinician', 'clinician', 'x', ?, ?)`, clinicianID, at, at); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO program_staff (program_id, user_id, created_at) VALUES (?, ?, ?)", programID, clinicianID, at)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	const batch = 50
	for start := 0; start < members; start += batch {
		err := s.Write(ctx, func(tx *Tx) error {
			for i := start; i < min(start+batch, members); i++ {
				id, enrolment := newID(), newID()
				if _, err := tx.exec(ctx, `INSERT INTO users (id, email, display_name, role, password_hash, created_at, updated_at)
					VALUES (?, ?, ?, 'member', 'x', ?, ?)`, id, fmt.Sprintf("m%d@example.com", i), fmt.Sprintf("Member %05d", i), at, at); err != nil {
					return err
				}
				if _, err := tx.exec(ctx, `INSERT INTO enrolments (id, program_id, member_id, status, created_at, started_at)
					VALUES (?, ?, ?, 'active', ?, ?)`, enrolment, programID, id, at, at); err != nil {
					return err
				}
				if i < perClinician {
					if _, err := tx.exec(ctx, "INSERT INTO care_team (enrolment_id, staff_id, added_at) VALUES (?, ?, ?)", enrolment, clinicianID, at); err != nil {
						return err
					}
				}
				if i%7 == 0 {
					if _, err := tx.exec(ctx, "INSERT INTO member_events (member_id, code, at) VALUES (?, ?, ?)", id, caseload.FlagLapse, at); err != nil {
						return err
					}
				}
				var sb strings.Builder
				args := make([]any, 0, days*6)
				sb.WriteString("INSERT INTO checkins (" + checkInColumns + ") VALUES ")
				for d := range days {
					if d > 0 {
						sb.WriteString(", ")
					}
					sb.WriteString("(?, ?, ?, 3, 2, NULL, 3, 2, 2, 2, false, false, NULL, false, false, false, false, false, false, '', '', 1, ?, ?)")
					day := today.AddDate(0, 0, -d-(i%5)).Format(time.DateOnly)
					args = append(args, newID(), id, day, at, at)
				}
				q := sb.String()
				if s.dialect == sqlite {
					q = strings.ReplaceAll(q, "false", "0")
				}
				// Once each: not for the store's prepared statements.
				run := tx.exec
				if tx.tx != nil {
					run = func(ctx context.Context, q string, args ...any) (sql.Result, error) {
						return tx.tx.ExecContext(ctx, tx.dialect.rebind(q), args...)
					}
				}
				if _, err := run(ctx, q, args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return programID, clinicianID
}
