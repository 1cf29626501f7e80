package directory

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// Springfield, Illinois: the demo data sits around it.
const springfieldLat, springfieldLng = 39.7817, -89.6501

func TestDemoProgramsAreValidVariedAndClearlyFictional(t *testing.T) {
	programs := DemoPrograms()
	if n := len(programs); n < 8 || n > 12 {
		t.Errorf("%d demo programs, want 8 to 12", n)
	}
	ids := map[string]bool{}
	levels, meds, pays, langs := map[Level]bool{}, map[Medication]bool{}, map[Payment]bool{}, map[string]bool{}
	twentyFourSeven := false
	for _, p := range programs {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if ids[p.SourceID] {
			t.Errorf("id %s used twice", p.SourceID)
		}
		ids[p.SourceID] = true
		if !strings.HasSuffix(p.Name, "(demo)") || !strings.Contains(p.Phone, "555-01") || !strings.HasPrefix(p.Website, "https://example.org/") {
			t.Errorf("%s (%s, %s) does not look fictional", p.Name, p.Phone, p.Website)
		}
		if d := DistanceKm(springfieldLat, springfieldLng, p.Lat, p.Lng); d > 30 {
			t.Errorf("%s is %.0f km from Springfield", p.Name, d)
		}
		for _, l := range p.Levels {
			levels[l] = true
		}
		for _, m := range p.Medications {
			meds[m] = true
		}
		for _, pay := range p.Payments {
			pays[pay] = true
		}
		for _, l := range p.Languages {
			langs[l] = true
		}
		twentyFourSeven = twentyFourSeven || p.Admissions24h
	}
	for _, l := range Levels() {
		if !levels[l] {
			t.Errorf("no demo program offers %s", l)
		}
	}
	for _, m := range Medications() {
		if !meds[m] {
			t.Errorf("no demo program offers %s", m)
		}
	}
	for _, p := range Payments() {
		if !pays[p] {
			t.Errorf("no demo program accepts %s", p)
		}
	}
	if !langs["es"] || len(langs) < 3 || !twentyFourSeven {
		t.Errorf("languages %v, 24-hour admissions %v: want Spanish, at least three languages and one 24-hour program", langs, twentyFourSeven)
	}
}

func TestDemoMeetingsAreValidVariedAndClearlyFictional(t *testing.T) {
	meetings := DemoMeetings()
	if n := len(meetings); n < 8 || n > 12 {
		t.Errorf("%d demo meetings, want 8 to 12", n)
	}
	ids := map[string]bool{}
	fellowships, modes, days := map[Fellowship]bool{}, map[Mode]bool{}, map[time.Weekday]bool{}
	for _, m := range meetings {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
		if ids[m.SourceID] {
			t.Errorf("id %s used twice", m.SourceID)
		}
		ids[m.SourceID] = true
		if !strings.HasSuffix(m.Name, "(demo)") || (m.URL != "" && !strings.HasPrefix(m.URL, "https://example.org/")) {
			t.Errorf("%s (%s) does not look fictional", m.Name, m.URL)
		}
		if m.Mode != ModeOnline {
			if d := DistanceKm(springfieldLat, springfieldLng, m.Lat, m.Lng); d > 30 {
				t.Errorf("%s is %.0f km from Springfield", m.Name, d)
			}
		}
		fellowships[m.Fellowship], modes[m.Mode], days[m.Day] = true, true, true
	}
	if len(fellowships) != 3 || len(modes) != 3 || len(days) < 6 {
		t.Errorf("fellowships %v, modes %v, days %v: want all three fellowships and modes, six or more days",
			fellowships, modes, slices.Sorted(maps.Keys(days)))
	}
}
