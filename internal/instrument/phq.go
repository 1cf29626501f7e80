package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// The PHQ-9 and PHQ-2 share items: PHQ-2 is PHQ-9 items 1 and 2.

// newPHQ9 builds the PHQ-9 depression scale with Kroenke's severity bands.
// Item 9 raises FlagSuicideRisk on any answer above 0, never gated on the
// total.
func newPHQ9() *Definition {
	return &Definition{
		ID:          PHQ9,
		ShortName:   "PHQ-9",
		Name:        i18n.M("instrument.phq9.name"),
		Description: i18n.M("instrument.phq9.about"),
		Timeframe:   lastTwoWeeks(),
		Audience:    AudienceSelf,
		Items:       phq9Items(),
		MinTotal:    0,
		MaxTotal:    27,
		HasTotal:    true,
		Bands: []Band{
			band(phq9, "minimal", 0, 4),
			band(phq9, "mild", 5, 9),
			band(phq9, "moderate", 10, 14),
			band(phq9, "moderately_severe", 15, 19),
			band(phq9, "severe", 20, 27),
		},
		LOINCPanel: "44249-1",
		LOINCTotal: "44261-6",
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606–613."},
			{Citation: "HL7 FHIR US Core, PHQ-9 Questionnaire example (LOINC codes, licence statement).", URL: "https://www.hl7.org/fhir/us/core/STU9/Questionnaire-phq-9-example.html"},
			{Citation: "HL7 FHIR SDC, PHQ-9 Questionnaire example.", URL: "https://hl7.org/fhir/uv/sdc/Questionnaire-questionnaire-sdc-profile-example-PHQ9.html"},
			{Citation: "Arroll B, et al. Validation of PHQ-2 and PHQ-9 to screen for major depression in the primary care population. Ann Fam Med. 2010;8(4):348–353.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC2906530"},
		},
		NotADiagnosis: true,
		flags:         phq9Flags,
	}
}

// phq9Flags looks only at item 9: any thought of death or self-harm needs a
// clinician's suicide-risk assessment, however low the total.
func phq9Flags(_ int, answers map[string]int, _ Options) ([]Flag, error) {
	if answers["9"] > 0 {
		return []Flag{suicideRiskFlag()}, nil
	}
	return nil, nil
}

// newPHQ2 builds the PHQ-2 screen: no bands, a full-form flag at 3 or more.
func newPHQ2() *Definition {
	return &Definition{
		ID:          PHQ2,
		ShortName:   "PHQ-2",
		Name:        i18n.M("instrument.phq2.name"),
		Description: i18n.M("instrument.phq2.about"),
		Timeframe:   lastTwoWeeks(),
		Audience:    AudienceSelf,
		Items:       phq9Items()[:2:2],
		MinTotal:    0,
		MaxTotal:    6,
		HasTotal:    true,
		LOINCPanel:  "55757-9",
		LOINCTotal:  "55758-7",
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of a two-item depression screener. Med Care. 2003;41(11):1284–1292."},
			{Citation: "Arroll B, et al. Validation of PHQ-2 and PHQ-9 to screen for major depression in the primary care population. Ann Fam Med. 2010;8(4):348–353.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC2906530"},
		},
		NotADiagnosis: true,
		flags:         suggestFullFormAt(3, "PHQ-9"),
	}
}

// phq9 starts the ids of the PHQ-9's wording, which the PHQ-2 shares.
const phq9 = "instrument.phq9."

func phq9Items() []Item { return numberedItems(phq9, 9, twoWeekFrequency) }
