package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/careguide"
)

// guideForm answers every question of the guide calmly (weekly use, no
// concerns), then applies changes (an empty value leaves the question out).
func guideForm(changes map[string]string) url.Values {
	f := url.Values{
		careguide.QUseFrequency: {"weekly"}, careguide.QCutDown: {"not_tried"}, careguide.QWithdrawal: {"none"},
		careguide.QSedatives: {"no"}, careguide.QSeizures: {"no"}, careguide.QPhysical: {"fine"}, careguide.QMental: {"ok"},
		careguide.QSelfHarm: {"no"}, careguide.QPregnancy: {"no"}, careguide.QHome: {"supportive"}, careguide.QSupport: {"yes"},
		careguide.QDuties: {"none"}, careguide.QPastTreatment: {"none"}, careguide.QMedication: {"rather_not"},
	}
	for k, v := range changes {
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
	}
	return f
}

func TestGuideResult(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	res := c.post("/guide", guideForm(map[string]string{careguide.QUseFrequency: "daily", careguide.QMedication: "want", careguide.QHome: "unsafe"}))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res,
		"<h1>What may fit your answers</h1>",
		"This is not an assessment and not a placement",
		"<h3>Withdrawal management (detox)</h3>",
		"<h3>Inpatient or residential treatment</h3>",
		"<h3>Opioid treatment program (methadone)</h3>",
		"Using every day usually means withdrawal when you stop",
		"(How often you use opioids: Every day, or almost every day)",
		"(Home: It is not safe, or I have no stable place to stay)",
		"(Medication: I would like to try it)",
		"<h2 id=\"others-h\">The other options</h2>",
		"<h3>Partial hospitalization (PHP)</h3>",
		`href="/find"`, `href="tel:18006624357"`,
		"<h2 id=\"answers-h\">Change your answers</h2>",
		`id="use_frequency" name="use_frequency" value="daily" checked`,
	)
	if strings.Contains(res.body, `<section class="emergency"`) {
		t.Error("urgent advice shown for answers with no danger")
	}
	// The option order of the page is the package's: suggestions first, each
	// described once.
	for _, name := range []string{"Withdrawal management (detox)", "Intensive outpatient (IOP)", "Outpatient care"} {
		if n := strings.Count(res.body, "<h3>"+name+"</h3>"); n != 1 {
			t.Errorf("%q described %d times, want once", name, n)
		}
	}
}

// TestGuideDangerAnswersComeFirst: thoughts of suicide, daily sedatives with
// opioids and pregnancy raise urgent advice above every suggestion, crisis
// help first of all.
func TestGuideDangerAnswersComeFirst(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().post("/guide", guideForm(map[string]string{
		careguide.QSelfHarm: "yes", careguide.QSedatives: "daily", careguide.QPregnancy: "maybe"}))
	wantStatus(t, res, http.StatusOK)
	order := []string{
		`<section class="emergency" aria-labelledby="urgent-crisis">`,
		`href="tel:988"`,
		`aria-labelledby="urgent-sedatives_daily"`,
		`aria-labelledby="urgent-pregnancy"`,
		`<h2 id="assess-h">The next step: an assessment in person</h2>`,
		`<h2 id="fit-h">What your answers point to most</h2>`,
	}
	last := -1
	for _, part := range order {
		i := strings.Index(res.body, part)
		if i < 0 {
			t.Fatalf("the result lacks %q:\n%s", part, truncate(res.body))
		}
		if i < last {
			t.Errorf("%q is out of order: urgent advice must come first, crisis help first of all", part)
		}
		last = i
	}
	wantBody(t, res, "Because you answered: Thoughts of death or self-harm: Yes", "Pregnancy needs specialized care")
}

func TestGuideBadAnswers(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name    string
		form    url.Values
		invalid map[string]string
	}{
		{"ErrTwoMissing", guideForm(map[string]string{careguide.QPregnancy: "", careguide.QHome: ""}),
			map[string]string{careguide.QPregnancy: "Choose an answer.", careguide.QHome: "Choose an answer."}},
		{"ErrNotAChoice", guideForm(map[string]string{careguide.QSupport: "lots"}),
			map[string]string{careguide.QSupport: "Choose one of the answers shown."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post("/guide", tt.form)
			wantStatus(t, res, http.StatusBadRequest)
			if strings.Contains(res.body, `id="fit-h"`) {
				t.Error("a result was shown for incomplete answers")
			}
			for field, msg := range tt.invalid {
				wantBody(t, res, `<a href="#`+field+`">`, field+`-error" aria-invalid="true"`, `<p class="field-error" id="`+field+`-error">`+msg+`</p>`)
			}
			// The other answers are kept.
			wantBody(t, res, `id="use_frequency-weekly" name="use_frequency" value="weekly" checked`)
		})
	}
}

func TestGuideSpanish(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().postIn("/guide", "es", guideForm(map[string]string{careguide.QSelfHarm: "yes"}))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Lo que podría ajustarse a sus respuestas", "Por favor, hable con alguien hoy", "Porque respondió:", "El siguiente paso: una evaluación en persona", "Lo que más señalan sus respuestas", "Atención ambulatoria intensiva (IOP)")
}

// TestGuideBestFitFirst: answers that agree show the best fit under its own
// heading, the options fewer answers point to below it, and no call for an
// in-person assessment; answers that pull toward a 24-hour setting and care
// around daily life at once lead with that call.
func TestGuideBestFitFirst(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	res := c.post("/guide", guideForm(map[string]string{careguide.QMental: "struggling"}))
	wantStatus(t, res, http.StatusOK)
	best, also := strings.Index(res.body, `<h2 id="fit-h">What fits your answers best</h2>`), strings.Index(res.body, `<h2 id="also-h">What may also fit</h2>`)
	iop, php := strings.Index(res.body, "<h3>Intensive outpatient (IOP)</h3>"), strings.Index(res.body, "<h3>Partial hospitalization (PHP)</h3>")
	if best < 0 || also < 0 || !(best < iop && iop < also && also < php) {
		t.Errorf("want IOP under the best fit and PHP under what may also fit:\n%s", truncate(res.body))
	}
	if strings.Contains(res.body, `id="assess-h"`) {
		t.Error("an in-person assessment called for when the answers agree and raise no danger")
	}

	res = c.post("/guide", guideForm(map[string]string{careguide.QHome: "unsafe"}))
	wantStatus(t, res, http.StatusOK)
	assess, fit := strings.Index(res.body, `<h2 id="assess-h">`), strings.Index(res.body, `<h2 id="fit-h">What your answers point to most</h2>`)
	if assess < 0 || fit < 0 || assess > fit {
		t.Errorf("answers pointing to residential care and to outpatient care should lead with an in-person assessment:\n%s", truncate(res.body))
	}
}
