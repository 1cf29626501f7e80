// Package fhir holds the few HL7 FHIR R4 resources Onward emits, written by
// hand from the R4 structure definitions (https://hl7.org/fhir/R4/). Only
// the elements we fill are declared; each keeps the R4 JSON name, and
// elements of cardinality 0..* are slices even when we put one value in.
package fhir

// Code systems and value sets from the R4 specification that Onward uses.
const (
	SystemLOINC                = "http://loinc.org"
	SystemUCUM                 = "http://unitsofmeasure.org"
	SystemLanguage             = "urn:ietf:bcp:47"
	SystemObservationCategory  = "http://terminology.hl7.org/CodeSystem/observation-category"
	SystemConsentScope         = "http://terminology.hl7.org/CodeSystem/consentscope"
	SystemActCode              = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SystemParticipationType    = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	SystemConsentAction        = "http://terminology.hl7.org/CodeSystem/consentaction"
	SystemSNOMED               = "http://snomed.info/sct"
	SystemDataAbsentReason     = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
	FHIRVersion                = "4.0.1"
	ObservationCategorySurvey  = "survey"
	ObservationCategoryLab     = "laboratory"
	ConsentScopePatientPrivacy = "patient-privacy"
)

// Resource is any FHIR resource: it names its type and its logical id.
type Resource interface {
	ResourceKind() string
	ResourceID() string
}

// Coding is a code from a code system (R4 datatype Coding).
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is one concept as codes and/or text (R4 datatype CodeableConcept).
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Concept is a CodeableConcept of one coding.
func Concept(system, code, display string) CodeableConcept {
	return CodeableConcept{Coding: []Coding{{System: system, Code: code, Display: display}}}
}

// Reference points to another resource; inside a Bundle it is the target
// entry's fullUrl (R4 datatype Reference).
type Reference struct {
	Reference string `json:"reference,omitempty"`
	Display   string `json:"display,omitempty"`
}

// HumanName is a person's name; Onward knows only the display name, so
// it fills text alone (R4 datatype HumanName).
type HumanName struct {
	Text string `json:"text,omitempty"`
}

// Period is a time range; either end may be open (R4 datatype Period).
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Quantity is a measured amount with its UCUM unit (R4 datatype Quantity).
type Quantity struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit,omitempty"`
	System string  `json:"system,omitempty"`
	Code   string  `json:"code,omitempty"`
}

// Annotation is a text note (R4 datatype Annotation; text is 1..1).
type Annotation struct {
	Text string `json:"text"`
}
