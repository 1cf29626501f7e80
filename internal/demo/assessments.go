package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// loadAssessments gives Maria questionnaires answered over her recovery:
// a PHQ-9 and a GAD-7 at the start and since, easing, and a BAM, each
// scored by the engine as Onward records it (docs/assessments.md).
func loadAssessments(ctx context.Context, tx *sqlstore.Tx, maria *onward.User) error {
	decision := policy.Decide(policy.Request{Viewer: onward.Principal{UserID: maria.ID, Role: maria.Role}, SubjectID: maria.ID,
		Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryAssessments}}, nil, tx.Now)
	d, err := tx.Record(ctx, decision)
	if err != nil {
		return err
	}
	answered := []struct {
		instrument string
		daysAgo    int
		answers    map[string]int
	}{
		{instrument.PHQ9, 70, items(9, 2, map[string]int{"9": 0})},
		{instrument.GAD7, 70, items(7, 2, nil)},
		{instrument.PHQ9, 40, items(9, 1, map[string]int{"2": 2, "9": 0})},
		{instrument.PHQ9, 10, items(9, 1, map[string]int{"1": 0, "3": 0, "9": 0})},
		{instrument.GAD7, 10, items(7, 1, nil)},
		{instrument.BAM, 10, map[string]int{"1": 2, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0, "8": 1, "9": 3, "10": 3, "11": 1,
			"12": 2, "13": 1, "14": 4, "15": 1, "16": 3, "17": 2}},
	}
	for i, a := range answered {
		def, _ := instrument.Get(a.instrument)
		result, err := def.Score(a.answers, instrument.Options{})
		if err != nil {
			return fmt.Errorf("demo %s: %w", a.instrument, err)
		}
		rec := &onward.Assessment{UserID: maria.ID, Instrument: a.instrument, Answers: a.answers, Total: result.Total,
			Subscales: result.Subscales, Flags: []string{}, TakenAt: tx.Now.Add(-time.Duration(a.daysAgo)*24*time.Hour - 3*time.Hour),
			Baseline: i < 2 || a.instrument == instrument.BAM, RecordedBy: maria.ID, RecordedByRole: onward.RoleMember,
			LevelOfCare: "intensive_outpatient"}
		if result.Band != nil {
			rec.Band = result.Band.ID
		}
		if _, err := tx.AddAssessment(ctx, d, rec); err != nil {
			return err
		}
	}
	return nil
}

// items answers items 1..n with value, except those given.
func items(n, value int, except map[string]int) map[string]int {
	out := map[string]int{}
	for i := 1; i <= n; i++ {
		out[fmt.Sprint(i)] = value
	}
	for k, v := range except {
		out[k] = v
	}
	return out
}
