package contingency

import (
	"time"
)

// Kinds of ledger entry.
const (
	EntryVoucher    = "voucher"
	EntryBonus      = "bonus"
	EntryPrize      = "prize"
	EntryRedemption = "redemption"
)

// Entry is one line of a member's ledger: an amount earned (a voucher, a
// bonus, a prize drawn) or redeemed (something bought with it).
type Entry struct {
	ID        string
	ArmID     string
	FunderID  string
	Kind      string
	OutcomeID string // what it was earned for
	Target    Target
	DrawID    string
	Amount    Cents
	Held      Cents // what the annual cap kept back
	Year      int   // the calendar year whose cap it counts against
	Form      string
	Item      string
	At        time.Time
}

// Draw is one prize draw a member earned and, once drawn, how it came
// out: with the seed, the algorithm and the bowl, anyone can draw again
// and check it (Verify).
type Draw struct {
	ID        string
	ArmID     string
	OutcomeID string
	EarnedAt  time.Time
	DrawnAt   *time.Time
	Algorithm string
	Seed      string // hex
	Bowl      []Tier
	Slip      int
	Tier      string
	Value     Cents // what the member was given: the tier's value, or what the cap left
}

// Totals sums a ledger: earned is every award, redeemed every redemption,
// and the balance what is left to spend.
func Totals(entries []Entry) (earned, redeemed, balance Cents) {
	for _, e := range entries {
		if e.Kind == EntryRedemption {
			redeemed += e.Amount
		} else {
			earned += e.Amount
		}
	}
	return earned, redeemed, earned - redeemed
}

// Paid is what was already awarded for one outcome.
type Paid struct {
	Voucher, Bonus Cents
	Draws          int
}

// Due returns what each earning still owes beyond what was paid for its
// outcome: normally all of it once, and nothing after. When a disputed
// result is confirmed negative, the outcomes after it deserve more than
// they were given, and the difference is due; nothing already awarded is
// ever taken back. Earnings that owe nothing are left out.
func Due(earned []Earning, paid map[string]Paid) []Earning {
	var out []Earning
	for _, e := range earned {
		p := paid[e.OutcomeID]
		d := e
		d.Value, d.Bonus, d.Draws = max(0, e.Value-p.Voucher), max(0, e.Bonus-p.Bonus), max(0, e.Draws-p.Draws)
		if d.Value > 0 || d.Bonus > 0 || d.Draws > 0 {
			out = append(out, d)
		}
	}
	return out
}
