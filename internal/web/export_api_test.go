package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// memberWithData is a signed-in member who has onboarded, checked in
// twice, written a plan and shared check-ins with a supporter.
func memberWithData(t *testing.T, e *testEnv) (*onward.User, *client) {
	t.Helper()
	u, c := newMember(t, e)
	onboard(t, c, "2026-10-01", nil)
	for _, f := range []struct{ day, mood, craving string }{{"2026-11-20", "2", "6"}, {"2026-11-21", "4", "1"}} {
		wantStatus(t, c.post("/checkin", checkInForm(f.day, f.mood, f.craving)), http.StatusSeeOther)
	}
	wantStatus(t, c.post("/plan", map[string][]string{"triggers": {"payday"}, "coping": {"call Sam"}}), http.StatusSeeOther)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: u.ID, GranteeID: supporter.ID, Categories: []onward.Category{onward.CategoryCheckins}})
	}); err != nil {
		t.Fatal(err)
	}
	return u, c
}

func TestExportAccess(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	clinician := e.addUser("cli@example.com", onward.RoleClinician)
	e.enableTOTP(clinician)
	operator := e.addUser("op@example.com", onward.RoleOperator)
	e.enableTOTP(operator)
	cases := []struct {
		name string
		user *onward.User
		want int
	}{
		{"Visitor", nil, http.StatusUnauthorized},
		{"Member", member, http.StatusOK},
		{"Supporter", supporter, http.StatusForbidden},
		{"Clinician", clinician, http.StatusForbidden},
		{"Operator", operator, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, token := e.newClient(), ""
			if tc.user != nil {
				token = createAPIToken(t, e, tc.user)
			}
			for _, format := range []string{"json", "fhir"} {
				res := c.api("GET", "/api/v1/export?format="+format, token, "")
				wantStatus(t, res, tc.want)
				if tc.want != http.StatusOK {
					decodeError(t, res)
				}
			}
			if tc.want == http.StatusOK {
				return // the import's own tests cover a member's import
			}
			res := c.api("POST", "/api/v1/import", token, `{"format":"onward-export","version":1}`)
			wantStatus(t, res, tc.want)
			decodeError(t, res)
		})
	}
}

func TestExportDownloads(t *testing.T) {
	e := newEnv(t)
	u, c := memberWithData(t, e)
	t.Run("JSON", func(t *testing.T) {
		res := c.get("/api/v1/export?format=json")
		wantStatus(t, res, http.StatusOK)
		if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename="onward-export-2026-11-21.json"` {
			t.Fatalf("Content-Disposition %q, want a download named for the day", cd)
		}
		if !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") || res.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("headers %v", res.header)
		}
		today, _ := recovery.ParseDate("2026-11-21")
		d, err := export.Parse([]byte(res.body), today)
		if err != nil {
			t.Fatalf("the export does not parse as an import: %v", err)
		}
		if d.Account.ID != u.ID || len(d.CheckIns) != 2 || d.CheckIns[0].Mood != 2 || d.Plan == nil || len(d.ConsentsGiven) != 1 {
			t.Fatalf("export lacks data: account %+v, %d check-ins, plan %+v, %d consents", d.Account, len(d.CheckIns), d.Plan, len(d.ConsentsGiven))
		}
	})
	t.Run("JSONIsTheDefault", func(t *testing.T) {
		res := c.get("/api/v1/export")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"format": "onward-export"`)
	})
	t.Run("FHIR", func(t *testing.T) {
		res := c.get("/api/v1/export?format=fhir")
		wantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.header.Get("Content-Type"), "application/fhir+json") ||
			res.header.Get("Content-Disposition") != `attachment; filename="onward-export-2026-11-21.fhir.json"` {
			t.Fatalf("headers %v", res.header)
		}
		var b struct {
			ResourceType string `json:"resourceType"`
			Entry        []struct {
				Resource map[string]any `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal([]byte(res.body), &b); err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, en := range b.Entry {
			kinds[en.Resource["resourceType"].(string)]++
		}
		if b.ResourceType != "Bundle" || kinds["Patient"] != 1 || kinds["Observation"] != 3 || kinds["CarePlan"] != 1 || kinds["Consent"] != 1 || kinds["RelatedPerson"] != 1 {
			t.Fatalf("bundle %s with %v", b.ResourceType, kinds)
		}
		wantBody(t, res, "http://onward.test/fhir/CodeSystem/checkin")
	})
	t.Run("ErrUnknownFormat", func(t *testing.T) {
		res := c.get("/api/v1/export?format=xml")
		wantStatus(t, res, http.StatusBadRequest)
		if decodeError(t, res).Error.Fields["format"] == "" {
			t.Fatal("no message for the format field")
		}
	})
	t.Run("TheExportIsAudited", func(t *testing.T) {
		before, err := e.store.VerifyAudit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.get("/api/v1/export"), http.StatusOK)
		after, err := e.store.VerifyAudit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if after-before != 1 {
			t.Fatalf("the export added %d audit entries, want one account event", after-before)
		}
	})
}
