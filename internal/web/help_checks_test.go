package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// answersForm answers items 1..n with value, then applies changes (an empty
// value leaves the item out).
func answersForm(n int, value string, changes map[string]string) url.Values {
	f := url.Values{}
	for i := 1; i <= n; i++ {
		f.Set(fmt.Sprintf("item-%d", i), value)
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

func TestSelfCheckResults(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path string
		form       url.Values
		want       []string
		notWant    []string
	}{
		{"DAST10AllNoStillScoresItem3", "/check/dast10", answersForm(10, "0", nil),
			[]string{"<h1>Your DAST-10 result</h1>", "Your score: 1 out of 10", "<strong>Low level</strong>", "Suggested next step: Monitor, and reassess later", "a low level of problems", "This is not a diagnosis."}, nil},
		{"DAST10AllYes", "/check/dast10", answersForm(10, "1", nil),
			[]string{"Your score: 9 out of 10", "<strong>Severe level</strong>", "Intensive assessment", "you can start today"}, nil},
		{"DSM5Mild", "/check/dsm5-oud", answersForm(11, "0", map[string]string{"item-1": "1", "item-10": "1", "item-11": "1", "supervised": "no"}),
			[]string{"Your score: 3 out of 11", "Mild range (2–3 criteria)", "which clinicians call the mild range"}, []string{"were not counted"}},
		{"DSM5SupervisedDoesNotCountToleranceOrWithdrawal", "/check/dsm5-oud", answersForm(11, "0", map[string]string{"item-1": "1", "item-10": "1", "item-11": "1", "supervised": "yes"}),
			[]string{"Your score: 1 out of 11", "Below the threshold of 2 criteria", "tolerance and withdrawal were not counted"}, nil},
		{"DSM5Severe", "/check/dsm5-oud", answersForm(11, "1", map[string]string{"supervised": "no"}),
			[]string{"Your score: 11 out of 11", "Severe range", "treatment works, medication included"}, nil},
		{"PHQ2AtCutoffOffersPHQ9", "/check/phq2", answersForm(2, "0", map[string]string{"item-1": "2", "item-2": "1"}),
			[]string{"Your score: 3 out of 6", "the usual point at which the full PHQ-9 is suggested", `<a class="button primary" href="/check/phq9">Take the full PHQ-9</a>`}, []string{"<strong>Minimal"}},
		{"PHQ2BelowCutoff", "/check/phq2", answersForm(2, "1", nil),
			[]string{"Your score: 2 out of 6", "Your score is below 3", `<a class="button" href="/check/phq9">Take the full PHQ-9</a>`}, nil},
		{"GAD2AtCutoffOffersGAD7", "/check/gad2", answersForm(2, "3", nil),
			[]string{"Your score: 6 out of 6", `<a class="button primary" href="/check/gad7">Take the full GAD-7</a>`}, nil},
		{"PHQ9Severe", "/check/phq9", answersForm(9, "3", map[string]string{"item-9": "0"}),
			[]string{"Your score: 24 out of 27", "Severe depression symptoms", "today if you can"}, []string{"You deserve support right now"}},
		{"GAD7Moderate", "/check/gad7", answersForm(7, "2", nil),
			[]string{"Your score: 14 out of 21", "Moderate anxiety symptoms", "Anxiety is common and treatable"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post(tt.path, tt.form)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, tt.want...)
			wantBody(t, res, `href="/find"`, `href="tel:18006624357"`, "Nothing you answered was stored")
			for _, no := range tt.notWant {
				if strings.Contains(res.body, no) {
					t.Errorf("the result says %q, and should not", no)
				}
			}
		})
	}
}

// TestPHQ9ItemNineShowsCrisisHelpFirst checks the safety rule: any answer
// above 0 to item 9 puts crisis help at the top of the result, before the
// score, however low the total.
func TestPHQ9ItemNineShowsCrisisHelpFirst(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		name, language, item9, heading, score string
	}{
		{"LowestAnswerAboveZero", "en", "1", "You deserve support right now", "Your score: 1 out of 27"},
		{"NearlyEveryDay", "en", "3", "You deserve support right now", "Your score: 3 out of 27"},
		{"Spanish", "es", "2", "Usted merece apoyo ahora mismo", "Su puntuación: 2 de 27"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.newClient().postIn("/check/phq9", tt.language, answersForm(9, "0", map[string]string{"item-9": tt.item9}))
			wantStatus(t, res, http.StatusOK)
			crisis := strings.Index(res.body, `<section class="emergency"`)
			heading := strings.Index(res.body, tt.heading)
			call := strings.Index(res.body, `href="tel:911"`)
			line := strings.Index(res.body, `href="tel:988"`)
			score := strings.Index(res.body, tt.score)
			if crisis < 0 || heading < 0 || call < 0 || line < 0 || score < 0 {
				t.Fatalf("crisis section %d, heading %d, 911 %d, 988 %d, score %d: something is missing\n%s",
					crisis, heading, call, line, score, truncate(res.body))
			}
			if !(crisis < heading && heading < call && call < score && line < score) {
				t.Errorf("crisis help (section %d, 911 %d, 988 %d) does not come before the score (%d)", crisis, call, line, score)
			}
			if main := strings.Index(res.body, "<main"); strings.Index(res.body[main:], "<h2") != strings.Index(res.body[main:], `<h2 id="support-now">`) {
				t.Error("the first heading after the title is not the crisis help")
			}
		})
	}
	res := e.newClient().post("/check/phq9", answersForm(9, "3", map[string]string{"item-9": "0"}))
	if strings.Contains(res.body, `<section class="emergency"`) {
		t.Error("crisis help shown although item 9 was answered 0")
	}
}

func TestSelfCheckBadAnswers(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path string
		form       url.Values
		invalid    map[string]string // field -> message
		kept       []string          // inputs that must stay checked
	}{
		{"ErrNothingAnswered", "/check/phq2", url.Values{},
			map[string]string{"item-1": "Choose an answer.", "item-2": "Choose an answer."}, nil},
		{"ErrSomeMissingAnswersKept", "/check/phq9", answersForm(9, "2", map[string]string{"item-4": "", "item-9": ""}),
			map[string]string{"item-4": "Choose an answer.", "item-9": "Choose an answer."}, []string{`id="item-1-2" name="item-1" value="2" checked`, `id="item-8-2" name="item-8" value="2" checked`}},
		{"ErrNotAnOption", "/check/gad7", answersForm(7, "1", map[string]string{"item-3": "7"}),
			map[string]string{"item-3": "Choose one of the answers shown."}, []string{`id="item-1-1" name="item-1" value="1" checked`}},
		{"ErrNotANumber", "/check/dast10", answersForm(10, "0", map[string]string{"item-5": "yes"}),
			map[string]string{"item-5": "Choose one of the answers shown."}, nil},
		{"ErrSupervisionUnanswered", "/check/dsm5-oud", answersForm(11, "0", nil),
			map[string]string{"supervised": "Choose an answer."}, nil},
		{"ErrSupervisionNotAnOption", "/check/dsm5-oud", answersForm(11, "0", map[string]string{"supervised": "sometimes"}),
			map[string]string{"supervised": "Choose one of the answers shown."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post(tt.path, tt.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `<div class="error-summary" role="alert"`, `<form method="post" action="`+tt.path+`"`)
			if strings.Contains(res.body, "Your score") {
				t.Error("a result was shown for incomplete answers")
			}
			for field, msg := range tt.invalid {
				wantBody(t, res,
					`<a href="#`+field+`">`,
					`aria-describedby="`, field+`-error" aria-invalid="true"`,
					`<p class="field-error" id="`+field+`-error">`+msg+`</p>`)
			}
			wantBody(t, res, tt.kept...)
			if n := strings.Count(res.body, `aria-invalid="true"`); n != len(tt.invalid) {
				t.Errorf("%d questions marked invalid, want %d", n, len(tt.invalid))
			}
		})
	}
}

func TestSelfCheckSpanishResult(t *testing.T) {
	e := newEnv(t)
	res := e.newClient().postIn("/check/gad7", "es", answersForm(7, "3", nil))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Su resultado del GAD-7</h1>", "Su puntuación: 21 de 21", "Síntomas de ansiedad graves",
		"Sus respuestas sugieren señales graves de ansiedad", "Esto no es un diagnóstico.", "Líneas de ayuda gratuitas y confidenciales")

	bad := e.newClient().postIn("/check/gad7", "es", answersForm(7, "3", map[string]string{"item-2": ""}))
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, "Pregunta 2: Elija una respuesta.")
}
