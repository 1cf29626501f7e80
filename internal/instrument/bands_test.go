package instrument

import (
	"fmt"
	"testing"
)

// The expected bands are written out from clinical-facts.md, not read from
// the definitions, so a wrong definition cannot pass its own test. Each
// boundary is checked on both sides, plus the scale's ends.
func TestBandBoundaries(t *testing.T) {
	tests := []struct {
		instrument string
		total      int
		band       string
	}{
		{COWS, 0, "none"},
		{COWS, 4, "none"},
		{COWS, 5, "mild"},
		{COWS, 12, "mild"},
		{COWS, 13, "moderate"},
		{COWS, 24, "moderate"},
		{COWS, 25, "moderately_severe"},
		{COWS, 36, "moderately_severe"},
		{COWS, 37, "severe"},
		{COWS, 48, "severe"},

		{PHQ9, 0, "minimal"},
		{PHQ9, 4, "minimal"},
		{PHQ9, 5, "mild"},
		{PHQ9, 9, "mild"},
		{PHQ9, 10, "moderate"},
		{PHQ9, 14, "moderate"},
		{PHQ9, 15, "moderately_severe"},
		{PHQ9, 19, "moderately_severe"},
		{PHQ9, 20, "severe"},
		{PHQ9, 27, "severe"},

		{GAD7, 0, "minimal"},
		{GAD7, 4, "minimal"},
		{GAD7, 5, "mild"},
		{GAD7, 9, "mild"},
		{GAD7, 10, "moderate"},
		{GAD7, 14, "moderate"},
		{GAD7, 15, "severe"},
		{GAD7, 21, "severe"},

		{DAST10, 0, "none"},
		{DAST10, 1, "low"},
		{DAST10, 2, "low"},
		{DAST10, 3, "moderate"},
		{DAST10, 5, "moderate"},
		{DAST10, 6, "substantial"},
		{DAST10, 8, "substantial"},
		{DAST10, 9, "severe"},
		{DAST10, 10, "severe"},

		{DSM5OUD, 0, "below_threshold"},
		{DSM5OUD, 1, "below_threshold"},
		{DSM5OUD, 2, "mild"},
		{DSM5OUD, 3, "mild"},
		{DSM5OUD, 4, "moderate"},
		{DSM5OUD, 5, "moderate"},
		{DSM5OUD, 6, "severe"},
		{DSM5OUD, 11, "severe"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.instrument, tt.total), func(t *testing.T) {
			d := mustGet(t, tt.instrument)
			r := mustScore(t, tt.instrument, answersTotalling(t, d, tt.total), Options{})
			if r.Total != tt.total {
				t.Fatalf("Total = %d, want %d", r.Total, tt.total)
			}
			if r.Band == nil {
				t.Fatalf("Band = nil, want %q", tt.band)
			}
			if r.Band.ID != tt.band {
				t.Errorf("Band = %q, want %q", r.Band.ID, tt.band)
			}
		})
	}
}

// SOWS, PHQ-2, GAD-2 and BAM have no published bands: the score must come
// back without one, whatever it is.
func TestNoBandWhereSourceDefinesNone(t *testing.T) {
	for _, id := range []string{SOWS, PHQ2, GAD2, BAM} {
		d := mustGet(t, id)
		if len(d.Bands) != 0 {
			t.Errorf("%s defines %d bands; the source defines none", id, len(d.Bands))
		}
		for _, total := range []int{0, d.MaxTotal} {
			r := mustScore(t, id, answersTotalling(t, d, total), Options{})
			if r.Band != nil {
				t.Errorf("%s at %d: Band = %q, want none", id, total, r.Band.ID)
			}
		}
	}
}

func TestSOWSTotalIsTheRawSum(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string]int
		want    int
	}{
		{"all not at all", repeat(16, 0), 0},
		{"all extremely", repeat(16, 4), 64},
		{"mixed", with(repeat(16, 1), map[string]int{"1": 4, "16": 3}), 14 + 4 + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustScore(t, SOWS, tt.answers, Options{}).Total; got != tt.want {
				t.Errorf("Total = %d, want %d", got, tt.want)
			}
		})
	}
}
