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

func (s *Server) onboardingSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := newFormReader(r.PostForm)
	tz := f.str("timezone")
	loc := app.Location(tz)
	var err error
	p := &onward.RecoveryProfile{Substances: r.PostForm["substances"], Medication: f.str("medication"),
		TreatmentLevel: f.str("treatment_level"), Reasons: f.str("reasons"), CheckinTime: f.str("checkin_time")}
	if d := f.str("last_use"); d != "" {
		if p.LastUse, err = recovery.ParseDate(d); err != nil {
			f.errs.Add("last_use", "recovery.enter_a_date_like_2026_03_14")
		}
	}
	if t := f.str("last_use_time"); t != "" && p.LastUse != (recovery.Date{}) {
		clock, err := time.Parse("15:04", t)
		if err != nil {
			f.errs.Add("last_use_time", "recovery.enter_a_time_like_23_30_or")
		} else {
			at := time.Date(p.LastUse.Year, p.LastUse.Month, p.LastUse.Day, clock.Hour(), clock.Minute(), 0, 0, loc)
			if at.After(s.app.ClockOf(tz).Now) {
				f.errs.Add("last_use_time", "recovery.the_time_of_last_use_cannot_be")
			}
			utc := at.UTC()
			p.LastUseAt = &utc
		}
	}
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
