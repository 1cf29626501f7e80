package export

import (
	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/fhir"
)

// Drug tests in FHIR: one Observation (category laboratory) per substance
// result, coded in LOINC where LOINC has a qualitative urine code for it
// (the screen codes for a test, the confirmatory ones for a confirmation
// test), and in Onward's own code system "drug-test" otherwise (oral
// fluid, breath, and alcohol in any specimen). The value is SNOMED CT's
// "Detected" or "Not detected"; an invalid specimen has no value but a
// dataAbsentReason. A missed test is one cancelled Observation. The LOINC
// codes are members of the CDC opioid clinical decision support value
// sets for urine drug screening (docs/testing.md).

// urineLOINC is the qualitative urine code of each substance, screen and
// confirmatory.
var urineLOINC = map[string][2]fhir.Coding{
	drugtest.Fentanyl: {{Code: "59673-4", Display: "fentaNYL [Presence] in Urine by Screen method"},
		{Code: "40839-3", Display: "fentaNYL [Presence] in Urine by Confirmatory method"}},
	drugtest.Opiates: {{Code: "19295-5", Display: "Opiates [Presence] in Urine by Screen method"},
		{Code: "18390-5", Display: "Opiates [Presence] in Urine by Confirmatory method"}},
	drugtest.Methadone: {{Code: "19550-3", Display: "Methadone [Presence] in Urine by Screen method"},
		{Code: "16199-2", Display: "Methadone [Presence] in Urine by Confirmatory method"}},
	drugtest.Buprenorphine: {{Code: "93494-3", Display: "Buprenorphine Ur Ql Scn"}, {Code: "16208-1", Display: "Buprenorphine Ur Ql Cfm"}},
	drugtest.Oxycodone:     {{Code: "19642-8", Display: "oxyCODONE Ur Ql Scn"}, {Code: "19643-6", Display: "oxyCODONE Ur Ql Cfm"}},
	drugtest.Cocaine: {{Code: "19359-9", Display: "Cocaine [Presence] in Urine by Screen method"},
		{Code: "19360-7", Display: "Cocaine [Presence] in Urine by Confirmatory method"}},
	drugtest.Amphetamines: {{Code: "19261-7", Display: "Amphetamines [Presence] in Urine by Screen method"},
		{Code: "16369-1", Display: "Amphetamines [Presence] in Urine by Confirmatory method"}},
	drugtest.Benzodiazepines: {{Code: "14316-4", Display: "Benzodiaz Ur Ql Scn"}, {Code: "16195-0", Display: "Benzodiaz Ur Ql Cfm"}},
	drugtest.Cannabis: {{Code: "18282-4", Display: "Cannabinoids [Presence] in Urine by Screen method"},
		{Code: "19289-8", Display: "Cannabinoids [Presence] in Urine by Confirmatory method"}},
}

// SNOMED CT qualifier values of a qualitative result.
var (
	detected    = fhir.Concept(fhir.SystemSNOMED, "260373001", "Detected")
	notDetected = fhir.Concept(fhir.SystemSNOMED, "260415000", "Not detected")
)

// resultCode is the code of one substance's result on a test.
func resultCode(t DrugTest, substance, codes string) fhir.CodeableConcept {
	if pair, ok := urineLOINC[substance]; ok && t.Specimen == drugtest.Urine {
		c := pair[0]
		if t.ConfirmsID != "" {
			c = pair[1]
		}
		c.System = fhir.SystemLOINC
		return fhir.CodeableConcept{Coding: []fhir.Coding{c}}
	}
	return fhir.Concept(codes+"drug-test", substance+"-"+t.Specimen, "")
}

// drugTestObservations are a test's Observations. Each has its own id, a
// UUID made from the test's id and the substance (a name-based UUID, so
// the same export gives the same ids and the Bundle's urn:uuid: references
// stay UUIDs).
func drugTestObservations(t DrugTest, patient fhir.Reference, codes string) []*fhir.Observation {
	base := func(id string, code fhir.CodeableConcept) *fhir.Observation {
		o := &fhir.Observation{ResourceType: "Observation", ID: id, Status: "final",
			Category: []fhir.CodeableConcept{fhir.Concept(fhir.SystemObservationCategory, fhir.ObservationCategoryLab, "Laboratory")},
			Code:     code, Subject: &patient, EffectiveDateTime: instant(t.CollectedAt)}
		if t.DisputedAt != nil {
			o.Note = append(o.Note, fhir.Annotation{Text: "Disputed by the member on " + instant(*t.DisputedAt) + ": " + t.DisputeNote})
		}
		return o
	}
	if t.Status == drugtest.Missed {
		o := base(t.ID, fhir.Concept(codes+"drug-test", "missed", "Drug test missed"))
		o.Status = "cancelled"
		reason := fhir.Concept(fhir.SystemDataAbsentReason, "not-performed", "Not Performed")
		o.DataAbsentReason = &reason
		return []*fhir.Observation{o}
	}
	var out []*fhir.Observation
	for _, r := range t.Results {
		o := base(uuid.NewSHA1(uuid.MustParse(t.ID), []byte(r.Substance)).String(), resultCode(t, r.Substance, codes))
		switch r.Result {
		case drugtest.Positive:
			o.ValueCodeableConcept = &detected
		case drugtest.Negative:
			o.ValueCodeableConcept = &notDetected
		default:
			reason := fhir.Concept(fhir.SystemDataAbsentReason, "error", "Error")
			o.DataAbsentReason = &reason
		}
		if r.Expected != nil && !*r.Expected {
			o.Note = append(o.Note, fhir.Annotation{Text: "Not expected given what the member is prescribed."})
		}
		out = append(out, o)
	}
	return out
}
