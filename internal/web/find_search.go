package web

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/directory"
)

// The search parameters shared by the finder pages and the API.

// parseRadius reads radius_km; empty is the default. The range is checked
// with the rest of the search.
func parseRadius(v string, errs onward.FieldErrors) float64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return app.DefaultRadiusKm
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(r) || math.IsInf(r, 0) {
		errs.Add("radius_km", "directory.choose_a_distance_of_more_than_0")
		return app.DefaultRadiusKm
	}
	return r
}

// parseProgramFilters reads level, medication and payment; each may be
// given more than once, and a program must offer every value given.
func parseProgramFilters(q url.Values, search *directory.ProgramSearch, errs onward.FieldErrors) {
	for _, v := range nonEmptyValues(q["level"]) {
		if l := directory.Level(v); l.Valid() {
			search.Levels = append(search.Levels, l)
		} else {
			errs.Add("level", "directory.choose_a_level_of_care_from_the")
		}
	}
	for _, v := range nonEmptyValues(q["medication"]) {
		if m := directory.Medication(v); m.Valid() {
			search.Medications = append(search.Medications, m)
		} else {
			errs.Add("medication", "directory.choose_methadone_buprenorphine_or")
		}
	}
	for _, v := range nonEmptyValues(q["payment"]) {
		if p := directory.Payment(v); p.Valid() {
			search.Payments = append(search.Payments, p)
		} else {
			errs.Add("payment", "directory.choose_a_way_of_paying_from_the")
		}
	}
}

// nonEmptyValues drops the empty values a form sends for "any".
func nonEmptyValues(values []string) []string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// renameFieldError moves a field error to the name a form uses, such as the
// search's "near" to the page's "place".
func renameFieldError(err error, from, to string) error {
	e, ok := err.(*onward.Error)
	if !ok {
		return err
	}
	if _, has := e.Fields[from]; !has {
		return err
	}
	fields := onward.FieldErrors{}
	for k, v := range e.Fields {
		fields[k] = v
	}
	fields[to] = fields[from]
	delete(fields, from)
	return &onward.Error{Code: e.Code, Message: e.Message, Fields: fields}
}

// mergeFieldErrors joins the field errors of two validation errors; a
// non-validation error wins.
func mergeFieldErrors(errs onward.FieldErrors, err error) error {
	if err == nil {
		return errs.Err()
	}
	e, ok := err.(*onward.Error)
	if !ok || e.Code != onward.EINVALID {
		return err
	}
	for k, v := range e.Fields {
		errs.Add(k, v.ID, v.Args...)
	}
	if len(errs) == 0 {
		return err
	}
	return errs.Err()
}

// jsonList makes a missing list [] in JSON, not null.
func jsonList[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// checkParams refuses query parameters the endpoint does not know, so a
// misspelt filter is not silently ignored.
func checkParams(q url.Values, known ...string) error {
	var unknown []string
	for k := range q {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	errs := onward.FieldErrors{}
	for _, k := range unknown {
		errs.Add(k, "api.parameter_unknown", "Known", strings.Join(known, ", "))
	}
	return errs.Err()
}

// nearParam reads near=LAT,LNG; ok is false when it is absent.
func nearParam(q url.Values, errs onward.FieldErrors) (directory.Point, bool) {
	v := strings.TrimSpace(q.Get("near"))
	if v == "" {
		return directory.Point{}, false
	}
	p, ok := app.ParseLatLng(v)
	if !ok {
		errs.Add("near", "directory.give_the_place_as_latitude_longitude")
	}
	return p, ok
}

// limitParam reads limit: 1 to directory.MaxSearchResults; empty is 0 (the default).
func limitParam(q url.Values, errs onward.FieldErrors) int {
	v := q.Get("limit")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > directory.MaxSearchResults {
		errs.Add("limit", "directory.ask_for_1_to_100_results")
		return 0
	}
	return n
}
