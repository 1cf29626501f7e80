package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// newDSM5OUD builds a self-check against the 11 DSM-5 (and DSM-5-TR) criteria
// for opioid use disorder, in our own words: the APA owns the criteria text,
// so only paraphrases are stored. The total is the number of criteria
// recognised in the past 12 months. It is not a diagnosis; only a clinician
// makes one.
func newDSM5OUD() *Definition {
	items := numberedItems(dsm5oud, 11, yesNo)
	items[9].IgnoredWhenSupervised = true
	items[10].IgnoredWhenSupervised = true

	return &Definition{
		ID:          DSM5OUD,
		ShortName:   "DSM-5 OUD",
		Name:        i18n.M("instrument.dsm5_oud.name"),
		Description: i18n.M("instrument.dsm5_oud.about"),
		Timeframe:   i18n.M("instrument.timeframe.past_12_months"),
		Audience:    AudienceSelf,
		Items:       items,
		MinTotal:    0,
		MaxTotal:    11,
		HasTotal:    true,
		Bands: []Band{
			band(dsm5oud, "below_threshold", 0, 1),
			band(dsm5oud, "mild", 2, 3),
			band(dsm5oud, "moderate", 4, 5),
			band(dsm5oud, "severe", 6, 11),
		},
		Sources: []Source{
			{Citation: "American Psychiatric Association. Diagnostic and Statistical Manual of Mental Disorders, 5th ed., text revision (DSM-5-TR). 2022. Criteria paraphrased, not quoted."},
			{Citation: "CDC, Opioid use disorder: diagnosis.", URL: "https://cdc.gov/overdose-prevention/hcp/clinical-care/opioid-use-disorder-diagnosis.html"},
			{Citation: "BCCSU, Appendix 2: DSM-5-TR criteria for opioid use disorder.", URL: "https://bccsu.helpjuice.com/clinical-guidance-appendices/appendix-2-dsm-5-tr-criteria"},
			{Citation: "DSM-5 OUD criteria table (Am J Addict).", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC6590307/table/ajad12862-tbl-0001"},
		},
		NotADiagnosis: true,
	}
}

// dsm5oud starts the ids of the DSM-5 OUD check's wording.
const dsm5oud = "instrument.dsm5_oud."
