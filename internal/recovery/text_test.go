package recovery

import "testing"

func TestTextIn(t *testing.T) {
	txt := Text{"en": "One year", "es": "Un año"}
	tests := []struct{ locale, want string }{
		{"en", "One year"},
		{"es", "Un año"},
		{"es-MX", "Un año"},
		{"es_US", "Un año"},
		{"ES", "Un año"},
		{"fr", "One year"},
		{"", "One year"},
	}
	for _, tt := range tests {
		if got := txt.In(tt.locale); got != tt.want {
			t.Errorf("In(%q) = %q, want %q", tt.locale, got, tt.want)
		}
	}
}

// Every member-facing text exists in English and Spanish, and the Spanish is a
// translation, not a copy.
func TestEveryTextHasEnglishAndSpanish(t *testing.T) {
	texts := map[string]Text{}
	for _, s := range Stages() {
		texts["stage "+s.ID+" name"] = s.Name
		texts["stage "+s.ID+" focus"] = s.Focus
	}
	for _, m := range append(Milestones(), Anniversary(3), Anniversary(10)) {
		texts["milestone "+m.ID] = m.Name
	}
	m := DefaultRiskModel()
	for _, r := range rules() {
		texts["signal "+r.code] = r.explain(m)
	}
	for name, txt := range texts {
		if txt["en"] == "" || txt["es"] == "" {
			t.Errorf("%s: en %q, es %q; both are needed", name, txt["en"], txt["es"])
		}
		if txt["en"] == txt["es"] {
			t.Errorf("%s: Spanish is the English text %q", name, txt["en"])
		}
		if len(txt) != 2 {
			t.Errorf("%s has languages %v, want en and es", name, txt)
		}
	}
}
