package instrument

import (
	"maps"
	"slices"
	"testing"
)

func flagCodes(r Result) []string {
	codes := make([]string, 0, len(r.Flags))
	for _, f := range r.Flags {
		codes = append(codes, f.Code)
	}
	return codes
}

func hasFlag(r Result, code string) bool {
	return slices.Contains(flagCodes(r), code)
}

func TestPHQ9Item9FlagsSuicideRiskWhateverTheTotal(t *testing.T) {
	tests := []struct {
		name      string
		answers   map[string]int
		wantTotal int
		wantFlag  bool
	}{
		{"item 9 alone, total 1", with(repeat(9, 0), map[string]int{"9": 1}), 1, true},
		{"item 9 nearly every day", with(repeat(9, 0), map[string]int{"9": 3}), 3, true},
		{"high total, item 9 not at all", with(repeat(9, 3), map[string]int{"9": 0}), 24, false},
		{"all not at all", repeat(9, 0), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustScore(t, PHQ9, tt.answers, Options{})
			if r.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d", r.Total, tt.wantTotal)
			}
			if got := hasFlag(r, FlagSuicideRisk); got != tt.wantFlag {
				t.Errorf("suicide_risk flag = %v, want %v (flags %v)", got, tt.wantFlag, flagCodes(r))
			}
		})
	}
	r := mustScore(t, PHQ9, with(repeat(9, 0), map[string]int{"9": 1}), Options{})
	if r.Band == nil || r.Band.ID != "minimal" {
		t.Errorf("a total of 1 must still be banded minimal, got %+v", r.Band)
	}
}

func TestScreenersSuggestTheFullFormAtThree(t *testing.T) {
	tests := []struct {
		instrument string
		answers    map[string]int
		wantFlag   bool
	}{
		{PHQ2, map[string]int{"1": 1, "2": 1}, false},
		{PHQ2, map[string]int{"1": 2, "2": 1}, true},
		{PHQ2, map[string]int{"1": 3, "2": 3}, true},
		{GAD2, map[string]int{"1": 0, "2": 2}, false},
		{GAD2, map[string]int{"1": 3, "2": 0}, true},
	}
	for _, tt := range tests {
		r := mustScore(t, tt.instrument, tt.answers, Options{})
		if got := hasFlag(r, FlagFullFormSuggested); got != tt.wantFlag {
			t.Errorf("%s %v: full_form_suggested = %v, want %v", tt.instrument, tt.answers, got, tt.wantFlag)
		}
		if r.Band != nil {
			t.Errorf("%s: Band = %q, want none", tt.instrument, r.Band.ID)
		}
	}
}

func TestDAST10ReversesItem3(t *testing.T) {
	const yes, no = 1, 0
	tests := []struct {
		name     string
		answers  map[string]int
		want     int
		wantBand string
	}{
		{"all no: only item 3 counts", repeat(10, no), 1, "low"},
		{"all no but able to stop", with(repeat(10, no), map[string]int{"3": yes}), 0, "none"},
		{"all yes: item 3 does not count", repeat(10, yes), 9, "severe"},
		{"all yes but unable to stop", with(repeat(10, yes), map[string]int{"3": no}), 10, "severe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustScore(t, DAST10, tt.answers, Options{})
			if r.Total != tt.want {
				t.Errorf("Total = %d, want %d", r.Total, tt.want)
			}
			if r.Band == nil || r.Band.ID != tt.wantBand {
				t.Errorf("Band = %+v, want %q", r.Band, tt.wantBand)
			}
		})
	}
}

// A worked example, summed by hand from the published composites:
// use = 4+5+6, risk = 1+2+3+8+11+15, protective = 9+10+12+13+14+16.
func TestBAMSubscalesWorkedExample(t *testing.T) {
	answers := map[string]int{
		"1": 2, "2": 3, "3": 1, // risk 2, 3, 1
		"4": 1, "5": 0, "6": 2, // use 1, 0, 2
		"7A": 0, "7E": 2, // unscored drug detail
		"8": 3, "9": 1, "10": 0, "11": 2, // risk 3, protective 1, 0, risk 2
		"12": 4, "13": 2, "14": 4, // protective 4, 2, 4
		"15": 1, "16": 3, // risk 1, protective 3
		"17": 4, // unscored
	}
	r := mustScore(t, BAM, answers, Options{})
	want := map[string]int{BAMUse: 3, BAMRisk: 12, BAMProtective: 14}
	if !maps.Equal(r.Subscales, want) {
		t.Errorf("Subscales = %v, want %v", r.Subscales, want)
	}
	if r.Total != 0 || r.Band != nil {
		t.Errorf("BAM has no published total: got Total %d, Band %+v", r.Total, r.Band)
	}

	// Drug classes and item 17 change no composite.
	changed := with(answers, map[string]int{"7A": 4, "7B": 4, "7G": 1, "17": 0})
	if r2 := mustScore(t, BAM, changed, Options{}); !maps.Equal(r2.Subscales, want) {
		t.Errorf("unscored items changed Subscales: %v, want %v", r2.Subscales, want)
	}

	// Without any drug-class answers (item 6 = 0) the form is complete.
	delete(answers, "7A")
	delete(answers, "7E")
	answers["6"] = 0
	r3 := mustScore(t, BAM, answers, Options{})
	if r3.Subscales[BAMUse] != 1 {
		t.Errorf("use = %d, want 1", r3.Subscales[BAMUse])
	}
}

func TestDSM5MedicalSupervisionExcludesToleranceAndWithdrawal(t *testing.T) {
	const yes = 1
	tests := []struct {
		name       string
		answers    map[string]int
		supervised bool
		want       int
		wantBand   string
	}{
		{"tolerance and withdrawal only, unsupervised", with(repeat(11, 0), map[string]int{"10": yes, "11": yes}), false, 2, "mild"},
		{"tolerance and withdrawal only, supervised", with(repeat(11, 0), map[string]int{"10": yes, "11": yes}), true, 0, "below_threshold"},
		{"four criteria incl. 10 and 11, unsupervised", with(repeat(11, 0), map[string]int{"1": yes, "4": yes, "10": yes, "11": yes}), false, 4, "moderate"},
		{"four criteria incl. 10 and 11, supervised", with(repeat(11, 0), map[string]int{"1": yes, "4": yes, "10": yes, "11": yes}), true, 2, "mild"},
		{"all, supervised", repeat(11, yes), true, 9, "severe"},
		{"all, unsupervised", repeat(11, yes), false, 11, "severe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustScore(t, DSM5OUD, tt.answers, Options{MedicallySupervised: tt.supervised})
			if r.Total != tt.want {
				t.Errorf("Total = %d, want %d", r.Total, tt.want)
			}
			if r.Band == nil || r.Band.ID != tt.wantBand {
				t.Errorf("Band = %+v, want %q", r.Band, tt.wantBand)
			}
		})
	}
}

func TestCOWSBuprenorphineStartThreshold(t *testing.T) {
	cows := mustGet(t, COWS)
	tests := []struct {
		name      string
		total     int
		threshold int
		wantFlag  bool
	}{
		{"default 8, total 7", 7, 0, false},
		{"default 8, total 8", 8, 0, true},
		{"custom 12, total 11", 11, 12, false},
		{"custom 12, total 12", 12, 12, true},
		{"custom 13, total 12", 12, 13, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustScore(t, COWS, answersTotalling(t, cows, tt.total), Options{BuprenorphineStartThreshold: tt.threshold})
			if got := hasFlag(r, FlagBuprenorphineStartThresholdMet); got != tt.wantFlag {
				t.Errorf("buprenorphine flag = %v, want %v", got, tt.wantFlag)
			}
		})
	}

	for _, bad := range []int{-1, 49} {
		_, err := cows.Score(answersTotalling(t, cows, 10), Options{BuprenorphineStartThreshold: bad})
		if err == nil {
			t.Errorf("threshold %d: want an error, got none", bad)
		}
	}
}

// An explicit COWS sheet, added up by hand with the uneven item scores.
func TestCOWSWorkedExample(t *testing.T) {
	answers := map[string]int{
		"1": 2, "2": 1, "3": 3, "4": 5, "5": 2, "6": 4,
		"7": 3, "8": 1, "9": 2, "10": 4, "11": 3,
	}
	r := mustScore(t, COWS, answers, Options{})
	if r.Total != 30 {
		t.Errorf("Total = %d, want 30", r.Total)
	}
	if r.Band == nil || r.Band.ID != "moderately_severe" {
		t.Errorf("Band = %+v, want moderately_severe", r.Band)
	}
	if !hasFlag(r, FlagBuprenorphineStartThresholdMet) {
		t.Errorf("flags %v lack the buprenorphine start flag", flagCodes(r))
	}
}

func TestFlagsIsNeverNil(t *testing.T) {
	r := mustScore(t, GAD7, repeat(7, 0), Options{})
	if r.Flags == nil {
		t.Error("Flags = nil, want an empty list so it encodes as []")
	}
}
