package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// The GAD-7 and GAD-2 share items: GAD-2 is GAD-7 items 1 and 2.

// newGAD7 builds the GAD-7 anxiety scale with Spitzer's severity bands.
func newGAD7() *Definition {
	return &Definition{
		ID:          GAD7,
		ShortName:   "GAD-7",
		Name:        i18n.M("instrument.gad7.name"),
		Description: i18n.M("instrument.gad7.about"),
		Timeframe:   lastTwoWeeks(),
		Audience:    AudienceSelf,
		Items:       gad7Items(),
		MinTotal:    0,
		MaxTotal:    21,
		HasTotal:    true,
		Bands: []Band{
			band(gad7, "minimal", 0, 4),
			band(gad7, "mild", 5, 9),
			band(gad7, "moderate", 10, 14),
			band(gad7, "severe", 15, 21),
		},
		LOINCPanel: "69737-5",
		LOINCTotal: "70274-6",
		Sources: []Source{
			{Citation: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097."},
			{Citation: "GAD-7 scoring summary (MRCPsych revision notes).", URL: "https://www.mrcpsych.uk/search/label/GAD-7"},
		},
		NotADiagnosis: true,
	}
}

// newGAD2 builds the GAD-2 screen: no bands, a full-form flag at 3 or more.
func newGAD2() *Definition {
	return &Definition{
		ID:          GAD2,
		ShortName:   "GAD-2",
		Name:        i18n.M("instrument.gad2.name"),
		Description: i18n.M("instrument.gad2.about"),
		Timeframe:   lastTwoWeeks(),
		Audience:    AudienceSelf,
		Items:       gad7Items()[:2:2],
		MinTotal:    0,
		MaxTotal:    6,
		HasTotal:    true,
		Sources: []Source{
			{Citation: "Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary care: prevalence, impairment, comorbidity, and detection. Ann Intern Med. 2007;146(5):317–325."},
		},
		NotADiagnosis: true,
		flags:         suggestFullFormAt(3, "GAD-7"),
	}
}

// gad7 starts the ids of the GAD-7's wording, which the GAD-2 shares.
const gad7 = "instrument.gad7."

func gad7Items() []Item { return numberedItems(gad7, 7, twoWeekFrequency) }
