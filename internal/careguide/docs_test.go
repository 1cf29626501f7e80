package careguide

import (
	"os"
	"strings"
	"testing"
)

// The guide's page lists every rule, question, care option and piece of
// advice; this test keeps the page and the code in step.
const guideDoc = "../../docs/care-guide.md"

// docSection returns the text of the section of doc whose heading ends
// with title, up to the next section.
func docSection(t *testing.T, doc, title string) string {
	t.Helper()
	for _, part := range strings.Split(doc, "\n## ") {
		heading, body, _ := strings.Cut(part, "\n")
		if strings.HasSuffix(heading, title) {
			return body
		}
	}
	t.Fatalf("%s has no section %q", guideDoc, title)
	return ""
}

// docRow returns the cells of the table row of doc that starts with the
// backquoted key, or nil.
func docRow(doc, key string) []string {
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "| `"+key+"` |") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	return nil
}

func TestDocsListEverything(t *testing.T) {
	b, err := os.ReadFile(guideDoc)
	if err != nil {
		t.Fatalf("read the guide's documentation: %v", err)
	}
	doc := string(b)
	questions, care := docSection(t, doc, "The questions"), docSection(t, doc, "The care options")
	advised, rulesDoc := docSection(t, doc, "The advice"), docSection(t, doc, "The rules")

	for _, q := range Questions() {
		row := docRow(questions, q.ID)
		if row == nil {
			t.Errorf("%s does not list question %s", guideDoc, q.ID)
			continue
		}
		for _, c := range q.Choices {
			if !strings.Contains(row[len(row)-1], "`"+c.ID+"`") {
				t.Errorf("%s: question %s lacks choice %s", guideDoc, q.ID, c.ID)
			}
		}
	}
	for _, c := range CareOptions() {
		if row := docRow(care, c.ID); row == nil || row[1] != english.Msg(c.Name) {
			t.Errorf("%s does not list care option %s as %q", guideDoc, c.ID, english.Msg(c.Name))
		}
	}
	for _, a := range advice() {
		row := docRow(advised, a.ID)
		if row == nil {
			t.Errorf("%s does not list advice %s", guideDoc, a.ID)
			continue
		}
		if urgent := strings.HasPrefix(row[1], "yes"); urgent != a.Urgent {
			t.Errorf("%s lists advice %s as urgent %q; the code says %v", guideDoc, a.ID, row[1], a.Urgent)
		}
	}
	for _, r := range rules() {
		row := docRow(rulesDoc, r.ID)
		if len(row) != 6 {
			t.Errorf("%s has no six-column row for rule %s", guideDoc, r.ID)
			continue
		}
		for _, c := range r.When {
			if !strings.Contains(row[1], "`"+c.Question+"`") {
				t.Errorf("%s: rule %s's conditions do not name %s", guideDoc, r.ID, c.Question)
			}
		}
		for _, c := range r.Unless {
			if !strings.Contains(row[2], "`"+c.Question+"`") {
				t.Errorf("%s: rule %s's exceptions do not name %s", guideDoc, r.ID, c.Question)
			}
		}
		if (len(r.Suggest) > 0) != (row[3] != "") {
			t.Errorf("%s: rule %s suggests %v, the page says %q", guideDoc, r.ID, r.Suggest, row[3])
		}
		for _, a := range r.Advise {
			if !strings.Contains(row[4], "`"+a+"`") {
				t.Errorf("%s: rule %s raises %s, the page says %q", guideDoc, r.ID, a, row[4])
			}
		}
	}
}
