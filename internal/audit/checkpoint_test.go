package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestCheckpointSignature(t *testing.T) {
	k, other := testKeys(t), testKeys(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	c := k.SignCheckpoint(42, strings.Repeat("a", 64), at)
	if !c.At.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("checkpoint time %v is not kept to the microsecond", c.At)
	}
	if err := k.CheckCheckpoint(c); err != nil {
		t.Fatalf("a fresh checkpoint: %v", err)
	}
	tests := []struct {
		name    string
		mutate  func(*Checkpoint)
		keys    Keys
		wantErr string
	}{
		{"ErrOtherKey", func(*Checkpoint) {}, other, "another key"},
		{"ErrSeqChanged", func(c *Checkpoint) { c.Seq = 41 }, k, "altered or forged"},
		{"ErrHashChanged", func(c *Checkpoint) { c.Hash = strings.Repeat("b", 64) }, k, "altered or forged"},
		{"ErrTimeChanged", func(c *Checkpoint) { c.At = c.At.Add(time.Hour) }, k, "altered or forged"},
		{"ErrNotBase64", func(c *Checkpoint) { c.Signature = "!" }, k, "altered or forged"},
		{"ErrResignedByOther", func(c *Checkpoint) { *c = other.SignCheckpoint(c.Seq, c.Hash, c.At) }, k, "another key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := c
			tt.mutate(&changed)
			if err := tt.keys.CheckCheckpoint(changed); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckpointsRoundTrip(t *testing.T) {
	k := testKeys(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cps := []Checkpoint{k.SignCheckpoint(1, strings.Repeat("a", 64), at), k.SignCheckpoint(9, strings.Repeat("b", 64), at.Add(time.Hour))}
	var buf bytes.Buffer
	if err := WriteCheckpoints(&buf, cps); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 2 {
		t.Fatalf("%d lines for 2 checkpoints:\n%s", n, buf.String())
	}
	read, err := ReadCheckpoints(strings.NewReader(buf.String() + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 2 {
		t.Fatalf("read %d checkpoints, want 2", len(read))
	}
	for _, c := range read {
		if err := k.CheckCheckpoint(c); err != nil {
			t.Fatalf("checkpoint %d after export and import: %v", c.Seq, err)
		}
	}
	for _, bad := range []string{"not json\n", `{"seq":0,"hash":"a","signature":"b"}` + "\n", `{"seq":3}` + "\n"} {
		if _, err := ReadCheckpoints(strings.NewReader(bad)); err == nil {
			t.Fatalf("ReadCheckpoints accepted %q", bad)
		}
	}
}

func FuzzReadCheckpoints(f *testing.F) {
	k := testKeys(f)
	var buf bytes.Buffer
	WriteCheckpoints(&buf, []Checkpoint{k.SignCheckpoint(7, strings.Repeat("c", 64), time.Unix(0, 0))})
	f.Add(buf.String())
	f.Add("{}\n")
	f.Add(`{"seq":-1,"hash":"x","signature":"y","at":"2026-01-01T00:00:00Z"}`)
	f.Fuzz(func(t *testing.T, in string) {
		cps, err := ReadCheckpoints(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, c := range cps {
			if c.Seq < 1 || c.Hash == "" || c.Signature == "" {
				t.Fatalf("accepted an incomplete checkpoint %+v", c)
			}
			k.CheckCheckpoint(c) // must not panic on anything read
		}
	})
}
