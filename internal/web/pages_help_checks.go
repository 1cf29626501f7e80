package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/instrument"
)

// The validated questionnaires offered as anonymous self-checks at
// /check/{id}. COWS is rated by a clinician, and SOWS and BAM follow
// someone in treatment over time, so they are not offered here.
var (
	useChecks  = []string{instrument.DAST10, instrument.DSM5OUD}
	moodChecks = []string{instrument.PHQ2, instrument.GAD2, instrument.PHQ9, instrument.GAD7}
)

// fullFormOf is the longer questionnaire that a short screen suggests when
// it raises instrument.FlagFullFormSuggested.
var fullFormOf = map[string]string{instrument.PHQ2: instrument.PHQ9, instrument.GAD2: instrument.GAD7}

// supervisedField is the DSM-5 check's extra question: for someone taking
// opioids only as prescribed under medical supervision, tolerance and
// withdrawal do not count (clinical-facts.md §4).
const supervisedField = "supervised"

// selfCheckLink is one self-check as /help/me lists it.
type selfCheckLink struct {
	Path, Name, About string
}

type selfCheckLinks struct {
	Use, Mood []selfCheckLink
}

func selfCheckLinksIn(locale string) selfCheckLinks {
	links := func(ids []string) []selfCheckLink {
		out := make([]selfCheckLink, 0, len(ids))
		for _, id := range ids {
			def, _ := instrument.Get(id)
			out = append(out, selfCheckLink{Path: "/check/" + id, Name: translateMsg(locale, def.Name), About: translateMsg(locale, def.Description)})
		}
		return out
	}
	return selfCheckLinks{Use: links(useChecks), Mood: links(moodChecks)}
}

// selfCheckView is what the self-check page shows: the form, or after a
// complete POST the result.
type selfCheckView struct {
	ID, ShortName, Name, Description, Timeframe string
	// Stem says how to answer every question ("How often ...?").
	Stem string
	// Supervised is the DSM-5 check's medical-supervision question; nil for
	// the other checks.
	Supervised *helpChoiceGroup
	Items      []helpChoiceGroup
	Result     *selfCheckResult
}

// Groups returns every question of the form in order, for the error summary.
func (v selfCheckView) Groups() []helpChoiceGroup {
	if v.Supervised == nil {
		return v.Items
	}
	return append([]helpChoiceGroup{*v.Supervised}, v.Items...)
}

// Invalid returns the questions with an error, in order.
func (v selfCheckView) Invalid() []helpChoiceGroup { return invalidGroups(v.Groups()) }

// selfCheckResult is a scored self-check, in the page's language.
type selfCheckResult struct {
	Total, Max int
	// Band and BandAdvice are the published band and its suggested action;
	// empty when the instrument has none.
	Band, BandAdvice string
	// Meaning is our own plain reading of the band (see selfCheckMeanings).
	Meaning string
	// SuicideRisk puts crisis help at the top of the result, before the score.
	SuicideRisk    bool
	SuicideMessage string
	// FullForm links the longer questionnaire of a short screen (PHQ-2,
	// GAD-2); FullFormSuggested is set when the score reached the cut-off.
	FullForm          *selfCheckLink
	FullFormSuggested bool
	// SupervisedApplied says tolerance and withdrawal were not counted.
	SupervisedApplied bool
}

// selfCheckDefinition returns the instrument for /check/{id}, or ENOTFOUND
// for anything that is not offered as a self-check.
func selfCheckDefinition(r *http.Request) (*instrument.Definition, error) {
	id := r.PathValue("id")
	def, ok := instrument.Get(id)
	if !ok || !slices.Contains(slices.Concat(useChecks, moodChecks), id) {
		return nil, onward.NewError(onward.ENOTFOUND, "common.we_could_not_find_that_page")
	}
	return def, nil
}

// selfCheckStems tell how to answer a self-check's questions; the
// timeframe is shown before them.
var selfCheckStems = map[string]string{
	instrument.DAST10:  "help.answer_yes_or_no_to_each_question",
	instrument.DSM5OUD: "help.did_each_of_these_happen_to_you",
	instrument.PHQ2:    "help.how_often_have_you_been_bothered_by",
	instrument.PHQ9:    "help.how_often_have_you_been_bothered_by",
	instrument.GAD2:    "help.how_often_have_you_been_bothered_by",
	instrument.GAD7:    "help.how_often_have_you_been_bothered_by",
	// Stored assessments (assessment_form.go) and the withdrawal checks.
	instrument.SOWS: "assessment.sows_stem",
	instrument.COWS: "assessment.cows_stem",
	instrument.BAM:  "assessment.bam_stem",
}

// selfCheckTimeframeID is the id of the timeframe text, which every
// question of a self-check refers to.
const selfCheckTimeframeID = "timeframe"

// newSelfCheckView builds the empty form for def in locale.
func newSelfCheckView(def *instrument.Definition, locale string) selfCheckView {
	v := selfCheckView{ID: def.ID, ShortName: def.ShortName, Name: translateMsg(locale, def.Name),
		Description: translateMsg(locale, def.Description), Timeframe: translateMsg(locale, def.Timeframe), Stem: translate(locale, selfCheckStems[def.ID])}
	for _, item := range def.Items {
		g := helpChoiceGroup{Name: "item-" + item.ID, Number: item.ID + ".", Legend: translateMsg(locale, item.Text),
			Short: translate(locale, "help.question", "ID", item.ID), Context: selfCheckTimeframeID}
		for _, o := range item.Options {
			g.Choices = append(g.Choices, helpChoice{Value: strconv.Itoa(o.Value), Label: translateMsg(locale, o.Label)})
		}
		v.Items = append(v.Items, g)
	}
	if def.ID == instrument.DSM5OUD {
		v.Supervised = &helpChoiceGroup{
			Name:   supervisedField,
			Legend: translate(locale, "help.do_you_take_opioids_only_as_prescribed"),
			Hint:   translate(locale, "help.for_example_methadone_or_buprenorphine"),
			Short:  translate(locale, "help.medical_supervision"),
			Choices: []helpChoice{
				{Value: "yes", Label: translate(locale, "help.yes_only_as_prescribed")},
				{Value: "no", Label: translate(locale, "help.no_or_not_only_as_prescribed")},
			},
		}
	}
	return v
}

func (s *Server) selfCheckForm(w http.ResponseWriter, r *http.Request) error {
	def, err := selfCheckDefinition(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "check", pageData{Heading: def.ShortName, Data: newSelfCheckView(def, state(r).locale)})
}

// selfCheckSubmit scores the answers and shows the result in this response:
// nothing is stored, and no result goes into a URL. Unanswered questions
// bring the form back with the answers kept and each gap marked.
func (s *Server) selfCheckSubmit(w http.ResponseWriter, r *http.Request) error {
	def, err := selfCheckDefinition(r)
	if err != nil {
		return err
	}
	locale := state(r).locale
	view := newSelfCheckView(def, locale)
	data := pageData{Heading: def.ShortName, Data: &view}

	answers, opts, fieldErrors := readSelfCheck(def, r)
	result, err := def.Score(answers, opts)
	var answerErr *instrument.AnswerError
	switch {
	case errors.As(err, &answerErr):
		for id, msg := range answerErr.Fields {
			fieldErrors.Add("item-"+id, answerMessage(msg))
		}
	case err != nil:
		return err
	}
	for i := range view.Items {
		view.Items[i].markAnswer(r, fieldErrors)
	}
	if view.Supervised != nil {
		view.Supervised.markAnswer(r, fieldErrors)
	}
	if err := fieldErrors.Err(); err != nil {
		return s.renderForm(w, r, "check", data, err)
	}
	view.Result = newSelfCheckResult(def, result, opts, locale)
	data.Heading = translate(locale, "help.your_result", "ShortName", def.ShortName)
	return s.render(w, r, "check", data)
}

// readSelfCheck reads the form: each item's published answer value and, for
// the DSM-5 check, the medical-supervision answer. Values that are not
// numbers, or not yes/no, are field errors; missing items are left for
// Score to report with every other gap.
func readSelfCheck(def *instrument.Definition, r *http.Request) (map[string]int, instrument.Options, onward.FieldErrors) {
	fieldErrors := onward.FieldErrors{}
	answers := map[string]int{}
	for _, item := range def.Items {
		field := "item-" + item.ID
		raw := r.PostForm.Get(field)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			fieldErrors.Add(field, msgChooseAnOption)
			continue
		}
		answers[item.ID] = n
	}
	var opts instrument.Options
	if def.ID == instrument.DSM5OUD {
		switch r.PostForm.Get(supervisedField) {
		case "yes":
			opts.MedicallySupervised = true
		case "no":
		case "":
			fieldErrors.Add(supervisedField, msgChooseAnswer)
		default:
			fieldErrors.Add(supervisedField, msgChooseAnOption)
		}
	}
	return answers, opts, fieldErrors
}

// answerMessage turns the instrument package's message for one item into
// what the form shows.
func answerMessage(msg i18n.Msg) string {
	if msg.ID == instrument.MsgMissingAnswer {
		return msgChooseAnswer
	}
	return msgChooseAnOption
}

func newSelfCheckResult(def *instrument.Definition, result instrument.Result, opts instrument.Options, locale string) *selfCheckResult {
	out := &selfCheckResult{Total: result.Total, Max: def.MaxTotal, SupervisedApplied: opts.MedicallySupervised}
	meaningKey := def.ID + "/"
	if result.Band != nil {
		out.Band = translateMsg(locale, result.Band.Label)
		out.BandAdvice = translateMsg(locale, result.Band.Advice)
		meaningKey += result.Band.ID
	} else {
		meaningKey += screenBelowCutoff
	}
	if id, ok := fullFormOf[def.ID]; ok {
		full, _ := instrument.Get(id)
		out.FullForm = &selfCheckLink{Path: "/check/" + full.ID, Name: full.ShortName, About: translateMsg(locale, full.Description)}
	}
	for _, f := range result.Flags {
		switch f.Code {
		case instrument.FlagSuicideRisk:
			out.SuicideRisk = true
			out.SuicideMessage = translateMsg(locale, f.Message)
		case instrument.FlagFullFormSuggested:
			out.FullFormSuggested = true
			meaningKey = def.ID + "/" + screenAtCutoff
		}
	}
	out.Meaning = translate(locale, selfCheckMeanings[meaningKey])
	return out
}
