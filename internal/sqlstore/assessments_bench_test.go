package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// BenchmarkAssessments measures a member's assessment reads and the write
// of one, beside the store's own limit in the same run: a bare one-row
// insert through the same group commit. The member has two years of weekly
// PHQ-9, GAD-7 and BAM and a withdrawal's SOWS every four hours (about 400
// results), among 50 members with the same.
//
//	go test ./internal/sqlstore -run '^$' -bench Assessments -benchtime 2s
func BenchmarkAssessments(b *testing.B) {
	s := openBenchStore(b)
	ctx := context.Background()
	now := time.Now()
	var member *onward.User
	phq := map[string]int{"1": 1, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}
	for m := range 50 {
		u := &onward.User{Email: fmt.Sprintf("m%d@example.com", m), DisplayName: "Bench", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
		member = u
		err := s.Write(ctx, func(tx *Tx) error {
			if err := tx.CreateUser(ctx, u, "hash"); err != nil {
				return err
			}
			_, d, err := tx.decide(ctx, onward.Principal{UserID: u.ID, Role: u.Role}, u.ID, onward.ActionWrite,
				[]onward.Category{onward.CategoryAssessments})
			if err != nil {
				return err
			}
			for w := range 104 {
				for _, inst := range []string{"phq9", "gad7", "bam"} {
					a := &onward.Assessment{UserID: u.ID, Instrument: inst, Answers: phq, Total: 3, Band: "minimal", Flags: []string{},
						TakenAt: now.Add(-time.Duration(w) * 7 * 24 * time.Hour), RecordedBy: u.ID, RecordedByRole: onward.RoleMember}
					if w == 3 && inst == "phq9" {
						a.Flags = []string{SafetyFlag}
					}
					if _, err := tx.AddAssessment(ctx, d, a); err != nil {
						return err
					}
				}
			}
			for h := range 90 {
				a := &onward.Assessment{UserID: u.ID, Instrument: "sows", Answers: map[string]int{"1": 2}, Total: 30, Flags: []string{},
					TakenAt: now.Add(-time.Duration(h) * 4 * time.Hour), RecordedBy: u.ID, RecordedByRole: onward.RoleMember}
				if _, err := tx.AddAssessment(ctx, d, a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	own := onward.Principal{UserID: member.ID, Role: member.Role}
	read := func(fn func(*Reader) error) {
		if err := s.ReadAccess(ctx, own, member.ID, []onward.Category{onward.CategoryAssessments}, fn); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("ReadAll", func(b *testing.B) {
		for b.Loop() {
			read(func(r *Reader) error {
				list, err := r.Assessments(ctx, "")
				if len(list) != 402 {
					b.Fatalf("%d assessments, want 402", len(list))
				}
				return err
			})
		}
	})
	b.Run("SafetyFlagsSince", func(b *testing.B) {
		since := now.Add(-365 * 24 * time.Hour)
		for b.Loop() {
			read(func(r *Reader) error {
				list, err := r.SafetyFlagsSince(ctx, since)
				if len(list) != 1 {
					b.Fatalf("%d flagged, want 1", len(list))
				}
				return err
			})
		}
	})
	b.Run("Record", func(b *testing.B) {
		for b.Loop() {
			err := s.Write(ctx, func(tx *Tx) error {
				_, d, err := tx.decide(ctx, own, member.ID, onward.ActionWrite, []onward.Category{onward.CategoryAssessments})
				if err != nil {
					return err
				}
				if _, err := tx.LatestAssessmentOf(ctx, d, member.ID, "phq9"); err != nil {
					return err
				}
				_, err = tx.AddAssessment(ctx, d, &onward.Assessment{UserID: member.ID, Instrument: "phq9", Answers: phq, Total: 3,
					Band: "minimal", Flags: []string{}, TakenAt: now, RecordedBy: member.ID, RecordedByRole: onward.RoleMember})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("BareInsert", func(b *testing.B) {
		if err := s.Write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "CREATE TABLE IF NOT EXISTS bench_rows (id TEXT PRIMARY KEY, v INTEGER NOT NULL)")
			return err
		}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := s.Write(ctx, func(tx *Tx) error {
				_, err := tx.exec(ctx, "INSERT INTO bench_rows (id, v) VALUES (?, ?)", newID(), 1)
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
