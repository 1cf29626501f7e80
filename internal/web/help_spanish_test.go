package web

import (
	"slices"
	"testing"

	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/locale"
)

// TestHelpTextsHaveSpanish covers the texts that the finding-help pages
// keep as data (the signs checklist, the readings of each band, the
// questions' stems and the form messages), which TestSpanishIsComplete
// cannot find by their call sites.
func TestHelpTextsHaveSpanish(t *testing.T) {
	var texts []string
	for _, g := range signGroups {
		texts = append(texts, g.Title)
	}
	for _, s := range warningSigns {
		texts = append(texts, s.Self, s.Other)
	}
	texts = append(texts, signsTitle(false), signsTitle(true), msgChooseAnswer, msgChooseAnOption)
	for _, m := range selfCheckMeanings {
		texts = append(texts, m)
	}
	for _, s := range selfCheckStems {
		texts = append(texts, s)
	}
	for _, text := range texts {
		if text == "" {
			t.Error("an empty text")
			continue
		}
		if !locale.Default().Exists(text) {
			t.Errorf("%q is not a message of the catalogs", text)
		}
	}
}

// TestSelfCheckMeaningsCoverEveryBand keeps our readings in step with the
// published bands: one for each band of each self-check, one for each side
// of the PHQ-2 and GAD-2 cut-off, and none for anything else.
func TestSelfCheckMeaningsCoverEveryBand(t *testing.T) {
	want := map[string]bool{}
	for _, id := range slices.Concat(useChecks, moodChecks) {
		def, _ := instrument.Get(id)
		if _, ok := selfCheckStems[id]; !ok {
			t.Errorf("%s has no stem", id)
		}
		if len(def.Bands) == 0 {
			want[id+"/"+screenAtCutoff] = true
			want[id+"/"+screenBelowCutoff] = true
			if _, ok := fullFormOf[id]; !ok {
				t.Errorf("%s has no bands and no full form to suggest", id)
			}
		}
		for _, b := range def.Bands {
			want[id+"/"+b.ID] = true
		}
	}
	for key := range want {
		if selfCheckMeanings[key] == "" {
			t.Errorf("no reading for %s", key)
		}
	}
	for key := range selfCheckMeanings {
		if !want[key] {
			t.Errorf("a reading for %s, which is not a band of a self-check", key)
		}
	}
}

// TestSignsChecklistIsWellFormed: every sign belongs to a group, ids are
// unique, and at least one sign can mean an overdose.
func TestSignsChecklistIsWellFormed(t *testing.T) {
	groups := map[string]int{}
	for _, g := range signGroups {
		groups[g.ID] = 0
	}
	ids := map[string]bool{}
	overdose := false
	for _, s := range warningSigns {
		if _, ok := groups[s.Group]; !ok {
			t.Errorf("sign %s is in group %q, which does not exist", s.ID, s.Group)
		}
		groups[s.Group]++
		if ids[s.ID] {
			t.Errorf("sign id %s is used twice", s.ID)
		}
		ids[s.ID] = true
		overdose = overdose || s.Overdose
	}
	for g, n := range groups {
		if n == 0 {
			t.Errorf("group %s has no signs", g)
		}
	}
	if !overdose {
		t.Error("no sign marks a possible overdose")
	}
}
