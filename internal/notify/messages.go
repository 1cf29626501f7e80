package notify

import (
	"fmt"

	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/locale"
)

// Notification kinds: the same strings as sqlstore's Kind constants.
const (
	KindSupportRequest  = "support_request"
	KindSupportAnswer   = "support_answer"
	KindCheckinReminder = "checkin_reminder"
	KindCareAlert       = "care_alert"
	KindCareEscalation  = "care_escalation"
	KindCallbackRequest = "callback_request"
	KindTestDay         = "test_day"
	KindDoseReminder    = "dose_reminder"
	KindInjectionDue    = "injection_due"
	KindKitExpiry       = "kit_expiry"
	KindMissedDose      = "missed_dose"
	KindSessionReminder = "session_reminder"
)

// reminderBodies are the bodies of the medication reminders.
var reminderBodies = map[string]string{KindDoseReminder: "notify.dose_reminder.body", KindInjectionDue: "notify.injection_due.body",
	KindKitExpiry: "notify.kit_expiry.body"}

// Text is what a notification says on one channel. Subject (email) and
// PushTitle/PushBody (lock screen) never carry health detail or names when
// the recipient is in discreet mode; the email body says only what to do.
type Text struct {
	Subject   string
	Body      string
	PushTitle string
	PushBody  string
}

// Compose writes the text for kind in the language code lang (an unknown
// one gets the default language). about is the name of the person it
// concerns, answer the supporter's answer ("calling", "on_my_way"), link
// the page to open. The wording is in the catalogs (notify.LANG.toml).
func Compose(kind, lang string, discreet bool, about, answer, link string) (Text, error) {
	l := locale.Default().For(lang)
	openOnward := l.T("notify.push.open_onward_to_see_more")
	var t Text
	switch kind {
	case KindSupportRequest:
		subject := l.T("notify.support_request.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.support_request.body", "Link", link)}
		if !discreet {
			t.Subject = l.T("notify.support_request.subject_named", "Name", about)
			t.Body = l.T("notify.support_request.body_named", "Name", about, "Link", link)
		}
	case KindSupportAnswer:
		subject := l.T("notify.support_answer.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.support_answer.body", "Link", link)}
		if !discreet {
			reply := i18n.M("notify.on_my_way")
			if answer == "calling" {
				reply = i18n.M("notify.im_calling_you")
			}
			t.Body = l.T("notify.support_answer.body_named", "Name", about, "Reply", reply, "Link", link)
		}
	case KindCheckinReminder:
		subject := l.T("notify.checkin_reminder.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.checkin_reminder.body", "Link", link)}
	case KindCareAlert, KindCareEscalation, KindCallbackRequest:
		// Whoever the alert or request is about and why stay in Onward: a
		// care team's phone is no more private than anyone's.
		subject := l.T("notify." + kind + ".subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify."+kind+".body", "Link", link)}
	case KindTestDay:
		// A drug test today: whatever the discreet setting, the text says
		// only that there is something to do today (docs/testing.md).
		subject := l.T("notify.test_day.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.test_day.body", "Link", link)}
	case KindDoseReminder, KindInjectionDue, KindKitExpiry:
		// A reminder never names the medicine, in any mode: a lock screen
		// or a shared inbox must not tell anyone what it is for.
		subject := l.T("notify.medication_reminder.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T(reminderBodies[kind], "Link", link)}
	case KindMissedDose:
		subject := l.T("notify.missed_dose.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.missed_dose.body", "Link", link)}
		if !discreet {
			t.Subject = l.T("notify.missed_dose.subject_named", "Name", about)
			t.Body = l.T("notify.missed_dose.body_named", "Name", about, "Link", link)
		}
	case KindSessionReminder:
		subject := l.T("notify.session_reminder.subject")
		t = Text{Subject: subject, PushTitle: subject, PushBody: openOnward, Body: l.T("notify.session_reminder.body", "Link", link)}
	default:
		return Text{}, fmt.Errorf("compose: unknown notification kind %q", kind)
	}
	return t, nil
}
