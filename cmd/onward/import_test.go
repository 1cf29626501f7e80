package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func rowsIn(t *testing.T, db, table string) int {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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
		wantOutput(t, out, "Imported: 3 new, 0 updated, 0 unchanged.", "Rejected: 0.")
	}
	out, err := runImport(t, db, "programs", testdata+"programs.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantOutput(t, out, "as csv: 3 programs", "Imported: 0 new, 0 updated, 3 unchanged.")
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
		wantOutput(t, out, "Imported: 1 new, 1 updated, 0 unchanged.", "Rejected: 2.", "  line 4: ", "  line 5: ", `"detox"`)
		if n := rowsIn(t, db, "programs"); n != 7 {
			t.Fatalf("%d programs, want 7", n)
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
		wantOutput(t, out, " new, 0 updated, 0 unchanged.", "Rejected: 0.")
	}
	if n := rowsIn(t, db, "meetings"); n != 10 {
		t.Fatalf("%d meetings, want 3 + 4 + 3", n)
	}
	out, err = runImport(t, db, "meetings", "--time-zone", "America/Chicago", testdata+"smart.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantOutput(t, out, "Imported: 0 new, 0 updated, 3 unchanged.")
}
