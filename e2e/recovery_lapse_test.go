package e2e

import (
	"strings"
	"testing"
)

// The safety rule, end to end: a member 40 days into recovery records a
// lapse yesterday through "I used". The page that follows shows the
// lowered-tolerance overdose message first, on the first screen of a phone
// (your tolerance is lower, a usual dose can now kill you, do not use alone,
// naloxone, a link that dials the emergency number); then that a lapse is
// not a failure, with the total days and the longest streak kept. The home
// page then shows the current count started again, the totals and a
// standing "Stay safe" note. A check-in that says "I used today" leads to
// the lapse form too, and on to the same message, here in Spanish; with
// today a day of use as well, the total is 38.
//
// The numbers (internal/recovery, default convention): last use 40 days
// ago and a lapse yesterday make a first streak from day 40 ago through
// the day before yesterday, 38 days, and a current one of 1 day; the total
// leaves out only the lapse day: 38 + 1 = 39.
func TestLapseShowsOverdoseSafety(t *testing.T) {
	b, _ := memberTab(t, "lapse")
	b.onboard(localDay(40), nil)
	b.wantWords("main .count .days", "40 days in recovery")
	b.wantNoElement("main .safety-note")

	b.click(`main a[href="/lapse"]`) // I used
	b.wantLocation("/lapse")
	b.wantText("main h1", "Record a lapse")
	b.wantText("main .lead", "A lapse does not erase your progress.")
	if got := b.value("#day"); got != localDay(0) {
		t.Errorf("the lapse form starts with the day %q, want today, %s", got, localDay(0))
	}
	b.setValue("#day", localDay(1))
	b.fill("#what", "heroin")
	b.fill("#led_to", "payday, alone at home")
	b.click(`main form[action="/lapse"] button[type=submit]`)
	b.wantLocation("/lapse/safety")
	wantOverdoseSafetyFirst(b)
	b.wantText("main", "A lapse is a signal to adjust the plan, not a failure.",
		"39 days in recovery in all", "Longest streak: 38 days", "the day you used is not counted")
	b.wantNoSideways()

	b.click(`main a.button[href="/"]`) // Back to today
	b.wantLocation("/")
	b.wantWords("main .count .days", "1 day in recovery")
	b.wantText("main .count", "39 days in recovery in all · Longest streak: 38 days")
	b.wantText("main .safety-note", "Stay safe: your tolerance is lower", "Do not use alone", "naloxone")
	b.wantElement(`main .safety-note a[href="/crisis"]`)
	b.wantText("main", "Milestones reached", "30 days") // kept from before the lapse
	b.wantNoSideways()

	// A check-in saying "I used today" records the lapse with it and goes
	// straight to overdose safety, offering the lapse form for the details;
	// in Spanish.
	b.switchLanguage("es")
	b.click(`nav a[href="/checkin"]`)
	b.pick("mood-2")
	b.pick("craving-8")
	b.wantText(`label[for="used"]`, "Consumí hoy")
	b.pick("used")
	b.click(`main form[action="/checkin"] button[type=submit]`)
	b.wantLocation("/lapse/safety?day=" + localDay(0))
	b.wantFlash("Su registro está guardado.")
	b.wantElement(`main a[href="/lapse?day=` + localDay(0) + `"]`)
	b.wantText("main section.emergency h1", "Cuídese: ahora su tolerancia es más baja")
	b.wantText("main section.emergency", "Ahora una dosis habitual puede matarle.", "No consuma a solas", "naloxona")
	b.wantText(`main section.emergency a.call-button[href="tel:911"]`, "Llame al 911 ahora")
	logCallButton(b)
	// Today is a day of use now too: the total leaves it out as well.
	b.wantText("main", "no un fracaso", "38 días en recuperación en total", "Racha más larga: 38 días")
	b.open("/")
	b.wantWords("main .count .days", "0 días en recuperación")
	b.wantText("main .safety-note", "Cuídese: su tolerancia es más baja")
	b.switchLanguage("en")
}

// wantOverdoseSafetyFirst checks, in English, that the page after a lapse
// opens with the overdose-safety message: it is the first thing in <main>,
// it says what it must, its call link dials the emergency number, and it
// is on a phone's first screen, above the words about progress.
func wantOverdoseSafetyFirst(b *tab) {
	b.t.Helper()
	if !js[bool](b, `document.querySelector("main > *")?.matches("section.emergency") === true`) {
		b.t.Errorf("the first thing in <main> on %s is %s, want the overdose-safety section",
			b.location(), js[string](b, `document.querySelector("main > *")?.outerHTML.slice(0, 120) ?? "nothing"`))
	}
	b.wantText("main section.emergency h1", "Stay safe: your tolerance is lower now")
	b.wantText("main section.emergency",
		"your tolerance is lower",
		"A usual dose can now kill you.",
		"Do not use alone.",
		"naloxone",
		"Do not mix with alcohol, benzodiazepines or other sedatives.",
	)
	b.wantText(`main section.emergency a.call-button[href="tel:911"]`, "Call 911 now")
	b.wantElement(`main section.emergency a[href="/crisis"]`)
	logCallButton(b)
	call := b.top(`main section.emergency a.call-button`)
	if call > phoneHeight {
		b.t.Errorf("the emergency call button is at %.0fpx, below the first screen of a %dpx phone", call, phoneHeight)
	}
	progress := js[float64](b, `(() => {
		const p = [...document.querySelectorAll("main p")].find(p => p.textContent.includes("not a failure"));
		return p ? p.getBoundingClientRect().top + window.scrollY : -1;
	})()`)
	if progress < 0 {
		b.t.Errorf("%s does not say that a lapse is not a failure", b.location())
	} else if progress <= call {
		b.t.Errorf("on %s, \"not a failure\" (at %.0fpx) comes before the emergency call button (at %.0fpx); safety must come first", b.location(), progress, call)
	}
	if text := b.text("main"); strings.Index(text, "not a failure") < strings.Index(text, "A usual dose can now kill you") {
		b.t.Errorf("on %s the progress message is read before the overdose warning", b.location())
	}
}

// logCallButton logs where the emergency call button is on the page, to
// report whether a phone shows it whole on its first screen.
func logCallButton(b *tab) {
	b.t.Helper()
	box := js[[]float64](b, `(r => [r.top + scrollY, r.bottom + scrollY])(document.querySelector("main section.emergency a.call-button").getBoundingClientRect())`)
	b.t.Logf("on %s (lang %s) the emergency call button spans %.0f to %.0fpx; the phone's first screen ends at %dpx", b.location(), b.lang(), box[0], box[1], phoneHeight)
}
