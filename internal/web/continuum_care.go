package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/ical"
)

// The member's side of the continuum of care: where they are and what
// comes next on "My treatment" (GET /care), their appointments as a
// private calendar link (POST /care/calendar, /care/calendar/end, and the
// feed itself at GET /calendar/{token}.ics), and GET /api/v1/care.

type myCareView struct {
	Episodes     []app.CareEpisode
	Calendar     *app.CalendarLinkStatus
	CalendarLink string // shown once, right after it is made
}

func (s *Server) myCareData(r *http.Request) (pageData, error) {
	u := state(r).user
	episodes, err := s.app.MyCare(r.Context(), u)
	if err != nil {
		return pageData{}, err
	}
	link, err := s.app.CalendarLink(r.Context(), u)
	if err != nil {
		return pageData{}, err
	}
	return pageData{Title: "program.my_treatment", Data: myCareView{Episodes: episodes, Calendar: link}}, nil
}

// calendarURL is the address of a calendar link; webcal: would open a
// calendar program, but not every device has one, so it is plain https.
func (s *Server) calendarURL(token string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/calendar/" + token + ".ics"
}

func (s *Server) calendarLinkSubmit(w http.ResponseWriter, r *http.Request) error {
	token, err := s.app.NewCalendarLink(r.Context(), state(r).user, newFormReader(r.PostForm).checked("details"))
	if err != nil {
		return err
	}
	data, err := s.myCareData(r)
	if err != nil {
		return err
	}
	v := data.Data.(myCareView)
	v.CalendarLink = s.calendarURL(token)
	data.Data = v
	// The link is shown once: a reload must not show it again.
	data.Flash = translate(state(r).locale, "continuum.calendar_link_made")
	return s.render(w, r, "my_care", data)
}

func (s *Server) calendarLinkEndSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.EndCalendarLink(r.Context(), state(r).user); err != nil {
		return err
	}
	return s.redirect(w, r, "/care#calendar", "continuum.calendar_link_ended")
}

// calendarFeed serves a member's appointments as iCalendar. Event titles
// say only "Appointment" unless the member chose details; the location
// is left out with them.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, _ := strings.CutSuffix(r.PathValue("file"), ".ics")
	feed, err := s.app.CalendarByToken(r.Context(), token)
	if err != nil {
		return err
	}
	loc := localizer(feed.Member.Locale)
	host := "onward"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	care := strings.TrimRight(s.cfg.BaseURL, "/") + "/care"
	cal := ical.Calendar{ProductID: "-//Onward//Onward//EN", Name: loc.T("continuum.calendar_name"), Refresh: time.Hour}
	now := s.now()
	for _, sess := range feed.Sessions {
		e := ical.Event{UID: sess.ID + "@" + host, Stamp: now, Start: sess.StartsAt, End: sess.EndsAt(), Sequence: sess.Version,
			Cancelled: sess.CancelledAt != nil, Summary: loc.T("continuum.calendar_appointment"),
			Description: loc.T("continuum.calendar_description", "Link", care), URL: care}
		if feed.Details {
			e.Summary = loc.T("continuum.calendar_summary", "Format", loc.Label("session_format", sess.Format),
				"Kind", loc.Label("session_kind", sess.Kind), "Program", sess.ProgramName)
			e.Location = sess.Location
		}
		cal.Events = append(cal.Events, e)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="onward.ics"`)
	w.Header().Set("Cache-Control", "no-store")
	return cal.Write(w)
}

type careEpisodeJSON struct {
	Enrolment     enrolmentJSON `json:"enrolment"`
	Episode       episodeJSON   `json:"episode"`
	ExpectedHours float64       `json:"expected_hours_per_week"`
	ThisWeek      weekJSON      `json:"this_week"`
	Upcoming      []sessionJSON `json:"upcoming"`
}

type weekJSON struct {
	Start    string  `json:"start"`
	Attended float64 `json:"attended_hours"`
	Excused  float64 `json:"excused_hours"`
	Due      float64 `json:"due_hours"`
}

func (s *Server) apiMyCare(w http.ResponseWriter, r *http.Request) error {
	episodes, err := s.app.MyCare(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	out := make([]careEpisodeJSON, 0, len(episodes))
	for i := range episodes {
		c := &episodes[i]
		j := careEpisodeJSON{Enrolment: toEnrolmentJSON(&c.Enrolment), Episode: toEpisodeJSON(c.Episode), ExpectedHours: c.Expected,
			ThisWeek: weekJSON{Start: c.ThisWeek.Start.String(), Attended: c.ThisWeek.Attended, Excused: c.ThisWeek.Excused,
				Due: c.ThisWeek.Due()}, Upcoming: []sessionJSON{}}
		for k := range c.Upcoming {
			j.Upcoming = append(j.Upcoming, toSessionJSON(&c.Upcoming[k]))
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"episodes": out})
	return nil
}

func (s *Server) apiNewCalendarLink(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Details bool `json:"details"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	token, err := s.app.NewCalendarLink(r.Context(), state(r).user, in.Details)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"url": s.calendarURL(token), "details": in.Details})
	return nil
}

func (s *Server) apiEndCalendarLink(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.EndCalendarLink(r.Context(), state(r).user); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
