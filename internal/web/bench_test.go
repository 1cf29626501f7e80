package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCrisisPage renders the crisis page through the whole middleware
// stack, compressed, as a phone would request it.
func BenchmarkCrisisPage(b *testing.B) {
	e := newEnv(&testing.T{})
	req := httptest.NewRequest("GET", "/crisis", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.server.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
