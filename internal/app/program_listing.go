package app

import (
	"context"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// A program admin keeps their program's listing right: what the finder
// shows about it. Once they save it, imports leave it alone. Only the
// program's staff may read or change it (the store's StaffAccess, which
// records the decision).

// ProgramListing returns the listing of a program staff works for.
func (a *App) ProgramListing(ctx context.Context, staff *onward.User, programID string) (*directory.ProgramListing, error) {
	var p *directory.ProgramListing
	err := a.store.StaffAccess(ctx, principalOf(staff), programID, onward.ActionRead, func(*sqlstore.Tx) (err error) {
		p, err = a.store.ProgramByID(ctx, programID)
		return err
	})
	return p, err
}

// ListingInput is the listing as a program admin typed it.
type ListingInput struct {
	Name, Phone, Website, Street, City, State, Zip, Hours string
	Lat, Lng                                              string
	Levels, Medications, Payments                         []string
	Languages                                             string // language codes separated by commas, spaces or semicolons
	Admissions24h                                         bool
}

// SaveProgramListing puts in over the listing as stored, keeping what
// the form does not change (its source and country), and saves it.
func (a *App) SaveProgramListing(ctx context.Context, staff *onward.User, programID string, in ListingInput) error {
	return a.store.StaffAccess(ctx, principalOf(staff), programID, onward.ActionWrite, func(tx *sqlstore.Tx) error {
		current, err := a.store.ProgramByID(ctx, programID)
		if err != nil {
			return err
		}
		edited, err := in.over(current.Program)
		if err != nil {
			return err
		}
		return tx.UpdateProgramListing(ctx, programID, edited)
	})
}

var listingLanguageTagRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// over is p changed as in says, or the field errors of in.
func (in ListingInput) over(p directory.Program) (directory.Program, error) {
	errs := onward.FieldErrors{}
	text := func(field, v string, limit int, required bool) string {
		v = strings.TrimSpace(v)
		switch {
		case v == "" && required:
			errs.Add(field, "directory.this_is_needed")
		case utf8.RuneCountInString(v) > limit || !singleCleanLine(v):
			errs.Add(field, "directory.make_it_shorter_and_keep_it_on")
		}
		return v
	}
	p.Name = text("name", in.Name, 200, true)
	p.Phone = text("phone", in.Phone, 40, false)
	p.Street, p.City = text("street", in.Street, 120, false), text("city", in.City, 120, false)
	p.State, p.Zip = text("state", in.State, 40, false), text("zip", in.Zip, 20, false)
	p.Hours = text("hours", in.Hours, 200, false)
	p.Website = text("website", in.Website, 300, false)
	if u, err := url.Parse(p.Website); p.Website != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		errs.Add("website", "directory.give_the_full_address_starting_with")
	}
	p.Lat = listingCoordinate(in.Lat, 90, "lat", errs)
	p.Lng = listingCoordinate(in.Lng, 180, "lng", errs)
	if p.Lat == 0 && p.Lng == 0 {
		errs.Add("lat", "directory.give_the_programs_position_its_latitude")
	}
	p.Levels, p.Medications, p.Payments = nil, nil, nil
	for _, l := range directory.Levels() {
		if slices.Contains(in.Levels, string(l)) {
			p.Levels = append(p.Levels, l)
		}
	}
	for _, m := range directory.Medications() {
		if slices.Contains(in.Medications, string(m)) {
			p.Medications = append(p.Medications, m)
		}
	}
	for _, pay := range directory.Payments() {
		if slices.Contains(in.Payments, string(pay)) {
			p.Payments = append(p.Payments, pay)
		}
	}
	p.Languages = nil
	for _, tag := range strings.FieldsFunc(in.Languages, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if !listingLanguageTagRe.MatchString(tag) {
			errs.Add("languages", "directory.list_language_codes_such_as_en_es")
		} else if !slices.Contains(p.Languages, tag) {
			p.Languages = append(p.Languages, tag)
		}
	}
	p.Admissions24h = in.Admissions24h
	if err := errs.Err(); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, onward.NewError(onward.EINVALID, "directory.the_listing_could_not_be_saved_check")
	}
	return p, nil
}

// listingCoordinate reads a latitude or longitude of at most limit degrees.
func listingCoordinate(v string, limit float64, field string, errs onward.FieldErrors) float64 {
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(x) || math.Abs(x) > limit {
		if field == "lat" {
			errs.Add(field, "directory.give_the_latitude_in_degrees_from_90")
		} else {
			errs.Add(field, "directory.give_the_longitude_in_degrees_from_180")
		}
		return 0
	}
	return x
}
