package web

import (
	"errors"
	"net/http"

	"github.com/onward-recovery/onward"
)

// handlerFunc is an HTTP handler that returns its error, so every error
// path is one `return` and is rendered in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf maps an application error code to an HTTP status.
func statusOf(code string) int {
	switch code {
	case onward.EINVALID:
		return http.StatusBadRequest
	case onward.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case onward.EFORBIDDEN:
		return http.StatusForbidden
	case onward.ENOTFOUND:
		return http.StatusNotFound
	case onward.ECONFLICT:
		return http.StatusConflict
	case onward.ETOOMANY:
		return http.StatusTooManyRequests
	case onward.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

// asAppError converts errors from the standard library that are the
// client's fault (an oversized body) into application errors.
func asAppError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return onward.NewError(onward.ETOOLARGE, "common.the_request_is_too_large")
	}
	return err
}

// html wraps a page handler: errors become an error page in the person's
// language, internal ones logged with the request id and never shown.
func (s *Server) html(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := asAppError(h(w, r))
		if err == nil {
			return
		}
		code := onward.ErrorCode(err)
		if code == onward.EUNAUTHORIZED {
			http.Redirect(w, r, "/signin?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if code == onward.EINTERNAL {
			s.log.ErrorContext(r.Context(), "request failed", "error", err, "path", r.URL.Path)
		}
		s.renderStatus(w, r, statusOf(code), "error", pageData{Title: "common.something_went_wrong", Data: translateMsg(state(r).locale, onward.ErrorMessage(err))})
	})
}

// api wraps a JSON handler: errors become {"error": {...}} with a status.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := asAppError(h(w, r))
		if err == nil {
			return
		}
		code := onward.ErrorCode(err)
		if code == onward.EINTERNAL {
			s.log.ErrorContext(r.Context(), "api request failed", "error", err, "path", r.URL.Path)
		}
		locale := state(r).locale
		body := apiError{Code: code, Message: translateMsg(locale, onward.ErrorMessage(err))}
		var e *onward.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			body.Fields = make(map[string]string, len(e.Fields))
			for field, id := range e.Fields {
				body.Fields[field] = translateMsg(locale, id)
			}
		}
		if code == onward.EINTERNAL {
			body.Message = translate(locale, "api.internal_error", "RequestID", requestID(r))
		}
		writeJSON(w, statusOf(code), map[string]apiError{"error": body})
	})
}

type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// badForm explains a form body that could not be parsed.
func badForm(err error) error {
	if err = asAppError(err); onward.ErrorCode(err) == onward.ETOOLARGE {
		return err
	}
	return onward.NewError(onward.EINVALID, "common.the_form_could_not_be_read_reload")
}
