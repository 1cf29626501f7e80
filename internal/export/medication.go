package export

import (
	"fmt"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Medication is the member's medication (docs/medication.md): their own
// plans and dose log, and what their treatment programs recorded: dose
// orders in every version, doses given at the window, take-home decisions
// and supplies. An import loads the member's own plans and the doses they
// noted; the programs' records name programs of the instance the file
// came from, and stay there.
type Medication struct {
	AlertMissed       bool               `json:"alert_missed"`
	Plans             []MedicationPlan   `json:"plans"`
	Doses             []Dose             `json:"doses"`
	Orders            []DoseOrder        `json:"orders"`
	TakeHomeDecisions []TakeHomeDecision `json:"take_home_decisions"`
	TakeHomeSupplies  []TakeHomeSupply   `json:"take_home_supplies"`
}

// MedicationPlan is one of the member's own medicines, or a naloxone kit.
type MedicationPlan struct {
	ID         string         `json:"id"`
	Kind       string         `json:"kind"`
	Form       string         `json:"form"`
	DoseMg     float64        `json:"dose_mg"`
	Times      []string       `json:"times"`
	NextDue    *recovery.Date `json:"next_due"`
	KitExpires *recovery.Date `json:"kit_expires"`
	Prescriber string         `json:"prescriber"`
	StartOn    recovery.Date  `json:"start_on"`
	StoppedOn  *recovery.Date `json:"stopped_on"`
	Remind     bool           `json:"remind"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// Dose is one scheduled dose and what became of it: schedule_id names a
// plan of the file, or an order series.
type Dose struct {
	ID         string        `json:"id"`
	ScheduleID string        `json:"schedule_id"`
	OrderID    string        `json:"order_id"`
	Kind       string        `json:"kind"`
	Day        recovery.Date `json:"day"`
	Slot       string        `json:"slot"`
	Status     string        `json:"status"`
	Setting    string        `json:"setting"`
	DoseMg     float64       `json:"dose_mg"`
	TakenAt    *time.Time    `json:"taken_at"`
	ByProgram  bool          `json:"recorded_by_program"`
	Program    *Program      `json:"program"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Program is a treatment program, as the member knows it.
type Program struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DoseOrder is one version of a program's dose order.
type DoseOrder struct {
	ID            string         `json:"id"`
	SeriesID      string         `json:"series_id"`
	Version       int            `json:"version"`
	Program       Program        `json:"program"`
	Kind          string         `json:"kind"`
	Form          string         `json:"form"`
	DoseMg        float64        `json:"dose_mg"`
	Times         []string       `json:"times"`
	StartOn       recovery.Date  `json:"start_on"`
	EndOn         *recovery.Date `json:"end_on"`
	Start         string         `json:"start"`
	LowDose       []float64      `json:"low_dose"`
	LastOpioidUse *recovery.Date `json:"last_opioid_use"`
	Override      string         `json:"override"`
	Note          string         `json:"note"`
	OrderedBy     string         `json:"ordered_by"`
	OrderedAt     time.Time      `json:"ordered_at"`
}

// TakeHomeDecision is a program's decision on take-home doses.
type TakeHomeDecision struct {
	ID              string          `json:"id"`
	Program         Program         `json:"program"`
	SeriesID        string          `json:"series_id"`
	Days            int             `json:"days"`
	Change          string          `json:"change"`
	Reason          string          `json:"reason"`
	Criteria        map[string]bool `json:"criteria"`
	Benefit         bool            `json:"benefit_outweighs_risk"`
	Note            string          `json:"note"`
	ReviewOn        recovery.Date   `json:"review_on"`
	DaysInTreatment int             `json:"days_in_treatment"`
	Ceiling         int             `json:"ceiling"`
	DecidedBy       string          `json:"decided_by"`
	DecidedAt       time.Time       `json:"decided_at"`
}

// TakeHomeSupply is a take-home supply handed over.
type TakeHomeSupply struct {
	ID              string        `json:"id"`
	Program         Program       `json:"program"`
	SeriesID        string        `json:"series_id"`
	OrderID         string        `json:"order_id"`
	Kind            string        `json:"kind"`
	Day             recovery.Date `json:"day"`
	Days            int           `json:"days"`
	ClosureDays     int           `json:"closure_days"`
	Bottles         int           `json:"bottles"`
	DoseMg          float64       `json:"dose_mg"`
	ReturnedBottles *int          `json:"returned_bottles"`
	ReturnCheckedAt *time.Time    `json:"return_checked_at"`
	ReturnNote      string        `json:"return_note"`
	DispensedBy     string        `json:"dispensed_by"`
	CreatedAt       time.Time     `json:"created_at"`
}

// PlanOf is the document form of a plan.
func MedicationPlanOf(p medication.Plan) MedicationPlan {
	return MedicationPlan{ID: p.ID, Kind: string(p.Kind), Form: string(p.Form), DoseMg: p.DoseMg, Times: nonNil(p.Times), NextDue: p.NextDue,
		KitExpires: p.KitExpires, Prescriber: p.Prescriber, StartOn: p.StartOn, StoppedOn: p.StoppedOn, Remind: p.Remind,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
}

// Domain is the plan as the store keeps it for memberID, without its id.
func (p MedicationPlan) Domain(memberID string) medication.Plan {
	return medication.Plan{MemberID: memberID, Kind: medication.Kind(p.Kind), Form: medication.Form(p.Form), DoseMg: p.DoseMg, Times: p.Times,
		NextDue: p.NextDue, KitExpires: p.KitExpires, Prescriber: p.Prescriber, StartOn: p.StartOn, StoppedOn: p.StoppedOn, Remind: p.Remind}
}

// DoseOf is the document form of a dose; program is the program that
// recorded it, if any.
func DoseOf(d medication.Dose, program *Program) Dose {
	out := Dose{ID: d.ID, ScheduleID: d.ScheduleID, OrderID: d.OrderID, Kind: string(d.Kind), Day: d.Day, Slot: d.Slot, Status: string(d.Status),
		Setting: string(d.Setting), DoseMg: d.DoseMg, TakenAt: utcPtr(d.TakenAt), ByProgram: d.ByStaff, Program: program, CreatedAt: d.CreatedAt.UTC()}
	return out
}

// Domain is the dose as the store keeps it for memberID under scheduleID.
func (d Dose) Domain(memberID, scheduleID string) medication.Dose {
	return medication.Dose{MemberID: memberID, ScheduleID: scheduleID, Kind: medication.Kind(d.Kind), Day: d.Day, Slot: d.Slot,
		Status: medication.Status(d.Status), Setting: medication.Setting(d.Setting), DoseMg: d.DoseMg, TakenAt: d.TakenAt, RecordedBy: memberID}
}

// DoseOrderOf is the document form of an order version.
func DoseOrderOf(o medication.Order, program Program) DoseOrder {
	return DoseOrder{ID: o.ID, SeriesID: o.SeriesID, Version: o.Version, Program: program, Kind: string(o.Kind), Form: string(o.Form),
		DoseMg: o.DoseMg, Times: nonNil(o.Times), StartOn: o.StartOn, EndOn: o.EndOn, Start: string(o.Start), LowDose: nonNil(o.LowDose),
		LastOpioidUse: o.LastOpioidUse, Override: o.Override, Note: o.Note, OrderedBy: o.OrderedByName, OrderedAt: o.OrderedAt.UTC()}
}

// TakeHomeDecisionOf is the document form of a decision.
func TakeHomeDecisionOf(d medication.Decision, program Program) TakeHomeDecision {
	criteria := map[string]bool{}
	for k, v := range d.Criteria {
		criteria[string(k)] = v
	}
	return TakeHomeDecision{ID: d.ID, Program: program, SeriesID: d.SeriesID, Days: d.Days, Change: string(d.Change), Reason: d.Reason,
		Criteria: criteria, Benefit: d.Benefit, Note: d.Note, ReviewOn: d.ReviewOn, DaysInTreatment: d.DaysInTreatment, Ceiling: d.Ceiling,
		DecidedBy: d.DecidedByName, DecidedAt: d.DecidedAt.UTC()}
}

// TakeHomeSupplyOf is the document form of a supply.
func TakeHomeSupplyOf(d medication.Dispense, program Program) TakeHomeSupply {
	return TakeHomeSupply{ID: d.ID, Program: program, SeriesID: d.SeriesID, OrderID: d.OrderID, Kind: string(d.Kind), Day: d.Day, Days: d.Days,
		ClosureDays: d.ClosureDays, Bottles: d.Bottles, DoseMg: d.DoseMg, ReturnedBottles: d.ReturnedBottles, ReturnCheckedAt: utcPtr(d.ReturnCheckedAt),
		ReturnNote: d.ReturnNote, DispensedBy: d.DispensedByName, CreatedAt: d.CreatedAt.UTC()}
}

// check applies the rules of what an import loads: the member's plans and
// the doses they noted. Rules about when something may be entered (a dose
// at most a week back, a next injection near today) do not apply to a
// record of the past.
func (m *Medication) check(errs onward.FieldErrors, today recovery.Date) {
	plans := map[string]medication.FormSpec{}
	for i, p := range m.Plans {
		at := fmt.Sprintf("medication.plans[%d].", i)
		spec, ok := medication.SpecOf(medication.Kind(p.Kind), medication.Form(p.Form))
		switch {
		case !ok:
			errs.Add(at+"form", "meds.choose_how_you_take_it")
		case !spec.Kit && !spec.ValidDose(p.DoseMg), spec.Kit && p.DoseMg != 0 && !spec.ValidDose(p.DoseMg):
			errs.Add(at+"dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
		}
		if times, good := medication.CleanTimes(p.Times); !good || len(times) > medication.MaxTimes {
			errs.Add(at+"times", "meds.times_like_08_00")
		}
		if p.StartOn == (recovery.Date{}) || p.StartOn.After(today.AddDays(60)) {
			errs.Add(at+"start_on", "meds.give_the_start_day")
		}
		if p.StoppedOn != nil && p.StoppedOn.Before(p.StartOn) {
			errs.Add(at+"stopped_on", "meds.stop_after_start")
		}
		if _, dup := plans[p.ID]; dup || p.ID == "" {
			errs.Add(at+"id", "meds.plan_id_repeated")
		}
		plans[p.ID] = spec
	}
	seen := map[string]bool{}
	for i, d := range m.Doses {
		at := fmt.Sprintf("medication.doses[%d].", i)
		if d.ByProgram {
			continue // the program's record, not loaded
		}
		spec, ok := plans[d.ScheduleID]
		if !ok {
			continue // a dose of a program's order, not loaded
		}
		if d.Day == (recovery.Date{}) || d.Day.After(today) {
			errs.Add(at+"day", "export.day_not_in_future")
		}
		if !slices.Contains(medication.Statuses, medication.Status(d.Status)) || d.Status == string(medication.Refused) {
			errs.Add(at+"status", "meds.choose_what_happened")
		}
		if d.Setting != string(medication.Home) && d.Setting != string(medication.Observed) {
			errs.Add(at+"setting", "meds.choose_where")
		}
		if medication.Status(d.Status).Took() && !spec.ValidDose(d.DoseMg) {
			errs.Add(at+"dose_mg", "meds.dose_between", "Min", spec.MinMg, "Max", spec.MaxMg)
		}
		key := d.ScheduleID + "|" + d.Day.String() + "|" + d.Slot
		if seen[key] {
			errs.Add(at+"slot", "meds.dose_already_recorded")
		}
		seen[key] = true
	}
}
