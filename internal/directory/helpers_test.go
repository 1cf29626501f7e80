package directory

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func testdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read test data: %v", err)
	}
	return string(b)
}

func mustParsePrograms(t *testing.T, input string) ProgramImport {
	t.Helper()
	res, err := ParsePrograms(strings.NewReader(input))
	if err != nil {
		t.Fatalf("ParsePrograms: unexpected error: %v", err)
	}
	return res
}

func mustParseMeetings(t *testing.T, input string) MeetingImport {
	t.Helper()
	res, err := ParseMeetings(strings.NewReader(input))
	if err != nil {
		t.Fatalf("ParseMeetings: unexpected error: %v", err)
	}
	return res
}

// wantRejected compares rejections by line and item, and by a part of the message, so
// a test names the reason without freezing the wording.
func wantRejected(t *testing.T, got, want []RowError) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("rejected %d rows, want %d:\n got  %v\n want %v", len(got), len(want), got, want)
		return
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Line != w.Line || g.Item != w.Item || !strings.Contains(g.Message, w.Message) {
			t.Errorf("rejection %d = %v, want line %d item %d with %q", i+1, g, w.Line, w.Item, w.Message)
		}
	}
}

// wantFileError requires a *FileError at line whose message holds part.
func wantFileError(t *testing.T, err error, line int, part string) {
	t.Helper()
	fe, ok := errors.AsType[*FileError](err)
	if !ok {
		t.Fatalf("error = %v, want a *FileError", err)
	}
	if fe.Line != line || !strings.Contains(fe.Message, part) {
		t.Errorf("error = %q at line %d, want line %d with %q", fe.Message, fe.Line, line, part)
	}
}

func wantEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}
