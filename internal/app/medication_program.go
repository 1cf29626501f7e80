package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program's medication care of its enrolled members: dose orders in
// versions, the dosing window, take-home decisions against the ceiling
// and supplies, under the member's consent covering medication; every
// read and write through the one door (access.go).

var (
	errClinicianOnly  = onward.NewError(onward.EFORBIDDEN, "meds.clinicians_only")
	errNotEnrolled    = onward.NewError(onward.ENOTFOUND, "program.enrolment_not_found")
	errNoOrderToday   = onward.Invalid("series", "meds.no_order_today")
	errSupplyOverlaps = onward.NewError(onward.ECONFLICT, "meds.supply_overlaps")
)

// careOf returns an active enrolment of programID that staff may act on,
// with its member.
func (a *App) careOf(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*onward.Enrolment, *onward.User, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, nil, err
	}
	e, err := a.store.Enrolment(ctx, programID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	if e.MemberID == "" || e.Status != onward.EnrolmentActive {
		return nil, nil, errNotEnrolled
	}
	member, err := a.store.UserByID(ctx, e.MemberID)
	if err != nil {
		return nil, nil, err
	}
	return e, member, nil
}

// daysInTreatment counts from the day of admission (day 0) to today.
func daysInTreatment(e *onward.Enrolment, clock Clock) int {
	if e.StartedAt == nil {
		return 0
	}
	return recovery.DateOf(*e.StartedAt, clock.Location).DaysUntil(clock.Today)
}

// ceilingOf is the take-home ceiling of a series' medicine for the member.
func (a *App) ceilingOf(ctx context.Context, k medication.Kind, e *onward.Enrolment, clock Clock) (medication.Ceiling, error) {
	set, err := a.store.MedicationSettings(ctx, e.ProgramID)
	if err != nil {
		return medication.Ceiling{}, err
	}
	return medication.CeilingFor(k, daysInTreatment(e, clock), a.statePolicy, set.TakeHomePolicy), nil
}

// SeriesView is one of a program's order series for a member.
type SeriesView struct {
	ID        string
	Versions  []medication.Order // newest first
	Current   *medication.Order  // in force today
	Latest    medication.Order
	Ceiling   medication.Ceiling
	Decisions []medication.Decision // newest first
	Approved  int                   // take-home days the newest decision allows
	Supplies  []medication.Dispense // newest first
	Today     []DoseSlot
	LowDose   []LowDoseDay
}

// LowDoseDay is one day of a low-dose start.
type LowDoseDay struct {
	Day    recovery.Date
	DoseMg float64
	Dose   *medication.Dose // recorded on that day, if any
}

// ProgramMedication is an enrolled member's medication as their program
// sees it, when the member's consent covers medication.
type ProgramMedication struct {
	ProgramID       string
	Enrolment       *onward.Enrolment
	Clock           Clock
	Shared          bool // the consent covers medication: everything below is filled
	CanOrder        bool // the viewer is a clinician
	DaysInTreatment int
	Series          []SeriesView
	OtherOrders     []OrderInForce    // orders of other programs in force today
	Plans           []medication.Plan // the member's own plans in use
	Doses           []medication.Dose // the last 30 days, newest first
	Month           medication.Adherence
	Settings        medication.Settings
	StatePolicy     medication.Policy
}

// MemberMedication reads an enrolled member's medication for staff of
// programID; the read is recorded. Without the member's consent covering
// medication the view says so and holds nothing else.
func (a *App) MemberMedication(ctx context.Context, staff *onward.User, programID, enrolmentID string) (*ProgramMedication, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return nil, err
	}
	clock := a.ClockOf(member.TimeZone)
	v := &ProgramMedication{ProgramID: programID, Enrolment: e, Clock: clock, CanOrder: staff.Role == onward.RoleClinician,
		DaysInTreatment: daysInTreatment(e, clock), StatePolicy: a.statePolicy}
	rd, d, err := a.read(ctx, principalOf(staff), e.MemberID, onward.CategoryMedication)
	if err != nil {
		return nil, err
	}
	if !d.All() {
		return v, nil
	}
	v.Shared = true
	if v.Settings, err = a.store.MedicationSettings(ctx, programID); err != nil {
		return nil, err
	}
	today := clock.Today
	since := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -monthDays-medication.MaxSupplyWithClosures)
	rec, err := rd.MedicationRecord(ctx, "", since)
	if err != nil {
		return nil, err
	}
	names, err := a.programNames(ctx, e.MemberID)
	if err != nil {
		return nil, err
	}
	recorded := map[string]*medication.Dose{}
	for i := range rec.Doses {
		recorded[medication.DoseKey(rec.Doses[i])] = &rec.Doses[i]
	}
	for id, versions := range medication.SeriesOf(rec.Orders) {
		latest := versions[len(versions)-1]
		if latest.ProgramID != programID {
			if o := medication.Effective(versions, today); o != nil {
				v.OtherOrders = append(v.OtherOrders, OrderInForce{Order: *o, ProgramName: names[o.ProgramID], DoseToday: o.DoseOn(today)})
			}
			continue
		}
		sv := SeriesView{ID: id, Latest: latest, Current: medication.Effective(versions, today)}
		for i := len(versions) - 1; i >= 0; i-- {
			sv.Versions = append(sv.Versions, versions[i])
		}
		sv.Ceiling = medication.CeilingFor(latest.Kind, v.DaysInTreatment, a.statePolicy, v.Settings.TakeHomePolicy)
		for _, dec := range rec.Decisions {
			if dec.SeriesID == id {
				sv.Decisions = append(sv.Decisions, dec)
			}
		}
		if len(sv.Decisions) > 0 {
			sv.Approved = sv.Decisions[0].Days
		}
		for _, s := range rec.Supplies {
			if s.SeriesID == id {
				sv.Supplies = append(sv.Supplies, s)
			}
		}
		for _, s := range medication.OrderSlots(versions, rec.Supplies, today) {
			sv.Today = append(sv.Today, DoseSlot{Slot: s, Dose: recorded[s.Key()], Due: !clock.Now.Before(s.DueAt(clock.Location))})
		}
		if first := versions[0]; first.Start == medication.StartLowDose {
			for i, mg := range first.LowDose {
				day := first.StartOn.AddDays(i)
				ld := LowDoseDay{Day: day, DoseMg: mg}
				for _, dose := range rec.Doses {
					if dose.ScheduleID == id && dose.Day == day && dose.Status.Took() {
						ld.Dose = &dose
					}
				}
				sv.LowDose = append(sv.LowDose, ld)
			}
		}
		v.Series = append(v.Series, sv)
	}
	slices.SortFunc(v.Series, func(a, b SeriesView) int { return -a.Latest.OrderedAt.Compare(b.Latest.OrderedAt) })
	for _, p := range rec.Plans {
		if p.Active(today) {
			v.Plans = append(v.Plans, p)
		}
	}
	recent := dosesOver(rec.Doses, today.AddDays(1-monthDays), today)
	for i := len(recent) - 1; i >= 0; i-- {
		v.Doses = append(v.Doses, recent[i])
	}
	v.Month = medication.AdherenceOf(slotsOver(rec, today.AddDays(1-monthDays), today), recent, clock.Now, clock.Location)
	return v, nil
}

// lastAgonist is the last day the member took methadone or buprenorphine,
// as far as Onward knows: a dose recorded, an order or a plan in use.
func lastAgonist(rec *sqlstore.MedicationRecord, today recovery.Date) *medication.AgonistUse {
	var out *medication.AgonistUse
	note := func(k medication.Kind, d recovery.Date) {
		if d.After(today) {
			d = today
		}
		if out == nil || d.After(out.Last) {
			out = &medication.AgonistUse{Kind: k, Last: d}
		}
	}
	for _, d := range rec.Doses {
		if d.Kind.Agonist() && d.Status.Took() {
			note(d.Kind, d.Day)
		}
	}
	for _, p := range rec.Plans {
		switch {
		case !p.Kind.Agonist():
		case p.StoppedOn == nil:
			note(p.Kind, today)
		default:
			note(p.Kind, *p.StoppedOn)
		}
	}
	for _, versions := range medication.SeriesOf(rec.Orders) {
		k := versions[0].Kind
		if !k.Agonist() {
			continue
		}
		if medication.Effective(versions, today) != nil {
			note(k, today)
			continue
		}
		for _, v := range versions {
			if v.EndOn != nil && !v.StartOn.After(today) {
				note(k, *v.EndOn)
			}
		}
	}
	return out
}

// OrderResult is what writing an order did: the start rule's warnings,
// shown beside the form (a naltrexone start against them needs a
// documented override).
type OrderResult struct {
	Order    *medication.Order
	Warnings []i18n.Msg
}

// AddDoseOrder writes a dose order for an enrolled member: a new series,
// or (seriesID given) a new version of one, never an overwrite. Only a
// clinician orders. A first naltrexone order checks the start rule.
func (a *App) AddDoseOrder(ctx context.Context, staff *onward.User, programID, enrolmentID, seriesID string, o *medication.Order) (OrderResult, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return OrderResult{}, err
	}
	if staff.Role != onward.RoleClinician {
		return OrderResult{}, errClinicianOnly
	}
	clock := a.ClockOf(member.TimeZone)
	o.ProgramID, o.EnrolmentID, o.MemberID, o.OrderedBy, o.OrderedByName = programID, e.ID, e.MemberID, staff.ID, staff.DisplayName
	res := OrderResult{Order: o}
	err = a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			res.Warnings = nil
			var previous *medication.Order
			if seriesID != "" {
				versions, err := tx.OrderSeries(ctx, d, programID, seriesID)
				if err != nil {
					return err
				}
				previous = &versions[len(versions)-1]
				o.SeriesID, o.Version = seriesID, previous.Version+1
			} else {
				o.SeriesID, o.Version = "", 1
			}
			if err := medication.ValidateOrder(o, previous, clock.Today); err != nil {
				return err
			}
			if o.Kind == medication.Naltrexone && previous == nil {
				rec, err := tx.MedicationFacts(ctx, d, monthDays)
				if err != nil {
					return err
				}
				res.Warnings = medication.NaltrexoneStartWarnings(o.StartOn, o.LastOpioidUse, lastAgonist(rec, clock.Today))
				if err := medication.RequireOverride(res.Warnings, o.Override); err != nil {
					return err
				}
			}
			if err := tx.AddDoseOrder(ctx, d, o); err != nil {
				return err
			}
			return tx.SyncMedicationFlags(ctx, d)
		})
	return res, err
}

// DecideTakeHomes records a clinician's take-home decision on a methadone
// series: within the ceiling, against the criteria, with a reason and a
// review date.
func (a *App) DecideTakeHomes(ctx context.Context, staff *onward.User, programID, enrolmentID string, dec *medication.Decision) error {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	if staff.Role != onward.RoleClinician {
		return errClinicianOnly
	}
	clock := a.ClockOf(member.TimeZone)
	dec.ProgramID, dec.MemberID, dec.DecidedBy, dec.DecidedByName = programID, e.MemberID, staff.ID, staff.DisplayName
	return a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			versions, err := tx.OrderSeries(ctx, d, programID, dec.SeriesID)
			if err != nil {
				return err
			}
			ceiling, err := a.ceilingOf(ctx, versions[len(versions)-1].Kind, e, clock)
			if err != nil {
				return err
			}
			rec, err := tx.MedicationFacts(ctx, d, 0)
			if err != nil {
				return err
			}
			previous := 0
			if i := slices.IndexFunc(rec.Decisions, func(x medication.Decision) bool { return x.SeriesID == dec.SeriesID }); i >= 0 {
				previous = rec.Decisions[i].Days
			}
			if err := medication.ValidateDecision(dec, previous, ceiling, clock.Today); err != nil {
				return err
			}
			if err := tx.AddTakeHomeDecision(ctx, d, dec); err != nil {
				return err
			}
			return tx.SyncMedicationFlags(ctx, d)
		})
}

// DispenseTakeHomes records a take-home supply handed over today: for
// methadone within the ceiling and the decision in force, never over a
// supply still running. A replay (same client id) records nothing twice.
func (a *App) DispenseTakeHomes(ctx context.Context, staff *onward.User, programID, enrolmentID string, disp *medication.Dispense) (bool, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return false, err
	}
	clock := a.ClockOf(member.TimeZone)
	disp.ProgramID, disp.MemberID, disp.DispensedBy, disp.DispensedByName, disp.Day = programID, e.MemberID, staff.ID, staff.DisplayName, clock.Today
	created := false
	err = a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			versions, err := tx.OrderSeries(ctx, d, programID, disp.SeriesID)
			if err != nil {
				return err
			}
			rec, err := tx.MedicationFacts(ctx, d, medication.MaxSupplyWithClosures)
			if err != nil {
				return err
			}
			if disp.ClientID != "" {
				if i := slices.IndexFunc(rec.Supplies, func(s medication.Dispense) bool { return s.ClientID == disp.ClientID }); i >= 0 {
					*disp = rec.Supplies[i]
					return nil
				}
			}
			o := medication.Effective(versions, clock.Today)
			if o == nil || o.Spec().IntervalDays > 0 {
				return errNoOrderToday
			}
			disp.OrderID, disp.Kind, disp.DoseMg = o.ID, o.Kind, o.DoseOn(clock.Today.AddDays(1))
			ceiling, err := a.ceilingOf(ctx, o.Kind, e, clock)
			if err != nil {
				return err
			}
			approved := 0
			if i := slices.IndexFunc(rec.Decisions, func(x medication.Decision) bool { return x.SeriesID == disp.SeriesID }); i >= 0 {
				approved = rec.Decisions[i].Days
			}
			if err := medication.ValidateDispense(disp, ceiling, approved, len(o.Times)); err != nil {
				return err
			}
			for _, s := range rec.Supplies {
				if s.SeriesID == disp.SeriesID && s.LastDay().After(disp.Day) {
					return errSupplyOverlaps
				}
			}
			if created, err = tx.AddDispense(ctx, d, disp); err != nil {
				return err
			}
			return tx.SyncMedicationFlags(ctx, d)
		})
	return created, err
}

// CheckReturnedBottles records the bottles brought back from a supply.
func (a *App) CheckReturnedBottles(ctx context.Context, staff *onward.User, programID, enrolmentID, dispenseID string, returned int, note string) error {
	e, _, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return err
	}
	return a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			disp, err := tx.Dispense(ctx, d, programID, dispenseID)
			if err != nil {
				return err
			}
			clean, err := medication.ValidateReturn(disp, returned, note)
			if err != nil {
				return err
			}
			return tx.CheckReturn(ctx, d, disp.ID, returned, clean, staff.ID)
		})
}

// RecordWindowDose records, at the dosing window, what became of an
// enrolled member's dose today (or yesterday, late): observed, late,
// refused or missed. The same scheduled dose is recorded once: a double
// tap or an offline replay (same client id) changes nothing, a second
// record is refused.
func (a *App) RecordWindowDose(ctx context.Context, staff *onward.User, programID, enrolmentID string, in DoseInput) (DoseResult, error) {
	e, member, err := a.careOf(ctx, staff, programID, enrolmentID)
	if err != nil {
		return DoseResult{}, err
	}
	clock := a.ClockOf(member.TimeZone)
	if err := medication.CheckDoseDay(in.Day, clock.Today, true); err != nil {
		return DoseResult{}, err
	}
	var res DoseResult
	err = a.change(ctx, principalOf(staff), e.MemberID, []onward.Category{onward.CategoryMedication},
		func(tx *sqlstore.Tx, d sqlstore.Disclosure) error {
			versions, err := tx.OrderSeries(ctx, d, programID, in.ScheduleID)
			if err != nil {
				return err
			}
			var slot *medication.Slot
			for _, s := range medication.OrderSlots(versions, nil, in.Day) {
				if s.Time == in.Slot {
					slot = &s
				}
			}
			if slot == nil {
				return errNoSuchDose
			}
			dose := &medication.Dose{MemberID: e.MemberID, ScheduleID: slot.ScheduleID, OrderID: slot.OrderID, ProgramID: programID,
				Kind: slot.Kind, Day: in.Day, Slot: in.Slot, Status: in.Status, Setting: medication.Observed, DoseMg: slot.DoseMg,
				TakenAt: in.TakenAt, RecordedBy: staff.ID, ByStaff: true, ClientID: in.ClientID}
			if in.DoseMg != nil {
				dose.DoseMg = *in.DoseMg
			}
			spec, _ := medication.SpecOf(slot.Kind, slot.Form)
			if err := medication.ValidateDose(dose, spec, true, clock.Now, clock.Location); err != nil {
				return err
			}
			res, err = recordDose(ctx, tx, d, dose, func() error { return nil })
			return err
		})
	return res, err
}

// DosingRow is one dose of the day's dosing list.
type DosingRow struct {
	EnrolmentID string
	MemberID    string
	Name        string
	Today       recovery.Date // the member's today
	medication.Slot
	Order   *medication.Order
	Dose    *medication.Dose // recorded
	LowDose int              // the day of a low-dose start, 0 otherwise
}

// Done reports whether the row needs nothing more at the window.
func (r DosingRow) Done() bool { return r.Dose != nil || r.TakeHome }

// DosingList is a program's doses of the day: whom to dose, and what was
// recorded.
type DosingList struct {
	ProgramID string
	Query     string
	Rows      []DosingRow
	Members   int // members whose medication was read
	Pending   int
	Done      int
}

// DosingList reads programID's doses of the day for staff: the members
// whose consent covers medication (and whose name holds query), the read
// of each recorded before any is read, one entry per member.
func (a *App) DosingList(ctx context.Context, staff *onward.User, programID, query string) (*DosingList, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	if len([]rune(query)) > 80 {
		return nil, onward.Invalid("q", "meds.search_too_long")
	}
	candidates, err := a.store.DosingCandidates(ctx, programID, query)
	if err != nil {
		return nil, err
	}
	out := &DosingList{ProgramID: programID, Query: query}
	if len(candidates) == 0 {
		return out, nil
	}
	viewer := principalOf(staff)
	var ds []sqlstore.Disclosure
	byMember := map[string]sqlstore.DosingCandidate{}
	err = a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		ds = ds[:0]
		for _, c := range candidates {
			grant := onward.Grant{ID: c.ConsentID, SubjectID: c.MemberID, GranteeID: staff.ID, Categories: c.Categories, ProgramID: programID}
			d := policy.Decide(policy.Request{Viewer: viewer, SubjectID: c.MemberID, Action: onward.ActionRead,
				Categories: []onward.Category{onward.CategoryMedication}}, []onward.Grant{grant}, tx.Now)
			disclosed, err := tx.Record(ctx, d)
			if err != nil {
				return err
			}
			if d.All() {
				ds = append(ds, disclosed)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range candidates {
		byMember[c.MemberID] = c
	}
	out.Members = len(ds)
	from := a.ClockOf(staff.TimeZone).Today.AddDays(-2)
	days, err := a.store.DosingDays(ctx, programID, from, ds)
	if err != nil {
		return nil, err
	}
	for _, day := range days {
		c := byMember[day.MemberID]
		clock := a.ClockOf(c.TimeZone)
		recorded := map[string]*medication.Dose{}
		for i := range day.Doses {
			recorded[medication.DoseKey(day.Doses[i])] = &day.Doses[i]
		}
		for _, versions := range medication.SeriesOf(day.Orders) {
			o := medication.Effective(versions, clock.Today)
			for _, s := range medication.OrderSlots(versions, day.Supplies, clock.Today) {
				row := DosingRow{EnrolmentID: c.EnrolmentID, MemberID: c.MemberID, Name: c.Name, Today: clock.Today, Slot: s, Order: o,
					Dose: recorded[s.Key()]}
				if first := versions[0]; first.Start == medication.StartLowDose {
					if i := first.StartOn.DaysUntil(clock.Today); i >= 0 && i < len(first.LowDose) {
						row.LowDose = i + 1
					}
				}
				if row.Done() {
					out.Done++
				} else {
					out.Pending++
				}
				out.Rows = append(out.Rows, row)
			}
		}
	}
	slices.SortStableFunc(out.Rows, func(a, b DosingRow) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		if c := strings.Compare(a.MemberID, b.MemberID); c != 0 {
			return c
		}
		return strings.Compare(a.Time, b.Time)
	})
	return out, nil
}

// MedicationSettings returns a program's medication settings, for its staff.
func (a *App) MedicationSettings(ctx context.Context, staff *onward.User, programID string) (medication.Settings, error) {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return medication.Settings{}, err
	}
	return a.store.MedicationSettings(ctx, programID)
}

// SaveMedicationSettings stores a program's medication settings: how many
// missed doses in a week raise the caseload flag, and the program's own
// take-home policy where stricter than the federal one. Program admins
// only.
func (a *App) SaveMedicationSettings(ctx context.Context, staff *onward.User, programID string, missedDoses int, takeHomePolicy string) error {
	if err := a.staffOf(ctx, staff, programID); err != nil {
		return err
	}
	if staff.Role != onward.RoleProgramAdmin {
		return onward.NewError(onward.EFORBIDDEN, "program.admins_only")
	}
	errs := onward.FieldErrors{}
	if missedDoses < 0 || missedDoses > medication.MaxMissedDosesSetting {
		errs.Add("missed_doses", "meds.missed_doses_setting", "Max", medication.MaxMissedDosesSetting)
	}
	policyValue, err := medication.ParsePolicy(takeHomePolicy)
	if err != nil {
		errs.Add("take_home_policy", "meds.policy_format")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return a.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SaveMedicationSettings(ctx, programID, medication.Settings{MissedDoses: missedDoses, TakeHomePolicy: policyValue}); err != nil {
			return err
		}
		return tx.AccountEvent(ctx, staff.ID, staff.ID, "medication_settings_saved")
	})
}

// TimelineMedication is the medication part of a member's clinical
// timeline: the orders in force and adherence; the medication page has
// the rest.
type TimelineMedication struct {
	Orders      []medication.Order
	Week, Month medication.Adherence
}

func timelineMedication(ctx context.Context, rd *sqlstore.Reader, clock Clock) (*TimelineMedication, error) {
	today := clock.Today
	since := time.Date(today.Year, today.Month, today.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -monthDays-medication.MaxSupplyWithClosures)
	rec, err := rd.MedicationRecord(ctx, "", since)
	if err != nil {
		return nil, err
	}
	t := &TimelineMedication{}
	for _, versions := range medication.SeriesOf(rec.Orders) {
		if o := medication.Effective(versions, today); o != nil {
			t.Orders = append(t.Orders, *o)
		}
	}
	t.Week, t.Month = adherence(rec, clock)
	return t, nil
}
