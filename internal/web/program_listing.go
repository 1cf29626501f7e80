package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/directory"
)

// A program admin keeps their program's listing right: what the finder
// shows about it. Once they save it, imports leave it alone.

type listingFormView struct {
	staffProgramsView
	Levels, Medications, Payments []selectOption
}

// listingForm is the listing as form values, to fill the form.
func listingForm(p *directory.ProgramListing) url.Values {
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
	p, err := s.app.ProgramListing(r.Context(), state(r).user, staff.ProgramID)
	if err != nil {
		return err
	}
	data.Form = listingForm(p)
	data.Data = newListingFormView(staff, data.Form)
	return s.render(w, r, "program_listing", data)
}

func (s *Server) saveListing(w http.ResponseWriter, r *http.Request) error {
	staff, err := s.chooseStaffProgram(r, r.PostForm.Get("program"))
	if err != nil {
		return err
	}
	if staff.NotStaff || staff.ProgramID == "" {
		return onward.NewError(onward.EFORBIDDEN, "directory.only_this_programs_staff_can_see_this")
	}
	data := pageData{Title: "directory.your_programs_listing", Data: newListingFormView(staff, r.PostForm)}
	err = s.app.SaveProgramListing(r.Context(), state(r).user, staff.ProgramID, listingInput(r.PostForm))
	if onward.ErrorCode(err) == onward.EINVALID {
		return s.renderForm(w, r, "program_listing", data, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/program/listing?"+url.Values{"program": {staff.ProgramID}}.Encode(),
		"directory.the_listing_is_saved_imports_will_no")
}

// listingInput reads the listing form.
func listingInput(f url.Values) app.ListingInput {
	return app.ListingInput{Name: f.Get("name"), Phone: f.Get("phone"), Website: f.Get("website"), Street: f.Get("street"),
		City: f.Get("city"), State: f.Get("state"), Zip: f.Get("zip"), Hours: f.Get("hours"), Lat: f.Get("lat"), Lng: f.Get("lng"),
		Levels: f["level"], Medications: f["medication"], Payments: f["payment"], Languages: f.Get("languages"),
		Admissions24h: f.Get("admissions_24h") == "yes"}
}

// JSON twins: GET and PUT /api/v1/programs/{program}/listing, through the
// same use cases as the form.

// listingRequest is the listing form's fields as JSON. A PUT replaces the
// whole listing, as the form does.
type listingRequest struct {
	Name          string   `json:"name"`
	Phone         string   `json:"phone"`
	Website       string   `json:"website"`
	Street        string   `json:"street"`
	City          string   `json:"city"`
	State         string   `json:"state"`
	Zip           string   `json:"zip"`
	Hours         string   `json:"hours"`
	Lat           *float64 `json:"lat"`
	Lng           *float64 `json:"lng"`
	Levels        []string `json:"levels"`
	Medications   []string `json:"medications"`
	Payments      []string `json:"payments"`
	Languages     []string `json:"languages"`
	Admissions24h bool     `json:"admissions_24h"`
}

// input checks what the form's checkboxes cannot send (a code that is not
// one of the choices) and returns the listing as the use case takes it.
func (in listingRequest) input() (app.ListingInput, error) {
	errs := onward.FieldErrors{}
	oneOf(errs, "levels", in.Levels, listingValues(directory.Levels()))
	oneOf(errs, "medications", in.Medications, listingValues(directory.Medications()))
	oneOf(errs, "payments", in.Payments, listingValues(directory.Payments()))
	if in.Lat == nil {
		errs.Add("lat", "api.field_required")
	}
	if in.Lng == nil {
		errs.Add("lng", "api.field_required")
	}
	if err := errs.Err(); err != nil {
		return app.ListingInput{}, err
	}
	return app.ListingInput{Name: in.Name, Phone: in.Phone, Website: in.Website, Street: in.Street, City: in.City, State: in.State,
		Zip: in.Zip, Hours: in.Hours, Lat: strconv.FormatFloat(*in.Lat, 'f', -1, 64), Lng: strconv.FormatFloat(*in.Lng, 'f', -1, 64),
		Levels: in.Levels, Medications: in.Medications, Payments: in.Payments, Languages: strings.Join(in.Languages, ","),
		Admissions24h: in.Admissions24h}, nil
}

// oneOf adds a field error when a value of a list is not one of allowed.
func oneOf(errs onward.FieldErrors, field string, values, allowed []string) {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			errs.Add(field, "api.use_one_of", "Values", strings.Join(allowed, ", "))
			return
		}
	}
}

func (s *Server) apiListing(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.ProgramListing(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProgramJSON(*p))
	return nil
}

func (s *Server) apiSaveListing(w http.ResponseWriter, r *http.Request) error {
	var req listingRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	u, programID := state(r).user, r.PathValue("program")
	if err := s.app.SaveProgramListing(r.Context(), u, programID, in); err != nil {
		return err
	}
	return s.apiListing(w, r)
}
