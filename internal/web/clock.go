package web

import (
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/recovery"
)

// memberClock returns the member's location, local today and now.
func (s *Server) memberClock(u *onward.User) (*time.Location, recovery.Date, time.Time) {
	c := s.app.ClockOf(u.TimeZone)
	return c.Location, c.Today, c.Now
}

// location returns the named time zone, UTC when unknown.
func location(name string) *time.Location { return app.Location(name) }
