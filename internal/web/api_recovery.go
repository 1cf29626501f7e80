package web

import (
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

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

func (s *Server) apiRecovery(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	v, err := s.loadRecovery(r.Context(), u)
	if err != nil {
		return err
	}
	locale := u.Locale
	out := recoveryJSON{Today: v.Today.String(), TimeZone: u.TimeZone, Onboarded: v.Profile != nil, Reached: []milestoneJSON{},
		CheckedInToday: v.TodayCheckIn != nil, ToleranceWarning: v.ToleranceRisk}
	if v.Profile != nil {
		sum := v.Summary
		out.LastUse, out.Convention = v.Profile.LastUse.String(), v.Profile.Convention.String()
		out.CurrentStreakDays, out.TotalDays, out.LongestStreakDays = sum.CurrentStreakDays, sum.TotalDays, sum.LongestStreakDays
		out.Stage = &stageJSON{ID: sum.Stage.ID, Name: sum.Stage.Name.In(locale), Focus: sum.Stage.Focus.In(locale)}
		for _, m := range sum.Reached {
			out.Reached = append(out.Reached, milestoneJSON{ID: m.ID, Name: m.Name.In(locale), On: m.On.String(), KeytagColour: m.KeytagColour})
		}
		if n := sum.Next; n != nil {
			days := n.DaysToGo
			out.Next = &milestoneJSON{ID: n.ID, Name: n.Name.In(locale), On: n.On.String(), KeytagColour: n.KeytagColour, DaysToGo: &days}
		}
		out.MoneySaved, out.HoursRegained = sum.MoneySaved, sum.HoursRegained
		risk := &riskJSON{Level: string(v.Risk.Level), Score: v.Risk.Score, Signals: []signalJSON{}}
		for _, sig := range v.Risk.Signals {
			risk.Signals = append(risk.Signals, signalJSON{Code: sig.Code, Weight: sig.Weight, Explanation: sig.Explanation.In(locale)})
		}
		out.Risk = risk
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// checkInJSON is a check-in on the wire. Pointers tell "not sent" from
// zero; required fields are checked by validation.
type checkInJSON struct {
	Day             string   `json:"day,omitempty"`
	Mood            *int     `json:"mood"`
	Craving         *int     `json:"craving"`
	SleepHours      *float64 `json:"sleep_hours,omitempty"`
	SleepQuality    int      `json:"sleep_quality,omitempty"`
	Stress          int      `json:"stress,omitempty"`
	Lonely          int      `json:"lonely,omitempty"`
	Irritable       int      `json:"irritable,omitempty"`
	Romanticising   bool     `json:"romanticising"`
	Used            bool     `json:"used"`
	MedicationTaken *bool    `json:"medication_taken,omitempty"`
	Meeting         bool     `json:"meeting"`
	Therapy         bool     `json:"therapy"`
	SupportContact  bool     `json:"support_contact"`
	Exercise        bool     `json:"exercise"`
	Food            bool     `json:"food"`
	Mindfulness     bool     `json:"mindfulness"`
	Note            string   `json:"note,omitempty"`
	ClientID        string   `json:"client_id,omitempty"`
	Version         *int     `json:"version,omitempty"`
	ID              string   `json:"id,omitempty"`
	UpdatedAt       string   `json:"updated_at,omitempty"`
}

func toCheckInJSON(c *onward.CheckIn) checkInJSON {
	mood, craving, version := c.Mood, c.Craving, c.Version
	return checkInJSON{ID: c.ID, Day: c.Day.String(), Mood: &mood, Craving: &craving, SleepHours: c.SleepHours, SleepQuality: c.SleepQuality,
		Stress: c.Stress, Lonely: c.Lonely, Irritable: c.Irritable, Romanticising: c.Romanticising, Used: c.Used,
		MedicationTaken: c.MedicationTaken, Meeting: c.Meeting, Therapy: c.Therapy, SupportContact: c.SupportContact,
		Exercise: c.Exercise, Food: c.Food, Mindfulness: c.Mindfulness, Note: c.Note, ClientID: c.ClientID, Version: &version,
		UpdatedAt: c.UpdatedAt.Format(time.RFC3339)}
}

// safetyJSON is the overdose-safety message that follows any use.
type safetyJSON struct {
	Message string   `json:"message"`
	Steps   []string `json:"steps"`
	Crisis  string   `json:"crisis_url"`
}

func lapseSafetyJSON(locale string) *safetyJSON {
	return &safetyJSON{
		Message: translate(locale, "recovery.after_time_without_using_your_body"),
		Steps: []string{
			translate(locale, "recovery.do_not_use_alone_if_you_use"),
			translate(locale, "recovery.use_much_less_than_before_and_go"),
			translate(locale, "recovery.do_not_mix_with_alcohol_benzodiazepines"),
			translate(locale, "recovery.keep_naloxone_where_people_can_find_it"),
		},
		Crisis: "/crisis",
	}
}

func (s *Server) apiSaveCheckIn(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var in checkInJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	_, today, _ := s.memberClock(u)
	c := &onward.CheckIn{UserID: u.ID, Day: today, Mood: -1, Craving: -1, SleepHours: in.SleepHours, SleepQuality: in.SleepQuality,
		Stress: in.Stress, Lonely: in.Lonely, Irritable: in.Irritable, Romanticising: in.Romanticising, Used: in.Used,
		MedicationTaken: in.MedicationTaken, Meeting: in.Meeting, Therapy: in.Therapy, SupportContact: in.SupportContact,
		Exercise: in.Exercise, Food: in.Food, Mindfulness: in.Mindfulness, Note: in.Note, ClientID: in.ClientID}
	if in.Mood != nil {
		c.Mood = *in.Mood
	}
	if in.Craving != nil {
		c.Craving = *in.Craving
	}
	if in.Day != "" {
		d, err := recovery.ParseDate(in.Day)
		if err != nil {
			return onward.Invalid("day", "api.date_format")
		}
		c.Day = d
	}
	created, risk, err := s.saveCheckIn(r, c, in.Version, nil)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	body := map[string]any{"checkin": toCheckInJSON(c)}
	if c.Used {
		body["safety"] = lapseSafetyJSON(u.Locale)
	} else {
		body["warning_signs_high"] = risk.High
		if risk.AlertID != "" {
			body["support_request_id"] = risk.AlertID
		}
	}
	writeJSON(w, status, body)
	return nil
}

func (s *Server) apiCheckIns(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	_, today, _ := s.memberClock(u)
	from, to := today.AddDays(-29), today
	errs := onward.FieldErrors{}
	if v := r.URL.Query().Get("from"); v != "" {
		d, err := recovery.ParseDate(v)
		if err != nil {
			errs.Add("from", "api.date_format")
		}
		from = d
	}
	if v := r.URL.Query().Get("to"); v != "" {
		d, err := recovery.ParseDate(v)
		if err != nil {
			errs.Add("to", "api.date_format")
		}
		to = d
	}
	if len(errs) == 0 && (to.Before(from) || from.DaysUntil(to) > 366) {
		errs.Add("to", "api.date_range")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	var list []onward.CheckIn
	err := s.store.ReadAccess(r.Context(), principal(r), u.ID, []onward.Category{onward.CategoryCheckins}, func(rd *sqlstore.Reader) (err error) {
		list, err = rd.CheckIns(r.Context(), from, to)
		return err
	})
	if err != nil {
		return err
	}
	out := make([]checkInJSON, 0, len(list))
	for i := range list {
		out = append(out, toCheckInJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from.String(), "to": to.String(), "checkins": out})
	return nil
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
	_, today, _ := s.memberClock(u)
	l := &onward.Lapse{UserID: u.ID, Day: today, What: in.What, LedTo: in.LedTo}
	if in.Day != "" {
		d, err := recovery.ParseDate(in.Day)
		if err != nil {
			return onward.Invalid("day", "api.date_format")
		}
		l.Day = d
	}
	if err := s.recordLapse(r, l, nil); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"day": l.Day.String(), "safety": lapseSafetyJSON(u.Locale),
		"message": translate(u.Locale, "recovery.your_days_in_recovery_your_longest")})
	return nil
}

type contactJSON struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type planJSON struct {
	Triggers     []string      `json:"triggers"`
	HALT         []string      `json:"halt"`
	WarningSigns []string      `json:"warning_signs"`
	Coping       []string      `json:"coping"`
	People       []contactJSON `json:"people"`
	Reasons      []string      `json:"reasons"`
	SafePlaces   []string      `json:"safe_places"`
	UpdatedAt    string        `json:"updated_at,omitempty"`
}

func toPlanJSON(p *onward.Plan) planJSON {
	out := planJSON{Triggers: orEmpty(p.Triggers), HALT: orEmpty(p.HALT), WarningSigns: orEmpty(p.WarningSigns), Coping: orEmpty(p.Coping),
		Reasons: orEmpty(p.Reasons), SafePlaces: orEmpty(p.SafePlaces), People: []contactJSON{}}
	for _, c := range p.People {
		out.People = append(out.People, contactJSON(c))
	}
	if !p.UpdatedAt.IsZero() {
		out.UpdatedAt = p.UpdatedAt.Format(time.RFC3339)
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	plan, err := s.readPlan(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanJSON(plan))
	return nil
}

func (s *Server) apiSavePlan(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	var in planJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.UpdatedAt != "" {
		return onward.Invalid("updated_at", "api.read_only_field")
	}
	p := &onward.Plan{UserID: u.ID, Triggers: in.Triggers, HALT: in.HALT, WarningSigns: in.WarningSigns, Coping: in.Coping,
		Reasons: in.Reasons, SafePlaces: in.SafePlaces}
	for _, c := range in.People {
		p.People = append(p.People, onward.Contact(c))
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := s.savePlan(r, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPlanJSON(p))
	return nil
}
