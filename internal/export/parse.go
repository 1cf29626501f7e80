package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/instrument"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/withdrawal"
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
		return nil, invalid("export.one_document_only")
	}
	if d.Format != Format {
		return nil, invalid("export.not_an_onward_export")
	}
	if d.Version != Version {
		return nil, invalid("export.wrong_version", "Version", d.Version, "Supported", Version)
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
		return invalid("export.invalid_json_at", "Offset", syntax.Offset)
	case errors.As(err, &typ):
		return invalid("export.field_wrong_type", "Field", typ.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("export.file_cut_short")
	}
	// Unknown fields and unreadable dates or times come here.
	return invalid("export.file_unreadable", "Reason", err.Error())
}

func invalid(messageID string, kv ...any) error {
	return onward.NewError(onward.EINVALID, messageID, kv...)
}

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
			errs.Add("recovery_profile.convention", "export.unknown_convention")
		} else {
			addNested(errs, "recovery_profile.", p.Validate(today))
		}
	}
	days := map[recovery.Date]bool{}
	for i, c := range d.CheckIns {
		at := fmt.Sprintf("checkins[%d].", i)
		if c.Day.After(today) || c.Day == (recovery.Date{}) {
			errs.Add(at+"day", "export.day_not_in_future")
		}
		if days[c.Day] {
			errs.Add(at+"day", "export.duplicate_checkin_day")
		}
		days[c.Day] = true
		if c.Version < 1 {
			errs.Add(at+"version", "export.version_at_least_one")
		}
		in := c.Domain("")
		addNested(errs, at, in.Validate(c.Day, nil))
	}
	lapseDays := map[recovery.Date]bool{}
	for i, l := range d.Lapses {
		at := fmt.Sprintf("lapses[%d].", i)
		if lapseDays[l.Day] {
			errs.Add(at+"day", "export.duplicate_lapse_day")
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
			errs.Add(at+"milestone_id", "export.milestone_id")
		}
		if m.ReachedOn.After(today) || m.ReachedOn == (recovery.Date{}) {
			errs.Add(at+"reached_on", "export.day_not_in_future")
		}
	}
	for i, a := range d.MeetingAttendance {
		at := fmt.Sprintf("meeting_attendance[%d].", i)
		if a.Day.After(today) || a.Day == (recovery.Date{}) {
			errs.Add(at+"day", "export.day_not_in_future")
		}
		if a.MeetingSource == "" || a.MeetingSourceID == "" {
			errs.Add(at+"meeting_source", "export.meeting_source")
		}
	}
	if d.NotifyPrefs != nil {
		d.NotifyPrefs.check(errs)
	}
	if d.Medication != nil {
		d.Medication.check(errs, today)
	}
	onward.ValidatePhone(errs, "alert_phone", d.AlertPhone)
	for i, a := range d.Assessments {
		a.check(errs, fmt.Sprintf("assessments[%d].", i), today)
	}
	if w := d.WithdrawalTracker; w != nil {
		if !withdrawal.Substance(w.Substance).Valid() {
			errs.Add("withdrawal_tracker.substance", "withdrawal.choose_what_you_last_used")
		}
		if afterDay(w.LastUseAt, today) {
			errs.Add("withdrawal_tracker.last_use_at", "export.time_not_in_future")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &onward.Error{Code: onward.EINVALID, Message: "export.values_invalid", Fields: errs}
}

func (d *Document) checkAccount(errs onward.FieldErrors) {
	a := d.Account
	if a.DisplayName == "" || utf8.RuneCountInString(a.DisplayName) > onward.MaxDisplayNameLength {
		errs.Add("account.display_name", "export.display_name")
	}
	if !onward.ValidLocale(a.Locale) {
		errs.Add("account.locale", "api.locale_field", "Languages", onward.LocaleCodes())
	}
	if _, err := time.LoadLocation(a.TimeZone); err != nil || a.TimeZone == "" || a.TimeZone == "Local" {
		errs.Add("account.time_zone", "export.time_zone")
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
			errs.Add("notification_preferences."+field, "notify.give_a_time_such_as_22_00")
			bad = true
		}
	}
	if !bad && (p.QuietStart == "") != (p.QuietEnd == "") {
		errs.Add("notification_preferences.quiet_end", "notify.give_both_a_start_and_an_end")
	}
}

func (d *Document) checkUrge(errs onward.FieldErrors, at string, u Urge) {
	if u.StartedAt.IsZero() || u.EndedAt.Before(u.StartedAt) {
		errs.Add(at+"ended_at", "export.urge_ends_after_start")
	}
	if utf8.RuneCountInString(u.Note) > onward.MaxNoteLength {
		errs.Add(at+"note", "recovery.use_at_most_2_000_characters")
	}
	if len(u.Helped) > 20 {
		errs.Add(at+"helped", "recovery.keep_it_to_20_items_or_fewer")
	}
	for _, h := range u.Helped {
		if utf8.RuneCountInString(h) > 200 {
			errs.Add(at+"helped", "recovery.keep_each_item_under_200_characters")
		}
	}
}

// afterDay reports whether t is missing or later than the last moment
// of today anywhere on Earth (midnight at UTC-12): the file's times are
// instants, today is the member's own day.
func afterDay(t time.Time, today recovery.Date) bool {
	endOfToday := time.Date(today.Year, today.Month, today.Day+1, 12, 0, 0, 0, time.UTC)
	return t.IsZero() || t.After(endOfToday)
}

// recorderRoles are the roles that record assessments: the member, or a
// program's care team.
var recorderRoles = []onward.Role{onward.RoleMember, onward.RoleClinician, onward.RoleProgramAdmin}

// check scores the answers again with the engine and refuses a recorded
// score that differs from it: a score in the file is taken as recorded
// only when it is exactly what Onward would have recorded.
func (a Assessment) check(errs onward.FieldErrors, at string, today recovery.Date) {
	def, ok := instrument.Get(a.Instrument)
	if !ok {
		errs.Add(at+"instrument", "export.unknown_instrument")
		return
	}
	if afterDay(a.TakenAt, today) {
		errs.Add(at+"taken_at", "export.time_not_in_future")
	}
	if !slices.Contains(recorderRoles, onward.Role(a.RecordedBy.Role)) {
		errs.Add(at+"recorded_by.role", "export.assessment_recorder")
	}
	if a.LevelOfCare != "" && (a.LevelOfCare == "none" || !slices.Contains(onward.TreatmentLevels, a.LevelOfCare)) {
		errs.Add(at+"level_of_care", "assessment.choose_a_level_of_care_from_the")
	}
	threshold := a.BuprenorphineThreshold
	if (a.Instrument == instrument.COWS) != (threshold != 0) || threshold < 0 || threshold > 48 {
		errs.Add(at+"buprenorphine_start_threshold", "export.assessment_threshold")
		return
	}
	result, err := def.Score(a.Answers, instrument.Options{BuprenorphineStartThreshold: threshold})
	if err != nil {
		errs.Add(at+"answers", "export.assessment_answers")
		return
	}
	band := ""
	if result.Band != nil {
		band = result.Band.ID
	}
	flags := make([]string, 0, len(result.Flags))
	for _, f := range result.Flags {
		flags = append(flags, f.Code)
	}
	if result.Total != a.Total || band != a.Band || !maps.Equal(result.Subscales, a.Subscales) ||
		!slices.Equal(slices.Sorted(slices.Values(flags)), slices.Sorted(slices.Values(a.Flags))) {
		errs.Add(at+"total", "export.assessment_score_differs")
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
			errs.Add(prefix+f, msg.ID, msg.Args...)
		}
		return
	}
	msg := onward.ErrorMessage(err)
	errs.Add(prefix[:len(prefix)-1], msg.ID, msg.Args...)
}
