package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/medication"
	"github.com/onward-recovery/onward/internal/recovery"
)

// A member's medication (GET /medication and GET /api/v1/medication):
// today's doses to note, adherence over 7 and 30 days, the month's
// calendar beside the check-ins, the plans, a program's orders and
// take-homes, and the safety notices.

type medicationView struct {
	*app.MedicationView
	Weeks    [][]medicationDay
	Prev     string // "2026-10"
	Next     string // "" when it would be in the future
	ClientID string // one per page view, so a double submit records once
	Kinds    []medication.Kind
}

// medicationDay is one day of the calendar.
type medicationDay struct {
	Day       recovery.Date
	InMonth   bool
	Today     bool
	Mark      medication.DayMark
	CheckedIn bool
}

// readMonth reads ?month=2026-03, the current month when empty.
func readMonth(r *http.Request, today recovery.Date) (recovery.Date, error) {
	m := r.FormValue("month")
	if m == "" {
		return today, nil
	}
	t, err := time.Parse("2006-01", m)
	if err != nil || t.Year() < 1950 {
		return today, onward.NewError(onward.EINVALID, "recovery.choose_a_month_like_2026_03")
	}
	month := recovery.Date{Year: t.Year(), Month: t.Month(), Day: 1}
	if month.After(today) {
		return today, onward.NewError(onward.EINVALID, "recovery.that_month_has_not_happened_yet")
	}
	return month, nil
}

func (s *Server) medicationPage(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	month, err := readMonth(r, s.app.ClockOf(u.TimeZone).Today)
	if err != nil {
		return err
	}
	m, err := s.app.Medication(r.Context(), u, month)
	if err != nil {
		return err
	}
	return s.render(w, r, "medication", pageData{Title: "meds.medication", Data: medicationViewOf(m)})
}

func medicationViewOf(m *app.MedicationView) medicationView {
	v := medicationView{MedicationView: m, ClientID: newClientID(), Kinds: medication.Kinds}
	start, end := calendarBounds(m.Month0)
	for d := start; !d.After(end); d = d.AddDays(7) {
		week := make([]medicationDay, 7)
		for i := range week {
			day := d.AddDays(i)
			week[i] = medicationDay{Day: day, InMonth: day.Month == m.Month0.Month, Today: day == m.Clock.Today, Mark: m.Marks[day],
				CheckedIn: m.CheckedIn[day]}
		}
		v.Weeks = append(v.Weeks, week)
	}
	prev := m.Month0.AddMonths(-1)
	v.Prev = fmt.Sprintf("%04d-%02d", prev.Year, prev.Month)
	if next := m.Month0.AddMonths(1); !next.After(m.Clock.Today) {
		v.Next = fmt.Sprintf("%04d-%02d", next.Year, next.Month)
	}
	return v
}

// KitExpired reports whether a naloxone kit's date has passed, for templates.
func (v medicationView) KitExpired(p medication.Plan) bool {
	return p.KitExpires != nil && !p.KitExpires.After(v.Clock.Today)
}

// Wire forms of the medication types.

type medPlanJSON struct {
	ID         string   `json:"id,omitempty"`
	Kind       string   `json:"kind"`
	Form       string   `json:"form"`
	DoseMg     float64  `json:"dose_mg"`
	Times      []string `json:"times"`
	NextDue    string   `json:"next_due,omitempty"`
	KitExpires string   `json:"kit_expires,omitempty"`
	Prescriber string   `json:"prescriber"`
	StartOn    string   `json:"start_on"`
	StoppedOn  string   `json:"stopped_on,omitempty"`
	Remind     bool     `json:"remind"`
	Version    int      `json:"version,omitempty"`
	ClientID   string   `json:"client_id,omitempty"`
}

func toMedPlanJSON(p *medication.Plan) medPlanJSON {
	out := medPlanJSON{ID: p.ID, Kind: string(p.Kind), Form: string(p.Form), DoseMg: p.DoseMg, Times: nonNilStrings(p.Times),
		Prescriber: p.Prescriber, StartOn: p.StartOn.String(), Remind: p.Remind, Version: p.Version}
	out.NextDue, out.KitExpires, out.StoppedOn = dateString(p.NextDue), dateString(p.KitExpires), dateString(p.StoppedOn)
	return out
}

type doseJSON struct {
	ID         string     `json:"id"`
	ScheduleID string     `json:"schedule_id"`
	Kind       string     `json:"kind"`
	Day        string     `json:"day"`
	Slot       string     `json:"slot"`
	Status     string     `json:"status"`
	Setting    string     `json:"setting"`
	DoseMg     float64    `json:"dose_mg"`
	TakenAt    *time.Time `json:"taken_at,omitempty"`
	ByStaff    bool       `json:"recorded_by_program"`
	Version    int        `json:"version"`
	ClientID   string     `json:"client_id,omitempty"`
}

func toDoseJSON(d *medication.Dose) doseJSON {
	out := doseJSON{ID: d.ID, ScheduleID: d.ScheduleID, Kind: string(d.Kind), Day: d.Day.String(), Slot: d.Slot, Status: string(d.Status),
		Setting: string(d.Setting), DoseMg: d.DoseMg, ByStaff: d.ByStaff, Version: d.Version, ClientID: d.ClientID}
	if d.TakenAt != nil {
		t := d.TakenAt.UTC()
		out.TakenAt = &t
	}
	return out
}

func dosesJSON(list []medication.Dose) []doseJSON {
	out := make([]doseJSON, 0, len(list))
	for i := range list {
		out = append(out, toDoseJSON(&list[i]))
	}
	return out
}

type slotJSON struct {
	ScheduleID string    `json:"schedule_id"`
	Kind       string    `json:"kind"`
	Form       string    `json:"form"`
	Day        string    `json:"day"`
	Slot       string    `json:"slot"`
	DoseMg     float64   `json:"dose_mg"`
	ProgramID  string    `json:"program_id,omitempty"`
	TakeHome   bool      `json:"take_home"`
	Due        bool      `json:"due"`
	Dose       *doseJSON `json:"dose,omitempty"`
}

func toSlotJSON(s app.DoseSlot) slotJSON {
	out := slotJSON{ScheduleID: s.ScheduleID, Kind: string(s.Kind), Form: string(s.Form), Day: s.Day.String(), Slot: s.Time, DoseMg: s.DoseMg,
		ProgramID: s.ProgramID, TakeHome: s.TakeHome, Due: s.Due}
	if s.Dose != nil {
		d := toDoseJSON(s.Dose)
		out.Dose = &d
	}
	return out
}

type adherenceJSON struct {
	Scheduled int `json:"scheduled"`
	Taken     int `json:"taken"`
	Late      int `json:"late"`
	Missed    int `json:"missed"`
	Unlogged  int `json:"not_logged"`
	Percent   int `json:"percent"`
}

func toAdherenceJSON(a medication.Adherence) adherenceJSON {
	return adherenceJSON{Scheduled: a.Scheduled, Taken: a.Taken, Late: a.Late, Missed: a.Missed, Unlogged: a.Unlogged, Percent: a.Percent()}
}

// orderFieldsJSON are the fields an order is written with.
type orderFieldsJSON struct {
	Kind          string    `json:"kind"`
	Form          string    `json:"form"`
	DoseMg        float64   `json:"dose_mg"`
	Times         []string  `json:"times"`
	StartOn       string    `json:"start_on"`
	EndOn         string    `json:"end_on,omitempty"`
	Start         string    `json:"start,omitempty"`
	LowDose       []float64 `json:"low_dose,omitempty"`
	LastOpioidUse string    `json:"last_opioid_use,omitempty"`
	Override      string    `json:"override,omitempty"`
	Note          string    `json:"note,omitempty"`
}

// orderJSON is an order version as the API gives it.
type orderJSON struct {
	ID          string `json:"id"`
	SeriesID    string `json:"series_id"`
	Version     int    `json:"version"`
	ProgramID   string `json:"program_id"`
	ProgramName string `json:"program_name,omitempty"`
	orderFieldsJSON
	OrderedBy string    `json:"ordered_by"`
	OrderedAt time.Time `json:"ordered_at"`
}

func toOrderJSON(o *medication.Order, programName string) orderJSON {
	return orderJSON{ID: o.ID, SeriesID: o.SeriesID, Version: o.Version, ProgramID: o.ProgramID, ProgramName: programName,
		orderFieldsJSON: orderFieldsJSON{Kind: string(o.Kind), Form: string(o.Form), DoseMg: o.DoseMg, Times: nonNilStrings(o.Times),
			StartOn: o.StartOn.String(), EndOn: dateString(o.EndOn), Start: string(o.Start), LowDose: o.LowDose,
			LastOpioidUse: dateString(o.LastOpioidUse), Override: o.Override, Note: o.Note},
		OrderedBy: o.OrderedByName, OrderedAt: o.OrderedAt.UTC()}
}

type decisionJSON struct {
	ID              string          `json:"id"`
	SeriesID        string          `json:"series_id"`
	Days            int             `json:"days"`
	Change          string          `json:"change"`
	Reason          string          `json:"reason"`
	ReasonText      string          `json:"reason_text"`
	Criteria        map[string]bool `json:"criteria,omitempty"`
	Benefit         bool            `json:"benefit_outweighs_risk"`
	Note            string          `json:"note,omitempty"`
	ReviewOn        string          `json:"review_on"`
	DaysInTreatment int             `json:"days_in_treatment"`
	Ceiling         int             `json:"ceiling"`
	DecidedBy       string          `json:"decided_by"`
	DecidedAt       time.Time       `json:"decided_at"`
}

func toDecisionJSON(locale string, d *medication.Decision, withClinical bool) decisionJSON {
	out := decisionJSON{ID: d.ID, SeriesID: d.SeriesID, Days: d.Days, Change: string(d.Change), Reason: d.Reason,
		ReasonText: localizer(locale).Label("medreason", d.Reason), ReviewOn: d.ReviewOn.String(), DaysInTreatment: d.DaysInTreatment,
		Ceiling: d.Ceiling, DecidedBy: d.DecidedByName, DecidedAt: d.DecidedAt.UTC()}
	if withClinical {
		out.Criteria = map[string]bool{}
		for k, v := range d.Criteria {
			out.Criteria[string(k)] = v
		}
		out.Benefit, out.Note = d.Benefit, d.Note
	}
	return out
}

type supplyJSON struct {
	ID              string     `json:"id"`
	SeriesID        string     `json:"series_id"`
	Day             string     `json:"day"`
	Days            int        `json:"days"`
	ClosureDays     int        `json:"closure_days"`
	Bottles         int        `json:"bottles"`
	DoseMg          float64    `json:"dose_mg"`
	LastDay         string     `json:"last_day"`
	ReturnedBottles *int       `json:"returned_bottles,omitempty"`
	ReturnCheckedAt *time.Time `json:"return_checked_at,omitempty"`
	ReturnNote      string     `json:"return_note,omitempty"`
	ClientID        string     `json:"client_id,omitempty"`
}

func toSupplyJSON(d *medication.Dispense) supplyJSON {
	return supplyJSON{ID: d.ID, SeriesID: d.SeriesID, Day: d.Day.String(), Days: d.Days, ClosureDays: d.ClosureDays, Bottles: d.Bottles,
		DoseMg: d.DoseMg, LastDay: d.LastDay().String(), ReturnedBottles: d.ReturnedBottles, ReturnCheckedAt: d.ReturnCheckedAt,
		ReturnNote: d.ReturnNote, ClientID: d.ClientID}
}

func (s *Server) apiMedication(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	m, err := s.app.Medication(r.Context(), u, recovery.Date{})
	if err != nil {
		return err
	}
	locale := state(r).locale
	plans := make([]medPlanJSON, 0, len(m.Plans))
	for i := range m.Plans {
		plans = append(plans, toMedPlanJSON(&m.Plans[i]))
	}
	orders := make([]orderJSON, 0, len(m.Orders))
	for i := range m.Orders {
		orders = append(orders, toOrderJSON(&m.Orders[i].Order, m.Orders[i].ProgramName))
	}
	today := make([]slotJSON, 0, len(m.Today))
	for _, sl := range m.Today {
		today = append(today, toSlotJSON(sl))
	}
	takeHomes := make([]map[string]any, 0, len(m.TakeHomes))
	for _, th := range m.TakeHomes {
		item := map[string]any{"series_id": th.SeriesID, "program_name": th.ProgramName}
		if th.Decision != nil {
			item["decision"] = toDecisionJSON(locale, th.Decision, false)
		}
		if th.Supply != nil {
			item["supply"] = toSupplyJSON(th.Supply)
		}
		takeHomes = append(takeHomes, item)
	}
	notices := make([]map[string]string, 0, len(m.Notices))
	for _, n := range m.Notices {
		notices = append(notices, map[string]string{"code": string(n), "text": translate(locale, noticeText[n])})
	}
	writeJSON(w, http.StatusOK, map[string]any{"today": m.Clock.Today.String(), "plans": plans, "orders": orders, "doses_today": today,
		"adherence_7_days": toAdherenceJSON(m.Week), "adherence_30_days": toAdherenceJSON(m.Month), "take_homes": takeHomes,
		"notices": notices, "alert_missed": m.AlertMissed, "recent_doses": dosesJSON(m.Recent)})
	return nil
}

// noticeText is each safety notice's wording, for the API.
var noticeText = map[medication.Notice]string{
	medication.NoticeLostTolerance: "meds.notice_lost_tolerance",
	medication.NoticeCombination:   "meds.notice_combination",
}

func dateString(d *recovery.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
