package report

import (
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// TestResult is one substance's result in a drug test a member gave, as it
// counts: a confirmation test's result stands in for the disputed one it
// confirmed.
type TestResult struct {
	Substance string
	At        time.Time
	Negative  bool
}

// NegativeTests is, for each substance, the members with a result for it
// in the period and the share of those results that were negative. A
// missed test has no result and is not in it; an expected positive (the
// member's own methadone) counts as the positive it is.
func NegativeTests(members []Member, p Period, substances []string, o Options) *Section {
	s := &Section{ID: "negative_tests", Status: Ready, RowKind: "drug", Chart: 1,
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "negative_share", Kind: Ratio}}}
	type tally struct{ members, results, negatives int }
	tallies := map[string]map[string]*tally{}
	for _, st := range o.stratumKeys() {
		tallies[st] = map[string]*tally{}
		for _, sub := range substances {
			tallies[st][sub] = &tally{}
		}
	}
	for _, m := range members {
		results, negatives := map[string]int{}, map[string]int{}
		for _, r := range m.Tests {
			day := recovery.DateOf(r.At, m.Location)
			if day.Before(p.From) || day.After(p.To) {
				continue
			}
			results[r.Substance]++
			if r.Negative {
				negatives[r.Substance]++
			}
		}
		for _, st := range o.strataOf(m) {
			for sub, n := range results {
				t, ok := tallies[st][sub]
				if !ok {
					continue
				}
				t.members++
				t.results += n
				t.negatives += negatives[sub]
			}
		}
	}
	for _, st := range o.stratumKeys() {
		for _, sub := range substances {
			t := tallies[st][sub]
			s.Rows = append(s.Rows, Row{Key: sub, Stratum: st,
				Values: []Value{count(t.members), ratio(float64(t.negatives), float64(t.results), t.members)}})
		}
	}
	return s
}
