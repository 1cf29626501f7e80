package onward

import "time"

// Category is a kind of a person's data that can be shared or withheld on
// its own (DESIGN.md §5 share categories), plus the categories that are
// never shared by a grant.
type Category string

const (
	CategoryMilestones  Category = "milestones"
	CategoryCheckins    Category = "checkins"
	CategoryAlerts      Category = "alerts"
	CategoryMedication  Category = "medication"
	CategoryAssessments Category = "assessments"
	CategoryTests       Category = "tests"
	CategoryTreatment   Category = "treatment"

	// CategoryJournal is private: thought records and notes are shared only
	// entry by entry, never through a category grant.
	CategoryJournal Category = "journal"
	// CategoryAccount is the account itself: email, name, security settings.
	CategoryAccount Category = "account"
)

// ShareCategories are the categories a member may grant to someone else.
var ShareCategories = []Category{
	CategoryMilestones, CategoryCheckins, CategoryAlerts, CategoryMedication,
	CategoryAssessments, CategoryTests, CategoryTreatment,
}

// Shareable reports whether c may appear in a grant.
func (c Category) Shareable() bool {
	for _, s := range ShareCategories {
		if c == s {
			return true
		}
	}
	return false
}

// IsHealth reports whether c is health data, whose every access is audited
// and shown to the member in "who has seen my data".
func (c Category) IsHealth() bool { return c != CategoryAccount }

// Action is what a viewer wants to do with data.
type Action string

const (
	ActionRead  Action = "read"
	ActionWrite Action = "write"
)

// Principal is who is acting: a signed-in account. The zero Principal is a
// visitor.
type Principal struct {
	UserID string
	Role   Role
}

// Visitor reports whether p is not signed in.
func (p Principal) Visitor() bool { return p.UserID == "" }

// Grant is a member's consent for one person to see some categories of
// their data (DESIGN.md §3). It is active from StartsAt until it expires or
// is revoked, whichever is first.
type Grant struct {
	ID         string
	SubjectID  string // the member whose data it is
	GranteeID  string // the person who may see it
	Categories []Category
	StartsAt   time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	// ProgramID is set when the grant is a consent to a treatment program
	// (42 CFR Part 2), presented as a grant to one of its staff.
	ProgramID string
}

// CareRecordCategories are the categories a program's care team may add
// to, under the member's consent to the program: records of the care they
// give (a COWS they scored, a dose they observed, a test they took, a
// session held). Everything else only the member writes.
var CareRecordCategories = []Category{CategoryAssessments, CategoryMedication, CategoryTests, CategoryTreatment}

// ActiveAt reports whether g is in force at t.
func (g Grant) ActiveAt(t time.Time) bool {
	if t.Before(g.StartsAt) || g.RevokedAt != nil && !t.Before(*g.RevokedAt) {
		return false
	}
	return g.ExpiresAt == nil || t.Before(*g.ExpiresAt)
}

// Covers reports whether g includes category c.
func (g Grant) Covers(c Category) bool {
	for _, gc := range g.Categories {
		if gc == c {
			return true
		}
	}
	return false
}

// AccessRequest is one question to the policy: may Viewer do Action on
// Subject's data of Category?
type AccessRequest struct {
	Viewer    Principal
	SubjectID string
	Category  Category
	Action    Action
}

// Decision is the policy's answer, with a reason written to the audit log.
type Decision struct {
	Allow   bool
	Reason  string
	GrantID string // the grant that allowed it, if any
}

// AuditEntry is one line of the tamper-evident audit log.
type AuditEntry struct {
	Seq       int64
	At        time.Time
	ActorID   string // "" for a visitor or the system
	SubjectID string // whose data; "" when none
	Category  Category
	Action    string // read, write, or an account event such as "signin"
	Allowed   bool
	Reason    string
	PrevHash  string
	Hash      string
}
