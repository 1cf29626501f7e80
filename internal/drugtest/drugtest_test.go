package drugtest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

func TestExpected(t *testing.T) {
	bup := Prescribed("buprenorphine")
	methadone := Prescribed("methadone")
	none := Prescribed("none")
	for _, tc := range []struct {
		name       string
		substance  string
		value      string
		prescribed []string
		want       bool
	}{
		{"BuprenorphineFoundOnBuprenorphine", Buprenorphine, Positive, bup, true},
		{"BuprenorphineMissingOnBuprenorphine", Buprenorphine, Negative, bup, false},
		{"BuprenorphineFoundWithoutPrescription", Buprenorphine, Positive, none, false},
		{"MethadoneFoundOnMethadone", Methadone, Positive, methadone, true},
		{"MethadoneMissingOnMethadone", Methadone, Negative, methadone, false},
		{"MethadoneOnBuprenorphine", Methadone, Positive, bup, false},
		{"FentanylFound", Fentanyl, Positive, bup, false},
		{"FentanylNotFound", Fentanyl, Negative, bup, true},
		{"CocaineNotFoundWithoutMedication", Cocaine, Negative, none, true},
		{"NaltrexoneShowsOnNoScreen", Opiates, Negative, Prescribed("naltrexone"), true},
		{"PrescribedBenzodiazepine", Benzodiazepines, Positive, []string{Buprenorphine, Benzodiazepines}, true},
		{"InvalidIsNeverExpected", Cannabis, Invalid, none, false},
		{"InvalidPrescribedIsNeverExpected", Buprenorphine, Invalid, bup, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Expected(tc.substance, tc.value, tc.prescribed); got != tc.want {
				t.Errorf("Expected(%s, %s, %v) = %v, want %v", tc.substance, tc.value, tc.prescribed, got, tc.want)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	test := Test{Results: []Result{{Substance: Buprenorphine, Value: Negative}, {Substance: Fentanyl, Value: Negative}}}
	test.Judge(nil)
	if test.Unexpected() || test.Results[0].Expected != nil {
		t.Fatal("with prescriptions not known, no result may be judged")
	}
	test.Judge(Prescribed("buprenorphine"))
	if !test.Unexpected() || !test.Results[0].Unexpected() || test.Results[1].Unexpected() {
		t.Fatalf("on buprenorphine, a negative buprenorphine result is unexpected and a negative fentanyl one is not: %+v", test.Results)
	}
}

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *onward.Error
	if err == nil {
		return nil
	}
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an onward.Error", err)
	}
	out := map[string]string{}
	for k, v := range e.Fields {
		out[k] = v.ID
	}
	return out
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	good := func() Test {
		return Test{Status: Collected, Specimen: Urine, Setting: PointOfCare, Observed: true, CollectedAt: now.Add(-time.Hour),
			Results: []Result{{Substance: Fentanyl, Value: Negative}, {Substance: Cocaine, Value: Positive}}}
	}
	panel := DefaultPanel
	for _, tc := range []struct {
		name  string
		edit  func(*Test)
		panel []string
		field string
		id    string
	}{
		{"Good", func(*Test) {}, nil, "", ""},
		{"UnknownSubstance", func(t *Test) { t.Results[0].Substance = "kratom" }, nil, "results", "testing.unknown_substance"},
		{"NotOnThePanel", func(*Test) {}, []string{Fentanyl}, "results", "testing.not_on_the_panel"},
		{"SubstanceTwice", func(t *Test) { t.Results[1].Substance = Fentanyl }, nil, "results", "testing.substance_twice"},
		{"BadResult", func(t *Test) { t.Results[0].Value = "maybe" }, nil, "result_fentanyl", "testing.choose_a_result"},
		{"NoResults", func(t *Test) { t.Results = nil }, nil, "results", "testing.enter_at_least_one_result"},
		{"NoSpecimen", func(t *Test) { t.Specimen = "" }, nil, "specimen", "testing.choose_a_specimen"},
		{"NoSetting", func(t *Test) { t.Setting = "home" }, nil, "setting", "testing.choose_where_tested"},
		{"BreathIsAlcoholOnly", func(t *Test) { t.Specimen = Breath }, nil, "results", "testing.breath_is_alcohol_only"},
		{"BreathAlcohol", func(t *Test) { t.Specimen = Breath; t.Results = []Result{{Substance: Alcohol, Value: Negative}} }, nil, "", ""},
		{"NoTime", func(t *Test) { t.CollectedAt = time.Time{} }, nil, "collected_at", "testing.enter_when_collected"},
		{"Future", func(t *Test) { t.CollectedAt = now.Add(time.Hour) }, nil, "collected_at", "testing.collected_in_the_future"},
		{"LongAgo", func(t *Test) { t.CollectedAt = now.AddDate(-2, 0, 0) }, nil, "collected_at", "testing.collected_too_long_ago"},
		{"NoStatus", func(t *Test) { t.Status = "" }, nil, "status", "testing.choose_collected_or_missed"},
		{"MissedWithResults", func(t *Test) { t.Status = Missed }, nil, "results", "testing.missed_has_no_results"},
		{"Missed", func(t *Test) { t.Status = Missed; t.Results = nil; t.Specimen = "" }, nil, "", ""},
		{"LongKey", func(t *Test) { t.Key = string(make([]byte, 200)) }, nil, "key", "testing.key_too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test := good()
			tc.edit(&test)
			p := panel
			if tc.panel != nil {
				p = tc.panel
			}
			fields := fieldsOf(t, test.Validate(p, now))
			if tc.field == "" {
				if fields != nil {
					t.Fatalf("a good test was refused: %v", fields)
				}
				return
			}
			if fields[tc.field] != tc.id {
				t.Fatalf("fields %v, want %s: %s", fields, tc.field, tc.id)
			}
		})
	}
	t.Run("ResultsInPanelOrder", func(t *testing.T) {
		test := good()
		test.Results = []Result{{Substance: Alcohol, Value: Negative}, {Substance: Fentanyl, Value: Negative}}
		if err := test.Validate(panel, now); err != nil {
			t.Fatal(err)
		}
		if test.Results[0].Substance != Fentanyl {
			t.Fatalf("results %+v, want fentanyl first", test.Results)
		}
	})
	t.Run("MissedDropsSpecimen", func(t *testing.T) {
		test := Test{Status: Missed, Specimen: Urine, Setting: Laboratory, Observed: true, CollectedAt: now}
		if err := test.Validate(panel, now); err != nil || test.Specimen != "" || test.Observed {
			t.Fatalf("missed test %+v, %v; want no specimen kept", test, err)
		}
	})
}

func TestPanelAndNote(t *testing.T) {
	if ValidPanel(nil) == nil || ValidPanel([]string{"kratom"}) == nil || ValidPanel([]string{Cocaine}) != nil {
		t.Error("ValidPanel: an empty or unknown panel must be refused, a known one accepted")
	}
	if ValidDisputeNote(string(make([]rune, 501))) == nil || ValidDisputeNote("I take poppy seed bagels") != nil {
		t.Error("ValidDisputeNote: too long refused, a short note accepted")
	}
}

func date(s string) recovery.Date {
	d, err := recovery.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPeriodOf(t *testing.T) {
	for _, tc := range []struct{ day, per, start, end string }{
		{"2026-11-21", PerWeek, "2026-11-16", "2026-11-22"}, // a Saturday
		{"2026-11-16", PerWeek, "2026-11-16", "2026-11-22"}, // a Monday
		{"2026-11-22", PerWeek, "2026-11-16", "2026-11-22"}, // a Sunday
		{"2026-12-31", PerWeek, "2026-12-28", "2027-01-03"},
		{"2026-11-21", PerMonth, "2026-11-01", "2026-11-30"},
		{"2028-02-10", PerMonth, "2028-02-01", "2028-02-29"},
	} {
		p := PeriodOf(date(tc.day), tc.per)
		if p.Start.String() != tc.start || p.End.String() != tc.end {
			t.Errorf("PeriodOf(%s, %s) = %s..%s, want %s..%s", tc.day, tc.per, p.Start, p.End, tc.start, tc.end)
		}
	}
}

func TestDrawDays(t *testing.T) {
	week := PeriodOf(date("2026-11-16"), PerWeek)
	eligible := EligibleDays(week, date("2026-11-16"), true)
	if len(eligible) != 5 || eligible[4].String() != "2026-11-20" {
		t.Fatalf("weekdays of the week: %v", eligible)
	}
	if got := EligibleDays(week, date("2026-11-19"), false); len(got) != 4 {
		t.Fatalf("from Thursday, every day: %v, want 4 days", got)
	}
	seed := []byte("recorded seed")
	days := DrawDays(seed, eligible, 3)
	if len(days) != 3 || !slices.IsSortedFunc(days, recovery.Date.Compare) {
		t.Fatalf("DrawDays = %v, want three days in order", days)
	}
	if again := DrawDays(seed, eligible, 3); !slices.Equal(again, days) {
		t.Fatalf("the same seed drew %v, then %v", days, again)
	}
	if all := DrawDays(seed, eligible[:2], 3); len(all) != 2 {
		t.Fatalf("two days left for three tests: %v, want both days", all)
	}
}

func TestFrequency(t *testing.T) {
	for _, tc := range []struct {
		f     Frequency
		field string
	}{
		{Frequency{Count: 3, Per: PerWeek}, ""},
		{Frequency{Count: 8, Per: PerMonth, WeekdaysOnly: true}, ""},
		{Frequency{Count: 6, Per: PerWeek, WeekdaysOnly: true}, "count"},
		{Frequency{Count: 0, Per: PerWeek}, "count"},
		{Frequency{Count: 2, Per: "day"}, "per"},
	} {
		fields := fieldsOf(t, tc.f.Validate())
		if _, ok := fields[tc.field]; tc.field != "" && !ok || tc.field == "" && fields != nil {
			t.Errorf("%+v: fields %v, want a problem with %q", tc.f, fields, tc.field)
		}
	}
}

func TestDisputable(t *testing.T) {
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	no := false
	test := func(edit func(*Test)) Test {
		t := Test{Status: Collected, CollectedAt: now.Add(-24 * time.Hour), Results: []Result{{Substance: Cocaine, Value: Positive}}}
		edit(&t)
		return t
	}
	for _, tc := range []struct {
		name string
		test Test
		want bool
	}{
		{"Positive", test(func(*Test) {}), true},
		{"Invalid", test(func(t *Test) { t.Results[0].Value = Invalid }), true},
		{"UnexpectedNegative", test(func(t *Test) { t.Results[0] = Result{Substance: Buprenorphine, Value: Negative, Expected: &no} }), true},
		{"PlainNegative", test(func(t *Test) { t.Results[0].Value = Negative }), false},
		{"Missed", test(func(t *Test) { t.Status, t.Results = Missed, nil }), false},
		{"AConfirmation", test(func(t *Test) { t.ConfirmsID = "x" }), false},
		{"AlreadyDisputed", test(func(t *Test) { t.DisputedAt = &now }), false},
		{"SevenDaysLater", test(func(t *Test) { t.CollectedAt = now.Add(-DisputeWindow) }), true},
		{"TooLate", test(func(t *Test) { t.CollectedAt = now.Add(-DisputeWindow - time.Minute) }), false},
	} {
		if got := tc.test.Disputable(now); got != tc.want {
			t.Errorf("%s: Disputable = %v, want %v", tc.name, got, tc.want)
		}
	}
}
