package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestStaffAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	if err := run(context.Background(), []string{"demo", "--db", db}, env(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"user", "add", "--db", db, "--email", "kim@clinic.example", "--role", "clinician"},
		env(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	raw, _ := sql.Open("sqlite", "file:"+db)
	var programID string
	if err := raw.QueryRow("SELECT id FROM programs ORDER BY name LIMIT 1").Scan(&programID); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		raw.QueryRow("SELECT COUNT(*) FROM program_staff WHERE program_id = ?", programID).Scan(&n)
		return n
	}
	before := count()
	add := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"staff", "add", "--db", db}, args...), env(nil), nil, &out, io.Discard)
		return out.String(), err
	}
	out, err := add("--email", "KIM@clinic.example", "--program", programID)
	if err != nil || !strings.Contains(out, "kim@clinic.example is on the staff of") || count() != before+1 {
		t.Fatalf("staff add: %v %q (staff %d -> %d)", err, out, before, count())
	}
	if _, err := add("--email", "kim@clinic.example", "--program", programID); err != nil || count() != before+1 {
		t.Fatalf("adding the same person twice: %v, staff %d", err, count())
	}
	for name, args := range map[string][]string{
		"ErrMember":         {"--email", "maria@demo.onward", "--program", programID},
		"ErrUnknownAccount": {"--email", "nobody@example.org", "--program", programID},
		"ErrUnknownProgram": {"--email", "kim@clinic.example", "--program", "00000000-0000-7000-8000-000000000000"},
		"ErrMissingFlags":   {"--email", "kim@clinic.example"},
	} {
		if _, err := add(args...); err == nil {
			t.Errorf("%s: staff add accepted %v", name, args)
		}
	}
	raw.Close()
}
