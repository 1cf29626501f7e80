package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/export"
	"github.com/onward-recovery/onward/internal/i18n"
)

// The member's data rights (DESIGN.md §3.5): a complete copy of their own
// data as Onward's JSON document or a FHIR R4 Bundle, and loading such a
// copy into an account that has no recovery data yet (docs/export.md).

// maxImportBytes bounds an import file: years of daily check-ins fit with
// room to spare (a check-in is about 600 bytes of JSON).
const maxImportBytes = 16 << 20

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "fhir" {
		return &onward.Error{Code: onward.EINVALID, Message: "api.format_param",
			Fields: onward.FieldErrors{"format": i18n.M("api.format_field")}}
	}
	u := state(r).user
	doc, err := s.app.Export(r.Context(), u)
	if err != nil {
		return err
	}
	var body any = doc
	contentType, name := "application/json", "onward-export-%s.json"
	if format == "fhir" {
		body = doc.FHIR(s.cfg.BaseURL)
		contentType, name = "application/fhir+json", "onward-export-%s.fhir.json"
	}
	_, today, _ := s.memberClock(u)
	h := w.Header()
	h.Set("Content-Type", contentType+"; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="`+name+`"`, today))
	h.Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(body)
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return onward.NewError(onward.EINVALID, "api.send_export_file")
	}
	data, err := io.ReadAll(r.Body) // bounded by maxImportBytes (largeBodies in routes.go)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return onward.NewError(onward.ETOOLARGE, "api.import_too_large")
	}
	if err != nil {
		return onward.NewError(onward.EINVALID, "api.import_not_received")
	}
	u := state(r).user
	_, today, _ := s.memberClock(u)
	doc, err := export.Parse(data, today)
	if err != nil {
		return err
	}
	report, err := s.app.Restore(r.Context(), u, doc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"imported": report})
	return nil
}
