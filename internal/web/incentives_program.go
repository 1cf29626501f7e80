package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/drugtest"
	"github.com/onward-recovery/onward/internal/export"
)

// Contingency management as program staff run it
// (docs/contingency-management.md): the program's funders and arms
// (GET /program/incentives), and one member's arm, earnings, draws and
// redemptions (GET /program/enrolments/{id}/incentives). The JSON twins
// are under /api/v1/programs/{program}.

type programIncentivesView struct {
	staffProgramsView
	*app.ProgramIncentives
	IsAdmin     bool
	IsClinician bool
	Targets     []contingency.Target
	Substances  []string
	Periods     []string
	Defaults    armDefaults
}

// armDefaults fill the form for a new arm with the classic schedules.
type armDefaults struct {
	Voucher contingency.Voucher
	Prize   contingency.Prize
	Cap     contingency.Cents
}

var defaultArm = armDefaults{Voucher: contingency.Higgins, Prize: contingency.Petry, Cap: contingency.DefaultAnnualCap}

// Tier returns the default bowl's tier of a name, for the form.
func (d armDefaults) Tier(name string) contingency.Tier {
	for _, t := range d.Prize.Bowl {
		if t.Name == name {
			return t
		}
	}
	return contingency.Tier{Name: name}
}

// TierNames lists the kinds of slip, for the form.
func (d armDefaults) TierNames() []string { return contingency.TierNames }

func (s *Server) programIncentivesData(r *http.Request, programID string) (pageData, error) {
	u := state(r).user
	programs, err := s.chooseStaffProgram(r, programID)
	if err != nil {
		return pageData{}, err
	}
	v := programIncentivesView{staffProgramsView: programs, IsAdmin: u.Role == onward.RoleProgramAdmin, IsClinician: u.Role == onward.RoleClinician,
		Targets: contingency.Targets, Substances: drugtest.Substances, Periods: drugtest.Periods, Defaults: defaultArm}
	if !programs.NotStaff {
		if v.ProgramIncentives, err = s.app.ProgramIncentives(r.Context(), u, programs.ProgramID); err != nil {
			return pageData{}, err
		}
	}
	return pageData{Title: "incentive.incentives", Data: v}, nil
}

func (s *Server) programIncentivesPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.programIncentivesData(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	return s.render(w, r, "program_incentives", data)
}

// programIncentivesForm answers a form of the page: back to it, or the
// page again with the form's errors.
func (s *Server) programIncentivesForm(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	programID := r.PostForm.Get("program")
	if err == nil {
		return s.redirect(w, r, "/program/incentives?program="+url.QueryEscape(programID), flash)
	}
	if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
		return err
	}
	data, derr := s.programIncentivesData(r, programID)
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "program_incentives", data, err)
}

// dollars reads an amount in dollars as cents, written either way the
// languages write it ("1,234.50", "1.234,50", "2,50", "$750"); empty is
// zero.
func (f *formReader) dollars(field string) contingency.Cents {
	v := decimalText(strings.TrimSpace(strings.TrimPrefix(f.str(field), "$")))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 || n > 1e7 {
		f.errs.Add(field, "incentive.enter_an_amount")
		return 0
	}
	return contingency.Cents(math.Round(n * 100))
}

// decimalText turns a number written with grouping and a decimal comma or
// point into Go's form. The last separator is the decimal one, unless it
// appears more than once ("1,000,000") or stands alone with three digits
// after it ("1.000"): then every separator is grouping.
func decimalText(v string) string {
	last := strings.LastIndexAny(v, ".,")
	if last < 0 {
		return v
	}
	decimal := strings.Count(v, v[last:last+1]) == 1 && (len(v)-last-1 != 3 || strings.ContainsAny(v[:last], ".,"))
	whole := strings.NewReplacer(".", "", ",", "").Replace(v[:last])
	if decimal {
		return whole + "." + v[last+1:]
	}
	return whole + v[last+1:]
}

func (s *Server) addFunderSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	funder := &contingency.Funder{Name: f.str("name"), AnnualCap: f.dollars("annual_cap_cents")}
	err := f.errs.Err()
	if err == nil {
		err = s.app.AddFunder(r.Context(), state(r).user, r.PostForm.Get("program"), funder)
	}
	return s.programIncentivesForm(w, r, err, "incentive.funder_added")
}

// armFromForm reads the form for a new arm. Amounts are in dollars on the
// form, in cents in the arm (the fields keep the arm's names, so the
// arm's field errors land on them).
func armFromForm(form url.Values) (*contingency.Arm, error) {
	f := newFormReader(form)
	arm := &contingency.Arm{Name: f.str("arm_name"), FunderID: f.str("funder"),
		Tests: drugtest.Frequency{Count: f.int("tests_count", 0), Per: f.str("tests_per"), WeekdaysOnly: f.checked("tests_weekdays_only")}}
	for _, t := range form["targets"] {
		arm.Targets = append(arm.Targets, contingency.Target(t))
	}
	arm.Substances = form["substances"]
	switch contingency.Kind(f.str("kind")) {
	case contingency.Vouchers:
		arm.Schedule = contingency.Schedule{Kind: contingency.Vouchers, Voucher: &contingency.Voucher{Start: f.dollars("start_cents"),
			Increment: f.dollars("increment_cents"), Bonus: f.dollars("bonus_cents"), BonusEvery: f.int("bonus_every", 0),
			Max: f.dollars("max_cents"), Reset: f.checked("reset"), RestoreAfter: f.int("restore_after", 0)}}
	case contingency.Prizes:
		p := &contingency.Prize{Start: f.int("start_draws", 0), Increment: f.int("increment_draws", 0), Every: f.int("every", 0),
			Max: f.int("max_draws", 0), Reset: f.checked("prize_reset")}
		for _, name := range contingency.TierNames {
			if slips := f.int("slips_"+name, 0); slips > 0 {
				p.Bowl = append(p.Bowl, contingency.Tier{Name: name, Slips: slips, Value: f.dollars("value_" + name)})
			}
		}
		arm.Schedule = contingency.Schedule{Kind: contingency.Prizes, Prize: p}
	}
	return arm, f.errs.Err()
}

func (s *Server) openArmSubmit(w http.ResponseWriter, r *http.Request) error {
	arm, err := armFromForm(r.PostForm)
	if err == nil {
		err = s.app.OpenArm(r.Context(), state(r).user, r.PostForm.Get("program"), arm)
	}
	// The page's funder form has a "name" too: the arm's is "arm_name".
	if e, ok := err.(*onward.Error); ok {
		if msg, ok := e.Fields["name"]; ok {
			delete(e.Fields, "name")
			e.Fields["arm_name"] = msg
		}
	}
	flash := "incentive.arm_opened"
	if err == nil && arm.Status == contingency.ArmAwaitingReview {
		flash = "incentive.arm_awaits_review"
	}
	return s.programIncentivesForm(w, r, err, flash)
}

func (s *Server) reviewArmSubmit(w http.ResponseWriter, r *http.Request) error {
	err := s.app.ReviewArm(r.Context(), state(r).user, r.PostForm.Get("program"), r.PathValue("arm"), r.PostForm.Get("note"))
	return s.programIncentivesForm(w, r, err, "incentive.arm_reviewed")
}

// One member.

type memberIncentivesView struct {
	ProgramID string
	*app.Incentives
	Key      string
	Today    string
	Forms    []string
	Outcomes []contingency.Target // targets of the arm staff record by hand
}

// incentivesCard is a member's earnings with one program for the
// "cm_earnings" template: the time zone to show times in, and where its
// draw buttons post.
type incentivesCard struct {
	*app.Incentives
	TZ         *time.Location
	CSRF       string
	DrawAction string // the draw's id is added
}

// Card is the member's earnings for the page.
func (v memberIncentivesView) Card(tz *time.Location, csrf string) incentivesCard {
	return incentivesCard{Incentives: v.Incentives, TZ: tz, CSRF: csrf,
		DrawAction: "/program/enrolments/" + url.PathEscape(v.EnrolmentID) + "/incentives/draws/"}
}

func incentivesURL(programID, enrolmentID string) string {
	return "/program/enrolments/" + url.PathEscape(enrolmentID) + "/incentives?program=" + url.QueryEscape(programID)
}

func (s *Server) memberIncentivesData(r *http.Request) (pageData, error) {
	u := state(r).user
	programID := r.URL.Query().Get("program")
	if programID == "" {
		programID = r.PostForm.Get("program")
	}
	inc, err := s.app.MemberIncentives(r.Context(), u, programID, r.PathValue("id"))
	if err != nil {
		return pageData{}, err
	}
	v := memberIncentivesView{ProgramID: programID, Incentives: inc, Key: auth.NewToken(""),
		Today: s.now().In(location(u.TimeZone)).Format("2006-01-02"), Forms: contingency.RedemptionForms}
	if inc.Arm != nil {
		for _, t := range inc.Arm.Targets {
			if t != contingency.NegativeTest {
				v.Outcomes = append(v.Outcomes, t)
			}
		}
	}
	return pageData{Heading: inc.MemberName, Data: v}, nil
}

func (s *Server) memberIncentivesPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.memberIncentivesData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_member_incentives", data)
}

// memberIncentivesForm answers a form of the member's page.
func (s *Server) memberIncentivesForm(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	if err == nil {
		return s.redirect(w, r, incentivesURL(programID, id), flash)
	}
	if code := onward.ErrorCode(err); code != onward.EINVALID && code != onward.ECONFLICT {
		return err
	}
	data, derr := s.memberIncentivesData(r)
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "program_member_incentives", data, err)
}

func (s *Server) joinArmSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id, armID := r.PostForm.Get("program"), r.PathValue("id"), r.PostForm.Get("arm")
	if armID == "" {
		return s.memberIncentivesForm(w, r, s.app.LeaveArm(r.Context(), state(r).user, programID, id), "incentive.left_arm")
	}
	return s.memberIncentivesForm(w, r, s.app.JoinArm(r.Context(), state(r).user, programID, id, armID), "incentive.joined_arm")
}

func (s *Server) outcomeSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	f := newFormReader(r.PostForm)
	var at time.Time
	if v := f.str("on"); v != "" {
		day, err := time.ParseInLocation("2006-01-02", v, location(u.TimeZone))
		if err != nil {
			f.errs.Add("on", "incentive.outcome_date")
		}
		at = day.Add(12 * time.Hour)
		if now := s.now(); at.After(now) && day.Before(now) {
			at = now
		}
	}
	met := f.yesNo("met")
	if met == nil {
		f.errs.Add("met", "incentive.met_or_not")
	}
	err := f.errs.Err()
	if err == nil {
		err = s.app.RecordTargetOutcome(r.Context(), u, r.PostForm.Get("program"), r.PathValue("id"), contingency.Target(f.str("target")),
			*met, at, f.str("key"))
	}
	return s.memberIncentivesForm(w, r, err, "incentive.outcome_recorded")
}

func (s *Server) redemptionSubmit(w http.ResponseWriter, r *http.Request) error {
	f := newFormReader(r.PostForm)
	red := &contingency.Redemption{Amount: f.dollars("amount_cents"), Form: f.str("form"), Item: f.str("item"), Key: f.str("key")}
	err := f.errs.Err()
	if err == nil {
		_, err = s.app.RecordRedemption(r.Context(), state(r).user, r.PostForm.Get("program"), r.PathValue("id"), red)
	}
	return s.memberIncentivesForm(w, r, err, "incentive.redemption_recorded")
}

func (s *Server) staffDrawSubmit(w http.ResponseWriter, r *http.Request) error {
	_, err := s.app.DrawPrizeFor(r.Context(), state(r).user, r.PostForm.Get("program"), r.PathValue("id"), r.PathValue("draw"))
	return s.memberIncentivesForm(w, r, err, "incentive.draw_made")
}

// JSON.

type armJSON struct {
	ID         string               `json:"id"`
	Name       string               `json:"name"`
	FunderID   string               `json:"funder_id"`
	Funder     string               `json:"funder"`
	Schedule   contingency.Schedule `json:"schedule"`
	Targets    []contingency.Target `json:"targets"`
	Substances []string             `json:"substances"`
	Tests      *testScheduleJSON    `json:"tests"`
	Status     string               `json:"status"`
	ReviewNote string               `json:"review_note,omitempty"`
	ReviewedAt *time.Time           `json:"reviewed_at,omitempty"`
	Members    int                  `json:"members"`
}

func toArmJSON(a *contingency.Arm) armJSON {
	out := armJSON{ID: a.ID, Name: a.Name, FunderID: a.FunderID, Funder: a.FunderName, Schedule: a.Schedule, Targets: a.Targets,
		Substances: a.Substances, Status: string(a.Status), ReviewNote: a.ReviewNote, ReviewedAt: a.ReviewedAt, Members: a.Members}
	if out.Substances == nil {
		out.Substances = []string{}
	}
	if a.Tests.Count > 0 {
		out.Tests = &testScheduleJSON{Count: a.Tests.Count, Per: a.Tests.Per, WeekdaysOnly: a.Tests.WeekdaysOnly}
	}
	return out
}

type funderJSON struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	AnnualCapCents contingency.Cents `json:"annual_cap_cents"`
}

func (s *Server) apiProgramIncentives(w http.ResponseWriter, r *http.Request) error {
	p, err := s.app.ProgramIncentives(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	funders := make([]funderJSON, 0, len(p.Funders))
	for _, f := range p.Funders {
		funders = append(funders, funderJSON{ID: f.ID, Name: f.Name, AnnualCapCents: f.AnnualCap})
	}
	arms := make([]armJSON, 0, len(p.Arms))
	for i := range p.Arms {
		arms = append(arms, toArmJSON(&p.Arms[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"funders": funders, "arms": arms})
	return nil
}

func (s *Server) apiAddFunder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name           string             `json:"name"`
		AnnualCapCents *contingency.Cents `json:"annual_cap_cents"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := &contingency.Funder{Name: in.Name, AnnualCap: contingency.DefaultAnnualCap}
	if in.AnnualCapCents != nil {
		f.AnnualCap = *in.AnnualCapCents
	}
	if err := s.app.AddFunder(r.Context(), state(r).user, r.PathValue("program"), f); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, funderJSON{ID: f.ID, Name: f.Name, AnnualCapCents: f.AnnualCap})
	return nil
}

func (s *Server) apiOpenArm(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name       string               `json:"name"`
		FunderID   string               `json:"funder_id"`
		Schedule   contingency.Schedule `json:"schedule"`
		Targets    []contingency.Target `json:"targets"`
		Substances []string             `json:"substances"`
		Tests      *testScheduleJSON    `json:"tests"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	arm := &contingency.Arm{Name: in.Name, FunderID: in.FunderID, Schedule: in.Schedule, Targets: in.Targets, Substances: in.Substances}
	if in.Tests != nil {
		arm.Tests = drugtest.Frequency{Count: in.Tests.Count, Per: in.Tests.Per, WeekdaysOnly: in.Tests.WeekdaysOnly}
	}
	if err := s.app.OpenArm(r.Context(), state(r).user, r.PathValue("program"), arm); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toArmJSON(arm))
	return nil
}

func (s *Server) apiReviewArm(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.ReviewArm(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("arm"), in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type nextJSON struct {
	Target     contingency.Target `json:"target"`
	Substances []string           `json:"substances,omitempty"`
	Waiting    bool               `json:"waiting_for_confirmation"`
	Value      contingency.Cents  `json:"value_cents"`
	Bonus      contingency.Cents  `json:"bonus_cents"`
	Draws      int                `json:"draws"`
}

func toIncentivesJSON(v *app.Incentives) map[string]any {
	out := map[string]any{"program_id": v.ProgramID, "program_name": v.ProgramName, "shown": v.Shown}
	if !v.Shown {
		return out
	}
	out["arm"] = nil
	if v.Arm != nil {
		out["arm"] = toArmJSON(v.Arm)
	}
	out["earned_cents"], out["redeemed_cents"], out["balance_cents"] = v.Earned, v.Redeemed, v.Balance
	out["cap"] = nil
	if c := v.Cap; c != nil {
		out["cap"] = map[string]any{"funder": c.Funder, "year": c.Year, "cap_cents": c.Cap, "awarded_cents": c.Awarded, "remaining_cents": c.Remaining}
	}
	next := make([]nextJSON, 0, len(v.Next))
	for _, n := range v.Next {
		next = append(next, nextJSON{Target: n.Target, Substances: n.Substances, Waiting: n.Waiting, Value: n.Next.Value, Bonus: n.Next.Bonus,
			Draws: n.Next.Draws})
	}
	out["next"] = next
	// The ledger and draws as in the member's export (internal/export).
	entries := make([]export.LedgerEntry, 0, len(v.Entries))
	for _, e := range v.Entries {
		entries = append(entries, export.LedgerEntryOf(e))
	}
	out["ledger"] = entries
	draws := make([]export.PrizeDraw, 0, len(v.Draws))
	for _, d := range v.Draws {
		draws = append(draws, export.PrizeDrawOf(d))
	}
	out["draws"], out["undrawn"] = draws, v.Undrawn
	return out
}

func (s *Server) apiMemberIncentives(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.MemberIncentives(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toIncentivesJSON(v))
	return nil
}

func (s *Server) apiSetArm(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ArmID *string `json:"arm_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, programID, id := state(r).user, r.PathValue("program"), r.PathValue("id")
	var err error
	if in.ArmID == nil || *in.ArmID == "" {
		err = s.app.LeaveArm(r.Context(), u, programID, id)
	} else {
		err = s.app.JoinArm(r.Context(), u, programID, id, *in.ArmID)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiRecordOutcome(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Target contingency.Target `json:"target"`
		Met    *bool              `json:"met"`
		At     *time.Time         `json:"at"`
		Key    string             `json:"key"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Met == nil {
		return onward.Invalid("met", "api.field_required")
	}
	var at time.Time
	if in.At != nil {
		at = *in.At
	}
	if err := s.app.RecordTargetOutcome(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), in.Target, *in.Met, at,
		in.Key); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiRecordRedemption(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		AmountCents contingency.Cents `json:"amount_cents"`
		Form        string            `json:"form"`
		Item        string            `json:"item"`
		Key         string            `json:"key"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	red := &contingency.Redemption{Amount: in.AmountCents, Form: in.Form, Item: in.Item, Key: in.Key}
	created, err := s.app.RecordRedemption(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), red)
	if err != nil {
		return err
	}
	w.WriteHeader(createdStatus(created))
	return nil
}

func (s *Server) apiStaffDraw(w http.ResponseWriter, r *http.Request) error {
	d, err := s.app.DrawPrizeFor(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), r.PathValue("draw"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, export.PrizeDrawOf(*d))
	return nil
}
