package web

import (
	"net/http"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's home (GET /) and its JSON twin (GET /api/v1/recovery): clean
// time, stage, milestones, today's check-in, and the early warning with
// the steps from the member's own plan.

// planSectionLabels name the plan's sections on the pages.
var planSectionLabels = map[string]string{
	recovery.PlanTriggers:     "recovery.triggers",
	recovery.PlanWarningSigns: "recovery.warning_signs",
	recovery.PlanCoping:       "recovery.what_i_can_do_instead",
	recovery.PlanPeople:       "recovery.people_to_call",
	recovery.PlanReasons:      "recovery.my_reasons",
	recovery.PlanSafePlaces:   "recovery.safe_places_and_activities",
}

func (s *Server) today(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := state(r).user
	v, err := s.app.Recovery(ctx, u)
	if err != nil {
		return err
	}
	if len(v.Celebrate) > 0 {
		// Celebrated once: shown now, remembered as seen. When several are
		// new at once (a member who joins after years), the newest is the
		// one worth a banner; the rest are simply in the list below.
		if err := s.app.CelebrateMilestones(ctx, u, v.Celebrate); err != nil {
			return err
		}
		v.Celebrate = v.Celebrate[len(v.Celebrate)-1:]
	}
	return s.render(w, r, "today", pageData{Title: "common.today", Data: v})
}

type stageJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Focus string `json:"focus"`
}

type milestoneJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	On           string `json:"on"`
	KeytagColour string `json:"keytag_colour,omitempty"`
	DaysToGo     *int   `json:"days_to_go,omitempty"`
}

type signalJSON struct {
	Code        string `json:"code"`
	Weight      int    `json:"weight"`
	Explanation string `json:"explanation"`
}

type riskJSON struct {
	Level   string       `json:"level"`
	Score   int          `json:"score"`
	Signals []signalJSON `json:"signals"`
}

type recoveryJSON struct {
	Today             string          `json:"today"`
	TimeZone          string          `json:"timezone"`
	Onboarded         bool            `json:"onboarded"`
	LastUse           string          `json:"last_use,omitempty"`
	Convention        string          `json:"convention,omitempty"`
	CurrentStreakDays int             `json:"current_streak_days"`
	TotalDays         int             `json:"total_days"`
	LongestStreakDays int             `json:"longest_streak_days"`
	Stage             *stageJSON      `json:"stage,omitempty"`
	Reached           []milestoneJSON `json:"milestones_reached"`
	Next              *milestoneJSON  `json:"next_milestone,omitempty"`
	MoneySaved        float64         `json:"money_saved"`
	HoursRegained     float64         `json:"hours_regained"`
	Risk              *riskJSON       `json:"risk,omitempty"`
	CheckedInToday    bool            `json:"checked_in_today"`
	ToleranceWarning  bool            `json:"tolerance_warning"`
}

func toRecoveryJSON(v *app.Recovery, timeZone, locale string) recoveryJSON {
	out := recoveryJSON{Today: v.Today().String(), TimeZone: timeZone, Onboarded: v.Profile != nil, Reached: []milestoneJSON{},
		CheckedInToday: v.TodayCheckIn != nil, ToleranceWarning: v.ToleranceRisk}
	if v.Profile == nil {
		return out
	}
	sum := v.Summary
	out.LastUse, out.Convention = v.Profile.LastUse.String(), v.Profile.Convention.String()
	out.CurrentStreakDays, out.TotalDays, out.LongestStreakDays = sum.CurrentStreakDays, sum.TotalDays, sum.LongestStreakDays
	out.Stage = &stageJSON{ID: sum.Stage.ID, Name: translateMsg(locale, sum.Stage.Name), Focus: translateMsg(locale, sum.Stage.Focus)}
	for _, m := range sum.Reached {
		out.Reached = append(out.Reached, milestoneJSON{ID: m.ID, Name: translateMsg(locale, m.Name), On: m.On.String(), KeytagColour: m.KeytagColour})
	}
	if n := sum.Next; n != nil {
		days := n.DaysToGo
		out.Next = &milestoneJSON{ID: n.ID, Name: translateMsg(locale, n.Name), On: n.On.String(), KeytagColour: n.KeytagColour, DaysToGo: &days}
	}
	out.MoneySaved, out.HoursRegained = sum.MoneySaved, sum.HoursRegained
	risk := &riskJSON{Level: string(v.Risk.Level), Score: v.Risk.Score, Signals: []signalJSON{}}
	for _, sig := range v.Risk.Signals {
		risk.Signals = append(risk.Signals, signalJSON{Code: sig.Code, Weight: sig.Weight, Explanation: translateMsg(locale, sig.Explanation)})
	}
	out.Risk = risk
	return out
}

func (s *Server) apiRecovery(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	v, err := s.app.Recovery(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRecoveryJSON(v, u.TimeZone, u.Locale))
	return nil
}
