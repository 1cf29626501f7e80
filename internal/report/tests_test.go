package report

import "testing"

func TestNegativeTests(t *testing.T) {
	p := Period{From: day("2026-01-01"), To: day("2026-12-31"), AsOf: day("2027-01-10")}
	a := member("2026-01-01", "", "")
	a.AgeGroup = "26_34"
	a.Tests = []TestResult{
		{Substance: "cocaine", At: at("2026-02-01"), Negative: true},
		{Substance: "cocaine", At: at("2026-02-03"), Negative: false},
		{Substance: "fentanyl", At: at("2026-02-03"), Negative: true},
		{Substance: "cocaine", At: at("2025-12-30"), Negative: false}, // before the period
		{Substance: "kratom", At: at("2026-02-03"), Negative: true},   // not on the panel
	}
	b := member("2026-03-01", "", "")
	b.Tests = []TestResult{{Substance: "cocaine", At: at("2026-03-02"), Negative: true}}
	tests := []struct {
		name    string
		o       Options
		stratum string
		sub     string
		members float64
		share   float64
	}{
		{"CocaineAll", Options{}, "", "cocaine", 2, 100 * 2.0 / 3},
		{"FentanylAll", Options{}, "", "fentanyl", 1, 100},
		{"NoneForOpiates", Options{}, "", "opiates", 0, 0},
		{"CocaineOneAgeGroup", Options{ByAge: true}, "26_34", "cocaine", 1, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NegativeTests([]Member{a, b}, p, []string{"fentanyl", "opiates", "cocaine"}, tt.o)
			for _, r := range s.Rows {
				if r.Key == "kratom" {
					t.Fatal("a substance off the panel has a row")
				}
				if r.Key != tt.sub || r.Stratum != tt.stratum {
					continue
				}
				if r.Values[0].Number != tt.members || r.Values[1].Number != tt.share || r.Values[1].Members != int(tt.members) {
					t.Errorf("%s: %+v, want %g members and %g%%", tt.sub, r.Values, tt.members, tt.share)
				}
				return
			}
			t.Fatalf("no row for %s in %q", tt.sub, tt.stratum)
		})
	}
}
