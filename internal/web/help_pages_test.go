package web

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/content"
)

// getIn fetches path as a browser set to language would.
func (c *client) getIn(path, language string) response {
	c.env.t.Helper()
	req, _ := http.NewRequest("GET", c.env.srv.URL+path, nil)
	req.Header.Set("Accept-Language", language)
	return c.do(req)
}

// postIn submits a form as a browser set to language would.
func (c *client) postIn(path, language string, form url.Values) response {
	c.env.t.Helper()
	form.Set("csrf", c.csrf())
	req, _ := http.NewRequest("POST", c.env.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", language)
	return c.do(req)
}

func TestHelpPages(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	tests := []struct {
		name, path, language string
		want                 []string
	}{
		{"StartEnglish", "/help", "en", []string{"<h1>Finding help</h1>", `href="/help/me"`, `href="/help/someone"`, "nothing you answer is stored", `href="/crisis"`, `href="/guide"`, `href="/find"`}},
		{"StartSpanish", "/help", "es", []string{`<html lang="es">`, "<h1>Buscar ayuda</h1>", "¿Me pasa a mí?", "Alguien que me importa"}},
		{"ForMe", "/help/me", "en", []string{`href="/check/signs"`, `href="/check/dast10"`, `href="/check/dsm5-oud"`, `href="/check/phq2"`, `href="/check/gad2"`, `href="/check/phq9"`, `href="/check/gad7"`, "none of them is a diagnosis", "Nothing you answer here is stored"}},
		{"ForSomeoneExplainsSelfReport", "/help/someone", "en", []string{`href="/check/signs/someone"`, `href="/family"`, "You cannot answer them for someone else", `href="/crisis"`}},
		{"SignsForMe", "/check/signs", "en", []string{"<h1>Signs of opioid use: a checklist</h1>", `action="/check/signs"`, "<legend>Physical signs</legend>", "Keeping your use secret", "Nothing you answer here is stored"}},
		{"SignsForSomeone", "/check/signs/someone", "en", []string{`action="/check/signs/someone"`, "Being secretive, or lying about where they have been", "in the person you are worried about"}},
		{"SignsForSomeoneSpanish", "/check/signs/someone", "es", []string{"Actuar con secretos", "<legend>Señales físicas</legend>"}},
		{"DAST10", "/check/dast10", "en", []string{"Drug Abuse Screening Test", `action="/check/dast10"`, "<strong>Past 12 months:</strong>", `name="item-10"`, `value="1"`, "Answering for someone else?"}},
		{"DSM5AsksAboutSupervision", "/check/dsm5-oud", "en", []string{`name="supervised"`, "only as prescribed, under medical supervision", `name="item-11"`}},
		{"PHQ9Spanish", "/check/phq9", "es", []string{"Cuestionario de Salud del Paciente", "<strong>En las últimas 2 semanas:</strong>", "Casi todos los días", "Ver mi resultado"}},
		{"GAD7", "/check/gad7", "en", []string{"Generalized Anxiety Disorder scale", `name="item-7"`}},
		{"Guide", "/guide", "en", []string{"<h1>Which kind of care might fit?</h1>", "not a clinical assessment", `href="/find"`, `name="use_frequency"`, `name="self_harm"`, `name="pregnancy"`, `action="/guide"`}},
		{"GuideSpanish", "/guide", "es", []string{"¿Qué tipo de atención podría servirle?", "¿Está embarazada, o podría estarlo?"}},
		{"Library", "/learn", "en", []string{"<h1>Learn about opioids and recovery</h1>", `href="/learn/medications"`, `href="/learn/levels-of-care"`}},
		{"LibrarySpanish", "/learn", "es", []string{"Medicamentos para el trastorno por consumo de opioides"}},
		{"Article", "/learn/medications", "en", []string{"<h1>Medications for opioid use disorder</h1>", `id="medications-sources"`, "https://www.ncbi.nlm.nih.gov/books/NBK541393/", "Last checked for accuracy: 21 November 2026"}},
		{"ArticleSpanish", "/learn/medications", "es", []string{"Última revisión de exactitud: 21 de noviembre de 2026"}},
		{"FamilyGuide", "/family", "en", []string{"<h1>A guide for families and friends</h1>", `<nav class="toc"`, `<a href="#overdose">What to do in an overdose</a>`, `<section id="overdose"`, `<a class="call-button" href="/crisis">`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.getIn(tt.path, tt.language)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, tt.want...)
		})
	}
}

func TestHelpPagesNotFound(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	// BAM follows treatment over time: it is no anonymous self-check. (The
	// SOWS and the clinicians' COWS have pages of their own,
	// assessment_checks.go.)
	for _, path := range []string{"/check/bam", "/check/nope", "/learn/nope", "/learn/overdose", "/help/nobody"} {
		t.Run(path, func(t *testing.T) {
			res := c.get(path)
			wantStatus(t, res, http.StatusNotFound)
			wantBody(t, res, "We could not find that page.")
		})
	}
	res := c.post("/check/bam", url.Values{"item-1": {"0"}})
	wantStatus(t, res, http.StatusNotFound)
}

// TestFamilyGuideHasEverySectionInOrder checks the one-page guide: a table
// of contents that links each section by its id, and every section with its
// title as an h2, in the content's order.
func TestFamilyGuideHasEverySectionInOrder(t *testing.T) {
	e := newEnv(t)
	for _, locale := range []string{"en", "es"} {
		t.Run(locale, func(t *testing.T) {
			body := e.newClient().getIn("/family", locale).body
			last := 0
			for _, s := range content.FamilyGuide(locale) {
				toc := `<li><a href="#` + s.Slug + `">`
				if !strings.Contains(body, toc) {
					t.Errorf("the table of contents does not link section %s", s.Slug)
				}
				heading := `<h2 id="` + s.Slug + `--title">` + template.HTMLEscapeString(s.Title) + `</h2>`
				i := strings.Index(body, heading)
				if i < 0 {
					t.Errorf("no h2 %q for section %s", s.Title, s.Slug)
					continue
				}
				if i < last {
					t.Errorf("section %s is out of order", s.Slug)
				}
				last = i
			}
			if n := len(regexp.MustCompile(`<h1[ >]`).FindAllString(body, -1)); n != 1 {
				t.Errorf("%d h1 headings, want 1", n)
			}
		})
	}
}

// TestLibraryListsEveryArticle checks the index links each article with its
// summary.
func TestLibraryListsEveryArticle(t *testing.T) {
	e := newEnv(t)
	body := e.newClient().get("/learn").body
	for _, a := range content.Library("en") {
		if !strings.Contains(body, `href="/learn/`+a.Slug+`"`) || !strings.Contains(body, template.HTMLEscapeString(a.Summary)) {
			t.Errorf("the library does not list %s with its summary", a.Slug)
		}
		wantStatus(t, e.newClient().get("/learn/"+a.Slug), http.StatusOK)
	}
}

func TestHomePageLinksToFindingHelp(t *testing.T) {
	e := newEnv(t)
	body := e.newClient().get("/").body
	// The page's own content: the header's navigation links come earlier.
	body = body[strings.Index(body, "<main"):]
	crisis := strings.Index(body, `<a href="/crisis">Someone may be overdosing`)
	if crisis < 0 {
		t.Fatal("the home page has no crisis card")
	}
	for _, link := range []string{`href="/help"`, `href="/guide"`, `href="/learn"`, `href="/family"`} {
		i := strings.Index(body, link)
		if i < 0 {
			t.Errorf("the home page does not link %s", link)
		}
		if i < crisis {
			t.Errorf("%s comes before the crisis card", link)
		}
	}
}
