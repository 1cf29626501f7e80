package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/i18n"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// decodeJSON reads one JSON object into v, strictly: the right content
// type, no unknown fields, no trailing data, and type errors named by field.
func decodeJSON(r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return onward.NewError(onward.EINVALID, "api.send_json")
	}
	body := bufio.NewReader(r.Body)
	// A body of null (or anything but an object) would leave v empty and
	// could wipe what it replaces: refuse it.
	if first, err := firstNonSpace(body); err == nil && first != '{' {
		return onward.NewError(onward.EINVALID, "api.single_object")
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return onward.NewError(onward.EINVALID, "api.single_object")
	}
	return nil
}

// firstNonSpace peeks at the first byte of body that is not JSON
// whitespace, leaving it unread.
func firstNonSpace(body *bufio.Reader) (byte, error) {
	for {
		b, err := body.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\n', '\r':
			body.ReadByte()
		default:
			return b[0], nil
		}
	}
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

// userJSON is a user as the API shows them.
type userJSON struct {
	ID               string    `json:"id"`
	Email            string    `json:"email"`
	DisplayName      string    `json:"display_name"`
	Role             string    `json:"role"`
	Locale           string    `json:"locale"`
	TimeZone         string    `json:"timezone"`
	TwoFactorEnabled bool      `json:"two_factor_enabled"`
	CreatedAt        time.Time `json:"created_at"`
}

func toUserJSON(u *onward.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: string(u.Role), Locale: u.Locale,
		TimeZone: u.TimeZone, TwoFactorEnabled: u.TwoFactorEnabled(), CreatedAt: u.CreatedAt}
}

func (s *Server) apiSignup(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email       string `json:"email"`
		Password    string `json:"password"`
		DisplayName string `json:"display_name"`
		TimeZone    string `json:"timezone"`
		Locale      string `json:"locale"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Locale != "" && !onward.ValidLocale(in.Locale) {
		return onward.Invalid("locale", "api.locale_field", "Languages", onward.LocaleCodes())
	}
	u, err := s.registerMember(r.Context(), signupInput{Email: in.Email, Password: in.Password,
		DisplayName: in.DisplayName, TimeZone: in.TimeZone, Locale: in.Locale})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toUserJSON(u))
	return nil
}

// apiCreateToken exchanges credentials (and a TOTP code when two-factor is
// on) for a bearer token.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		TOTP     string `json:"totp"`
		Name     string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.checkCredentials(ctx, in.Email, in.Password, s.clientIP(r))
	if err != nil {
		return err
	}
	switch {
	case u.TwoFactorEnabled() && in.TOTP == "":
		return &onward.Error{Code: onward.EUNAUTHORIZED, Message: "api.totp_required",
			Fields: onward.FieldErrors{"totp": i18n.M("api.field_required")}}
	case u.TwoFactorEnabled():
		if err := s.checkTOTP(ctx, u, u.TOTPSecret, in.TOTP, s.clientIP(r)); err != nil {
			return err
		}
	case u.Role.RequiresTwoFactor():
		return onward.NewError(onward.EFORBIDDEN, "api.two_factor_first")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name = "API"
	}
	if len(name) > 60 {
		return onward.Invalid("name", "common.give_the_token_a_name_of_up")
	}
	token := auth.NewToken("onw_")
	var created *sqlstore.APIToken
	if err := s.store.Write(ctx, func(tx *sqlstore.Tx) (err error) {
		created, err = tx.CreateAPIToken(ctx, u.ID, name, auth.HashToken(token))
		return err
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": token, "id": created.ID, "name": created.Name})
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, toUserJSON(state(r).user))
	return nil
}

// accessEntry is one line of "who has seen my data".
type accessEntry struct {
	At       time.Time `json:"at"`
	Who      string    `json:"who"`
	WhoID    string    `json:"who_id"`
	Category string    `json:"category"`
	Action   string    `json:"action"`
	Allowed  bool      `json:"allowed"`
	Reason   string    `json:"reason"`
}

// accessLog lists accesses to the signed-in person's data by others, with
// names where the account still exists.
func (s *Server) accessLog(r *http.Request) ([]accessEntry, error) {
	u := state(r).user
	entries, err := s.store.AccessByOthers(r.Context(), u.ID, 200)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	out := make([]accessEntry, 0, len(entries))
	for _, e := range entries {
		name, ok := names[e.ActorID]
		if !ok && e.ActorID == "" {
			name, ok = translate(state(r).locale, "common.someone_not_signed_in"), true
		}
		if !ok {
			if actor, err := s.store.UserByID(r.Context(), e.ActorID); err == nil {
				name = actor.DisplayName
			} else {
				name = translate(state(r).locale, "common.a_deleted_account")
			}
			names[e.ActorID] = name
		}
		out = append(out, accessEntry{At: e.At, Who: name, WhoID: e.ActorID, Category: string(e.Category),
			Action: e.Action, Allowed: e.Allowed, Reason: e.Reason})
	}
	return out, nil
}

func (s *Server) apiAccessLog(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.accessLog(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries})
	return nil
}
