package gazetteer

import (
	"math"
	"testing"
)

func near(p Place, lat, lng float64) bool {
	return math.Abs(p.Lat-lat) < 0.1 && math.Abs(p.Lng-lng) < 0.1
}

func TestPlacesAnywhereInTheUnitedStates(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		find     func() (Place, bool)
		lat, lng float64
	}{
		{"ZIP code", func() (Place, bool) { return ByZip("62701") }, 39.80, -89.65},
		{"ZIP+4", func() (Place, bool) { return ByZip("62701-1234") }, 39.80, -89.65},
		{"PO-box ZIP code without a ZCTA", func() (Place, bool) { return ByZip("62705") }, 39.80, -89.64},
		{"Alaska", func() (Place, bool) { return ByZip("99553") }, 54.14, -165.79},
		{"Puerto Rico", func() (Place, bool) { return ByZip("00901") }, 18.46, -66.11},
		{"town by postal code", func() (Place, bool) { return ByTown("Springfield", "IL") }, 39.80, -89.64},
		{"same name, other state", func() (Place, bool) { return ByTown("springfield", "mo") }, 37.22, -93.30},
		{"state by name", func() (Place, bool) { return ByTown("Springfield", "Illinois") }, 39.80, -89.64},
		{"Saint written St.", func() (Place, bool) { return ByTown("Saint Louis", "MO") }, 38.63, -90.20},
		{"small town from its postal codes", func() (Place, bool) { return ByTown("Chatham", "IL") }, 39.68, -89.70},
		{"accent typed without it", func() (Place, bool) { return ByTown("Canon City", "CO") }, 38.44, -105.24},
	}
	for _, tt := range tests {
		p, ok := tt.find()
		if !ok || !near(p, tt.lat, tt.lng) {
			t.Errorf("%s: got %+v, %v; want near %v, %v", tt.name, p, ok, tt.lat, tt.lng)
		}
	}
	for _, miss := range []func() (Place, bool){
		func() (Place, bool) { return ByZip("00000") },
		func() (Place, bool) { return ByZip("abc") },
		func() (Place, bool) { return ByTown("Springfield", "ZZ") },
		func() (Place, bool) { return ByTown("Nowhere At All", "IL") },
	} {
		if p, ok := miss(); ok {
			t.Errorf("found %+v where there is nothing", p)
		}
	}
}

func TestStates(t *testing.T) {
	for in, want := range map[string]string{"il": "IL", "Illinois": "IL", "new york": "NY", "District of Columbia": "DC", " pr ": "PR"} {
		if got, ok := State(in); !ok || got != want {
			t.Errorf("State(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := State("Ontario"); ok {
		t.Error("Ontario is not a US state")
	}
}

func TestBrokenDataIsAnError(t *testing.T) {
	if _, err := parse([]byte("not gzip")); err == nil {
		t.Error("no error for a file that is not gzip")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(placesFile); err != nil {
			b.Fatal(err)
		}
	}
}
