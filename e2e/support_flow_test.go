package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// invitePath finds an invitation link, as the server writes it, in s and
// returns its path, such as /invite/abc.
var invitePath = regexp.MustCompile(`/invite/[A-Za-z0-9_-]+`)

// healthWords are words that a discreet email never carries: whoever sees
// the supporter's inbox must not learn anything about the member's health.
var healthWords = []string{"recovery", "recover", "opioid", "heroin", "fentanyl", "addiction", "relapse", "overdose", "drug", "rehab", "sober"}

// pageSource returns the whole HTML of the tab's page, hidden parts too.
func (b *tab) pageSource() string {
	b.t.Helper()
	return js[string](b, `document.documentElement.outerHTML`)
}

// wantNowhere fails the test when the page, visible text or HTML, holds
// any of the words (case-insensitively).
func (b *tab) wantNowhere(what string, words ...string) {
	b.t.Helper()
	src := strings.ToLower(b.pageSource())
	for _, w := range words {
		if strings.Contains(src, strings.ToLower(w)) {
			b.t.Errorf("on %s, the page holds %q (%s), and must not", b.location(), w, what)
		}
	}
}

// wantTableReadable fails unless the table that sel selects fits the
// viewport with every cell's text inside its cell: on a phone it is read
// row by row, without scrolling sideways inside it.
func (b *tab) wantTableReadable(sel string) {
	b.t.Helper()
	wide := js[[]string](b, fmt.Sprintf(`(() => {
		const t = document.querySelector(%s), out = [];
		if (!t) return ["no table"];
		const vw = window.innerWidth;
		for (const e of [t, ...t.querySelectorAll("td")]) {
			const r = e.getBoundingClientRect();
			if (r.right > vw + 1 || e.scrollWidth > e.clientWidth + 1 || e.parentElement.scrollWidth > e.parentElement.clientWidth + 1) {
				out.push(e.tagName.toLowerCase() + " (right edge " + Math.round(r.right) + "px, content " + e.scrollWidth + "px in " + e.clientWidth + "px): " + e.textContent.trim().slice(0, 40));
			}
		}
		return out;
	})()`, jsString(sel)))
	if len(wide) > 0 {
		b.t.Errorf("on %s, %s does not fit a %dpx screen:\n%s", b.location(), sel, js[int](b, `window.innerWidth`), indent(strings.Join(wide, "\n")))
	}
}

// wantFits is wantNoSideways that also names the elements that reach past
// the right edge of the viewport, the innermost first, to find the cause.
func (b *tab) wantFits() {
	b.t.Helper()
	wide, view := js[int](b, `document.documentElement.scrollWidth`), js[int](b, `window.innerWidth`)
	if wide <= view {
		return
	}
	culprits := js[[]string](b, `(() => {
		const vw = window.innerWidth, out = [];
		for (const e of document.querySelectorAll("main *")) {
			const r = e.getBoundingClientRect();
			// An input scrolls its own text, and a visually hidden element is 1px.
			const past = x => !["INPUT", "TEXTAREA"].includes(x.tagName) && x.clientWidth > 1 &&
				(x.getBoundingClientRect().right > vw + 1 || x.scrollWidth > x.clientWidth + 1);
			if (past(e) && ![...e.children].some(past)) {
				out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " (right edge " + Math.round(r.right) + "px, content " + e.scrollWidth + "px wide in " + e.clientWidth + "px): " + e.textContent.trim().slice(0, 60));
			}
		}
		return out.slice(0, 5);
	})()`)
	b.t.Errorf("%s is %dpx wide in a %dpx viewport: it scrolls sideways; too wide:\n%s", b.location(), wide, view, indent(strings.Join(culprits, "\n")))
}

// TestSupporterInviteShareRevoke is the support network in two browsers
// on phones: a new member, who has checked in with a private note, invites
// a friend to see their milestones; the invitation arrives by a discreet
// email and as a link to copy; the friend, in a browser of their own,
// opens it without an account and chooses "Create account": the sign-up
// keeps the invitation, makes a supporter (no recovery questions, "People I
// support" in the menu) and brings them back to accept. They see the
// milestones and how to help, but no check-ins. The member then shares check-ins too (a summary): the friend
// sees them, in Spanish once, and never the private note. The member sees
// the friend's reads in "who has seen my data", then stops sharing: the
// friend's next page says that it ended, without a reason, and shows
// nothing of the member. The used link, and the member's own link, fail
// with a clear message. Every page is checked with axe.
func TestSupporterInviteShareRevoke(t *testing.T) {
	// The member: signs up, onboards, checks in with a private note.
	member, ma := memberTab(t, "inviting")
	member.onboard(localDay(12), map[string]string{"#medication": "none"})
	privateNote := fmt.Sprintf("only-for-me-%d about my brother", time.Now().UnixNano())
	member.open("/checkin")
	member.pick("mood-4")
	member.pick("craving-2")
	if !member.has(`details.more[open]`) {
		member.do("open More", chromedp.Click(chromedp.CSS(`details.more > summary`)))
	}
	member.fill("#note", privateNote)
	member.click(`main form[action="/checkin"] button[type=submit]`)
	member.wantFlash("Your check-in is saved.")
	if got := member.apiCheckIns(); len(got) != 1 {
		t.Fatalf("after the check-in the server holds %d check-ins, want 1", len(got))
	}

	// The supporter's account details, so that the invitation can go to
	// their address.
	sa := newAccount("friend")

	// The member invites them: a friend, milestones only, by email.
	member.open("/support")
	member.wantText("main", "My people", "Nobody sees anything of yours yet.")
	member.wantFits()
	member.fill("#email", sa.email)
	member.pick("relationship-friend")
	member.pick("share-milestones")
	sent := time.Now()
	if st := member.click(`main form[action="/support/invitations"] button[type=submit]`); st != 200 {
		t.Fatalf("making the invitation answered status %d", st)
	}
	member.wantText("#invite-link-heading", "Your invitation link")
	pageLink := member.value("#invite-url")
	if !strings.HasPrefix(pageLink, baseURL+"/invite/") {
		t.Fatalf("the link to copy is %q, want %s/invite/...", pageLink, baseURL)
	}
	member.wantText("main", "Invitations not yet accepted", sa.email)
	member.wantFits()

	mail := waitMail(t, sa.email, sent)
	if want := "An invitation from " + ma.name + " on Onward"; mail.Subject != want {
		t.Errorf("the invitation email's subject is %q, want %q", mail.Subject, want)
	}
	for _, w := range healthWords {
		if strings.Contains(strings.ToLower(mail.Subject), w) {
			t.Errorf("the invitation email's subject %q says %q: it must be discreet", mail.Subject, w)
		}
		if strings.Contains(strings.ToLower(mail.Body), w) {
			t.Errorf("the invitation email's body says %q: it must be discreet:\n%s", w, indent(mail.Body))
		}
	}
	if !strings.Contains(mail.Body, pageLink) {
		t.Errorf("the invitation email does not hold the link %s that the page shows:\n%s", pageLink, indent(mail.Body))
	}
	link := invitePath.FindString(strings.TrimPrefix(pageLink, baseURL))
	if link == "" {
		t.Fatalf("no /invite/ path in %q", pageLink)
	}

	// The member opening their own link is refused, clearly.
	if st := member.open(link); st != 400 {
		t.Errorf("the member opening their own invitation got status %d, want 400", st)
	}
	member.wantText("main", "This is your own invitation. Send the link to the person you want to support you.")
	member.wantNoElement(`main form[action="` + link + `"]`)

	// The supporter, in a browser of their own, opens the link before
	// having an account: it says who asks and what they would see, and how
	// to accept.
	friend := openTab(t)
	friend.phone()
	friend.timeZone(memberZone)
	if st := friend.open(link); st != 200 {
		t.Fatalf("opening the invitation signed out: status %d", st)
	}
	friend.wantText("main", ma.name+" would like you in their support network on Onward.", "Clean time and milestones",
		"To accept, create a free account or sign in. You will come back here to accept.")
	friend.wantNoElement(`main form[action="` + link + `"]`)

	// They choose "Create account": the sign-up keeps the invitation, asks
	// nothing about recovery, and brings them back to accept it.
	friend.click(`main a[href="/signup?next=` + link + `"]`)
	friend.wantText("main", "You are creating an account to accept "+ma.name+"'s invitation.")
	friend.fill("#display_name", sa.name)
	friend.fill("#email", sa.email)
	friend.fill("#password", sa.password)
	friend.choose("#timezone", "America/Chicago")
	friend.tick("#agree")
	friend.wantNoSideways()
	since := time.Now()
	if st := friend.click(`main form[action="/signup"] button[type=submit]`); st != 200 {
		t.Fatalf("signing up through the invitation: status %d on %s", st, friend.location())
	}
	friend.wantLocation("/signup/sent")
	friend.confirmSignUp(waitMail(t, sa.email, since))
	friend.wantLocation(link)
	friend.wantFlash("Your account is ready. Accept the invitation below.")
	friend.wantElement(`nav a[href="/supporting"]`)
	friend.wantNoElement(`nav a[href="/checkin"]`)
	friend.wantText("main", "If you accept, you will see:", "Clean time and milestones")
	if txt := friend.text("main"); strings.Contains(txt, "Daily check-ins") {
		t.Errorf("the invitation lists check-ins, which the member did not choose:\n%s", indent(txt))
	}
	friend.click(`main form[action="` + link + `"] button[type=submit]`)
	friend.wantLocation("/supporting")
	friend.wantFlash("You accepted the invitation. Here is what they share with you.")

	// Milestones and how to help; no check-ins.
	friend.wantText("main", "People I support", ma.name, "Clean time and milestones", "days in a row", "Stage")
	friend.wantText("#how-to-help", "How to help")
	friend.wantText("main", "Ask how they are, and listen more than you talk.", "Things to avoid", "Looking after yourself")
	friend.wantNoElement(`main table`)
	if txt := friend.text("main"); strings.Contains(txt, "Daily check-ins") || strings.Contains(txt, "Checked in on") {
		t.Errorf("with milestones shared alone, /supporting shows check-ins:\n%s", indent(txt))
	}
	friend.wantNowhere("the member's private note", privateNote, "brother")
	friend.wantFits()

	// The used link now fails, clearly, for the supporter too.
	if st := friend.open(link); st != 409 {
		t.Errorf("opening the used invitation answered status %d, want 409", st)
	}
	friend.wantText("main", "This invitation has already been used. Invitations work once; ask for a new one if you need it.")
	friend.wantNoElement(`main form[action="` + link + `"]`)

	// The member sees the friend among their people, and shares check-ins
	// too, as a summary.
	member.open("/support")
	member.wantText("main .support-list", sa.name, "(Friend)")
	shareAction := member.attr(`main .support-list form[action$="/share"]`, "action")
	supporterID := strings.TrimSuffix(strings.TrimPrefix(shareAction, "/support/"), "/share")
	if txt := member.text("main"); strings.Contains(txt, "Invitations not yet accepted") {
		t.Errorf("after acceptance /support still lists the invitation as not yet accepted:\n%s", indent(txt))
	}
	member.wantChecked("share-" + supporterID + "-milestones")
	member.pick("share-" + supporterID + "-checkins")
	if js[bool](member, fmt.Sprintf(`document.getElementById(%s).checked`, jsString("detail-"+supporterID))) {
		t.Errorf("the check-in detail box for the supporter is ticked; the invitation asked for no detail")
	}
	member.click(`main form[action="/support/` + supporterID + `/share"] button[type=submit]`)
	member.wantLocation("/support")
	member.wantFlash("Sharing changed. It applies from now on.")
	member.wantChecked("share-"+supporterID+"-milestones", "share-"+supporterID+"-checkins")
	member.wantFits()
	member.wantTableReadable("main table.stack")

	// The supporter reloads: the summary of check-ins, never the note.
	friend.open("/supporting")
	friend.wantText("main", "Daily check-ins", "Checked in on 1 of the last 14 days.", "days in a row")
	friend.wantElement(`main table`)
	friend.wantText("main table", "Mood (1–5)", "Craving (0–10)")
	if friend.has(`main table th:nth-child(4)`) {
		t.Errorf("a summary shows a column of other answers: %s", friend.text("main table"))
	}
	friend.wantNowhere("the member's private note", privateNote, "brother")

	// The same page in Spanish.
	friend.switchLanguage("es")
	friend.wantText("main", "Personas a las que apoyo", "Registros diarios", "Hizo su registro 1 de los últimos 14 días.",
		"Tiempo limpio y logros", "Cómo ayudar")
	friend.wantNowhere("the member's private note", privateNote, "brother")
	friend.switchLanguage("en")

	// The member sees the friend's reads in "who has seen my data".
	member.open("/account/access")
	member.wantText("main", "Who has seen your data", sa.name, "Allowed")
	if txt := member.text("main table"); strings.Count(txt, sa.name) < 2 {
		t.Errorf("/account/access lists %d reads by %s, want one for each time they opened /supporting (at least 2):\n%s",
			strings.Count(txt, sa.name), sa.name, indent(txt))
	}

	// The member stops sharing, on a page of its own that asks first.
	member.open("/support")
	member.click(`main a[href="/support/` + supporterID + `/end"]`)
	member.wantLocation("/support/" + supporterID + "/end")
	member.wantText("h1", "Stop sharing with "+sa.name+"?")
	member.wantFits()
	member.click(`main form[action="/support/` + supporterID + `/end"] button[type=submit]`)
	member.wantLocation("/support")
	member.wantFlash("Sharing ended. They can no longer see anything of yours.")
	member.wantText("main", "Nobody sees anything of yours yet.", "Ended")

	// The supporter's next request: it ended, without a reason, and nothing
	// of the member.
	friend.open("/supporting")
	friend.wantText("main", ma.name+" no longer shares anything with you.")
	if txt := friend.text("main"); strings.Contains(txt, "Checked in on") || strings.Contains(txt, "days in a row") ||
		strings.Contains(txt, "Clean time and milestones") || strings.Contains(txt, "Stage") {
		t.Errorf("after the member stopped sharing, /supporting still shows their data:\n%s", indent(txt))
	}
	friend.wantNoElement(`main table`)
	friend.wantNowhere("a reason for the end, or the member's note", "revoked", "reason", "because", privateNote)
	for _, path := range []string{"/api/v1/members/" + member.memberID() + "/recovery", "/api/v1/members/" + member.memberID() + "/checkins"} {
		if st := jsAwait[int](friend, fmt.Sprintf(`fetch(%s, {credentials: "same-origin"}).then(r => r.status)`, jsString(path))); st != 403 {
			t.Errorf("after the end, the supporter's GET %s answered %d, want 403", path, st)
		}
	}
}
