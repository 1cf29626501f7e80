package onward

import "time"

// NotifyPrefs are one person's notification choices. Discreet mode keeps
// every email subject, push text and lock-screen preview free of names and
// health detail; it is on unless the person turns it off.
type NotifyPrefs struct {
	Email      bool
	Push       bool
	Discreet   bool
	Reminders  bool   // the daily check-in reminder (members)
	AutoAlert  bool   // alert the member's people by itself when a check-in's warning signs are high
	QuietStart string // "HH:MM" in the person's time zone, "" for none
	QuietEnd   string
}

// DefaultNotifyPrefs apply to anyone who has not chosen.
var DefaultNotifyPrefs = NotifyPrefs{Email: true, Push: true, Discreet: true, Reminders: true}

// Quiet reports whether the local clock time hhmm ("15:04") falls in the
// quiet hours, which may run over midnight (22:00 to 07:00).
func (p NotifyPrefs) Quiet(hhmm string) bool {
	switch {
	case p.QuietStart == "" || p.QuietEnd == "" || p.QuietStart == p.QuietEnd:
		return false
	case p.QuietStart < p.QuietEnd:
		return hhmm >= p.QuietStart && hhmm < p.QuietEnd
	default:
		return hhmm >= p.QuietStart || hhmm < p.QuietEnd
	}
}

// Notification is one entry of a person's inbox. AboutName is the display
// name of the person it is about (the member who asked, the supporter who
// answered).
type Notification struct {
	ID        string
	UserID    string
	Kind      string
	AboutID   string
	AboutName string
	RefID     string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// SupportRequest is one "I need support now" and the answers to it.
type SupportRequest struct {
	ID         string
	MemberID   string
	MemberName string
	CreatedAt  time.Time
	Recipients int
	Answers    []SupportAnswer
}

// SupportAnswer is a supporter's reply.
type SupportAnswer struct {
	SupporterID   string
	SupporterName string
	Answer        string
	CreatedAt     time.Time
}

// PushSubscription is where a browser receives Web Push for one person.
type PushSubscription struct {
	Endpoint string
	P256dh   string
	Auth     string
}
