// Package draw makes random choices that anyone can check afterwards: a
// choice is computed from a seed by a published algorithm, and the seed is
// recorded with the choice. Onward uses it for the days of random drug
// tests and for prize draws in contingency management
// (docs/testing.md, docs/contingency-management.md). It is pure apart from
// NewSeed, which reads the operating system's random source.
package draw

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
)

// Algorithm names the way numbers are made from a seed, recorded beside
// every seed so a later version can change it without making old draws
// uncheckable. Block i of the stream is SHA-256(seed || i), i a 32-bit
// big-endian counter from 0; its first 8 bytes, read as a big-endian
// unsigned integer x, give a number below n as x mod n, after blocks whose
// x falls in the incomplete last range of 2^64 are skipped (so every
// number is equally likely).
const Algorithm = "sha256-ctr-v1"

// SeedBytes is the length of a seed.
const SeedBytes = 32

// NewSeed returns a fresh seed from the operating system's random source.
func NewSeed() []byte {
	b := make([]byte, SeedBytes)
	rand.Read(b) // never returns an error (crypto/rand, Go 1.24+)
	return b
}

// ParseSeed reads a seed written as hex.
func ParseSeed(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil, fmt.Errorf("draw: seed %q is not hex", s)
	}
	return b, nil
}

// Source is the stream of numbers one seed gives.
type Source struct {
	seed    []byte
	counter uint32
}

// New returns the stream of seed, from its first block.
func New(seed []byte) *Source { return &Source{seed: append([]byte(nil), seed...)} }

func (s *Source) block() uint64 {
	var c [4]byte
	binary.BigEndian.PutUint32(c[:], s.counter)
	s.counter++
	sum := sha256.Sum256(append(append([]byte(nil), s.seed...), c[:]...))
	return binary.BigEndian.Uint64(sum[:8])
}

// Intn returns the next number of the stream in [0, n); n must be positive.
func (s *Source) Intn(n int) int {
	if n <= 0 {
		panic("draw: Intn of a non-positive n")
	}
	r := uint64(n)
	// 2^64 mod r: the values at the top of the range that would favour
	// the smallest numbers.
	excess := (math.MaxUint64%r + 1) % r
	for {
		x := s.block()
		if excess == 0 || x <= math.MaxUint64-excess {
			return int(x % r)
		}
	}
}

// Choose returns k distinct numbers of [0, n) in the order drawn, by a
// partial Fisher-Yates shuffle on the stream of seed: position i is
// swapped with position i + Intn(n-i). k is capped at n.
func Choose(seed []byte, n, k int) []int {
	k = min(k, n)
	if k <= 0 {
		return nil
	}
	pool := make([]int, n)
	for i := range pool {
		pool[i] = i
	}
	src := New(seed)
	for i := range k {
		j := i + src.Intn(n-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	return pool[:k]
}
