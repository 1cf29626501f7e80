package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/directory"
)

// The treatment finder, pages and API: search by place and what a program
// offers, read a program's listing, and ask its admissions to get in
// touch. Anyone may use it; the API needs no token.

// listingView is a program as the pages show it.
type listingView struct {
	ID, Name, Address, Phone, Tel, Website string
	Distance                               string // "" outside a search
	Levels, Medications, Payments          []string
	Languages                              []string
	Admissions24h                          bool
	Hours                                  string
}

func newListingView(p directory.ProgramListing) listingView {
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
	Wider                         *app.WiderSearch
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
		radius = fmt.Sprint(app.DefaultRadiusKm)
	}
	v := &findView{
		Levels:      programLevelOptions(q.Get("level")),
		Medications: programMedicationOptions(q["medication"]...),
		Payments:    programPaymentOptions(q.Get("payment")),
	}
	for _, km := range app.RadiiKm {
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
	found, err := s.searchFromForm(r.Context(), q)
	if err != nil {
		return s.renderQueryForm(w, r, "find", data, err)
	}
	view.Searched, view.Total, view.Search = true, found.Total, searchQuery(q)
	if found.Total == 0 {
		view.Help = directory.National()
		view.Wider = found.Wider
		if view.Wider != nil {
			wider := url.Values{}
			for k, v := range q {
				wider[k] = v
			}
			wider.Set("radius_km", fmt.Sprint(view.Wider.RadiusKm))
			view.WiderLink, view.WiderLabel = "/find?"+wider.Encode(), formatRadiusKm(view.Wider.RadiusKm)
		}
	}
	for _, m := range found.Programs {
		pv := newListingView(m.ProgramListing)
		pv.Distance = formatDistanceKm(m.DistanceKm)
		view.Results = append(view.Results, pv)
	}
	return s.render(w, r, "find", data)
}

// searchFromForm reads the finder form: a place in words or coordinates,
// a distance, and the filters.
func (s *Server) searchFromForm(ctx context.Context, q url.Values) (*app.ProgramsFound, error) {
	errs := onward.FieldErrors{}
	search := directory.ProgramSearch{RadiusKm: parseRadius(q.Get("radius_km"), errs)}
	parseProgramFilters(q, &search, errs)
	if strings.TrimSpace(q.Get("place")) == "" {
		errs.Add("place", "directory.enter_a_zip_code_a_city_and")
		return nil, errs.Err()
	}
	point, err := s.app.ResolvePlace(ctx, q.Get("place"))
	if err := mergeFieldErrors(errs, err); err != nil {
		return nil, err
	}
	search.Lat, search.Lng = point.Lat, point.Lng
	found, err := s.app.FindPrograms(ctx, search)
	return found, renameFieldError(err, "near", "place")
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
	p, err := s.app.ListedProgram(r.Context(), id)
	if err != nil {
		return pageData{}, err
	}
	view := &listingPageView{Program: newListingView(*p), Search: searchQuery(r.URL.Query())}
	chosen := r.PostForm.Get("best_time")
	for _, t := range app.AdmissionBestTimes {
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
	in := app.AdmissionInput{Name: f.Get("name"), Phone: f.Get("phone"), Email: f.Get("email"), BestTime: f.Get("best_time"),
		Message: f.Get("message"), Consent: f.Get("consent") == "yes", Honeypot: f.Get("website")}
	req, err := s.app.AskToBeContacted(r.Context(), id, in, s.clientIP(r))
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
	if err := s.app.CheckAdmissionRequest(r.Context(), id, ref); err != nil {
		return err
	}
	data.Title = "directory.your_request_is_sent"
	data.Data.(*listingPageView).Reference = ref
	return s.render(w, r, "find_requested", data)
}

// programJSON is a program as the API shows it.
type programJSON struct {
	ID            string                 `json:"id"`
	Source        string                 `json:"source"`
	SourceID      string                 `json:"source_id"`
	Name          string                 `json:"name"`
	Street        string                 `json:"street"`
	City          string                 `json:"city"`
	State         string                 `json:"state"`
	Zip           string                 `json:"zip"`
	Country       string                 `json:"country"`
	Phone         string                 `json:"phone"`
	Website       string                 `json:"website"`
	Lat           float64                `json:"lat"`
	Lng           float64                `json:"lng"`
	Levels        []directory.Level      `json:"levels"`
	Medications   []directory.Medication `json:"medications"`
	Payments      []directory.Payment    `json:"payments"`
	Languages     []string               `json:"languages"`
	Admissions24h bool                   `json:"admissions_24h"`
	Hours         string                 `json:"hours"`
	UpdatedAt     time.Time              `json:"updated_at"`
	DistanceKm    *float64               `json:"distance_km,omitempty"`
}

func toProgramJSON(p directory.ProgramListing) programJSON {
	return programJSON{ID: p.ID, Source: p.Source, SourceID: p.SourceID, Name: p.Name, Street: p.Street, City: p.City,
		State: p.State, Zip: p.Zip, Country: p.Country, Phone: p.Phone, Website: p.Website, Lat: p.Lat, Lng: p.Lng,
		Levels: jsonList(p.Levels), Medications: jsonList(p.Medications), Payments: jsonList(p.Payments),
		Languages: jsonList(p.Languages), Admissions24h: p.Admissions24h, Hours: p.Hours, UpdatedAt: p.UpdatedAt}
}

func (s *Server) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkParams(q, "near", "radius_km", "level", "medication", "payment", "limit"); err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	search := directory.ProgramSearch{RadiusKm: parseRadius(q.Get("radius_km"), errs), Limit: limitParam(q, errs)}
	near, ok := nearParam(q, errs)
	if !ok && q.Get("near") == "" {
		errs.Add("near", "api.near_required")
	}
	search.Lat, search.Lng = near.Lat, near.Lng
	parseProgramFilters(q, &search, errs)
	if err := errs.Err(); err != nil {
		return err
	}
	found, err := s.app.FindPrograms(r.Context(), search)
	if err != nil {
		return err
	}
	out := make([]programJSON, 0, len(found.Programs))
	for _, m := range found.Programs {
		p := toProgramJSON(m.ProgramListing)
		d := m.DistanceKm
		p.DistanceKm = &d
		out = append(out, p)
	}
	body := map[string]any{"programs": out, "total": found.Total, "limit": found.Limit}
	if found.Total == 0 {
		body["nothing_near"] = nothingNear(found.Wider)
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// nothingNearJSON is what a search that found nothing offers instead: the
// national helpline and locator, and the nearest wider search that finds
// programs (null when none within the longest distance allowed).
type nothingNearJSON struct {
	Helpline struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
		Tel   string `json:"tel"`
		About string `json:"about"`
	} `json:"helpline"`
	Locator struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"locator"`
	Wider *struct {
		RadiusKm float64 `json:"radius_km"`
		Total    int     `json:"total"`
	} `json:"wider"`
}

func nothingNear(wider *app.WiderSearch) nothingNearJSON {
	var out nothingNearJSON
	help := directory.National()
	out.Helpline.Name, out.Helpline.Phone, out.Helpline.Tel, out.Helpline.About = help.HelplineName, help.HelplinePhone,
		help.HelplineTel, help.HelplineHours
	out.Locator.Name, out.Locator.URL = help.LocatorName, help.LocatorURL
	if wider != nil {
		out.Wider = &struct {
			RadiusKm float64 `json:"radius_km"`
			Total    int     `json:"total"`
		}{wider.RadiusKm, wider.Total}
	}
	return out
}

func (s *Server) apiProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.ListedProgram(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProgramJSON(*p))
	return nil
}

func (s *Server) apiAdmissionRequest(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name     string `json:"name"`
		Phone    string `json:"phone"`
		Email    string `json:"email"`
		BestTime string `json:"best_time"`
		Message  string `json:"message"`
		Consent  bool   `json:"consent"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.app.ListedProgram(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	req, err := s.app.AskToBeContacted(r.Context(), p.ID, app.AdmissionInput{Name: in.Name, Phone: in.Phone, Email: in.Email,
		BestTime: in.BestTime, Message: in.Message, Consent: in.Consent}, s.clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"reference": req.Reference, "status": req.Status, "created_at": req.CreatedAt,
		"program": map[string]any{"id": p.ID, "name": p.Name, "phone": p.Phone, "admissions_24h": p.Admissions24h, "hours": p.Hours},
	})
	return nil
}
