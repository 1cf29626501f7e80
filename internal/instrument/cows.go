package instrument

import "github.com/onward-recovery/onward/internal/i18n"

import "fmt"

// DefaultBuprenorphineStartThreshold is the COWS total CA Bridge uses for a
// standard buprenorphine start. Programs may choose another (BC uses >12;
// older office protocols about 12–13), hence Options.BuprenorphineStartThreshold.
const DefaultBuprenorphineStartThreshold = 8

// newCOWS builds the Clinical Opiate Withdrawal Scale (Wesson & Ling 2003):
// 11 signs rated by a clinician, with each item's published, uneven scores.
func newCOWS() *Definition {
	return &Definition{
		ID:          COWS,
		ShortName:   "COWS",
		Name:        i18n.M("instrument.cows.name"),
		Description: i18n.M("instrument.cows.about"),
		Timeframe:   i18n.M("instrument.cows.timeframe"),
		Audience:    AudienceClinician,
		Items:       cowsItems(),
		MinTotal:    0,
		MaxTotal:    48,
		HasTotal:    true,
		Bands: []Band{
			band(cows, "none", 0, 4),
			band(cows, "mild", 5, 12),
			band(cows, "moderate", 13, 24),
			band(cows, "moderately_severe", 25, 36),
			band(cows, "severe", 37, 48),
		},
		Sources: []Source{
			{Citation: "Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs. 2003;35(2):253–259.", URL: "https://pubmed.ncbi.nlm.nih.gov/12924748/"},
			{Citation: "COWS form as reproduced on the NCBI Bookshelf (SAMHSA Treatment Improvement Protocol).", URL: "https://www.ncbi.nlm.nih.gov/books/NBK64244/"},
			{Citation: "CA Bridge, buprenorphine start in the emergency department: COWS 8 or more with objective signs.", URL: "https://cabridge.org/tools/on-shift/"},
			{Citation: "Emergency Care BC, Clinical Opiate Withdrawal Scale treatment summary.", URL: "https://emergencycarebc.ca/clinical_resource/clinical-summary/clinical-opiate-withdrawal-scale-treatment/"},
		},
		NotADiagnosis: true,
		flags:         cowsFlags,
	}
}

// cowsFlags raises the buprenorphine start flag at the program's threshold.
// The flag informs the prescriber; it never starts a dose by itself.
func cowsFlags(sum int, _ map[string]int, opts Options) ([]Flag, error) {
	threshold := opts.BuprenorphineStartThreshold
	if threshold == 0 {
		threshold = DefaultBuprenorphineStartThreshold
	}
	// A threshold outside the scale would silently always or never fire.
	if threshold < 1 || threshold > 48 {
		return nil, fmt.Errorf("instrument: COWS buprenorphine start threshold %d is outside 1–48", threshold)
	}
	if sum >= threshold {
		return []Flag{buprenorphineStartThresholdFlag(sum, threshold)}, nil
	}
	return nil, nil
}

// cows starts the ids of the COWS's wording.
const cows = "instrument.cows."

// cowsItems are the 11 signs, each with its own answers and their
// published, uneven scores.
func cowsItems() []Item {
	return []Item{
		itemWithOwnAnswers(cows, "1", 0, 1, 2, 4),    // resting pulse
		itemWithOwnAnswers(cows, "2", 0, 1, 2, 3, 4), // sweating
		itemWithOwnAnswers(cows, "3", 0, 1, 3, 5),    // restlessness
		itemWithOwnAnswers(cows, "4", 0, 1, 2, 5),    // pupil size
		itemWithOwnAnswers(cows, "5", 0, 1, 2, 4),    // bone or joint aches
		itemWithOwnAnswers(cows, "6", 0, 1, 2, 4),    // runny nose or tearing
		itemWithOwnAnswers(cows, "7", 0, 1, 2, 3, 5), // stomach or bowel upset
		itemWithOwnAnswers(cows, "8", 0, 1, 2, 4),    // tremor
		itemWithOwnAnswers(cows, "9", 0, 1, 2, 4),    // yawning
		itemWithOwnAnswers(cows, "10", 0, 1, 2, 4),   // anxiety or irritability
		itemWithOwnAnswers(cows, "11", 0, 3, 5),      // gooseflesh
	}
}
