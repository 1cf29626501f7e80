package export

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/fhir"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/recovery"
)

// LOINC codes used where LOINC has a code for the answer; every other
// check-in answer is coded in Onward's own code system.
const (
	loincSleepDuration  = "93832-4" // Sleep duration
	loincPatientConsent = "59284-0" // Patient Consent
)

// FHIR returns the document as a FHIR R4 Bundle of type "collection":
// the member as a Patient, each check-in as an Observation (category
// survey, effective on its day) whose answers are components, each
// assessment as a QuestionnaireResponse and the Observation of its score,
// each consent given as a Consent, each person it was given to as a
// RelatedPerson, and the member's treatment (fhir_care.go): an
// EpisodeOfCare per level of care and an Encounter per session attended.
// baseURL is the instance's public URL: Onward's own code systems are
// paths under it (docs/export.md lists them). Every reference is the
// fullUrl of another entry in the Bundle.
func (d *Document) FHIR(baseURL string) *fhir.Bundle {
	codes := strings.TrimRight(baseURL, "/") + "/fhir/CodeSystem/"
	b := &fhir.Bundle{ResourceType: "Bundle", ID: d.Account.ID + "-export", Type: "collection", Timestamp: instant(d.ExportedAt)}
	patient := &fhir.Patient{ResourceType: "Patient", ID: d.Account.ID, Active: true,
		Name:          []fhir.HumanName{{Text: d.Account.DisplayName}},
		Communication: []fhir.PatientCommunication{{Language: fhir.Concept(fhir.SystemLanguage, d.Account.Locale, ""), Preferred: true}}}
	patientRef := fhir.Reference{Reference: entryURL(patient.ID)}
	b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: patientRef.Reference, Resource: patient})
	for _, c := range d.CheckIns {
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: entryURL(c.ID), Resource: checkInObservation(c, patientRef, codes)})
	}
	for _, t := range d.DrugTests {
		for _, o := range drugTestObservations(t, patientRef, codes) {
			b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: entryURL(o.ID), Resource: o})
		}
	}
	for _, a := range d.Assessments {
		def, ok := instrument.Get(a.Instrument)
		if !ok { // export.Parse refuses such a file, and the store never writes one
			continue
		}
		response, score := assessmentResources(def, a, d.Account.ID, patientRef, strings.TrimRight(baseURL, "/"))
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: entryURL(response.ID), Resource: response},
			fhir.BundleEntry{FullURL: entryURL(score.ID), Resource: score})
	}
	// A person who was given several consents appears once, with the
	// relationship of the newest consent that names one (consents are
	// listed oldest first).
	people := map[string]*fhir.RelatedPerson{}
	for _, c := range d.ConsentsGiven {
		person := people[c.Person.ID]
		if person == nil {
			person = &fhir.RelatedPerson{ResourceType: "RelatedPerson", ID: c.Person.ID, Active: true, Patient: patientRef,
				Relationship: []fhir.CodeableConcept{{Text: c.Person.Role}}, Name: []fhir.HumanName{{Text: c.Person.DisplayName}}}
			people[c.Person.ID] = person
			b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: entryURL(c.Person.ID), Resource: person})
		}
		if c.Relationship != "" {
			person.Relationship = []fhir.CodeableConcept{relationshipConcept(c.Relationship)}
		}
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: entryURL(c.ID), Resource: consentResource(c, patientRef, codes)})
	}
	if d.Medication != nil {
		b.Entry = append(b.Entry, d.Medication.medicationFHIR(patientRef, codes, recovery.DateOf(d.ExportedAt, nil))...)
	}
	b.Entry = append(b.Entry, d.careResources(patientRef, codes)...)
	return b
}

// roleCodes are the support relationships that HL7 v3 RoleCode has a code
// for; sponsor, peer and other have none and go as text alone.
var roleCodes = map[string]fhir.Coding{
	"family": {System: systemRoleCode, Code: "FAMMEMB", Display: "family member"},
	"friend": {System: systemRoleCode, Code: "FRND", Display: "unrelated friend"},
}

const systemRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"

func relationshipConcept(relationship string) fhir.CodeableConcept {
	concept := fhir.CodeableConcept{Text: relationship}
	if code, ok := roleCodes[relationship]; ok {
		concept.Coding = []fhir.Coding{code}
	}
	return concept
}

// entryURL is the fullUrl of a resource in the Bundle. Onward's ids are
// UUIDs, so each resource is named by the urn:uuid: form FHIR provides
// for resources without a server address.
func entryURL(id string) string { return "urn:uuid:" + id }

func checkInObservation(c CheckIn, patient fhir.Reference, codes string) *fhir.Observation {
	system := codes + "checkin"
	o := &fhir.Observation{ResourceType: "Observation", ID: c.ID, Status: "final",
		Category: []fhir.CodeableConcept{fhir.Concept(fhir.SystemObservationCategory, fhir.ObservationCategorySurvey, "Survey")},
		Code:     fhir.Concept(system, "daily-checkin", "Daily recovery check-in"),
		Subject:  &patient, EffectiveDateTime: c.Day.String()}
	scale := func(code, display string, v int) {
		o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(system, code, display), ValueInteger: &v})
	}
	yes := func(code, display string, v bool) {
		o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(system, code, display), ValueBoolean: &v})
	}
	scale("mood", "Mood, 1 very low to 5 very good", c.Mood)
	scale("craving", "Craving, 0 none to 10 strongest", c.Craving)
	if c.SleepHours != nil {
		o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(fhir.SystemLOINC, loincSleepDuration, "Sleep duration"),
			ValueQuantity: &fhir.Quantity{Value: *c.SleepHours, Unit: "h", System: fhir.SystemUCUM, Code: "h"}})
	}
	// 0 means "not answered" for the 1-5 scales, so it is left out.
	for _, s := range []struct {
		code, display string
		v             int
	}{
		{"sleep-quality", "Sleep quality, 1 very poor to 5 very good", c.SleepQuality},
		{"stress", "Stress, 1 none to 5 extreme", c.Stress},
		{"lonely", "Loneliness, 1 not at all to 5 completely cut off", c.Lonely},
		{"irritable", "Irritability, 1 not at all to 5 extremely", c.Irritable},
	} {
		if s.v > 0 {
			scale(s.code, s.display, s.v)
		}
	}
	yes("romanticising", "Thoughts of using or missing past use", c.Romanticising)
	yes("used", "Any use today", c.Used)
	if c.MedicationTaken != nil {
		yes("medication-taken", "Took medication as prescribed", *c.MedicationTaken)
	}
	yes("meeting", "Went to a meeting", c.Meeting)
	yes("therapy", "Therapy or counselling", c.Therapy)
	yes("support-contact", "Talked to a supporter, sponsor or peer", c.SupportContact)
	yes("exercise", "Exercise", c.Exercise)
	yes("food", "Ate regular meals", c.Food)
	yes("mindfulness", "Mindfulness", c.Mindfulness)
	if c.Note != "" {
		o.Note = []fhir.Annotation{{Text: c.Note}}
	}
	return o
}

// assessmentResources are a stored assessment as a QuestionnaireResponse
// (the answers, linkId the form's item number) and an Observation of its
// score derived from it: code the instrument's LOINC panel where LOINC has
// one, else Onward's assessment code system; the total as a component
// (LOINC's total-score code where there is one), BAM's subscales as
// components; the band and flags as interpretations.
func assessmentResources(def *instrument.Definition, a Assessment, accountID string, patient fhir.Reference, base string) (*fhir.QuestionnaireResponse, *fhir.Observation) {
	codes := base + "/fhir/CodeSystem/"
	local := codes + "assessment"
	response := &fhir.QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: a.ID,
		Questionnaire: base + "/fhir/Questionnaire/" + a.Instrument, Status: "completed", Subject: &patient, Authored: instant(a.TakenAt)}
	author := fhir.Reference{Display: a.RecordedBy.DisplayName}
	if a.RecordedBy.ID == accountID {
		author = patient
	}
	response.Author = &author
	for _, it := range def.Items {
		if v, ok := a.Answers[it.ID]; ok {
			response.Item = append(response.Item, fhir.QuestionnaireResponseItem{LinkID: it.ID, Answer: []fhir.QuestionnaireResponseAnswer{{ValueInteger: &v}}})
		}
	}
	o := &fhir.Observation{ResourceType: "Observation", ID: scoreID(a.ID), Status: "final",
		Category: []fhir.CodeableConcept{fhir.Concept(fhir.SystemObservationCategory, fhir.ObservationCategorySurvey, "Survey")},
		Code:     fhir.Concept(local, a.Instrument, def.ShortName),
		Subject:  &patient, EffectiveDateTime: instant(a.TakenAt), Performer: []fhir.Reference{author},
		DerivedFrom: []fhir.Reference{{Reference: entryURL(response.ID)}}}
	if def.LOINCPanel != "" {
		o.Code = fhir.Concept(fhir.SystemLOINC, def.LOINCPanel, "")
	}
	if def.HasTotal {
		total := fhir.Concept(local, a.Instrument+"-total", def.ShortName+" total score")
		if def.LOINCTotal != "" {
			total = fhir.Concept(fhir.SystemLOINC, def.LOINCTotal, "")
		}
		v := a.Total
		o.Component = append(o.Component, fhir.ObservationComponent{Code: total, ValueInteger: &v})
	}
	for _, sc := range def.Subscales {
		v := a.Subscales[sc.ID]
		o.Component = append(o.Component, fhir.ObservationComponent{Code: fhir.Concept(local, a.Instrument+"-"+sc.ID, def.ShortName+" "+sc.ID), ValueInteger: &v})
	}
	if a.Band != "" {
		o.Interpretation = append(o.Interpretation, fhir.Concept(codes+"assessment-band", a.Instrument+"."+a.Band, ""))
	}
	for _, f := range a.Flags {
		o.Interpretation = append(o.Interpretation, fhir.Concept(codes+"assessment-flag", f, ""))
	}
	return response, o
}

// scoreID names the Observation of an assessment's score: a UUID made
// from the assessment's id, the same in every export of it.
func scoreID(assessmentID string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte(entryURL(assessmentID)+"#score")).String()
}

func consentResource(c Consent, patient fhir.Reference, codes string) fhir.Resource {
	status := "inactive"
	if c.Active {
		status = "active"
	}
	provision := &fhir.ConsentProvision{Type: "permit", Period: &fhir.Period{Start: instant(c.StartsAt)},
		Actor:  []fhir.ConsentActor{{Role: fhir.Concept(fhir.SystemParticipationType, "IRCP", "information recipient"), Reference: fhir.Reference{Reference: entryURL(c.Person.ID)}}},
		Action: []fhir.CodeableConcept{fhir.Concept(fhir.SystemConsentAction, "access", "Access")}}
	// The consent ends at whichever comes first: its expiry or its revocation.
	end := c.ExpiresAt
	if c.RevokedAt != nil && (end == nil || c.RevokedAt.Before(*end)) {
		end = c.RevokedAt
	}
	if end != nil {
		provision.Period.End = instant(*end)
	}
	for _, cat := range c.Categories {
		provision.Code = append(provision.Code, fhir.Concept(codes+"share-category", cat, ""))
	}
	consent := &fhir.Consent{ResourceType: "Consent", ID: c.ID, Status: status,
		Scope:    fhir.Concept(fhir.SystemConsentScope, fhir.ConsentScopePatientPrivacy, "Privacy Consent"),
		Category: []fhir.CodeableConcept{fhir.Concept(fhir.SystemLOINC, loincPatientConsent, "Patient Consent")},
		Patient:  &patient, DateTime: instant(c.CreatedAt), Performer: []fhir.Reference{patient},
		PolicyRule: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemActCode, Code: "OPTIN", Display: "opt-in"}}},
		Provision:  provision}
	if c.Purpose == "" {
		return consent
	}
	// The purpose is a sentence that no purpose-of-use code matches
	// exactly, so it is a Coding of display alone.
	return &consentWithPurpose{Consent: consent,
		Provision: &provisionWithPurpose{ConsentProvision: provision, Purpose: []fhir.Coding{{Display: c.Purpose}}}}
}

// consentWithPurpose is a Consent whose provision carries
// provision.purpose (R4, 0..*), which package fhir does not declare. Its
// Provision hides the embedded Consent's in the JSON, the shallower field
// winning by encoding/json's rules.
type consentWithPurpose struct {
	*fhir.Consent
	Provision *provisionWithPurpose `json:"provision"`
}

type provisionWithPurpose struct {
	*fhir.ConsentProvision
	Purpose []fhir.Coding `json:"purpose"`
}

// instant writes t as a FHIR instant (UTC, seconds, "Z").
func instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }
