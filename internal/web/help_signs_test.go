package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignsChecklist(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path string
		signs      []string
		want       []string
		notWant    []string
	}{
		{"NothingTicked", "/check/signs", nil,
			[]string{"<h1>What you recognized</h1>", "You ticked 0 of the 20 signs", "Physical signs: 0 of 8", "You did not tick any signs", "This checklist is not a scored test."},
			[]string{`<section class="emergency"`}},
		{"CountsPerGroup", "/check/signs", []string{"pupils", "money", "friends", "control"},
			[]string{"You ticked 4 of the 20 signs", "Physical signs: 1 of 8<ul><li>Very small (pinpoint) pupils</li></ul>", "Changes in behavior: 2 of 6", "Changes in mood and thinking: 1 of 6",
				"Thank you for being honest with yourself", `href="/check/dast10"`, `href="/find"`, "It is not a diagnosis."},
			[]string{`<section class="emergency"`}},
		{"ForSomeonePointsToTheFamilyGuide", "/check/signs/someone", []string{"secrecy", "withdrawal"},
			[]string{"<h1>What you noticed</h1>", "You ticked 2 of the 20 signs", "Thank you for looking closely", `href="/family#how-to-talk"`, `href="/family"`, `href="/find"`,
				"only work when people answer about themselves"},
			[]string{`href="/check/dast10"`, `<section class="emergency"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post(tt.path, url.Values{"sign": tt.signs})
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, tt.want...)
			for _, no := range tt.notWant {
				if strings.Contains(res.body, no) {
					t.Errorf("the result has %q, and should not", no)
				}
			}
		})
	}
}

// TestSignsOfOverdoseShowCrisisHelpFirst: slow breathing or being hard to
// wake can be an overdose happening now, so the result leads with what to
// do, before any count.
func TestSignsOfOverdoseShowCrisisHelpFirst(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct{ path, heading string }{
		{"/check/signs/someone", "Slow breathing or being hard to wake can mean an overdose"},
		{"/check/signs", "Slow breathing or being hard to wake are signs of an overdose"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			res := e.newClient().post(tt.path, url.Values{"sign": {"pupils", "breathing"}})
			wantStatus(t, res, http.StatusOK)
			heading, call, count := strings.Index(res.body, tt.heading), strings.Index(res.body, `href="tel:911"`), strings.Index(res.body, "You ticked 2 of the 20 signs")
			if heading < 0 || call < 0 || count < 0 || !(heading < call && call < count) {
				t.Fatalf("overdose help (heading %d, 911 %d) does not come before the count (%d)", heading, call, count)
			}
		})
	}
}

func TestSignsChecklistRefusesUnknownSigns(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().post("/check/signs", url.Values{"sign": {"pupils", "telepathy"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "The form could not be read. Reload the page and try again.")
}

func TestSignsChecklistSpanish(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().postIn("/check/signs/someone", "es", url.Values{"sign": {"money"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Lo que usted notó</h1>", "Usted marcó 1 de las 20 señales", "Cambios en la conducta: 1 de 6", "Esta lista no es una prueba con puntuación.")
}
