package contingency

import (
	"fmt"
	"strings"
	"testing"
)

// outcomes turns "NNNP N" into outcomes numbered from 1: N met
// (negative), P not met (positive), M not met (missed), ? pending; other
// characters are ignored.
func outcomes(s string) []Outcome {
	var out []Outcome
	for _, c := range s {
		o := Outcome{ID: fmt.Sprint(len(out) + 1)}
		switch c {
		case 'N':
			o.Status = Met
		case 'P', 'M':
			o.Status = NotMet
		case '?':
			o.Status = Pending
		default:
			continue
		}
		out = append(out, o)
	}
	return out
}

var higgins = Schedule{Kind: Vouchers, Voucher: &Higgins}

func total(es []Earning) Cents {
	var t Cents
	for _, e := range es {
		t += e.Total()
	}
	return t
}

// The classic 12-week schedule: 36 negative samples in a row earn $877.50
// in vouchers and $120 in bonuses, $997.50 in all (clinical-facts §9).
func TestHigginsTwelveWeekMaximum(t *testing.T) {
	earned, held := higgins.Earnings(outcomes(strings.Repeat("N", 36)))
	if held != 0 || len(earned) != 36 {
		t.Fatalf("%d earnings, %d held; want 36, 0", len(earned), held)
	}
	var vouchers, bonuses Cents
	for _, e := range earned {
		vouchers += e.Value
		bonuses += e.Bonus
	}
	if vouchers != 87750 || bonuses != 12000 || total(earned) != 99750 {
		t.Fatalf("vouchers %d, bonuses %d, total %d cents; want 87750, 12000, 99750", vouchers, bonuses, total(earned))
	}
	for _, tc := range []struct {
		sample int
		value  Cents
		bonus  Cents
	}{{1, 250, 0}, {2, 375, 0}, {3, 500, 1000}, {4, 625, 0}, {6, 875, 1000}, {36, 4625, 1000}} {
		e := earned[tc.sample-1]
		if e.Value != tc.value || e.Bonus != tc.bonus {
			t.Errorf("sample %d earns %d + %d bonus, want %d + %d", tc.sample, e.Value, e.Bonus, tc.value, tc.bonus)
		}
	}
}

// The reset and restoration rules, sample by sample (values in cents,
// bonus included).
func TestHigginsResetAndRestoration(t *testing.T) {
	for _, tc := range []struct {
		name     string
		outcomes string
		want     []Cents // what each outcome earns
		reset    []int   // samples (1-based) that reset the value
		restored []int   // samples that restore it
	}{
		{"PositiveResets", "NNNN P N",
			[]Cents{250, 375, 500 + 1000, 625, 0, 250}, []int{5}, nil},
		{"MissedCountsAsPositive", "NN M N",
			[]Cents{250, 375, 0, 250}, []int{3}, nil},
		{"EarnedMoneyIsNeverLost", "NNN P",
			[]Cents{250, 375, 1500, 0}, []int{4}, nil},
		{"BonusCountsAfterAReset", "N P NNN",
			[]Cents{250, 0, 250, 375, 500 + 1000}, []int{2}, nil},
		// Ten negatives reach $13.75; the positive would have earned $15.00.
		// Five negatives after it earn $2.50 to $7.50 and restore the value:
		// the sixth earns $15.00 again, then it climbs on.
		{"FiveNegativesRestoreThePreResetValue", "NNNNNNNNNN P NNNNN NN",
			[]Cents{250, 375, 1500, 625, 750, 1875, 1000, 1125, 2250, 1375, 0,
				250, 375, 1500, 625, 750, 1500 + 1000, 1625}, []int{11}, []int{16}},
		{"FourNegativesDoNotRestore", "NNNNNNNNNN P NNNN P N",
			[]Cents{250, 375, 1500, 625, 750, 1875, 1000, 1125, 2250, 1375, 0,
				250, 375, 1500, 625, 0, 250}, []int{11, 16}, nil},
		// A second positive before restoration keeps the higher value to
		// restore, and the count of five starts again.
		{"SecondResetKeepsTheHigherValue", "NNNNNNNNNN P NN P NNNNN N",
			[]Cents{250, 375, 1500, 625, 750, 1875, 1000, 1125, 2250, 1375, 0,
				250, 375, 0, 250, 375, 1500, 625, 750, 1500 + 1000}, []int{11, 14}, []int{19}},
		{"RestorationNeverLowersTheValue", "NN P NNNNN N",
			[]Cents{250, 375, 0, 250, 375, 1500, 625, 750, 875 + 1000}, []int{3}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			earned, _ := higgins.Earnings(outcomes(tc.outcomes))
			if len(earned) != len(tc.want) {
				t.Fatalf("%d earnings, want %d", len(earned), len(tc.want))
			}
			resets, restores := map[int]bool{}, map[int]bool{}
			for _, i := range tc.reset {
				resets[i] = true
			}
			for _, i := range tc.restored {
				restores[i] = true
			}
			for i, e := range earned {
				if e.Total() != tc.want[i] {
					t.Errorf("sample %d earns %d cents, want %d", i+1, e.Total(), tc.want[i])
				}
				if e.Reset != resets[i+1] || e.Restored != restores[i+1] {
					t.Errorf("sample %d: reset %v restored %v, want %v %v", i+1, e.Reset, e.Restored, resets[i+1], restores[i+1])
				}
			}
		})
	}
}

func TestVoucherOptions(t *testing.T) {
	capped := Schedule{Kind: Vouchers, Voucher: &Voucher{Start: 1000, Increment: 250, Max: 1500}}
	earned, _ := capped.Earnings(outcomes("NNNNN"))
	for i, want := range []Cents{1000, 1250, 1500, 1500, 1500} {
		if earned[i].Value != want {
			t.Errorf("with a $15 ceiling, sample %d is worth %d, want %d", i+1, earned[i].Value, want)
		}
	}
	noReset := Schedule{Kind: Vouchers, Voucher: &Voucher{Start: 100, Increment: 100, Bonus: 500, BonusEvery: 2}}
	earned, _ = noReset.Earnings(outcomes("N P N N"))
	if got := []Cents{earned[0].Total(), earned[2].Total(), earned[3].Total()}; got[0] != 100 || got[1] != 200 || got[2] != 300+500 {
		t.Errorf("without reset a positive keeps the value but breaks the bonus run: %v", got)
	}
}

func TestPrizeDraws(t *testing.T) {
	petry := Schedule{Kind: Prizes, Prize: &Petry}
	earned, _ := petry.Earnings(outcomes("NNNNNNNNNN P NN"))
	want := []int{1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 0, 1, 2}
	for i, e := range earned {
		if e.Draws != want[i] {
			t.Errorf("outcome %d earns %d draws, want %d", i+1, e.Draws, want[i])
		}
	}
	if !earned[10].Reset {
		t.Error("the positive did not reset the draws")
	}
	weekly := Schedule{Kind: Prizes, Prize: &Prize{Bowl: PetryBowl, Start: 1, Increment: 1, Every: 3, Reset: true}}
	earned, _ = weekly.Earnings(outcomes("NNNNNNN"))
	for i, want := range []int{1, 1, 1, 2, 2, 2, 3} {
		if earned[i].Draws != want {
			t.Errorf("one more draw every three in a row: outcome %d earns %d, want %d", i+1, earned[i].Draws, want)
		}
	}
}

func TestPendingHoldsEverythingAfterIt(t *testing.T) {
	earned, held := higgins.Earnings(outcomes("NN ? NN"))
	if len(earned) != 2 || held != 3 {
		t.Fatalf("%d earned, %d held; want 2 earned and 3 held until the confirmation", len(earned), held)
	}
	if _, waiting := higgins.Next(outcomes("NN ? N")); !waiting {
		t.Fatal("Next does not say CM is waiting for the confirmation")
	}
	next, waiting := higgins.Next(outcomes("NNN P NN"))
	if waiting || next.Value != 500 || next.Bonus != 1000 {
		t.Fatalf("after a reset and two negatives the next is worth %d + %d, want 500 + 1000", next.Value, next.Bonus)
	}
}

func TestScheduleValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     Schedule
		field string
	}{
		{"Higgins", higgins, ""},
		{"Petry", Schedule{Kind: Prizes, Prize: &Petry}, ""},
		{"NoKind", Schedule{}, "kind"},
		{"KindWithoutParameters", Schedule{Kind: Vouchers}, "kind"},
		{"ZeroStart", Schedule{Kind: Vouchers, Voucher: &Voucher{}}, "start_cents"},
		{"HugeIncrement", Schedule{Kind: Vouchers, Voucher: &Voucher{Start: 100, Increment: 1000000}}, "increment_cents"},
		{"MaxBelowStart", Schedule{Kind: Vouchers, Voucher: &Voucher{Start: 500, Max: 100}}, "max_cents"},
		{"BonusWithoutEvery", Schedule{Kind: Vouchers, Voucher: &Voucher{Start: 100, Bonus: 100}}, "bonus_every"},
		{"EmptyBowl", Schedule{Kind: Prizes, Prize: &Prize{Start: 1, Every: 1}}, "bowl"},
		{"UnknownTier", Schedule{Kind: Prizes, Prize: &Prize{Bowl: []Tier{{"mega", 1, 100}}, Start: 1, Every: 1}}, "bowl"},
		{"NoDraws", Schedule{Kind: Prizes, Prize: &Prize{Bowl: PetryBowl, Every: 1}}, "start_draws"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", fieldsOf(t, err))
				}
				return
			}
			if _, ok := fieldsOf(t, err)[tc.field]; !ok {
				t.Fatalf("fields %v, want one for %s", fieldsOf(t, err), tc.field)
			}
		})
	}
}

// A positive later confirmed negative: the samples after it deserve what
// they would have earned without the reset, and only the difference is
// due; what was paid is never taken back.
func TestDueAfterADisputeIsSettled(t *testing.T) {
	before, _ := higgins.Earnings(outcomes("NNNN P NN"))
	paid := map[string]Paid{}
	for _, e := range before {
		paid[e.OutcomeID] = Paid{Voucher: e.Value, Bonus: e.Bonus}
	}
	if due := Due(before, paid); len(due) != 0 {
		t.Fatalf("everything was paid, yet %+v is due", due)
	}
	after, _ := higgins.Earnings(outcomes("NNNN N NN"))
	due := Due(after, paid)
	// Sample 5 now earns $7.50; 6 earns $8.75 + $10 bonus instead of $2.50;
	// 7 earns $10.00 instead of $3.75.
	want := map[string]Cents{"5": 750, "6": 875 - 250 + 1000, "7": 1000 - 375}
	if len(due) != len(want) {
		t.Fatalf("due %+v, want three samples", due)
	}
	for _, d := range due {
		if d.Total() != want[d.OutcomeID] {
			t.Errorf("sample %s: %d due, want %d", d.OutcomeID, d.Total(), want[d.OutcomeID])
		}
	}
	worse, _ := higgins.Earnings(outcomes("NNNN P P N"))
	if due := Due(worse, paid); len(due) != 0 {
		t.Errorf("a lower value takes nothing back, yet %+v is due", due)
	}
}

func TestTotals(t *testing.T) {
	earned, redeemed, balance := Totals([]Entry{{Kind: EntryVoucher, Amount: 250}, {Kind: EntryBonus, Amount: 1000},
		{Kind: EntryPrize, Amount: 2000}, {Kind: EntryRedemption, Amount: 1500}})
	if earned != 3250 || redeemed != 1500 || balance != 1750 {
		t.Fatalf("Totals = %d, %d, %d", earned, redeemed, balance)
	}
}
