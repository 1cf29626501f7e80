package web

import (
	"math"
	"net/http"
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
// shows about it. Once they save it, imports leave it alone.

type listingFormView struct {
	staffProgramsView
	Levels, Medications, Payments []selectOption
}

// listingForm is the listing as form values, to fill the form.
func listingForm(p *sqlstore.Program) url.Values {
	f := url.Values{"name": {p.Name}, "phone": {p.Phone}, "website": {p.Website}, "street": {p.Street},
		"city": {p.City}, "state": {p.State}, "zip": {p.Zip}, "hours": {p.Hours},
		"lat": {strconv.FormatFloat(p.Lat, 'f', -1, 64)}, "lng": {strconv.FormatFloat(p.Lng, 'f', -1, 64)},
		"languages": {strings.Join(p.Languages, ", ")}}
	if p.Admissions24h {
		f.Set("admissions_24h", "yes")
	}
	f["level"] = listingValues(p.Levels)
	f["medication"] = listingValues(p.Medications)
	f["payment"] = listingValues(p.Payments)
	return f
}

func listingValues[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func newListingFormView(staff staffProgramsView, f url.Values) *listingFormView {
	return &listingFormView{staffProgramsView: staff,
		Levels: programLevelOptions(f["level"]...), Medications: programMedicationOptions(f["medication"]...),
		Payments: programPaymentOptions(f["payment"]...)}
}

func (s *Server) listingPage(w http.ResponseWriter, r *http.Request) error {
	staff, err := s.chooseStaffProgram(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	data := pageData{Title: "directory.your_programs_listing", Data: newListingFormView(staff, nil)}
	if staff.NotStaff {
		return s.render(w, r, "program_listing", data)
	}
	var p *sqlstore.Program
	err = s.store.StaffAccess(r.Context(), principal(r), staff.ProgramID, onward.ActionRead, func(*sqlstore.Tx) (err error) {
		p, err = s.store.ProgramByID(r.Context(), staff.ProgramID)
		return err
	})
	if err != nil {
		return err
	}
	data.Form = listingForm(p)
	data.Data = newListingFormView(staff, data.Form)
	return s.render(w, r, "program_listing", data)
}

func (s *Server) saveListing(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	staff, err := s.chooseStaffProgram(r, r.PostForm.Get("program"))
	if err != nil {
		return err
	}
	if staff.NotStaff || staff.ProgramID == "" {
		return onward.NewError(onward.EFORBIDDEN, "directory.only_this_programs_staff_can_see_this")
	}
	data := pageData{Title: "directory.your_programs_listing", Data: newListingFormView(staff, r.PostForm)}
	err = s.store.StaffAccess(ctx, principal(r), staff.ProgramID, onward.ActionWrite, func(tx *sqlstore.Tx) error {
		current, err := s.store.ProgramByID(ctx, staff.ProgramID)
		if err != nil {
			return err
		}
		edited, err := listingFromForm(r.PostForm, current.Program)
		if err != nil {
			return err
		}
		return tx.UpdateProgramListing(ctx, staff.ProgramID, edited)
	})
	if onward.ErrorCode(err) == onward.EINVALID {
		return s.renderForm(w, r, "program_listing", data, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/program/listing?"+url.Values{"program": {staff.ProgramID}}.Encode(),
		"directory.the_listing_is_saved_imports_will_no")
}

var listingLanguageTagRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// listingFromForm reads the listing form over the program as stored,
// keeping what the form does not change (its source and country).
func listingFromForm(f url.Values, p directory.Program) (directory.Program, error) {
	errs := onward.FieldErrors{}
	text := func(field string, limit int, required bool) string {
		v := strings.TrimSpace(f.Get(field))
		switch {
		case v == "" && required:
			errs.Add(field, "directory.this_is_needed")
		case utf8.RuneCountInString(v) > limit || !singleCleanLine(v):
			errs.Add(field, "directory.make_it_shorter_and_keep_it_on")
		}
		return v
	}
	p.Name = text("name", 200, true)
	p.Phone = text("phone", 40, false)
	p.Street, p.City = text("street", 120, false), text("city", 120, false)
	p.State, p.Zip = text("state", 40, false), text("zip", 20, false)
	p.Hours = text("hours", 200, false)
	p.Website = text("website", 300, false)
	if u, err := url.Parse(p.Website); p.Website != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		errs.Add("website", "directory.give_the_full_address_starting_with")
	}
	p.Lat = listingCoordinate(f.Get("lat"), 90, "lat", errs)
	p.Lng = listingCoordinate(f.Get("lng"), 180, "lng", errs)
	if p.Lat == 0 && p.Lng == 0 {
		errs.Add("lat", "directory.give_the_programs_position_its_latitude")
	}
	p.Levels, p.Medications, p.Payments = nil, nil, nil
	for _, l := range directory.Levels() {
		if slices.Contains(f["level"], string(l)) {
			p.Levels = append(p.Levels, l)
		}
	}
	for _, m := range directory.Medications() {
		if slices.Contains(f["medication"], string(m)) {
			p.Medications = append(p.Medications, m)
		}
	}
	for _, pay := range directory.Payments() {
		if slices.Contains(f["payment"], string(pay)) {
			p.Payments = append(p.Payments, pay)
		}
	}
	p.Languages = nil
	for _, tag := range strings.FieldsFunc(f.Get("languages"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if !listingLanguageTagRe.MatchString(tag) {
			errs.Add("languages", "directory.list_language_codes_such_as_en_es")
		} else if !slices.Contains(p.Languages, tag) {
			p.Languages = append(p.Languages, tag)
		}
	}
	p.Admissions24h = f.Get("admissions_24h") == "yes"
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
