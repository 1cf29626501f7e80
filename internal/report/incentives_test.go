package report

import "testing"

func TestIncentiveSpend(t *testing.T) {
	p := Period{From: day("2026-03-01"), To: day("2026-12-31"), AsOf: day("2027-01-10")}
	funders := []Funder{{ID: "samhsa", Name: "SAMHSA grant", AnnualCap: 75000}, {ID: "state", Name: "State fund", AnnualCap: 59900}}
	earn := func(funder, on string, cents int64) Earning {
		return Earning{Funder: funder, At: at(on), CapYear: day(on).Year, Cents: cents}
	}
	atCap := member("2026-01-01", "", "")
	atCap.AgeGroup = "26_34"
	// 750 of 1,000 dollars' worth counted against the year: 56,250 is 75%
	// of 75,000, half of it awarded before the period.
	atCap.Earnings = []Earning{earn("samhsa", "2026-02-01", 28125), earn("samhsa", "2026-04-01", 28125), earn("state", "2026-04-01", 1000)}
	justUnder := member("2026-01-01", "", "")
	justUnder.Earnings = []Earning{earn("samhsa", "2026-04-01", 56249)}
	beforePeriodOnly := member("2026-01-01", "", "")
	beforePeriodOnly.Earnings = []Earning{earn("samhsa", "2026-02-01", 75000)}
	afterDischarge := member("2026-01-01", "2026-05-01", "completed")
	afterDischarge.Earnings = []Earning{earn("samhsa", "2026-06-01", 75000)}
	unknownFunder := member("2026-01-01", "", "")
	unknownFunder.Earnings = []Earning{earn("gone", "2026-04-01", 500)}
	members := []Member{atCap, justUnder, beforePeriodOnly, afterDischarge, unknownFunder}
	tests := []struct {
		name            string
		o               Options
		stratum, funder string
		members         float64
		dollars         float64
		nearCap         int
	}{
		{"SamhsaAll", Options{}, "", "samhsa", 2, 281.25 + 562.49, 1},
		{"StateAll", Options{}, "", "state", 1, 10, 0},
		{"SamhsaOneAgeGroup", Options{ByAge: true}, "26_34", "samhsa", 1, 281.25, 1},
		{"SamhsaAgeNotRecorded", Options{ByAge: true}, NotRecordedAge, "samhsa", 1, 562.49, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := IncentiveSpend(members, p, funders, tt.o)
			if s.Names["state"] != "State fund" {
				t.Errorf("names %v", s.Names)
			}
			for _, r := range s.Rows {
				if r.Key == "gone" {
					t.Fatal("a funder the program no longer has has a row")
				}
				if r.Key != tt.funder || r.Stratum != tt.stratum {
					continue
				}
				if r.Values[0].Number != tt.members || r.Values[1].Number != tt.dollars || r.Values[2].Part != tt.nearCap ||
					r.Values[2].Members != int(tt.members) {
					t.Errorf("%+v, want %g members, %g dollars, %d near the cap", r.Values, tt.members, tt.dollars, tt.nearCap)
				}
				return
			}
			t.Fatalf("no row for %s in %q", tt.funder, tt.stratum)
		})
	}
}
