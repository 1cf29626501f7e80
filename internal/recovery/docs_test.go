package recovery

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The model's page documents every number; this test keeps the page and the code in step.
const modelDoc = "../../docs/recovery-model.md"

// tableRow finds the row of a markdown table that starts with first (a backquoted key)
// and has n cells, and returns its cells.
func tableRow(t *testing.T, doc, first string, n int) []string {
	t.Helper()
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "| "+first+" |") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != n {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	t.Errorf("%s has no %d-column table row for %s", modelDoc, n, first)
	return make([]string, n)
}

func readModelDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(modelDoc)
	if err != nil {
		t.Fatalf("read the model's documentation: %v", err)
	}
	return string(b)
}

func TestDocumentedRiskNumbersMatchTheModel(t *testing.T) {
	doc, m := readModelDoc(t), DefaultRiskModel()

	v := reflect.ValueOf(m)
	for i := range v.NumField() {
		field := v.Type().Field(i)
		var want string
		switch f := v.Field(i); f.Kind() {
		case reflect.Int:
			want = fmt.Sprint(f.Int())
		case reflect.Float64:
			want = fmt.Sprint(f.Float())
		default:
			continue
		}
		if got := tableRow(t, doc, "`"+field.Name+"`", 3)[1]; got != want {
			t.Errorf("docs say %s = %s, the model says %s", field.Name, got, want)
		}
	}

	plans := map[string][]string{}
	for _, r := range rules() {
		plans[r.code] = r.plan
	}
	for code, weight := range m.Weights {
		cells := tableRow(t, doc, "`"+code+"`", 5)
		floor := string(m.Floors[code])
		if floor == "" {
			floor = "—"
		}
		if cells[1] != fmt.Sprint(weight) || cells[2] != floor {
			t.Errorf("docs give %s weight %s and floor %s; the model says %d and %s", code, cells[1], cells[2], weight, floor)
		}
		if plan := strings.Join(plans[code], ", "); tableRow(t, doc, "`"+code+"`", 2)[1] != plan {
			t.Errorf("docs give %s other plan sections than %s", code, plan)
		}
	}

	levels := map[Level]string{
		LevelLow:      fmt.Sprintf("0–%d", m.Elevated-1),
		LevelElevated: fmt.Sprintf("%d–%d", m.Elevated, m.High-1),
		LevelHigh:     fmt.Sprintf("%d or more", m.High),
	}
	for level, want := range levels {
		if got := tableRow(t, doc, "`"+string(level)+"`", 2)[1]; got != want {
			t.Errorf("docs give %s scores as %q, the model as %q", level, got, want)
		}
	}
}

func TestDocumentedMilestonesMatchTheList(t *testing.T) {
	doc := readModelDoc(t)
	example := streak{lastUse: day(t, "2024-01-31")}
	for _, m := range Milestones() {
		cells := tableRow(t, doc, "`"+m.ID+"`", 4)
		colour := m.KeytagColour
		if colour == "" {
			colour = "—"
		}
		if cells[1] != english.Msg(m.Name) || cells[3] != colour {
			t.Errorf("docs list %s as %q with keytag %q; the code as %q with %q", m.ID, cells[1], cells[3], english.Msg(m.Name), colour)
		}
		dateText, _, _ := strings.Cut(cells[2], " (")
		documented, err := time.Parse("2 Jan 2006", dateText)
		if err != nil {
			t.Errorf("docs give %s an unreadable date %q", m.ID, cells[2])
			continue
		}
		if want, _ := example.reach(m, CountDayAfter, time.UTC); !DateOf(documented, nil).Equal(want) {
			t.Errorf("docs say %s is reached on %s, the code on %s", m.ID, dateText, want)
		}
	}
}
