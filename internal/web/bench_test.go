package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
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

// BenchmarkCheckInAPI saves a real member's check-in through the JSON API
// and the whole middleware stack: a profile, three weeks of history, an
// API token. bench/ measures it under load against the machine's limits;
// this shows its CPU and allocations alone (go test -bench CheckInAPI
// -benchmem -memprofile).
func BenchmarkCheckInAPI(b *testing.B) {
	e := newEnv(&testing.T{})
	ctx := context.Background()
	u := e.addUser("ana@example.com", onward.RoleMember)
	a := e.server.app
	start := e.clock.now()
	today := a.ClockOf(u.TimeZone).Today
	if err := a.SaveProfile(ctx, u, &onward.RecoveryProfile{LastUse: today.AddDays(-200), Medication: "buprenorphine", TreatmentLevel: "none"}, u.TimeZone); err != nil {
		b.Fatal(err)
	}
	for ago := 21; ago >= 1; ago-- {
		e.clock.set(start.AddDate(0, 0, -ago))
		if _, err := a.SaveCheckIn(ctx, u, &onward.CheckIn{Day: a.ClockOf(u.TimeZone).Today, Mood: 3, Craving: ago % 11}, nil); err != nil {
			b.Fatal(err)
		}
	}
	e.clock.set(start)
	token, err := a.CreateToken(ctx, u, app.TokenRequest{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/checkins", strings.NewReader(`{"mood": 3, "craving": 4, "note": "benchmark"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token.Secret)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		e.server.ServeHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusCreated {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
