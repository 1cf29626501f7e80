package directory

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// addSeeds gives a fuzz test every file in testdata, whole and cut off halfway (a
// file broken mid-row), so it starts from every format and from broken JSON and CSV.
func addSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files in testdata: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(`[{"name1": "A", "latitude": "1e400", "longitude": "-89"}, {"slug": 1}]`))
	f.Add([]byte("id,name,lat,lng\n\"x\",\"y\"\"\",NaN,Inf\n"))
}

// checkImport holds every import to its promise: an error means no rows at all; a
// success has a known format, only rows that pass Validate, no key twice, and every
// rejection at a real line (and, in JSON, a real item).
func checkImport[T any](t *testing.T, res ImportResult[T], err error, formats []string,
	validate func(*T) error, key func(*T) string) {
	if err != nil {
		if len(res.Rows) != 0 || len(res.Rejected) != 0 || res.Format != "" {
			t.Fatalf("error %v came with a partial result: %+v", err, res)
		}
		return
	}
	if !slices.Contains(formats, res.Format) {
		t.Fatalf("unknown format %q", res.Format)
	}
	seen := map[string]bool{}
	for i := range res.Rows {
		if err := validate(&res.Rows[i]); err != nil {
			t.Fatalf("row %d was imported but is invalid: %v: %+v", i, err, res.Rows[i])
		}
		if k := key(&res.Rows[i]); seen[k] {
			t.Fatalf("key %q imported twice", k)
		} else {
			seen[k] = true
		}
	}
	isCSV := res.Format == FormatProgramCSV || res.Format == FormatSMARTCSV
	for _, r := range res.Rejected {
		if r.Line < 1 || (isCSV && r.Item != 0) || (!isCSV && r.Item < 1) || r.Message == "" {
			t.Fatalf("rejection without a real place or reason: %+v", r)
		}
	}
}

func FuzzParsePrograms(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParsePrograms(bytes.NewReader(data))
		checkImport(t, res, err, []string{FormatProgramCSV, FormatLocatorJSON},
			(*Program).Validate, func(p *Program) string { return p.Source + "\x00" + p.SourceID })
	})
}

func FuzzParseMeetings(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseMeetings(bytes.NewReader(data))
		checkImport(t, res, err, []string{FormatBMLTJSON, FormatMeetingGuideJSON, FormatSMARTCSV},
			(*Meeting).Validate, func(m *Meeting) string { return m.Source + "\x00" + m.SourceID })
	})
}

// FuzzMeetingFeed follows a meeting file the way the import command does: parse,
// assign it to a feed, place meetings without a position. Every meeting must
// still be valid, have a fellowship, and be counted once in the placing; every
// inactive row and warning must point at a real place in the file.
func FuzzMeetingFeed(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseMeetings(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(res.Rows)+len(res.Rejected)+len(res.Inactive) != res.RowsRead && res.Format != FormatMeetingGuideJSON {
			t.Fatalf("%d rows read but %d kept, %d rejected, %d inactive", res.RowsRead, len(res.Rows), len(res.Rejected), len(res.Inactive))
		}
		AssignFeed(res.Rows, "feed", FellowshipAA)
		placing := PlaceWithoutPosition(res.Rows)
		unplaced := 0
		for i := range res.Rows {
			m := &res.Rows[i]
			if err := m.Validate(); err != nil || m.Fellowship == "" || m.Source != "feed" {
				t.Fatalf("meeting %d after the feed is assigned: %v: %+v", i, err, m)
			}
			if m.Mode != ModeOnline && m.Located == "" {
				unplaced++
			}
		}
		if unplaced != placing.Unplaced {
			t.Fatalf("%d meetings without a position, the placing says %d", unplaced, placing.Unplaced)
		}
		for _, r := range append(res.Inactive, res.Warnings...) {
			if r.Line < 1 || r.Message == "" {
				t.Fatalf("inactive row or warning without a place or reason: %+v", r)
			}
		}
	})
}

// FuzzMeetingClock: whatever a list writes as a time, a time read is one the
// directory can store, and a 24-hour time is never taken for a 12-hour one.
func FuzzMeetingClock(f *testing.F) {
	for _, s := range []string{"19:30", "7:30 PM", "7pm", "12:00 a.m.", "12 PM", "13:00 PM", "0:30 am", "7:5 pm", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clock, twelveHour, err := parseMeetingClock(s)
		if err != nil {
			return
		}
		if again, err := parseClock(clock); err != nil || again != clock {
			t.Fatalf("%q read as %q, which is not a stored time", s, clock)
		}
		if _, err := parseClock(s); (err == nil) == twelveHour {
			t.Fatalf("%q: twelve-hour = %v", s, twelveHour)
		}
	})
}

// FuzzFellowshipInName: any feed name gives a fellowship the finder knows,
// or none.
func FuzzFellowshipInName(f *testing.F) {
	for _, s := range []string{"al-anon", "na-region-5", "ca-la-county", "smart_meetings", "--", "narcotics.anonymous"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, ok := FellowshipInName(name)
		if ok != (got != "") || ok && !slices.Contains(Fellowships(), got) {
			t.Fatalf("FellowshipInName(%q) = %q, %v", name, got, ok)
		}
	})
}
