package medication

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
)

// The methadone take-home ceiling of 42 CFR 8.12(i)(3) as amended in 2024
// (89 FR 7528): by time in treatment, the most take-home days one supply
// may hold beyond the doses for the days the program is closed (which are
// allowed at any time). It applies to methadone only; a state or the
// program may be stricter, never looser.

// Step is one phase of a take-home policy: from FromDay in treatment
// (day 0 is the day of admission), at most MaxDays take-home days beyond
// closure days.
type Step struct {
	FromDay int
	MaxDays int
}

// Policy is a schedule of steps, sorted by FromDay. Before its first step
// it allows no take-home days.
type Policy []Step

// Federal is §8.12(i)(3): up to 7 days in days 0–14, 14 from day 15, 28
// from day 31.
var Federal = Policy{{FromDay: 0, MaxDays: 7}, {FromDay: 15, MaxDays: 14}, {FromDay: 31, MaxDays: 28}}

// MaxSupplyDays is the longest supply the federal rule allows; policies
// may not name more.
const MaxSupplyDays = 28

// MaxDaysAt is the policy's ceiling on day daysInTreatment.
func (p Policy) MaxDaysAt(daysInTreatment int) int {
	out := 0
	for _, s := range p {
		if daysInTreatment >= s.FromDay {
			out = s.MaxDays
		}
	}
	return out
}

// String writes the policy as ParsePolicy reads it: "0:7,15:14,31:28".
func (p Policy) String() string {
	parts := make([]string, len(p))
	for i, s := range p {
		parts[i] = fmt.Sprintf("%d:%d", s.FromDay, s.MaxDays)
	}
	return strings.Join(parts, ",")
}

// ParsePolicy reads "FROMDAY:MAXDAYS,..." ("0:1,90:6,180:13"); the empty
// string is no policy. Steps must start from day 0, rise in FromDay and
// stay within 0–28 days.
func ParsePolicy(s string) (Policy, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var p Policy
	for _, part := range strings.Split(s, ",") {
		from, days, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("take-home policy %q: write each step as FROMDAY:MAXDAYS, e.g. 0:1,90:6", s)
		}
		f, err1 := strconv.Atoi(strings.TrimSpace(from))
		d, err2 := strconv.Atoi(strings.TrimSpace(days))
		if err1 != nil || err2 != nil || f < 0 || f > 3650 || d < 0 || d > MaxSupplyDays {
			return nil, fmt.Errorf("take-home policy %q: step %q wants a day 0–3650 and 0–%d days", s, part, MaxSupplyDays)
		}
		if len(p) > 0 && f <= p[len(p)-1].FromDay {
			return nil, fmt.Errorf("take-home policy %q: steps must rise in day", s)
		}
		p = append(p, Step{FromDay: f, MaxDays: d})
	}
	if p[0].FromDay != 0 {
		return nil, fmt.Errorf("take-home policy %q: the first step starts at day 0", s)
	}
	return p, nil
}

// Binding names which limit a ceiling comes from ("medlimit.<binding>").
const (
	BindingFederal = "federal"
	BindingState   = "state"
	BindingProgram = "program"
)

// Ceiling is the take-home ceiling of one member on one day.
type Ceiling struct {
	Applies         bool // methadone: the rule applies
	DaysInTreatment int
	Federal         int
	State           int // -1 without a state policy
	Program         int // -1 without a program policy
	Max             int // the strictest of the three
	Binding         string
}

// CeilingFor is the ceiling of a medicine on day daysInTreatment, with the
// state's and the program's policies (nil when none) laid over the
// federal one: the strictest wins.
func CeilingFor(k Kind, daysInTreatment int, state, program Policy) Ceiling {
	if k != Methadone {
		return Ceiling{DaysInTreatment: daysInTreatment, State: -1, Program: -1}
	}
	days := max(daysInTreatment, 0)
	c := Ceiling{Applies: true, DaysInTreatment: days, Federal: Federal.MaxDaysAt(days), State: -1, Program: -1}
	c.Max, c.Binding = c.Federal, BindingFederal
	if state != nil {
		c.State = state.MaxDaysAt(days)
		if c.State < c.Max {
			c.Max, c.Binding = c.State, BindingState
		}
	}
	if program != nil {
		c.Program = program.MaxDaysAt(days)
		if c.Program < c.Max {
			c.Max, c.Binding = c.Program, BindingProgram
		}
	}
	return c
}

// Supply limits: closure days can only be days of the supply, and no
// supply is longer than a month and a week of closures.
const MaxSupplyWithClosures = 35

// CheckSupply refuses a take-home supply of days, closureDays of them for
// days the program is closed, beyond the ceiling or beyond the take-home
// days the clinician's decision allows (approved; closure days need no
// decision). For medicines the rule does not cover only the sizes are
// checked.
func (c Ceiling) CheckSupply(days, closureDays, approved int) error {
	errs := onward.FieldErrors{}
	switch {
	case days < 1 || days > MaxSupplyWithClosures:
		errs.Add("days", "meds.supply_days_between", "Max", MaxSupplyWithClosures)
	case closureDays < 0 || closureDays > days:
		errs.Add("closure_days", "meds.closure_days_within_supply")
	case c.Applies && days-closureDays > c.Max:
		errs.Add("days", "meds.beyond_the_ceiling", "Count", c.Max, "Days", c.DaysInTreatment,
			"Limit", limitMsg(c))
	case c.Applies && days-closureDays > approved:
		errs.Add("days", "meds.beyond_the_decision", "Count", approved)
	}
	return errs.Err()
}

// limitMsg names the limit that binds a ceiling.
func limitMsg(c Ceiling) i18n.Msg { return i18n.M("medlimit." + c.Binding) }
