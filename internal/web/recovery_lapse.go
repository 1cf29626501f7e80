package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/recovery"
)

// The lapse flow: recording a lapse (GET and POST /lapse, POST
// /api/v1/lapses) and the safety page that follows any use.

type lapseView struct {
	Today recovery.Date
	Day   recovery.Date
}

func (s *Server) lapseForm(w http.ResponseWriter, r *http.Request) error {
	today := s.app.ClockOf(state(r).user.TimeZone).Today
	day := today
	if d, err := recovery.ParseDate(r.FormValue("day")); err == nil && !d.After(today) {
		day = d
	}
	return s.render(w, r, "lapse", pageData{Title: "recovery.record_a_lapse", Data: lapseView{Today: today, Day: day}})
}

func (s *Server) lapseSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	today := s.app.ClockOf(u.TimeZone).Today
	f := newFormReader(r.PostForm)
	l := &onward.Lapse{What: f.str("what"), LedTo: f.form.Get("led_to")}
	var err error
	if l.Day, err = recovery.ParseDate(f.str("day")); err != nil {
		f.errs.Add("day", "recovery.enter_a_date_like_2026_03_14")
	}
	data := pageData{Title: "recovery.record_a_lapse", Data: lapseView{Today: today, Day: l.Day}}
	if len(f.errs) > 0 {
		return s.renderForm(w, r, "lapse", data, f.merge(l.Validate(today, nil)))
	}
	if err := s.app.RecordLapse(r.Context(), u, l); err != nil {
		return s.renderForm(w, r, "lapse", data, err)
	}
	return s.redirect(w, r, "/lapse/safety", "")
}

// lapseSafetyView is the safety page; DetailsDay links to the lapse form
// when the lapse came from a check-in and its details are still to tell.
type lapseSafetyView struct {
	Rec        *app.Recovery
	DetailsDay string
}

// lapseSafety is shown right after a lapse: overdose safety first, then
// what stays (progress), then the plan.
func (s *Server) lapseSafety(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.Recovery(r.Context(), state(r).user)
	if err != nil {
		return err
	}
	view := lapseSafetyView{Rec: v}
	if d, err := recovery.ParseDate(r.FormValue("day")); err == nil && !d.After(v.Today()) {
		view.DetailsDay = d.String()
	}
	return s.render(w, r, "lapse_safety", pageData{Title: "recovery.you_are_still_in_recovery", Data: view})
}

// safetyJSON is the overdose-safety message that follows any use.
type safetyJSON struct {
	Message       string    `json:"message"`
	Steps         []string  `json:"steps"`
	Crisis        string    `json:"crisis_url"`
	NeverUseAlone *lineJSON `json:"never_use_alone,omitempty"`
}

// lineJSON is a number to call.
type lineJSON struct {
	Name   string `json:"name"`
	Number string `json:"number"`
	Tel    string `json:"tel"`
}

func (s *Server) lapseSafetyJSON(locale string) *safetyJSON {
	out := &safetyJSON{
		Message: translate(locale, "recovery.after_time_without_using_your_body"),
		Steps: []string{
			translate(locale, "recovery.do_not_use_alone_if_you_use"),
			translate(locale, "recovery.use_much_less_than_before_and_go"),
			translate(locale, "recovery.do_not_mix_with_alcohol_benzodiazepines"),
			translate(locale, "recovery.keep_naloxone_where_people_can_find_it"),
		},
		Crisis: "/crisis",
	}
	if l := s.crisis.NeverUseAlone; l != nil {
		out.NeverUseAlone = &lineJSON{Name: l.Name, Number: l.Number, Tel: "tel:" + l.Tel}
	}
	return out
}

func (s *Server) apiRecordLapse(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var in struct {
		Day   string `json:"day"`
		What  string `json:"what"`
		LedTo string `json:"led_to"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	day, err := optionalDay("day", in.Day, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	l := &onward.Lapse{Day: day, What: in.What, LedTo: in.LedTo}
	if err := s.app.RecordLapse(r.Context(), u, l); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"day": l.Day.String(), "safety": s.lapseSafetyJSON(u.Locale),
		"message": translate(u.Locale, "recovery.your_days_in_recovery_your_longest")})
	return nil
}

// lapseJSON is a recorded lapse.
type lapseJSON struct {
	Day       string    `json:"day"`
	What      string    `json:"what"`
	LedTo     string    `json:"led_to"`
	CreatedAt time.Time `json:"created_at"`
}

// apiLapses lists every lapse the member recorded, as the history page
// shows them.
func (s *Server) apiLapses(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	h, err := s.app.HistorySince(r.Context(), u, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	out := make([]lapseJSON, 0, len(h.Lapses))
	for _, l := range h.Lapses {
		out = append(out, lapseJSON{Day: l.Day.String(), What: l.What, LedTo: l.LedTo, CreatedAt: l.CreatedAt.UTC()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"lapses": out})
	return nil
}
