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
	{"physical", "Physical signs"},
	{"behavior", "Changes in behavior"},
	{"mood", "Changes in mood and thinking"},
}

var warningSigns = []warningSign{
	{ID: "pupils", Group: "physical", Self: "Very small (pinpoint) pupils", Other: "Very small (pinpoint) pupils"},
	{ID: "drowsy", Group: "physical", Self: "Nodding off, or being very sleepy at odd times", Other: "Nodding off, or being very sleepy at odd times"},
	{ID: "breathing", Group: "physical", Overdose: true,
		Self:  "Others finding you hard to wake, or breathing very slowly",
		Other: "Slow or shallow breathing, or being hard to wake"},
	{ID: "speech", Group: "physical", Self: "Slow or slurred speech", Other: "Slow or slurred speech"},
	{ID: "itching", Group: "physical", Self: "Itching, scratching or constipation", Other: "Itching, scratching or constipation"},
	{ID: "self_care", Group: "physical",
		Self:  "Changes in weight or appetite, or looking after yourself less",
		Other: "Changes in weight or appetite, or looking after themselves less"},
	{ID: "marks", Group: "physical",
		Self:  "Needle marks, or wearing long sleeves to hide your arms",
		Other: "Needle marks, or long sleeves even in warm weather"},
	{ID: "withdrawal", Group: "physical",
		Self:  "Feeling as if you have the flu when you go without: sweating, chills, runny nose, yawning, aches or an upset stomach",
		Other: "Flu-like spells that come and go: sweating, chills, runny nose, yawning, aches or an upset stomach"},

	{ID: "secrecy", Group: "behavior",
		Self:  "Keeping your use secret, or lying about where you have been",
		Other: "Being secretive, or lying about where they have been"},
	{ID: "money", Group: "behavior",
		Self:  "Money problems, or borrowing or taking money to buy opioids",
		Other: "Money or valuables going missing, or often asking for money"},
	{ID: "obligations", Group: "behavior", Self: "Missing work, school or family events", Other: "Missing work, school or family events"},
	{ID: "friends", Group: "behavior",
		Self:  "Dropping old friends or hobbies",
		Other: "Dropping old friends or hobbies, and spending time with new people"},
	{ID: "prescriptions", Group: "behavior",
		Self:  "Running out of a prescription early, or getting prescriptions from several doctors",
		Other: "Pill bottles emptying too fast, or prescriptions from several doctors"},
	{ID: "supplies", Group: "behavior",
		Self:  "Keeping things for using, such as burnt foil or spoons, syringes, or pills that are not yours",
		Other: "Finding things used for drugs, such as burnt foil or spoons, syringes, or pills that are not theirs"},

	{ID: "mood_swings", Group: "mood", Self: "Mood swings, irritability or a short temper", Other: "Mood swings, irritability or a short temper"},
	{ID: "low_without", Group: "mood",
		Self:  "Feeling low, anxious or restless when you have not used",
		Other: "Seeming low, anxious or restless when they have not used"},
	{ID: "preoccupied", Group: "mood",
		Self:  "Thinking a lot about getting or using opioids",
		Other: "Seeming focused on getting or using, above other things"},
	{ID: "control", Group: "mood",
		Self:  "Using more than you meant to, or finding it hard to cut down",
		Other: "Using more than they meant to, or not managing to cut down"},
	{ID: "interest", Group: "mood",
		Self:  "Losing interest in things you used to care about",
		Other: "Losing interest in things they used to care about"},
	{ID: "defensive", Group: "mood",
		Self:  "Getting defensive when someone asks about your use",
		Other: "Getting defensive or angry when asked about their use"},
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
		return "Signs to notice in someone you care about"
	}
	return "Signs of opioid use: a checklist"
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
				return onward.Errorf(onward.EINVALID, "The form could not be read. Reload the page and try again.")
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
