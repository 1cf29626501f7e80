package draw

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"testing"
)

// The published algorithm, written out again from its description, must
// give the same numbers: this is what someone re-checking a draw does.
func TestIntnFollowsThePublishedAlgorithm(t *testing.T) {
	seed := []byte("a recorded seed")
	src := New(seed)
	for i := range 50 {
		n := 500
		var c [4]byte
		binary.BigEndian.PutUint32(c[:], uint32(i))
		sum := sha256.Sum256(append(append([]byte(nil), seed...), c[:]...))
		want := int(binary.BigEndian.Uint64(sum[:8]) % uint64(n)) // 2^64 mod 500 leaves a tiny excess, never hit in 50 blocks
		if got := src.Intn(n); got != want {
			t.Fatalf("block %d: Intn(500) = %d, want %d", i, got, want)
		}
	}
}

func TestSameSeedSameDraw(t *testing.T) {
	seed, _ := ParseSeed("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
	a, b := Choose(seed, 22, 3), Choose(seed, 22, 3)
	if !slices.Equal(a, b) || len(a) != 3 {
		t.Fatalf("Choose gave %v then %v; want the same three numbers", a, b)
	}
	other := Choose(NewSeed(), 22, 3)
	for i := 0; i < 20 && slices.Equal(other, a); i++ {
		other = Choose(NewSeed(), 22, 3)
	}
	if slices.Equal(other, a) {
		t.Fatal("twenty fresh seeds all drew the same days")
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct{ n, k, want int }{{5, 3, 3}, {5, 5, 5}, {5, 9, 5}, {5, 0, 0}, {0, 2, 0}, {1, 1, 1}} {
		got := Choose(NewSeed(), tc.n, tc.k)
		if len(got) != tc.want {
			t.Errorf("Choose(n=%d, k=%d) = %v, want %d numbers", tc.n, tc.k, got, tc.want)
		}
		seen := map[int]bool{}
		for _, x := range got {
			if x < 0 || x >= tc.n || seen[x] {
				t.Errorf("Choose(n=%d, k=%d) = %v: out of range or repeated", tc.n, tc.k, got)
			}
			seen[x] = true
		}
	}
}

// Over many seeds each slip of a small bowl comes up about equally often:
// the skipped blocks leave no favourite.
func TestIntnIsUniform(t *testing.T) {
	const n, rounds = 7, 70000
	counts := make([]int, n)
	src := New([]byte("uniformity"))
	for range rounds {
		counts[src.Intn(n)]++
	}
	for i, c := range counts {
		if c < rounds/n*9/10 || c > rounds/n*11/10 {
			t.Errorf("number %d came up %d times in %d, want about %d", i, c, rounds, rounds/n)
		}
	}
}

func TestParseSeedRefusesNonHex(t *testing.T) {
	for _, s := range []string{"", "xyz", "abc"} {
		if _, err := ParseSeed(s); err == nil {
			t.Errorf("ParseSeed(%q) succeeded", s)
		}
	}
}
