package directory

import (
	"fmt"
	"math/rand/v2"
)

// SyntheticCentres are cities where SyntheticPrograms cluster, as real
// programs do; Springfield, Illinois is the first.
var SyntheticCentres = [][2]float64{
	{39.78, -89.65}, {41.88, -87.63}, {40.71, -74.01}, {34.05, -118.24}, {29.76, -95.37},
	{33.45, -112.07}, {39.95, -75.17}, {32.78, -96.80}, {37.77, -122.42}, {47.61, -122.33},
	{39.74, -104.99}, {42.36, -71.06}, {36.16, -86.78}, {38.25, -85.76}, {39.10, -84.51},
}

// SyntheticPrograms makes n valid, clearly fake programs for benchmarks,
// the same on every run: half clustered around SyntheticCentres (about
// 30 km across), half spread over the contiguous United States, each with
// a random mix of levels, medications and payments, so a 50 km search
// finds tens of programs among hundreds in its box.
func SyntheticPrograms(n int) []Program {
	r := rand.New(rand.NewPCG(1, 2))
	programs := make([]Program, n)
	for i := range programs {
		lat, lng := 25+r.Float64()*24, -124+r.Float64()*57
		if i%2 == 0 {
			c := SyntheticCentres[i/2%len(SyntheticCentres)]
			lat, lng = c[0]+r.NormFloat64()*0.25, c[1]+r.NormFloat64()*0.3
		}
		programs[i] = Program{Source: "synthetic", SourceID: fmt.Sprint(i), Name: fmt.Sprintf("Program %d", i),
			Street: "1 Example Street", City: "Example", State: "IL", Zip: "62701", Country: "US",
			Phone: "217-555-0100", Lat: lat, Lng: lng, Languages: []string{"en"},
			Levels: someOf(r, Levels()), Medications: someOf(r, Medications()), Payments: someOf(r, Payments())}
	}
	return programs
}

// someOf picks each value with a chance of one in three.
func someOf[T any](r *rand.Rand, all []T) []T {
	var out []T
	for _, v := range all {
		if r.IntN(3) == 0 {
			out = append(out, v)
		}
	}
	return out
}
