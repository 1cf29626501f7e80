package content

import (
	"strings"
	"testing"
)

func renderString(t *testing.T, md string, opt renderOptions) (string, []Source) {
	t.Helper()
	html, sources, err := render([]byte(md), opt)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return string(html), sources
}

func TestRenderDropsRawHTMLAndMedia(t *testing.T) {
	md := `# Title

<script>alert(1)</script>

Text <img src="https://evil.example/x.png" onerror="alert(1)"> and <iframe src="https://evil.example"></iframe>.

<div onclick="alert(1)">block</div>

![a picture of a cat](https://evil.example/cat.png)

[click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)

<style>body{display:none}</style>
`
	html, _ := renderString(t, md, renderOptions{idPrefix: "x"})
	for _, bad := range []string{"<script", "<img", "<iframe", "<div", "<style", "onerror", "onclick", "javascript:", "data:text", "evil.example/cat.png"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	if !strings.Contains(html, "a picture of a cat") {
		t.Errorf("image alt text was lost:\n%s", html)
	}
}

func TestRenderLinks(t *testing.T) {
	md := "See [NIDA](https://nida.nih.gov/), <https://www.cdc.gov/>, [crisis help](/crisis), [top](#top) and [mail](mailto:help@example.org).\n"
	html, _ := renderString(t, md, renderOptions{})
	for _, want := range []string{
		`<a href="https://nida.nih.gov/" rel="noopener noreferrer">NIDA</a>`,
		`<a href="https://www.cdc.gov/" rel="noopener noreferrer">https://www.cdc.gov/</a>`,
		`<a href="/crisis">crisis help</a>`,
		`<a href="#top">top</a>`,
		`<a href="mailto:help@example.org">mail</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

func TestRenderHeadings(t *testing.T) {
	md := "## ¿Qué es?\n\n## Señales\n\n## Señales\n\n### Más **detalles**\n"
	html, _ := renderString(t, md, renderOptions{idPrefix: "signs", headingShift: 1})
	for _, want := range []string{
		`<h3 id="signs-que-es">¿Qué es?</h3>`,
		`<h3 id="signs-senales">Señales</h3>`,
		`<h3 id="signs-senales-2">Señales</h3>`,
		`<h4 id="signs-mas-detalles">Más <strong>detalles</strong></h4>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"What it feels like":            "what-it-feels-like",
		"¿Qué es la adicción?":          "que-es-la-adiccion",
		"Niños, niñas y PHQ-9":          "ninos-ninas-y-phq-9",
		"  --Sources--  ":               "sources",
		`"Isn't that just swapping?"`:   "isn-t-that-just-swapping",
		"Contingency management (CM)":   "contingency-management-cm",
		"Señales de alerta — temprana!": "senales-de-alerta-temprana",
		"¿?":                            "",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExtractSources(t *testing.T) {
	md := "Body.\n\n## Sources\n\n- [TIP 63](https://www.ncbi.nlm.nih.gov/books/NBK574910/) — SAMHSA\n- [Helpline](https://www.samhsa.gov/) — SAMHSA (en inglés)\n"
	html, sources := renderString(t, md, renderOptions{idPrefix: "a"})
	want := []Source{
		{Title: "TIP 63", URL: "https://www.ncbi.nlm.nih.gov/books/NBK574910/", Note: "SAMHSA"},
		{Title: "Helpline", URL: "https://www.samhsa.gov/", Note: "SAMHSA (en inglés)"},
	}
	if len(sources) != len(want) {
		t.Fatalf("sources = %+v, want %+v", sources, want)
	}
	for i := range want {
		if sources[i] != want[i] {
			t.Errorf("source %d = %+v, want %+v", i, sources[i], want[i])
		}
	}
	if !strings.Contains(html, `<h2 id="a-sources">Sources</h2>`) {
		t.Errorf("Sources heading not rendered:\n%s", html)
	}

	if _, _, err := render([]byte("## Fuentes\n\n- [x](https://example.org)\n\nMore text.\n"), renderOptions{}); err == nil {
		t.Error("text after the sources list: want an error")
	}
	if _, _, err := render([]byte("## Sources\n\n- no link here\n"), renderOptions{}); err == nil {
		t.Error("a source without a link: want an error")
	}
	if _, s, err := render([]byte("No sources at all.\n"), renderOptions{}); err != nil || s != nil {
		t.Errorf("no sources section: got %v, %v; want nil, nil", s, err)
	}
}

func TestParseFrontMatter(t *testing.T) {
	good := "---\ntitle: A: title\nsummary: Short.\norder: 2\nreviewed: 2026-11-21\n---\nBody\n"
	fm, body, err := parseFrontMatter([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if fm.title != "A: title" || fm.summary != "Short." || fm.order != 2 || fm.reviewed != "2026-11-21" || string(body) != "Body\n" {
		t.Errorf("got %+v, body %q", fm, body)
	}
	if _, _, err := parseFrontMatter([]byte(strings.ReplaceAll(good, "\n", "\r\n"))); err != nil {
		t.Errorf("CRLF line endings: %v", err)
	}

	for name, bad := range map[string]string{
		"no opening line": "title: x\n---\nBody",
		"no closing line": "---\ntitle: x\nsummary: y\norder: 1\nreviewed: 2026-11-21\nBody",
		"missing key":     "---\ntitle: x\norder: 1\nreviewed: 2026-11-21\n---\nBody",
		"unknown key":     "---\ntitle: x\nsummary: y\norder: 1\nreviewed: 2026-11-21\nauthor: z\n---\nBody",
		"duplicate key":   "---\ntitle: x\ntitle: x\nsummary: y\norder: 1\nreviewed: 2026-11-21\n---\nBody",
		"empty value":     "---\ntitle:\nsummary: y\norder: 1\nreviewed: 2026-11-21\n---\nBody",
		"order zero":      "---\ntitle: x\nsummary: y\norder: 0\nreviewed: 2026-11-21\n---\nBody",
		"order not int":   "---\ntitle: x\nsummary: y\norder: first\nreviewed: 2026-11-21\n---\nBody",
		"bad date":        "---\ntitle: x\nsummary: y\norder: 1\nreviewed: 21/11/2026\n---\nBody",
		"no colon":        "---\ntitle x\nsummary: y\norder: 1\nreviewed: 2026-11-21\n---\nBody",
	} {
		if _, _, err := parseFrontMatter([]byte(bad)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
