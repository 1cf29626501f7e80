package export

import (
	"strings"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/fhir"
)

// The member's recovery in the FHIR Bundle: the recovery profile as one
// Observation (social history: the start of recovery and what it counts
// from), each lapse as an Observation, and the relapse-prevention plan as
// a CarePlan. Self-reported, they carry no diagnosis: no Condition is made
// from them. Codes are in Onward's recovery code system (docs/export.md).

// recoveryResources returns the Bundle entries of the profile, the lapses
// and the plan.
func (d *Document) recoveryResources(patient fhir.Reference, codes string) []fhir.BundleEntry {
	system := codes + "recovery"
	social := []fhir.CodeableConcept{fhir.Concept(fhir.SystemObservationCategory, fhir.ObservationCategorySocial, "Social History")}
	var out []fhir.BundleEntry
	if p := d.RecoveryProfile; p != nil {
		o := &fhir.Observation{ResourceType: "Observation", ID: derivedID(d.Account.ID, "recovery-profile"), Status: "final",
			Category: social, Code: fhir.Concept(system, "recovery-profile", "Recovery profile: the last use recovery counts from"),
			Subject: &patient, EffectiveDateTime: p.LastUseDay.String()}
		if p.LastUseAt != nil {
			o.EffectiveDateTime = instant(*p.LastUseAt)
		}
		coded := func(code, display, value string) {
			c := fhir.Concept(system, value, "")
			o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(system, code, display), ValueCodeableConcept: &c})
		}
		coded("counting-convention", "Whether the day of last use counts as a day of recovery", p.Convention)
		for _, s := range p.Substances {
			coded("substance", "Substance used", s)
		}
		coded("medication", "Medication for opioid use disorder", p.Medication)
		coded("treatment-level", "Treatment the member is in", p.TreatmentLevel)
		if p.DailySpend > 0 {
			// Money in the member's own currency: Quantity without a code.
			o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(system, "daily-spend", "Money once spent on using per day"),
				ValueQuantity: &fhir.Quantity{Value: p.DailySpend, Unit: "per day"}})
		}
		if p.DailyHours > 0 {
			o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(system, "daily-hours", "Hours once spent using or getting opioids per day"),
				ValueQuantity: &fhir.Quantity{Value: p.DailyHours, Unit: "h/d", System: fhir.SystemUCUM, Code: "h/d"}})
		}
		if p.Reasons != "" {
			o.Note = []fhir.Annotation{{Text: p.Reasons}}
		}
		out = append(out, fhir.BundleEntry{FullURL: entryURL(o.ID), Resource: o})
	}
	for _, l := range d.Lapses {
		o := &fhir.Observation{ResourceType: "Observation", ID: l.ID, Status: "final", Category: social,
			Code:    fhir.Concept(system, "lapse", "Use after a time without (lapse)"),
			Subject: &patient, EffectiveDateTime: l.Day.String(), ValueString: l.What}
		if l.LedTo != "" {
			o.Note = []fhir.Annotation{{Text: l.LedTo}}
		}
		out = append(out, fhir.BundleEntry{FullURL: entryURL(l.ID), Resource: o})
	}
	if p := d.Plan; p != nil {
		plan := &fhir.CarePlan{ResourceType: "CarePlan", ID: derivedID(d.Account.ID, "plan"), Status: "active", Intent: "plan",
			Category: []fhir.CodeableConcept{fhir.Concept(system, "relapse-prevention-plan", "Relapse-prevention plan")},
			Title:    "Relapse-prevention plan", Subject: patient, Author: &patient, Created: instant(p.UpdatedAt)}
		// Onward does not track whether a coping step was done, so each
		// activity's status is unknown.
		for _, step := range p.Coping {
			plan.Activity = append(plan.Activity, fhir.CarePlanActivity{Detail: fhir.CarePlanDetail{
				Code: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: system, Code: "coping"}}}, Status: "unknown", Description: step}})
		}
		var people []string
		for _, c := range p.People {
			people = append(people, strings.TrimSpace(c.Name+" "+c.Phone))
		}
		for _, part := range []struct {
			label string
			items []string
		}{
			{"Triggers", p.Triggers}, {"HALT (hungry, angry, lonely, tired)", p.HALT}, {"Warning signs", p.WarningSigns},
			{"Reasons", p.Reasons}, {"Safe places", p.SafePlaces}, {"People to call", people},
		} {
			if len(part.items) > 0 {
				plan.Note = append(plan.Note, fhir.Annotation{Text: part.label + ": " + strings.Join(part.items, "; ")})
			}
		}
		out = append(out, fhir.BundleEntry{FullURL: entryURL(plan.ID), Resource: plan})
	}
	return out
}

// derivedID names a resource Onward keeps one of per member (the profile,
// the plan): a UUID made from the account's id, the same in every export.
func derivedID(accountID, what string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(entryURL(accountID)+"#"+what)).String()
}
