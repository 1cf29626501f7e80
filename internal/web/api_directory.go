package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The directory API: programs near a point, a program, asking a program to
// make contact, and meetings. Anyone may call it; no token is needed.

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

func toProgramJSON(p sqlstore.Program) programJSON {
	return programJSON{ID: p.ID, Source: p.Source, SourceID: p.SourceID, Name: p.Name, Street: p.Street, City: p.City,
		State: p.State, Zip: p.Zip, Country: p.Country, Phone: p.Phone, Website: p.Website, Lat: p.Lat, Lng: p.Lng,
		Levels: jsonList(p.Levels), Medications: jsonList(p.Medications), Payments: jsonList(p.Payments),
		Languages: jsonList(p.Languages), Admissions24h: p.Admissions24h, Hours: p.Hours, UpdatedAt: p.UpdatedAt}
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
func nearParam(q url.Values, errs onward.FieldErrors) (sqlstore.Point, bool) {
	v := strings.TrimSpace(q.Get("near"))
	if v == "" {
		return sqlstore.Point{}, false
	}
	p, ok := parseLatLng(v)
	if !ok {
		errs.Add("near", "directory.give_the_place_as_latitude_longitude")
	}
	return p, ok
}

// limitParam reads limit: 1 to sqlstore.MaxSearchResults; empty is 0 (the default).
func limitParam(q url.Values, errs onward.FieldErrors) int {
	v := q.Get("limit")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > sqlstore.MaxSearchResults {
		errs.Add("limit", "directory.ask_for_1_to_100_results")
		return 0
	}
	return n
}

func (s *Server) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkParams(q, "near", "radius_km", "level", "medication", "payment", "limit"); err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	search := sqlstore.ProgramSearch{RadiusKm: parseRadius(q.Get("radius_km"), errs), Limit: limitParam(q, errs)}
	near, ok := nearParam(q, errs)
	if !ok && q.Get("near") == "" {
		errs.Add("near", "api.near_required")
	}
	search.Lat, search.Lng = near.Lat, near.Lng
	parseProgramFilters(q, &search, errs)
	if err := errs.Err(); err != nil {
		return err
	}
	res, err := s.store.SearchPrograms(r.Context(), search)
	if err != nil {
		return err
	}
	out := make([]programJSON, 0, len(res.Programs))
	for _, m := range res.Programs {
		p := toProgramJSON(m.Program)
		d := m.DistanceKm
		p.DistanceKm = &d
		out = append(out, p)
	}
	limit := search.Limit
	if limit == 0 {
		limit = sqlstore.DefaultSearchResults
	}
	body := map[string]any{"programs": out, "total": res.Total, "limit": limit}
	if res.Total == 0 {
		if body["nothing_near"], err = s.nothingNear(r.Context(), search); err != nil {
			return err
		}
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

func (s *Server) nothingNear(ctx context.Context, search sqlstore.ProgramSearch) (nothingNearJSON, error) {
	var out nothingNearJSON
	help := directory.National()
	out.Helpline.Name, out.Helpline.Phone, out.Helpline.Tel, out.Helpline.About = help.HelplineName, help.HelplinePhone,
		help.HelplineTel, help.HelplineHours
	out.Locator.Name, out.Locator.URL = help.LocatorName, help.LocatorURL
	wider, err := s.searchWider(ctx, search)
	if wider != nil {
		out.Wider = &struct {
			RadiusKm float64 `json:"radius_km"`
			Total    int     `json:"total"`
		}{wider.RadiusKm, wider.Total}
	}
	return out, err
}

func (s *Server) apiProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.ListedProgram(r.Context(), r.PathValue("id"))
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
	p, err := s.store.ListedProgram(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	req, err := s.submitAdmission(r.Context(), p.ID, admissionInput{Name: in.Name, Phone: in.Phone, Email: in.Email,
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

// meetingJSON is a meeting as the API shows it. Day and start are on the
// meeting's own clock; local_day and local_start on the search's.
type meetingJSON struct {
	ID              string   `json:"id"`
	Source          string   `json:"source"`
	SourceID        string   `json:"source_id"`
	Fellowship      string   `json:"fellowship"`
	Name            string   `json:"name"`
	Group           string   `json:"group"`
	Day             string   `json:"day"`
	Start           string   `json:"start"`
	DurationMinutes int      `json:"duration_minutes"`
	TimeZone        string   `json:"time_zone"`
	Kind            string   `json:"kind"`
	Venue           string   `json:"venue"`
	Street          string   `json:"street"`
	City            string   `json:"city"`
	State           string   `json:"state"`
	Zip             string   `json:"zip"`
	Country         string   `json:"country"`
	Region          string   `json:"region"`
	Lat             *float64 `json:"lat"`
	Lng             *float64 `json:"lng"`
	// Located is where lat and lng come from: "exact" (the meeting's list),
	// "zip" or "city" (the centre of its ZIP code or town); "" when unknown.
	Located           string             `json:"located"`
	URL               string             `json:"url"`
	Phone             string             `json:"phone"`
	WebPage           string             `json:"web_page"`
	Formats           []string           `json:"formats"`
	FormatDefinitions []directory.Format `json:"format_definitions"`
	Languages         []string           `json:"languages"`
	Notes             string             `json:"notes"`
	LocationNotes     string             `json:"location_notes"`
	DistanceKm        *float64           `json:"distance_km"`
	LocalDay          string             `json:"local_day"`
	LocalStart        string             `json:"local_start"`
}

func toMeetingJSON(m sqlstore.MeetingMatch) meetingJSON {
	out := meetingJSON{ID: m.ID, Source: m.Source, SourceID: m.SourceID, Fellowship: string(m.Fellowship), Name: m.Name,
		Group: m.Group, Day: dayValue(sqlstore.DayChoice(m.Day)), Start: m.Start, DurationMinutes: int(m.Duration / time.Minute),
		TimeZone: m.TimeZone, Kind: string(m.Mode), Venue: m.Venue, Street: m.Street, City: m.City, State: m.State,
		Zip: m.Zip, Country: m.Country, Region: m.Region, Located: string(m.Located), URL: m.URL, Phone: m.Phone,
		WebPage: m.WebPage, Formats: jsonList(directory.Codes(m.Formats)), FormatDefinitions: jsonList(m.Formats),
		Languages: jsonList(m.Languages), Notes: m.Notes, LocationNotes: m.LocationNotes,
		DistanceKm: m.DistanceKm, LocalDay: dayValue(sqlstore.DayChoice(m.LocalDay)), LocalStart: m.LocalStart}
	if m.Lat != 0 || m.Lng != 0 {
		lat, lng := m.Lat, m.Lng
		out.Lat, out.Lng = &lat, &lng
	}
	return out
}

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkParams(q, "near", "radius_km", "day", "time", "from", "kind", "fellowship", "tz", "limit"); err != nil {
		return err
	}
	errs := onward.FieldErrors{}
	search := sqlstore.MeetingSearch{Day: dayParam(q.Get("day"), sqlstore.DayAny, errs), Now: s.now(),
		RadiusKm: parseRadius(q.Get("radius_km"), errs), Limit: limitParam(q, errs), Zone: viewerZone(state(r).user)}
	windowParams(q, &search, errs)
	kindParam(q.Get("kind"), &search, errs)
	fellowshipParam(q["fellowship"], &search, errs)
	if near, ok := nearParam(q, errs); ok {
		search.Near = &near
	}
	if tz := q.Get("tz"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			errs.Add("tz", "api.time_zone")
		}
		search.Zone = loc
	}
	if err := errs.Err(); err != nil {
		return err
	}
	res, err := s.store.SearchMeetings(r.Context(), search)
	if err != nil {
		return err
	}
	out := make([]meetingJSON, 0, len(res.Meetings))
	for _, m := range res.Meetings {
		out = append(out, toMeetingJSON(m))
	}
	zone := "each meeting's own"
	if search.Zone != nil {
		zone = search.Zone.String()
	}
	writeJSON(w, http.StatusOK, map[string]any{"meetings": out, "total": res.Total, "clock": zone})
	return nil
}
