package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A member's own medication: plans, the dose log, adherence, the calendar
// beside the check-ins, reminders and the missed-dose news, and the
// safety notices (internal/medication decides; docs/medication.md).

// adherenceDays are the windows adherence is shown over.
const (
	weekDays  = 7
	monthDays = 30
)

// DoseSlot is one scheduled dose with what became of it.
type DoseSlot struct {
	medication.Slot
	Dose        *medication.Dose
	Due         bool   // its time has come
	ProgramName string // for a program's order
	ClinicDose  bool   // given at the clinic: the clinic records it
}

// TakeHomeStatus is a member's take-homes of one order series, as the
// member sees them: the decision in force with its reason and review
// date, and the supply at home.
type TakeHomeStatus struct {
	ProgramName string
	SeriesID    string
	Decision    *medication.Decision
	Supply      *medication.Dispense // the newest supply, while it lasts
}

// MedicationView is the member's medication page.
type MedicationView struct {
	Clock       Clock
	Plans       []medication.Plan // current first, then stopped
	Orders      []OrderInForce    // program orders in force today
	Today       []DoseSlot
	Week, Month medication.Adherence
	Month0      recovery.Date // the first day of the calendar's month
	Marks       map[recovery.Date]medication.DayMark
	CheckedIn   map[recovery.Date]bool
	Recent      []medication.Dose // the last 14 days, newest first
	Notices     []medication.Notice
	TakeHomes   []TakeHomeStatus
	AlertMissed bool
}

// OrderInForce is a program's order version in force, with its program.
type OrderInForce struct {
	medication.Order
	ProgramName string
	DoseToday   float64
}

// slotsOver is the scheduled doses of a member's medication over days.
func slotsOver(rec *sqlstore.MedicationRecord, from, to recovery.Date) []medication.Slot {
	var out []medication.Slot
	series := medication.SeriesOf(rec.Orders)
	for d := from; !d.After(to); d = d.AddDays(1) {
		for i := range rec.Plans {
			out = append(out, medication.PlanSlots(&rec.Plans[i], d)...)
		}
		for _, versions := range series {
			out = append(out, medication.OrderSlots(versions, rec.Supplies, d)...)
		}
	}
	return out
}

// adherence is a member's adherence over the last week and month.
func adherence(rec *sqlstore.MedicationRecord, clock Clock) (week, month medication.Adherence) {
	over := func(days int) medication.Adherence {
		from := clock.Today.AddDays(1 - days)
		return medication.AdherenceOf(slotsOver(rec, from, clock.Today), dosesOver(rec.Doses, from, clock.Today), clock.Now, clock.Location)
	}
	return over(weekDays), over(monthDays)
}

// dosesOver keeps the doses of days from to to.
func dosesOver(doses []medication.Dose, from, to recovery.Date) []medication.Dose {
	var out []medication.Dose
	for _, d := range doses {
		if !d.Day.Before(from) && !d.Day.After(to) {
			out = append(out, d)
		}
	}
	return out
}

// programNames maps the member's programs to their names.
func (a *App) programNames(ctx context.Context, memberID string) (map[string]string, error) {
	list, err := a.store.EnrolmentsOfMember(ctx, memberID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range list {
		out[e.ProgramID] = e.ProgramName
	}
	return out, nil
}

// Medication reads the member's own medication page; month is the
// calendar's month (any day of it; the zero date for this month).
func (a *App) Medication(ctx context.Context, member *onward.User, month recovery.Date) (*MedicationView, error) {
	clock := a.ClockOf(member.TimeZone)
	today := clock.Today
	if month == (recovery.Date{}) || month.After(today) {
		month = today
	}
	v := &MedicationView{Clock: clock, Month0: recovery.Date{Year: month.Year, Month: month.Month, Day: 1}}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMedication, onward.CategoryCheckins)
	if err != nil {
		return nil, err
	}
	from := earlier(v.Month0, today.AddDays(1-monthDays))
	since := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -medication.MaxSupplyWithClosures)
	rec, err := rd.MedicationRecord(ctx, "", since)
	if err != nil {
		return nil, err
	}
	names, err := a.programNames(ctx, member.ID)
	if err != nil {
		return nil, err
	}
	v.Plans = rec.Plans
	for _, versions := range medication.SeriesOf(rec.Orders) {
		if o := medication.Effective(versions, today); o != nil {
			v.Orders = append(v.Orders, OrderInForce{Order: *o, ProgramName: names[o.ProgramID], DoseToday: o.DoseOn(today)})
		}
	}
	recorded := map[string]*medication.Dose{}
	for i := range rec.Doses {
		recorded[medication.DoseKey(rec.Doses[i])] = &rec.Doses[i]
	}
	for _, s := range slotsOver(rec, today, today) {
		slot := DoseSlot{Slot: s, Dose: recorded[s.Key()], Due: !clock.Now.Before(s.DueAt(clock.Location)),
			ProgramName: names[s.ProgramID], ClinicDose: s.ProgramID != "" && !s.TakeHome}
		v.Today = append(v.Today, slot)
	}
	v.Week, v.Month = adherence(rec, clock)
	monthEnd := earlier(v.Month0.AddMonths(1).AddDays(-1), today)
	v.Marks = map[recovery.Date]medication.DayMark{}
	slots := slotsOver(rec, v.Month0, monthEnd)
	for d := v.Month0; !d.After(monthEnd); d = d.AddDays(1) {
		var daySlots []medication.Slot
		for _, s := range slots {
			if s.Day == d {
				daySlots = append(daySlots, s)
			}
		}
		if m := medication.MarkOf(daySlots, dosesOver(rec.Doses, d, d), clock.Now, clock.Location); m != medication.MarkNone {
			v.Marks[d] = m
		}
	}
	checkIns, err := rd.CheckIns(ctx, v.Month0, monthEnd)
	if err != nil {
		return nil, err
	}
	v.CheckedIn = map[recovery.Date]bool{}
	for _, c := range checkIns {
		v.CheckedIn[c.Day] = true
	}
	recent := dosesOver(rec.Doses, today.AddDays(-13), today)
	for i := len(recent) - 1; i >= 0; i-- {
		v.Recent = append(v.Recent, recent[i])
	}
	v.Notices = medication.Notices(rec.Plans, rec.Orders, rec.Doses, today)
	v.TakeHomes = takeHomeStatuses(rec, names, today)
	if v.AlertMissed, err = rd.MedicationPrefs(ctx); err != nil {
		return nil, err
	}
	return v, nil
}

// takeHomeStatuses are the take-homes of each methadone series in force.
func takeHomeStatuses(rec *sqlstore.MedicationRecord, names map[string]string, today recovery.Date) []TakeHomeStatus {
	var out []TakeHomeStatus
	latest := rec.LatestDecisions()
	for id, versions := range medication.SeriesOf(rec.Orders) {
		o := medication.Effective(versions, today)
		if o == nil || o.Kind != medication.Methadone {
			continue
		}
		st := TakeHomeStatus{ProgramName: names[o.ProgramID], SeriesID: id}
		if i := slices.IndexFunc(latest, func(d medication.Decision) bool { return d.SeriesID == id }); i >= 0 {
			st.Decision = &latest[i]
		}
		for i := range rec.Supplies { // newest first
			if s := &rec.Supplies[i]; s.SeriesID == id && !s.LastDay().Before(today) {
				st.Supply = s
				break
			}
		}
		if st.Decision != nil || st.Supply != nil {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b TakeHomeStatus) int { return cmp.Compare(a.SeriesID, b.SeriesID) })
	return out
}

// earlier is the earlier of two days.
func earlier(a, b recovery.Date) recovery.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// MedicationPlan returns one of the member's plans, for its form.
func (a *App) MedicationPlan(ctx context.Context, member *onward.User, id string) (*medication.Plan, error) {
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMedication)
	if err != nil {
		return nil, err
	}
	plans, err := rd.MedicationPlans(ctx)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(plans, func(p medication.Plan) bool { return p.ID == id }); i >= 0 {
		return &plans[i], nil
	}
	return nil, onward.NewError(onward.ENOTFOUND, "meds.plan_not_found")
}

// SaveMedicationPlan validates and stores one of the member's plans: new
// when p.ID is empty (clientID makes a replay record nothing twice), else
// a change of version baseVersion (ECONFLICT when another change came
// first). It reports whether a plan was created.
func (a *App) SaveMedicationPlan(ctx context.Context, member *onward.User, p *medication.Plan, clientID string, baseVersion int) (bool, error) {
	p.MemberID = member.ID
	clock := a.ClockOf(member.TimeZone)
	if err := p.Validate(clock.Today); err != nil {
		return false, err
	}
	if len(clientID) > medication.MaxClientID {
		return false, onward.Invalid("client_id", "meds.client_id_too_long")
	}
	created := false
	err := a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			var err error
			if p.ID != "" {
				current, err := tx.MedicationPlan(ctx, d, p.ID)
				if err != nil {
					return err
				}
				if current.Kind != p.Kind {
					return onward.Invalid("kind", "meds.new_plan_for_another_medicine")
				}
			}
			if created, err = tx.SaveMedicationPlan(ctx, d, p, clientID, baseVersion); err != nil {
				return err
			}
			return tx.SyncMedicationFlags(ctx, d)
		})
	return created, err
}

// StopMedicationPlan records that the member stopped a plan on day (today
// or before). Stopping an opioid medicine lowers tolerance: the page that
// follows says what that means.
func (a *App) StopMedicationPlan(ctx context.Context, member *onward.User, id string, day recovery.Date) (*medication.Plan, error) {
	today := a.ClockOf(member.TimeZone).Today
	if day == (recovery.Date{}) || day.After(today) {
		return nil, onward.Invalid("stopped_on", "meds.not_in_the_future")
	}
	var p *medication.Plan
	err := a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			var err error
			if p, err = tx.MedicationPlan(ctx, d, id); err != nil {
				return err
			}
			if p.StoppedOn != nil {
				return nil // stopped already: a second press changes nothing
			}
			if day.Before(p.StartOn) {
				return onward.Invalid("stopped_on", "meds.stop_after_start")
			}
			p.StoppedOn = &day
			if _, err := tx.SaveMedicationPlan(ctx, d, p, "", p.Version); err != nil {
				return err
			}
			return tx.SyncMedicationFlags(ctx, d)
		})
	return p, err
}

// SaveMedicationPrefs stores whether a missed dose is told to the people
// who see the member's medication.
func (a *App) SaveMedicationPrefs(ctx context.Context, member *onward.User, alertMissed bool) error {
	return a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error { return tx.SaveMedicationPrefs(ctx, d, alertMissed) })
}

// DoseInput is one scheduled dose as a form or the API sends it.
type DoseInput struct {
	ScheduleID string
	Day        recovery.Date
	Slot       string
	Status     medication.Status
	Setting    medication.Setting
	DoseMg     *float64 // nil: the scheduled dose
	TakenAt    *time.Time
	ClientID   string
}

// DoseResult is what recording a dose did.
type DoseResult struct {
	Dose    *medication.Dose
	Outcome sqlstore.DoseOutcome
	Told    int // people told of a missed dose
}

// Created reports whether the dose was recorded now, not replayed or
// corrected.
func (r DoseResult) Created() bool { return r.Outcome == sqlstore.DoseCreated }

var (
	errNoSuchDose     = onward.Invalid("slot", "meds.no_such_dose")
	errClinicRecords  = onward.Invalid("slot", "meds.the_clinic_records_this_dose")
	errNoSuchSchedule = onward.NewError(onward.ENOTFOUND, "meds.schedule_not_found")
)

// findSlot finds the scheduled dose in in the member's medication.
func findSlot(rec *sqlstore.MedicationRecord, in DoseInput) (medication.Slot, medication.FormSpec, error) {
	known := slices.ContainsFunc(rec.Plans, func(p medication.Plan) bool { return p.ID == in.ScheduleID }) ||
		slices.ContainsFunc(rec.Orders, func(o medication.Order) bool { return o.SeriesID == in.ScheduleID })
	if !known {
		return medication.Slot{}, medication.FormSpec{}, errNoSuchSchedule
	}
	for _, s := range slotsOver(rec, in.Day, in.Day) {
		if s.ScheduleID == in.ScheduleID && s.Time == in.Slot {
			spec, _ := medication.SpecOf(s.Kind, s.Form)
			return s, spec, nil
		}
	}
	return medication.Slot{}, medication.FormSpec{}, errNoSuchDose
}

// LogDose records what became of one of the member's scheduled doses:
// their own plan's, or a program order's on a take-home day. A double tap
// or an offline replay (same client id) records it once; logging a dose
// again corrects the member's own log; a dose the clinic recorded stays.
func (a *App) LogDose(ctx context.Context, member *onward.User, in DoseInput) (DoseResult, error) {
	clock := a.ClockOf(member.TimeZone)
	if err := medication.CheckDoseDay(in.Day, clock.Today, false); err != nil {
		return DoseResult{}, err
	}
	var res DoseResult
	err := a.change(ctx, principalOf(member), member.ID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			rec, err := tx.MedicationFacts(ctx, d, medication.MaxSupplyWithClosures+medication.MaxLookbackDays)
			if err != nil {
				return err
			}
			slot, spec, err := findSlot(rec, in)
			if err != nil {
				return err
			}
			if slot.ProgramID != "" && !slot.TakeHome {
				return errClinicRecords
			}
			dose := &medication.Dose{MemberID: member.ID, ScheduleID: slot.ScheduleID, OrderID: slot.OrderID, Kind: slot.Kind, Day: in.Day,
				Slot: in.Slot, Status: in.Status, Setting: in.Setting, DoseMg: slot.DoseMg, TakenAt: in.TakenAt, RecordedBy: member.ID,
				ClientID: in.ClientID}
			if in.DoseMg != nil {
				dose.DoseMg = *in.DoseMg
			}
			if err := medication.ValidateDose(dose, spec, false, clock.Now, clock.Location); err != nil {
				return err
			}
			res, err = recordDose(ctx, tx, d, dose, func() error {
				// Noting the injection moves the plan's next one on.
				if spec.IntervalDays > 0 && dose.Status.Took() && slot.ProgramID == "" {
					return tx.AdvanceInjection(ctx, d, slot.ScheduleID, slot.Day.AddDays(spec.IntervalDays))
				}
				return nil
			})
			return err
		})
	return res, err
}

// recordDose records dose and what follows a new record or a
// correction, in its write: then (a change that goes with it), a missed
// dose told to the people the member chose, the flags kept. A replay
// does nothing more.
func recordDose(ctx context.Context, tx *sqlstore.Tx, d sqlstore.Disclosure, dose *medication.Dose, then func() error) (DoseResult, error) {
	res := DoseResult{Dose: dose}
	var err error
	if res.Outcome, err = tx.RecordDose(ctx, d, dose); err != nil || res.Outcome == sqlstore.DoseReplayed {
		return res, err
	}
	if err := then(); err != nil {
		return res, err
	}
	if !dose.Status.Took() {
		if res.Told, err = tx.AlertMissedDose(ctx, d, dose.ID); err != nil {
			return res, err
		}
	}
	return res, tx.SyncMedicationFlags(ctx, d)
}

// SharedMedication is a member's medication as someone they share it
// with sees it: what they take, adherence, and the doses missed lately.
type SharedMedication struct {
	MemberID    string
	Name        string
	Clock       Clock
	Plans       []medication.Plan // current ones
	Orders      []OrderInForce
	Week, Month medication.Adherence
	Missed      []medication.Dose // missed in the last 14 days, newest first
	Notices     []medication.Notice
}

// SharedMedicationOf reads memberID's medication for viewer, who needs the
// member's consent covering medication: the read is recorded either way.
func (a *App) SharedMedicationOf(ctx context.Context, viewer *onward.User, memberID string) (*SharedMedication, error) {
	if !sqlstore.IsStoredID(memberID) {
		return nil, errRefused
	}
	rd, err := a.readAll(ctx, principalOf(viewer), memberID, onward.CategoryMedication)
	if err != nil {
		return nil, err
	}
	member, err := a.store.UserByID(ctx, memberID)
	if err != nil {
		return nil, err
	}
	clock := a.ClockOf(member.TimeZone)
	today := clock.Today
	since := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -monthDays-medication.MaxSupplyWithClosures)
	rec, err := rd.MedicationRecord(ctx, "", since)
	if err != nil {
		return nil, err
	}
	names, err := a.programNames(ctx, memberID)
	if err != nil {
		return nil, err
	}
	v := &SharedMedication{MemberID: memberID, Name: member.DisplayName, Clock: clock}
	for _, p := range rec.Plans {
		if p.Active(today) {
			v.Plans = append(v.Plans, p)
		}
	}
	for _, versions := range medication.SeriesOf(rec.Orders) {
		if o := medication.Effective(versions, today); o != nil {
			v.Orders = append(v.Orders, OrderInForce{Order: *o, ProgramName: names[o.ProgramID], DoseToday: o.DoseOn(today)})
		}
	}
	v.Week, v.Month = adherence(rec, clock)
	recent := dosesOver(rec.Doses, today.AddDays(-13), today)
	for i := len(recent) - 1; i >= 0; i-- {
		if !recent[i].Status.Took() {
			v.Missed = append(v.Missed, recent[i])
		}
	}
	v.Notices = medication.Notices(rec.Plans, rec.Orders, rec.Doses, today)
	return v, nil
}

// Doses lists the member's recorded doses from from to to (inclusive),
// oldest first, at most 366 days.
func (a *App) Doses(ctx context.Context, member *onward.User, from, to recovery.Date) ([]medication.Dose, error) {
	if to.Before(from) || from.DaysUntil(to) > 366 {
		return nil, onward.Invalid("to", "api.date_range")
	}
	rd, err := a.readAll(ctx, principalOf(member), member.ID, onward.CategoryMedication)
	if err != nil {
		return nil, err
	}
	return rd.Doses(ctx, from, to)
}
