package medication

import (
	"math"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/caseload"
	"github.com/onward-recovery/onward/internal/recovery"
)

var today = recovery.Date{Year: 2026, Month: time.December, Day: 10}

func dayAt(offset int) recovery.Date { return today.AddDays(offset) }

func ptr[T any](v T) *T { return &v }

// fieldOf returns the message id of field in err, "" when err is not a
// field error naming it.
func fieldOf(err error, field string) string {
	e, ok := err.(*onward.Error)
	if !ok {
		return ""
	}
	return e.Fields[field].ID
}

func TestDecision(t *testing.T) {
	allMet := map[Criterion]bool{CriterionStability: true, CriterionAttendance: true, CriterionBehaviour: true, CriterionDiversion: true, CriterionStorage: true}
	tests := []struct {
		name       string
		day        int // in treatment
		previous   int
		d          Decision
		field, msg string
		change     Change
	}{
		{name: "RaiseWithinTheCeiling", day: 20, previous: 6, change: Increase,
			d: Decision{Days: 14, Reason: "criteria_met", Criteria: allMet, Benefit: true, ReviewOn: dayAt(30)}},
		{name: "RaiseBeyondTheCeiling", day: 20, previous: 6, field: "days", msg: "meds.beyond_the_ceiling",
			d: Decision{Days: 15, Reason: "criteria_met", Criteria: allMet, Benefit: true, ReviewOn: dayAt(30)}},
		{name: "RaiseAtDay14To8", day: 14, previous: 7, field: "days", msg: "meds.beyond_the_ceiling",
			d: Decision{Days: 8, Reason: "criteria_met", Criteria: allMet, Benefit: true, ReviewOn: dayAt(30)}},
		{name: "RaiseWithoutCriteria", day: 40, previous: 6, field: "criteria", msg: "meds.answer_every_criterion",
			d: Decision{Days: 13, Reason: "criteria_met", Benefit: true, ReviewOn: dayAt(30)}},
		{name: "RaiseWithoutBenefit", day: 40, previous: 6, field: "benefit", msg: "meds.benefit_must_outweigh_risk",
			d: Decision{Days: 13, Reason: "criteria_met", Criteria: allMet, ReviewOn: dayAt(30)}},
		{name: "RaiseWithADecreaseReason", day: 40, previous: 6, field: "reason", msg: "meds.choose_a_reason",
			d: Decision{Days: 13, Reason: "missed_doses", Criteria: allMet, Benefit: true, ReviewOn: dayAt(30)}},
		{name: "ACriterionMayBeAConcern", day: 40, previous: 6, change: Increase,
			d: Decision{Days: 7, Reason: "work_school_or_care", Criteria: map[Criterion]bool{CriterionStability: true, CriterionAttendance: false,
				CriterionBehaviour: true, CriterionDiversion: true, CriterionStorage: true}, Benefit: true, ReviewOn: dayAt(14)}},
		{name: "RevokeNeedsAReviewDate", day: 40, previous: 6, field: "review_on", msg: "meds.give_a_review_date",
			d: Decision{Days: 0, Reason: "safety_concern"}},
		{name: "Revoke", day: 40, previous: 6, change: Revoke,
			d: Decision{Days: 0, Reason: "safety_concern", ReviewOn: dayAt(14)}},
		{name: "Decrease", day: 40, previous: 6, change: Decrease,
			d: Decision{Days: 2, Reason: "missed_doses", ReviewOn: dayAt(14)}},
		{name: "ReviewToday", day: 40, previous: 6, field: "review_on", msg: "meds.review_in_the_future",
			d: Decision{Days: 2, Reason: "missed_doses", ReviewOn: today}},
		{name: "ReviewTooFar", day: 40, previous: 6, field: "review_on", msg: "meds.review_within",
			d: Decision{Days: 2, Reason: "missed_doses", ReviewOn: dayAt(MaxReviewDays + 1)}},
		{name: "ReviewAtTheLimit", day: 40, previous: 6, change: Decrease,
			d: Decision{Days: 2, Reason: "missed_doses", ReviewOn: dayAt(MaxReviewDays)}},
		{name: "OtherNeedsANote", day: 40, previous: 6, field: "note", msg: "meds.say_why",
			d: Decision{Days: 2, Reason: "other", ReviewOn: dayAt(14)}},
		{name: "KeepingTakeHomesNeedsTheCriteria", day: 40, previous: 6, field: "criteria", msg: "meds.answer_every_criterion",
			d: Decision{Days: 6, Reason: "review_no_change", Benefit: true, ReviewOn: dayAt(30)}},
		{name: "Negative", day: 40, previous: 6, field: "days", msg: "meds.take_home_days_between",
			d: Decision{Days: -1, Reason: "safety_concern", ReviewOn: dayAt(30)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			err := ValidateDecision(&d, tt.previous, CeilingFor(Methadone, tt.day, nil, nil), today)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %#v", err)
				}
				if d.Change != tt.change {
					t.Errorf("change %q, want %q", d.Change, tt.change)
				}
				return
			}
			if got := fieldOf(err, tt.field); got != tt.msg {
				t.Fatalf("got %#v, want %s on %s", err, tt.msg, tt.field)
			}
		})
	}
	d := Decision{Days: 1, Reason: "criteria_met", Criteria: allMet, Benefit: true, ReviewOn: dayAt(7)}
	if err := ValidateDecision(&d, 0, CeilingFor(Buprenorphine, 40, nil, nil), today); fieldOf(err, "days") != "meds.take_home_decisions_are_for_methadone" {
		t.Errorf("a decision on buprenorphine: %v, want it refused as methadone only", err)
	}
}

// Every reason code is offered for at least one change and none repeats
// within a change.
func TestReasons(t *testing.T) {
	for change, list := range Reasons {
		seen := map[string]bool{}
		for _, r := range list {
			if seen[r] {
				t.Errorf("%s lists %s twice", change, r)
			}
			seen[r] = true
		}
	}
	if len(AllReasons()) < 10 {
		t.Errorf("AllReasons() = %v", AllReasons())
	}
}

func TestNaltrexoneStartRule(t *testing.T) {
	start := today
	tests := []struct {
		name     string
		lastUse  *recovery.Date
		agonist  *AgonistUse
		warnings []string
	}{
		{"SevenDaysClean", ptr(dayAt(-7)), nil, nil},
		{"SixDaysClean", ptr(dayAt(-6)), nil, []string{"meds.naltrexone_too_soon_after_opioids"}},
		{"UseToday", ptr(today), nil, []string{"meds.naltrexone_too_soon_after_opioids"}},
		{"Unknown", nil, nil, []string{"meds.naltrexone_opioid_free_unknown"}},
		{"ThirteenDaysAfterMethadone", ptr(dayAt(-13)), &AgonistUse{Methadone, dayAt(-13)}, []string{"meds.naltrexone_too_soon_after_agonist"}},
		{"FourteenDaysAfterBuprenorphine", ptr(dayAt(-14)), &AgonistUse{Buprenorphine, dayAt(-14)}, nil},
		{"Both", ptr(dayAt(-3)), &AgonistUse{Buprenorphine, dayAt(-3)},
			[]string{"meds.naltrexone_too_soon_after_opioids", "meds.naltrexone_too_soon_after_agonist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NaltrexoneStartWarnings(start, tt.lastUse, tt.agonist)
			if len(got) != len(tt.warnings) {
				t.Fatalf("warnings %v, want %v", got, tt.warnings)
			}
			for i := range got {
				if got[i].ID != tt.warnings[i] {
					t.Errorf("warning %d is %s, want %s", i, got[i].ID, tt.warnings[i])
				}
			}
			if len(got) > 0 {
				if fieldOf(RequireOverride(got, "ok"), "override") != "meds.override_needed" {
					t.Error("a start against the rule went ahead with no documented override")
				}
				if err := RequireOverride(got, "Detox completed in hospital, naloxone challenge negative."); err != nil {
					t.Errorf("a documented override was refused: %v", err)
				}
			}
		})
	}
}

func TestOrderVersions(t *testing.T) {
	v1 := Order{ID: "v1", SeriesID: "v1", Version: 1, Kind: Methadone, Form: OralLiquid, DoseMg: 60, Times: []string{"08:00"}, StartOn: dayAt(-10)}
	v2 := Order{ID: "v2", SeriesID: "v1", Version: 2, Kind: Methadone, Form: OralLiquid, DoseMg: 70, Times: []string{"08:00"}, StartOn: dayAt(1),
		EndOn: ptr(dayAt(20))}
	versions := []Order{v2, v1}
	for _, tt := range []struct {
		day  int
		want string
	}{{-11, ""}, {-10, "v1"}, {0, "v1"}, {1, "v2"}, {20, "v2"}, {21, ""}} {
		got := Effective(versions, dayAt(tt.day))
		if (got == nil) != (tt.want == "") || got != nil && got.ID != tt.want {
			t.Errorf("day %d: in force %v, want %q", tt.day, got, tt.want)
		}
	}
	low := Order{Kind: Buprenorphine, Form: Film, DoseMg: 16, StartOn: today, Start: StartLowDose, LowDose: BerneseExample}
	for i, want := range BerneseExample {
		if got := low.DoseOn(dayAt(i)); got != want {
			t.Errorf("low-dose day %d: %v mg, want %v", i+1, got, want)
		}
	}
	if got := low.DoseOn(dayAt(len(BerneseExample))); got != 16 {
		t.Errorf("after the low-dose steps: %v mg, want the order's 16", got)
	}
}

func TestValidateOrder(t *testing.T) {
	base := func() Order {
		return Order{Kind: Methadone, Form: OralLiquid, DoseMg: 80, Times: []string{"8:00"}, StartOn: today}
	}
	tests := []struct {
		name       string
		edit       func(*Order)
		previous   *Order
		field, msg string
	}{
		{"Fine", func(*Order) {}, nil, "", ""},
		{"NegativeDose", func(o *Order) { o.DoseMg = -5 }, nil, "dose_mg", "meds.dose_between"},
		{"AbsurdDose", func(o *Order) { o.DoseMg = 4000 }, nil, "dose_mg", "meds.dose_between"},
		{"NaNDose", func(o *Order) { o.DoseMg = math.NaN() }, nil, "dose_mg", "meds.dose_between"},
		{"NaloxoneIsNotOrdered", func(o *Order) { o.Kind, o.Form = Naloxone, NasalSpray }, nil, "kind", "meds.choose_the_medicine"},
		{"WrongForm", func(o *Order) { o.Form = Film }, nil, "form", "meds.choose_the_form"},
		{"NoTime", func(o *Order) { o.Times = nil }, nil, "times", "meds.give_a_dose_time"},
		{"BadTime", func(o *Order) { o.Times = []string{"25:00"} }, nil, "times", "meds.times_like_08_00"},
		{"Backdated", func(o *Order) { o.StartOn = dayAt(-2) }, nil, "start_on", "meds.order_not_backdated"},
		{"ChangeInThePast", func(o *Order) { o.StartOn = dayAt(-1) }, &Order{Kind: Methadone}, "start_on", "meds.change_from_today"},
		{"ChangeToAnotherMedicine", func(o *Order) { o.Kind, o.Form = Buprenorphine, Film; o.DoseMg = 16 }, &Order{Kind: Methadone},
			"kind", "meds.new_series_for_another_medicine"},
		{"LowDoseForMethadone", func(o *Order) { o.Start = StartLowDose; o.LowDose = BerneseExample }, nil, "start", "meds.low_dose_needs_sublingual_buprenorphine"},
		{"LowDoseTooShort", func(o *Order) {
			o.Kind, o.Form, o.DoseMg, o.Start, o.LowDose = Buprenorphine, Film, 16, StartLowDose, []float64{0.5, 1}
		}, nil, "low_dose", "meds.low_dose_days"},
		{"LowDoseAbsurdStep", func(o *Order) {
			o.Kind, o.Form, o.DoseMg, o.Start, o.LowDose = Buprenorphine, Film, 16, StartLowDose, []float64{0.5, 1, 200}
		}, nil, "low_dose", "meds.dose_between"},
		{"InjectionNeedsNoTime", func(o *Order) { o.Kind, o.Form, o.DoseMg, o.Times = Naltrexone, XRInjection, 380, nil }, nil, "", ""},
		{"XRNaltrexoneIs380", func(o *Order) { o.Kind, o.Form, o.DoseMg, o.Times = Naltrexone, XRInjection, 350, nil }, nil, "dose_mg", "meds.dose_between"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base()
			tt.edit(&o)
			err := ValidateOrder(&o, tt.previous, today)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %#v", err)
				}
				return
			}
			if got := fieldOf(err, tt.field); got != tt.msg {
				t.Fatalf("got %#v, want %s on %s", err, tt.msg, tt.field)
			}
		})
	}
}

func TestValidateDose(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, time.December, 10, 9, 30, 0, 0, loc)
	spec, _ := SpecOf(Buprenorphine, Film)
	tests := []struct {
		name       string
		d          Dose
		byStaff    bool
		field, msg string
	}{
		{"Taken", Dose{Day: today, Status: Taken, Setting: Home, DoseMg: 16}, false, "", ""},
		{"Missed", Dose{Day: today, Status: Missed, Setting: Home}, false, "", ""},
		{"FutureDay", Dose{Day: dayAt(1), Status: Taken, Setting: Home, DoseMg: 16}, false, "day", "meds.not_in_the_future"},
		{"FutureTime", Dose{Day: today, Status: Taken, Setting: Home, DoseMg: 16, TakenAt: ptr(now.Add(time.Hour))}, false, "taken_at", "meds.not_in_the_future"},
		{"ClockAMinuteFast", Dose{Day: today, Status: Taken, Setting: Home, DoseMg: 16, TakenAt: ptr(now.Add(time.Minute))}, false, "", ""},
		{"NegativeDose", Dose{Day: today, Status: Taken, Setting: Home, DoseMg: -16}, false, "dose_mg", "meds.dose_between"},
		{"AbsurdDose", Dose{Day: today, Status: Taken, Setting: Home, DoseMg: 1600}, false, "dose_mg", "meds.dose_between"},
		{"ZeroDoseTaken", Dose{Day: today, Status: Taken, Setting: Home}, false, "dose_mg", "meds.dose_between"},
		{"SevenDaysBack", Dose{Day: dayAt(-7), Status: Late, Setting: Home, DoseMg: 16, TakenAt: ptr(now)}, false, "", ""},
		{"EightDaysBack", Dose{Day: dayAt(-8), Status: Late, Setting: Home, DoseMg: 16}, false, "day", "meds.too_far_back"},
		{"StaffTwoDaysBack", Dose{Day: dayAt(-2), Status: Taken, Setting: Observed, DoseMg: 16}, true, "day", "meds.too_far_back"},
		{"MemberCannotRefuse", Dose{Day: today, Status: Refused, Setting: Home}, false, "status", "meds.choose_what_happened"},
		{"StaffRecordsARefusal", Dose{Day: today, Status: Refused, Setting: Observed}, true, "", ""},
		{"UnknownSetting", Dose{Day: today, Status: Missed, Setting: "car"}, false, "setting", "meds.choose_where"},
		{"TakenBeforeItsDay", Dose{Day: today, Status: Late, Setting: Home, DoseMg: 16, TakenAt: ptr(now.AddDate(0, 0, -1))}, false, "taken_at", "meds.taken_before_its_day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			err := ValidateDose(&d, spec, tt.byStaff, now, loc)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %#v", err)
				}
				if d.Status.Took() && d.TakenAt == nil {
					t.Error("a taken dose has no time")
				}
				return
			}
			if got := fieldOf(err, tt.field); got != tt.msg {
				t.Fatalf("got %#v, want %s on %s", err, tt.msg, tt.field)
			}
		})
	}
}

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name       string
		p          Plan
		field, msg string
	}{
		{"Film", Plan{Kind: Buprenorphine, Form: Film, DoseMg: 16, Times: []string{"08:00"}, StartOn: today}, "", ""},
		{"Monthly", Plan{Kind: Buprenorphine, Form: XRInjection, DoseMg: 300, NextDue: ptr(dayAt(20)), StartOn: dayAt(-10)}, "", ""},
		{"MonthlyWithoutDay", Plan{Kind: Buprenorphine, Form: XRInjection, DoseMg: 300, StartOn: today}, "next_due", "meds.give_the_next_injection_day"},
		{"Kit", Plan{Kind: Naloxone, Form: NasalSpray, DoseMg: 4, KitExpires: ptr(dayAt(400)), StartOn: today}, "", ""},
		{"KitWithoutExpiry", Plan{Kind: Naloxone, Form: NasalSpray, StartOn: today}, "kit_expires", "meds.give_the_expiry_date"},
		{"FiveTimes", Plan{Kind: Buprenorphine, Form: Film, DoseMg: 4, Times: []string{"06:00", "09:00", "12:00", "15:00", "18:00"}, StartOn: today},
			"times", "meds.at_most_four_times"},
		{"NoTimes", Plan{Kind: Buprenorphine, Form: Film, DoseMg: 4, StartOn: today}, "times", "meds.give_a_dose_time"},
		{"MethadoneTablet", Plan{Kind: Methadone, Form: Film, DoseMg: 40, Times: []string{"08:00"}, StartOn: today}, "form", "meds.choose_how_you_take_it"},
		{"UnknownMedicine", Plan{Kind: "aspirin", Form: Film, StartOn: today}, "kind", "meds.choose_the_medicine"},
		{"Absurd", Plan{Kind: Methadone, Form: OralLiquid, DoseMg: 9000, Times: []string{"08:00"}, StartOn: today}, "dose_mg", "meds.dose_between"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			err := p.Validate(today)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("refused: %#v", err)
				}
				return
			}
			if got := fieldOf(err, tt.field); got != tt.msg {
				t.Fatalf("got %#v, want %s on %s", err, tt.msg, tt.field)
			}
		})
	}
}

func TestAdherence(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, time.December, 10, 12, 0, 0, 0, loc)
	plan := Plan{ID: "p", Kind: Buprenorphine, Form: Film, DoseMg: 16, Times: []string{"08:00", "20:00"}, StartOn: dayAt(-30)}
	var slots []Slot
	for i := -6; i <= 0; i++ {
		slots = append(slots, PlanSlots(&plan, dayAt(i))...)
	}
	dose := func(day int, slot string, s Status) Dose {
		return Dose{ScheduleID: "p", Day: dayAt(day), Slot: slot, Status: s}
	}
	doses := []Dose{dose(0, "08:00", Taken), dose(-1, "08:00", Taken), dose(-1, "20:00", Late), dose(-2, "08:00", Missed)}
	a := AdherenceOf(slots, doses, now, loc)
	// 13 due (today's 20:00 is not yet), 3 taken, 1 missed, 9 not logged.
	want := Adherence{Scheduled: 13, Taken: 3, Late: 1, Missed: 1, Unlogged: 9}
	if a != want {
		t.Fatalf("adherence %+v, want %+v", a, want)
	}
	if a.Percent() != 23 {
		t.Errorf("percent %d, want 23", a.Percent())
	}
	if (Adherence{}).Percent() != 0 {
		t.Error("nothing due is 0%")
	}
	if m := MarkOf(PlanSlots(&plan, today), doses[:1], now, loc); m != MarkPending {
		t.Errorf("today with the evening dose to come: %q, want pending", m)
	}
	if m := MarkOf(PlanSlots(&plan, dayAt(-1)), doses[1:3], now, loc); m != MarkTaken {
		t.Errorf("yesterday, both taken: %q", m)
	}
	if m := MarkOf(PlanSlots(&plan, dayAt(-2)), doses[3:], now, loc); m != MarkMissed {
		t.Errorf("a missed dose: %q", m)
	}
	if m := MarkOf(PlanSlots(&plan, dayAt(-3)), nil, now, loc); m != MarkUnlogged {
		t.Errorf("nothing logged: %q", m)
	}
	if m := MarkOf(nil, nil, now, loc); m != MarkNone {
		t.Errorf("nothing scheduled: %q", m)
	}
}

func TestOrderSlotsTakeHomeAndInjections(t *testing.T) {
	order := []Order{{ID: "o", SeriesID: "o", Version: 1, Kind: Methadone, Form: OralLiquid, DoseMg: 80, Times: []string{"08:00"}, StartOn: dayAt(-40)}}
	supply := []Dispense{{SeriesID: "o", Day: dayAt(-1), Days: 2}}
	for day, want := range map[int]bool{-1: false, 0: true, 1: true, 2: false} {
		slots := OrderSlots(order, supply, dayAt(day))
		if len(slots) != 1 || slots[0].TakeHome != want {
			t.Errorf("day %d: %+v, want one slot with take-home %v", day, slots, want)
		}
	}
	xr := []Order{{ID: "x", SeriesID: "x", Version: 1, Kind: Naltrexone, Form: XRInjection, DoseMg: 380, StartOn: dayAt(-28)}}
	if s := OrderSlots(xr, nil, today); len(s) != 1 || s[0].Time != "" {
		t.Errorf("an injection 28 days after the first: %+v", s)
	}
	if s := OrderSlots(xr, nil, dayAt(-1)); len(s) != 0 {
		t.Errorf("no injection in between: %+v", s)
	}
}

func TestFlags(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, time.December, 10, 12, 0, 0, 0, loc)
	codes := func(evs []caseload.Event) map[string]time.Time {
		out := map[string]time.Time{}
		for _, e := range evs {
			out[e.Code] = e.At
		}
		return out
	}
	created := func(day int) time.Time { return time.Date(2026, time.December, 10+day, 9, 0, 0, 0, loc) }
	missed := func(day int) Dose {
		return Dose{ScheduleID: "o", Day: dayAt(day), Slot: "08:00", Status: Missed, CreatedAt: created(day)}
	}
	xr := Order{ID: "x", SeriesID: "x", Version: 1, Kind: Naltrexone, Form: XRInjection, DoseMg: 380, StartOn: dayAt(-30)}
	t.Run("MissedDosesAtTheProgramsCount", func(t *testing.T) {
		f := Facts{Doses: []Dose{missed(-1), missed(-3)}, Settings: Settings{MissedDoses: 2}}
		if at, ok := codes(Flags(f, now, loc))[caseload.FlagMissedDoses]; !ok || !at.Equal(created(-1)) {
			t.Errorf("two missed of two: %v", Flags(f, now, loc))
		}
		f.Settings.MissedDoses = 3
		if _, ok := codes(Flags(f, now, loc))[caseload.FlagMissedDoses]; ok {
			t.Error("two missed of three raised the flag")
		}
		f = Facts{Doses: []Dose{missed(-1), missed(-7)}, Settings: Settings{MissedDoses: 2}}
		if _, ok := codes(Flags(f, now, loc))[caseload.FlagMissedDoses]; ok {
			t.Error("a dose missed 7 days ago counted in the 7-day window")
		}
		f.Settings.MissedDoses = 0
		f.Doses = []Dose{missed(0), missed(-1), missed(-2)}
		if len(Flags(f, now, loc)) != 0 {
			t.Error("a program that turned the flag off got it")
		}
	})
	t.Run("InjectionOverdue", func(t *testing.T) {
		f := Facts{Orders: []Order{xr}}
		if at, ok := codes(Flags(f, now, loc))[caseload.FlagInjectionOverdue]; !ok || !at.Equal(time.Date(2026, time.December, 9, 0, 0, 0, 0, loc)) {
			t.Errorf("an injection due two days ago: %v", Flags(f, now, loc))
		}
		f.Doses = []Dose{{ScheduleID: "x", Day: dayAt(-2), Status: Late}}
		if _, ok := codes(Flags(f, now, loc))[caseload.FlagInjectionOverdue]; ok {
			t.Error("the injection was given (late) and is still overdue")
		}
		plan := Plan{ID: "p", Kind: Buprenorphine, Form: XRInjection, DoseMg: 300, NextDue: ptr(dayAt(-1)), StartOn: dayAt(-60)}
		if _, ok := codes(Flags(Facts{Plans: []Plan{plan}}, now, loc))[caseload.FlagInjectionOverdue]; !ok {
			t.Error("the member's own monthly injection a day late raised no flag")
		}
		plan.NextDue = ptr(today)
		if len(Flags(Facts{Plans: []Plan{plan}}, now, loc)) != 0 {
			t.Error("an injection due today is not yet overdue")
		}
	})
	t.Run("ReviewDue", func(t *testing.T) {
		f := Facts{Decisions: []Decision{{ReviewOn: today}}}
		if _, ok := codes(Flags(f, now, loc))[caseload.FlagTakeHomeReview]; !ok {
			t.Error("a review due today raised no flag")
		}
		f.Decisions[0].ReviewOn = dayAt(1)
		if len(Flags(f, now, loc)) != 0 {
			t.Error("a review due tomorrow raised a flag")
		}
	})
	t.Run("OrderEnding", func(t *testing.T) {
		o := Order{ID: "o", SeriesID: "o", Version: 1, Kind: Methadone, Form: OralLiquid, DoseMg: 80, Times: []string{"08:00"},
			StartOn: dayAt(-20), EndOn: ptr(dayAt(3))}
		if _, ok := codes(Flags(Facts{Orders: []Order{o}}, now, loc))[caseload.FlagOrderEnding]; !ok {
			t.Error("an order ending in 3 days raised no flag")
		}
		o.EndOn = ptr(dayAt(4))
		if len(Flags(Facts{Orders: []Order{o}}, now, loc)) != 0 {
			t.Error("an order ending in 4 days raised a flag")
		}
		o.EndOn = ptr(dayAt(2))
		renewal := o
		renewal.ID, renewal.Version, renewal.StartOn, renewal.EndOn = "o2", 2, dayAt(3), nil
		if len(Flags(Facts{Orders: []Order{o, renewal}}, now, loc)) != 0 {
			t.Error("an order renewed by a new version still flagged as ending")
		}
		o.EndOn, o.Discharged = ptr(today), true
		if len(Flags(Facts{Orders: []Order{o}}, now, loc)) != 0 {
			t.Error("an order ended by the member's discharge flagged as ending")
		}
	})
}

func TestNotices(t *testing.T) {
	stopped := Plan{ID: "s", Kind: Methadone, Form: OralLiquid, DoseMg: 80, Times: []string{"08:00"}, StartOn: dayAt(-100), StoppedOn: ptr(dayAt(-5))}
	bup := Plan{ID: "b", Kind: Buprenorphine, Form: Film, DoseMg: 16, Times: []string{"08:00"}, StartOn: dayAt(-100)}
	kit := Plan{ID: "k", Kind: Naloxone, Form: NasalSpray, KitExpires: ptr(dayAt(100)), StartOn: dayAt(-100)}
	xrLate := Plan{ID: "x", Kind: Naltrexone, Form: XRInjection, DoseMg: 380, NextDue: ptr(dayAt(-2)), StartOn: dayAt(-100)}
	tests := []struct {
		name  string
		plans []Plan
		doses []Dose
		want  []Notice
	}{
		{"Nothing", nil, nil, nil},
		{"KitOnly", []Plan{kit}, nil, nil},
		{"OnBuprenorphine", []Plan{bup, kit}, nil, []Notice{NoticeCombination}},
		{"StoppedMethadone", []Plan{stopped}, nil, []Notice{NoticeLostTolerance}},
		{"StoppedLongAgo", []Plan{{Kind: Methadone, Form: OralLiquid, StartOn: dayAt(-100), StoppedOn: ptr(dayAt(-LostToleranceDays))}}, nil, nil},
		{"InjectionLate", []Plan{xrLate}, nil, []Notice{NoticeLostTolerance}},
		{"InjectionMissed", []Plan{{ID: "x", Kind: Naltrexone, Form: XRInjection, DoseMg: 380, NextDue: ptr(dayAt(20)), StartOn: dayAt(-100)}},
			[]Dose{{ScheduleID: "x", Kind: Naltrexone, Day: dayAt(-8), Status: Missed}}, []Notice{NoticeLostTolerance}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Notices(tt.plans, nil, tt.doses, today)
			if len(got) != len(tt.want) {
				t.Fatalf("notices %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("notices %v, want %v", got, tt.want)
				}
			}
		})
	}
}
