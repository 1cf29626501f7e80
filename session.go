package onward

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SessionStage is how far a browser has got in signing in: a session is
// signed in only at SessionActive; the other stages allow just the next
// step of signing in.
type SessionStage string

const (
	SessionActive     SessionStage = "active"      // signed in
	SessionNeedsCode  SessionStage = "needs_totp"  // password checked, two-step code not yet
	SessionNeedsEnrol SessionStage = "needs_enrol" // the role requires two-step sign-in, not yet set up
)

// Session is a browser's sign-in. The cookie holds a random token; the
// database holds only its hash, so a copy of the database cannot sign in.
type Session struct {
	TokenHash  string
	UserID     string
	Stage      SessionStage
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute limit, whatever the activity
}

// APIToken is a bearer token for /api/v1, chosen for an app. Only its hash
// is stored; it ends at ExpiresAt, when revoked, and (for staff) after
// StaffIdle without use.
type APIToken struct {
	ID         string
	UserID     string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

// LastActive is when the token was last used, or made.
func (t APIToken) LastActive() time.Time {
	if t.LastUsedAt != nil {
		return *t.LastUsedAt
	}
	return t.CreatedAt
}

// EndsAt is when the token stops working for an owner of role: at its
// expiry, or for staff after StaffIdle without use, whichever is first.
func (t APIToken) EndsAt(role Role) time.Time {
	if idle := role.TokenIdle(); idle > 0 {
		if idleEnd := t.LastActive().Add(idle); idleEnd.Before(t.ExpiresAt) {
			return idleEnd
		}
	}
	return t.ExpiresAt
}

// Credential limits. Members and supporters keep a session for weeks on
// their own phone (quick exit and sign-out cover shared devices); people
// who can see other people's data are signed out sooner (HIPAA automatic
// logoff), and their API tokens obey the same idle limit.
const (
	StaffIdle          = 30 * time.Minute
	StaffSessionLimit  = 12 * time.Hour
	MemberIdle         = 14 * 24 * time.Hour
	MemberSessionLimit = 30 * 24 * time.Hour
	// PendingSignInLimit is how long a half-finished sign-in (password
	// checked, code not yet) stays valid.
	PendingSignInLimit = 10 * time.Minute
)

// SessionIdle is how long a signed-in session of role may go unused.
func (r Role) SessionIdle() time.Duration {
	if r.RequiresTwoFactor() {
		return StaffIdle
	}
	return MemberIdle
}

// SessionLimit is how long a session of role lasts, however active.
func (r Role) SessionLimit() time.Duration {
	if r.RequiresTwoFactor() {
		return StaffSessionLimit
	}
	return MemberSessionLimit
}

// TokenLifetimes are the API token lifetimes a role may choose, in days:
// the default and the longest.
type TokenLifetimes struct{ DefaultDays, MaxDays int }

// TokenLifetimes returns the lifetimes role may give an API token: a year
// at most for members and supporters (an app on their own phone), a week
// for staff, whose tokens also end after StaffIdle unused.
func (r Role) TokenLifetimes() TokenLifetimes {
	if r.RequiresTwoFactor() {
		return TokenLifetimes{DefaultDays: 1, MaxDays: 7}
	}
	return TokenLifetimes{DefaultDays: 90, MaxDays: 365}
}

// TokenIdle is how long an API token of role may go unused; 0 for none.
func (r Role) TokenIdle() time.Duration {
	if r.RequiresTwoFactor() {
		return StaffIdle
	}
	return 0
}

// MaxTokenNameLength bounds an API token's name, in characters.
const MaxTokenNameLength = 60

// ValidateTokenName adds a message when name is empty, too long, not
// valid UTF-8 or holds control characters.
func ValidateTokenName(errs FieldErrors, field, name string) {
	if strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > MaxTokenNameLength ||
		!utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		errs.Add(field, "common.give_the_token_a_name_of_up")
	}
}

// PendingSignUp is a sign-up waiting for its address to be confirmed by a
// link: the account is made only then.
type PendingSignUp struct {
	Email        string
	DisplayName  string
	PasswordHash string
	Locale       string
	TimeZone     string
	Next         string // the same-site path to go on to, such as an invitation
	Role         Role   // the account's role once made (see internal/app.SignUp)
}
