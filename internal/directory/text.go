package directory

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanLine makes an imported value safe to store and show on one line: invalid UTF-8
// becomes U+FFFD (PostgreSQL refuses it), control characters (NUL among them, which
// PostgreSQL also refuses) become spaces, and runs of spaces collapse to one.
func cleanLine(s string) string {
	if isTidyLine(s) {
		return s // nearly every value; spares an allocation per field
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// isTidyLine reports whether cleanLine would leave s as it is: printable ASCII with
// single spaces between words.
func isTidyLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// cleanNotes is cleanLine for free text that keeps its line breaks.
func cleanNotes(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	kept := lines[:0]
	for _, line := range lines {
		if line = cleanLine(line); line != "" {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// joinNotes joins the non-empty pieces of a row's free text into one note.
func joinNotes(parts ...string) string {
	return cleanNotes(strings.Join(parts, "\n"))
}

func isCleanLine(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}

func isCleanNotes(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool {
		return r != '\n' && unicode.IsControl(r)
	}) < 0
}

// normalizeWebAddress accepts a link as people write it. A bare "www.example.org" gets
// https:// in front, as a browser would; anything that is not then an http(s) address
// is refused, so no javascript:, data: or mailto: link reaches a page.
func normalizeWebAddress(s string) (string, error) {
	s = cleanLine(s)
	if s == "" {
		return "", nil
	}
	if !hasScheme(s) {
		s = "https://" + s
	}
	if err := checkWebAddress(s); err != nil {
		return "", err
	}
	return s, nil
}

// hasScheme reports whether s starts with a URL scheme ("https:", "mailto:"), as
// opposed to a host name, with or without a port ("example.org:8080").
func hasScheme(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return false
	}
	for i, r := range scheme {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

func checkWebAddress(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || !isCleanLine(s) || strings.ContainsAny(s, " \\"):
		return fmt.Errorf("%q is not a web address", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q should start with https:// or http://", s)
	case u.Hostname() == "":
		return fmt.Errorf("%q has no host name", s)
	}
	return nil
}

// checkCoordinates refuses impossible positions, and (0, 0) too: that point is in the
// Gulf of Guinea and in practice means "the geocoder failed".
func checkCoordinates(lat, lng float64) error {
	switch {
	case math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0):
		return errors.New("coordinates are not numbers")
	case lat == 0 && lng == 0:
		return errors.New("missing coordinates")
	case lat < -90 || lat > 90:
		return fmt.Errorf("latitude %v is outside -90 to 90", lat)
	case lng < -180 || lng > 180:
		return fmt.Errorf("longitude %v is outside -180 to 180", lng)
	}
	return nil
}

// isLanguageTag accepts the BCP 47 shapes the directory uses: a lower-case primary
// language of two or three letters, then optional subtags ("es", "zh-Hant", "pt-BR").
func isLanguageTag(tag string) bool {
	primary, rest, hasSubtags := strings.Cut(tag, "-")
	if len(primary) < 2 || len(primary) > 3 || strings.Trim(primary, "abcdefghijklmnopqrstuvwxyz") != "" {
		return false
	}
	if !hasSubtags {
		return true
	}
	for sub := range strings.SplitSeq(rest, "-") {
		if len(sub) < 2 || len(sub) > 8 || strings.IndexFunc(sub, func(r rune) bool {
			return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
		}) >= 0 {
			return false
		}
	}
	return true
}

// splitList splits a multi-value cell and drops empty items.
func splitList(s, sep string) []string {
	var out []string
	for item := range strings.SplitSeq(s, sep) {
		if item = cleanLine(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
