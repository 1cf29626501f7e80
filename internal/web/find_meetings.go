package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/locale"
)

// The meeting finder, page and API: meetings of NA, AA, SMART Recovery and
// the other fellowships by day, time, kind, fellowship and place, and, for
// members, noting the meetings they went to.

// meetingView is a meeting as the page shows it.
type meetingView struct {
	ID, Name, Group, Fellowship, Mode string
	Day, Time, Zone                   string // on the meeting's own clock
	YourDay, YourTime                 string // on the member's clock, when it is another
	Minutes                           int
	Venue, Address, Region            string
	Approximate                       string // why the distance is only roughly right; "" when exact
	URL, Phone, Tel, WebPage          string
	Distance                          string
	Formats                           []directory.Format // names and descriptions in the reader's language
	Languages                         []string
	Notes, LocationNotes              string
	Attended                          int  // times the member noted going
	Today                             bool // held today on the viewer's clock: going can be noted
}

// approximateLabels say where a meeting's position comes from when its list
// gave none.
var approximateLabels = map[directory.Location]string{
	directory.LocatedZip:  "directory.distance_from_the_zip_code_centre",
	directory.LocatedCity: "directory.distance_from_the_town_centre",
}

// meaningLabels are the directory's own explanations of open and closed
// meetings, which it stores in English.
var meaningLabels = map[string]string{
	directory.OpenMeaning:         "directory.open_meaning",
	directory.ClosedMeaning:       "directory.closed_meaning",
	directory.ClosedFamilyMeaning: "directory.closed_family_meaning",
}

// readFormats puts a meeting's formats in the reader's language where the
// directory knows them: the Meeting Guide types' names and its own
// explanations. A list's own wording (BMLT's) is shown as the list wrote it.
func readFormats(formats []directory.Format, code string) []directory.Format {
	loc := localizer(code)
	out := make([]directory.Format, len(formats))
	for i, f := range formats {
		if name, ok := directory.GuideTypeName(f.Code); ok && name == f.Name {
			f.Name = loc.Label("meetingtype", f.Code)
		}
		if id, ok := meaningLabels[f.Description]; ok {
			f.Description = loc.T(id)
		}
		out[i] = f
	}
	return out
}

func newMeetingView(m directory.MeetingMatch, locale string, now time.Time) meetingView {
	v := meetingView{ID: m.ID, Name: m.Name, Group: m.Group, Fellowship: string(m.Fellowship), Mode: meetingModeLabels[m.Mode],
		Day: meetingDayLabels[m.Day], Time: meetingClock(locale, m.Start), Zone: zoneAbbreviation(m.TimeZone, now),
		Minutes: int(m.Duration / time.Minute), Venue: m.Venue, Region: m.Region, URL: m.URL, Phone: m.Phone,
		Tel: phoneTel(m.Phone), WebPage: m.WebPage, Formats: readFormats(m.Formats, locale), Notes: m.Notes,
		LocationNotes: m.LocationNotes, Approximate: approximateLabels[m.Located]}
	if m.Group == m.Name {
		v.Group = ""
	}
	for _, tag := range m.Languages {
		v.Languages = append(v.Languages, programLanguageLabel(tag))
	}
	if m.Mode != directory.ModeOnline {
		v.Address = postalAddress(m.Street, m.City, m.State, m.Zip)
	}
	if m.DistanceKm != nil {
		v.Distance = formatDistanceKm(*m.DistanceKm)
	}
	if m.Converted {
		v.YourDay, v.YourTime = meetingDayLabels[m.LocalDay], meetingClock(locale, m.LocalStart)
	}
	v.Today = m.DaysAhead == 0
	return v
}

// zoneAbbreviation names a time zone as people read it on a clock ("CST").
func zoneAbbreviation(name string, now time.Time) string {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return name
	}
	return now.In(loc).Format("MST")
}

// meetingsView is the meeting finder page.
type meetingsView struct {
	Days, Times, Kinds, Radius []selectOption
	Fellowships                []selectOption
	Meetings                   []meetingView
	Total                      int
	HasPlace                   bool
	YourZone                   string // the member's zone; "" for a visitor
	Member                     bool
	AttendedTotal              int
	Here                       string // this page with its query, to come back to
	TonightLink                string
}

func newMeetingsView(q url.Values) *meetingsView {
	v := &meetingsView{}
	day := q.Get("day")
	if day == "" {
		day = "today"
	}
	v.Days = []selectOption{{"today", "common.today", day == "today"}, {"tomorrow", "directory.tomorrow", day == "tomorrow"}, {"any", "directory.any_day", day == "any"}}
	for d, name := range meetingDayLabels {
		value := dayValue(directory.DayChoice(d))
		v.Days = append(v.Days, selectOption{value, name, day == value})
	}
	v.Times = []selectOption{{"", "directory.any_time", q.Get("time") == ""}, {"morning", "directory.morning_before_noon", q.Get("time") == "morning"},
		{"afternoon", "directory.afternoon_noon_to_5_pm", q.Get("time") == "afternoon"}, {"evening", "directory.evening_from_5_pm", q.Get("time") == "evening"}}
	v.Kinds = []selectOption{{"", "directory.any_kind", q.Get("kind") == ""}}
	for _, m := range []directory.Mode{directory.ModeInPerson, directory.ModeOnline, directory.ModeHybrid} {
		v.Kinds = append(v.Kinds, selectOption{string(m), meetingModeLabels[m], q.Get("kind") == string(m)})
	}
	v.Fellowships = []selectOption{{"", "directory.any_fellowship", q.Get("fellowship") == ""}}
	for _, f := range directory.Fellowships() {
		v.Fellowships = append(v.Fellowships, selectOption{string(f), locale.LabelID("fellowship", string(f)), q.Get("fellowship") == string(f)})
	}
	radius := q.Get("radius_km")
	if radius == "" {
		radius = fmt.Sprint(app.DefaultRadiusKm)
	}
	for _, km := range app.RadiiKm {
		value := fmt.Sprint(km)
		v.Radius = append(v.Radius, selectOption{value, formatRadiusKm(km), value == radius})
	}
	tonight := url.Values{"day": {"today"}, "time": {"evening"}}
	if p := q.Get("place"); p != "" {
		tonight.Set("place", p)
	}
	v.TonightLink = "/meetings?" + tonight.Encode()
	return v
}

// viewerZone is the clock a person reads the finder on: a member's own time
// zone; for a visitor, each meeting's own (nil).
func viewerZone(u *onward.User) *time.Location {
	if u == nil {
		return nil
	}
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		return nil
	}
	return loc
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	u := state(r).user
	view := newMeetingsView(q)
	view.Here = r.URL.RequestURI()
	data := pageData{Title: "directory.find_a_meeting", Form: q, Data: view}
	errs := onward.FieldErrors{}
	search := directory.MeetingSearch{Day: dayParam(q.Get("day"), directory.DayToday, errs), Zone: viewerZone(u), Now: s.now()}
	windowParams(q, &search, errs)
	kindParam(q.Get("kind"), &search, errs)
	fellowshipParam(q["fellowship"], &search, errs)
	search.RadiusKm = parseRadius(q.Get("radius_km"), errs)
	var placeErr error
	if place := strings.TrimSpace(q.Get("place")); place != "" {
		var point directory.Point
		point, placeErr = s.app.ResolvePlace(ctx, place)
		search.Near, view.HasPlace = &point, true
	}
	if err := mergeFieldErrors(errs, placeErr); err != nil {
		return s.renderQueryForm(w, r, "meetings", data, err)
	}
	res, err := s.app.FindMeetings(ctx, search)
	if err != nil {
		return s.renderQueryForm(w, r, "meetings", data, renameFieldError(err, "near", "place"))
	}
	view.Total = res.Total
	for _, m := range res.Meetings {
		view.Meetings = append(view.Meetings, newMeetingView(m, state(r).locale, s.now()))
	}
	if search.Zone != nil {
		view.YourZone = search.Zone.String()
	}
	if u != nil && u.Role == onward.RoleMember {
		if err := s.addAttendance(r, view); err != nil {
			return err
		}
	}
	return s.render(w, r, "meetings", data)
}

// addAttendance shows a member how often they noted going to each meeting.
func (s *Server) addAttendance(r *http.Request, view *meetingsView) error {
	a, err := s.app.MeetingAttendance(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	view.Member, view.AttendedTotal = true, a.Total
	for i := range view.Meetings {
		view.Meetings[i].Attended = a.ByMeeting[view.Meetings[i].ID]
	}
	return nil
}

// noteAttendance records that a member went to a meeting today, on their
// own calendar.
func (s *Server) noteAttendance(w http.ResponseWriter, r *http.Request) error {
	added, err := s.app.NoteAttendance(r.Context(), state(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	next := r.PostForm.Get("next")
	if !strings.HasPrefix(next, "/meetings") {
		next = "/meetings"
	}
	if !added {
		return s.redirect(w, r, safeNext(next), "directory.you_had_already_noted_this_meeting_today")
	}
	return s.redirect(w, r, safeNext(next), "directory.noted_you_went_to_this_meeting_today")
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

func toMeetingJSON(m directory.MeetingMatch) meetingJSON {
	out := meetingJSON{ID: m.ID, Source: m.Source, SourceID: m.SourceID, Fellowship: string(m.Fellowship), Name: m.Name,
		Group: m.Group, Day: dayValue(directory.DayChoice(m.Day)), Start: m.Start, DurationMinutes: int(m.Duration / time.Minute),
		TimeZone: m.TimeZone, Kind: string(m.Mode), Venue: m.Venue, Street: m.Street, City: m.City, State: m.State,
		Zip: m.Zip, Country: m.Country, Region: m.Region, Located: string(m.Located), URL: m.URL, Phone: m.Phone,
		WebPage: m.WebPage, Formats: jsonList(directory.Codes(m.Formats)), FormatDefinitions: jsonList(m.Formats),
		Languages: jsonList(m.Languages), Notes: m.Notes, LocationNotes: m.LocationNotes,
		DistanceKm: m.DistanceKm, LocalDay: dayValue(directory.DayChoice(m.LocalDay)), LocalStart: m.LocalStart}
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
	search := directory.MeetingSearch{Day: dayParam(q.Get("day"), directory.DayAny, errs), Now: s.now(),
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
	res, err := s.app.FindMeetings(r.Context(), search)
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
