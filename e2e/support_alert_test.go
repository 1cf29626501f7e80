package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestAlertAnsweredAndSeenByTheMember is "I need support now" as the two
// people live it, on phones: the member has given a number for their
// people, asks for support, and keeps the page open; the supporter's alert
// shows that number with a call button; they answer, and the alert then
// shows their answer and is no longer new. The member's open page shows
// the answer within seconds, without being reloaded.
func TestAlertAnsweredAndSeenByTheMember(t *testing.T) {
	member, ma := memberTab(t, "asking")
	helper := openTab(t)
	helper.phone()
	ha := newAccount("answering")
	helper.signUp(ha)
	notifyShareAlerts(t, ma.email, ha.email)

	member.open("/support")
	member.fill("#phone", "(217) 555-0142")
	member.click(`main form[action="/support/phone"] button[type=submit]`)
	member.wantFlash("Your phone number for alerts is saved.")

	member.open("/support-now")
	member.click(`main form[action="/support-now"] button[type=submit]`)
	member.wantFlash("We told your people.")
	requestPage := pathOnly(member.location())
	requestID := strings.TrimPrefix(requestPage, "/support-now/")
	member.wantText("#answers", "No answer yet.")

	alert := "#alert-" + requestID
	helper.open("/notifications")
	helper.wantText(alert, ma.name+" needs support now.", "Call "+ma.name+": (217) 555-0142")
	if href := helper.attr(alert+" a.call-button", "href"); href != "tel:2175550142" {
		t.Errorf("the call button dials %q, want tel:2175550142", href)
	}
	helper.wantElement(alert + ".unread")
	helper.click(alert + ` button[value="calling"]`)
	helper.wantFlash("Your answer was sent.")
	helper.wantText(alert, "You answered: I'm calling you")
	helper.wantNoElement(alert + ".unread")
	helper.wantNoElement(alert + " form")

	// The member's page, left open, shows the answer by itself.
	if !member.waitFor(`document.querySelector("#answers").innerText.includes(`+jsString(ha.name)+`)`, 15*time.Second) {
		t.Fatalf("the member's open page did not show the answer within 15 s:\n%s", indent(member.text("#answers")))
	}
	member.wantText("#answers", ha.name, "I'm calling you")
	if got := pathOnly(member.location()); got != requestPage {
		t.Errorf("the member's page moved to %s; it should have stayed on %s", got, requestPage)
	}
}
