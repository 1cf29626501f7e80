// Package contingency holds the rules of contingency management (CM): a
// program's schedules of incentives as data (escalating vouchers and prize
// draws), what each target met or missed earns, the guards on what a
// program may reward, prize draws anyone can re-check, and the annual
// caps per funder (docs/contingency-management.md). It is pure: the facts
// are passed in and the answers returned.
package contingency

import (
	"slices"

	"github.com/onward-recovery/onward"
)

// Cents is an amount of US dollars in cents: CM values are small sums
// added up over months, and cents add up exactly.
type Cents int64

// Dollars is the amount in dollars, to show.
func (c Cents) Dollars() float64 { return float64(c) / 100 }

// Kind is the kind of a schedule.
type Kind string

const (
	Vouchers Kind = "voucher" // escalating vouchers (Higgins)
	Prizes   Kind = "prize"   // prize draws from a bowl (Petry)
)

// Voucher is an escalating voucher schedule: each target met in a row is
// worth Increment more than the one before, from Start, up to Max; every
// BonusEvery-th in a row earns Bonus as well. A target not met (a positive
// or missed test) resets the value to Start when Reset is set; money
// already earned is never lost. After a reset, RestoreAfter targets met in
// a row bring the value back to where it was before the reset.
type Voucher struct {
	Start        Cents `json:"start_cents"`
	Increment    Cents `json:"increment_cents"`
	Bonus        Cents `json:"bonus_cents"`
	BonusEvery   int   `json:"bonus_every"`
	Max          Cents `json:"max_cents"` // the most one voucher is worth before its bonus; 0 for no limit
	Reset        bool  `json:"reset"`
	RestoreAfter int   `json:"restore_after"` // 0: never restored
}

// Higgins is the classic schedule of Higgins and colleagues (CRA plus
// vouchers, three urine tests a week for twelve weeks): $2.50 for the
// first negative sample, $1.25 more for each further one in a row, a $10
// bonus for every three in a row, a reset to $2.50 on a positive or missed
// sample, and the value before the reset restored after five negatives in
// a row (clinical-facts §9).
var Higgins = Voucher{Start: 250, Increment: 125, Bonus: 1000, BonusEvery: 3, Reset: true, RestoreAfter: 5}

// Tier is one kind of slip in a prize bowl.
type Tier struct {
	Name  string `json:"name"` // one of TierNames
	Slips int    `json:"slips"`
	Value Cents  `json:"value_cents"` // 0 for "good job" slips
}

// TierNames are the kinds of slip a bowl may hold.
var TierNames = []string{"none", "small", "large", "jumbo"}

// Prize is a prize-draw schedule: a target met earns draws from Bowl:
// Start for the first in a row, Increment more for every Every further
// ones in a row, at most Max. A target not met resets the draws to Start
// when Reset is set.
type Prize struct {
	Bowl      []Tier `json:"bowl"`
	Start     int    `json:"start_draws"`
	Increment int    `json:"increment_draws"`
	Every     int    `json:"every"`
	Max       int    `json:"max_draws"` // 0 for no limit
	Reset     bool   `json:"reset"`
}

// PetryBowl is the commonly cited 500-slip bowl of the fishbowl method:
// about half "good job" slips, then small (about $1), large (about $20)
// and one jumbo (about $100) prize. The counts are unverified
// (clinical-facts §9); programs set their own.
var PetryBowl = []Tier{{"none", 250, 0}, {"small", 209, 100}, {"large", 40, 2000}, {"jumbo", 1, 10000}}

// Petry is a prize schedule in the manner of Petry's studies: one draw
// for the first target met, one more for each further one in a row, up to
// eight, reset by a target not met.
var Petry = Prize{Bowl: PetryBowl, Start: 1, Increment: 1, Every: 1, Max: 8, Reset: true}

// Schedule is one of the two kinds, as a program configures it.
type Schedule struct {
	Kind    Kind     `json:"kind"`
	Voucher *Voucher `json:"voucher,omitempty"`
	Prize   *Prize   `json:"prize,omitempty"`
}

// Limits on what a schedule may say: generous, so a program can follow
// any published schedule, but bounded so a typing mistake is caught.
const (
	MaxVoucherCents Cents = 50000 // $500 for one step of a schedule
	MaxSlips              = 10000
	MaxDraws              = 50
	MaxRun                = 100 // bonus and restoration counts
)

// Validate checks a schedule a program sets.
func (s Schedule) Validate() error {
	errs := onward.FieldErrors{}
	amount := func(field string, c Cents) {
		if c < 0 || c > MaxVoucherCents {
			errs.Add(field, "incentive.amount_between", "Most", MaxVoucherCents)
		}
	}
	count := func(field string, n, least, most int) {
		if n < least || n > most {
			errs.Add(field, "incentive.count_between", "Least", least, "Most", most)
		}
	}
	switch s.Kind {
	case Vouchers:
		v := s.Voucher
		if v == nil || s.Prize != nil {
			errs.Add("kind", "incentive.choose_a_kind")
			break
		}
		amount("start_cents", v.Start)
		if v.Start == 0 {
			errs.Add("start_cents", "incentive.amount_between", "Most", MaxVoucherCents)
		}
		amount("increment_cents", v.Increment)
		amount("bonus_cents", v.Bonus)
		amount("max_cents", v.Max)
		if v.Max != 0 && v.Max < v.Start {
			errs.Add("max_cents", "incentive.max_below_start")
		}
		count("bonus_every", v.BonusEvery, 0, MaxRun)
		if v.Bonus > 0 && v.BonusEvery == 0 {
			errs.Add("bonus_every", "incentive.count_between", "Least", 1, "Most", MaxRun)
		}
		count("restore_after", v.RestoreAfter, 0, MaxRun)
	case Prizes:
		p := s.Prize
		if p == nil || s.Voucher != nil {
			errs.Add("kind", "incentive.choose_a_kind")
			break
		}
		validBowl(errs, p.Bowl)
		count("start_draws", p.Start, 1, MaxDraws)
		count("increment_draws", p.Increment, 0, MaxDraws)
		count("every", p.Every, 1, MaxRun)
		count("max_draws", p.Max, 0, MaxDraws)
		if p.Max != 0 && p.Max < p.Start {
			errs.Add("max_draws", "incentive.max_below_start")
		}
	default:
		errs.Add("kind", "incentive.choose_a_kind")
	}
	return errs.Err()
}

func validBowl(errs onward.FieldErrors, bowl []Tier) {
	total := 0
	seen := map[string]bool{}
	for _, t := range bowl {
		if !slices.Contains(TierNames, t.Name) || seen[t.Name] {
			errs.Add("bowl", "incentive.bowl_tiers")
		}
		seen[t.Name] = true
		if t.Slips < 0 || t.Slips > MaxSlips || t.Value < 0 || t.Value > MaxVoucherCents {
			errs.Add("bowl", "incentive.bowl_slips", "Most", MaxSlips)
		}
		total += t.Slips
	}
	if total < 1 || total > MaxSlips {
		errs.Add("bowl", "incentive.bowl_slips", "Most", MaxSlips)
	}
}
