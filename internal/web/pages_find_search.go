package web

import (
	"context"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/directory/gazetteer"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The search parameters shared by the finder pages and the API.

// defaultRadiusKm is how far a search reaches unless the person chooses.
const defaultRadiusKm = 25

// radiusChoices are the distances the pages offer.
var radiusChoices = []float64{10, 25, 50, 100, 200, directory.MaxRadiusKm}

var (
	coordinatesRe = regexp.MustCompile(`^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$`)
	zipRe         = regexp.MustCompile(`^(\d{5})(?:-\d{4})?$`)
	cityStateRe   = regexp.MustCompile(`^(.*[^\s,])\s*(?:,\s*|\s+)([A-Za-z]{2})$`)
)

// parseLatLng reads "39.78,-89.65" (spaces allowed); ok is false
// when s is not two numbers.
func parseLatLng(s string) (sqlstore.Point, bool) {
	m := coordinatesRe.FindStringSubmatch(s)
	if m == nil {
		return sqlstore.Point{}, false
	}
	lat, err1 := strconv.ParseFloat(m[1], 64)
	lng, err2 := strconv.ParseFloat(m[2], 64)
	return sqlstore.Point{Lat: lat, Lng: lng}, err1 == nil && err2 == nil
}

// parseRadius reads radius_km; empty is the default. The range is checked
// with the rest of the search.
func parseRadius(v string, errs onward.FieldErrors) float64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return defaultRadiusKm
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(r) || math.IsInf(r, 0) {
		errs.Add("radius_km", "directory.choose_a_distance_of_more_than_0")
		return defaultRadiusKm
	}
	return r
}

// parseProgramFilters reads level, medication and payment; each may be
// given more than once, and a program must offer every value given.
func parseProgramFilters(q url.Values, search *sqlstore.ProgramSearch, errs onward.FieldErrors) {
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

// resolvePlace finds where a person means: coordinates ("39.78, -89.65"),
// a US ZIP code, or a town and state ("Springfield, IL", "Springfield,
// Illinois"). Names are looked up in the embedded gazetteer, then in the
// directory's own listings (the centre of its programs and meetings there),
// so no request goes to a map service. Errors are field errors on "place".
func (s *Server) resolvePlace(ctx context.Context, text string) (sqlstore.Point, error) {
	text = strings.TrimSpace(text)
	placeErr := func(msg string) error {
		return onward.Invalid("place", msg)
	}
	if p, ok := parseLatLng(text); ok {
		if err := directory.ValidateSearch(p.Lat, p.Lng, 1); err != nil || (p.Lat == 0 && p.Lng == 0) {
			return p, placeErr("directory.give_coordinates_as_latitude_longitude")
		}
		return p, nil
	}
	var place sqlstore.Place
	var err error
	if m := zipRe.FindStringSubmatch(text); m != nil {
		if p, ok := gazetteer.ByZip(m[1]); ok {
			return sqlstore.Point{Lat: p.Lat, Lng: p.Lng}, nil
		}
		place, err = s.store.PlaceByZip(ctx, m[1])
	} else if town, state, ok := splitTownState(text); ok {
		if p, ok := gazetteer.ByTown(town, state); ok {
			return sqlstore.Point{Lat: p.Lat, Lng: p.Lng}, nil
		}
		place, err = s.store.PlaceByCity(ctx, town, state)
	} else {
		return sqlstore.Point{}, placeErr("directory.enter_a_zip_code_a_city_and")
	}
	if onward.ErrorCode(err) == onward.ENOTFOUND {
		return sqlstore.Point{}, placeErr("directory.we_do_not_know_that_place")
	}
	if err != nil {
		return sqlstore.Point{}, err
	}
	return sqlstore.Point{Lat: place.Lat, Lng: place.Lng}, nil
}

// splitTownState reads "Springfield, IL", "Springfield IL", "Springfield,
// Illinois" and "Springfield Illinois" into the town and the state's code.
func splitTownState(text string) (town, state string, ok bool) {
	if before, after, found := strings.Cut(text, ","); found {
		if code, known := gazetteer.State(after); known && strings.TrimSpace(before) != "" {
			return strings.TrimSpace(before), code, true
		}
	}
	if m := cityStateRe.FindStringSubmatch(text); m != nil {
		if code, known := gazetteer.State(m[2]); known {
			return m[1], code, true
		}
	}
	lower := strings.ToLower(text)
	for _, name := range gazetteer.StateNames() {
		if rest, found := strings.CutSuffix(lower, " "+strings.ToLower(name)); found && strings.TrimSpace(rest) != "" {
			code, _ := gazetteer.State(name)
			return strings.TrimSpace(text[:len(rest)]), code, true
		}
	}
	return "", "", false
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

// widerSearch is the nearest wider distance at which a search that found
// nothing would find programs, and how many: offered instead of a dead end.
type widerSearch struct {
	RadiusKm float64
	Total    int
}

// searchWider tries the longer distances the pages offer, up to the
// longest allowed, with the same filters; nil when even that finds nothing.
func (s *Server) searchWider(ctx context.Context, search sqlstore.ProgramSearch) (*widerSearch, error) {
	for _, km := range radiusChoices {
		if km <= search.RadiusKm {
			continue
		}
		search.RadiusKm, search.Limit = km, 1
		res, err := s.store.SearchPrograms(ctx, search)
		if err != nil {
			return nil, err
		}
		if res.Total > 0 {
			return &widerSearch{RadiusKm: km, Total: res.Total}, nil
		}
	}
	return nil, nil
}
