package contingency

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/draw"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *onward.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an onward.Error", err)
	}
	out := map[string]string{}
	for k, v := range e.Fields {
		out[k] = v.ID
	}
	return out
}

func TestAwardStopsAtTheCap(t *testing.T) {
	a := NewAccount(map[string]Cents{"samhsa": 75000, "state": 59900}, map[FunderYear]Cents{{"samhsa", 2026}: 74000})
	for _, tc := range []struct {
		funder        string
		year          int
		value         Cents
		awarded, held Cents
	}{
		{"samhsa", 2026, 500, 500, 0},
		{"samhsa", 2026, 1000, 500, 500}, // $5 left of $750
		{"samhsa", 2026, 250, 0, 250},
		{"samhsa", 2027, 250, 250, 0}, // a new year, a new cap
		{"state", 2026, 60000, 59900, 100},
		{"unknown", 2026, 100, 0, 100}, // a funder without a cap gives nothing
		{"samhsa", 2027, -5, 0, 0},
	} {
		awarded, held := a.Award(tc.funder, tc.year, tc.value)
		if awarded != tc.awarded || held != tc.held {
			t.Errorf("Award(%s, %d, %d) = %d, %d; want %d, %d", tc.funder, tc.year, tc.value, awarded, held, tc.awarded, tc.held)
		}
	}
	if r := a.Remaining("samhsa", 2026); r != 0 {
		t.Errorf("Remaining = %d after reaching the cap, want 0", r)
	}
}

// Property: whatever the schedules, outcomes, funders and years, what an
// account awards never passes a cap, and every award is all of the value
// or all that was left. A seeded loop, so a failure can be replayed.
func TestCapsAreNeverExceeded(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	statuses := []Status{Met, Met, Met, NotMet}
	for round := range 2000 {
		caps := map[string]Cents{"a": Cents(rng.IntN(100000) + 1), "b": Cents(rng.IntN(20000) + 1)}
		already := map[FunderYear]Cents{{"a", 2026}: Cents(rng.IntN(int(caps["a"]) + 1))}
		acct := NewAccount(caps, already)
		var s Schedule
		if rng.IntN(2) == 0 {
			s = Schedule{Kind: Vouchers, Voucher: &Voucher{Start: Cents(rng.IntN(5000) + 1), Increment: Cents(rng.IntN(3000)),
				Bonus: Cents(rng.IntN(5000)), BonusEvery: rng.IntN(5) + 1, Reset: rng.IntN(2) == 0, RestoreAfter: rng.IntN(6)}}
		} else {
			s = Schedule{Kind: Prizes, Prize: &Prize{Bowl: PetryBowl, Start: rng.IntN(3) + 1, Increment: rng.IntN(3), Every: rng.IntN(3) + 1, Reset: true}}
		}
		var list []Outcome
		for range rng.IntN(200) {
			list = append(list, Outcome{Status: statuses[rng.IntN(len(statuses))]})
		}
		earned, _ := s.Earnings(list)
		for _, e := range earned {
			funder, year := []string{"a", "b"}[rng.IntN(2)], 2026+rng.IntN(2)
			values := []Cents{e.Total()}
			for range e.Draws {
				_, tier := DrawSlip(PetryBowl, draw.NewSeed())
				values = append(values, tier.Value)
			}
			for _, v := range values {
				left := acct.Remaining(funder, year)
				awarded, held := acct.Award(funder, year, v)
				if awarded+held != v || awarded != min(v, left) {
					t.Fatalf("round %d: Award(%d) with %d left gave %d and held %d", round, v, left, awarded, held)
				}
			}
		}
		for fy, sum := range acct.Earned {
			if sum > caps[fy.Funder] {
				t.Fatalf("round %d: %s %d awarded %d, over its cap of %d", round, fy.Funder, fy.Year, sum, caps[fy.Funder])
			}
		}
	}
}

func TestFunderValidate(t *testing.T) {
	for _, tc := range []struct {
		f     Funder
		field string
	}{
		{Funder{Name: "SAMHSA grant", AnnualCap: DefaultAnnualCap}, ""},
		{Funder{Name: "Recovery Incentives Program", AnnualCap: 59900}, ""},
		{Funder{Name: " ", AnnualCap: 100}, "name"},
		{Funder{Name: "x", AnnualCap: 0}, "annual_cap_cents"},
		{Funder{Name: "x", AnnualCap: MaxAnnualCap + 1}, "annual_cap_cents"},
	} {
		fields := fieldsOf(t, tc.f.Validate())
		if _, ok := fields[tc.field]; tc.field == "" && fields != nil || tc.field != "" && !ok {
			t.Errorf("%+v: fields %v, want a problem with %q", tc.f, fields, tc.field)
		}
	}
}

func TestRedemptionValidate(t *testing.T) {
	good := Redemption{Amount: 2000, Form: FormGiftCard, Item: "Grocery gift card"}
	if err := good.Validate(2000); err != nil {
		t.Fatalf("a redemption of the whole balance was refused: %v", err)
	}
	over := good
	if err := over.Validate(1999); onward.ErrorCode(err) != onward.ECONFLICT {
		t.Fatalf("a redemption over the balance: %v, want a conflict", err)
	}
	for _, tc := range []struct {
		edit  func(*Redemption)
		field string
	}{
		{func(r *Redemption) { r.Form = "cash" }, "form"},
		{func(r *Redemption) { r.Item = "" }, "item"},
		{func(r *Redemption) { r.Amount = 0 }, "amount_cents"},
	} {
		r := good
		tc.edit(&r)
		if _, ok := fieldsOf(t, r.Validate(10000))[tc.field]; !ok {
			t.Errorf("%+v: want a problem with %s", r, tc.field)
		}
	}
}
