package contingency

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/draw"
	"github.com/onward-recovery/onward/internal/drugtest"
)

func TestOpioidAbstinenceAloneNeedsAReview(t *testing.T) {
	weekly := drugtest.Frequency{Count: 2, Per: drugtest.PerWeek}
	for _, tc := range []struct {
		name       string
		targets    []Target
		substances []string
		want       bool
	}{
		{"FentanylOnly", []Target{NegativeTest}, []string{drugtest.Fentanyl}, true},
		{"EveryOpioid", []Target{NegativeTest}, []string{drugtest.Fentanyl, drugtest.Opiates, drugtest.Oxycodone}, true},
		{"Stimulants", []Target{NegativeTest}, []string{drugtest.Cocaine, drugtest.Amphetamines}, false},
		{"OpioidsAndStimulants", []Target{NegativeTest}, []string{drugtest.Fentanyl, drugtest.Cocaine}, false},
		{"OpioidsAndAttendance", []Target{NegativeTest, Attendance}, []string{drugtest.Fentanyl}, false},
		{"AttendanceOnly", []Target{Attendance}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Arm{Name: "Arm", FunderID: "f", Schedule: higgins, Targets: tc.targets, Substances: tc.substances, Tests: weekly}
			if err := a.Validate(); err != nil {
				t.Fatal(fieldsOf(t, err))
			}
			if a.NeedsReview() != tc.want || (a.Status == ArmAwaitingReview) != tc.want {
				t.Fatalf("NeedsReview %v, status %s; want review %v", a.NeedsReview(), a.Status, tc.want)
			}
		})
	}
}

func TestArmValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		arm   Arm
		field string
	}{
		{"NoName", Arm{FunderID: "f", Schedule: higgins, Targets: []Target{Attendance}}, "name"},
		{"NoFunder", Arm{Name: "a", Schedule: higgins, Targets: []Target{Attendance}}, "funder"},
		{"NoTarget", Arm{Name: "a", FunderID: "f", Schedule: higgins}, "targets"},
		{"UnknownTarget", Arm{Name: "a", FunderID: "f", Schedule: higgins, Targets: []Target{"smiling"}}, "targets"},
		{"NoSubstances", Arm{Name: "a", FunderID: "f", Schedule: higgins, Targets: []Target{NegativeTest},
			Tests: drugtest.Frequency{Count: 2, Per: drugtest.PerWeek}}, "substances"},
		{"UnknownSubstance", Arm{Name: "a", FunderID: "f", Schedule: higgins, Targets: []Target{NegativeTest},
			Substances: []string{"kratom"}, Tests: drugtest.Frequency{Count: 2, Per: drugtest.PerWeek}}, "substances"},
		{"NoTestingFrequency", Arm{Name: "a", FunderID: "f", Schedule: higgins, Targets: []Target{NegativeTest},
			Substances: []string{drugtest.Cocaine}}, "tests_count"},
		{"BadSchedule", Arm{Name: "a", FunderID: "f", Schedule: Schedule{Kind: Vouchers, Voucher: &Voucher{}}, Targets: []Target{Task}}, "start_cents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := fieldsOf(t, tc.arm.Validate())[tc.field]; !ok {
				t.Fatalf("fields %v, want a problem with %s", fieldsOf(t, tc.arm.Validate()), tc.field)
			}
		})
	}
}

func TestTestOutcome(t *testing.T) {
	now := time.Now()
	stimulants := []string{drugtest.Cocaine, drugtest.Amphetamines}
	test := func(status string, results ...string) drugtest.Test {
		t := drugtest.Test{ID: "t", Status: status}
		for i := 0; i+1 < len(results); i += 2 {
			t.Results = append(t.Results, drugtest.Result{Substance: results[i], Value: results[i+1]})
		}
		return t
	}
	disputed := test(drugtest.Collected, drugtest.Cocaine, drugtest.Positive, drugtest.Amphetamines, drugtest.Negative)
	disputed.DisputedAt = &now
	confirmedDisputed := disputed
	confirmedDisputed.ConfirmedByID = "c"
	confirmNegative := test(drugtest.Collected, drugtest.Cocaine, drugtest.Negative)
	confirmPositive := test(drugtest.Collected, drugtest.Cocaine, drugtest.Positive)
	confirmation := confirmNegative
	confirmation.ConfirmsID = "t"
	for _, tc := range []struct {
		name   string
		test   drugtest.Test
		conf   *drugtest.Test
		status Status
		counts bool
	}{
		{"AllNegative", test(drugtest.Collected, drugtest.Cocaine, drugtest.Negative, drugtest.Amphetamines, drugtest.Negative,
			drugtest.Buprenorphine, drugtest.Positive), nil, Met, true},
		{"OnePositive", test(drugtest.Collected, drugtest.Cocaine, drugtest.Negative, drugtest.Amphetamines, drugtest.Positive), nil, NotMet, true},
		{"Invalid", test(drugtest.Collected, drugtest.Cocaine, drugtest.Invalid, drugtest.Amphetamines, drugtest.Negative), nil, NotMet, true},
		{"Missed", test(drugtest.Missed), nil, NotMet, true},
		{"NotTestedFor", test(drugtest.Collected, drugtest.Cocaine, drugtest.Negative), nil, "", false},
		{"BreathOnly", test(drugtest.Collected, drugtest.Alcohol, drugtest.Negative), nil, "", false},
		{"DisputedWaits", disputed, nil, Pending, true},
		{"ConfirmedNegative", confirmedDisputed, &confirmNegative, Met, true},
		{"ConfirmedPositive", confirmedDisputed, &confirmPositive, NotMet, true},
		{"AConfirmationIsNotASample", confirmation, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, counts := TestOutcome(tc.test, tc.conf, stimulants)
			if status != tc.status || counts != tc.counts {
				t.Fatalf("TestOutcome = %q, %v; want %q, %v", status, counts, tc.status, tc.counts)
			}
		})
	}
}

func TestDrawsCanBeCheckedFromTheLedger(t *testing.T) {
	seed := draw.NewSeed()
	slip, tier := DrawSlip(PetryBowl, seed)
	if slip < 0 || slip >= 500 || TierOf(PetryBowl, slip) != tier {
		t.Fatalf("slip %d of tier %+v", slip, tier)
	}
	if !Verify(draw.Algorithm, PetryBowl, seed, slip, tier.Name) {
		t.Fatal("the recorded draw does not verify")
	}
	if Verify(draw.Algorithm, PetryBowl, seed, (slip+1)%500, TierOf(PetryBowl, (slip+1)%500).Name) {
		t.Fatal("another slip verified with the same seed")
	}
	if Verify("md5-v0", PetryBowl, seed, slip, tier.Name) {
		t.Fatal("a draw verified under an unknown algorithm")
	}
	for _, tc := range []struct {
		slip int
		tier string
	}{{0, "none"}, {249, "none"}, {250, "small"}, {458, "small"}, {459, "large"}, {498, "large"}, {499, "jumbo"}} {
		if got := TierOf(PetryBowl, tc.slip).Name; got != tc.tier {
			t.Errorf("slip %d is %s, want %s", tc.slip, got, tc.tier)
		}
	}
}
