package onward

import (
	"errors"
	"fmt"

	"github.com/onward-recovery/onward/internal/i18n"
)

// Application error codes. Each maps to one HTTP status in one place
// (internal/web), so handlers and the store speak about what went wrong,
// never about transport.
const (
	EINVALID      = "invalid"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	ETOOMANY      = "rate_limited"
	ETOOLARGE     = "too_large"
	EINTERNAL     = "internal"
)

// Error is an error a person may see. Message is the id of its wording in
// the message catalogs (internal/locale) and Args the values of the
// wording's placeholders, as name, value pairs; Fields names the inputs
// that were wrong (form field or JSON property -> message id). The domain
// says what went wrong; the web layer says it in the reader's language.
type Error struct {
	Code    string
	Message string
	Args    []any
	Fields  FieldErrors
}

func (e *Error) Error() string {
	return fmt.Sprintf("onward error: code=%s message=%s", e.Code, e.Message)
}

// NewError returns an *Error with the message id and its placeholder
// values as name, value pairs.
func NewError(code, messageID string, kv ...any) *Error {
	return &Error{Code: code, Message: messageID, Args: kv}
}

// ErrorCode returns the code of an application error, EINTERNAL for any
// other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the wording of an application error; internal
// errors get a generic message so no detail leaks to the person.
func ErrorMessage(err error) i18n.Msg {
	var e *Error
	if errors.As(err, &e) {
		return i18n.M(e.Message, e.Args...)
	}
	return i18n.M("common.something_went_wrong_on_our_side")
}

// FieldErrors collects validation messages by field (form field or JSON
// property -> wording); it is an error only when it holds at least one.
type FieldErrors map[string]i18n.Msg

// Add records message id (with its placeholder values as name, value
// pairs) for field unless the field already has a message, so the first
// (most basic) problem is the one shown.
func (f FieldErrors) Add(field, messageID string, kv ...any) {
	if _, ok := f[field]; !ok {
		f[field] = i18n.M(messageID, kv...)
	}
}

// AddFrom adds the field errors of err, if it is an *Error with any, so
// that the problems of several checks are shown at once.
func (f FieldErrors) AddFrom(err error) {
	if e, ok := err.(*Error); ok {
		for field, m := range e.Fields {
			f.Add(field, m.ID, m.Args...)
		}
	}
}

// Invalid returns an EINVALID error naming one field.
func Invalid(field, messageID string, kv ...any) *Error {
	f := FieldErrors{}
	f.Add(field, messageID, kv...)
	return f.Err().(*Error)
}

// Err returns nil when there are no field errors, else an EINVALID *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "common.please_correct_the_highlighted_fields", Fields: f}
}
