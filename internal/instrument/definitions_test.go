package instrument

import (
	"slices"
	"testing"

	"github.com/onward-recovery/onward/internal/locale/localetest"
)

func TestAllListsEveryInstrumentInStableOrder(t *testing.T) {
	want := []string{COWS, SOWS, PHQ9, PHQ2, GAD7, GAD2, DAST10, BAM, DSM5OUD}
	var got []string
	for _, d := range All() {
		got = append(got, d.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("All() ids = %v, want %v", got, want)
	}
	for _, id := range want {
		if d, ok := Get(id); !ok || d.ID != id {
			t.Errorf("Get(%q) = %v, %v", id, d, ok)
		}
	}
	if _, ok := Get("audit"); ok {
		t.Error(`Get("audit") found an instrument we do not have`)
	}
}

func TestGetReturnsAnIndependentCopy(t *testing.T) {
	first := mustGet(t, PHQ9)
	first.Items[0].Options[0].Value = 99
	first.Bands[0].Max = 99
	second := mustGet(t, PHQ9)
	if second.Items[0].Options[0].Value != 0 || second.Bands[0].Max != 4 {
		t.Error("changing one definition changed the next caller's copy")
	}
}

// Self-consistency of every definition: the declared range matches the items,
// bands tile the range, every text is bilingual, ids are unique, and the
// published facts that hold across instruments hold here.
func TestDefinitionsAreSelfConsistent(t *testing.T) {
	for _, d := range All() {
		t.Run(d.ID, func(t *testing.T) {
			checkItems(t, d)
			checkTotals(t, d)
			checkBands(t, d)
			checkSubscales(t, d)
			checkTexts(t, d)

			if d.Audience != AudienceSelf && d.Audience != AudienceClinician {
				t.Errorf("Audience = %q", d.Audience)
			}
			if d.Audience == AudienceSelf && !d.NotADiagnosis {
				t.Error("a self-check must say it is not a diagnosis")
			}
			if d.ShortName == "" || len(d.Sources) == 0 {
				t.Error("ShortName and at least one Source are required")
			}
			for _, s := range d.Sources {
				if s.Citation == "" {
					t.Error("a Source has no citation")
				}
			}
		})
	}
}

func checkItems(t *testing.T, d *Definition) {
	t.Helper()
	seen := map[string]bool{}
	for _, item := range d.Items {
		if item.ID == "" || seen[item.ID] {
			t.Errorf("item id %q is empty or repeated", item.ID)
		}
		seen[item.ID] = true
		if len(item.Options) < 2 {
			t.Errorf("item %s has %d options", item.ID, len(item.Options))
		}
		values := map[int]bool{}
		for _, o := range item.Options {
			if values[o.Value] {
				t.Errorf("item %s repeats the option value %d", item.ID, o.Value)
			}
			values[o.Value] = true
		}
		if item.Subscale != "" && !item.Scored {
			t.Errorf("item %s is in subscale %q but unscored", item.ID, item.Subscale)
		}
	}
}

func checkTotals(t *testing.T, d *Definition) {
	t.Helper()
	minSum, maxSum := 0, 0
	for _, item := range d.Items {
		if !item.Scored {
			continue
		}
		lo, hi := item.Options[0].Value, item.Options[0].Value
		for _, o := range item.Options {
			lo, hi = min(lo, o.Value), max(hi, o.Value)
		}
		minSum += lo
		maxSum += hi
	}
	if d.MinTotal != minSum || d.MaxTotal != maxSum {
		t.Errorf("MinTotal..MaxTotal = %d..%d, scored items give %d..%d", d.MinTotal, d.MaxTotal, minSum, maxSum)
	}
}

func checkBands(t *testing.T, d *Definition) {
	t.Helper()
	if len(d.Bands) == 0 {
		return
	}
	next := d.MinTotal
	for _, b := range d.Bands {
		if b.Min != next || b.Max < b.Min {
			t.Errorf("band %s covers %d..%d, want it to start at %d", b.ID, b.Min, b.Max, next)
		}
		next = b.Max + 1
	}
	if last := d.Bands[len(d.Bands)-1]; last.Max != d.MaxTotal {
		t.Errorf("bands end at %d, want MaxTotal %d", last.Max, d.MaxTotal)
	}
}

func checkSubscales(t *testing.T, d *Definition) {
	t.Helper()
	declared := map[string]bool{}
	for _, s := range d.Subscales {
		declared[s.ID] = true
	}
	used := map[string]bool{}
	for _, item := range d.Items {
		if item.Subscale == "" {
			continue
		}
		used[item.Subscale] = true
		if !declared[item.Subscale] {
			t.Errorf("item %s names undeclared subscale %q", item.ID, item.Subscale)
		}
	}
	for id := range declared {
		if !used[id] {
			t.Errorf("subscale %q has no items", id)
		}
	}
}

// checkTexts requires every text a person may read to be a message in
// every language. Band advice is optional: most sources give none, and we
// add none.
func checkTexts(t *testing.T, d *Definition) {
	t.Helper()
	localetest.Read(t, definitionMessages(d))
}
