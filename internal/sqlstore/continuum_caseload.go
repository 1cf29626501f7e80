package sqlstore

import (
	"github.com/onward-recovery/onward/internal/continuum"
	"github.com/onward-recovery/onward/internal/recovery"
)

// CareFacts are what the caseload needs of a member's continuum of care:
// the current level of care with the hours it expects, and the attendance
// recorded over the last two weeks (the last complete week is in them
// whatever the member's time zone).
type CareFacts struct {
	Level         string // the open segment's level; "" when none
	LevelStart    recovery.Date
	ExpectedHours float64
	Attendance    []continuum.Record
}

// careFactsDays is how far back the caseload reads attendance.
const careFactsDays = 16

// scanRecord reads an enrolment id, a session's start and length, and the
// attendance recorded.
func scanRecord(row rowScanner) (string, continuum.Record, error) {
	var id string
	var r continuum.Record
	var starts dbTime
	err := row.Scan(&id, &starts, &r.Minutes, &r.Attendance)
	r.StartsAt = starts.Time
	return id, r, err
}
