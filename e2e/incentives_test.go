package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Contingency management in the browser, on the demo data: Jordan (the
// demo member on methadone) is in the demo program's voucher arm, which
// rewards tests negative for cocaine and amphetamines with the classic
// escalating schedule. His counsellor records a negative test: it earns
// the voucher his page promised. Then a positive test: the schedule goes
// back to its start, and what he earned stays. Jordan sees it all on his
// own page.
func TestATestResultEarnsAVoucherAndAPositiveResetsIt(t *testing.T) {
	const clinician = "dr.lee@demo.onward"
	staff := openTab(t)
	staff.signInWithCode(clinician, demoPassword, demoTOTPSecret(t, clinician))
	staff.open("/program/caseload")
	enrolment := js[string](staff, `[...document.querySelectorAll("main table a")].find(a => a.textContent.includes("Jordan"))?.getAttribute("href") ?? ""`)
	if enrolment == "" {
		t.Fatalf("the demo caseload has no Jordan:\n%s", indent(staff.text("main")))
	}
	staff.click(`main a[href="` + enrolment + `"]`)
	staff.wantText("main h1", "Jordan")
	incentives := staff.attr(`main a[href*="/incentives?"]`, "href")
	tests := staff.attr(`main a[href*="/tests?"]`, "href")

	staff.open(incentives)
	staff.wantText("main h1", "Incentives: Jordan")
	earned := amount(t, staff.text("dl.totals dd:first-of-type"))
	next := staff.text("ul.next li")
	voucher, bonus := promised(t, next)

	// A negative test earns what was promised.
	staff.open(tests)
	staff.wantText("main h1", "Drug tests: Jordan")
	recordTest(staff, map[string]string{"cocaine": "negative", "amphetamines": "negative", "methadone": "positive", "fentanyl": "negative"})
	staff.wantFlash("The test is saved.")
	staff.wantText("#tests li.card:first-child", "Cocaine: negative", "Methadone: positive · as expected")
	staff.open(incentives)
	if got := amount(t, staff.text("dl.totals dd:first-of-type")); got != earned+voucher+bonus {
		t.Fatalf("after a negative test Jordan has earned $%.2f, want $%.2f + $%.2f + $%.2f (%s)", got, earned, voucher, bonus, next)
	}
	earned += voucher + bonus
	staff.wantText("table.ledger tbody", "Voucher · Negative tests")
	afterNegative, _ := promised(t, staff.text("ul.next li"))
	if afterNegative != voucher+1.25 {
		t.Errorf("the next voucher is $%.2f, want $1.25 more than the last, $%.2f", afterNegative, voucher+1.25)
	}

	// A positive test resets the schedule; what was earned stays.
	staff.open(tests)
	recordTest(staff, map[string]string{"cocaine": "positive", "amphetamines": "negative"})
	staff.wantFlash("The test is saved.")
	staff.wantText("#tests li.card:first-child", "Cocaine: positive", "not expected")
	staff.open(incentives)
	if got := amount(t, staff.text("dl.totals dd:first-of-type")); got != earned {
		t.Errorf("after a positive test Jordan has $%.2f earned, want the $%.2f he had", got, earned)
	}
	staff.wantText("ul.next li", "your next one earns $2.50")

	// Jordan sees his earnings and what comes next.
	member := openTab(t)
	member.phone()
	if st := member.signIn("jordan@demo.onward", demoPassword); st != 200 {
		t.Fatalf("sign in as Jordan: status %d", st)
	}
	member.open("/care")
	member.click(`main a[href="/care/incentives"]`)
	member.wantLocation("/care/incentives")
	member.wantText("main h1", "My incentives")
	member.wantText("main", "Stimulant-free vouchers (demo)", "Left to spend", "your next one earns $2.50", "Bus pass (demo)")
	if got := amount(t, member.text("dl.totals dd:first-of-type")); got != earned {
		t.Errorf("Jordan's page says he earned $%.2f, want $%.2f", got, earned)
	}
	member.wantNoSideways()
	member.click(`main a[href="/care"]`)
	member.click(`main a[href="/care/tests"]`)
	member.wantText("main", "Cocaine: positive", "I think this result is wrong")
	member.switchLanguage("es")
	member.wantText("main h1", "Mis resultados de análisis")
	member.open("/care/incentives")
	member.wantText("main", "Queda por gastar")
	member.switchLanguage("en")

	// The program's pages for testing and incentives, as the admin sees
	// them with the forms to choose the panel and open an arm.
	const admin = "admin@demo.onward"
	adminTab := openTab(t)
	adminTab.signInWithCode(admin, demoPassword, demoTOTPSecret(t, admin))
	adminTab.open("/program/testing")
	adminTab.wantText("main h1", "Drug testing")
	adminTab.wantElement(`main form[action="/program/testing/panel"]`)
	adminTab.open("/program/incentives")
	adminTab.wantText("main", "Stimulant-free vouchers (demo)", "Attendance fishbowl (demo)", "up to $750.00 per member a year")
	adminTab.wantElement(`main form[action="/program/incentives/arms"]`)
}

// recordTest fills in the test form on a member's tests page with a
// result for each substance given, as tested at the point of care now, and
// saves it.
func recordTest(b *tab, results map[string]string) {
	b.t.Helper()
	b.pick("status-collected")
	for substance, result := range results {
		b.pick("r-" + substance + "-" + result)
	}
	if st := b.click(`#record form button[type=submit]`); st != 200 {
		b.t.Fatalf("saving the test ended on status %d at %s", st, b.location())
	}
}

var dollars = regexp.MustCompile(`\$([0-9,]+\.[0-9]{2})`)

// amount reads the first dollar amount in text.
func amount(t *testing.T, text string) float64 {
	t.Helper()
	m := dollars.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no amount in %q", text)
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// promised reads the next voucher and its bonus from "Negative tests: your
// next one earns $5.00 plus a $10.00 bonus".
func promised(t *testing.T, next string) (voucher, bonus float64) {
	t.Helper()
	all := dollars.FindAllStringSubmatch(next, -1)
	if len(all) == 0 {
		t.Fatalf("the next target says %q: no amount", next)
	}
	voucher = amount(t, all[0][0])
	if len(all) > 1 {
		bonus = amount(t, all[1][0])
	}
	return voucher, bonus
}
