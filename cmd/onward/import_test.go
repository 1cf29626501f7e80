package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onward-recovery/onward/internal/directory"
)

const testdata = "../../internal/directory/testdata/"

// runImport runs "onward import ..." on db and returns its output and error.
func runImport(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append(append([]string{"import"}, args...), "--db", db),
		env(nil), strings.NewReader(""), &out, &out)
	return out.String(), err
}

// readOnly opens the test database for reading.
func readOnly(t *testing.T, db string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func countWhere(t *testing.T, db, table, where string) int {
	t.Helper()
	var n int
	if err := readOnly(t, db).QueryRow("SELECT COUNT(*) FROM " + table + where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func rowsIn(t *testing.T, db, table string) int { return countWhere(t, db, table, "") }

// listedIn counts the rows of table that are not withdrawn.
func listedIn(t *testing.T, db, table string) int {
	return countWhere(t, db, table, " WHERE withdrawn_at IS NULL")
}

func wantOutput(t *testing.T, out string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(out, p) {
			t.Fatalf("output lacks %q:\n%s", p, out)
		}
	}
}

func TestImportPrograms(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	for _, file := range []string{"programs.csv", "locator.json"} {
		out, err := runImport(t, db, "programs", testdata+file)
		if err != nil {
			t.Fatalf("import %s: %v\n%s", file, err, out)
		}
		wantOutput(t, out, "Imported: 3 new, 0 updated, 0 unchanged, 0 removed.", "Rejected: 0.")
	}
	out, err := runImport(t, db, "programs", testdata+"programs.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantOutput(t, out, "as csv: 3 programs", "Imported: 0 new, 0 updated, 3 unchanged, 0 removed.")
	if n := rowsIn(t, db, "programs"); n != 6 {
		t.Fatalf("%d programs after importing two files of 3 and one again, want 6", n)
	}

	t.Run("UpdatedAndRejectedRows", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "programs.csv")
		os.WriteFile(file, []byte("id,name,lat,lng,levels\n"+
			"erc-1,Example Recovery Center (renamed),39.7990,-89.6440,outpatient\n"+
			"new-1,New Program,39.80,-89.65,otp\n"+
			"bad-1,No Position,,,outpatient\n"+
			"bad-2,Bad Level,39.80,-89.65,detox\n"), 0o644)
		out, err := runImport(t, db, "programs", file)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		// erc-2 and erc-3 left the file: withdrawn; bad-1 and bad-2 were never listed.
		wantOutput(t, out, "Imported: 1 new, 1 updated, 0 unchanged, 2 removed.", "Rejected: 2.", "  line 4: ", "  line 5: ", `"detox"`)
		if n := rowsIn(t, db, "programs"); n != 7 {
			t.Fatalf("%d programs, want 7 (withdrawn ones are kept, hidden)", n)
		}
		if n := listedIn(t, db, "programs"); n != 5 {
			t.Fatalf("%d programs listed, want 3 from the locator and 2 from the CSV", n)
		}
	})
	t.Run("ErrFileRefusedImportsNothing", func(t *testing.T) {
		truncated := filepath.Join(t.TempDir(), "cut.json")
		data, _ := os.ReadFile(testdata + "locator.json")
		os.WriteFile(truncated, data[:len(data)/2], 0o644)
		for name, file := range map[string]string{"truncated JSON": truncated, "meetings file": testdata + "bmlt.json", "no such file": "nope.csv"} {
			out, err := runImport(t, db, "programs", file)
			if err == nil {
				t.Fatalf("%s: imported without error:\n%s", name, out)
			}
			if n := rowsIn(t, db, "programs"); n != 7 {
				t.Fatalf("%s: %d programs afterwards, want the 7 from before", name, n)
			}
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{{}, {"clinics", "x.csv"}, {"programs"}, {"programs", "a.csv", "b.csv"}} {
			if _, err := runImport(t, db, args...); err == nil || !strings.Contains(err.Error(), "usage") && !strings.Contains(err.Error(), "unexpected") {
				t.Fatalf("import %v: %v, want a usage error", args, err)
			}
		}
	})
}

func TestImportMeetings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	out, err := runImport(t, db, "meetings", testdata+"bmlt.json")
	if err == nil || !strings.Contains(err.Error(), "--time-zone") {
		t.Fatalf("a list without time zones imported without one: %v\n%s", err, out)
	}
	out, err = runImport(t, db, "meetings", testdata+"bmlt.json", "--time-zone", "Mars/Base")
	if err == nil {
		t.Fatalf("an unknown zone was taken:\n%s", out)
	}
	if _, err := os.Stat(db); err == nil && rowsIn(t, db, "meetings") != 0 {
		t.Fatal("meetings were imported from a refused file")
	}
	for _, file := range []string{"bmlt.json", "meeting-guide.json", "smart.csv"} {
		out, err := runImport(t, db, "meetings", testdata+file, "--time-zone", "America/Chicago")
		if err != nil {
			t.Fatalf("import %s: %v\n%s", file, err, out)
		}
		wantOutput(t, out, " new, 0 updated, 0 unchanged, 0 removed.", "Rejected: 0.")
	}
	if n := rowsIn(t, db, "meetings"); n != 10 {
		t.Fatalf("%d meetings, want 3 + 4 + 3", n)
	}
	out, err = runImport(t, db, "meetings", "--time-zone", "America/Chicago", testdata+"smart.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantOutput(t, out, `the feed "smart"`, "Imported: 0 new, 0 updated, 3 unchanged, 0 removed.")
}

// TestImportMeetingFeeds imports feeds as intergroups publish them: two feeds
// of one format whose slugs collide, each under its own source; a re-import
// of one feed that dropped a meeting; and the fellowship from the feed.
func TestImportMeetingFeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	out, err := runImport(t, db, "meetings", testdata+"meeting-guide-tsml.json", "--source", "aa-district-12", "--time-zone", "America/Chicago")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantOutput(t, out, `the feed "aa-district-12" (AA unless a row says otherwise): 8 rows, 6 meetings.`,
		"Meetings in a room without a position in the file: 4. Placed at the centre of their ZIP code: 4; of their town: 0; not placed",
		"Imported: 6 new, 0 updated, 0 unchanged, 0 removed.",
		"Warnings: 3.", `line 38 (item 2): time "12:00 PM" is a 12-hour time`,
		"Inactive in the file (removed if listed before): 1.", "Rejected: 3.", `line 101 (item 6): time: "evening"`)
	out, err = runImport(t, db, "meetings", testdata+"meeting-guide-alanon.json", "--fellowship", "al-anon")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantOutput(t, out, `the feed "meeting-guide-alanon" (Al-Anon unless a row says otherwise)`, "Imported: 2 new")
	wantFellowships(t, db, map[string]int{"AA": 6, "Al-Anon": 1, "Alateen": 1})

	t.Run("ReimportRemovesWhatLeftTheFeed", func(t *testing.T) {
		data, _ := os.ReadFile(testdata + "meeting-guide-tsml.json")
		// The feed drops the Night Owls (slug 77) and marks nothing else.
		trimmed := strings.Replace(string(data), `"slug": 77`, `"slug": "renamed-owls"`, 1)
		file := filepath.Join(t.TempDir(), "feed.json")
		os.WriteFile(file, []byte(trimmed), 0o644)
		out, err := runImport(t, db, "meetings", file, "--source", "aa-district-12", "--time-zone", "America/Chicago")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		// The broken-time row keeps nothing: it was never imported.
		wantOutput(t, out, "Imported: 1 new, 0 updated, 5 unchanged, 1 removed.")
		wantFellowships(t, db, map[string]int{"AA": 6, "Al-Anon": 1, "Alateen": 1})
	})
	t.Run("ErrEmptyFeedChangesNothing", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "empty.json")
		os.WriteFile(file, []byte(`[{"slug": "x", "name": "Inactive", "day": 1, "time": "19:00", "attendance_option": "inactive"}]`), 0o644)
		if out, err := runImport(t, db, "meetings", file, "--source", "aa-district-12"); err == nil {
			t.Fatalf("a feed without a meeting hid the whole feed:\n%s", out)
		}
		wantFellowships(t, db, map[string]int{"AA": 6, "Al-Anon": 1, "Alateen": 1})
	})
	t.Run("ErrBadSourceOrFellowship", func(t *testing.T) {
		for _, args := range [][]string{{"--source", "Bad Name!"}, {"--fellowship", "Knitters Anonymous"}} {
			out, err := runImport(t, db, append([]string{"meetings", testdata + "smart.csv"}, args...)...)
			if err == nil {
				t.Fatalf("%v accepted:\n%s", args, out)
			}
		}
	})
}

// wantFellowships compares the listed meetings per fellowship.
func wantFellowships(t *testing.T, db string, want map[string]int) {
	t.Helper()
	if got := listedFellowships(t, db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("listed meetings per fellowship: %v, want %v", got, want)
	}
}

// listedFellowships counts the listed meetings per fellowship.
func listedFellowships(t *testing.T, db string) map[string]int {
	t.Helper()
	rows, err := readOnly(t, db).Query("SELECT fellowship, COUNT(*) FROM meetings WHERE withdrawn_at IS NULL GROUP BY fellowship")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var f string
		var n int
		rows.Scan(&f, &n)
		got[f] = n
	}
	return got
}

// TestFellowshipFromTheFeedsName: a feed named for its fellowship is not
// taken for AA (the Al-Anon and EDA feeds of the Meeting Guide ecosystem
// say their fellowship nowhere in their rows).
func TestFellowshipFromTheFeedsName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	file := filepath.Join(t.TempDir(), "al-anon.json")
	data, _ := os.ReadFile(testdata + "meeting-guide.json")
	os.WriteFile(file, data, 0o644)
	out, err := runImport(t, db, "meetings", file, "--time-zone", "America/Chicago")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	wantOutput(t, out, `the feed "al-anon" (Al-Anon unless a row says otherwise)`, "The fellowship Al-Anon comes from the feed's name")
	if _, ok := listedFellowships(t, db)["AA"]; ok {
		t.Fatal("an Al-Anon feed's meetings were listed as AA")
	}
	for name, want := range map[string]string{"al-anon": "Al-Anon", "na-region-5": "NA", "aa-district-12": "AA", "eda": "EDA",
		"smart_meetings": "SMART", "narcotics-anonymous-chicago": "NA", "ca-la-county": "", "pa-district-4": "", "oc": "", "aasanjose": ""} {
		got, _ := directory.FellowshipInName(name)
		if string(got) != want {
			t.Errorf("FellowshipInName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSourceFromFile(t *testing.T) {
	for file, want := range map[string]string{
		"/data/AA District 12.json": "aa-district-12", "na_region.json": "na-region", "feed": "feed", "--.json": "",
	} {
		if got := sourceFromFile(file); got != want {
			t.Errorf("sourceFromFile(%q) = %q, want %q", file, got, want)
		}
	}
}
