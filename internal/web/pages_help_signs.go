package web

import (
	"net/http"
	"slices"

	"github.com/onward-recovery/onward"
)

// The signs checklist: signs of opioid use that a person may notice in
// themselves, or in someone they care about, in our own plain words. It is
// not a scored instrument: there is no cut-off, and the result counts what
// was ticked in each group without judging it.

// warningSign is one sign on the checklist. Texts are English; the page
// translates them.
type warningSign struct {
	ID    string
	Group string
	Self  string // worded for the person themselves
	Other string // worded for someone they care about
	// Overdose marks a sign that can mean an overdose is happening: the
	// result then shows what to do in an overdose first.
	Overdose bool
}

// signGroups are the checklist's groups, in order, with their titles.
var signGroups = []struct{ ID, Title string }{
	{"physical", "help.physical_signs"},
	{"behavior", "help.changes_in_behavior"},
	{"mood", "help.changes_in_mood_and_thinking"},
}

var warningSigns = []warningSign{
	{ID: "pupils", Group: "physical", Self: "help.very_small_pinpoint_pupils", Other: "help.very_small_pinpoint_pupils"},
	{ID: "drowsy", Group: "physical", Self: "help.nodding_off_or_being_very_sleepy_at", Other: "help.nodding_off_or_being_very_sleepy_at"},
	{ID: "breathing", Group: "physical", Overdose: true,
		Self:  "help.others_finding_you_hard_to_wake_or",
		Other: "help.slow_or_shallow_breathing_or_being_hard"},
	{ID: "speech", Group: "physical", Self: "help.slow_or_slurred_speech", Other: "help.slow_or_slurred_speech"},
	{ID: "itching", Group: "physical", Self: "help.itching_scratching_or_constipation", Other: "help.itching_scratching_or_constipation"},
	{ID: "self_care", Group: "physical",
		Self:  "help.changes_in_weight_or_appetite_or_looking",
		Other: "help.changes_in_weight_or_appetite_or_looking_2"},
	{ID: "marks", Group: "physical",
		Self:  "help.needle_marks_or_wearing_long_sleeves_to",
		Other: "help.needle_marks_or_long_sleeves_even_in"},
	{ID: "withdrawal", Group: "physical",
		Self:  "help.feeling_as_if_you_have_the_flu",
		Other: "help.flu_like_spells_that_come_and_go"},

	{ID: "secrecy", Group: "behavior",
		Self:  "help.keeping_your_use_secret_or_lying_about",
		Other: "help.being_secretive_or_lying_about_where"},
	{ID: "money", Group: "behavior",
		Self:  "help.money_problems_or_borrowing_or_taking",
		Other: "help.money_or_valuables_going_missing_or"},
	{ID: "obligations", Group: "behavior", Self: "help.missing_work_school_or_family_events", Other: "help.missing_work_school_or_family_events"},
	{ID: "friends", Group: "behavior",
		Self:  "help.dropping_old_friends_or_hobbies",
		Other: "help.dropping_old_friends_or_hobbies_and"},
	{ID: "prescriptions", Group: "behavior",
		Self:  "help.running_out_of_a_prescription_early_or",
		Other: "help.pill_bottles_emptying_too_fast_or"},
	{ID: "supplies", Group: "behavior",
		Self:  "help.keeping_things_for_using_such_as_burnt",
		Other: "help.finding_things_used_for_drugs_such_as"},

	{ID: "mood_swings", Group: "mood", Self: "help.mood_swings_irritability_or_a_short", Other: "help.mood_swings_irritability_or_a_short"},
	{ID: "low_without", Group: "mood",
		Self:  "help.feeling_low_anxious_or_restless_when_you",
		Other: "help.seeming_low_anxious_or_restless_when"},
	{ID: "preoccupied", Group: "mood",
		Self:  "help.thinking_a_lot_about_getting_or_using",
		Other: "help.seeming_focused_on_getting_or_using"},
	{ID: "control", Group: "mood",
		Self:  "help.using_more_than_you_meant_to_or",
		Other: "help.using_more_than_they_meant_to_or"},
	{ID: "interest", Group: "mood",
		Self:  "help.losing_interest_in_things_you_used_to",
		Other: "help.losing_interest_in_things_they_used_to"},
	{ID: "defensive", Group: "mood",
		Self:  "help.getting_defensive_when_someone_asks",
		Other: "help.getting_defensive_or_angry_when_asked"},
}

// signsField is the checkboxes' form field; each ticked box sends its id.
const signsField = "sign"

// signsView is the checklist page: the form, and after a POST the result
// above it.
type signsView struct {
	ForSomeone bool
	Action     string // the form's address, which is also the page's
	Groups     []signGroupView
	Result     *signsResult
}

type signGroupView struct {
	ID, Title string
	Signs     []signView
}

type signView struct {
	ID, Label string
	Checked   bool
}

// signsResult counts the ticked signs, in total and per group.
type signsResult struct {
	Ticked, Of int
	Groups     []signCount
	// Overdose is set when a ticked sign can mean an overdose.
	Overdose bool
}

type signCount struct {
	Title      string
	Ticked, Of int
	Signs      []string // the ticked signs, in the reader's language
}

func newSignsView(forSomeone bool, locale string, ticked []string) signsView {
	v := signsView{ForSomeone: forSomeone, Action: "/check/signs"}
	if forSomeone {
		v.Action = "/check/signs/someone"
	}
	for _, g := range signGroups {
		gv := signGroupView{ID: g.ID, Title: translate(locale, g.Title)}
		for _, sign := range warningSigns {
			if sign.Group != g.ID {
				continue
			}
			label := sign.Self
			if forSomeone {
				label = sign.Other
			}
			gv.Signs = append(gv.Signs, signView{ID: sign.ID, Label: translate(locale, label), Checked: slices.Contains(ticked, sign.ID)})
		}
		v.Groups = append(v.Groups, gv)
	}
	return v
}

func signsTitle(forSomeone bool) string {
	if forSomeone {
		return "help.signs_to_notice_in_someone_you_care"
	}
	return "help.signs_of_opioid_use_a_checklist"
}

func (s *Server) signsForm(forSomeone bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, "check_signs", pageData{Title: signsTitle(forSomeone), Data: newSignsView(forSomeone, state(r).locale, nil)})
	}
}

// signsSubmit counts the ticked signs and shows the result in this
// response; nothing is stored. A sign the checklist does not have means the
// form was changed or is stale, and is refused.
func (s *Server) signsSubmit(forSomeone bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ticked := r.PostForm[signsField]
		known := map[string]warningSign{}
		for _, sign := range warningSigns {
			known[sign.ID] = sign
		}
		for _, id := range ticked {
			if _, ok := known[id]; !ok {
				return onward.NewError(onward.EINVALID, "common.the_form_could_not_be_read_reload")
			}
		}
		locale := state(r).locale
		view := newSignsView(forSomeone, locale, ticked)
		result := &signsResult{}
		for _, g := range view.Groups {
			count := signCount{Title: g.Title, Of: len(g.Signs)}
			for _, sign := range g.Signs {
				if sign.Checked {
					count.Ticked++
					count.Signs = append(count.Signs, sign.Label)
					result.Overdose = result.Overdose || known[sign.ID].Overdose
				}
			}
			result.Ticked += count.Ticked
			result.Of += count.Of
			result.Groups = append(result.Groups, count)
		}
		view.Result = result
		return s.render(w, r, "check_signs", pageData{Title: signsTitle(forSomeone), Data: view})
	}
}
