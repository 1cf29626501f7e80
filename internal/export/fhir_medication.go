package export

import (
	"fmt"
	"strings"

	"github.com/onward-recovery/onward/internal/fhir"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The medication part of the FHIR Bundle (clinical-facts §13): each
// version of a program's order is a MedicationRequest (a newer version
// points at the one it replaces), each dose the clinic recorded a
// MedicationAdministration, each take-home supply a MedicationDispense,
// and what the member reports (their plans and the doses they noted) a
// MedicationStatement. What a program recorded carries the 42 CFR Part 2
// security labels.

// rxNorm are the ingredients' RxNorm concepts (docs/medication.md).
var rxNorm = map[string]fhir.Coding{
	"methadone":     {System: fhir.SystemRxNorm, Code: "6813", Display: "methadone"},
	"buprenorphine": {System: fhir.SystemRxNorm, Code: "1819", Display: "buprenorphine"},
	"naltrexone":    {System: fhir.SystemRxNorm, Code: "7243", Display: "naltrexone"},
	"naloxone":      {System: fhir.SystemRxNorm, Code: "7242", Display: "naloxone"},
}

func medicine(kind, form string) fhir.CodeableConcept {
	c := fhir.CodeableConcept{Text: kind + ", " + strings.ReplaceAll(form, "_", " ")}
	if code, ok := rxNorm[kind]; ok {
		c.Coding = []fhir.Coding{code}
	}
	return c
}

func mg(v float64) *fhir.Quantity {
	return &fhir.Quantity{Value: v, Unit: "mg", System: fhir.SystemUCUM, Code: "mg"}
}

// dosage writes a schedule: daily at times, or every interval days.
func dosage(doseMg float64, times []string, intervalDays int, from recovery.Date, to *recovery.Date) fhir.Dosage {
	d := fhir.Dosage{}
	repeat := &fhir.TimingRepeat{BoundsPeriod: &fhir.Period{Start: from.String()}}
	if to != nil {
		repeat.BoundsPeriod.End = to.String()
	}
	switch {
	case intervalDays > 0:
		repeat.Frequency, repeat.Period, repeat.PeriodUnit = 1, float64(intervalDays), "d"
		d.Text = fmt.Sprintf("%g mg every %d days", doseMg, intervalDays)
	case len(times) > 0:
		repeat.Frequency, repeat.Period, repeat.PeriodUnit = len(times), 1, "d"
		for _, t := range times {
			repeat.TimeOfDay = append(repeat.TimeOfDay, t+":00")
		}
		d.Text = fmt.Sprintf("%g mg daily at %s", doseMg, strings.Join(times, ", "))
	default:
		return fhir.Dosage{Text: fmt.Sprintf("%g mg when needed", doseMg), DoseAndRate: []fhir.DoseAndRate{{DoseQuantity: mg(doseMg)}}}
	}
	d.Timing = &fhir.Timing{Repeat: repeat}
	if doseMg > 0 {
		d.DoseAndRate = []fhir.DoseAndRate{{DoseQuantity: mg(doseMg)}}
	}
	return d
}

// intervalOf is the days between injections of a form, 0 for daily forms.
func intervalOf(kind, form string) int {
	spec, _ := medication.SpecOf(medication.Kind(kind), medication.Form(form))
	return spec.IntervalDays
}

// medicationFHIR returns the medication entries of the Bundle.
func (m *Medication) medicationFHIR(patient fhir.Reference, codes string, exported recovery.Date) []fhir.BundleEntry {
	var out []fhir.BundleEntry
	add := func(id string, r fhir.Resource) {
		out = append(out, fhir.BundleEntry{FullURL: entryURL(id), Resource: r})
	}
	latest := map[string]int{}
	orders := map[string]bool{}
	for _, o := range m.Orders {
		latest[o.SeriesID] = max(latest[o.SeriesID], o.Version)
		orders[o.ID] = true
	}
	prior := map[string]string{} // series|version -> id
	for _, o := range m.Orders {
		prior[fmt.Sprintf("%s|%d", o.SeriesID, o.Version)] = o.ID
	}
	for _, o := range m.Orders {
		status := "active"
		switch {
		case o.Version < latest[o.SeriesID]:
			status = "stopped" // replaced by a newer version
		case o.EndOn != nil && o.EndOn.Before(exported):
			status = "completed"
		}
		r := &fhir.MedicationRequest{ResourceType: "MedicationRequest", ID: o.ID, Meta: fhir.Part2, Status: status, Intent: "order",
			MedicationCodeableConcept: medicine(o.Kind, o.Form), Subject: patient, AuthoredOn: instant(o.OrderedAt),
			Requester:         &fhir.Reference{Display: strings.TrimSpace(o.OrderedBy + ", " + o.Program.Name)},
			GroupIdentifier:   &fhir.Identifier{System: codes + "dose-order-series", Value: o.SeriesID},
			DosageInstruction: []fhir.Dosage{dosage(o.DoseMg, o.Times, intervalOf(o.Kind, o.Form), o.StartOn, o.EndOn)}}
		for i, step := range o.LowDose {
			day := o.StartOn.AddDays(i)
			r.DosageInstruction = append(r.DosageInstruction, fhir.Dosage{Text: fmt.Sprintf("Low-dose start, day %d: %g mg in all", i+1, step),
				Timing:      &fhir.Timing{Repeat: &fhir.TimingRepeat{BoundsPeriod: &fhir.Period{Start: day.String(), End: day.String()}}},
				DoseAndRate: []fhir.DoseAndRate{{DoseQuantity: mg(step)}}})
		}
		if id, ok := prior[fmt.Sprintf("%s|%d", o.SeriesID, o.Version-1)]; ok {
			r.PriorPrescription = &fhir.Reference{Reference: entryURL(id)}
		}
		if o.Note != "" {
			r.Note = append(r.Note, fhir.Annotation{Text: o.Note})
		}
		if o.Override != "" {
			r.Note = append(r.Note, fhir.Annotation{Text: "Start rule overridden: " + o.Override})
		}
		add(o.ID, r)
	}
	for _, p := range m.Plans {
		status := "active"
		period := &fhir.Period{Start: p.StartOn.String()}
		if p.StoppedOn != nil {
			status, period.End = "stopped", p.StoppedOn.String()
		}
		s := &fhir.MedicationStatement{ResourceType: "MedicationStatement", ID: p.ID, Status: status, MedicationCodeableConcept: medicine(p.Kind, p.Form),
			Subject: patient, EffectivePeriod: period, DateAsserted: instant(p.UpdatedAt), InformationSource: &patient,
			Dosage: []fhir.Dosage{dosage(p.DoseMg, p.Times, intervalOf(p.Kind, p.Form), p.StartOn, p.StoppedOn)}}
		if p.Prescriber != "" {
			s.Note = append(s.Note, fhir.Annotation{Text: "Prescriber or program: " + p.Prescriber})
		}
		if p.KitExpires != nil {
			s.Note = append(s.Note, fhir.Annotation{Text: "Kit expires " + p.KitExpires.String()})
		}
		add(p.ID, s)
	}
	plans := map[string]bool{}
	for _, p := range m.Plans {
		plans[p.ID] = true
	}
	for _, d := range m.Doses {
		when := d.Day.String()
		if d.TakenAt != nil {
			when = instant(*d.TakenAt)
		}
		took := d.Status == "taken" || d.Status == "late"
		if d.ByProgram {
			a := &fhir.MedicationAdministration{ResourceType: "MedicationAdministration", ID: d.ID, Meta: fhir.Part2, Status: "completed",
				MedicationCodeableConcept: medicine(d.Kind, ""), Subject: patient, EffectiveDateTime: when}
			if !took {
				a.Status, a.StatusReason = "not-done", []fhir.CodeableConcept{{Text: d.Status}}
			} else {
				a.Dosage = &fhir.AdministrationDosage{Dose: mg(d.DoseMg)}
			}
			if d.Status == "late" {
				a.StatusReason = []fhir.CodeableConcept{{Text: "late"}}
			}
			if d.Program != nil {
				a.Performer = []fhir.AdministrationPerformer{{Actor: fhir.Reference{Display: d.Program.Name}}}
			}
			if orders[d.OrderID] {
				a.Request = &fhir.Reference{Reference: entryURL(d.OrderID)}
			}
			add(d.ID, a)
			continue
		}
		s := &fhir.MedicationStatement{ResourceType: "MedicationStatement", ID: d.ID, Status: "completed", MedicationCodeableConcept: medicine(d.Kind, ""),
			Subject: patient, EffectiveDateTime: when, DateAsserted: instant(d.CreatedAt), InformationSource: &patient}
		if !took {
			s.Status = "not-taken"
		} else {
			s.Dosage = []fhir.Dosage{{Text: fmt.Sprintf("%g mg, %s", d.DoseMg, d.Status), DoseAndRate: []fhir.DoseAndRate{{DoseQuantity: mg(d.DoseMg)}}}}
		}
		if plans[d.ScheduleID] {
			s.PartOf = []fhir.Reference{{Reference: entryURL(d.ScheduleID)}}
		}
		add(d.ID, s)
	}
	for _, s := range m.TakeHomeSupplies {
		disp := &fhir.MedicationDispense{ResourceType: "MedicationDispense", ID: s.ID, Meta: fhir.Part2, Status: "completed",
			MedicationCodeableConcept: medicine(s.Kind, ""), Subject: &patient,
			Quantity:          &fhir.Quantity{Value: float64(s.Bottles), Unit: "bottle"},
			DaysSupply:        &fhir.Quantity{Value: float64(s.Days), Unit: "d", System: fhir.SystemUCUM, Code: "d"},
			WhenHandedOver:    s.Day.String(),
			DosageInstruction: []fhir.Dosage{{Text: fmt.Sprintf("%g mg a day, take-home", s.DoseMg), DoseAndRate: []fhir.DoseAndRate{{DoseQuantity: mg(s.DoseMg)}}}}}
		if orders[s.OrderID] {
			disp.AuthorizingPrescription = []fhir.Reference{{Reference: entryURL(s.OrderID)}}
		}
		if s.ClosureDays > 0 {
			disp.Note = append(disp.Note, fhir.Annotation{Text: fmt.Sprintf("%d of the days are days the program is closed", s.ClosureDays)})
		}
		if s.ReturnedBottles != nil {
			disp.Note = append(disp.Note, fhir.Annotation{Text: fmt.Sprintf("%d of %d bottles returned", *s.ReturnedBottles, s.Bottles)})
		}
		add(s.ID, disp)
	}
	return out
}
