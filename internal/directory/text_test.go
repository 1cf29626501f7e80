package directory

import (
	"strings"
	"testing"
)

func TestCleanLine(t *testing.T) {
	tests := map[string]string{
		"Example Center":          "Example Center",
		"  Example \t Center\r\n": "Example Center",
		"Example\x00Center":       "Example Center",
		"Caf\xe9":                 "Caf\uFFFD",
		"Ünïcode  stays":          "Ünïcode stays",
		"":                        "",
		" ":                       "",
	}
	for in, want := range tests {
		if got := cleanLine(in); got != want {
			t.Errorf("cleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCleanLine: whatever comes in, what comes out is one tidy line, and cleaning it
// again changes nothing (so the fast path and the slow path agree).
func FuzzCleanLine(f *testing.F) {
	for _, s := range []string{"Example Center", " a  b ", "a\x00b", "\xff", "Ünï\u2028code"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := cleanLine(s)
		if !isCleanLine(got) || strings.Contains(got, "  ") || strings.TrimSpace(got) != got {
			t.Fatalf("cleanLine(%q) = %q is not one tidy line", s, got)
		}
		if again := cleanLine(got); again != got {
			t.Fatalf("cleanLine is not idempotent: %q → %q → %q", s, got, again)
		}
	})
}

func TestLanguageTags(t *testing.T) {
	for _, tag := range []string{"en", "es", "hmn", "zh-Hant", "pt-BR", "es-419"} {
		if !isLanguageTag(tag) {
			t.Errorf("%q should be a language tag", tag)
		}
	}
	for _, tag := range []string{"", "e", "english", "EN", "en-", "en-x", "en_US", "en-toolongsubtag"} {
		if isLanguageTag(tag) {
			t.Errorf("%q should not be a language tag", tag)
		}
	}
}

func TestWebAddresses(t *testing.T) {
	good := map[string]string{
		"https://example.org/a?b=c": "https://example.org/a?b=c",
		"http://example.org":        "http://example.org",
		"www.example.org/path":      "https://www.example.org/path",
		"example.org:8080/a":        "https://example.org:8080/a",
		"":                          "",
	}
	for in, want := range good {
		if got, err := normalizeWebAddress(in); err != nil || got != want {
			t.Errorf("normalizeWebAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "ftp://example.org", "mailto:a@example.org", "https://", "http://exa mple.org", "data:text/html,x"} {
		if got, err := normalizeWebAddress(bad); err == nil {
			t.Errorf("normalizeWebAddress(%q) = %q, want an error", bad, got)
		}
	}
}
