package fhir

// The medication resources (R4): a program's orders (MedicationRequest),
// doses given or offered at the clinic (MedicationAdministration),
// take-home supplies (MedicationDispense) and what the member reports
// (MedicationStatement). Only the elements Onward fills are declared.

// Code systems of the medication resources.
const (
	SystemRxNorm          = "http://www.nlm.nih.gov/research/umls/rxnorm"
	SystemConfidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
)

// Meta carries security labels (R4 Meta.security).
type Meta struct {
	Security []Coding `json:"security,omitempty"`
}

// Part2 labels records a 42 CFR Part 2 program made: Part 2 data,
// restricted (clinical-facts §13).
var Part2 = &Meta{Security: []Coding{{System: SystemActCode, Code: "42CFRPart2", Display: "42 CFR Part2"},
	{System: SystemConfidentiality, Code: "R", Display: "restricted"}}}

// Timing is when a dose is taken (R4 Timing, its repeat element).
type Timing struct {
	Repeat *TimingRepeat `json:"repeat,omitempty"`
}

// TimingRepeat is a schedule: Frequency times each Period PeriodUnit, at
// the times of day given.
type TimingRepeat struct {
	BoundsPeriod *Period  `json:"boundsPeriod,omitempty"`
	Frequency    int      `json:"frequency,omitempty"`
	Period       float64  `json:"period,omitempty"`
	PeriodUnit   string   `json:"periodUnit,omitempty"`
	TimeOfDay    []string `json:"timeOfDay,omitempty"`
}

// DoseAndRate is the amount of one dose (R4 Dosage.doseAndRate).
type DoseAndRate struct {
	DoseQuantity *Quantity `json:"doseQuantity,omitempty"`
}

// Dosage is how a medicine is taken (R4 Dosage).
type Dosage struct {
	Text        string           `json:"text,omitempty"`
	Timing      *Timing          `json:"timing,omitempty"`
	Route       *CodeableConcept `json:"route,omitempty"`
	DoseAndRate []DoseAndRate    `json:"doseAndRate,omitempty"`
}

// MedicationRequest is a program's order (R4; status, intent, medication
// and subject are 1..1). A newer version points at the one it replaces.
type MedicationRequest struct {
	ResourceType              string          `json:"resourceType"`
	ID                        string          `json:"id"`
	Meta                      *Meta           `json:"meta,omitempty"`
	Status                    string          `json:"status"`
	Intent                    string          `json:"intent"`
	MedicationCodeableConcept CodeableConcept `json:"medicationCodeableConcept"`
	Subject                   Reference       `json:"subject"`
	AuthoredOn                string          `json:"authoredOn,omitempty"`
	Requester                 *Reference      `json:"requester,omitempty"`
	GroupIdentifier           *Identifier     `json:"groupIdentifier,omitempty"`
	Note                      []Annotation    `json:"note,omitempty"`
	DosageInstruction         []Dosage        `json:"dosageInstruction,omitempty"`
	PriorPrescription         *Reference      `json:"priorPrescription,omitempty"`
}

// Identifier is a business identifier (R4 datatype Identifier).
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// AdministrationDosage is the dose given (R4 MedicationAdministration.dosage).
type AdministrationDosage struct {
	Dose *Quantity `json:"dose,omitempty"`
}

// AdministrationPerformer is who gave a dose.
type AdministrationPerformer struct {
	Actor Reference `json:"actor"`
}

// MedicationAdministration is a dose given, or not given, at the clinic
// (R4; status, medication, subject and effective[x] are 1..1).
type MedicationAdministration struct {
	ResourceType              string                    `json:"resourceType"`
	ID                        string                    `json:"id"`
	Meta                      *Meta                     `json:"meta,omitempty"`
	Status                    string                    `json:"status"`
	StatusReason              []CodeableConcept         `json:"statusReason,omitempty"`
	MedicationCodeableConcept CodeableConcept           `json:"medicationCodeableConcept"`
	Subject                   Reference                 `json:"subject"`
	EffectiveDateTime         string                    `json:"effectiveDateTime"`
	Performer                 []AdministrationPerformer `json:"performer,omitempty"`
	Request                   *Reference                `json:"request,omitempty"`
	Dosage                    *AdministrationDosage     `json:"dosage,omitempty"`
}

// MedicationDispense is a take-home supply (R4; status and medication
// are 1..1).
type MedicationDispense struct {
	ResourceType              string          `json:"resourceType"`
	ID                        string          `json:"id"`
	Meta                      *Meta           `json:"meta,omitempty"`
	Status                    string          `json:"status"`
	MedicationCodeableConcept CodeableConcept `json:"medicationCodeableConcept"`
	Subject                   *Reference      `json:"subject,omitempty"`
	AuthorizingPrescription   []Reference     `json:"authorizingPrescription,omitempty"`
	Quantity                  *Quantity       `json:"quantity,omitempty"`
	DaysSupply                *Quantity       `json:"daysSupply,omitempty"`
	WhenHandedOver            string          `json:"whenHandedOver,omitempty"`
	Note                      []Annotation    `json:"note,omitempty"`
	DosageInstruction         []Dosage        `json:"dosageInstruction,omitempty"`
}

// MedicationStatement is what the member reports taking, or a dose they
// noted (R4; status, medication and subject are 1..1).
type MedicationStatement struct {
	ResourceType              string          `json:"resourceType"`
	ID                        string          `json:"id"`
	Status                    string          `json:"status"`
	MedicationCodeableConcept CodeableConcept `json:"medicationCodeableConcept"`
	Subject                   Reference       `json:"subject"`
	EffectiveDateTime         string          `json:"effectiveDateTime,omitempty"`
	EffectivePeriod           *Period         `json:"effectivePeriod,omitempty"`
	DateAsserted              string          `json:"dateAsserted,omitempty"`
	InformationSource         *Reference      `json:"informationSource,omitempty"`
	PartOf                    []Reference     `json:"partOf,omitempty"`
	Note                      []Annotation    `json:"note,omitempty"`
	Dosage                    []Dosage        `json:"dosage,omitempty"`
}

func (r *MedicationRequest) ResourceKind() string        { return "MedicationRequest" }
func (r *MedicationRequest) ResourceID() string          { return r.ID }
func (r *MedicationAdministration) ResourceKind() string { return "MedicationAdministration" }
func (r *MedicationAdministration) ResourceID() string   { return r.ID }
func (r *MedicationDispense) ResourceKind() string       { return "MedicationDispense" }
func (r *MedicationDispense) ResourceID() string         { return r.ID }
func (r *MedicationStatement) ResourceKind() string      { return "MedicationStatement" }
func (r *MedicationStatement) ResourceID() string        { return r.ID }
