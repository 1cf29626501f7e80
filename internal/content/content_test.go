package content

import (
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// kinds are the two collections, with the functions that list them.
var kinds = []struct {
	dir  string
	list func(string) []Article
	find func(string, string) (Article, bool)
}{
	{"articles", Library, LibraryArticle},
	{"family", FamilyGuide, FamilySection},
}

// librarySlugs are the topics the issue asks for; the list must not shrink.
var librarySlugs = []string{
	"what-is-opioid-addiction", "withdrawal-and-detox", "medications", "levels-of-care",
	"therapies", "mental-health", "support-groups", "relapse", "costs-and-insurance",
	"complementary-practices",
}

var familySlugs = []string{
	"signs", "choosing-a-moment", "how-to-talk", "options-first", "practical-help",
	"boundaries", "look-after-yourself", "family-therapy-and-groups", "overdose",
}

// doc is one source file, read directly for the text checks.
type doc struct {
	name, dir, locale, slug string
	fm                      frontMatter
	body                    string // Markdown after the front matter, Sources section removed
}

// text is what a reader reads: title, summary and body without the sources.
func (d doc) text() string { return d.fm.title + "\n" + d.fm.summary + "\n" + d.body }

var sourcesHeading = regexp.MustCompile(`(?m)^## (Sources|Fuentes)\s*$`)

func readDocs(t *testing.T) []doc {
	t.Helper()
	var docs []doc
	for _, k := range kinds {
		for _, locale := range locales {
			names, err := fs.Glob(files, path.Join(k.dir, locale, "*.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				raw, err := fs.ReadFile(files, name)
				if err != nil {
					t.Fatal(err)
				}
				fm, body, err := parseFrontMatter(raw)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				b := string(body)
				if loc := sourcesHeading.FindStringIndex(b); loc != nil {
					b = b[:loc[0]]
				}
				docs = append(docs, doc{name: name, dir: k.dir, locale: locale,
					slug: strings.TrimSuffix(path.Base(name), ".md"), fm: fm, body: b})
			}
		}
	}
	if len(docs) == 0 {
		t.Fatal("no content files")
	}
	return docs
}

func TestLoadEmbeddedContent(t *testing.T) {
	if _, err := load(files); err != nil {
		t.Fatal(err)
	}
}

func TestEverySlugInEveryLocale(t *testing.T) {
	for _, k := range kinds {
		want := librarySlugs
		if k.dir == "family" {
			want = familySlugs
		}
		for _, locale := range locales {
			var got []string
			for _, a := range k.list(locale) {
				got = append(got, a.Slug)
				if a.Locale != locale {
					t.Errorf("%s/%s/%s: Locale = %q", k.dir, locale, a.Slug, a.Locale)
				}
			}
			for _, slug := range want {
				if !slices.Contains(got, slug) {
					t.Errorf("%s/%s: %s is missing", k.dir, locale, slug)
				}
			}
			if len(got) != len(k.list(DefaultLocale)) {
				t.Errorf("%s/%s has %d articles, %s has %d", k.dir, locale, len(got), DefaultLocale, len(k.list(DefaultLocale)))
			}
			for _, a := range k.list(DefaultLocale) {
				other, ok := k.find(locale, a.Slug)
				if !ok {
					t.Errorf("%s: %s exists in %s but not in %s", k.dir, a.Slug, DefaultLocale, locale)
					continue
				}
				if other.Order != a.Order {
					t.Errorf("%s/%s: order %d in %s, %d in %s", k.dir, a.Slug, a.Order, DefaultLocale, other.Order, locale)
				}
			}
		}
	}
}

func TestMetadataAndOrder(t *testing.T) {
	for _, k := range kinds {
		for _, locale := range locales {
			list := k.list(locale)
			for i, a := range list {
				where := k.dir + "/" + locale + "/" + a.Slug
				if strings.TrimSpace(a.Title) == "" || strings.TrimSpace(a.Summary) == "" || a.Reviewed == "" {
					t.Errorf("%s: title, summary and reviewed are required", where)
				}
				if a.Order != i+1 {
					t.Errorf("%s: order %d at position %d; orders must run 1, 2, 3 ... without gaps or repeats", where, a.Order, i+1)
				}
				if a.HTML == "" {
					t.Errorf("%s: empty HTML", where)
				}
			}
		}
	}
}

func TestSources(t *testing.T) {
	for _, k := range kinds {
		for _, locale := range locales {
			for _, a := range k.list(locale) {
				where := k.dir + "/" + locale + "/" + a.Slug
				if len(a.Sources) == 0 {
					t.Errorf("%s: no Sources list", where)
				}
				for _, s := range a.Sources {
					u, err := url.Parse(s.URL)
					if err != nil || u.Scheme != "https" || u.Host == "" {
						t.Errorf("%s: source %q is not an https URL", where, s.URL)
					}
					if strings.TrimSpace(s.Title) == "" || s.Note == "" {
						t.Errorf("%s: source %q needs a title and a publisher after the link", where, s.URL)
					}
				}
				heading := "Sources"
				if locale == "es" {
					heading = "Fuentes"
				}
				if !strings.Contains(string(a.HTML), ">"+heading+"</h") {
					t.Errorf("%s: no %q heading in the HTML", where, heading)
				}
			}
		}
	}
}

var (
	hrefPattern   = regexp.MustCompile(`<a href="([^"]*)"([^>]*)>`)
	forbiddenHTML = []string{"<script", "<img", "<iframe", "<video", "<audio", "<object", "<embed",
		"<style", "<form", "<input", "<svg", " style=", " src=", "javascript:", "raw HTML omitted"}
	eventAttribute = regexp.MustCompile(`<[^>]*\son[a-z]+=`)
)

func TestHTMLIsSafeAndSelfContained(t *testing.T) {
	for _, k := range kinds {
		for _, locale := range locales {
			for _, a := range k.list(locale) {
				where := k.dir + "/" + locale + "/" + a.Slug
				html := string(a.HTML)
				for _, bad := range forbiddenHTML {
					if strings.Contains(html, bad) {
						t.Errorf("%s: HTML contains %q", where, bad)
					}
				}
				if eventAttribute.MatchString(html) {
					t.Errorf("%s: HTML has an event handler attribute", where)
				}
				for _, m := range hrefPattern.FindAllStringSubmatch(html, -1) {
					href, attrs := m[1], m[2]
					switch {
					case strings.HasPrefix(href, "https://"):
						if attrs != ` rel="noopener noreferrer"` {
							t.Errorf("%s: external link %s has attributes %q", where, href, attrs)
						}
					case href == "/crisis", strings.HasPrefix(href, "#"):
						if attrs != "" {
							t.Errorf("%s: internal link %s has attributes %q", where, href, attrs)
						}
					default:
						t.Errorf("%s: link %q is neither https nor /crisis", where, href)
					}
				}
			}
		}
	}
}

func TestHeadings(t *testing.T) {
	idPattern := regexp.MustCompile(`<h([1-6]) id="([^"]+)"`)
	for _, locale := range locales {
		for _, a := range Library(locale) {
			html := string(a.HTML)
			if strings.Contains(html, "<h1") {
				t.Errorf("articles/%s/%s: the page shows the title as h1; start body headings at ##", locale, a.Slug)
			}
			for _, m := range idPattern.FindAllStringSubmatch(html, -1) {
				if !strings.HasPrefix(m[2], a.Slug+"-") {
					t.Errorf("articles/%s/%s: heading id %q lacks the slug prefix", locale, a.Slug, m[2])
				}
			}
		}
		// The guide is one page: every id must be unique on it, and every
		// heading must sit below the section titles (h2).
		seen := map[string]string{}
		for _, a := range FamilyGuide(locale) {
			for _, m := range idPattern.FindAllStringSubmatch(string(a.HTML), -1) {
				if m[1] < "3" {
					t.Errorf("family/%s/%s: heading h%s; family sections use ## and render from h3", locale, a.Slug, m[1])
				}
				if prev, dup := seen[m[2]]; dup {
					t.Errorf("family/%s: id %q in both %s and %s", locale, m[2], prev, a.Slug)
				}
				seen[m[2]] = a.Slug
			}
		}
	}
}

func TestLocaleFallbackAndLookup(t *testing.T) {
	en := Library("en")
	for _, locale := range []string{"", "fr", "xx-YY", "EN", "en-US"} {
		got := Library(locale)
		if len(got) != len(en) || got[0].Locale != "en" {
			t.Errorf("Library(%q) did not fall back to English", locale)
		}
	}
	for _, locale := range []string{"es", "es-MX", "es_419", "ES"} {
		if got := FamilyGuide(locale); got[0].Locale != "es" {
			t.Errorf("FamilyGuide(%q) locale = %q, want es", locale, got[0].Locale)
		}
	}
	if a, ok := LibraryArticle("pt-BR", "medications"); !ok || a.Locale != "en" || a.Slug != "medications" {
		t.Errorf("LibraryArticle(pt-BR, medications) = %v, %v", a.Slug, ok)
	}
	if a, ok := FamilySection("es", "overdose"); !ok || a.Locale != "es" {
		t.Errorf("FamilySection(es, overdose) = %v, %v", a.Locale, ok)
	}
	for _, slug := range []string{"", "nope", "overdose"} {
		if _, ok := LibraryArticle("en", slug); ok {
			t.Errorf("LibraryArticle(en, %q) found an article", slug)
		}
	}
	if _, ok := FamilySection("en", "medications"); ok {
		t.Error("FamilySection found a library article")
	}
	if got := Locales(); !slices.Equal(got, []string{"en", "es"}) {
		t.Errorf("Locales() = %v", got)
	}
}

func TestResultsAreCopies(t *testing.T) {
	a, _ := LibraryArticle("en", "medications")
	a.Sources[0].URL = "https://changed.example/"
	list := Library("en")
	list[0].Title = "changed"
	b, _ := LibraryArticle("en", "medications")
	if b.Sources[0].URL == "https://changed.example/" || Library("en")[0].Title == "changed" {
		t.Error("callers can change the shared content")
	}
}

func TestPlainRespectfulWords(t *testing.T) {
	banned := map[string]*regexp.Regexp{
		// People are not their condition; "clean" and "dirty" are for
		// laundry, not people or drug tests.
		"en": regexp.MustCompile(`(?i)\b(addicts?|junkies|junkie|junky|users?|clean|dirty|abusers?|abuse|substance abuse)\b`),
		"es": regexp.MustCompile(`(?i)\b(adict[oa]s?|drogadict[oa]s?|toxic[oó]man[oa]s?|vicios[oa]s?|limpi[oa]s?|suci[oa]s?|abusador[ae]s?|abuso)\b`),
	}
	for _, d := range readDocs(t) {
		if m := banned[d.locale].FindAllString(d.text(), -1); len(m) > 0 {
			t.Errorf("%s: avoid %q (see docs/content.md, Words)", d.name, m)
		}
	}
}

func TestEmergenciesPointToCrisisPage(t *testing.T) {
	emergency := regexp.MustCompile(`(?i)emergenc|911|overdose|sobredosis`)
	for _, d := range readDocs(t) {
		if emergency.MatchString(d.body) && !strings.Contains(d.body, "(/crisis)") {
			t.Errorf("%s: mentions an emergency but does not link [crisis help](/crisis)", d.name)
		}
		if strings.Contains(d.body, "911") && !regexp.MustCompile(`(?i)local emergency number|número local de emergencias`).MatchString(d.body) {
			t.Errorf("%s: names 911 without telling readers elsewhere to call their local emergency number", d.name)
		}
	}
}

func TestLibrarySaysGeneralInformation(t *testing.T) {
	note := map[string]*regexp.Regexp{
		"en": regexp.MustCompile(`general information, not .*advice`),
		"es": regexp.MustCompile(`información general, no .*consejo`),
	}
	for _, d := range readDocs(t) {
		if d.dir == "articles" && !note[d.locale].MatchString(d.body) {
			t.Errorf("%s: say that this is general information, not medical advice", d.name)
		}
	}
}

// allowedFigures are the only durations the content may state. Each comes
// from /work/shared/clinical-facts.md (section in the comment); a new figure
// must be added here with its section, after checking it against the sheet.
var allowedFigures = map[string]string{
	"6–12 hour":  "§7 withdrawal onset, short-acting opioids",
	"24–72 hour": "§7 withdrawal peak",
	"1–3 day":    "§7 withdrawal peak (24–72 h)",
	"5–7 day":    "§7 acute phase",
	"10 day":     "§7 acute phase up to about 10 days",
	"2–3 week":   "§7 methadone withdrawal",
	"7–10 day":   "§8 naltrexone: opioid-free before starting",
	"2 week":     "§8 naltrexone after methadone or buprenorphine; §5 PHQ-9/GAD-7 look back 2 weeks",
	"4 week":     "§8 XR-naltrexone every 4 weeks",
	"2–3 minute": "§8, §12 naloxone: repeat after 2–3 min",
	"5 second":   "§12 rescue breathing, 1 breath every 5 s",
	"12 week":    "§9 contingency management duration",
	"3 month":    "§4 early remission",
	"12 month":   "§4 criteria window; sustained remission",
	"24 hour":    "§12 helpline 24/7; §11 24-hour residential setting",
	"20 hour":    "§11 PHP at least 20 h/week",
	"9 hour":     "§11 IOP at least 9 h/week; outpatient under 9",
}

var (
	figurePattern = regexp.MustCompile(`(?i)(\d+)(?:\s*(?:–|-|to|a|y)\s*(\d+))?[\s-]*(hours?|days?|weeks?|months?|minutes?|seconds?|horas?|días?|semanas?|meses|mes|minutos?|segundos?)\b`)
	unitNames     = map[string]string{"hour": "hour", "hora": "hour", "day": "day", "día": "day",
		"week": "week", "semana": "week", "month": "month", "mes": "month", "minute": "minute",
		"minuto": "minute", "second": "second", "segundo": "second"}
)

// figures lists the durations in text, normalised to "6–12 hour".
func figures(text string) []string {
	var out []string
	for _, m := range figurePattern.FindAllStringSubmatch(text, -1) {
		unit := strings.ToLower(m[3])
		if unit != "mes" && unit != "meses" {
			unit = strings.TrimSuffix(unit, "s")
		} else {
			unit = "mes"
		}
		f := m[1]
		if m[2] != "" {
			f += "–" + m[2]
		}
		out = append(out, f+" "+unitNames[unit])
	}
	return out
}

func TestFiguresAgreeWithFactSheet(t *testing.T) {
	docs := readDocs(t)
	for _, d := range docs {
		for _, f := range figures(d.text()) {
			if _, ok := allowedFigures[f]; !ok {
				t.Errorf("%s: %q is not a figure from clinical-facts.md (see allowedFigures)", d.name, f)
			}
		}
	}

	// The key figures must be present where readers look for them.
	must := map[string][]string{
		"articles/withdrawal-and-detox": {"6–12 hour", "24–72 hour", "5–7 day", "7–10 day"},
		"articles/medications":          {"7–10 day", "4 week", "2–3 minute"},
		"articles/levels-of-care":       {"20 hour", "9 hour"},
		"articles/therapies":            {"12 week"},
		"family/overdose":               {"5 second", "2–3 minute"},
	}
	for _, d := range docs {
		for _, want := range must[d.dir+"/"+d.slug] {
			if !slices.Contains(figures(d.text()), want) {
				t.Errorf("%s: should state %s (clinical-facts.md: %s)", d.name, want, allowedFigures[want])
			}
		}
	}

	// Rules from the sheet that must be stated in words.
	rules := map[string]map[string]*regexp.Regexp{
		"articles/medications": {
			"en": regexp.MustCompile(`(?s)methadone is only given through certified \*\*opioid treatment programs\*\*.*benzodiazepines`),
			"es": regexp.MustCompile(`(?s)la metadona solo se da en \*\*programas de tratamiento de opioides\*\* certificados.*benzodiacepinas`),
		},
		"articles/withdrawal-and-detox": {
			"en": regexp.MustCompile(`tolerance drops fast`),
			"es": regexp.MustCompile(`la tolerancia baja rápido`),
		},
		"articles/relapse": {
			"en": regexp.MustCompile(`your tolerance is lower`),
			"es": regexp.MustCompile(`su tolerancia es más baja`),
		},
	}
	for _, d := range docs {
		if re := rules[d.dir+"/"+d.slug][d.locale]; re != nil && !re.MatchString(d.body) {
			t.Errorf("%s: does not state the rule %s", d.name, re)
		}
	}
}

func TestFiguresPattern(t *testing.T) {
	got := figures("about 6–12 hours, 24-72 hours, 1 breath every 5 seconds, a 24-hour setting, entre 6 y 12 horas, unos 7 a 10 días, 12 meses, 9 hours a week, 12-step, 1-800-662-4357")
	want := []string{"6–12 hour", "24–72 hour", "5 second", "24 hour", "6–12 hour", "7–10 day", "12 month", "9 hour"}
	if !slices.Equal(got, want) {
		t.Errorf("figures = %q, want %q", got, want)
	}
}
