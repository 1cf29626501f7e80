package directory

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// docs/import-formats.md shows the import tables to the people who prepare the files;
// these tests keep it and the code in step.
const formatsDoc = "../../docs/import-formats.md"

// docRows returns the cells of every markdown table row in the page.
func docRows(t *testing.T) [][]string {
	t.Helper()
	var rows [][]string
	for line := range strings.SplitSeq(readDoc(t), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows
}

func code(v any) string { return fmt.Sprintf("`%v`", v) }

func TestDocumentedValuesMatchTheCode(t *testing.T) {
	rows := docRows(t)
	hasRow := func(first string) bool {
		return slices.ContainsFunc(rows, func(r []string) bool { return r[0] == first })
	}
	var values []string
	for _, l := range Levels() {
		values = append(values, string(l))
	}
	for _, m := range Medications() {
		values = append(values, string(m))
	}
	for _, p := range Payments() {
		values = append(values, string(p))
	}
	for _, v := range values {
		if !hasRow(code(v)) {
			t.Errorf("the page has no table row for %s", code(v))
		}
	}
}

func TestDocumentedCSVColumnsMatchTheLayouts(t *testing.T) {
	rows := docRows(t)
	for _, layout := range []csvLayout{programCSVLayout, smartCSVLayout} {
		for _, column := range append(slices.Clone(layout.required), layout.optional...) {
			want := "no"
			if slices.Contains(layout.required, column) {
				want = "yes"
			}
			found := slices.ContainsFunc(rows, func(r []string) bool {
				return len(r) == 3 && r[0] == code(column) && r[1] == want
			})
			if !found {
				t.Errorf("%s: the page has no column row %s with required %q", layout.format, code(column), want)
			}
		}
	}
}

// TestDocumentedLocatorMappingMatchesTheTables checks both ways: every mapping in the
// code is on the page, and every mapping row on the page is in the code. A mapping row
// is "| `f2` | value | `target` | seen in |" or "| value | `target` |".
func TestDocumentedLocatorMappingMatchesTheTables(t *testing.T) {
	targets := map[string]bool{}
	inCode := map[string]string{} // "`category` value" or "value" → "`target`"
	for category, values := range locatorLevels {
		for value, level := range values {
			inCode[code(category)+" "+value], targets[code(level)] = code(level), true
		}
	}
	for category, values := range locatorPayments {
		for value, payment := range values {
			inCode[code(category)+" "+value], targets[code(payment)] = code(payment), true
		}
	}
	for value, tag := range locatorLanguages {
		inCode[value], targets[code(tag)] = code(tag), true
	}
	for _, w := range locatorMedicationWords {
		inCode[w.word], targets[code(w.medication)] = code(w.medication), true
	}

	documented := map[string]string{}
	for _, r := range docRows(t) {
		switch {
		case len(r) == 4 && strings.HasPrefix(r[0], "`") && targets[r[2]]:
			documented[r[0]+" "+normalizeServiceValue(r[1])] = r[2]
		case len(r) == 2 && !strings.HasPrefix(r[0], "`") && targets[r[1]]:
			documented[normalizeServiceValue(r[0])] = r[1]
		}
	}
	for k, v := range inCode {
		if documented[k] != v {
			t.Errorf("the code maps %q to %s; the page says %q", k, v, documented[k])
		}
	}
	for k, v := range documented {
		if _, ok := inCode[k]; !ok {
			t.Errorf("the page maps %q to %s; the code does not", k, v)
		}
	}
	text := strings.ToLower(strings.Join(strings.Fields(readDoc(t)), " "))
	for _, setting := range append(slices.Clone(locatorMedicationSetting), locatorPainDosing) {
		if !strings.Contains(text, setting) {
			t.Errorf("the page does not name %q", setting)
		}
	}
}

func readDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(formatsDoc)
	if err != nil {
		t.Fatalf("read the import formats page: %v", err)
	}
	return string(b)
}

func TestDocumentedLimitsMatchTheCode(t *testing.T) {
	doc := readDoc(t)
	for _, want := range []string{
		fmt.Sprintf("at most %d km", MaxRadiusKm),
		fmt.Sprintf("larger than %d MiB", MaxImportBytes>>20),
		fmt.Sprintf("%v km", earthRadiusKm),
		code(FormatProgramCSV), code(FormatLocatorJSON), code(FormatBMLTJSON),
		code(FormatMeetingGuideJSON), code(FormatSMARTCSV),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
}

// TestDocumentedServiceCodesAndFellowshipsMatchTheCode: every locator service code
// the importer reads, and every fellowship the finder knows, has its row on the page.
func TestDocumentedServiceCodesAndFellowshipsMatchTheCode(t *testing.T) {
	rows := docRows(t)
	row := func(first string) []string {
		for _, r := range rows {
			if r[0] == first {
				return r
			}
		}
		return nil
	}
	for c, want := range locatorCodes {
		r := row(code(c))
		if len(r) != 3 {
			t.Errorf("the page has no service code row for %s", code(c))
			continue
		}
		for _, target := range []string{string(want.level), string(want.medication), string(want.payment), want.language} {
			if target != "" && !strings.Contains(r[2], code(target)) {
				t.Errorf("the page reads %s as %q; the code gives %s", code(c), r[2], code(target))
			}
		}
	}
	for _, f := range Fellowships() {
		if r := row(code(f)); len(r) != 2 || !strings.HasPrefix(r[1], f.Name()) {
			t.Errorf("the page has no fellowship row %s | %s", code(f), f.Name())
		}
	}
}
