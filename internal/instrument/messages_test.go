package instrument

import (
	"fmt"
	"testing"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/locale/localetest"
)

// The wording lives in the catalogs under ids built from the instruments'
// and items' ids (scales.go). These tests hold the two in step: every id a
// definition builds is a message in every language, every "instrument."
// message is built by some definition, and the reviewed wording is there
// word for word.

// definitionMessages lists every text of d a person may read, by where it
// is shown.
func definitionMessages(d *Definition) map[string]i18n.Msg {
	texts := map[string]i18n.Msg{
		"Name":        d.Name,
		"Description": d.Description,
		"Timeframe":   d.Timeframe,
	}
	for _, item := range d.Items {
		texts["item "+item.ID] = item.Text
		for _, o := range item.Options {
			texts[fmt.Sprintf("item %s option %d", item.ID, o.Value)] = o.Label
		}
	}
	for _, b := range d.Bands {
		texts["band "+b.ID] = b.Label
		if b.Advice.ID != "" {
			texts["band "+b.ID+" advice"] = b.Advice
		}
	}
	for _, s := range d.Subscales {
		texts["subscale "+s.ID] = s.Label
	}
	return texts
}

// everyFlag raises each flag the scorer can raise.
func everyFlag() []Flag {
	return []Flag{suicideRiskFlag(), fullFormSuggestedFlag("PHQ-9"), buprenorphineStartThresholdFlag(9, 8)}
}

func TestFlagMessagesAreInEveryLanguage(t *testing.T) {
	flags := map[string]i18n.Msg{}
	for _, f := range everyFlag() {
		flags["flag "+f.Code] = f.Message
	}
	localetest.Read(t, flags)
}

// TestEveryInstrumentMessageIsUsed: the catalogs hold no instrument wording
// that no definition, flag or answer error uses.
func TestEveryInstrumentMessageIsUsed(t *testing.T) {
	used := []string{MsgMissingAnswer, MsgUnknownItem, MsgAnswerNotAllowed}
	for _, d := range All() {
		used = localetest.IDs(definitionMessages(d), used...)
	}
	for _, f := range everyFlag() {
		used = append(used, f.Message.ID)
	}
	localetest.AllUsed(t, used, "instrument.")
}

// TestPublishedWording compares texts with the English and Spanish wording
// in use for each instrument (our reviewed paraphrase, docs/instruments.md),
// word for word: a change to the catalogs must not rephrase them unnoticed.
func TestPublishedWording(t *testing.T) {
	en, es := locale.Default().For("en"), locale.Default().For("es")
	item := func(id, itemID string) Item {
		d, _ := Get(id)
		for _, it := range d.Items {
			if it.ID == itemID {
				return it
			}
		}
		t.Fatalf("%s has no item %s", id, itemID)
		return Item{}
	}
	option := func(it Item, value int) i18n.Msg {
		for _, o := range it.Options {
			if o.Value == value {
				return o.Label
			}
		}
		t.Fatalf("item %s has no answer %d", it.ID, value)
		return i18n.Msg{}
	}
	phq9Item9, cowsItem1, dast10Item3, bamItem14 := item(PHQ9, "9"), item(COWS, "1"), item(DAST10, "3"), item(BAM, "14")
	phq9, _ := Get(PHQ9)
	for _, tt := range []struct {
		what   string
		m      i18n.Msg
		en, es string
	}{
		{"PHQ-9 item 9", phq9Item9.Text,
			"Thoughts that you would be better off dead, or of hurting yourself in some way",
			"Pensamientos de que estaría mejor muerto o de hacerse daño de alguna manera"},
		{"PHQ-9 answer 2", option(phq9Item9, 2), "More than half the days", "Más de la mitad de los días"},
		{"PHQ-9 timeframe", phq9.Timeframe, "Over the last 2 weeks", "En las últimas 2 semanas"},
		{"PHQ-9 band", phq9.Bands[3].Label, "Moderately severe depression symptoms", "Síntomas depresivos moderadamente graves"},
		{"PHQ-2 item 1", item(PHQ2, "1").Text, "Little interest or enjoyment in doing things", "Poco interés o disfrute al hacer las cosas"},
		{"GAD-7 item 2", item(GAD7, "2").Text, "Being unable to stop or control worrying", "No poder dejar de preocuparse ni controlar la preocupación"},
		{"COWS item 1", cowsItem1.Text,
			"Resting pulse (beats per minute), taken after one minute sitting or lying down",
			"Pulso en reposo (latidos por minuto), tomado tras un minuto sentado o acostado"},
		{"COWS item 1 answer 4", option(cowsItem1, 4), "Above 120", "Más de 120"},
		{"COWS item 11 answer 3", option(item(COWS, "11"), 3),
			"Gooseflesh can be felt, or hairs stand up on the arms",
			"La piel de gallina se nota al tacto o el vello de los brazos está erizado"},
		{"DAST-10 item 3", dast10Item3.Text, "Are you always able to stop using drugs when you want to?",
			"¿Puede dejar de consumir drogas siempre que lo desea?"},
		{"DAST-10 answer yes", option(dast10Item3, 1), "Yes", "Sí"},
		{"BAM item 5", item(BAM, "5").Text,
			"On how many days did you have 5 or more drinks (men) or 4 or more (women)? One drink is a 12 oz beer, a 5 oz glass of wine or a 1.5 oz shot of spirits.",
			"¿Cuántos días tomó 5 bebidas o más (hombres) o 4 o más (mujeres)? Una bebida es una cerveza de 355 ml, una copa de vino de 150 ml o un trago de licor de 45 ml."},
		{"BAM item 14 answer 4", option(bamItem14, 4), "Yes", "Sí"},
		{"SOWS item 16", item(SOWS, "16").Text, "Urge to use right now", "Ganas de consumir ahora mismo"},
		{"suicide risk flag", suicideRiskFlag().Message,
			"Thoughts of being better off dead or of self-harm were reported. A clinician needs to assess suicide risk, whatever the total score. Crisis help is available right now.",
			"Se indicaron pensamientos de que estaría mejor muerto o de hacerse daño. Un profesional clínico debe evaluar el riesgo de suicidio, sea cual sea la puntuación total. Hay ayuda en crisis disponible ahora mismo."},
		{"COWS threshold flag", buprenorphineStartThresholdFlag(13, 12).Message,
			"COWS total 13 is at or above this program's buprenorphine start threshold of 12. The prescriber confirms objective withdrawal signs before the first dose.",
			"La puntuación COWS de 13 alcanza o supera el umbral de inicio de buprenorfina de este programa (12). El prescriptor confirma signos objetivos de abstinencia antes de la primera dosis."},
		{"full form flag", fullFormSuggestedFlag("GAD-7").Message,
			"A score of 3 or more: taking the full GAD-7 is suggested.", "Una puntuación de 3 o más: se recomienda completar el GAD-7."},
	} {
		if got := en.Msg(tt.m); got != tt.en {
			t.Errorf("%s in English is %q, want %q", tt.what, got, tt.en)
		}
		if got := es.Msg(tt.m); got != tt.es {
			t.Errorf("%s in Spanish is %q, want %q", tt.what, got, tt.es)
		}
	}
}
