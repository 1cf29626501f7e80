package web

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// inputNumber writes a number for an input field's value, in the form's
// own syntax (a decimal point, no grouping): 60, 5.5. Numbers people read
// are written by the localizer instead.
func inputNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// capitalise writes the first letter of s as a capital, for a word that
// starts a line: "lunes" -> "Lunes".
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
