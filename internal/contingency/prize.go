package contingency

import (
	"github.com/onward-recovery/onward/internal/draw"
)

// Drawing a slip: the bowl's slips are numbered from 0 in the order of its
// tiers (the first tier's slips first), and the slip drawn is
// draw.New(seed).Intn(total slips) (draw.Algorithm). The seed, the
// algorithm, the bowl and the slip are recorded with the draw, so anyone
// can draw again from the ledger and get the same slip.

// DrawSlip draws one slip from bowl with seed and returns its number and
// its tier.
func DrawSlip(bowl []Tier, seed []byte) (slip int, tier Tier) {
	total := 0
	for _, t := range bowl {
		total += t.Slips
	}
	slip = draw.New(seed).Intn(total)
	return slip, TierOf(bowl, slip)
}

// TierOf returns the tier of slip number slip.
func TierOf(bowl []Tier, slip int) Tier {
	for _, t := range bowl {
		if slip < t.Slips {
			return t
		}
		slip -= t.Slips
	}
	return Tier{}
}

// Verify draws again from a recorded draw and reports whether the
// recorded slip and tier are what the seed gives.
func Verify(algorithm string, bowl []Tier, seed []byte, slip int, tier string) bool {
	if algorithm != draw.Algorithm {
		return false
	}
	again, t := DrawSlip(bowl, seed)
	return again == slip && t.Name == tier
}
