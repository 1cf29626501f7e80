package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/i18n"
)

// decodeJSON reads one JSON object into v, strictly: the right content
// type, no unknown fields, no trailing data, and type errors named by field.
func decodeJSON(r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return onward.NewError(onward.EINVALID, "api.send_json")
	}
	// Bodies are small (maxBodyBytes); reading one whole costs less than a
	// buffered reader's 4 KiB.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonError(err)
	}
	// A body of null (or anything but an object) would leave v empty and
	// could wipe what it replaces: refuse it.
	if rest := bytes.TrimLeft(body, " \t\n\r"); len(rest) > 0 && rest[0] != '{' {
		return onward.NewError(onward.EINVALID, "api.single_object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return onward.NewError(onward.EINVALID, "api.single_object")
	}
	return nil
}

// requiredFields names, all at once, the fields a JSON body left out (those
// mapped to true); nil when none is missing.
func requiredFields(missing map[string]bool) error {
	errs := onward.FieldErrors{}
	for field, left := range missing {
		if left {
			errs.Add(field, "api.field_required")
		}
	}
	return errs.Err()
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return onward.NewError(onward.ETOOLARGE, "api.body_too_large")
	case errors.As(err, &syntax):
		return onward.NewError(onward.EINVALID, "api.invalid_json_at", "Offset", syntax.Offset)
	case errors.As(err, &typeErr):
		field, kind := typeErr.Field, jsonKind(typeErr.Type)
		return onward.Invalid(field, "api.field_wrong_type", "Kind", i18n.M(kind))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return onward.NewError(onward.EINVALID, "api.body_cut_short")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return onward.Invalid(field, "api.field_unknown")
	default:
		return onward.NewError(onward.EINVALID, "api.unreadable_json")
	}
}

// jsonKind names a Go type the way a JSON author thinks of it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Bool:
		return "api.kind_boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "api.kind_integer"
	case reflect.Float32, reflect.Float64:
		return "api.kind_number"
	case reflect.String:
		return "api.kind_string"
	case reflect.Slice, reflect.Array:
		return "api.kind_list"
	default:
		return "api.kind_object"
	}
}
