package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// newDAST10 builds Skinner's 10-item Drug Abuse Screening Test. Answers are
// yes = 1, no = 0 on every item; item 3 (able to stop when you want) is
// reverse-scored by the engine, so "no" there scores 1.
func newDAST10() *Definition {
	items := numberedItems(dast10, 10, yesNo)
	items[2].ReverseScored = true

	return &Definition{
		ID:          DAST10,
		ShortName:   "DAST-10",
		Name:        i18n.M("instrument.dast10.name"),
		Description: i18n.M("instrument.dast10.about"),
		Timeframe:   i18n.M("instrument.timeframe.past_12_months"),
		Audience:    AudienceSelf,
		Items:       items,
		MinTotal:    0,
		MaxTotal:    10,
		HasTotal:    true,
		Bands: []Band{
			bandWithAdvice(dast10, "none", 0, 0),
			bandWithAdvice(dast10, "low", 1, 2),
			bandWithAdvice(dast10, "moderate", 3, 5),
			bandWithAdvice(dast10, "substantial", 6, 8),
			bandWithAdvice(dast10, "severe", 9, 10),
		},
		LOINCPanel: "82666-9",
		LOINCTotal: "82667-7",
		Sources: []Source{
			{Citation: "Skinner HA. The Drug Abuse Screening Test. Addict Behav. 1982;7(4):363–371. DAST-10 © 1982 Harvey A. Skinner and CAMH, Toronto."},
			{Citation: "Comorbidity Guidelines (Australia), Appendix W: DAST-10 scoring and interpretation.", URL: "https://comorbidityguidelines.org.au/appendix-w-drug-abuse-screening-test-dast10/dast10-scoring-and-interpretation"},
			{Citation: "CamCOPS documentation, DAST task.", URL: "https://camcops.readthedocs.io/en/latest/tasks/dast.html"},
		},
		NotADiagnosis: true,
	}
}

// dast10 starts the ids of the DAST-10's wording.
const dast10 = "instrument.dast10."
