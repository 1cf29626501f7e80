package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// mondayEvening is 20:00 on Monday 23 November 2026 in Springfield,
// Illinois, when it is already Tuesday in UTC.
var mondayEvening = time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)

func TestMeetingsPage(t *testing.T) {
	e := newEnv(t)
	e.seedDirectory()
	e.clock.set(mondayEvening)
	c := e.newClient()

	t.Run("TonightNearAPlace", func(t *testing.T) {
		res := c.get("/meetings?" + url.Values{"place": {"Springfield, IL"}, "day": {"today"}, "time": {"evening"}}.Encode())
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Meetings found: 2", "Example SMART Recovery Meeting (demo)", "Example Hope Group (demo)",
			"Monday, 6:00 PM CST", "Monday, 7:00 PM CST", "SMART Recovery", "Narcotics Anonymous", "100 Example Street, Springfield, IL 62701", " km (")
		if i, j := strings.Index(res.body, "Example SMART Recovery Meeting"), strings.Index(res.body, "Example Hope Group"); i > j {
			t.Fatal("the 18:00 meeting is listed after the 19:00 one")
		}
		if strings.Contains(res.body, "I went to this meeting") {
			t.Fatal("a visitor is offered to note attendance")
		}
	})
	t.Run("DefaultIsTodayOnlineWithoutAPlace", func(t *testing.T) {
		e.clock.set(mondayEvening.Add(48 * time.Hour)) // Wednesday evening
		defer e.clock.set(mondayEvening)
		res := c.get("/meetings")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Meetings found: 1", "Sample Just for Today (demo)", "Wednesday, 12:00 PM CST", `href="https://example.org/demo/meeting-2"`,
			"Enter a place to see meetings in person near it.", `<a href="/meetings?day=today&amp;time=evening">`)
	})
	t.Run("KindAndDay", func(t *testing.T) {
		res := c.get("/meetings?" + url.Values{"place": {"62701"}, "day": {"saturday"}, "kind": {"hybrid"}}.Encode())
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Meetings found: 2", "Demo SMART Family &amp; Friends (demo)", "Demo New Beginnings (demo)", "Hybrid (in person and online)")
	})
	t.Run("Fellowship", func(t *testing.T) {
		res := c.get("/meetings?" + url.Values{"place": {"62701"}, "day": {"any"}, "fellowship": {"AA"}}.Encode())
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Meetings found: 3", "Sample Sunrise Group (demo)", "Alcoholics Anonymous",
			`<option value="AA" selected>Alcoholics Anonymous</option>`,
			// a closed meeting's format explained, not only its code
			"C: Closed</dt><dd>Closed: for people who want to stop themselves")
		for _, other := range []string{"Example Hope Group (demo)", "Example SMART Recovery Meeting (demo)"} {
			if strings.Contains(res.body, other) {
				t.Errorf("%s is not an AA meeting", other)
			}
		}
	})
	t.Run("Spanish", func(t *testing.T) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/meetings?place=62701&time=evening", nil)
		req.Header.Set("Accept-Language", "es")
		res := e.newClient().do(req)
		wantBody(t, res, "Buscar una reunión", "Reuniones encontradas: 2", "Lunes, 6:00 p. m. CST", "Narcóticos Anónimos", "Presencial")
	})

	bad := []struct {
		name, query, field string
	}{
		{"ErrUnknownDay", "day=someday", "day"},
		{"ErrUnknownTime", "time=dusk", "time"},
		{"ErrBadFrom", "from=25:00", "from"},
		{"ErrUnknownFellowship", "fellowship=Knitters", "fellowship"},
		{"ErrFromAfterMorning", "time=morning&from=13:00", "from"},
		{"ErrUnknownKind", "kind=carrier_pigeon", "kind"},
		{"ErrInPersonWithoutPlace", "kind=in_person", "place"},
		{"ErrUnknownPlace", "place=99999", "place"},
		{"ErrRadius", "place=62701&radius_km=1000", "radius_km"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.get("/meetings?" + tt.query)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, `id="`+tt.field+`-error"`)
		})
	}
}

func TestMeetingFinderAttendance(t *testing.T) {
	e := newEnv(t)
	e.seedDirectory()
	e.clock.set(mondayEvening)
	member := e.addUser("ana@example.com", onward.RoleMember)
	c := e.newClient()
	c.signIn(member)
	here := "/meetings?place=62701&time=evening"

	page := c.get(here)
	wantBody(t, page, "Meetings you have noted going to: 0.", "I went to this meeting today")
	id := regexpFind(t, page.body, `action="/meetings/([^/"]+)/attended"`)

	res := c.post("/meetings/"+id+"/attended", url.Values{"next": {here}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.header.Get("Location") != here {
		t.Fatalf("went to %q, want back to %q", res.header.Get("Location"), here)
	}
	wantBody(t, c.get(here), "Noted: you went to this meeting today. Well done.", "Meetings you have noted going to: 1.", "Times you noted going: 1")
	res = c.post("/meetings/"+id+"/attended", url.Values{"next": {"https://elsewhere.example/"}})
	if res.header.Get("Location") != "/meetings" {
		t.Fatalf("a foreign next sent the member to %q", res.header.Get("Location"))
	}
	wantBody(t, c.get(here), "You had already noted this meeting today.", "Meetings you have noted going to: 1.")

	t.Run("ErrUnknownMeeting", func(t *testing.T) {
		wantStatus(t, c.post("/meetings/no-such-meeting/attended", nil), http.StatusNotFound)
	})
	t.Run("MembersOnly", func(t *testing.T) {
		supporter := e.addUser("sam@example.com", onward.RoleSupporter)
		s := e.newClient()
		s.signIn(supporter)
		wantStatus(t, s.post("/meetings/"+id+"/attended", nil), http.StatusForbidden)
		if strings.Contains(s.get(here).body, "I went to this meeting") {
			t.Fatal("a supporter is offered to note attendance")
		}
		visitor := e.newClient().post("/meetings/"+id+"/attended", nil)
		if visitor.status != http.StatusSeeOther || !strings.HasPrefix(visitor.header.Get("Location"), "/signin") {
			t.Fatalf("a visitor got %d to %q, want to be sent to sign in", visitor.status, visitor.header.Get("Location"))
		}
	})
	t.Run("OnlyTheMemberSeesIt", func(t *testing.T) {
		other := e.addUser("ben@example.com", onward.RoleMember)
		o := e.newClient()
		o.signIn(other)
		wantBody(t, o.get(here), "Meetings you have noted going to: 0.")
	})
}

func TestMeetingsAPI(t *testing.T) {
	e := newEnv(t)
	e.seedDirectory()
	e.clock.set(mondayEvening)
	c := e.newClient()
	type results struct {
		Meetings []meetingJSON
		Total    int
		Clock    string
	}

	t.Run("OnlineIncludedWhateverTheDistance", func(t *testing.T) {
		got := decodeJSONBody[results](t, c.api("GET", "/api/v1/meetings?near=61.2,-149.9&radius_km=10", "", ""))
		if got.Total != 3 {
			t.Fatalf("%d meetings far from every room, want the 3 online", got.Total)
		}
		for _, m := range got.Meetings {
			if m.Kind != "online" || m.DistanceKm != nil || m.Lat != nil {
				t.Fatalf("%+v", m)
			}
		}
	})
	t.Run("KindInPersonNearby", func(t *testing.T) {
		got := decodeJSONBody[results](t, c.api("GET", "/api/v1/meetings?near=39.7817,-89.6501&kind=in_person&day=monday", "", ""))
		if got.Total != 2 || got.Meetings[0].Start != "18:00" || got.Meetings[0].DistanceKm == nil || got.Meetings[0].Lat == nil || got.Clock != "each meeting's own" {
			t.Fatalf("in person on Monday: %+v", got)
		}
	})
	t.Run("Fellowships", func(t *testing.T) {
		got := decodeJSONBody[results](t, c.api("GET", "/api/v1/meetings?near=39.7817,-89.6501&day=any&fellowship=NA&fellowship=SMART", "", ""))
		if got.Total != 7 {
			t.Fatalf("%d NA and SMART meetings, want 7", got.Total)
		}
		for _, m := range got.Meetings {
			if m.Fellowship != "NA" && m.Fellowship != "SMART" {
				t.Fatalf("%s is %s", m.Name, m.Fellowship)
			}
		}
		got = decodeJSONBody[results](t, c.api("GET", "/api/v1/meetings?near=39.7817,-89.6501&day=tuesday&fellowship=aa", "", ""))
		if got.Total != 1 || got.Meetings[0].Located != "exact" || len(got.Meetings[0].FormatDefinitions) != 2 ||
			got.Meetings[0].FormatDefinitions[0].Description == "" || got.Meetings[0].Formats[0] != "O" {
			t.Fatalf("AA on Tuesday: %+v", got)
		}
	})
	t.Run("OnAnotherClock", func(t *testing.T) {
		got := decodeJSONBody[results](t, c.api("GET", "/api/v1/meetings?near=39.7817,-89.6501&day=today&from=19:30&tz=America/New_York", "", ""))
		if got.Total != 1 || got.Meetings[0].Start != "19:00" || got.Meetings[0].LocalStart != "20:00" || got.Meetings[0].LocalDay != "monday" || got.Clock != "America/New_York" {
			t.Fatalf("from 19:30 New York time: %+v", got)
		}
	})

	bad := []struct {
		name, query, field string
	}{
		{"ErrInPersonWithoutNear", "kind=in_person", "near"},
		{"ErrBadNear", "near=north", "near"},
		{"ErrRadius", "near=39.78,-89.65&radius_km=0", "radius_km"},
		{"ErrKind", "kind=video", "kind"},
		{"ErrDay", "day=8", "day"},
		{"ErrTimeZone", "tz=Mars/Olympus_Mons", "tz"},
		{"ErrUnknownParameter", "weekday=monday", "weekday"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.api("GET", "/api/v1/meetings?"+tt.query, "", "")
			wantStatus(t, res, http.StatusBadRequest)
			if body := decodeError(t, res); body.Error.Fields[tt.field] == "" {
				t.Fatalf("the error does not name %q: %s", tt.field, res.body)
			}
		})
	}
}
