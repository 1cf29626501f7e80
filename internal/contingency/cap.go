package contingency

import (
	"strings"

	"github.com/onward-recovery/onward"
)

// Funder pays for a program's incentives and sets the most one member may
// be given in a calendar year: SAMHSA allows grant recipients up to $750
// per patient per year (the default); a California-style program keeps
// to $599 (clinical-facts §9 and §15). Each funder has its own cap.
type Funder struct {
	ID        string
	ProgramID string
	Name      string
	AnnualCap Cents
}

// DefaultAnnualCap is SAMHSA's limit per patient per year.
const DefaultAnnualCap Cents = 75000

// MaxAnnualCap bounds what a program may set.
const MaxAnnualCap Cents = 1000000

// Validate checks a funder a program adds.
func (f *Funder) Validate() error {
	errs := onward.FieldErrors{}
	f.Name = strings.TrimSpace(f.Name)
	if !validLine(f.Name, 80) {
		errs.Add("name", "incentive.funder_name")
	}
	if f.AnnualCap < 1 || f.AnnualCap > MaxAnnualCap {
		errs.Add("annual_cap_cents", "incentive.cap_between", "Most", MaxAnnualCap)
	}
	return errs.Err()
}

// FunderYear names one funder's cap in one calendar year.
type FunderYear struct {
	Funder string
	Year   int
}

// Account is what one member has been awarded, by funder and year, and
// the caps that bound it. Every award goes through Award, so no sequence
// of awards can take a member past a cap.
type Account struct {
	Caps   map[string]Cents // by funder id
	Earned map[FunderYear]Cents
}

// NewAccount returns an account with the caps and what was already
// awarded.
func NewAccount(caps map[string]Cents, earned map[FunderYear]Cents) *Account {
	a := &Account{Caps: map[string]Cents{}, Earned: map[FunderYear]Cents{}}
	for k, v := range caps {
		a.Caps[k] = v
	}
	for k, v := range earned {
		a.Earned[k] = v
	}
	return a
}

// Remaining is what the member may still be given by funder in year.
func (a *Account) Remaining(funder string, year int) Cents {
	return max(0, a.Caps[funder]-a.Earned[FunderYear{funder, year}])
}

// Award gives as much of value as the cap allows and records it: awarded
// is what the member gets, held what the cap kept back.
func (a *Account) Award(funder string, year int, value Cents) (awarded, held Cents) {
	if value <= 0 {
		return 0, 0
	}
	awarded = min(value, a.Remaining(funder, year))
	a.Earned[FunderYear{funder, year}] += awarded
	return awarded, value - awarded
}
