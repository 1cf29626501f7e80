package instrument

import "github.com/onward-recovery/onward/internal/i18n"

// newSOWS builds Handelsman's Subjective Opiate Withdrawal Scale (1987): 16
// symptoms rated 0–4 by the person. The paper defines no cut-offs and the
// bands seen online are unverified, so there are none here: the raw score and
// its trend are what a member and clinician watch. Not Gossop's 10-item Short
// Opiate Withdrawal Scale, which is also called SOWS.
func newSOWS() *Definition {
	return &Definition{
		ID:          SOWS,
		ShortName:   "SOWS",
		Name:        i18n.M("instrument.sows.name"),
		Description: i18n.M("instrument.sows.about"),
		Timeframe:   i18n.M("instrument.sows.timeframe"),
		Audience:    AudienceSelf,
		Items:       sowsItems(),
		MinTotal:    0,
		MaxTotal:    64,
		HasTotal:    true,
		Sources: []Source{
			{Citation: "Handelsman L, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ, Kanof PD. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse. 1987;13(3):293–308."},
			{Citation: "EMCDDA drugs library: Subjective Opiate Withdrawal Scale.", URL: "https://www.emcdda.europa.eu/drugs-library/subjective-opiate-withdrawal-scale_en"},
			{Citation: "Guideline Central, SOWS calculator.", URL: "https://www.guidelinecentral.com/calculators/2c9e8038734e3c9e017353447eea0080/"},
		},
		NotADiagnosis: true,
	}
}

// sows starts the ids of the SOWS's wording.
const sows = "instrument.sows."

// sowsItems are the 16 symptoms, each rated 0–4.
func sowsItems() []Item { return numberedItems(sows, 16, intensity0to4) }
