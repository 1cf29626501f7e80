package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the JSON API. A test checks that every /api/v1
// route in routes.go is in it.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
}
