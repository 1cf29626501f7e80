package e2e

import "testing"

// The footer's language switch turns the page it is on into Spanish and back,
// and the choice holds on the next pages. A browser that asks for Spanish
// gets it before any choice, and the switch wins over the browser. A
// signed-in member's choice is kept in the account, so it follows them to
// another device.
func TestLanguageSwitch(t *testing.T) {
	b := openTab(t)
	b.open("/")
	if got := b.lang(); got != "en" {
		t.Fatalf("a browser with no language preference gets <html lang=%q>, want en", got)
	}
	b.wantText("main h1", "Recovery from opioids is possible.")

	b.switchLanguage("es")
	b.wantText("main h1", "Recuperarse de los opioides es posible.")
	b.wantText("header a.help-now", "Obtenga ayuda ahora")
	if got := b.attr(`footer button[value=es]`, "aria-current"); got != "true" {
		t.Errorf(`the Español button has aria-current=%q on a Spanish page, want "true"`, got)
	}
	b.click("header a.help-now")
	wantLang(b, "es")
	b.wantText("main h1", "Obtenga ayuda ahora")
	b.open("/signin")
	wantLang(b, "es")
	b.wantText("main h1", "Iniciar sesión")

	b.switchLanguage("en")
	b.wantText("main h1", "Sign in")
	b.open("/crisis")
	wantLang(b, "en")

	// A browser set to Spanish.
	es := openTab(t)
	es.acceptLanguage("es-MX,es;q=0.9,en;q=0.5")
	es.open("/")
	wantLang(es, "es")
	es.wantText("main h1", "Recuperarse de los opioides es posible.")
	es.switchLanguage("en")
	es.open("/crisis")
	wantLang(es, "en")

	// A member's choice goes with the account.
	a := newAccount("language")
	phone := openTab(t)
	phone.signUp(a)
	phone.switchLanguage("es")
	phone.wantText("main h1", "Hola, "+a.name)
	phone.signOut()
	laptop := openTab(t) // English, and never told otherwise
	laptop.signIn(a.email, a.password)
	laptop.wantLocation("/")
	wantLang(laptop, "es")
	laptop.wantText("main h1", "Hola, "+a.name)
	laptop.switchLanguage("en")
	laptop.wantText("main h1", "Hello, "+a.name)
}

func wantLang(b *tab, want string) {
	b.t.Helper()
	if got := b.lang(); got != want {
		b.t.Errorf("%s is in <html lang=%q>, want %s", b.location(), got, want)
	}
}
