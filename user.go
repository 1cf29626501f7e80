package onward

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onward-recovery/onward/internal/locale"
)

// Role is what a person is to the instance (DESIGN.md §2). A visitor has no
// account and so no role value.
type Role string

const (
	RoleMember       Role = "member"
	RoleSupporter    Role = "supporter"
	RoleClinician    Role = "clinician"
	RoleProgramAdmin Role = "program_admin"
	RoleOperator     Role = "operator"
)

// Roles lists every role in a stable order.
var Roles = []Role{RoleMember, RoleSupporter, RoleClinician, RoleProgramAdmin, RoleOperator}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// RequiresTwoFactor reports whether accounts with this role must use TOTP:
// those who can reach other people's health data or run the instance.
func (r Role) RequiresTwoFactor() bool {
	return r == RoleClinician || r == RoleProgramAdmin || r == RoleOperator
}

// IsProgramStaff reports whether accounts with this role work for
// treatment programs.
func (r Role) IsProgramStaff() bool {
	return r == RoleClinician || r == RoleProgramAdmin
}

// User is an account.
type User struct {
	ID          string
	Email       string
	DisplayName string
	Role        Role
	Locale      string // "en" or "es"
	TimeZone    string // IANA name, e.g. "America/New_York"
	TOTPSecret  string // empty until two-factor authentication is enabled
	CreatedAt   time.Time
}

// TwoFactorEnabled reports whether the account has TOTP set up.
func (u *User) TwoFactorEnabled() bool { return u.TOTPSecret != "" }

// ValidLocale reports whether l is a language Onward speaks: one with
// message catalogs (internal/locale).
func ValidLocale(l string) bool { return locale.Default().Has(l) }

// LocaleCodes lists the languages Onward speaks, the default first, as
// "en, es", for messages that name them.
func LocaleCodes() string {
	var codes []string
	for _, l := range locale.Default().Languages() {
		codes = append(codes, l.Code)
	}
	return strings.Join(codes, ", ")
}

// Limits on account input. Passwords are long-phrase friendly (NIST SP
// 800-63B: at least 8, allow at least 64); we ask for 10 because these
// accounts guard health data.
const (
	MinPasswordLength    = 10
	MaxPasswordLength    = 256
	MaxEmailLength       = 254
	MaxDisplayNameLength = 80
)

// commonPasswords are refused outright: the handful attackers try first.
var commonPasswords = map[string]bool{
	"password123": true, "1234567890": true, "qwertyuiop": true, "password1!": true,
	"iloveyou12": true, "0123456789": true, "1111111111": true, "abcdefghij": true,
	"passwordpassword": true, "letmein123": true, "recovery123": true, "onward1234": true,
}

// NormalizeEmail trims and lower-cases an address so one person has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail adds a message to errs when email is not a plain address.
func ValidateEmail(errs FieldErrors, field, email string) {
	switch {
	case email == "":
		errs.Add(field, "common.enter_your_email_address")
	case len(email) > MaxEmailLength:
		errs.Add(field, "common.that_email_address_is_too_long")
	default:
		addr, err := mail.ParseAddress(email)
		if err != nil || addr.Address != email || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
			errs.Add(field, "common.enter_an_email_address_like_name_example")
		}
	}
}

// ValidatePassword adds a message to errs when password is too weak or too
// long. email is used to refuse a password that is the address itself.
func ValidatePassword(errs FieldErrors, field, password, email string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		errs.Add(field, "common.use_at_least_10_characters_a_few")
	case len(password) > MaxPasswordLength:
		errs.Add(field, "common.use_at_most_256_characters")
	case commonPasswords[strings.ToLower(password)] || allSameRune(password):
		errs.Add(field, "common.that_password_is_too_easy_to_guess")
	case email != "" && strings.EqualFold(password, email):
		errs.Add(field, "common.your_password_must_not_be_your_email")
	}
}

func allSameRune(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}

// ValidateDisplayName adds a message when name is empty or too long.
func ValidateDisplayName(errs FieldErrors, field, name string) {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		errs.Add(field, "common.enter_a_name_to_show_a_first")
	case n > MaxDisplayNameLength:
		errs.Add(field, "common.use_at_most_80_characters")
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n"):
		errs.Add(field, "common.use_letters_numbers_and_spaces_only")
	}
}

// ValidateTimeZone adds a message when tz is not an IANA time zone name.
func ValidateTimeZone(errs FieldErrors, field, tz string, load func(string) (*time.Location, error)) {
	if tz == "" || tz == "Local" {
		errs.Add(field, "common.choose_your_time_zone")
		return
	}
	if _, err := load(tz); err != nil {
		errs.Add(field, "common.choose_a_time_zone_from_the_list")
	}
}
