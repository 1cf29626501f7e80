package e2e

import (
	"database/sql"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// notifyShareAlerts records, straight in the server's database, that the
// member lets the supporter see their alerts, as an accepted invitation
// does (the invitation pages have their own tests).
func notifyShareAlerts(t *testing.T, memberEmail, supporterEmail string) {
	t.Helper()
	driver, dsn, ph := "pgx", srv.db, []string{"$1", "$2", "$3", "$4", "$5"}
	now := any(time.Now().UTC())
	if !strings.HasPrefix(dsn, "postgres") {
		driver, ph = "sqlite", []string{"?", "?", "?", "?", "?"}
		dsn = "file:" + srv.db + "?" + url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode()
		now = time.Now().UTC().Add(-time.Minute).Format("2006-01-02T15:04:05.000000Z")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO grants (id, subject_id, grantee_id, categories, starts_at, created_at)
		SELECT `+ph[0]+`, m.id, s.id, 'alerts,checkins', `+ph[1]+`, `+ph[2]+` FROM users m, users s WHERE m.email = `+ph[3]+` AND s.email = `+ph[4],
		uuid.NewString(), now, now, memberEmail, supporterEmail)
	if err != nil {
		t.Fatalf("share alerts: %v", err)
	}
}

// TestNotifySupportNowReachesSupporterAndAnswerReturns is the whole loop
// in two browsers: a member taps "I need support now", the supporter gets
// a discreet email and sees the request in their inbox, answers "On my
// way", and the member sees the answer. Every page is checked with axe. It
// also measures how long the email takes to arrive.
func TestNotifySupportNowReachesSupporterAndAnswerReturns(t *testing.T) {
	member, ma := memberTab(t, "alerting")
	helper := openTab(t)
	helper.phone()
	ha := newAccount("helper")
	helper.signUp(ha)
	notifyShareAlerts(t, ma.email, ha.email)

	member.open("/")
	member.click(`.member-actions a[href="/support-now"]`)
	member.wantText("main", "One tap tells the person you chose")

	var latencies []time.Duration
	for i := range 3 {
		if i > 0 {
			member.open("/support-now")
		}
		sent := time.Now()
		member.click(`main form[action="/support-now"] button[type=submit]`)
		member.wantFlash("We told your people.")
		mail := waitMail(t, ha.email, sent)
		latencies = append(latencies, mail.ReceivedAt.Sub(sent))
		if mail.Subject != "Onward: someone needs you" || strings.Contains(mail.Body, ma.name) {
			t.Fatalf("email not discreet: %q\n%s", mail.Subject, mail.Body)
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	t.Logf("I need support now -> email at the SMTP server: median %v of %v", latencies[1], latencies)
	requestPage := pathOnly(member.location())

	helper.open("/notifications")
	helper.wantText("main", ma.name+" needs support now.")
	helper.click(`main .inbox-item button[value="on_my_way"]`)
	helper.wantFlash("Your answer was sent.")

	member.open(requestPage)
	member.wantText("main", ha.name, "On my way")
	member.open("/notifications")
	member.wantText("main", ha.name+" answered your request for support.")
}
