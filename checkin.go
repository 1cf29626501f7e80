package onward

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward/internal/recovery"
)

// CheckIn is a member's daily self-assessment: one per member per local
// day; saving again replaces it. On the 1–5 scales 0 means not answered.
type CheckIn struct {
	ID              string
	UserID          string
	Day             recovery.Date
	Mood            int      // 1 very low … 5 very good (required)
	Craving         int      // 0 none … 10 strongest (required)
	SleepHours      *float64 // nil when not answered
	SleepQuality    int      // 1 very poor … 5 very good
	Stress          int      // 1 none … 5 extreme
	Lonely          int      // 1 not at all … 5 completely cut off
	Irritable       int      // 1 not at all … 5 extremely
	Romanticising   bool     // thoughts of using or of missing past use
	Used            bool     // any use today
	MedicationTaken *bool    // nil when not on medication or not answered
	Meeting         bool     // went to a meeting
	Therapy         bool     // therapy or counselling
	SupportContact  bool     // talked to a supporter, sponsor or peer
	Exercise        bool
	Food            bool // ate regular meals
	Mindfulness     bool
	Note            string
	ClientID        string // set by an offline client so a replay is not a duplicate
	Version         int    // 1 when created, +1 at every edit
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Validate checks a check-in. Only today and yesterday can be filled in
// (yesterday late, from the evening's memory), never a day before the
// recovery start.
func (c *CheckIn) Validate(today recovery.Date, start *recovery.Date) error {
	errs := FieldErrors{}
	switch {
	case c.Day == (recovery.Date{}):
		errs.Add("day", "recovery.choose_the_day_of_this_checkin")
	case c.Day.After(today):
		errs.Add("day", "recovery.a_checkin_cannot_be_for_a_day")
	case c.Day.Before(today.AddDays(-1)):
		errs.Add("day", "recovery.checkins_can_be_made_for_today_or")
	case start != nil && c.Day.Before(*start):
		errs.Add("day", "recovery.this_day_is_before_your_recovery_start")
	}
	if c.Mood < 1 || c.Mood > 5 {
		errs.Add("mood", "recovery.choose_how_your_mood_is_from_1")
	}
	if c.Craving < 0 || c.Craving > 10 {
		errs.Add("craving", "recovery.choose_how_strong_cravings_are_from_0")
	}
	// Written as a negation so NaN, which fails every comparison, is refused.
	if c.SleepHours != nil && !(*c.SleepHours >= 0 && *c.SleepHours <= 24) {
		errs.Add("sleep_hours", "recovery.enter_hours_of_sleep_between_0_and")
	}
	for field, v := range map[string]int{"sleep_quality": c.SleepQuality, "stress": c.Stress, "lonely": c.Lonely, "irritable": c.Irritable} {
		if v < 0 || v > 5 {
			errs.Add(field, "recovery.choose_a_value_from_1_to_5")
		}
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > MaxNoteLength || !utf8.ValidString(c.Note) {
		errs.Add("note", "recovery.use_at_most_2_000_characters")
	}
	if len(c.ClientID) > 64 {
		errs.Add("client_id", "recovery.use_at_most_64_characters")
	}
	return errs.Err()
}

// Lapse is a day with use, recorded without judgement: it restarts the
// current streak and never erases what came before.
type Lapse struct {
	ID        string
	UserID    string
	Day       recovery.Date
	What      string // what was used
	LedTo     string // what led to it, in the member's words
	CreatedAt time.Time
}

// Validate checks a lapse against today and the recovery start.
func (l *Lapse) Validate(today recovery.Date, start *recovery.Date) error {
	errs := FieldErrors{}
	switch {
	case l.Day == (recovery.Date{}):
		errs.Add("day", "recovery.choose_the_day_it_happened")
	case l.Day.After(today):
		errs.Add("day", "recovery.a_lapse_cannot_be_dated_in_the")
	case start != nil && !l.Day.After(*start):
		errs.Add("day", "recovery.this_day_is_on_or_before_your")
	}
	l.What, l.LedTo = strings.TrimSpace(l.What), strings.TrimSpace(l.LedTo)
	if utf8.RuneCountInString(l.What) > 200 {
		errs.Add("what", "recovery.use_at_most_200_characters")
	}
	if utf8.RuneCountInString(l.LedTo) > MaxNoteLength {
		errs.Add("led_to", "recovery.use_at_most_2_000_characters")
	}
	return errs.Err()
}
