package directory

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// programCSVLayout is Onward's own program CSV, documented in docs/import-formats.md.
var programCSVLayout = csvLayout{
	format:   FormatProgramCSV,
	required: []string{"id", "name", "lat", "lng"},
	optional: []string{
		"source", "street", "city", "state", "zip", "country", "phone", "website",
		"levels", "medications", "payments", "languages", "admissions_24h", "hours",
	},
}

// listSeparator separates the values of a multi-value cell ("outpatient;otp"). Commas
// would clash with CSV quoting in hand-edited files.
const listSeparator = ";"

func parseProgramCSV(t *csvTable) (ProgramImport, error) {
	c := newCollector[Program](FormatProgramCSV)
	err := t.each(func(row csvRow) {
		c.read()
		if row.reject != "" {
			c.reject(row.line, 0, "", row.reject)
			return
		}
		p, err := programFromCSV(row)
		if err != nil {
			c.reject(row.line, 0, row.get("id"), err.Error())
			return
		}
		c.add(row.line, 0, p.Source, p.SourceID, p, p.Validate)
	})
	if err != nil {
		return ProgramImport{}, err
	}
	return c.result, nil
}

func programFromCSV(row csvRow) (Program, error) {
	p := Program{
		Source:   row.get("source"),
		SourceID: row.get("id"),
		Name:     row.get("name"),
		Street:   row.get("street"),
		City:     row.get("city"),
		State:    row.get("state"),
		Zip:      row.get("zip"),
		Country:  row.get("country"),
		Phone:    row.get("phone"),
		Hours:    row.get("hours"),
	}
	if p.Source == "" {
		p.Source = FormatProgramCSV
	}
	if p.Country == "" {
		p.Country = "US" // the payment options (Medicaid, Medicare) are American
	}
	switch {
	case p.SourceID == "":
		return p, errors.New("missing id")
	case p.Name == "":
		return p, errors.New("missing name")
	}
	var err error
	if p.Lat, p.Lng, err = csvCoordinates(row.get("lat"), row.get("lng")); err != nil {
		return p, err
	}
	if p.Lat == 0 && p.Lng == 0 {
		return p, errors.New("missing coordinates (lat, lng)")
	}
	if p.Website, err = normalizeWebAddress(row.get("website")); err != nil {
		return p, fmt.Errorf("website: %w", err)
	}
	if p.Levels, err = csvEnumList(row.get("levels"), levelOrder, "level"); err != nil {
		return p, err
	}
	if p.Medications, err = csvEnumList(row.get("medications"), medicationOrder, "medication"); err != nil {
		return p, err
	}
	if p.Payments, err = csvEnumList(row.get("payments"), paymentOrder, "payment"); err != nil {
		return p, err
	}
	if p.Languages, err = csvLanguages(row.get("languages")); err != nil {
		return p, err
	}
	if p.Admissions24h, err = csvBool(row.get("admissions_24h"), "admissions_24h"); err != nil {
		return p, err
	}
	return p, nil
}

// csvCoordinates reads lat and lng; both empty, or both 0, is (0, 0), "unknown".
func csvCoordinates(lat, lng string) (float64, float64, error) {
	if lat == "" && lng == "" {
		return 0, 0, nil
	}
	if lat == "" || lng == "" {
		return 0, 0, errors.New("lat and lng should be given together")
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	ln, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("coordinates %q, %q are not numbers", lat, lng)
	}
	if la == 0 && ln == 0 {
		return 0, 0, nil // what a failed geocoding writes: unknown
	}
	if err := checkCoordinates(la, ln); err != nil {
		return 0, 0, err
	}
	return la, ln, nil
}

// csvEnumList reads a ";"-separated cell of known values, in any case and order.
func csvEnumList[T ~string](cell string, order []T, what string) ([]T, error) {
	set := map[T]bool{}
	for _, item := range splitList(cell, listSeparator) {
		v := T(strings.ToLower(item))
		if !slices.Contains(order, v) {
			return nil, fmt.Errorf("unknown %s %q; use %s", what, item, joinValues(order))
		}
		set[v] = true
	}
	return inOrder(set, order), nil
}

func joinValues[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// csvLanguages reads a ";"-separated list of language tags, keeping the file's order.
func csvLanguages(cell string) ([]string, error) {
	var tags []string
	for _, item := range splitList(cell, listSeparator) {
		primary, rest, _ := strings.Cut(item, "-")
		tag := strings.ToLower(primary)
		if rest != "" {
			tag += "-" + rest
		}
		if !isLanguageTag(tag) {
			return nil, fmt.Errorf("language %q is not a language tag such as en or es", item)
		}
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	return tags, nil
}

func csvBool(cell, column string) (bool, error) {
	switch strings.ToLower(cell) {
	case "", "false", "no", "0":
		return false, nil
	case "true", "yes", "1":
		return true, nil
	}
	return false, fmt.Errorf("%s %q should be yes or no", column, cell)
}
