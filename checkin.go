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
		errs.Add("day", "Choose the day of this check-in.")
	case c.Day.After(today):
		errs.Add("day", "A check-in cannot be for a day in the future.")
	case c.Day.Before(today.AddDays(-1)):
		errs.Add("day", "Check-ins can be made for today or yesterday only.")
	case start != nil && c.Day.Before(*start):
		errs.Add("day", "This day is before your recovery start date.")
	}
	if c.Mood < 1 || c.Mood > 5 {
		errs.Add("mood", "Choose how your mood is, from 1 to 5.")
	}
	if c.Craving < 0 || c.Craving > 10 {
		errs.Add("craving", "Choose how strong cravings are, from 0 to 10.")
	}
	if c.SleepHours != nil && (*c.SleepHours < 0 || *c.SleepHours > 24) {
		errs.Add("sleep_hours", "Enter hours of sleep between 0 and 24.")
	}
	for field, v := range map[string]int{"sleep_quality": c.SleepQuality, "stress": c.Stress, "lonely": c.Lonely, "irritable": c.Irritable} {
		if v < 0 || v > 5 {
			errs.Add(field, "Choose a value from 1 to 5.")
		}
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > MaxNoteLength || !utf8.ValidString(c.Note) {
		errs.Add("note", "Use at most 2,000 characters.")
	}
	if len(c.ClientID) > 64 {
		errs.Add("client_id", "Use at most 64 characters.")
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
		errs.Add("day", "Choose the day it happened.")
	case l.Day.After(today):
		errs.Add("day", "A lapse cannot be dated in the future.")
	case start != nil && !l.Day.After(*start):
		errs.Add("day", "This day is on or before your recovery start date. To start counting again from a new date, change your start date instead.")
	}
	l.What, l.LedTo = strings.TrimSpace(l.What), strings.TrimSpace(l.LedTo)
	if utf8.RuneCountInString(l.What) > 200 {
		errs.Add("what", "Use at most 200 characters.")
	}
	if utf8.RuneCountInString(l.LedTo) > MaxNoteLength {
		errs.Add("led_to", "Use at most 2,000 characters.")
	}
	return errs.Err()
}
