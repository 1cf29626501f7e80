package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/withdrawal"
)

// A member's withdrawal tracker (GET and POST /withdrawal, POST
// /withdrawal/end; GET, PUT and DELETE /api/v1/withdrawal): the expected
// phase from what they last used and when, their SOWS ratings as a trend,
// and the red flags that need urgent care, with a call button.

// Wording of each phase and red flag (docs/withdrawal.md has the sources).
var (
	phaseNames = map[withdrawal.Phase]string{
		withdrawal.PhaseBeforeOnset:  "withdrawal.phase_before_onset",
		withdrawal.PhaseOnset:        "withdrawal.phase_onset",
		withdrawal.PhasePeak:         "withdrawal.phase_peak",
		withdrawal.PhaseAcute:        "withdrawal.phase_acute",
		withdrawal.PhasePostAcute:    "withdrawal.phase_post_acute",
		withdrawal.PhaseNotEstimated: "withdrawal.phase_not_estimated",
	}
	phaseTexts = map[withdrawal.Phase]string{
		withdrawal.PhaseBeforeOnset:  "withdrawal.phase_before_onset_text",
		withdrawal.PhaseOnset:        "withdrawal.phase_onset_text",
		withdrawal.PhasePeak:         "withdrawal.phase_peak_text",
		withdrawal.PhaseAcute:        "withdrawal.phase_acute_text",
		withdrawal.PhasePostAcute:    "withdrawal.phase_post_acute_text",
		withdrawal.PhaseNotEstimated: "withdrawal.phase_not_estimated_text",
	}
	substanceCaveats = map[withdrawal.Substance]string{
		withdrawal.Fentanyl:            "withdrawal.fentanyl_caveat",
		withdrawal.Buprenorphine:       "withdrawal.buprenorphine_caveat",
		withdrawal.PrescriptionOpioids: "withdrawal.extended_release_caveat",
		withdrawal.Methadone:           "withdrawal.methadone_caveat",
	}
	redFlagTexts = map[withdrawal.RedFlag]string{
		withdrawal.RedFlagOverdose:  "withdrawal.red_flag_overdose",
		withdrawal.RedFlagSuicide:   "withdrawal.red_flag_suicide",
		withdrawal.RedFlagConfusion: "withdrawal.red_flag_confusion",
		withdrawal.RedFlagFluids:    "withdrawal.red_flag_fluids",
		withdrawal.RedFlagHeart:     "withdrawal.red_flag_heart",
		withdrawal.RedFlagPregnancy: "withdrawal.red_flag_pregnancy",
		withdrawal.RedFlagSedatives: "withdrawal.red_flag_sedatives",
	}
)

// withdrawalView is the tracker page.
type withdrawalView struct {
	Tracker    *onward.WithdrawalTracker
	Substances []withdrawal.Substance
	// LastUse and Latest fill the form (datetime-local values).
	LastUse, Latest string
	Since           string
	Phase           withdrawal.Phase
	PhaseName       string
	PhaseText       string
	// Facts are the published course of the substance, in words.
	Facts     []string
	Caveat    string
	Ratings   []resultView // newest first
	Chart     *assessmentChart
	LastRated string
	RedFlags  []string
}

func (s *Server) withdrawalPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderWithdrawal(w, r, nil)
}

func (s *Server) renderWithdrawal(w http.ResponseWriter, r *http.Request, formErr error) error {
	u, locale := state(r).user, state(r).locale
	wd, err := s.app.Withdrawal(r.Context(), u)
	if err != nil {
		return err
	}
	v := newWithdrawalView(locale, wd)
	data := pageData{Title: "withdrawal.withdrawal_tracker", Data: v}
	if formErr != nil {
		return s.renderForm(w, r, "withdrawal", data, formErr)
	}
	return s.render(w, r, "withdrawal", data)
}

func newWithdrawalView(locale string, wd *app.Withdrawal) withdrawalView {
	loc := wd.Clock.Location
	v := withdrawalView{Tracker: wd.Tracker, Substances: withdrawal.Substances, Latest: wd.Clock.Now.Format(localTimeLayout),
		RedFlags: redFlagWords(locale)}
	if wd.Tracker == nil {
		return v
	}
	e := wd.Estimate
	v.LastUse = wd.Tracker.LastUseAt.In(loc).Format(localTimeLayout)
	v.Since = sinceWords(locale, e.Since)
	v.Phase, v.PhaseName, v.PhaseText = e.Phase, translate(locale, phaseNames[e.Phase]), translate(locale, phaseTexts[e.Phase])
	v.Facts = timelineFacts(locale, e.Timeline)
	if id, ok := substanceCaveats[e.Substance]; ok {
		v.Caveat = translate(locale, id)
	}
	if len(wd.Ratings) > 0 {
		def, _ := instrument.Get(instrument.SOWS)
		var pts []scorePoint
		for _, a := range wd.Ratings {
			pts = append(pts, scorePoint{At: a.TakenAt, Value: a.Total})
		}
		for i := len(wd.Ratings) - 1; i >= 0; i-- {
			v.Ratings = append(v.Ratings, newResultView(locale, loc, def, app.AssessmentResult{Assessment: wd.Ratings[i]}))
		}
		chart := scoreChart(locale, loc, "withdrawal-sows", def.ShortName, pts, def.MinTotal, def.MaxTotal, 0)
		v.Chart = &chart
		v.LastRated = sinceWords(locale, wd.Clock.Now.Sub(wd.Ratings[len(wd.Ratings)-1].TakenAt))
	}
	return v
}

// redFlagWords are the red flags in locale, the most dangerous first.
func redFlagWords(locale string) []string {
	out := make([]string, 0, len(withdrawal.RedFlags))
	for _, f := range withdrawal.RedFlags {
		out = append(out, translate(locale, redFlagTexts[f]))
	}
	return out
}

// sinceWords says how long ago: under an hour, hours for the first two
// days, then days.
func sinceWords(locale string, d time.Duration) string {
	if d < time.Hour {
		return translate(locale, "withdrawal.less_than_an_hour")
	}
	if d < 48*time.Hour {
		return translate(locale, "withdrawal.hours", "Count", int(d.Hours()))
	}
	return translate(locale, "withdrawal.days", "Count", int(d.Hours()/24))
}

// timelineFacts writes a published course in words; none when the
// sources give none.
func timelineFacts(locale string, t withdrawal.Timeline) []string {
	hours := func(d time.Duration) int { return int(d.Hours()) }
	days := func(d time.Duration) int { return int(d.Hours() / 24) }
	var out []string
	if t.OnsetTo > 0 {
		out = append(out, translate(locale, "withdrawal.onset_fact", "From", hours(t.OnsetFrom), "To", hours(t.OnsetTo)))
	}
	if t.PeakTo > 0 {
		out = append(out, translate(locale, "withdrawal.peak_fact", "From", hours(t.PeakFrom), "To", hours(t.PeakTo)))
	}
	if t.ModerateTo > 0 {
		out = append(out, translate(locale, "withdrawal.moderate_fact", "From", hours(t.ModerateFrom), "To", hours(t.ModerateTo)))
	}
	if t.AcuteEnds > 0 {
		out = append(out, translate(locale, "withdrawal.acute_fact", "Usually", days(t.AcuteUsuallyEnds), "Longest", days(t.AcuteEnds)))
	}
	return append(out, translate(locale, "withdrawal.post_acute_fact"))
}

func (s *Server) withdrawalSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	errs := onward.FieldErrors{}
	var lastUse time.Time
	if v := strings.TrimSpace(r.PostForm.Get("last_use")); v != "" {
		t, ok := parseLocalTime(v, location(u.TimeZone))
		if !ok {
			errs.Add("last_use", "withdrawal.enter_when_you_last_used")
		}
		lastUse = t
	}
	if err := errs.Err(); err != nil {
		return s.renderWithdrawal(w, r, err)
	}
	err := s.app.StartWithdrawal(r.Context(), u, r.PostForm.Get("substance"), lastUse)
	if onward.ErrorCode(err) == onward.EINVALID {
		return s.renderWithdrawal(w, r, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/withdrawal", "withdrawal.your_tracker_is_saved")
}

func (s *Server) withdrawalEnd(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.EndWithdrawal(r.Context(), state(r).user); err != nil {
		return err
	}
	return s.redirect(w, r, "/withdrawal", "withdrawal.your_tracker_is_stopped")
}

// withdrawalJSON is the tracker in the API.
type withdrawalJSON struct {
	Tracker  *trackerJSON     `json:"tracker"`
	Phase    withdrawal.Phase `json:"phase,omitempty"`
	Since    float64          `json:"hours_since_last_use,omitempty"`
	Summary  string           `json:"summary,omitempty"`
	Caveat   string           `json:"caveat,omitempty"`
	Ratings  []assessmentJSON `json:"ratings"`
	RedFlags []redFlagJSON    `json:"red_flags"`
	Crisis   string           `json:"crisis_url"`
}

type trackerJSON struct {
	Substance string    `json:"substance"`
	LastUseAt time.Time `json:"last_use_at"`
}

type redFlagJSON struct {
	Code    withdrawal.RedFlag `json:"code"`
	Message string             `json:"message"`
}

func (s *Server) apiWithdrawal(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	wd, err := s.app.Withdrawal(r.Context(), u)
	if err != nil {
		return err
	}
	out := withdrawalJSON{Ratings: []assessmentJSON{}, RedFlags: []redFlagJSON{}, Crisis: "/crisis"}
	for _, f := range withdrawal.RedFlags {
		out.RedFlags = append(out.RedFlags, redFlagJSON{Code: f, Message: translate(u.Locale, redFlagTexts[f])})
	}
	if wd.Tracker != nil {
		e := wd.Estimate
		out.Tracker = &trackerJSON{Substance: wd.Tracker.Substance, LastUseAt: wd.Tracker.LastUseAt.UTC()}
		out.Phase, out.Since = e.Phase, e.Since.Hours()
		out.Summary = translate(u.Locale, phaseTexts[e.Phase])
		if id, ok := substanceCaveats[e.Substance]; ok {
			out.Caveat = translate(u.Locale, id)
		}
		for _, a := range wd.Ratings {
			out.Ratings = append(out.Ratings, s.newAssessmentJSON(u.Locale, app.AssessmentResult{Assessment: a}))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiStartWithdrawal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Substance string `json:"substance"`
		LastUseAt string `json:"last_use_at"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var lastUse time.Time
	if in.LastUseAt != "" {
		t, err := time.Parse(time.RFC3339, in.LastUseAt)
		if err != nil {
			return onward.Invalid("last_use_at", "assessment.give_the_time_like")
		}
		lastUse = t
	}
	err := s.app.StartWithdrawal(r.Context(), state(r).user, in.Substance, lastUse)
	if e, ok := err.(*onward.Error); ok && e.Fields["last_use"].ID != "" {
		// The form calls it last_use; the API last_use_at.
		e.Fields["last_use_at"] = e.Fields["last_use"]
		delete(e.Fields, "last_use")
	}
	if err != nil {
		return err
	}
	return s.apiWithdrawal(w, r)
}

func (s *Server) apiEndWithdrawal(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.EndWithdrawal(r.Context(), state(r).user); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
