package web

import (
	"net/http"
	"strings"

	"github.com/onward-recovery/onward"
)

// Finding help without an account: where to start, the self-checks, the
// level-of-care guide, the library and the family guide. These pages are
// open to everyone and store nothing: answers are read from the form,
// scored and shown in the response to that same POST (no redirect, so no
// result ever appears in a URL or in the database), and pages are sent with
// Cache-Control: no-store like every page.

func (s *Server) helpStart(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "help", pageData{Title: "help.finding_help"})
}

func (s *Server) helpForMe(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "help_me", pageData{Title: "help.is_this_me", Data: selfCheckLinksIn(state(r).locale)})
}

func (s *Server) helpForSomeone(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "help_someone", pageData{Title: "help.someone_i_care_about"})
}

// helpChoice is one radio button of a question.
type helpChoice struct {
	Value, Label string
	Checked      bool
}

// helpChoiceGroup is one question shown as a group of radio buttons in a
// fieldset whose legend is the question. Every text is final (already in
// the page's language).
type helpChoiceGroup struct {
	Name   string // the form field, and the id of the first radio button
	Number string // shown before the legend ("9."); empty for none
	Legend string
	Hint   string
	// Short names the question in the error summary ("Question 9").
	Short   string
	Choices []helpChoice
	Error   string
	// Context is the id of a text that applies to every question of the
	// form (the timeframe), read out with each group; empty for none.
	Context string
	// Optional questions may be left unanswered (BAM 7A–7G).
	Optional bool
}

// DescribedBy lists the ids of the texts that describe the group, for
// aria-describedby: the shared context, the hint and the error.
func (g helpChoiceGroup) DescribedBy() string {
	var ids []string
	if g.Context != "" {
		ids = append(ids, g.Context)
	}
	if g.Hint != "" {
		ids = append(ids, g.Name+"-hint")
	}
	if g.Error != "" {
		ids = append(ids, g.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// markAnswer ticks the choice that the form sent, so a form with errors
// comes back with the answers kept, and puts the field's error message (in
// the page's language) on the group.
func (g *helpChoiceGroup) markAnswer(r *http.Request, fieldErrors onward.FieldErrors) {
	sent := r.PostForm.Get(g.Name)
	for i := range g.Choices {
		g.Choices[i].Checked = sent != "" && g.Choices[i].Value == sent
	}
	if msg, ok := fieldErrors[g.Name]; ok {
		g.Error = translateMsg(state(r).locale, msg)
	}
}

// invalidGroups returns the groups with an error, in the form's order, for
// the error summary.
func invalidGroups(groups []helpChoiceGroup) []helpChoiceGroup {
	var out []helpChoiceGroup
	for _, g := range groups {
		if g.Error != "" {
			out = append(out, g)
		}
	}
	return out
}

// Messages for a question left unanswered, or answered with a value the
// form never offered (a changed or stale page).
const (
	msgChooseAnswer   = "help.choose_an_answer"
	msgChooseAnOption = "help.choose_one_of_the_answers_shown"
)
