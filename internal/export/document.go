// Package export is a member's copy of their own data: the versioned JSON
// document (docs/export.md describes every field), its checks when a file
// comes back for import, and the FHIR R4 Bundle made from it.
package export

import (
	"time"

	"github.com/onward-recovery/onward/internal/recovery"
)

// Format and Version name the JSON document. A change that an older
// importer would misread raises Version; new optional fields do not.
const (
	Format  = "onward-export"
	Version = 1
)

// Document is everything Onward holds about one member. Lists are never
// null in the JSON, so a reader can tell "none" from "not exported".
type Document struct {
	Format            string         `json:"format"`
	Version           int            `json:"version"`
	ExportedAt        time.Time      `json:"exported_at"`
	Account           Account        `json:"account"`
	RecoveryProfile   *Profile       `json:"recovery_profile"`
	CheckIns          []CheckIn      `json:"checkins"`
	Lapses            []Lapse        `json:"lapses"`
	Plan              *Plan          `json:"plan"`
	Urges             []Urge         `json:"urges"`
	Milestones        []Milestone    `json:"milestones_celebrated"`
	MeetingAttendance []Attendance   `json:"meeting_attendance"`
	ConsentsGiven     []Consent      `json:"consents_given"`
	ConsentsReceived  []Consent      `json:"consents_received"`
	AccessLog         []AccessRecord `json:"access_log"`
	// Added to version 1 with the support network; a version 1 file
	// without them still imports.
	PendingInvitations []Invitation     `json:"pending_invitations"`
	NotifyPrefs        *NotifyPrefs     `json:"notification_preferences"`
	SupportRequests    []SupportRequest `json:"support_requests"`
	// Added to version 1 with medication (medication.go); a version 1
	// file without it still imports.
	Medication *Medication `json:"medication"`
	// AlertPhone is the number the member gave the people who see their
	// alerts; "" when none.
	AlertPhone string `json:"alert_phone,omitempty"`
	// Added to version 1 with the continuum of care: the member's
	// treatment episodes with programs and their sessions. An import does
	// not restore them (they are the program's records, on the instance
	// the file came from).
	TreatmentEpisodes []TreatmentEpisode `json:"treatment_episodes"`
	TreatmentSessions []TreatmentSession `json:"treatment_sessions"`
	// Added to version 1 with measurement-based care; a version 1 file
	// without them still imports.
	Assessments       []Assessment       `json:"assessments"`
	WithdrawalTracker *WithdrawalTracker `json:"withdrawal_tracker"`
	// Added to version 1 with drug testing and contingency management:
	// the programs' records, exported but not imported.
	DrugTests         []DrugTest    `json:"drug_tests"`
	ContingencyLedger []LedgerEntry `json:"contingency_ledger"`
	PrizeDraws        []PrizeDraw   `json:"prize_draws"`
}

// Account is the member's account, without anything secret (no password
// hash, no two-factor secret, no tokens).
type Account struct {
	ID          string    `json:"id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Locale      string    `json:"locale"`
	TimeZone    string    `json:"time_zone"`
	CreatedAt   time.Time `json:"created_at"`
}

// Profile is the recovery profile set up at onboarding.
type Profile struct {
	LastUseDay     recovery.Date `json:"last_use_day"`
	LastUseAt      *time.Time    `json:"last_use_at"`
	Convention     string        `json:"convention"`
	Substances     []string      `json:"substances"`
	Medication     string        `json:"medication"`
	TreatmentLevel string        `json:"treatment_level"`
	Reasons        string        `json:"reasons"`
	DailySpend     float64       `json:"daily_spend"`
	DailyHours     float64       `json:"daily_hours"`
	CheckinTime    string        `json:"checkin_time"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// CheckIn is one day's self-assessment.
type CheckIn struct {
	ID              string        `json:"id"`
	Day             recovery.Date `json:"day"`
	Mood            int           `json:"mood"`
	Craving         int           `json:"craving"`
	SleepHours      *float64      `json:"sleep_hours"`
	SleepQuality    int           `json:"sleep_quality"`
	Stress          int           `json:"stress"`
	Lonely          int           `json:"lonely"`
	Irritable       int           `json:"irritable"`
	Romanticising   bool          `json:"romanticising"`
	Used            bool          `json:"used"`
	MedicationTaken *bool         `json:"medication_taken"`
	Meeting         bool          `json:"meeting"`
	Therapy         bool          `json:"therapy"`
	SupportContact  bool          `json:"support_contact"`
	Exercise        bool          `json:"exercise"`
	Food            bool          `json:"food"`
	Mindfulness     bool          `json:"mindfulness"`
	Note            string        `json:"note"`
	Version         int           `json:"version"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// Lapse is a day with use.
type Lapse struct {
	ID        string        `json:"id"`
	Day       recovery.Date `json:"day"`
	What      string        `json:"what"`
	LedTo     string        `json:"led_to"`
	CreatedAt time.Time     `json:"created_at"`
}

// Plan is the relapse-prevention plan.
type Plan struct {
	Triggers     []string  `json:"triggers"`
	HALT         []string  `json:"halt"`
	WarningSigns []string  `json:"warning_signs"`
	Coping       []string  `json:"coping"`
	People       []Contact `json:"people"`
	Reasons      []string  `json:"reasons"`
	SafePlaces   []string  `json:"safe_places"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Contact is a person to call, from the plan.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// Urge is a craving ridden out with the urge timer.
type Urge struct {
	ID        string    `json:"id"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
	Passed    bool      `json:"passed"`
	Helped    []string  `json:"helped"`
	Note      string    `json:"note"`
}

// Milestone is a milestone the member has seen celebrated.
type Milestone struct {
	MilestoneID  string        `json:"milestone_id"`
	ReachedOn    recovery.Date `json:"reached_on"`
	CelebratedAt time.Time     `json:"celebrated_at"`
}

// Attendance is a meeting the member noted going to. The meeting is named
// by its directory source and that source's id, which stay the same on
// every instance that imports the same directory.
type Attendance struct {
	Day             recovery.Date `json:"day"`
	MeetingSource   string        `json:"meeting_source"`
	MeetingSourceID string        `json:"meeting_source_id"`
	MeetingName     string        `json:"meeting_name"`
	CreatedAt       time.Time     `json:"created_at"`
}

// Consent is one grant: a member's consent for one person to see some
// categories, given by this member (consents_given) or to them
// (consents_received). Person is the other side of the grant.
// Relationship, CheckinsDetail and Purpose come from the support network's
// consent record; a grant made another way has "", false and "".
type Consent struct {
	ID             string     `json:"id"`
	Person         Person     `json:"person"`
	Categories     []string   `json:"categories"`
	StartsAt       time.Time  `json:"starts_at"`
	ExpiresAt      *time.Time `json:"expires_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
	CreatedAt      time.Time  `json:"created_at"`
	Active         bool       `json:"active"`
	Relationship   string     `json:"relationship"`
	CheckinsDetail bool       `json:"checkins_detail"`
	Purpose        string     `json:"purpose"`
}

// Invitation is a support invitation the member sent that can still be
// accepted. Its code is left out: it is a secret that would let whoever
// holds the file become the member's supporter.
type Invitation struct {
	Relationship   string    `json:"relationship"`
	Categories     []string  `json:"categories"`
	CheckinsDetail bool      `json:"checkins_detail"`
	Email          string    `json:"email"`
	CreatedAt      time.Time `json:"created_at"`
	ExpiresAt      time.Time `json:"expires_at"`
}

// NotifyPrefs are the member's notification choices. Quiet hours are
// "HH:MM" in the member's time zone, both "" for none.
type NotifyPrefs struct {
	Email      bool   `json:"email"`
	Push       bool   `json:"push"`
	Discreet   bool   `json:"discreet"`
	Reminders  bool   `json:"reminders"`
	AutoAlert  bool   `json:"auto_alert"`
	QuietStart string `json:"quiet_start"`
	QuietEnd   string `json:"quiet_end"`
}

// SupportRequest is one "I need support now" the member sent, with the
// answers their people gave, oldest first.
type SupportRequest struct {
	ID        string          `json:"id"`
	CreatedAt time.Time       `json:"created_at"`
	Answers   []SupportAnswer `json:"answers"`
}

// SupportAnswer is one person's reply to a request: "calling" or
// "on_my_way".
type SupportAnswer struct {
	Person     Person    `json:"person"`
	Answer     string    `json:"answer"`
	AnsweredAt time.Time `json:"answered_at"`
}

// TreatmentEpisode is one enrolment with a treatment program as an
// episode of levels of care, its segments oldest first.
type TreatmentEpisode struct {
	EnrolmentID     string        `json:"enrolment_id"`
	ProgramName     string        `json:"program_name"`
	Status          string        `json:"status"`
	StartedAt       *time.Time    `json:"started_at"`
	EndedAt         *time.Time    `json:"ended_at"`
	DischargeReason string        `json:"discharge_reason"`
	NextLevel       string        `json:"next_level"`
	AgeGroup        string        `json:"age_group"`
	Segments        []CareSegment `json:"segments"`
}

// CareSegment is a stretch of an episode at one level of care.
type CareSegment struct {
	ID        string         `json:"id"`
	Level     string         `json:"level"`
	Start     recovery.Date  `json:"start"`
	End       *recovery.Date `json:"end"`
	EndReason string         `json:"end_reason"`
}

// TreatmentSession is a session the member was scheduled for, with the
// attendance staff recorded ("" when none).
type TreatmentSession struct {
	ID          string    `json:"id"`
	EnrolmentID string    `json:"enrolment_id"`
	ProgramName string    `json:"program_name"`
	Format      string    `json:"format"`
	Kind        string    `json:"kind"`
	StartsAt    time.Time `json:"starts_at"`
	Minutes     int       `json:"minutes"`
	Location    string    `json:"location"`
	Cancelled   bool      `json:"cancelled"`
	Attendance  string    `json:"attendance"`
}

// Assessment is a completed questionnaire or rating: the answers and the
// scoring engine's result when it was recorded (internal/instrument).
type Assessment struct {
	ID         string         `json:"id"`
	Instrument string         `json:"instrument"`
	Answers    map[string]int `json:"answers"`
	Total      int            `json:"total"`
	Band       string         `json:"band"`
	Subscales  map[string]int `json:"subscales"`
	Flags      []string       `json:"flags"`
	// BuprenorphineThreshold is the program's COWS start threshold the
	// score was read against; 0 for other instruments.
	BuprenorphineThreshold int       `json:"buprenorphine_start_threshold"`
	TakenAt                time.Time `json:"taken_at"`
	Baseline               bool      `json:"baseline"`
	// RecordedBy is the member or a program's clinician; its id and name
	// are empty once that account is gone.
	RecordedBy  Person    `json:"recorded_by"`
	Program     string    `json:"program"` // the program's name, when recorded for one
	LevelOfCare string    `json:"level_of_care"`
	CreatedAt   time.Time `json:"created_at"`
}

// WithdrawalTracker is the member's current withdrawal: what they last
// used and when.
type WithdrawalTracker struct {
	Substance string    `json:"substance"`
	LastUseAt time.Time `json:"last_use_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Person is another account, as the member knows it.
type Person struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
}

// AccessRecord is one entry of the audit log about the member's data made
// by someone else: who looked (or tried to), when, at what, and whether
// the policy allowed it.
type AccessRecord struct {
	At       time.Time `json:"at"`
	ActorID  string    `json:"actor_id"`
	Category string    `json:"category"`
	Action   string    `json:"action"`
	Allowed  bool      `json:"allowed"`
	Reason   string    `json:"reason"`
}
