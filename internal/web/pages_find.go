package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The treatment finder: search by place and what a program offers, read a
// program's listing, and ask its admissions to get in touch.

// listingView is a program as the pages show it.
type listingView struct {
	ID, Name, Address, Phone, Tel, Website string
	Distance                               string // "" outside a search
	Levels, Medications, Payments          []string
	Languages                              []string
	Admissions24h                          bool
	Hours                                  string
}

func newListingView(p sqlstore.Program) listingView {
	v := listingView{ID: p.ID, Name: p.Name, Phone: p.Phone, Tel: phoneTel(p.Phone), Website: p.Website,
		Levels:        directoryLabels(p.Levels, careLevelLabels),
		Medications:   directoryLabels(p.Medications, programMedicationLabels),
		Payments:      directoryLabels(p.Payments, programPaymentLabels),
		Admissions24h: p.Admissions24h, Hours: p.Hours}
	for _, tag := range p.Languages {
		v.Languages = append(v.Languages, programLanguageLabel(tag))
	}
	v.Address = postalAddress(p.Street, p.City, p.State, p.Zip)
	return v
}

// address writes "100 Example Street, Springfield, IL 62701", leaving out
// what is missing.
func postalAddress(street, city, state, zip string) string {
	region := strings.TrimSpace(state + " " + zip)
	var parts []string
	for _, p := range []string{street, city, region} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// findView is the finder page: the form, and the results once searched.
type findView struct {
	Searched                      bool
	Help                          directory.NationalHelp // when nothing is near
	Wider                         *widerSearch
	WiderLink, WiderLabel         string
	Radius                        []selectOption
	Levels, Medications, Payments []selectOption
	Results                       []listingView
	Total                         int
	// Search is this search as a query string, carried to a program's
	// page so "Search again" comes back to these results.
	Search template.URL
}

// searchKeys are the finder's parameters.
var searchKeys = []string{"place", "radius_km", "level", "medication", "payment"}

// searchQuery keeps only the finder's parameters of q, as "?..." (or ""
// when there are none) to put after a path.
func searchQuery(q url.Values) template.URL {
	out := url.Values{}
	for _, k := range searchKeys {
		if v, ok := q[k]; ok {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return ""
	}
	return template.URL("?" + out.Encode())
}

func newFindView(q url.Values) *findView {
	radius := q.Get("radius_km")
	if radius == "" {
		radius = fmt.Sprint(defaultRadiusKm)
	}
	v := &findView{
		Levels:      programLevelOptions(q.Get("level")),
		Medications: programMedicationOptions(q["medication"]...),
		Payments:    programPaymentOptions(q.Get("payment")),
	}
	for _, km := range radiusChoices {
		value := fmt.Sprint(km)
		v.Radius = append(v.Radius, selectOption{value, formatRadiusKm(km), value == radius})
	}
	return v
}

func formatRadiusKm(km float64) string {
	return fmt.Sprintf("%g km (%.0f mi)", km, km/1.609344)
}

func (s *Server) findPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	view := newFindView(q)
	data := pageData{Title: "directory.find_treatment", Form: q, Data: view}
	if !q.Has("place") {
		return s.render(w, r, "find", data)
	}
	res, search, err := s.searchFromForm(r.Context(), q)
	if err != nil {
		return s.renderQueryForm(w, r, "find", data, err)
	}
	view.Searched, view.Total, view.Search = true, res.Total, searchQuery(q)
	if res.Total == 0 {
		view.Help = directory.National()
		if view.Wider, err = s.searchWider(r.Context(), search); err != nil {
			return err
		}
		if view.Wider != nil {
			wider := url.Values{}
			for k, v := range q {
				wider[k] = v
			}
			wider.Set("radius_km", fmt.Sprint(view.Wider.RadiusKm))
			view.WiderLink, view.WiderLabel = "/find?"+wider.Encode(), formatRadiusKm(view.Wider.RadiusKm)
		}
	}
	for _, m := range res.Programs {
		pv := newListingView(m.Program)
		pv.Distance = formatDistanceKm(m.DistanceKm)
		view.Results = append(view.Results, pv)
	}
	return s.render(w, r, "find", data)
}

// searchFromForm reads the finder form: a place in words or coordinates,
// a distance, and the filters.
func (s *Server) searchFromForm(ctx context.Context, q url.Values) (sqlstore.ProgramResults, sqlstore.ProgramSearch, error) {
	errs := onward.FieldErrors{}
	search := sqlstore.ProgramSearch{RadiusKm: parseRadius(q.Get("radius_km"), errs)}
	parseProgramFilters(q, &search, errs)
	if strings.TrimSpace(q.Get("place")) == "" {
		errs.Add("place", "directory.enter_a_zip_code_a_city_and")
		return sqlstore.ProgramResults{}, search, errs.Err()
	}
	point, err := s.resolvePlace(ctx, q.Get("place"))
	if err := mergeFieldErrors(errs, err); err != nil {
		return sqlstore.ProgramResults{}, search, err
	}
	search.Lat, search.Lng = point.Lat, point.Lng
	res, err := s.store.SearchPrograms(ctx, search)
	return res, search, renameFieldError(err, "near", "place")
}

// renderQueryForm re-renders a page whose form is sent with GET (a search)
// with the field errors of err, as renderForm does for posted forms.
func (s *Server) renderQueryForm(w http.ResponseWriter, r *http.Request, page string, data pageData, err error) error {
	e, ok := err.(*onward.Error)
	if !ok {
		return err
	}
	data.Form = r.URL.Query()
	data.Errors = map[string]string{}
	for k, v := range e.Fields {
		data.Errors[k] = translateMsg(state(r).locale, v)
	}
	if len(e.Fields) == 0 || e.Message != "common.please_correct_the_highlighted_fields" {
		data.Flash = translate(state(r).locale, e.Message, e.Args...)
	}
	return s.renderStatus(w, r, statusOf(e.Code), page, data)
}

// listingPageView is a program's page: the listing and the contact form.
type listingPageView struct {
	Program   listingView
	BestTimes []selectOption
	Reference string       // on the page that confirms a request
	Search    template.URL // the search that led here ("?..."), to go back to its results
}

func (s *Server) programPageData(r *http.Request, id string) (pageData, error) {
	p, err := s.store.ListedProgram(r.Context(), id)
	if err != nil {
		return pageData{}, err
	}
	view := &listingPageView{Program: newListingView(*p), Search: searchQuery(r.URL.Query())}
	chosen := r.PostForm.Get("best_time")
	for _, t := range admissionBestTimes {
		view.BestTimes = append(view.BestTimes, selectOption{t, admissionBestTimeLabels[t], t == chosen})
	}
	return pageData{Heading: p.Name, Data: view}, nil
}

func (s *Server) findProgramPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.programPageData(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, "find_program", data)
}

// askToBeContacted takes the contact form: a request in the program's
// queue, then the page with its reference and the program's number.
func (s *Server) askToBeContacted(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	data, err := s.programPageData(r, id)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := admissionInput{Name: f.Get("name"), Phone: f.Get("phone"), Email: f.Get("email"), BestTime: f.Get("best_time"),
		Message: f.Get("message"), Consent: f.Get("consent") == "yes", Honeypot: f.Get("website")}
	req, err := s.submitAdmission(r.Context(), id, in, s.clientIP(r))
	if err != nil {
		return s.renderForm(w, r, "find_program", data, err)
	}
	return s.redirect(w, r, "/find/"+id+"/requested/"+req.Reference, "")
}

// requestedPage confirms a request: its reference and the program's phone
// number, and nothing of what was sent, so the address is safe to reload.
func (s *Server) requestedPage(w http.ResponseWriter, r *http.Request) error {
	id, ref := r.PathValue("id"), r.PathValue("reference")
	data, err := s.programPageData(r, id)
	if err != nil {
		return err
	}
	ok, err := s.store.AdmissionRequestExists(r.Context(), id, ref)
	if err != nil {
		return err
	}
	if !ok {
		return onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_request")
	}
	data.Title = "directory.your_request_is_sent"
	data.Data.(*listingPageView).Reference = ref
	return s.render(w, r, "find_requested", data)
}
