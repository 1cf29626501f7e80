package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/crisis"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/locale"
)

// The directory's pages carry no inline code and load nothing from other
// sites; the only links out are a program's website and a meeting's link,
// which the person chooses to follow and which send no referrer.
func TestDirectoryPagesLoadNothingFromElsewhere(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-1"]
	visitor := e.newClient()
	wantStatus(t, visitor.post("/find/"+program+"/contact", contactForm()), http.StatusSeeOther)
	ref := e.staffQueue(program)[0].Reference
	admin := e.addStaffUser("admin@example.com", onward.RoleProgramAdmin, program)
	staff := e.newClient()
	staff.signIn(admin)

	pages := map[string]*client{
		"/find": visitor, "/find?place=62701": visitor, "/find/" + program: visitor,
		"/find/" + program + "/requested/" + ref: visitor, "/meetings?day=any&place=62701": visitor,
		"/program/requests": staff, "/program/listing": staff,
	}
	for path, c := range pages {
		t.Run(path, func(t *testing.T) {
			res := c.get(path)
			wantStatus(t, res, http.StatusOK)
			if m := inlineScript.FindString(res.body); m != "" {
				t.Errorf("inline code: %q", m)
			}
			for _, m := range offSite.FindAllString(res.body, -1) {
				if !strings.HasPrefix(m, "href=") {
					t.Errorf("loads from another site: %q", m)
				}
			}
			for _, link := range []string{`href="https://example.org/demo/program-1"`, `href="https://example.org/demo/meeting-`} {
				if i := strings.Index(res.body, link); i >= 0 && !strings.Contains(res.body[i:i+len(link)+60], `rel="noreferrer noopener"`) {
					t.Errorf("the link %s sends a referrer", link)
				}
			}
		})
	}
}

// TestDirectoryLabelsHaveSpanish covers the texts the directory pages show
// from Go values (labels of coded values, options, confirmations, the
// search errors of internal/directory), which TestSpanishIsComplete cannot
// find by reading the source.
func TestDirectoryLabelsHaveSpanish(t *testing.T) {
	var texts []string
	add := func(m map[string]string) {
		for _, v := range m {
			texts = append(texts, v)
		}
	}
	for _, v := range careLevelLabels {
		texts = append(texts, v)
	}
	for _, v := range programMedicationLabels {
		texts = append(texts, v)
	}
	for _, v := range programPaymentLabels {
		texts = append(texts, v)
	}
	for _, v := range meetingModeLabels {
		texts = append(texts, v)
	}
	for _, f := range directory.Fellowships() {
		texts = append(texts, locale.LabelID("fellowship", string(f)))
	}
	for code := range directory.GuideTypeCodes() {
		texts = append(texts, locale.LabelID("meetingtype", code))
	}
	add(meaningLabels)
	for _, v := range approximateLabels {
		texts = append(texts, v)
	}
	add(admissionBestTimeLabels)
	add(admissionStatusLabels)
	add(programLanguageNames)
	add(statusFlashes)
	texts = append(texts, meetingDayLabels[:]...)
	view := newMeetingsView(url.Values{})
	for _, group := range [][]selectOption{view.Days, view.Times, view.Kinds, view.Fellowships} {
		for _, o := range group {
			texts = append(texts, o.Label)
		}
	}
	if err := directory.ValidateSearch(91, 0, 0); err != nil {
		for _, msg := range err.(*directory.SearchError).Fields {
			texts = append(texts, msg)
		}
	}
	for _, text := range texts {
		if !locale.Default().Exists(text) {
			t.Errorf("%q is not a message of the catalogs", text)
		}
	}
}

// TestNationalHelpIsTheCrisisPagesNumber keeps the finder's helpline and the
// crisis page's in step.
func TestNationalHelpIsTheCrisisPagesNumber(t *testing.T) {
	us, _ := crisis.For("US")
	help := directory.National()
	if !slices.ContainsFunc(us.Lines, func(l crisis.Line) bool {
		return l.Name == help.HelplineName && l.Number == help.HelplinePhone && l.Tel == help.HelplineTel && l.What == help.HelplineHours
	}) {
		t.Errorf("the finder's helpline %+v is not on the crisis page: %+v", help, us.Lines)
	}
}
