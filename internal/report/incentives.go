package report

import (
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Earning is an incentive a member was awarded (a voucher, a bonus or a
// prize, never a redemption) from a funder, counted against the funder's
// cap in CapYear.
type Earning struct {
	Funder  string
	At      time.Time
	CapYear int
	Cents   int64
}

// Funder is one of the program's incentive funders with its annual cap
// per member.
type Funder struct {
	ID, Name  string
	AnnualCap int64 // cents
}

// NearCapPercent is how close to a funder's annual cap a member counts as
// near it.
const NearCapPercent = 75

// IncentiveSpend is, for each funder, the members awarded incentives from
// it in the period, the dollars they were awarded in the period, and the
// share of those members whose awards from it in a calendar year with an
// award in the period reached NearCapPercent of its annual cap (awards of
// the whole year count, as the cap does). Awards outside the enrolment do
// not count.
func IncentiveSpend(members []Member, p Period, funders []Funder, o Options) *Section {
	s := &Section{ID: "cm_spend", Status: Ready, RowKind: "funder", Chart: 2, Names: map[string]string{},
		Columns: []Column{{ID: "members", Kind: Count}, {ID: "earned_dollars", Kind: Amount}, {ID: "near_cap", Kind: Percent}}}
	type tally struct {
		members, nearCap int
		cents            int64
	}
	caps := map[string]int64{}
	tallies := map[string]map[string]*tally{}
	for _, f := range funders {
		caps[f.ID] = f.AnnualCap
		s.Names[f.ID] = f.Name
	}
	for _, st := range o.stratumKeys() {
		tallies[st] = map[string]*tally{}
		for _, f := range funders {
			tallies[st][f.ID] = &tally{}
		}
	}
	type funderYear struct {
		funder string
		year   int
	}
	for _, m := range members {
		inPeriod := map[string]int64{}
		years := map[funderYear]bool{}
		yearTotal := map[funderYear]int64{}
		for _, e := range m.Earnings {
			day := recovery.DateOf(e.At, m.Location)
			if !inCare(m, day) {
				continue
			}
			fy := funderYear{e.Funder, e.CapYear}
			yearTotal[fy] += e.Cents
			if !day.Before(p.From) && !day.After(p.To) {
				inPeriod[e.Funder] += e.Cents
				years[fy] = true
			}
		}
		for funder, cents := range inPeriod {
			if cents <= 0 {
				continue
			}
			near := false
			for fy := range years {
				if fy.funder == funder && caps[funder] > 0 && 100*yearTotal[fy] >= NearCapPercent*caps[funder] {
					near = true
				}
			}
			for _, st := range o.strataOf(m) {
				t, ok := tallies[st][funder]
				if !ok {
					continue
				}
				t.members++
				t.cents += cents
				if near {
					t.nearCap++
				}
			}
		}
	}
	for _, st := range o.stratumKeys() {
		for _, f := range funders {
			t := tallies[st][f.ID]
			s.Rows = append(s.Rows, Row{Key: f.ID, Stratum: st,
				Values: []Value{count(t.members), over(float64(t.cents)/100, t.members), percent(t.nearCap, t.members)}})
		}
	}
	return s
}
