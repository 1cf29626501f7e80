package recovery

import (
	"testing"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/locale/localetest"
)

// english reads messages in English, for tests that compare wording.
var english = locale.Default().For("en")

// memberMessages lists every text a member may read, by where it is shown.
func memberMessages() map[string]i18n.Msg {
	texts := map[string]i18n.Msg{}
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
	return texts
}

// Every member-facing text is a message in every language, and a
// translation is a translation, not a copy of the English.
func TestEveryTextIsInEveryLanguage(t *testing.T) {
	for where, texts := range localetest.Read(t, memberMessages()) {
		for lang, s := range texts {
			if lang != locale.DefaultLanguage && s == texts[locale.DefaultLanguage] {
				t.Errorf("%s: the %s text is the English %q", where, lang, s)
			}
		}
	}
}

// Stage wording is found by the stage's id; nothing else is in that part
// of the catalogs.
func TestEveryStageMessageIsUsed(t *testing.T) {
	localetest.AllUsed(t, localetest.IDs(memberMessages()), "recovery.stage.")
}

// Milestone names and explanations count in each language's plural forms.
func TestMilestoneNamesAndExplanationsCountInTheLanguage(t *testing.T) {
	es := locale.Default().For("es")
	short := DefaultRiskModel()
	short.WindowDays = 1
	for _, tt := range []struct {
		m      i18n.Msg
		en, es string
	}{
		{Anniversary(1).Name, "1 year", "1 año"},
		{Anniversary(7).Name, "7 years", "7 años"},
		{Milestones()[0].Name, "24 hours", "24 horas"},
		{Milestones()[1].Name, "1 week", "1 semana"},
		{Milestones()[len(Milestones())-1].Name, "1,000 days", "1.000 días"},
		{rules()[1].explain(short), "You used in the last day. The days after a lapse carry more risk, so this is a time to follow your plan closely.",
			"Consumió en el último día. Los días que siguen a un consumo son de mayor riesgo, así que es momento de seguir su plan de cerca."},
		{rules()[1].explain(DefaultRiskModel()), "You used in the last 14 days. The days after a lapse carry more risk, so this is a time to follow your plan closely.",
			"Consumió en los últimos 14 días. Los días que siguen a un consumo son de mayor riesgo, así que es momento de seguir su plan de cerca."},
	} {
		if got := english.Msg(tt.m); got != tt.en {
			t.Errorf("English %q, want %q", got, tt.en)
		}
		if got := es.Msg(tt.m); got != tt.es {
			t.Errorf("Spanish %q, want %q", got, tt.es)
		}
	}
}
