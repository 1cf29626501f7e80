package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/recovery"
)

// Parse reads an export file and checks every value, so that an import
// either loads all of it or nothing. today is the importing member's
// current day: nothing in the file may be dated after it. Unknown fields
// are refused rather than dropped, so a file from a newer Onward is never
// loaded half-understood.
func Parse(data []byte, today recovery.Date) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, invalid("The file must hold one JSON document and nothing after it.")
	}
	if d.Format != Format {
		return nil, invalid("This is not an Onward export: its \"format\" is not \"onward-export\".")
	}
	if d.Version != Version {
		return nil, invalid(fmt.Sprintf("This export is version %d; this Onward reads version %d.", d.Version, Version))
	}
	if err := d.check(today); err != nil {
		return nil, err
	}
	return &d, nil
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalid(fmt.Sprintf("The file is not valid JSON (at byte %d).", syntax.Offset))
	case errors.As(err, &typ):
		return invalid(fmt.Sprintf("The field %q has the wrong type of value.", typ.Field))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("The file is empty or cut short.")
	}
	// Unknown fields and unreadable dates or times come here.
	return invalid("The file could not be read: " + err.Error() + ".")
}

func invalid(msg string) error { return onward.Errorf(onward.EINVALID, "%s", msg) }

// check validates the document's content with the rules the forms use,
// except those about when a thing may be entered (a check-in for today or
// yesterday only), which do not apply to a record of the past. Field errors
// are keyed by the value's path, such as "checkins[2].mood".
func (d *Document) check(today recovery.Date) error {
	errs := onward.FieldErrors{}
	d.checkAccount(errs)
	if d.RecoveryProfile != nil {
		p, err := d.RecoveryProfile.Domain("")
		if err != nil {
			errs.Add("recovery_profile.convention", "Unknown way of counting days.")
		} else {
			addNested(errs, "recovery_profile.", p.Validate(today))
		}
	}
	days := map[recovery.Date]bool{}
	for i, c := range d.CheckIns {
		at := fmt.Sprintf("checkins[%d].", i)
		if c.Day.After(today) || c.Day == (recovery.Date{}) {
			errs.Add(at+"day", "Give a day that is not in the future.")
		}
		if days[c.Day] {
			errs.Add(at+"day", "There is already a check-in for this day in the file.")
		}
		days[c.Day] = true
		if c.Version < 1 {
			errs.Add(at+"version", "The version must be 1 or more.")
		}
		in := c.Domain("")
		addNested(errs, at, in.Validate(c.Day, nil))
	}
	lapseDays := map[recovery.Date]bool{}
	for i, l := range d.Lapses {
		at := fmt.Sprintf("lapses[%d].", i)
		if lapseDays[l.Day] {
			errs.Add(at+"day", "There is already a lapse for this day in the file.")
		}
		lapseDays[l.Day] = true
		in := l.Domain("")
		addNested(errs, at, in.Validate(today, nil))
	}
	if d.Plan != nil {
		addNested(errs, "plan.", d.Plan.Domain("").Validate())
	}
	for i, u := range d.Urges {
		d.checkUrge(errs, fmt.Sprintf("urges[%d].", i), u)
	}
	for i, m := range d.Milestones {
		at := fmt.Sprintf("milestones_celebrated[%d].", i)
		if m.MilestoneID == "" || len(m.MilestoneID) > 64 {
			errs.Add(at+"milestone_id", "Give the milestone's id (up to 64 characters).")
		}
		if m.ReachedOn.After(today) || m.ReachedOn == (recovery.Date{}) {
			errs.Add(at+"reached_on", "Give a day that is not in the future.")
		}
	}
	for i, a := range d.MeetingAttendance {
		at := fmt.Sprintf("meeting_attendance[%d].", i)
		if a.Day.After(today) || a.Day == (recovery.Date{}) {
			errs.Add(at+"day", "Give a day that is not in the future.")
		}
		if a.MeetingSource == "" || a.MeetingSourceID == "" {
			errs.Add(at+"meeting_source", "Name the meeting's directory source and id.")
		}
	}
	if d.NotifyPrefs != nil {
		d.NotifyPrefs.check(errs)
	}
	if len(errs) == 0 {
		return nil
	}
	return &onward.Error{Code: onward.EINVALID, Message: "Some values in the file are not valid, so nothing was imported.", Fields: errs}
}

func (d *Document) checkAccount(errs onward.FieldErrors) {
	a := d.Account
	if a.DisplayName == "" || utf8.RuneCountInString(a.DisplayName) > onward.MaxDisplayNameLength {
		errs.Add("account.display_name", "Give a name of up to 80 characters.")
	}
	if !onward.ValidLocale(a.Locale) {
		errs.Add("account.locale", "Use \"en\" or \"es\".")
	}
	if _, err := time.LoadLocation(a.TimeZone); err != nil || a.TimeZone == "" || a.TimeZone == "Local" {
		errs.Add("account.time_zone", "Use a time zone name such as America/Chicago.")
	}
}

// clockTime is a time of day as the notification settings take it.
var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// check applies the notification settings form's rules: quiet hours are
// two times of day, or none.
func (p *NotifyPrefs) check(errs onward.FieldErrors) {
	bad := false
	for field, v := range map[string]string{"quiet_start": p.QuietStart, "quiet_end": p.QuietEnd} {
		if v != "" && !clockTime.MatchString(v) {
			errs.Add("notification_preferences."+field, "Give a time such as 22:00.")
			bad = true
		}
	}
	if !bad && (p.QuietStart == "") != (p.QuietEnd == "") {
		errs.Add("notification_preferences.quiet_end", "Give both a start and an end, or leave both empty.")
	}
}

func (d *Document) checkUrge(errs onward.FieldErrors, at string, u Urge) {
	if u.StartedAt.IsZero() || u.EndedAt.Before(u.StartedAt) {
		errs.Add(at+"ended_at", "An urge must end after it starts.")
	}
	if utf8.RuneCountInString(u.Note) > onward.MaxNoteLength {
		errs.Add(at+"note", "Use at most 2,000 characters.")
	}
	if len(u.Helped) > 20 {
		errs.Add(at+"helped", "Keep it to 20 items or fewer.")
	}
	for _, h := range u.Helped {
		if utf8.RuneCountInString(h) > 200 {
			errs.Add(at+"helped", "Keep each item under 200 characters.")
		}
	}
}

// addNested copies the field errors of err under prefix; any other error
// is reported against the prefix itself.
func addNested(errs onward.FieldErrors, prefix string, err error) {
	if err == nil {
		return
	}
	var e *onward.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		for f, msg := range e.Fields {
			errs.Add(prefix+f, msg)
		}
		return
	}
	errs.Add(prefix[:len(prefix)-1], err.Error())
}
