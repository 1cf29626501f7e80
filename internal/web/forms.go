package web

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
)

// formReader reads typed values from a submitted form, collecting a field
// error for each value that is not of the right kind, so a form with a
// typo'd number re-renders with a message instead of failing.
type formReader struct {
	form url.Values
	errs onward.FieldErrors
}

func newFormReader(form url.Values) *formReader {
	return &formReader{form: form, errs: onward.FieldErrors{}}
}

func (f *formReader) str(field string) string { return strings.TrimSpace(f.form.Get(field)) }

func (f *formReader) checked(field string) bool {
	v := f.form.Get(field)
	return v == "on" || v == "yes" || v == "true" || v == "1"
}

// int reads a whole number; an empty field is def.
func (f *formReader) int(field string, def int) int {
	v := f.str(field)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.errs.Add(field, "recovery.enter_a_whole_number")
		return def
	}
	return n
}

// float reads a number that may have a decimal point or comma; empty is nil.
func (f *formReader) float(field string) *float64 {
	v := strings.ReplaceAll(f.str(field), ",", ".")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		f.errs.Add(field, "recovery.enter_a_number_like_7_or_6")
		return nil
	}
	return &n
}

// yesNo reads a yes/no radio pair: nil when neither was chosen.
func (f *formReader) yesNo(field string) *bool {
	switch f.form.Get(field) {
	case "yes":
		t := true
		return &t
	case "no":
		b := false
		return &b
	}
	return nil
}

// lines splits a textarea into one item per non-empty line.
func (f *formReader) lines(field string) []string {
	var out []string
	for _, l := range strings.Split(f.form.Get(field), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// merge adds the domain's validation errors to the form's own, the form's
// (type) errors first.
func (f *formReader) merge(err error) error {
	if e, ok := err.(*onward.Error); ok && e.Code == onward.EINVALID {
		for k, v := range e.Fields {
			f.errs.Add(k, v.ID, v.Args...)
		}
	} else if err != nil {
		return err
	}
	return f.errs.Err()
}
