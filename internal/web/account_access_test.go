package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// "Who has seen my data" groups repeated views of the same thing by the
// same person within a few minutes into one line with a count, keeps
// refusals apart as refusals, and names categories and reasons in the
// member's language, on the page and in the API.
func TestAccessLogGroupsAndSpeaksTheMembersLanguage(t *testing.T) {
	e := newEnv(t)
	member := e.addUser("ana@example.com", onward.RoleMember)
	supporter := e.addUser("sam@example.com", onward.RoleSupporter)
	ctx := context.Background()
	if err := e.store.Write(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetLocale(ctx, member.ID, "es"); err != nil {
			return err
		}
		return tx.CreateGrant(ctx, &onward.Grant{SubjectID: member.ID, GranteeID: supporter.ID, Categories: []onward.Category{onward.CategoryCheckins}})
	}); err != nil {
		t.Fatal(err)
	}
	viewer := onward.Principal{UserID: supporter.ID, Role: onward.RoleSupporter}
	look := func(c onward.Category) {
		e.clock.advance(time.Minute)
		e.store.Access(ctx, onward.AccessRequest{Viewer: viewer, SubjectID: member.ID, Category: c, Action: onward.ActionRead}, func(*sqlstore.Tx) error { return nil })
	}
	for range 3 {
		look(onward.CategoryCheckins) // one visit, three page loads
	}
	look(onward.CategoryMedication) // refused
	look(onward.CategoryMedication)
	e.clock.advance(time.Hour)
	look(onward.CategoryCheckins) // a later visit

	token := createAPIToken(t, e, member)
	c := e.newClient()
	var body struct{ Entries []accessEntry }
	res := c.api("GET", "/api/v1/access-log", token, "")
	json.Unmarshal([]byte(res.body), &body)
	type line struct {
		category, name, result string
		count                  int
	}
	want := []line{{"checkins", "registros diarios", "allowed", 1}, {"medication", "medicación", "refused", 2}, {"checkins", "registros diarios", "allowed", 3}}
	if len(body.Entries) != len(want) {
		t.Fatalf("%d entries, want %d: %s", len(body.Entries), len(want), res.body)
	}
	for i, w := range want {
		g := body.Entries[i]
		if g.Category != w.category || !strings.EqualFold(g.CategoryName, w.name) || g.Result != w.result || g.Count != w.count || g.Who != "sam" {
			t.Errorf("entry %d = %+v, want %+v by sam", i, g, w)
		}
	}
	if body.Entries[1].Allowed || body.Entries[1].ReasonName == "" || body.Entries[2].At.Sub(body.Entries[2].FirstAt) != 2*time.Minute {
		t.Errorf("the refusal or the grouped visit is not described: %+v", body.Entries)
	}

	c.signIn(member)
	page := c.get("/account/access")
	wantBody(t, page, "3 veces, desde", "Rechazado", "no compartido")
	if strings.Contains(page.body, ">medication<") || strings.Contains(page.body, ">checkins<") {
		t.Fatal("the page shows a raw category code")
	}
}
