package notify

import "fmt"

// Notification kinds: the same strings as sqlstore's Kind constants.
const (
	KindSupportRequest  = "support_request"
	KindSupportAnswer   = "support_answer"
	KindCheckinReminder = "checkin_reminder"
)

// Text is what a notification says on one channel. Subject (email) and
// PushTitle/PushBody (lock screen) never carry health detail or names when
// the recipient is in discreet mode; the email body says only what to do.
type Text struct {
	Subject   string
	Body      string
	PushTitle string
	PushBody  string
}

// Compose writes the text for kind in locale ("en" or "es"). about is the
// name of the person it concerns, answer the supporter's answer
// ("calling", "on_my_way"), link the page to open.
func Compose(kind, locale string, discreet bool, about, answer, link string) (Text, error) {
	w, ok := wording[locale]
	if !ok {
		w = wording["en"]
	}
	var t Text
	switch kind {
	case KindSupportRequest:
		t = Text{Subject: w.needsYou, PushTitle: w.needsYou, PushBody: w.openOnward}
		if discreet {
			t.Body = fmt.Sprintf(w.requestDiscreet, link)
		} else {
			t.Subject = fmt.Sprintf(w.namedNeedsYou, about)
			t.Body = fmt.Sprintf(w.requestNamed, about, link)
		}
	case KindSupportAnswer:
		t = Text{Subject: w.someoneAnswered, PushTitle: w.someoneAnswered, PushBody: w.openOnward}
		reply := w.onMyWay
		if answer == "calling" {
			reply = w.calling
		}
		if discreet {
			t.Body = fmt.Sprintf(w.answerDiscreet, link)
		} else {
			t.Body = fmt.Sprintf(w.answerNamed, about, reply, link)
		}
	case KindCheckinReminder:
		t = Text{Subject: w.checkinTime, PushTitle: w.checkinTime, PushBody: w.openOnward, Body: fmt.Sprintf(w.checkinBody, link)}
	default:
		return Text{}, fmt.Errorf("compose: unknown notification kind %q", kind)
	}
	return t, nil
}

type words struct {
	needsYou, namedNeedsYou, openOnward, someoneAnswered, checkinTime string
	requestDiscreet, requestNamed, answerDiscreet, answerNamed        string
	calling, onMyWay, checkinBody                                     string
}

var wording = map[string]words{
	"en": {
		needsYou:        "Onward: someone needs you",
		namedNeedsYou:   "Onward: %s needs you",
		openOnward:      "Open Onward to see more.",
		someoneAnswered: "Onward: someone answered",
		checkinTime:     "Onward: time for your check-in",
		requestDiscreet: "Someone who trusts you has asked for support right now.\n\nOpen Onward to see who and to answer:\n%s\n",
		requestNamed:    "%s has asked for support right now.\n\nPlease reach out. Open Onward to answer:\n%s\n",
		answerDiscreet:  "Someone answered your request for support.\n\nOpen Onward to see the answer:\n%s\n",
		answerNamed:     "%s answered your request for support: %s\n\n%s\n",
		calling:         "I'm calling you.",
		onMyWay:         "On my way.",
		checkinBody:     "It's time for your daily check-in. It takes a minute:\n%s\n",
	},
	"es": {
		needsYou:        "Onward: alguien le necesita",
		namedNeedsYou:   "Onward: %s le necesita",
		openOnward:      "Abra Onward para ver más.",
		someoneAnswered: "Onward: alguien respondió",
		checkinTime:     "Onward: es hora de su registro diario",
		requestDiscreet: "Alguien que confía en usted pidió apoyo en este momento.\n\nAbra Onward para ver quién es y responder:\n%s\n",
		requestNamed:    "%s pidió apoyo en este momento.\n\nPor favor, comuníquese. Abra Onward para responder:\n%s\n",
		answerDiscreet:  "Alguien respondió a su pedido de apoyo.\n\nAbra Onward para ver la respuesta:\n%s\n",
		answerNamed:     "%s respondió a su pedido de apoyo: %s\n\n%s\n",
		calling:         "Le estoy llamando.",
		onMyWay:         "Voy en camino.",
		checkinBody:     "Es hora de su registro diario. Toma un minuto:\n%s\n",
	},
}
