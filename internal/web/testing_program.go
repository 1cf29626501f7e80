package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/drugtest"
)

// Drug testing as program staff do it (docs/testing.md): the day's tests
// and open disputes (GET /program/testing), one member's tests, schedule
// and this period's days (GET /program/enrolments/{id}/tests), recording
// a test or a confirmation, and the program's panel. The JSON twins are
// under /api/v1/programs/{program}.

// localInput is how a datetime-local input writes a moment.
const localInput = "2006-01-02T15:04"

type programTestingView struct {
	staffProgramsView
	*app.ProgramTesting
	Substances []string
	CanEdit    bool // program admins choose the panel
}

func (s *Server) programTestingPage(w http.ResponseWriter, r *http.Request) error {
	programs, err := s.chooseStaffProgram(r, r.URL.Query().Get("program"))
	if err != nil {
		return err
	}
	v := programTestingView{staffProgramsView: programs, Substances: drugtest.Substances,
		CanEdit: state(r).user.Role == onward.RoleProgramAdmin}
	if !programs.NotStaff {
		if v.ProgramTesting, err = s.app.ProgramTesting(r.Context(), state(r).user, programs.ProgramID); err != nil {
			return err
		}
	}
	return s.render(w, r, "program_testing", pageData{Title: "testing.testing", Data: v})
}

func (s *Server) testPanelSubmit(w http.ResponseWriter, r *http.Request) error {
	programID := r.PostForm.Get("program")
	if err := s.app.SaveTestPanel(r.Context(), state(r).user, programID, r.PostForm["panel"]); err != nil {
		if onward.ErrorCode(err) != onward.EINVALID {
			return err
		}
		programs, perr := s.chooseStaffProgram(r, programID)
		if perr != nil {
			return perr
		}
		v := programTestingView{staffProgramsView: programs, Substances: drugtest.Substances, CanEdit: true}
		if v.ProgramTesting, perr = s.app.ProgramTesting(r.Context(), state(r).user, programID); perr != nil {
			return perr
		}
		return s.renderForm(w, r, "program_testing", pageData{Title: "testing.testing", Data: v}, err)
	}
	return s.redirect(w, r, "/program/testing?program="+url.QueryEscape(programID), "testing.panel_saved")
}

type memberTestsView struct {
	ProgramID string
	*app.MemberTests
	Key       string // the idempotency key of this render's forms
	Now       string // the default collection time, in the viewer's time zone
	Specimens []string
	Settings  []string
	Results   []string
	Periods   []string
}

func testsURL(programID, enrolmentID string) string {
	return "/program/enrolments/" + url.PathEscape(enrolmentID) + "/tests?program=" + url.QueryEscape(programID)
}

func (s *Server) memberTestsData(r *http.Request) (pageData, error) {
	u := state(r).user
	programID := r.URL.Query().Get("program")
	if programID == "" {
		programID = r.PostForm.Get("program")
	}
	t, err := s.app.MemberTests(r.Context(), u, programID, r.PathValue("id"))
	if err != nil {
		return pageData{}, err
	}
	v := memberTestsView{ProgramID: programID, MemberTests: t, Key: auth.NewToken(""),
		Now:       s.now().In(location(u.TimeZone)).Format(localInput),
		Specimens: drugtest.Specimens, Settings: drugtest.Settings, Results: drugtest.Results, Periods: drugtest.Periods}
	return pageData{Heading: t.Enrolment.MemberName, Data: v}, nil
}

func (s *Server) memberTestsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.memberTestsData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "program_tests", data)
}

// memberTestsForm re-renders the page with a form's errors.
func (s *Server) memberTestsForm(w http.ResponseWriter, r *http.Request, err error) error {
	code := onward.ErrorCode(err)
	if code != onward.EINVALID && code != onward.ECONFLICT {
		return err
	}
	data, derr := s.memberTestsData(r)
	if derr != nil {
		return derr
	}
	return s.renderForm(w, r, "program_tests", data, err)
}

// testFromForm reads a test from the HTML form: one radio group per panel
// substance ("result_<substance>"), left at "not tested" for the ones not
// tested.
func testFromForm(form url.Values, loc *time.Location) (*drugtest.Test, error) {
	f := newFormReader(form)
	t := &drugtest.Test{Status: f.str("status"), Specimen: f.str("specimen"), Setting: f.str("setting"), Observed: f.checked("observed"),
		Key: f.str("key")}
	if v := f.str("collected_at"); v != "" {
		at, err := time.ParseInLocation(localInput, v, loc)
		if err != nil {
			f.errs.Add("collected_at", "testing.enter_when_collected")
		}
		t.CollectedAt = at
	}
	for _, sub := range drugtest.Substances {
		if v := f.str("result_" + sub); v != "" && v != "not_tested" {
			t.Results = append(t.Results, drugtest.Result{Substance: sub, Value: v})
		}
	}
	return t, f.errs.Err()
}

func (s *Server) recordTestSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	t, err := testFromForm(r.PostForm, location(u.TimeZone))
	if err == nil {
		_, err = s.app.RecordTest(r.Context(), u, programID, id, t)
	}
	if err != nil {
		return s.memberTestsForm(w, r, err)
	}
	return s.redirect(w, r, testsURL(programID, id)+"#tests", "testing.test_recorded")
}

func (s *Server) confirmTestSubmit(w http.ResponseWriter, r *http.Request) error {
	u := state(r).user
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	t, err := testFromForm(r.PostForm, location(u.TimeZone))
	if err == nil {
		_, err = s.app.ConfirmTest(r.Context(), u, programID, id, r.PathValue("test"), t)
	}
	if err != nil {
		return s.memberTestsForm(w, r, err)
	}
	return s.redirect(w, r, testsURL(programID, id)+"#tests", "testing.confirmation_recorded")
}

func (s *Server) testScheduleSubmit(w http.ResponseWriter, r *http.Request) error {
	programID, id := r.PostForm.Get("program"), r.PathValue("id")
	f := newFormReader(r.PostForm)
	freq := drugtest.Frequency{Count: f.int("count", 0), Per: f.str("per"), WeekdaysOnly: f.checked("weekdays_only")}
	err := f.errs.Err()
	if err == nil {
		err = s.app.SetTestSchedule(r.Context(), state(r).user, programID, id, freq)
	}
	if err != nil {
		return s.memberTestsForm(w, r, err)
	}
	return s.redirect(w, r, testsURL(programID, id)+"#schedule", "testing.schedule_saved")
}

// JSON.

type testResultJSON struct {
	Substance string `json:"substance"`
	Result    string `json:"result"`
	Expected  *bool  `json:"expected"`
}

type drugTestJSON struct {
	ID          string           `json:"id"`
	ProgramID   string           `json:"program_id"`
	Status      string           `json:"status"`
	Specimen    string           `json:"specimen,omitempty"`
	Observed    bool             `json:"observed"`
	Setting     string           `json:"setting,omitempty"`
	CollectedAt time.Time        `json:"collected_at"`
	Results     []testResultJSON `json:"results"`
	Prescribed  []string         `json:"prescribed"`
	Unexpected  bool             `json:"unexpected"`
	ConfirmsID  string           `json:"confirms_id,omitempty"`
	ConfirmedBy string           `json:"confirmed_by,omitempty"`
	DisputedAt  *time.Time       `json:"disputed_at,omitempty"`
	DisputeNote string           `json:"dispute_note,omitempty"`
	RecordedBy  string           `json:"recorded_by,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
}

func toDrugTestJSON(t *drugtest.Test) drugTestJSON {
	out := drugTestJSON{ID: t.ID, ProgramID: t.ProgramID, Status: t.Status, Specimen: t.Specimen, Observed: t.Observed, Setting: t.Setting,
		CollectedAt: t.CollectedAt.UTC(), Results: []testResultJSON{}, Prescribed: t.Prescribed, Unexpected: t.Unexpected(),
		ConfirmsID: t.ConfirmsID, ConfirmedBy: t.ConfirmedByID, DisputedAt: t.DisputedAt, DisputeNote: t.DisputeNote,
		RecordedBy: t.RecordedName, CreatedAt: t.CreatedAt.UTC()}
	for _, r := range t.Results {
		out.Results = append(out.Results, testResultJSON{Substance: r.Substance, Result: r.Value, Expected: r.Expected})
	}
	return out
}

func toDrugTestsJSON(tests []drugtest.Test) []drugTestJSON {
	out := make([]drugTestJSON, 0, len(tests))
	for i := range tests {
		out = append(out, toDrugTestJSON(&tests[i]))
	}
	return out
}

type testInputJSON struct {
	Status      string     `json:"status"`
	Specimen    string     `json:"specimen"`
	Observed    bool       `json:"observed"`
	Setting     string     `json:"setting"`
	CollectedAt *time.Time `json:"collected_at"`
	Results     []struct {
		Substance string `json:"substance"`
		Result    string `json:"result"`
	} `json:"results"`
	Key string `json:"key"`
}

func (in testInputJSON) test() *drugtest.Test {
	t := &drugtest.Test{Status: in.Status, Specimen: in.Specimen, Observed: in.Observed, Setting: in.Setting, Key: in.Key}
	if in.CollectedAt != nil {
		t.CollectedAt = *in.CollectedAt
	}
	for _, r := range in.Results {
		t.Results = append(t.Results, drugtest.Result{Substance: r.Substance, Value: r.Result})
	}
	return t
}

// createdStatus is 201 for a record made now and 200 for the same key
// sent again.
func createdStatus(created bool) int {
	if created {
		return http.StatusCreated
	}
	return http.StatusOK
}

func (s *Server) apiRecordTest(w http.ResponseWriter, r *http.Request) error {
	var in testInputJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t := in.test()
	created, err := s.app.RecordTest(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), t)
	if err != nil {
		return err
	}
	writeJSON(w, createdStatus(created), toDrugTestJSON(t))
	return nil
}

func (s *Server) apiConfirmTest(w http.ResponseWriter, r *http.Request) error {
	var in testInputJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t := in.test()
	created, err := s.app.ConfirmTest(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), r.PathValue("test"), t)
	if err != nil {
		return err
	}
	writeJSON(w, createdStatus(created), toDrugTestJSON(t))
	return nil
}

type testScheduleJSON struct {
	Count        int    `json:"count"`
	Per          string `json:"per"`
	WeekdaysOnly bool   `json:"weekdays_only"`
}

func (s *Server) apiMemberTests(w http.ResponseWriter, r *http.Request) error {
	t, err := s.app.MemberTests(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"))
	if err != nil {
		return err
	}
	body := map[string]any{"enrolment_id": t.Enrolment.ID, "panel": t.Panel, "shown": t.Shown, "medication_known": t.MedicationKnown}
	if t.Shown {
		body["tests"], body["due_today"] = toDrugTestsJSON(t.Tests), t.DueToday
		body["schedule"] = nil
		if t.Schedule != nil {
			body["schedule"] = testScheduleJSON{Count: t.Schedule.Count, Per: t.Schedule.Per, WeekdaysOnly: t.Schedule.WeekdaysOnly}
		}
		if t.Draw != nil {
			days := make([]string, 0, len(t.Draw.Days))
			for _, d := range t.Draw.Days {
				days = append(days, d.String())
			}
			body["period"] = map[string]any{"start": t.Draw.Period.Start.String(), "end": t.Draw.Period.End.String(), "days": days,
				"algorithm": t.Draw.Algorithm, "seed": t.Draw.Seed, "drawn_from": t.Draw.From.String()}
		}
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) apiSetTestSchedule(w http.ResponseWriter, r *http.Request) error {
	var in testScheduleJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := drugtest.Frequency{Count: in.Count, Per: in.Per, WeekdaysOnly: in.WeekdaysOnly}
	if err := s.app.SetTestSchedule(r.Context(), state(r).user, r.PathValue("program"), r.PathValue("id"), f); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiProgramTesting(w http.ResponseWriter, r *http.Request) error {
	t, err := s.app.ProgramTesting(r.Context(), state(r).user, r.PathValue("program"))
	if err != nil {
		return err
	}
	due := make([]map[string]string, 0, len(t.Due))
	for _, d := range t.Due {
		due = append(due, map[string]string{"enrolment_id": d.EnrolmentID, "name": d.Name})
	}
	disputes := make([]map[string]any, 0, len(t.Disputes))
	for _, d := range t.Disputes {
		disputes = append(disputes, map[string]any{"test_id": d.TestID, "enrolment_id": d.EnrolmentID, "name": d.MemberName,
			"collected_at": d.CollectedAt.UTC(), "disputed_at": d.DisputedAt.UTC()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"program_id": r.PathValue("program"), "panel": t.Panel, "due_today": due, "open_disputes": disputes})
	return nil
}

func (s *Server) apiSaveTestPanel(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Panel []string `json:"panel"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.app.SaveTestPanel(r.Context(), state(r).user, r.PathValue("program"), in.Panel); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// testCard is a test with the time zone to show its times in, for the
// "test_summary" template.
type testCard struct {
	drugtest.Test
	TZ            *time.Location
	CanBeDisputed bool
}

func testCards(tests []drugtest.Test, tz *time.Location, now time.Time) []testCard {
	out := make([]testCard, len(tests))
	for i, t := range tests {
		out[i] = testCard{Test: t, TZ: tz, CanBeDisputed: t.Disputable(now)}
	}
	return out
}

// Cards are the member's tests for the page.
func (v memberTestsView) Cards(tz *time.Location) []testCard {
	return testCards(v.Tests, tz, v.Clock.Now)
}
