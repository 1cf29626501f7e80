package withdrawal

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// docs/withdrawal.md shows the phase boundaries as a table; this test keeps
// the table and the timelines in step.
func TestDocumentedPhasesMatchTheTimelines(t *testing.T) {
	b, err := os.ReadFile("../../docs/withdrawal.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	span := func(d time.Duration) string {
		if d >= 4*day && d%day == 0 {
			return fmt.Sprintf("%d days", d/day)
		}
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	for _, s := range Substances {
		want := fmt.Sprintf("| `%s` | not estimated |", s)
		if tl, ok := TimelineOf(s); ok {
			peak, onsetEnd, acuteStart := "(not given)", tl.OnsetTo, tl.OnsetTo
			if tl.PeakFrom > 0 {
				peak, onsetEnd, acuteStart = span(tl.PeakFrom)+" – "+span(tl.PeakTo), tl.PeakFrom, tl.PeakTo
			}
			want = fmt.Sprintf("| `%s` | under %s | %s – %s | %s | %s – %s | from %s |", s, span(tl.OnsetFrom), span(tl.OnsetFrom),
				span(onsetEnd), peak, span(acuteStart), span(tl.AcuteEnds), span(tl.AcuteEnds))
		}
		if !strings.Contains(doc, want) {
			t.Errorf("docs/withdrawal.md lacks the row %q", want)
		}
	}
	for _, f := range RedFlags {
		if !strings.Contains(doc, "| `"+string(f)+"` |") {
			t.Errorf("docs/withdrawal.md does not give the source of red flag %q", f)
		}
	}
}
