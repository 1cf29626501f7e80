package directory

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDistanceKmMatchesKnownCityPairs(t *testing.T) {
	// The reference distances are on the WGS-84 ellipsoid (Vincenty's inverse formula),
	// the true distance the haversine approximates on a sphere.
	tests := []struct {
		name                   string
		lat1, lng1, lat2, lng2 float64
		km                     float64
	}{
		{"Springfield IL – Chicago", 39.7817, -89.6501, 41.8781, -87.6298, 288.5},
		{"New York – Los Angeles", 40.7128, -74.0060, 34.0522, -118.2437, 3944.4},
		{"London – Paris", 51.5074, -0.1278, 48.8566, 2.3522, 343.9},
		{"Sydney – Melbourne", -33.8688, 151.2093, -37.8136, 144.9631, 713.9},
		{"Anchorage – Honolulu", 61.2181, -149.9003, 21.3069, -157.8583, 4475.7},
		{"Suva – Apia, across the antimeridian", -18.1416, 178.4419, -13.8333, -171.7500, 1152.7},
		{"Tokyo – São Paulo, nearly antipodal", 35.6762, 139.6503, -23.5505, -46.6333, 18533.5},
	}
	for _, tt := range tests {
		got := DistanceKm(tt.lat1, tt.lng1, tt.lat2, tt.lng2)
		if off := math.Abs(got-tt.km) / tt.km; off > 0.005 {
			t.Errorf("%s: %.1f km, want %.1f km within 0.5%% (off by %.2f%%)", tt.name, got, tt.km, 100*off)
		}
		if back := DistanceKm(tt.lat2, tt.lng2, tt.lat1, tt.lng1); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: %.6f km one way, %.6f km back", tt.name, got, back)
		}
	}
	if d := DistanceKm(39.78, -89.65, 39.78, -89.65); d != 0 {
		t.Errorf("a point is %v km from itself", d)
	}
	if d := DistanceKm(0, 0, 0, 180); math.IsNaN(d) || math.Abs(d-math.Pi*earthRadiusKm) > 1e-6 {
		t.Errorf("antipodes are %v km apart, want half the circumference", d)
	}
}

// pointAt is the point distanceKm from (lat, lng) on the initial bearing, by the
// spherical direct formula: an independent way to make points at a known distance.
func pointAt(lat, lng, bearing, distanceKm float64) (float64, float64) {
	δ, θ, φ1, λ1 := distanceKm/earthRadiusKm, bearing, radians(lat), radians(lng)
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	return degrees(φ2), math.Remainder(degrees(λ2), 360)
}

func TestBoundingBoxHoldsEveryPointWithinTheRadius(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 11))
	centres := [][2]float64{
		{39.7817, -89.6501}, // Springfield
		{89.9, 10},          // by the North Pole
		{-88.5, -120},       // near the South Pole
		{-18.1, 179.9},      // Fiji, by the antimeridian
		{52, -179.95},       // the Aleutians, the other side
		{0, 0},
	}
	for range 200 {
		centres = append(centres, [2]float64{rng.Float64()*180 - 90, rng.Float64()*360 - 180})
	}
	for _, c := range centres {
		for range 50 {
			radius := 0.01 + rng.Float64()*MaxRadiusKm
			minLat, maxLat, minLng, maxLng := BoundingBox(c[0], c[1], radius)
			for range 40 {
				// Half the points on the circle itself (less a rounding margin), where
				// the box is tightest.
				d := radius * (1 - 1e-9)
				if rng.IntN(2) == 0 {
					d = rng.Float64() * radius
				}
				lat, lng := pointAt(c[0], c[1], rng.Float64()*2*math.Pi, d)
				if got := DistanceKm(c[0], c[1], lat, lng); got > radius {
					t.Fatalf("test point generator: a point %v km away is %v km away", d, got)
				}
				if lat < minLat || lat > maxLat || lng < minLng || lng > maxLng {
					t.Fatalf("centre %v radius %.3f km: point (%.6f, %.6f) at %.6f km is outside box lat %.6f..%.6f lng %.6f..%.6f",
						c, radius, lat, lng, DistanceKm(c[0], c[1], lat, lng), minLat, maxLat, minLng, maxLng)
				}
			}
		}
	}
}

func TestBoundingBoxShape(t *testing.T) {
	tests := []struct {
		name               string
		lat, lng, radiusKm float64
		fullLongitude      bool
	}{
		{"ordinary place", 39.7817, -89.6501, 50, false},
		{"pole within the radius", 89.8, 45, 50, true},
		{"south pole within the radius", -89.9, 0, 20, true},
		{"crosses the antimeridian", -18.1, 179.9, 50, true},
		{"close to but not across it", -18.1, 179, 50, false},
	}
	for _, tt := range tests {
		minLat, maxLat, minLng, maxLng := BoundingBox(tt.lat, tt.lng, tt.radiusKm)
		full := minLng == -180 && maxLng == 180
		if full != tt.fullLongitude {
			t.Errorf("%s: longitudes %v..%v, want every longitude = %v", tt.name, minLng, maxLng, tt.fullLongitude)
		}
		if minLat < -90 || maxLat > 90 || minLat > tt.lat || maxLat < tt.lat {
			t.Errorf("%s: latitudes %v..%v do not hold %v within -90..90", tt.name, minLat, maxLat, tt.lat)
		}
	}
	// Tight for an ordinary search: 50 km around Springfield is about 0.9° by 1.2°.
	minLat, maxLat, minLng, maxLng := BoundingBox(39.7817, -89.6501, 50)
	if h, w := maxLat-minLat, maxLng-minLng; h > 0.91 || w > 1.18 {
		t.Errorf("a 50 km box is %.3f° by %.3f°, wider than needed", h, w)
	}
}
