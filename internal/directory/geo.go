package directory

import "math"

// earthRadiusKm is the IUGG mean radius of the Earth. On a sphere of this radius the
// haversine distance is within about 0.5% of the true (ellipsoidal) distance anywhere,
// which is far finer than "how far is the clinic".
const earthRadiusKm = 6371.0088

// boxPadding widens a bounding box by a millionth of its radius (a millimetre for 1 km),
// so a point exactly on the radius is not lost to floating-point rounding.
const boxPadding = 1e-6

func radians(deg float64) float64 { return deg * math.Pi / 180 }
func degrees(rad float64) float64 { return rad * 180 / math.Pi }

// DistanceKm is the great-circle distance between two points, in kilometres, by the
// haversine formula.
func DistanceKm(lat1, lng1, lat2, lng2 float64) float64 {
	φ1, φ2 := radians(lat1), radians(lat2)
	dφ, dλ := φ2-φ1, radians(lng2-lng1)
	h := math.Pow(math.Sin(dφ/2), 2) + math.Cos(φ1)*math.Cos(φ2)*math.Pow(math.Sin(dλ/2), 2)
	// Rounding can push h a hair above 1 for antipodal points; asin would return NaN.
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}

// BoundingBox returns a latitude/longitude box that holds every point within radiusKm
// of (lat, lng), for an indexed prefilter such as
//
//	WHERE lat BETWEEN minLat AND maxLat AND lng BETWEEN minLng AND maxLng
//
// followed by the exact DistanceKm. The box is never split, so that simple query is
// always right:
//
//   - When a pole lies within the radius, every longitude is within reach: the box runs
//     from the nearer pole and spans -180 to 180.
//   - Otherwise the longitude half-width is asin(sin r / cos lat) for the angular radius
//     r, the widest the circle gets (it is wider than r / cos lat away from the equator).
//   - When that box would cross the antimeridian (longitude ±180), it spans every
//     longitude instead of wrapping around. The few places near ±180 (Fiji, the
//     Aleutians, Chukotka) then scan a latitude band; every other search stays tight.
func BoundingBox(lat, lng, radiusKm float64) (minLat, maxLat, minLng, maxLng float64) {
	r := radiusKm / earthRadiusKm * (1 + boxPadding)
	dLat := degrees(r)
	minLat, maxLat = lat-dLat, lat+dLat
	if minLat <= -90 || maxLat >= 90 {
		return max(minLat, -90), min(maxLat, 90), -180, 180
	}
	dLng := degrees(math.Asin(math.Sin(r) / math.Cos(radians(lat))))
	minLng, maxLng = lng-dLng, lng+dLng
	if minLng < -180 || maxLng > 180 {
		return minLat, maxLat, -180, 180
	}
	return minLat, maxLat, minLng, maxLng
}
