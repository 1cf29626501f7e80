package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Onboarding (GET and POST /onboarding): the recovery start and the rest
// of the member's recovery profile, editable later.

// onboardingView fills the onboarding form.
type onboardingView struct {
	Today           recovery.Date
	Profile         *onward.RecoveryProfile
	Substances      []string
	Medications     []string
	TreatmentLevels []string
	TimeZones       []string
	Editing         bool // changing an existing profile, not starting
}

func (s *Server) onboardingData(r *http.Request, p *onward.RecoveryProfile) pageData {
	today := s.app.ClockOf(state(r).user.TimeZone).Today
	title := "recovery.getting_started"
	if p != nil {
		title = "recovery.your_recovery_details"
	}
	return pageData{Title: title, Data: onboardingView{Today: today, Profile: p, Substances: onward.Substances,
		Medications: onward.Medications, TreatmentLevels: onward.TreatmentLevels, TimeZones: timeZones, Editing: p != nil}}
}

func (s *Server) onboardingForm(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	profile, err := s.app.Profile(r.Context(), u)
	if err != nil {
		return err
	}
	data := s.onboardingData(r, profile)
	data.Form = profileForm(profile, u)
	return s.render(w, r, "onboarding", data)
}

// profileForm turns a stored profile into form values, so one template
// serves both the first visit and later edits.
func profileForm(p *onward.RecoveryProfile, u *onward.User) map[string][]string {
	f := map[string][]string{"timezone": {u.TimeZone}, "medication": {"none"}, "treatment_level": {"none"}, "convention": {"day_after"}}
	if p == nil {
		return f
	}
	f["last_use"] = []string{p.LastUse.String()}
	if p.LastUseAt != nil {
		f["last_use_time"] = []string{p.LastUseAt.In(app.Location(u.TimeZone)).Format("15:04")}
	}
	if p.Convention == recovery.CountDayOfLastUse {
		f["convention"] = []string{"day_of_last_use"}
	}
	f["substances"] = p.Substances
	f["medication"] = []string{p.Medication}
	f["treatment_level"] = []string{p.TreatmentLevel}
	f["reasons"] = []string{p.Reasons}
	if p.DailySpend > 0 {
		f["daily_spend"] = []string{inputNumber(p.DailySpend)}
	}
	if p.DailyHours > 0 {
		f["daily_hours"] = []string{inputNumber(p.DailyHours)}
	}
	f["checkin_time"] = []string{p.CheckinTime}
	return f
}

// lastUseAt reads the local clock time of last use on day ("23:30"), for
// the form and the API alike: nil when not given.
func (s *Server) lastUseAt(errs onward.FieldErrors, day recovery.Date, clock, tz string) *time.Time {
	if clock == "" || day == (recovery.Date{}) {
		return nil
	}
	t, err := time.Parse("15:04", clock)
	if err != nil {
		errs.Add("last_use_time", "recovery.enter_a_time_like_23_30_or")
		return nil
	}
	at := time.Date(day.Year, day.Month, day.Day, t.Hour(), t.Minute(), 0, 0, app.Location(tz))
	if at.After(s.app.ClockOf(tz).Now) {
		errs.Add("last_use_time", "recovery.the_time_of_last_use_cannot_be")
	}
	at = at.UTC()
	return &at
}

func (s *Server) onboardingSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := newFormReader(r.PostForm)
	tz := f.str("timezone")
	var err error
	p := &onward.RecoveryProfile{Substances: r.PostForm["substances"], Medication: f.str("medication"),
		TreatmentLevel: f.str("treatment_level"), Reasons: f.str("reasons"), CheckinTime: f.str("checkin_time")}
	if d := f.str("last_use"); d != "" {
		if p.LastUse, err = recovery.ParseDate(d); err != nil {
			f.errs.Add("last_use", "recovery.enter_a_date_like_2026_03_14")
		}
	}
	p.LastUseAt = s.lastUseAt(f.errs, p.LastUse, f.str("last_use_time"), tz)
	if f.str("convention") == "day_of_last_use" {
		p.Convention = recovery.CountDayOfLastUse
	}
	if v := f.float("daily_spend"); v != nil {
		p.DailySpend = *v
	}
	if v := f.float("daily_hours"); v != nil {
		p.DailyHours = *v
	}
	if len(f.errs) > 0 {
		return s.renderForm(w, r, "onboarding", s.onboardingData(r, nil), f.merge(p.Validate(s.app.ClockOf(tz).Today)))
	}
	if err := s.app.SaveProfile(r.Context(), u, p, tz); err != nil {
		return s.renderForm(w, r, "onboarding", s.onboardingData(r, nil), err)
	}
	return s.redirect(w, r, "/", "recovery.saved_your_days_are_counted_from_your")
}

// profileJSON is the recovery profile as the API reads and writes it
// (GET and PUT /api/v1/recovery/profile): the same fields as the form.
type profileJSON struct {
	LastUse        string   `json:"last_use"`
	LastUseTime    string   `json:"last_use_time"`
	Convention     string   `json:"convention"`
	Substances     []string `json:"substances"`
	Medication     string   `json:"medication"`
	TreatmentLevel string   `json:"treatment_level"`
	Reasons        string   `json:"reasons"`
	DailySpend     float64  `json:"daily_spend"`
	DailyHours     float64  `json:"daily_hours"`
	CheckinTime    string   `json:"checkin_time"`
	TimeZone       string   `json:"timezone"`
	UpdatedAt      string   `json:"updated_at,omitempty"`
}

func toProfileJSON(p *onward.RecoveryProfile, u *onward.User) profileJSON {
	f := profileForm(p, u)
	out := profileJSON{LastUse: p.LastUse.String(), Convention: f["convention"][0], Substances: orEmpty(p.Substances),
		Medication: p.Medication, TreatmentLevel: p.TreatmentLevel, Reasons: p.Reasons, DailySpend: p.DailySpend,
		DailyHours: p.DailyHours, CheckinTime: p.CheckinTime, TimeZone: u.TimeZone, UpdatedAt: p.UpdatedAt.UTC().Format(time.RFC3339)}
	if t := f["last_use_time"]; len(t) > 0 {
		out.LastUseTime = t[0]
	}
	return out
}

func (s *Server) apiProfile(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	p, err := s.app.Profile(r.Context(), u)
	if err != nil {
		return err
	}
	if p == nil {
		return onward.NewError(onward.ENOTFOUND, "api.no_recovery_profile_yet")
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p, u))
	return nil
}

// apiSaveProfile sets or replaces the recovery profile, through the same
// use case as the onboarding form.
func (s *Server) apiSaveProfile(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var in profileJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.UpdatedAt != "" {
		return onward.Invalid("updated_at", "api.read_only_field")
	}
	errs := onward.FieldErrors{}
	p := &onward.RecoveryProfile{Substances: in.Substances, Medication: in.Medication, TreatmentLevel: in.TreatmentLevel,
		Reasons: in.Reasons, DailySpend: in.DailySpend, DailyHours: in.DailyHours, CheckinTime: in.CheckinTime}
	if p.Medication == "" {
		p.Medication = "none"
	}
	if p.TreatmentLevel == "" {
		p.TreatmentLevel = "none"
	}
	tz := in.TimeZone
	if tz == "" {
		tz = u.TimeZone
	}
	if d, err := recovery.ParseDate(in.LastUse); err != nil {
		errs.Add("last_use", "api.date_format")
	} else {
		p.LastUse = d
	}
	p.LastUseAt = s.lastUseAt(errs, p.LastUse, in.LastUseTime, tz)
	switch in.Convention {
	case "", "day_after":
	case "day_of_last_use":
		p.Convention = recovery.CountDayOfLastUse
	default:
		errs.Add("convention", "api.convention_values")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if err := s.app.SaveProfile(r.Context(), u, p, tz); err != nil {
		return err
	}
	u.TimeZone = tz
	saved, err := s.app.Profile(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProfileJSON(saved, u))
	return nil
}
