package web

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

var requestedPath = regexp.MustCompile(`^/find/([^/]+)/requested/([0-9A-Z]{4}-[0-9A-Z]{4})$`)

func TestAskToBeContacted(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-1"]
	c := e.newClient()

	page := c.get("/find/" + program)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Example Recovery Center (demo)", `href="tel:2175550101"`, `action="/find/`+program+`/contact"`,
		`id="website" name="website" tabindex="-1" autocomplete="off"`, "Leave this field empty", `name="consent" type="checkbox"`)

	res := c.post("/find/"+program+"/contact", contactForm("message", "Evenings are best.\r\nThank you."))
	wantStatus(t, res, http.StatusSeeOther)
	m := requestedPath.FindStringSubmatch(res.header.Get("Location"))
	if m == nil || m[1] != program {
		t.Fatalf("redirected to %q, want the confirmation page", res.header.Get("Location"))
	}
	done := c.get(res.header.Get("Location"))
	wantStatus(t, done, http.StatusOK)
	wantBody(t, done, "Your request is sent", m[2], `href="tel:2175550101"`, "217-555-0101")
	if strings.Contains(done.body, "217-555-0142") {
		t.Fatal("the confirmation page shows the number the person gave; it must show only the reference")
	}
	queue := e.staffQueue(program)
	if len(queue) != 1 || queue[0].Reference != m[2] || queue[0].Name != "Jo" || queue[0].Phone != "217-555-0142" ||
		queue[0].BestTime != "evening" || queue[0].Message != "Evenings are best.\nThank you." || !queue[0].Consent || queue[0].Status != sqlstore.AdmissionNew {
		t.Fatalf("queue %+v", queue)
	}

	t.Run("ErrUnknownReference", func(t *testing.T) {
		wantStatus(t, c.get("/find/"+program+"/requested/ABCD-EFGH"), http.StatusNotFound)
		wantStatus(t, c.get("/find/"+ids["demo-program-2"]+"/requested/"+m[2]), http.StatusNotFound)
	})
	t.Run("ErrUnknownProgram", func(t *testing.T) {
		wantStatus(t, c.get("/find/no-such-program"), http.StatusNotFound)
		wantStatus(t, c.post("/find/no-such-program/contact", contactForm()), http.StatusNotFound)
	})

	bad := []struct {
		name, field, message string
		form                 []string
	}{
		{"ErrNoConsent", "consent", "Tick the box to agree to be contacted.", []string{"consent", ""}},
		{"ErrNoName", "name", "Give a name or a nickname", []string{"name", "  "}},
		{"ErrNoWayToReach", "phone", "Give a phone number or an email address", []string{"phone", ""}},
		{"ErrBadPhone", "phone", "Enter a phone number such as 217-555-0123.", []string{"phone", "call me"}},
		{"ErrBadEmail", "email", "Enter an email address like name@example.com.", []string{"email", "jo@"}},
		{"ErrUnknownBestTime", "best_time", "Choose a time from the list.", []string{"best_time", "midnight"}},
		{"ErrLongMessage", "message", "Keep the message to 500 characters.", []string{"message", strings.Repeat("a", 501)}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post("/find/"+program+"/contact", contactForm(tt.form...))
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tt.message, `id="`+tt.field+`-error"`, `aria-invalid="true"`)
			if n := len(e.staffQueue(program)); n != 1 {
				t.Fatalf("a refused request was stored: %d in the queue", n)
			}
		})
	}
}

func TestContactFormSpamProtection(t *testing.T) {
	e := newEnv(t)
	program := e.seedDirectory()["demo-program-1"]
	c := e.newClient()

	t.Run("HoneypotFilledIn", func(t *testing.T) {
		res := c.post("/find/"+program+"/contact", contactForm("website", "https://spam.example"))
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "We could not send this request.")
		if strings.Contains(res.body, "spam.example") {
			t.Fatal("the form refills the honeypot")
		}
		if n := len(e.staffQueue(program)); n != 0 {
			t.Fatalf("a request caught by the honeypot was stored (%d)", n)
		}
	})
	t.Run("RateLimitPerAddress", func(t *testing.T) {
		// The honeypot try above counts: four more are let through, then
		// the sixth within the hour is refused with a clear message.
		for i := range 4 {
			wantStatus(t, c.post("/find/"+program+"/contact", contactForm("name", "Jo "+string(rune('A'+i)))), http.StatusSeeOther)
		}
		res := c.post("/find/"+program+"/contact", contactForm())
		wantStatus(t, res, http.StatusTooManyRequests)
		wantBody(t, res, "Several requests have come from your connection in the last hour. Please call the program instead", `href="tel:2175550101"`)
		api := c.api("POST", "/api/v1/programs/"+program+"/admission-requests", "", `{"name":"Jo","phone":"217-555-0142","consent":true}`)
		wantStatus(t, api, http.StatusTooManyRequests)
		if n := len(e.staffQueue(program)); n != 4 {
			t.Fatalf("%d requests stored, want 4", n)
		}
		e.clock.advance(time.Hour + time.Minute)
		wantStatus(t, c.post("/find/"+program+"/contact", contactForm()), http.StatusSeeOther)
	})
	t.Run("MistakesDoNotCount", func(t *testing.T) {
		other := e.newClient()
		other.http.Transport = &forwardedFor{ip: "198.51.100.7"}
		e.server.cfg.TrustProxy = true
		t.Cleanup(func() { e.server.cfg.TrustProxy = false })
		for range 8 {
			wantStatus(t, other.post("/find/"+program+"/contact", contactForm("consent", "")), http.StatusBadRequest)
		}
		wantStatus(t, other.post("/find/"+program+"/contact", contactForm()), http.StatusSeeOther)
	})
}

// forwardedFor sends requests as if through a proxy from another address.
type forwardedFor struct{ ip string }

func (f *forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.ip)
	return http.DefaultTransport.RoundTrip(r)
}

func TestAdmissionRequestAPI(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-3"]
	c := e.newClient()
	path := "/api/v1/programs/" + program + "/admission-requests"

	res := c.api("POST", path, "", `{"name":"Sam","email":"sam@example.com","best_time":"morning","message":"Can I come in today?","consent":true}`)
	wantStatus(t, res, http.StatusCreated)
	got := decodeJSONBody[struct {
		Reference string
		Status    string
		Program   struct {
			ID, Name, Phone string
			Admissions24h   bool `json:"admissions_24h"`
		}
	}](t, res)
	if !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}$`).MatchString(got.Reference) || got.Status != "new" ||
		got.Program.ID != program || got.Program.Phone != "217-555-0103" || !got.Program.Admissions24h {
		t.Fatalf("response %+v", got)
	}
	if q := e.staffQueue(program); len(q) != 1 || q[0].Email != "sam@example.com" || q[0].Reference != got.Reference {
		t.Fatalf("queue %+v", q)
	}

	bad := []struct {
		name, body string
		status     int
		field      string
	}{
		{"ErrNoConsent", `{"name":"Sam","phone":"217-555-0142","consent":false}`, 400, "consent"},
		{"ErrNoContact", `{"name":"Sam","consent":true}`, 400, "phone"},
		{"ErrUnknownField", `{"name":"Sam","phone":"217-555-0142","consent":true,"website":"x"}`, 400, "website"},
		{"ErrWrongType", `{"name":"Sam","phone":"217-555-0142","consent":"yes"}`, 400, "consent"},
		{"ErrUnknownProgram", `{"name":"Sam","phone":"217-555-0142","consent":true}`, 404, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			p := path
			if tt.status == http.StatusNotFound {
				p = "/api/v1/programs/nope/admission-requests"
			}
			res := c.api("POST", p, "", tt.body)
			wantStatus(t, res, tt.status)
			if body := decodeError(t, res); tt.field != "" && body.Error.Fields[tt.field] == "" {
				t.Fatalf("the error does not name %q: %s", tt.field, res.body)
			}
			if q := e.staffQueue(program); len(q) != 1 {
				t.Fatalf("a refused request was stored: %d", len(q))
			}
		})
	}
	t.Run("SignedInNeedsTheCSRFHeader", func(t *testing.T) {
		member := e.addUser("ana@example.com", onward.RoleMember)
		m := e.newClient()
		m.signIn(member)
		wantStatus(t, m.api("POST", path, "", `{"name":"Ana","phone":"217-555-0142","consent":true}`), http.StatusForbidden)
	})
}

// TestCallbackRequestTellsTheStaffAtOnce: a request to be called back puts
// a discreet notification in the inbox of everyone on the program's staff
// (and queues its e-mail) at once; the staff of another program hear
// nothing, and the notification names no one.
func TestCallbackRequestTellsTheStaffAtOnce(t *testing.T) {
	e := newEnv(t)
	ids := e.seedDirectory()
	program := ids["demo-program-1"]
	kim := e.addStaffUser("kim@clinic.example", onward.RoleClinician, program)
	admin := e.addStaffUser("admin@clinic.example", onward.RoleProgramAdmin, program)
	other := e.addStaffUser("other@clinic.example", onward.RoleClinician, ids["demo-program-2"])
	ctx := context.Background()
	kinds := func(u *onward.User) []string {
		list, err := e.store.Notifications(ctx, u.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range list {
			out = append(out, n.Kind)
		}
		return out
	}

	wantStatus(t, e.newClient().post("/find/"+program+"/contact", contactForm()), http.StatusSeeOther)
	for _, u := range []*onward.User{kim, admin} {
		if got := kinds(u); !slices.Equal(got, []string{sqlstore.KindCallbackRequest}) {
			t.Errorf("%s's inbox holds %v, want one call-back request", u.Email, got)
		}
	}
	if got := kinds(other); len(got) != 0 {
		t.Errorf("staff of another program were told: %v", got)
	}
	jobs, err := e.store.ClaimJobs(ctx, "test", e.clock.now().Add(time.Minute), time.Minute, 100, sqlstore.PriorityUrgent)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(slices.DeleteFunc(jobs, func(j sqlstore.Job) bool { return j.Kind != sqlstore.JobEmail || j.UserID != kim.ID })); n != 1 {
		t.Errorf("%d urgent e-mails queued for the clinician, want 1", n)
	}

	c := e.newClient()
	c.signIn(kim)
	inbox := c.get("/notifications")
	wantStatus(t, inbox, http.StatusOK)
	wantBody(t, inbox, "New call-back request", `href="/program/requests?program=`+program+`"`)
	if strings.Contains(inbox.body, "Jo") || strings.Contains(inbox.body, "217-555-0142") {
		t.Error("the inbox names the person or shows their number; it must only point to the requests")
	}
	text, err := notify.Compose(sqlstore.KindCallbackRequest, "en", false, "", "", "https://onward.example/program/requests")
	if err != nil || strings.Contains(text.Subject+text.Body+text.PushBody, "Jo") || !strings.Contains(text.Body, "/program/requests") {
		t.Errorf("the e-mail reads %+v (%v)", text, err)
	}
}
