package content

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// A rough guard for plain language, not a judge of it: readers are often
// frightened, tired and on a small screen, so we aim for a reading age of
// about 12–14. English uses the Flesch–Kincaid grade, Spanish the
// Fernández Huerta ease score, both with simple syllable counts. Each list
// item and heading counts as a sentence, as readers take them one at a time.
const (
	maxEnglishGrade     = 8.0  // US school grade
	minSpanishEase      = 60.0 // 60–70 "normal", 70–80 "fairly easy"
	maxWordsPerSentence = 15.0
)

var (
	markdownNoise = regexp.MustCompile("\\]\\([^)]*\\)|[*#\\[\\]_>`]")
	vowelsEN      = regexp.MustCompile(`(?i)[aeiouy]+`)
	vowelsES      = regexp.MustCompile(`(?i)[iuü]?[aeoáéíóú][iuy]?|[iuü]{1,2}`)
)

// wordsAndSentences splits Markdown into words and counts sentences.
func wordsAndSentences(md string) (words []string, sentences int) {
	md = markdownNoise.ReplaceAllString(md, "")
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimLeft(strings.TrimSpace(line), "-0123456789. ")
		open := 0
		for _, w := range strings.Fields(line) {
			if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				words = append(words, w)
				open++
			}
			if strings.ContainsAny(w[len(w)-1:], ".!?:") {
				sentences++
				open = 0
			}
		}
		if open > 0 {
			sentences++
		}
	}
	return words, sentences
}

func syllables(word, locale string) int {
	w := strings.ToLower(strings.Trim(word, ".,;:!?()\"'¿¡—–"))
	var n int
	if locale == "es" {
		n = len(vowelsES.FindAllString(w, -1))
	} else {
		n = len(vowelsEN.FindAllString(w, -1))
		if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
			n-- // silent e
		}
	}
	return max(n, 1)
}

func TestPlainLanguage(t *testing.T) {
	for _, d := range readDocs(t) {
		words, sentences := wordsAndSentences(d.body)
		if len(words) == 0 || sentences == 0 {
			t.Errorf("%s: no text", d.name)
			continue
		}
		syl := 0
		for _, w := range words {
			syl += syllables(w, d.locale)
		}
		w, s := float64(len(words)), float64(sentences)
		if w/s > maxWordsPerSentence {
			t.Errorf("%s: %.1f words a sentence; keep sentences short (at most %.0f on average)", d.name, w/s, maxWordsPerSentence)
		}
		switch d.locale {
		case "en":
			if grade := 0.39*w/s + 11.8*float64(syl)/w - 15.59; grade > maxEnglishGrade {
				t.Errorf("%s: Flesch–Kincaid grade %.1f; aim for %.0f or lower", d.name, grade, maxEnglishGrade)
			}
		case "es":
			if ease := 206.84 - 60*float64(syl)/w - 102*s/w; ease < minSpanishEase {
				t.Errorf("%s: Fernández Huerta %.1f; aim for %.0f or higher", d.name, ease, minSpanishEase)
			}
		}
	}
}
