package onward

import (
	"errors"
	"fmt"
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

// Error is an error a person may see: Message is safe to show, Fields names
// the inputs that were wrong (form field or JSON property -> message).
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	return fmt.Sprintf("onward error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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

// ErrorMessage returns the message of an application error; internal errors
// get a generic message so no detail leaks to the person.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side."
}

// FieldErrors collects validation messages by field; it is an error only
// when it holds at least one.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message, so the
// first (most basic) problem is the one shown.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when there are no field errors, else an EINVALID *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please correct the highlighted fields.", Fields: f}
}
