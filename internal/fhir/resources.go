package fhir

// Bundle is a collection of resources (R4 Bundle; type is 1..1).
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource in a Bundle, with the absolute URL other
// entries use to refer to it.
type BundleEntry struct {
	FullURL  string   `json:"fullUrl"`
	Resource Resource `json:"resource"`
}

// Patient is the person the record is about (R4 Patient).
type Patient struct {
	ResourceType  string                 `json:"resourceType"`
	ID            string                 `json:"id"`
	Active        bool                   `json:"active"`
	Name          []HumanName            `json:"name,omitempty"`
	Communication []PatientCommunication `json:"communication,omitempty"`
}

// PatientCommunication is a language the patient uses (language is 1..1).
type PatientCommunication struct {
	Language  CodeableConcept `json:"language"`
	Preferred bool            `json:"preferred,omitempty"`
}

// Observation is one measurement or answer (R4 Observation; status and
// code are 1..1). A check-in is one Observation whose answers are its
// components, each with exactly one value[x].
type Observation struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id"`
	Status            string            `json:"status"`
	Category          []CodeableConcept `json:"category,omitempty"`
	Code              CodeableConcept   `json:"code"`
	Subject           *Reference        `json:"subject,omitempty"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	Performer         []Reference       `json:"performer,omitempty"`
	ValueInteger      *int              `json:"valueInteger,omitempty"`
	// ValueCodeableConcept is the value of a coded result (a drug
	// screen's "detected"); DataAbsentReason says why there is none.
	ValueCodeableConcept *CodeableConcept       `json:"valueCodeableConcept,omitempty"`
	DataAbsentReason     *CodeableConcept       `json:"dataAbsentReason,omitempty"`
	Interpretation       []CodeableConcept      `json:"interpretation,omitempty"`
	Note                 []Annotation           `json:"note,omitempty"`
	DerivedFrom          []Reference            `json:"derivedFrom,omitempty"`
	Component            []ObservationComponent `json:"component,omitempty"`
}

// ObservationComponent is one part of a multi-part Observation (code is 1..1).
type ObservationComponent struct {
	Code          CodeableConcept `json:"code"`
	ValueQuantity *Quantity       `json:"valueQuantity,omitempty"`
	ValueInteger  *int            `json:"valueInteger,omitempty"`
	ValueBoolean  *bool           `json:"valueBoolean,omitempty"`
}

// QuestionnaireResponse is a completed questionnaire (R4
// QuestionnaireResponse; status is 1..1). Each answered item is one item
// whose linkId is the form's item number.
type QuestionnaireResponse struct {
	ResourceType  string                      `json:"resourceType"`
	ID            string                      `json:"id"`
	Questionnaire string                      `json:"questionnaire,omitempty"`
	Status        string                      `json:"status"`
	Subject       *Reference                  `json:"subject,omitempty"`
	Authored      string                      `json:"authored,omitempty"`
	Author        *Reference                  `json:"author,omitempty"`
	Item          []QuestionnaireResponseItem `json:"item,omitempty"`
}

// QuestionnaireResponseItem is one answered question (linkId is 1..1).
type QuestionnaireResponseItem struct {
	LinkID string                        `json:"linkId"`
	Answer []QuestionnaireResponseAnswer `json:"answer,omitempty"`
}

// QuestionnaireResponseAnswer is one answer, with one value[x].
type QuestionnaireResponseAnswer struct {
	ValueInteger *int `json:"valueInteger,omitempty"`
}

// Consent is a patient's choice to permit or deny access (R4 Consent;
// status and scope are 1..1, category 1..*, and invariant con-3 asks for a
// policy or a policyRule).
type Consent struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Scope        CodeableConcept   `json:"scope"`
	Category     []CodeableConcept `json:"category"`
	Patient      *Reference        `json:"patient,omitempty"`
	DateTime     string            `json:"dateTime,omitempty"`
	Performer    []Reference       `json:"performer,omitempty"`
	PolicyRule   *CodeableConcept  `json:"policyRule,omitempty"`
	Provision    *ConsentProvision `json:"provision,omitempty"`
}

// ConsentProvision is the rule of a Consent: who may see what, and when.
type ConsentProvision struct {
	Type   string            `json:"type,omitempty"`
	Period *Period           `json:"period,omitempty"`
	Actor  []ConsentActor    `json:"actor,omitempty"`
	Action []CodeableConcept `json:"action,omitempty"`
	Code   []CodeableConcept `json:"code,omitempty"`
}

// ConsentActor is who the provision is about (role and reference are 1..1).
type ConsentActor struct {
	Role      CodeableConcept `json:"role"`
	Reference Reference       `json:"reference"`
}

// RelatedPerson is someone with a personal relationship to the patient
// (R4 RelatedPerson; patient is 1..1).
type RelatedPerson struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Active       bool              `json:"active"`
	Patient      Reference         `json:"patient"`
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         []HumanName       `json:"name,omitempty"`
}

func (r *Patient) ResourceKind() string               { return "Patient" }
func (r *Patient) ResourceID() string                 { return r.ID }
func (r *Observation) ResourceKind() string           { return "Observation" }
func (r *Observation) ResourceID() string             { return r.ID }
func (r *Consent) ResourceKind() string               { return "Consent" }
func (r *QuestionnaireResponse) ResourceKind() string { return "QuestionnaireResponse" }
func (r *QuestionnaireResponse) ResourceID() string   { return r.ID }
func (r *Consent) ResourceID() string                 { return r.ID }
func (r *RelatedPerson) ResourceKind() string         { return "RelatedPerson" }
func (r *RelatedPerson) ResourceID() string           { return r.ID }

// EpisodeOfCare is a stretch of care under one organisation's
// responsibility (R4 EpisodeOfCare; status and patient are 1..1). Onward
// writes one per level-of-care segment of a treatment episode.
type EpisodeOfCare struct {
	ResourceType         string            `json:"resourceType"`
	ID                   string            `json:"id"`
	Status               string            `json:"status"`
	Type                 []CodeableConcept `json:"type,omitempty"`
	Patient              Reference         `json:"patient"`
	ManagingOrganization *Reference        `json:"managingOrganization,omitempty"`
	Period               *Period           `json:"period,omitempty"`
}

// Encounter is an interaction with a patient (R4 Encounter; status and
// class are 1..1). Onward writes one per session the member attended.
type Encounter struct {
	ResourceType    string            `json:"resourceType"`
	ID              string            `json:"id"`
	Status          string            `json:"status"`
	Class           Coding            `json:"class"`
	Type            []CodeableConcept `json:"type,omitempty"`
	Subject         *Reference        `json:"subject,omitempty"`
	EpisodeOfCare   []Reference       `json:"episodeOfCare,omitempty"`
	Period          *Period           `json:"period,omitempty"`
	Length          *Quantity         `json:"length,omitempty"`
	ServiceProvider *Reference        `json:"serviceProvider,omitempty"`
}

func (r *EpisodeOfCare) ResourceKind() string { return "EpisodeOfCare" }
func (r *EpisodeOfCare) ResourceID() string   { return r.ID }
func (r *Encounter) ResourceKind() string     { return "Encounter" }
func (r *Encounter) ResourceID() string       { return r.ID }
