package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The daily check-in on a phone: tapping the button-like answers for mood
// and craving and one self-care box under "More" saves it, in well under 30
// seconds from the loaded page to the home page saying "Done for today".
// Opened again, the form shows the saved answers and says that saving again
// replaces it. When another device saved the day's check-in after this form
// was opened, saving the stale form keeps the typed answers, says so, and
// saves only when sent again.
func TestDailyCheckInUnder30Seconds(t *testing.T) {
	b, a := memberTab(t, "checkin")
	b.onboard(localDay(12), map[string]string{"#medication": "none"})
	b.wantText("main", "How are you today? It takes less than a minute.")

	b.click(`main a.button[href="/checkin"]`) // Check in now
	b.wantLocation("/checkin")
	b.wantText("main h1", "How are you today?")
	if b.has(`details.more[open]`) {
		t.Error(`the "More" part of a new check-in is open; it should start closed, to keep the check-in short`)
	}
	if got := b.value(`input[name="day"]`); got != localDay(0) {
		t.Errorf("the check-in form is for the day %q, want today in Chicago, %s", got, localDay(0))
	}
	b.wantNoSideways()

	// Scripted taps, timed from the loaded page to the home page after the
	// save (without the accessibility checks, which a person does not wait
	// for).
	ctx, cancel := b.bounded()
	start := time.Now()
	resp, err := chromedp.RunResponse(ctx,
		chromedp.Click(chromedp.CSS(`label[for="mood-4"]`)),
		chromedp.Click(chromedp.CSS(`label[for="craving-2"]`)),
		chromedp.Click(chromedp.CSS(`details.more > summary`)),
		chromedp.Click(chromedp.CSS(`label[for="exercise"]`)),
		chromedp.Click(chromedp.CSS(`main form[action="/checkin"] button[type=submit]`)),
	)
	took := time.Since(start)
	cancel()
	if err != nil {
		t.Fatalf("check in with four taps and Save: %v", err)
	}
	t.Logf("the check-in took %s from the loaded form to the loaded home page (4 taps and Save, scripted)", took.Round(time.Millisecond))
	if took > 30*time.Second {
		t.Errorf("the check-in took %s, want under 30 seconds", took)
	}
	if resp.Status != 200 {
		t.Errorf("saving the check-in ended on status %d", resp.Status)
	}
	b.checkPage()
	b.wantLocation("/")
	b.wantFlash("Your check-in is saved.")
	b.wantText("main", "Done for today. Thank you.")
	b.wantElement(`main a[href="/checkin"]`) // Change it

	// Opened again: the saved answers, and a word that saving replaces them.
	b.click(`main a[href="/checkin"]`)
	b.wantText("main .note", "You already checked in; saving again replaces it.")
	b.wantChecked("mood-4", "craving-2", "exercise")
	b.wantElement(`details.more[open]`)
	if got := b.value(`input[name="version"]`); got != "1" {
		t.Errorf("the form of a saved check-in carries version %q, want 1", got)
	}

	// Another device saves the day's check-in while this form is open.
	phone := openTab(t)
	phone.timeZone(memberZone)
	if st := phone.signIn(a.email, a.password); st != 200 {
		t.Fatalf("sign in on the other device: status %d", st)
	}
	phone.open("/checkin")
	phone.pick("mood-2")
	phone.pick("craving-6")
	phone.click(`main form[action="/checkin"] button[type=submit]`)
	phone.wantFlash("Your check-in is saved.")

	// The stale form: changed and sent.
	b.pick("mood-1")
	b.pick("craving-9")
	b.fill("#note", "rough afternoon")
	if st := b.click(`main form[action="/checkin"] button[type=submit]`); st != 409 {
		t.Errorf("saving a check-in that another device replaced answered status %d, want 409", st)
	}
	b.wantLocation("/checkin")
	b.wantFlash("You already saved a check-in for this day in another window or device. Your answers below are not saved yet: check them, then save again to replace it.")
	b.wantChecked("mood-1", "craving-9", "exercise") // what was typed, not what is stored
	if got := b.value("#note"); got != "rough afternoon" {
		t.Errorf("the note holds %q after the conflict, want what was typed", got)
	}
	if got := b.value(`input[name="version"]`); got != "2" {
		t.Errorf("after the conflict the form carries version %q, want 2, the other device's, so that saving again replaces it", got)
	}
	if got := b.apiCheckIns(); len(got) != 1 || got[0].Mood != 2 || got[0].Craving != 6 || got[0].Version != 2 {
		t.Errorf("after the refused save the server holds %+v, want the other device's check-in (mood 2, craving 6, version 2) alone", got)
	}

	// Saved again, on purpose: it replaces the other device's.
	if st := b.click(`main form[action="/checkin"] button[type=submit]`); st != 200 {
		t.Errorf("saving again after the conflict ended on status %d", st)
	}
	b.wantLocation("/")
	b.wantFlash("Your check-in is saved.")
	got := b.apiCheckIns()
	if len(got) != 1 || got[0].Day != localDay(0) || got[0].Mood != 1 || got[0].Craving != 9 || !got[0].Exercise || got[0].Version != 3 {
		t.Errorf("the server holds %+v, want one check-in for %s: mood 1, craving 9, exercise, version 3", got, localDay(0))
	}
}

// The history page after check-ins today and yesterday: the month's
// calendar marks both days with a tick whose hidden text a screen reader
// reads, three SVG charts have role=img, a name and a text summary, and the
// same numbers are in a table inside <details>. In English and Spanish.
func TestHistoryChartsAndCalendar(t *testing.T) {
	b, _ := memberTab(t, "history")
	b.onboard(localDay(10), nil)

	// Yesterday, from the home page's link, then today.
	yesterday, today := localDay(1), localDay(0)
	b.click(`main a[href="/checkin?day=` + yesterday + `"]`)
	b.wantText("main h1", "How was yesterday?")
	if got := b.value(`input[name="day"]`); got != yesterday {
		t.Errorf("the form for yesterday is for the day %q, want %s", got, yesterday)
	}
	b.pick("mood-2")
	b.pick("craving-6")
	b.do("open More", chromedp.Click(chromedp.CSS(`details.more > summary`)))
	b.fill("#sleep_hours", "5")
	b.click(`main form[action="/checkin"] button[type=submit]`)
	b.wantFlash("Your check-in is saved.")
	b.wantText("main", "How are you today?") // yesterday's does not count for today

	b.click(`main a.button[href="/checkin"]`)
	b.pick("mood-4")
	b.pick("craving-3")
	b.do("open More", chromedp.Click(chromedp.CSS(`details.more > summary`)))
	b.fill("#sleep_hours", "7.5")
	b.click(`main form[action="/checkin"] button[type=submit]`)
	b.wantText("main", "Done for today.")

	b.click(`nav a[href="/history"]`)
	b.wantLocation("/history")
	b.wantText("main h1", "History")
	b.wantNoSideways()

	// The calendar: a tick on each day, read out with the answers. When
	// yesterday was in the month before, it is on that month's page.
	marks := calendarMarks(b)
	wantMark(b, marks, today, "Checked in, mood 4 of 5, craving 3 of 10")
	if yesterday[:7] == today[:7] {
		wantMark(b, marks, yesterday, "Checked in, mood 2 of 5, craving 6 of 10")
		if len(marks) != 2 {
			t.Errorf("the calendar marks %d days, want 2: %v", len(marks), marks)
		}
	}
	b.wantElement(`table.calendar td.today`)
	b.wantText("table.calendar caption", "A tick is a check-in, a dot a lapse.")
	// The month before is offered only when the recovery started before
	// this month; a future month never.
	if localDay(10)[:7] == today[:7] {
		b.wantNoElement(`main nav.month-nav a[rel="prev"]`)
	} else {
		b.wantElement(`main nav.month-nav a[rel="prev"]`)
	}
	b.wantNoElement(`main nav.month-nav a[rel="next"]`)

	// Three charts, each an image with a name and a summary in words.
	type chartInfo struct {
		Role, LabelledBy, Name, Summary string
		Dots                            int
		Line                            bool
	}
	charts := js[[]chartInfo](b, `[...document.querySelectorAll("main figure.chart")].map(f => {
		const svg = f.querySelector("svg");
		const ids = (svg?.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
		return {
			Role: svg?.getAttribute("role") ?? "",
			LabelledBy: ids.join(" "),
			Name: ids.map(id => document.getElementById(id)?.textContent.trim() ?? "(missing #" + id + ")").join(" | "),
			Summary: f.querySelector("p.note")?.textContent.trim() ?? "",
			Dots: svg ? svg.querySelectorAll("circle.dot").length : 0,
			Line: svg?.querySelector("polyline.line") != null,
		};
	})`)
	// The words of the summaries may change; the numbers must not.
	wantSummaries := [][]string{
		{"Mood", "from 1 (very low) to 5 (very good)", "2 days answered in the last 30", "average 3,", "lowest 2,", "highest 4;", "the latest answer is higher than the first."},
		{"Craving", "from 0 (none) to 10 (strongest)", "2 days answered in the last 30", "average 4.5,", "lowest 3,", "highest 6;", "the latest answer is lower than the first."},
		{"Sleep", "hours a night", "2 days answered in the last 30", "average 6.3,", "lowest 5,", "highest 7.5;", "the latest answer is higher than the first."},
	}
	if len(charts) != len(wantSummaries) {
		t.Fatalf("the history shows %d charts, want %d: %+v", len(charts), len(wantSummaries), charts)
	}
	for i, c := range charts {
		if c.Role != "img" {
			t.Errorf("chart %d: the svg has role=%q, want img", i+1, c.Role)
		}
		if !strings.Contains(c.Name, c.Summary) || !strings.HasPrefix(c.Name, wantSummaries[i][0]) || strings.Contains(c.Name, "(missing") {
			t.Errorf("chart %d is named by %q: %q; want its title and its summary", i+1, c.LabelledBy, c.Name)
		}
		for _, want := range wantSummaries[i] {
			if !strings.Contains(c.Summary, want) {
				t.Errorf("chart %d's summary says %q, want it to say %q", i+1, c.Summary, want)
			}
		}
		if c.Dots != 2 || !c.Line {
			t.Errorf("chart %d draws %d dots (line: %v), want 2 dots joined by a line", i+1, c.Dots, c.Line)
		}
	}

	// The same numbers as a table, closed until asked for.
	const table = `main section[aria-labelledby="trend-h"] details`
	if b.has(table + `[open]`) {
		t.Error("the table of check-ins starts open")
	}
	b.do("open the table", chromedp.Click(chromedp.CSS(table+` > summary`)))
	rows := js[[]string](b, `[...document.querySelectorAll("main section[aria-labelledby=trend-h] details tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()).join(" | "))`)
	if len(rows) != 2 || !strings.HasSuffix(rows[0], "| 4 | 3 | 7.5") || !strings.HasSuffix(rows[1], "| 2 | 6 | 5") {
		t.Errorf("the table's rows are %q; want today (4, 3, 7.5), then yesterday (2, 6, 5)", rows)
	}
	checkA11y(t, b.ctx, "/history with the table open")
	screenshot(t, b.ctx, "history-table-open")

	// The month before, when yesterday is there.
	if yesterday[:7] != today[:7] {
		b.click(`main nav.month-nav a[rel="prev"]`)
		wantMark(b, calendarMarks(b), yesterday, "Checked in, mood 2 of 5, craving 6 of 10")
		b.open("/history")
	}

	// In Spanish.
	b.switchLanguage("es")
	b.wantText("main h1", "Historial")
	wantMark(b, calendarMarks(b), today, "Registrado, ánimo 4 de 5, ganas de consumir 3 de 10")
	b.wantText("main figure.chart p.note", "Ánimo", "de 1 (muy bajo) a 5 (muy bien)", "2 días respondidos de los últimos 30", "promedio 3,", "la respuesta más reciente es más alta que la primera.")
	b.wantText(`main section[aria-labelledby="trend-h"] details summary`, "Lo mismo en una tabla")
	b.switchLanguage("en")
}

// calendarMarks returns, for each day of the shown month that the calendar
// marks, the day of the month and the mark's text as a screen reader reads
// it (the visible tick is "✓", the words are visually hidden).
func calendarMarks(b *tab) map[int]string {
	b.t.Helper()
	type mark struct {
		Day  int
		Text string
	}
	list := js[[]mark](b, `[...document.querySelectorAll("table.calendar td:not(.out)")].filter(td => td.querySelector(".mark")).map(td => ({
		Day: Number(td.querySelector(".date").textContent),
		Text: [...td.querySelectorAll(".mark .visually-hidden")].map(e => e.textContent.trim()).join("; "),
	}))`)
	marks := map[int]string{}
	for _, m := range list {
		marks[m.Day] = m.Text
	}
	return marks
}

// wantMark fails unless the calendar marks the day (2026-11-21) with want.
func wantMark(b *tab, marks map[int]string, day, want string) {
	b.t.Helper()
	var d int
	fmt.Sscanf(day[8:], "%d", &d)
	if got, ok := marks[d]; !ok || got != want {
		b.t.Errorf("on %s the calendar marks %s with %q, want %q (all marks: %v)", b.location(), day, got, want, marks)
	}
}
