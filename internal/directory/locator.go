package directory

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// parseLocator reads the rows of SAMHSA's treatment locator (FindTreatment.gov) export.
func parseLocator(items []jsonItem) ProgramImport {
	c := newCollector[Program](FormatLocatorJSON)
	for _, item := range items {
		c.read()
		p, err := programFromLocator(item.Value)
		if err != nil {
			c.reject(item.Line, item.Index, "", err.Error())
			continue
		}
		c.add(item.Line, item.Index, p.Source, p.SourceID, p, p.Validate)
	}
	return c.result
}

func programFromLocator(value any) (Program, error) {
	obj, err := asObject(value)
	if err != nil {
		return Program{}, err
	}
	f := fields{obj: obj}
	name1, name2 := f.text("name1"), f.text("name2")
	street1, street2 := f.text("street1"), f.text("street2")
	p := Program{
		Source:  FormatLocatorJSON,
		Name:    joinNonEmpty(": ", name1, name2),
		Street:  joinNonEmpty(", ", street1, street2),
		City:    f.text("city"),
		State:   f.text("state"),
		Zip:     f.text("zip"),
		Country: "US", // the locator lists US facilities only
		Phone:   f.text("phone"),
	}
	website := f.text("website")
	facilityType := cmp.Or(f.text("typeFacility"), f.text("type_facility"))
	lat, lng, located := f.coordinates("latitude", "longitude")
	services := f.list("services")
	frid := f.text("frid")
	switch {
	case f.err != nil:
		return p, f.err
	case name1 == "":
		return p, errors.New("missing name1")
	case strings.EqualFold(facilityType, "MH"):
		return p, errors.New("a mental health facility (typeFacility MH); the directory lists substance use treatment")
	case !located:
		return p, errors.New("missing coordinates (latitude, longitude)")
	}
	if err := checkCoordinates(lat, lng); err != nil {
		return p, err
	}
	p.Lat, p.Lng = lat, lng
	if p.Website, err = normalizeWebAddress(website); err != nil {
		return p, fmt.Errorf("website: %w", err)
	}
	entries, err := locatorEntries(services)
	if err != nil {
		return p, err
	}
	offered := mapLocatorServices(entries, locatorCodeMembers(obj))
	p.Levels = inOrder(offered.levels, levelOrder)
	p.Medications = inOrder(offered.medications, medicationOrder)
	p.Payments = inOrder(offered.payments, paymentOrder)
	p.Languages = offered.languages
	p.SourceID = frid
	if p.SourceID == "" {
		p.SourceID = derivedLocatorID(name1, name2, street1, street2, p.Zip)
	}
	return p, nil
}

// locatorEntry is one element of a row's "services": f1 names a category, f2 is the
// category's short key (SET, PAY, ...), f3 lists its values separated by "; ".
type locatorEntry struct {
	category string   // f2, upper-case
	values   []string // f3, each normalized by normalizeServiceValue
}

func locatorEntries(services []any) ([]locatorEntry, error) {
	entries := make([]locatorEntry, 0, len(services))
	for i, item := range services {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("services item %d: expected a JSON object, found %s", i+1, kindOf(item))
		}
		f := fields{obj: obj}
		category, values := f.text("f2"), f.raw("f3")
		if f.err != nil {
			return nil, fmt.Errorf("services item %d: %v", i+1, f.err)
		}
		e := locatorEntry{category: strings.ToUpper(category)}
		for _, v := range splitList(values, ";") {
			e.values = append(e.values, normalizeServiceValue(v))
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// normalizeServiceValue lets one table entry match the wordings the locator has used
// over the years: case, "®" marks, doubled spaces and a trailing parenthesis
// ("Sliding fee scale (fee is based on income and other factors)") are ignored.
func normalizeServiceValue(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "®", ""))
	for {
		s = strings.TrimSpace(s)
		open := strings.LastIndexByte(s, '(')
		if !strings.HasSuffix(s, ")") || open <= 0 {
			break
		}
		s = s[:open]
	}
	return strings.Join(strings.Fields(s), " ")
}

// derivedLocatorID keys a row that has no "frid". It hashes the normalized name and
// address, so the same facility keeps its key when spacing, case or punctuation change.
// name2 and street2 are part of it because one building often houses several
// programs of the same provider.
func derivedLocatorID(parts ...string) string {
	h := sha256.New()
	for _, part := range parts {
		h.Write([]byte(strings.Join(strings.FieldsFunc(strings.ToLower(part), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ")))
		h.Write([]byte{0})
	}
	return "key-" + hex.EncodeToString(h.Sum(nil)[:16])
}

func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
