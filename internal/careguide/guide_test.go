package careguide

import (
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/locale/localetest"
)

// calm answers a question set that raises no advice: weekly use, nothing
// else of concern, no wish for medication. Cases change a few answers.
func calm(changes map[string]string) map[string]string {
	a := map[string]string{
		QUseFrequency: "weekly", QCutDown: "not_tried", QWithdrawal: "none", QSedatives: "no",
		QSeizures: "no", QPhysical: "fine", QMental: "ok", QSelfHarm: "no", QPregnancy: "no",
		QHome: "supportive", QSupport: "yes", QDuties: "none", QPastTreatment: "none", QMedication: "rather_not",
	}
	maps.Copy(a, changes)
	return a
}

func suggestionIDs(suggestions []Suggestion) []string {
	var ids []string
	for _, s := range suggestions {
		ids = append(ids, s.Care.ID)
	}
	return ids
}

func alertIDs(alerts []Alert) []string {
	var ids []string
	for _, a := range alerts {
		ids = append(ids, a.Advice.ID)
	}
	return ids
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name       string
		answers    map[string]string
		best, also []string
		inPerson   bool
		urgent     []string
		notes      []string
	}{
		{"WeeklyUseNothingElse", calm(nil),
			[]string{CareIOP, CareOutpatient}, nil, false, nil, nil},
		{"DailyUseOpenToMedication", calm(map[string]string{QUseFrequency: "daily", QMedication: "want"}),
			[]string{CareOTP, CareOffice}, []string{CareWithdrawal}, false, nil, nil},
		{"DailyUseNoMedicationWanted", calm(map[string]string{QUseFrequency: "daily"}),
			[]string{CareWithdrawal}, nil, false, nil, nil},
		{"NotUsingNowWarnsOfLostTolerance", calm(map[string]string{QUseFrequency: "stopped", QCutDown: "could_not", QPastTreatment: "outpatient"}),
			[]string{CareOutpatient}, nil, false, []string{AdviceLostTolerance}, nil},
		{"ThoughtsOfSuicide", calm(map[string]string{QSelfHarm: "yes"}),
			[]string{CareIOP, CareOutpatient}, nil, true, []string{AdviceCrisis}, nil},
		{"DailySedatives", calm(map[string]string{QSedatives: "daily"}),
			[]string{CareWithdrawal, CareResidential, CareIOP, CareOutpatient}, nil, true, []string{AdviceSedativesDaily}, nil},
		{"SedativesSometimesIsANote", calm(map[string]string{QSedatives: "sometimes"}),
			[]string{CareIOP, CareOutpatient}, nil, false, nil, []string{AdviceSedativesSometimes}},
		{"SeizuresWhenStopping", calm(map[string]string{QSeizures: "yes"}),
			[]string{CareWithdrawal, CareResidential, CareIOP, CareOutpatient}, nil, true, []string{AdviceSeizures}, nil},
		{"Pregnant", calm(map[string]string{QPregnancy: "yes"}),
			[]string{CareIOP, CareOutpatient}, nil, true, []string{AdvicePregnancy}, nil},
		{"MaybePregnant", calm(map[string]string{QPregnancy: "maybe"}),
			[]string{CareIOP, CareOutpatient}, nil, true, []string{AdvicePregnancy}, nil},
		{"SeriousHealthProblem", calm(map[string]string{QPhysical: "serious"}),
			[]string{CareResidential, CareIOP, CareOutpatient}, nil, true, []string{AdviceSeriousHealth}, nil},
		{"HealthProblemsCaredFor", calm(map[string]string{QPhysical: "cared_for"}),
			[]string{CareIOP, CareOutpatient}, nil, false, nil, nil},
		{"VeryHardDays", calm(map[string]string{QMental: "very_hard"}),
			[]string{CareResidential, CarePHP, CareIOP, CareOutpatient}, nil, true, nil, []string{AdviceMentalHealthCare}},
		{"StrugglingWithMood", calm(map[string]string{QMental: "struggling"}),
			[]string{CareIOP}, []string{CarePHP, CareOutpatient}, false, nil, []string{AdviceMentalHealthCare}},
		{"UseAtHome", calm(map[string]string{QHome: "use_around"}),
			[]string{CareResidential, CareIOP, CareOutpatient}, nil, true, nil, nil},
		{"UnsafeHome", calm(map[string]string{QHome: "unsafe"}),
			[]string{CareResidential, CareIOP, CareOutpatient}, nil, true, nil, nil},
		{"CannotStepAwayOpenToMedication", calm(map[string]string{QDuties: "cannot_leave", QMedication: "unsure"}),
			[]string{CareIOP, CareOutpatient, CareOffice}, []string{CareOTP}, false, nil, nil},
		{"HardWithdrawalBefore", calm(map[string]string{QWithdrawal: "severe", QMedication: "want"}),
			[]string{CareOTP, CareOffice}, []string{CareWithdrawal, CareIOP, CareOutpatient}, true, nil, nil},
		{"OutpatientBeforeAndUsing", calm(map[string]string{QPastTreatment: "outpatient"}),
			[]string{CareIOP}, []string{CarePHP, CareOutpatient}, false, nil, nil},
		{"IntensiveBeforeTakingMedication", calm(map[string]string{QPastTreatment: "intensive", QMedication: "taking"}),
			[]string{CareIOP, CareOutpatient}, []string{CareOTP, CareOffice}, false, nil, []string{AdviceKeepMedication}},
		{"EveryDangerAtOnceCrisisFirst", calm(map[string]string{
			QUseFrequency: "daily", QSedatives: "daily", QSeizures: "yes", QPhysical: "serious",
			QSelfHarm: "yes", QPregnancy: "yes", QMental: "very_hard"}),
			[]string{CareResidential}, []string{CareWithdrawal, CarePHP}, true,
			[]string{AdviceCrisis, AdviceSedativesDaily, AdviceSeizures, AdvicePregnancy, AdviceSeriousHealth},
			[]string{AdviceMentalHealthCare}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(tt.answers)
			if err != nil {
				t.Fatal(err)
			}
			if got := suggestionIDs(r.Best); !slices.Equal(got, tt.best) {
				t.Errorf("best %v, want %v", got, tt.best)
			}
			if got := suggestionIDs(r.Also); !slices.Equal(got, tt.also) {
				t.Errorf("also %v, want %v", got, tt.also)
			}
			if r.AssessInPerson != tt.inPerson {
				t.Errorf("assess in person %v, want %v", r.AssessInPerson, tt.inPerson)
			}
			if got := alertIDs(r.Urgent); !slices.Equal(got, tt.urgent) {
				t.Errorf("urgent advice %v, want %v", got, tt.urgent)
			}
			if got := alertIDs(r.Notes); !slices.Equal(got, tt.notes) {
				t.Errorf("notes %v, want %v", got, tt.notes)
			}
			if len(r.Suggestions())+len(r.Others) != len(CareOptions()) {
				t.Errorf("%d suggested and %d others, want every one of the %d care options once",
					len(r.Suggestions()), len(r.Others), len(CareOptions()))
			}
		})
	}
}

// TestSuggestionsListTheAnswersThatLedToThem checks the "why" of one
// suggestion in full: residential care for someone with daily sedatives and
// an unsafe home lists both answers, each with its reason.
func TestSuggestionsListTheAnswersThatLedToThem(t *testing.T) {
	r, err := Evaluate(calm(map[string]string{QSedatives: "daily", QHome: "unsafe"}))
	if err != nil {
		t.Fatal(err)
	}
	var residential *Suggestion
	for i := range r.Suggestions() {
		if r.Suggestions()[i].Care.ID == CareResidential {
			residential = &r.Suggestions()[i]
		}
	}
	if residential == nil {
		t.Fatalf("residential care not suggested: %v", suggestionIDs(r.Suggestions()))
	}
	var got []string
	for _, b := range residential.Because {
		if english.Msg(b.Why) == "" || len(b.Answers) == 0 {
			t.Errorf("a reason without its answers or its why: %+v", b)
		}
		for _, a := range b.Answers {
			got = append(got, english.Msg(a.Topic)+": "+english.Msg(a.Label))
		}
	}
	want := []string{
		"Alcohol, benzodiazepines or sleeping pills: Yes, every day or almost every day",
		"Home: It is not safe, or I have no stable place to stay",
	}
	if !slices.Equal(got, want) {
		t.Errorf("residential care is suggested because of %q, want %q", got, want)
	}
}

func TestEvaluateRejectsBadAnswers(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string]string
		fields  map[string]string
	}{
		{"ErrNothingAnswered", map[string]string{}, func() map[string]string {
			f := map[string]string{}
			for _, q := range Questions() {
				f[q.ID] = MsgMissingAnswer
			}
			return f
		}()},
		{"ErrOneMissing", func() map[string]string { a := calm(nil); delete(a, QPregnancy); return a }(),
			map[string]string{QPregnancy: MsgMissingAnswer}},
		{"ErrEmptyAnswer", calm(map[string]string{QHome: ""}), map[string]string{QHome: MsgMissingAnswer}},
		{"ErrUnknownChoice", calm(map[string]string{QSelfHarm: "perhaps"}), map[string]string{QSelfHarm: MsgUnknownChoice}},
		{"ErrUnknownQuestion", calm(map[string]string{"income": "low"}), map[string]string{"income": MsgUnknownQuestion}},
		{"ErrSeveralAtOnce", calm(map[string]string{QSupport: "", QDuties: "all", "age": "30"}),
			map[string]string{QSupport: MsgMissingAnswer, QDuties: MsgUnknownChoice, "age": MsgUnknownQuestion}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(tt.answers)
			var ae *AnswerError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v, want an *AnswerError", err)
			}
			fields := map[string]string{}
			for id, msg := range ae.Fields {
				fields[id] = msg.ID
			}
			if !maps.Equal(fields, tt.fields) {
				t.Errorf("fields %v, want %v", ae.Fields, tt.fields)
			}
			if !strings.HasPrefix(ae.Error(), "careguide: invalid answers: ") {
				t.Errorf("error text %q", ae.Error())
			}
		})
	}
}

// randomAnswers picks one choice for every question.
func randomAnswers(rng *rand.Rand) map[string]string {
	a := map[string]string{}
	for _, q := range Questions() {
		a[q.ID] = q.Choices[rng.IntN(len(q.Choices))].ID
	}
	return a
}

// TestEveryAnswerSetGetsReasonedSuggestions samples complete answer sets
// (there are about 2.5 million) and checks the promises the page makes for
// each: at least one best fit, none listed below it with as many reasons,
// each suggestion with the answers that led to it and why; crisis advice
// and an in-person assessment first whenever there are thoughts of suicide; nothing
// about medication for someone who would rather not take it, unless they
// take it already.
func TestEveryAnswerSetGetsReasonedSuggestions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		a := randomAnswers(rng)
		r, err := Evaluate(a)
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		if len(r.Best) == 0 {
			t.Fatalf("no best fit for %v", a)
		}
		for _, also := range r.Also {
			if len(also.Because) >= len(r.Best[0].Because) {
				t.Fatalf("%s has as many reasons as the best fit but is listed after it, for %v", also.Care.ID, a)
			}
		}
		if a[QSelfHarm] == "yes" && !r.AssessInPerson {
			t.Fatalf("thoughts of suicide, but no in-person assessment advised for %v", a)
		}
		for _, s := range r.Suggestions() {
			if len(s.Because) == 0 {
				t.Fatalf("%s suggested without a reason for %v", s.Care.ID, a)
			}
			for _, b := range s.Because {
				if len(b.Answers) == 0 || english.Msg(b.Why) == "" {
					t.Fatalf("%s suggested with an empty reason for %v", s.Care.ID, a)
				}
			}
		}
		if a[QSelfHarm] == "yes" && (len(r.Urgent) == 0 || r.Urgent[0].Advice.ID != AdviceCrisis) {
			t.Fatalf("thoughts of suicide, but crisis advice is not first: %v for %v", alertIDs(r.Urgent), a)
		}
		if a[QMedication] == "rather_not" && slices.ContainsFunc(r.Suggestions(), func(s Suggestion) bool {
			return s.Care.ID == CareOTP || s.Care.ID == CareOffice
		}) {
			t.Fatalf("medication suggested to someone who would rather not: %v", a)
		}
	}
}

// TestRulesReferToRealAnswers keeps the rules in step with the questions,
// the care options and the advice: a typo in a rule would otherwise make it
// silently never fire.
func TestRulesReferToRealAnswers(t *testing.T) {
	questions := map[string]Question{}
	for _, q := range Questions() {
		questions[q.ID] = q
	}
	care := map[string]bool{}
	for _, c := range CareOptions() {
		care[c.ID] = true
	}
	advised := map[string]bool{}
	for _, a := range advice() {
		advised[a.ID] = true
	}
	ids := map[string]bool{}
	raised := map[string]bool{}
	for _, r := range rules() {
		if r.ID == "" || ids[r.ID] {
			t.Errorf("rule id %q is empty or used twice", r.ID)
		}
		ids[r.ID] = true
		if len(r.When) == 0 {
			t.Errorf("rule %s has no condition, so it would always fire", r.ID)
		}
		if len(r.Suggest) == 0 && len(r.Advise) == 0 {
			t.Errorf("rule %s neither suggests nor advises", r.ID)
		}
		if len(r.Suggest) > 0 && !locale.Default().Exists(r.why().ID) {
			t.Errorf("rule %s suggests care without saying why", r.ID)
		}
		for _, c := range slices.Concat(r.When, r.Unless) {
			q, ok := questions[c.Question]
			if !ok {
				t.Errorf("rule %s asks about %q, which is not a question", r.ID, c.Question)
				continue
			}
			for _, choice := range c.AnyOf {
				if _, ok := q.Choice(choice); !ok {
					t.Errorf("rule %s: %q is not a choice of %s", r.ID, choice, q.ID)
				}
			}
		}
		for _, s := range r.Suggest {
			if !care[s] {
				t.Errorf("rule %s suggests %q, which is not a care option", r.ID, s)
			}
		}
		for _, a := range r.Advise {
			if !advised[a] {
				t.Errorf("rule %s raises %q, which is not advice", r.ID, a)
			}
			raised[a] = true
		}
	}
	for id := range advised {
		if !raised[id] {
			t.Errorf("advice %s is raised by no rule", id)
		}
	}
}

// english reads messages in English, for tests that compare wording.
var english = locale.Default().For("en")

// guideMessages lists every text the guide can show, by where it is shown.
func guideMessages() map[string]i18n.Msg {
	texts := map[string]i18n.Msg{}
	for _, q := range Questions() {
		texts["question "+q.ID+" topic"] = q.Topic
		texts["question "+q.ID+" text"] = q.Text
		if q.Hint.ID != "" {
			texts["question "+q.ID+" hint"] = q.Hint
		}
		for _, c := range q.Choices {
			texts["question "+q.ID+"/"+c.ID] = c.Label
		}
	}
	for _, c := range CareOptions() {
		texts["care "+c.ID+" name"] = c.Name
		texts["care "+c.ID+" description"] = c.What
	}
	for _, a := range advice() {
		texts["advice "+a.ID+" title"] = a.Title
		texts["advice "+a.ID+" text"] = a.Text
	}
	for _, r := range rules() {
		if len(r.Suggest) > 0 {
			texts["rule "+r.ID+" why"] = r.why()
		}
	}
	return texts
}

// TestEveryTextIsInEveryLanguage walks every text the guide can show.
func TestEveryTextIsInEveryLanguage(t *testing.T) {
	for where, texts := range localetest.Read(t, guideMessages()) {
		for lang, s := range texts {
			// The guide is our own reasoning; it must never be presented as
			// ASAM's placement criteria (clinical-facts.md §11).
			if strings.Contains(s, "ASAM") {
				t.Errorf("%s in %s mentions ASAM: %q", where, lang, s)
			}
		}
	}
	for _, q := range Questions() {
		if len(q.Choices) < 2 {
			t.Errorf("%s has fewer than two choices", q.ID)
		}
	}
}

// TestEveryGuideMessageIsUsed: the catalogs hold no guide wording that the
// guide does not show, and the answer errors are there too.
func TestEveryGuideMessageIsUsed(t *testing.T) {
	localetest.AllUsed(t, localetest.IDs(guideMessages(), MsgMissingAnswer, MsgUnknownQuestion, MsgUnknownChoice), "careguide.")
}

// TestResultsAreIndependent changes one result and checks the next one is
// untouched: the data is built afresh for each call.
func TestResultsAreIndependent(t *testing.T) {
	first, _ := Evaluate(calm(nil))
	first.Suggestions()[0].Because[0].Answers[0].Label.ID = "changed"
	second, _ := Evaluate(calm(nil))
	if second.Suggestions()[0].Because[0].Answers[0].Label.ID == "changed" {
		t.Fatal("changing one result changed the next")
	}
	questions := Questions()
	questions[0].Choices[0].Label.ID = "changed"
	if Questions()[0].Choices[0].Label.ID == "changed" {
		t.Fatal("changing the questions changed the next call's")
	}
}
