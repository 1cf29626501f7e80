package medication

import (
	"testing"

	"github.com/onward-recovery/onward"
)

// The federal ceiling at every boundary of 42 CFR 8.12(i)(3) (2024): the
// last day of a phase and the first day of the next.
func TestFederalCeilingAtEveryBoundary(t *testing.T) {
	tests := []struct {
		day  int
		want int
	}{
		{-3, 7}, // a start in the future counts as day 0
		{0, 7}, {1, 7}, {13, 7}, {14, 7},
		{15, 14}, {16, 14}, {29, 14}, {30, 14},
		{31, 28}, {32, 28}, {90, 28}, {365, 28}, {3650, 28},
	}
	for _, tt := range tests {
		c := CeilingFor(Methadone, tt.day, nil, nil)
		if !c.Applies || c.Max != tt.want || c.Federal != tt.want || c.Binding != BindingFederal {
			t.Errorf("methadone on day %d: ceiling %+v, want %d days from the federal rule", tt.day, c, tt.want)
		}
	}
}

func TestCeilingIsForMethadoneOnly(t *testing.T) {
	for _, k := range []Kind{Buprenorphine, Naltrexone, Naloxone} {
		if c := CeilingFor(k, 40, Federal, Federal); c.Applies {
			t.Errorf("%s: the take-home ceiling applies (%+v); the rule is about methadone only", k, c)
		}
		if err := CeilingFor(k, 0, nil, nil).CheckSupply(28, 0, 0); err != nil {
			t.Errorf("%s: a 28-day supply on day 0 refused (%v); the rule does not limit it", k, err)
		}
	}
}

// A stricter state or program policy wins; a looser one changes nothing.
func TestCeilingOverlay(t *testing.T) {
	state := Policy{{0, 1}, {90, 6}, {180, 13}}   // stricter than federal throughout
	program := Policy{{0, 3}, {15, 10}, {31, 28}} // stricter in the first month only
	looser := Policy{{0, 28}}
	tests := []struct {
		name           string
		day            int
		state, program Policy
		want           int
		binding        string
	}{
		{"StateFirstDays", 0, state, nil, 1, BindingState},
		{"StateDay89", 89, state, nil, 1, BindingState},
		{"StateDay90", 90, state, nil, 6, BindingState},
		{"StateDay180", 180, state, nil, 13, BindingState},
		{"ProgramDay14", 14, nil, program, 3, BindingProgram},
		{"ProgramDay15", 15, nil, program, 10, BindingProgram},
		{"ProgramEqualsFederalFromDay31", 31, nil, program, 28, BindingFederal},
		{"StrictestOfBoth", 20, state, program, 1, BindingState},
		{"ProgramStricterThanState", 200, state, Policy{{0, 2}}, 2, BindingProgram},
		{"LooserStateIgnored", 0, looser, nil, 7, BindingFederal},
		{"LooserProgramIgnored", 15, nil, looser, 14, BindingFederal},
		{"NoStepYetMeansNone", 5, nil, Policy{{10, 5}}, 0, BindingProgram},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CeilingFor(Methadone, tt.day, tt.state, tt.program)
			if c.Max != tt.want || c.Binding != tt.binding {
				t.Errorf("day %d: ceiling %d (%s), want %d (%s)", tt.day, c.Max, c.Binding, tt.want, tt.binding)
			}
		})
	}
}

// A supply: take-home days beyond closure days within both the ceiling
// and the clinician's decision, at the boundaries.
func TestCheckSupply(t *testing.T) {
	tests := []struct {
		name                   string
		day, days, closure, ok int
		approved               int
		wantField, wantMessage string
	}{
		{name: "Day14SevenDays", day: 14, days: 7, approved: 7},
		{name: "Day14EightDays", day: 14, days: 8, approved: 28, wantField: "days", wantMessage: "meds.beyond_the_ceiling"},
		{name: "Day15FourteenDays", day: 15, days: 14, approved: 14},
		{name: "Day30FifteenDays", day: 30, days: 15, approved: 28, wantField: "days", wantMessage: "meds.beyond_the_ceiling"},
		{name: "Day31TwentyEightDays", day: 31, days: 28, approved: 28},
		{name: "Day31TwentyNineDays", day: 31, days: 29, approved: 28, wantField: "days", wantMessage: "meds.beyond_the_ceiling"},
		{name: "ClosureDaysOnDayZero", day: 0, days: 2, closure: 2, approved: 0},
		{name: "ClosureDaysPlusOneWithoutDecision", day: 0, days: 3, closure: 2, approved: 0, wantField: "days", wantMessage: "meds.beyond_the_decision"},
		{name: "ClosureDaysBeyondTheCeiling", day: 14, days: 9, closure: 2, approved: 7},
		{name: "ClosureDaysDoNotStretchTheCeiling", day: 14, days: 10, closure: 2, approved: 7, wantField: "days", wantMessage: "meds.beyond_the_ceiling"},
		{name: "DecisionBelowTheCeiling", day: 40, days: 7, approved: 6, wantField: "days", wantMessage: "meds.beyond_the_decision"},
		{name: "DecisionExactly", day: 40, days: 6, approved: 6},
		{name: "NoDays", day: 40, days: 0, approved: 6, wantField: "days", wantMessage: "meds.supply_days_between"},
		{name: "NegativeDays", day: 40, days: -1, approved: 6, wantField: "days", wantMessage: "meds.supply_days_between"},
		{name: "AbsurdDays", day: 40, days: 36, closure: 8, approved: 28, wantField: "days", wantMessage: "meds.supply_days_between"},
		{name: "MoreClosureThanDays", day: 40, days: 2, closure: 3, approved: 6, wantField: "closure_days", wantMessage: "meds.closure_days_within_supply"},
		{name: "NegativeClosure", day: 40, days: 2, closure: -1, approved: 6, wantField: "closure_days", wantMessage: "meds.closure_days_within_supply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CeilingFor(Methadone, tt.day, nil, nil).CheckSupply(tt.days, tt.closure, tt.approved)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*onward.Error)
			if !ok || e.Code != onward.EINVALID || e.Fields[tt.wantField].ID != tt.wantMessage {
				t.Fatalf("got %#v, want %s on %s", err, tt.wantMessage, tt.wantField)
			}
		})
	}
}

func TestParsePolicy(t *testing.T) {
	good := map[string]Policy{
		"":                    nil,
		"0:7,15:14,31:28":     Federal,
		" 0:1 , 90:6,180:13 ": {{0, 1}, {90, 6}, {180, 13}},
		"0:0":                 {{0, 0}},
	}
	for in, want := range good {
		p, err := ParsePolicy(in)
		if err != nil || p.String() != want.String() {
			t.Errorf("ParsePolicy(%q) = %v, %v; want %v", in, p, err, want)
		}
	}
	for _, bad := range []string{"7", "0:7,", "1:7", "0:29", "0:-1", "0:7,0:8", "0:7,30:14,15:28", "a:b", "0:7;15:14", "-1:3", "0:7,99999:1"} {
		if p, err := ParsePolicy(bad); err == nil {
			t.Errorf("ParsePolicy(%q) = %v, want an error", bad, p)
		}
	}
}

func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{"0:7,15:14,31:28", "0:1,90:6", "", "x", "0:7,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePolicy(s)
		if err != nil {
			return
		}
		if p == nil {
			return
		}
		again, err := ParsePolicy(p.String())
		if err != nil || again.String() != p.String() {
			t.Fatalf("%q parsed to %v, which reads back as %v, %v", s, p, again, err)
		}
		for i, step := range p {
			if step.MaxDays < 0 || step.MaxDays > MaxSupplyDays || (i > 0 && step.FromDay <= p[i-1].FromDay) || p[0].FromDay != 0 {
				t.Fatalf("%q parsed to an invalid policy %v", s, p)
			}
		}
	})
}
