package web

import (
	"context"
	csvpkg "encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// careEnv is a program with a clinician and an admin, and members enrolled
// under consents covering the given categories, with the clinician as
// their care team.
type careEnv struct {
	*testEnv
	program          string
	clinician, admin *onward.User
	members          []*onward.User
	enrolments       []string
}

func newCareEnv(t *testing.T, n int, categories ...onward.Category) *careEnv {
	t.Helper()
	e := newEnv(t)
	var program string
	for _, id := range e.seedDirectory() {
		program = id
		break
	}
	c := &careEnv{testEnv: e, program: program}
	c.clinician = e.addStaffUser("lee@example.com", onward.RoleClinician, program)
	c.admin = e.addStaffUser("adam@example.com", onward.RoleProgramAdmin, program)
	if len(categories) == 0 {
		categories = []onward.Category{onward.CategoryCheckins, onward.CategoryTreatment}
	}
	ctx := context.Background()
	for i := range n {
		m := e.addUser(fmt.Sprintf("member%02d@example.com", i), onward.RoleMember)
		c.members = append(c.members, m)
		err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
			consent := &onward.ProgramConsent{MemberID: m.ID, ProgramID: program, Categories: categories, Purpose: onward.PurposeTreatment,
				PatientName: "Member", Signature: "Member", UntilEndOfTreatment: true}
			if err := tx.CreateProgramConsent(ctx, consent); err != nil {
				return err
			}
			id, err := tx.RequestEnrolment(ctx, program, m.ID, consent.ID)
			if err != nil {
				return err
			}
			if err := tx.SetEnrolmentStatus(ctx, program, id, onward.EnrolmentRequested, onward.EnrolmentActive, ""); err != nil {
				return err
			}
			c.enrolments = append(c.enrolments, id)
			return tx.SetCareTeam(ctx, program, id, []string{c.clinician.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	e.clock.advance(time.Minute)
	return c
}

func (c *careEnv) signedIn(u *onward.User) *client {
	cl := c.newClient()
	cl.signIn(u)
	return cl
}

// apiCSRF sends a JSON request with the session cookie and its CSRF header.
func (cl *client) apiCSRF(method, path, body string) response {
	cl.env.t.Helper()
	req, _ := http.NewRequest(method, cl.env.srv.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-CSRF-Token", cl.csrf())
	return cl.do(req)
}

func auditEntries(t *testing.T, e *testEnv, subjectID string) int {
	t.Helper()
	log, err := e.store.AccessByOthers(context.Background(), subjectID, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

func TestContinuumRouteAccess(t *testing.T) {
	c := newCareEnv(t, 1)
	other := c.addStaffUser("olga@example.com", onward.RoleProgramAdmin, c.seedOther(t))
	member := c.members[0]
	clients := map[string]*client{"visitor": c.newClient(), "member": c.signedIn(member), "clinician": c.signedIn(c.clinician),
		"admin": c.signedIn(c.admin), "other program's admin": c.signedIn(other)}
	p := "?program=" + c.program
	api := "/api/v1/programs/" + c.program
	tests := []struct {
		path string
		want map[string]int
	}{
		{"/program/sessions" + p, map[string]int{"visitor": 303, "member": 403, "clinician": 200, "admin": 200, "other program's admin": 403}},
		{"/program/sessions/new" + p, map[string]int{"visitor": 303, "member": 403, "clinician": 200, "admin": 200, "other program's admin": 403}},
		{"/program/care-settings" + p, map[string]int{"visitor": 303, "member": 403, "clinician": 200, "admin": 200, "other program's admin": 403}},
		{"/program/reports" + p, map[string]int{"visitor": 303, "member": 403, "clinician": 403, "admin": 200, "other program's admin": 403}},
		{"/program/reports.csv" + p, map[string]int{"visitor": 303, "member": 403, "clinician": 403, "admin": 200, "other program's admin": 403}},
		{"/care", map[string]int{"visitor": 303, "member": 200, "clinician": 403, "admin": 403, "other program's admin": 403}},
		{"/calendar/cal_nothing.ics", map[string]int{"visitor": 404, "member": 404, "clinician": 404, "admin": 404, "other program's admin": 404}},
		{"/api/v1/care", map[string]int{"visitor": 401, "member": 200, "clinician": 403, "admin": 403}},
		{api + "/sessions", map[string]int{"visitor": 401, "member": 403, "clinician": 200, "admin": 200, "other program's admin": 403}},
		{api + "/care-settings", map[string]int{"visitor": 401, "member": 403, "clinician": 200, "admin": 200, "other program's admin": 403}},
		{api + "/reports", map[string]int{"visitor": 401, "member": 403, "clinician": 403, "admin": 200, "other program's admin": 403}},
		{api + "/enrolments/" + c.enrolments[0] + "/episode", map[string]int{"visitor": 401, "member": 403, "clinician": 200, "admin": 200,
			"other program's admin": 403}},
	}
	for _, tc := range tests {
		for who, want := range tc.want {
			t.Run(tc.path+"/"+who, func(t *testing.T) {
				res := clients[who].get(tc.path)
				if res.status != want {
					t.Fatalf("%s GET %s: %d, want %d\n%s", who, tc.path, res.status, want, truncate(res.body))
				}
			})
		}
	}
}

// seedOther returns a second program of the directory.
func (c *careEnv) seedOther(t *testing.T) string {
	t.Helper()
	list, err := c.store.ProgramsWithStaff(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, p := range list {
		ids[p.ID] = true
	}
	for _, id := range c.seedIDs(t) {
		if id != c.program && !ids[id] {
			return id
		}
	}
	t.Fatal("no second program")
	return ""
}

func (c *careEnv) seedIDs(t *testing.T) []string {
	var out []string
	rows, err := c.store.DB().Query("SELECT id FROM programs ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

var sessionLinkRe = regexp.MustCompile(`/program/sessions/([0-9a-f-]{36})\?`)

func TestGroupSessionAndAttendance(t *testing.T) {
	c := newCareEnv(t, 3)
	lee := c.signedIn(c.clinician)
	// Saturday 21 November 2026, 09:01 in Chicago; the group is at 11:00.
	form := url.Values{"program": {c.program}, "client_id": {"form-1"}, "format": {"group"}, "kind": {"relapse_prevention"},
		"day": {"2026-11-21"}, "time": {"11:00"}, "minutes": {"90"}, "location": {"Room 2"}, "leader": {c.clinician.ID},
		"members": c.enrolments, "weeks": {"1"}}
	res := lee.post("/program/sessions", form)
	wantStatus(t, res, http.StatusSeeOther)
	m := sessionLinkRe.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("redirected to %q", res.header.Get("Location"))
	}
	sessionID := m[1]
	t.Run("DoubleSubmitSchedulesOnce", func(t *testing.T) {
		again := lee.post("/program/sessions", form)
		wantStatus(t, again, http.StatusSeeOther)
		if !strings.Contains(again.header.Get("Location"), sessionID) {
			t.Fatalf("the second submit went to %q", again.header.Get("Location"))
		}
		list := decodeJSONBody[struct{ Sessions []sessionJSON }](t, lee.get("/api/v1/programs/"+c.program+"/sessions"))
		if len(list.Sessions) != 1 || list.Sessions[0].MemberCount != 3 {
			t.Fatalf("sessions %+v", list.Sessions)
		}
	})
	page := sessionURL(c.program, sessionID)
	wantBody(t, lee.get(page), "Group session: Relapse prevention", "member00", "member02", "Attendance can be recorded once")
	attendance := url.Values{"program": {c.program}, "attendance." + c.enrolments[0]: {"attended"}, "attendance." + c.enrolments[1]: {"late"},
		"attendance." + c.enrolments[2]: {"missed"}}
	t.Run("NotBeforeItIsHeld", func(t *testing.T) {
		res := lee.post("/program/sessions/"+sessionID+"/attendance", attendance)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "has not started yet")
		attendance.Del("csrf") // the next browser has its own
	})
	c.clock.advance(3 * time.Hour)
	lee = c.signedIn(c.clinician) // staff sessions end after 30 idle minutes
	before := auditEntries(t, c.testEnv, c.members[0].ID)
	t.Run("TheWholeGroupAtOnce", func(t *testing.T) {
		wantStatus(t, lee.post("/program/sessions/"+sessionID+"/attendance", attendance), http.StatusSeeOther)
		v := decodeJSONBody[sessionJSON](t, lee.get("/api/v1/programs/"+c.program+"/sessions/"+sessionID))
		got := map[string]string{}
		for _, p := range v.Members {
			got[p.EnrolmentID] = p.Attendance
		}
		if got[c.enrolments[0]] != "attended" || got[c.enrolments[1]] != "late" || got[c.enrolments[2]] != "missed" {
			t.Fatalf("attendance %v", got)
		}
		if n := auditEntries(t, c.testEnv, c.members[0].ID) - before; n < 2 {
			t.Fatalf("%d audit entries for the member, want the write and the read", n)
		}
	})
	t.Run("BadMarks", func(t *testing.T) {
		res := lee.post("/program/sessions/"+sessionID+"/attendance", url.Values{"program": {c.program}, "attendance." + c.enrolments[0]: {"asleep"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Choose attended, late, missed or excused")
		res = lee.apiCSRF("PUT", "/api/v1/programs/"+c.program+"/sessions/"+sessionID+"/attendance",
			`{"attendance":[{"enrolment_id":"0190f5c2-0000-7000-8000-000000000001","attendance":"attended"}]}`)
		wantStatus(t, res, http.StatusBadRequest)
	})
	t.Run("TheMemberSeesIt", func(t *testing.T) {
		mc := c.signedIn(c.members[1])
		care := decodeJSONBody[struct{ Episodes []careEpisodeJSON }](t, mc.get("/api/v1/care"))
		// Late counts: the 90 minutes are in this week's hours.
		if len(care.Episodes) != 1 || care.Episodes[0].ThisWeek.Attended != 1.5 || care.Episodes[0].ThisWeek.Start != "2026-11-16" {
			t.Fatalf("care %+v", care.Episodes)
		}
	})
	t.Run("CancelOnlyAhead", func(t *testing.T) {
		res := lee.post("/program/sessions/"+sessionID+"/cancel", url.Values{"program": {c.program}})
		wantStatus(t, res, http.StatusConflict)
	})
}

func TestSessionAPIBadInput(t *testing.T) {
	c := newCareEnv(t, 2)
	noTreatment := newCareEnvMember(t, c, onward.CategoryCheckins)
	lee := c.signedIn(c.clinician)
	path := "/api/v1/programs/" + c.program + "/sessions"
	good := func(change string) string {
		body := map[string]any{"format": "group", "kind": "cbt", "starts_at": "2026-11-23T18:00:00-06:00", "minutes": 90,
			"enrolment_ids": c.enrolments}
		var extra map[string]any
		json.Unmarshal([]byte(change), &extra)
		for k, v := range extra {
			body[k] = v
		}
		b, _ := json.Marshal(body)
		return string(b)
	}
	tests := []struct {
		name, change, field string
	}{
		{"UnknownKind", `{"kind":"hypnosis"}`, "kind"},
		{"UnknownFormat", `{"format":"webinar"}`, "format"},
		{"BadTime", `{"starts_at":"tomorrow"}`, "starts_at"},
		{"TooLong", `{"minutes":900}`, "minutes"},
		{"IndividualForTwo", `{"format":"individual"}`, "members"},
		{"NobodyShares", `{"enrolment_ids":["` + noTreatment + `"]}`, "members"},
		{"TooManyWeeks", `{"weeks":30}`, "weeks"},
		{"UnknownTimeZone", `{"time_zone":"Mars/Base"}`, "time_zone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := lee.apiCSRF("POST", path, good(tc.change))
			wantStatus(t, res, http.StatusBadRequest)
			body := decodeJSONBody[apiErrorBody](t, res)
			if body.Error.Fields[tc.field] == "" {
				t.Fatalf("no message on %s: %+v", tc.field, body.Error)
			}
		})
	}
	t.Run("UnknownField", func(t *testing.T) {
		wantStatus(t, lee.apiCSRF("POST", path, good(`{"colour":"red"}`)), http.StatusBadRequest)
	})
	t.Run("WeeklyAndReplay", func(t *testing.T) {
		body := good(`{"weeks":3,"client_id":"app-7","time_zone":"America/Chicago"}`)
		res := lee.apiCSRF("POST", path, body)
		wantStatus(t, res, http.StatusCreated)
		first := decodeJSONBody[struct{ Sessions []sessionJSON }](t, res)
		again := lee.apiCSRF("POST", path, body)
		wantStatus(t, again, http.StatusOK)
		second := decodeJSONBody[struct{ Sessions []sessionJSON }](t, again)
		if len(first.Sessions) != 3 || len(second.Sessions) != 3 || first.Sessions[2].ID != second.Sessions[2].ID {
			t.Fatalf("first %+v, replay %+v", first.Sessions, second.Sessions)
		}
		if first.Sessions[2].StartsAt.Sub(first.Sessions[0].StartsAt) != 14*24*time.Hour {
			t.Errorf("weekly sessions at %v and %v", first.Sessions[0].StartsAt, first.Sessions[2].StartsAt)
		}
		res = lee.apiCSRF("PUT", path+"/"+first.Sessions[0].ID+"/attendance", `{"attendance":[{"enrolment_id":"`+c.enrolments[0]+`","attendance":"attended"}]}`)
		wantStatus(t, res, http.StatusConflict)
		wantStatus(t, lee.apiCSRF("POST", path+"/"+first.Sessions[1].ID+"/cancel", ""), http.StatusNoContent)
		wantStatus(t, lee.apiCSRF("POST", path+"/"+first.Sessions[1].ID+"/cancel", ""), http.StatusConflict)
		res = lee.apiCSRF("PUT", path+"/"+first.Sessions[1].ID+"/attendance", `{"attendance":[{"enrolment_id":"`+c.enrolments[0]+`","attendance":"attended"}]}`)
		wantStatus(t, res, http.StatusConflict)
	})
}

// newCareEnvMember enrols one more member whose consent covers only the
// given categories and returns the enrolment.
func newCareEnvMember(t *testing.T, c *careEnv, categories ...onward.Category) string {
	t.Helper()
	ctx := context.Background()
	m := c.addUser("limited@example.com", onward.RoleMember)
	var id string
	err := c.store.Write(ctx, func(tx *sqlstore.Tx) error {
		consent := &onward.ProgramConsent{MemberID: m.ID, ProgramID: c.program, Categories: categories, Purpose: onward.PurposeTreatment,
			PatientName: "Lim", Signature: "Lim", UntilEndOfTreatment: true}
		if err := tx.CreateProgramConsent(ctx, consent); err != nil {
			return err
		}
		var err error
		if id, err = tx.RequestEnrolment(ctx, c.program, m.ID, consent.ID); err != nil {
			return err
		}
		return tx.SetEnrolmentStatus(ctx, c.program, id, onward.EnrolmentRequested, onward.EnrolmentActive, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestEpisodeChangesAndTheMembersView(t *testing.T) {
	c := newCareEnv(t, 1)
	lee := c.signedIn(c.clinician)
	api := "/api/v1/programs/" + c.program + "/enrolments/" + c.enrolments[0]
	move := `{"level":"intensive_outpatient","start":"2026-11-02"}`
	res := lee.apiCSRF("POST", api+"/segments", move)
	wantStatus(t, res, http.StatusOK)
	if ep := decodeJSONBody[episodeJSON](t, res); ep.Current == nil || ep.Current.Level != "intensive_outpatient" || ep.Current.ASAM != "2.1" {
		t.Fatalf("episode %+v", ep)
	}
	t.Run("DoubleSubmitRecordsOnce", func(t *testing.T) {
		ep := decodeJSONBody[episodeJSON](t, lee.apiCSRF("POST", api+"/segments", move))
		if len(ep.Segments) != 1 {
			t.Fatalf("segments %+v", ep.Segments)
		}
	})
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"UnknownLevel", `{"level":"spa","start":"2026-11-10"}`, 400, "level"},
		{"FutureStart", `{"level":"outpatient","start":"2026-12-10"}`, 400, "start"},
		{"BadDate", `{"level":"outpatient","start":"10/11/2026"}`, 400, "start"},
		{"BeforeCurrent", `{"level":"outpatient","start":"2026-11-01"}`, 400, "start"},
		{"Overlapping", `{"level":"residential_high","start":"2026-11-01","end":"2026-11-05","end_reason":"completed"}`, 409, ""},
		{"EndWithoutReason", `{"level":"residential_high","start":"2026-10-01","end":"2026-10-05"}`, 400, "end_reason"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := lee.apiCSRF("POST", api+"/segments", tc.body)
			wantStatus(t, res, tc.status)
			if tc.field != "" && decodeJSONBody[apiErrorBody](t, res).Error.Fields[tc.field] == "" {
				t.Fatalf("no message on %s:\n%s", tc.field, res.body)
			}
		})
	}
	t.Run("PastLevelAndPlan", func(t *testing.T) {
		wantStatus(t, lee.apiCSRF("POST", api+"/segments", `{"level":"residential_high","start":"2026-10-01","end":"2026-11-02","end_reason":"completed"}`), http.StatusOK)
		res := lee.apiCSRF("PUT", api+"/episode", `{"next_level":"outpatient","age_group":"26_34"}`)
		wantStatus(t, res, http.StatusOK)
		ep := decodeJSONBody[episodeJSON](t, res)
		if len(ep.Segments) != 2 || ep.Segments[0].Level != "residential_high" || ep.NextLevel != "outpatient" {
			t.Fatalf("episode %+v", ep)
		}
		wantStatus(t, lee.apiCSRF("PUT", api+"/episode", `{"age_group":"40"}`), http.StatusBadRequest)
	})
	t.Run("OnlyTheCareTeam", func(t *testing.T) {
		admin := c.signedIn(c.admin)
		wantStatus(t, admin.apiCSRF("POST", api+"/segments", `{"level":"outpatient","start":"2026-11-20"}`), http.StatusForbidden)
	})
	t.Run("TheMemberSeesWhereTheyAreAndWhatIsNext", func(t *testing.T) {
		mc := c.signedIn(c.members[0])
		wantBody(t, mc.get("/care"), "Where you are", "Intensive outpatient (ASAM 2.1)", "What comes next", "Outpatient (ASAM 1)",
			"This week: 0 of 9 hours")
	})
	t.Run("TheEnrolmentPageShowsTheEpisode", func(t *testing.T) {
		wantBody(t, lee.get(enrolmentURL(c.program, c.enrolments[0])), "Treatment episode", "Residential, high intensity (ASAM 3.5)",
			"Treatment completed", "Change the level of care")
		res := lee.post("/program/enrolments/"+c.enrolments[0]+"/segments", url.Values{"program": {c.program}, "level": {"outpatient"},
			"start": {"2026-11-01"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "A new level starts after the current one")
	})
}

func TestCaseloadFlagsAttendanceBelowExpected(t *testing.T) {
	c := newCareEnv(t, 1)
	lee := c.signedIn(c.clinician)
	api := "/api/v1/programs/" + c.program
	// Intensive outpatient from Tuesday 17 November: the week it started in
	// is not measured. One three-hour group on Monday 23 November: 3 of the
	// 9 hours the level expects in the week of 23 to 29 November.
	wantStatus(t, lee.apiCSRF("POST", api+"/enrolments/"+c.enrolments[0]+"/segments", `{"level":"intensive_outpatient","start":"2026-11-17"}`), http.StatusOK)
	res := lee.apiCSRF("POST", api+"/sessions", `{"format":"group","kind":"cbt","starts_at":"2026-11-23T18:00:00-06:00","minutes":180,
		"enrolment_ids":["`+c.enrolments[0]+`"]}`)
	wantStatus(t, res, http.StatusCreated)
	id := decodeJSONBody[struct{ Sessions []sessionJSON }](t, res).Sessions[0].ID
	c.clock.advance(3 * 24 * time.Hour) // Tuesday 24 November
	lee = c.signedIn(c.clinician)
	wantStatus(t, lee.apiCSRF("PUT", api+"/sessions/"+id+"/attendance", `{"attendance":[{"enrolment_id":"`+c.enrolments[0]+`","attendance":"attended"}]}`),
		http.StatusOK)
	flags := func() []caseloadFlagJSON {
		var body struct{ Members []caseloadRowJSON }
		body = decodeJSONBody[struct{ Members []caseloadRowJSON }](t, lee.get("/api/v1/programs/"+c.program+"/caseload"))
		return body.Members[0].Flags
	}
	for _, f := range flags() {
		if f.Code == "attendance_below" {
			t.Fatalf("flagged during the week itself: %+v", f)
		}
	}
	c.clock.advance(7 * 24 * time.Hour) // the week of 23 to 29 November is over
	lee = c.signedIn(c.clinician)
	var found *caseloadFlagJSON
	for _, f := range flags() {
		if f.Code == "attendance_below" {
			found = &f
		}
	}
	if found == nil || found.Label != "Attended 3 of 9 expected hours of sessions last week" {
		t.Fatalf("flags %+v", flags())
	}
	wantBody(t, lee.get("/program/caseload?program="+c.program), "Attended 3 of 9 expected hours")
}

func TestCalendarLink(t *testing.T) {
	c := newCareEnv(t, 1)
	lee := c.signedIn(c.clinician)
	res := lee.apiCSRF("POST", "/api/v1/programs/"+c.program+"/sessions", `{"format":"individual","kind":"dbt","starts_at":"2026-11-25T10:00:00-06:00",
		"minutes":60,"location":"Room 4, upstairs","enrolment_ids":["`+c.enrolments[0]+`"]}`)
	wantStatus(t, res, http.StatusCreated)
	mc := c.signedIn(c.members[0])
	linkRe := regexp.MustCompile(`value="(http://onward\.test/calendar/[^"]+\.ics)"`)
	page := mc.post("/care/calendar", url.Values{})
	wantStatus(t, page, http.StatusOK)
	m := linkRe.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no link on the page:\n%s", truncate(page.body))
	}
	feedPath := strings.TrimPrefix(m[1], "http://onward.test")
	feed := c.newClient().get(feedPath)
	wantStatus(t, feed, http.StatusOK)
	if ct := feed.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	wantBody(t, feed, "BEGIN:VCALENDAR\r\n", "SUMMARY:Appointment\r\n", "DTSTART:20261125T160000Z\r\n", "STATUS:CONFIRMED")
	for _, secret := range []string{"DBT", "Dialectical", "Room 4", "LOCATION"} {
		if strings.Contains(feed.body, secret) {
			t.Errorf("the feed without details shows %q", secret)
		}
	}
	t.Run("WithDetails", func(t *testing.T) {
		page := mc.post("/care/calendar", url.Values{"details": {"1"}})
		newPath := strings.TrimPrefix(linkRe.FindStringSubmatch(page.body)[1], "http://onward.test")
		wantStatus(t, c.newClient().get(feedPath), http.StatusNotFound)
		wantBody(t, c.newClient().get(newPath), "Individual session: Dialectical behaviour therapy (DBT)", "LOCATION:Room 4\\, upstairs")
		var body struct{ URL string }
		res := mc.apiCSRF("POST", "/api/v1/calendar-link", `{"details":false}`)
		wantStatus(t, res, http.StatusCreated)
		body = decodeJSONBody[struct{ URL string }](t, res)
		wantStatus(t, c.newClient().get(newPath), http.StatusNotFound)
		wantStatus(t, mc.apiCSRF("DELETE", "/api/v1/calendar-link", ""), http.StatusNoContent)
		wantStatus(t, c.newClient().get(strings.TrimPrefix(body.URL, "http://onward.test")), http.StatusNotFound)
	})
}

func TestReportsSuppressAndDownload(t *testing.T) {
	c := newCareEnv(t, 12)
	lee, admin := c.signedIn(c.clinician), c.signedIn(c.admin)
	api := "/api/v1/programs/" + c.program
	for _, id := range c.enrolments {
		wantStatus(t, lee.apiCSRF("POST", api+"/enrolments/"+id+"/segments", `{"level":"outpatient","start":"2026-10-01"}`), http.StatusOK)
	}
	// Eleven discharged as completed, one moved away.
	for i, id := range c.enrolments {
		reason := "completed"
		if i == 11 {
			reason = "moved"
		}
		wantStatus(t, lee.apiCSRF("POST", api+"/enrolments/"+id+"/discharge", `{"reason":"`+reason+`"}`), http.StatusNoContent)
	}
	res := admin.get(api + "/reports?from=2026-01-01&to=2026-11-21")
	wantStatus(t, res, http.StatusOK)
	var rep struct {
		Members  reportValueJSON
		Sections []reportSectionJSON
	}
	rep = decodeJSONBody[struct {
		Members  reportValueJSON
		Sections []reportSectionJSON
	}](t, res)
	if rep.Members.Value == nil || *rep.Members.Value != 12 {
		t.Fatalf("members %+v", rep.Members)
	}
	status := map[string]string{}
	for _, s := range rep.Sections {
		status[s.ID] = s.Status
		if s.ID != "discharges" {
			continue
		}
		for _, r := range s.Rows {
			if (r.Key == "completed" || r.Key == "moved") && !r.Values[0].Suppressed {
				t.Errorf("%s is shown: 11 completed and 1 moved give each other away", r.Key)
			}
			if r.Key == "other" && (r.Values[0].Suppressed || *r.Values[0].Value != 0) {
				t.Errorf("a zero is hidden: %+v", r.Values[0])
			}
		}
	}
	if status["assessments"] != "ready" || status["negative_tests"] != "ready" || status["cm_spend"] != "ready" || status["retention"] != "ready" ||
		status["first_dose"] != "ready" || status["medication_continuity"] != "ready" {
		t.Errorf("statuses %v", status)
	}
	page := admin.get("/program/reports?program=" + c.program)
	wantBody(t, page, "<svg", `role="img"`, "Discharge reasons", "Days from admission to the first dose", "fewer than 11", "Download as CSV")
	csv := admin.get("/program/reports.csv?program=" + c.program + "&from=2026-01-01&to=2026-11-21")
	wantStatus(t, csv, http.StatusOK)
	if !strings.HasPrefix(csv.body, "section,section_label,stratum,row,row_label,measure,measure_label,value,suppressed\n") ||
		!strings.Contains(csv.body, "discharges,Discharge reasons,,completed,Treatment completed,members,Members,,true\n") ||
		!strings.Contains(csv.body, "first_dose,Days from admission to the first dose,,none_yet,No dose yet,members,Members,0,false\n") ||
		!strings.Contains(csv.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV:\n%s", csv.body)
	}
	t.Run("TheAPIGivesTheSameCSV", func(t *testing.T) {
		tok := createAPIToken(t, c.testEnv, c.admin)
		res := c.newClient().apiAccept(api+"/reports?from=2026-01-01&to=2026-11-21", tok, "text/csv, application/json;q=0.5")
		wantStatus(t, res, http.StatusOK)
		if res.body != csv.body {
			t.Fatalf("the API's CSV differs from the page's:\n%s\n---\n%s", res.body, csv.body)
		}
		lines := map[string]string{} // section, stratum, row, measure → value, or "suppressed"
		records, err := csvpkg.NewReader(strings.NewReader(res.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range records[1:] {
			value := f[7]
			if f[8] == "true" {
				value = "suppressed"
			}
			lines[f[0]+"/"+f[2]+"/"+f[3]+"/"+f[5]] = value
		}
		compared := 0
		for _, s := range rep.Sections {
			for _, r := range s.Rows {
				for i, v := range r.Values {
					want := "suppressed"
					if !v.Suppressed {
						want = strconv.FormatFloat(*v.Value, 'f', -1, 64)
					}
					key := s.ID + "/" + r.Stratum + "/" + r.Key + "/" + s.Columns[i].ID
					if lines[key] != want {
						t.Errorf("%s: CSV %q, JSON %q", key, lines[key], want)
					}
					compared++
				}
			}
		}
		if compared < 20 {
			t.Fatalf("only %d figures compared", compared)
		}
	})
	t.Run("BadFilters", func(t *testing.T) {
		wantStatus(t, admin.get(api+"/reports?from=2026-11-01&to=2026-10-01"), http.StatusBadRequest)
		wantStatus(t, admin.get(api+"/reports?from=yesterday"), http.StatusBadRequest)
		wantStatus(t, admin.get(api+"/reports?level=spa"), http.StatusBadRequest)
		wantStatus(t, admin.get(api+"/reports?clinician=nobody"), http.StatusBadRequest)
		page := admin.get("/program/reports?program=" + c.program + "&from=2026-11-01&to=2026-10-01")
		wantStatus(t, page, http.StatusBadRequest)
		wantBody(t, page, "cannot be before its start")
	})
}

func TestCareSettings(t *testing.T) {
	c := newCareEnv(t, 0)
	admin, lee := c.signedIn(c.admin), c.signedIn(c.clinician)
	api := "/api/v1/programs/" + c.program + "/care-settings"
	set := decodeJSONBody[careSettingsJSON](t, lee.get(api))
	if set.HoursPerWeek["intensive_outpatient"] != 9 || set.HoursPerWeek["partial_hospitalization"] != 20 || set.RetentionGapDays != 30 {
		t.Fatalf("defaults %+v", set)
	}
	wantStatus(t, lee.apiCSRF("PUT", api, `{"retention_gap_days":14}`), http.StatusForbidden)
	res := admin.apiCSRF("PUT", api, `{"hours_per_week":{"outpatient":2.5},"retention_gap_days":14}`)
	wantStatus(t, res, http.StatusOK)
	if set := decodeJSONBody[careSettingsJSON](t, res); set.HoursPerWeek["outpatient"] != 2.5 || set.RetentionGapDays != 14 || set.HoursPerWeek["intensive_outpatient"] != 9 {
		t.Fatalf("saved %+v", set)
	}
	for _, bad := range []string{`{"hours_per_week":{"outpatient":2.3}}`, `{"hours_per_week":{"spa":2}}`, `{"retention_gap_days":400}`,
		`{"hours_per_week":{"outpatient":-1}}`} {
		wantStatus(t, admin.apiCSRF("PUT", api, bad), http.StatusBadRequest)
	}
	res = admin.post("/program/care-settings", url.Values{"program": {c.program}, "hours_outpatient": {"lots"}, "retention_gap_days": {"14"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `class="field-error"`)
}
