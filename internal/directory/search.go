package directory

import (
	"slices"
	"strings"
)

// MaxRadiusKm bounds a search, so one request cannot ask for a whole continent.
const MaxRadiusKm = 500

// SearchError lists the search parameters that were wrong, keyed by their names in the
// API ("near", "radius_km"), with a message a person can act on.
type SearchError struct {
	Fields map[string]string
}

func (e *SearchError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "invalid search: " + strings.Join(parts, "; ")
}

// ValidateSearch checks a "near LAT,LNG within RADIUS km" search before it reaches the
// store: latitude in [-90, 90], longitude in [-180, 180], radius in (0, MaxRadiusKm].
func ValidateSearch(lat, lng, radiusKm float64) error {
	fields := map[string]string{}
	if !(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180) {
		// Written as negations so NaN, which fails every comparison, is refused too.
		fields["near"] = "directory.give_the_place_as_latitude_longitude"
	}
	if !(radiusKm > 0 && radiusKm <= MaxRadiusKm) {
		fields["radius_km"] = "directory.choose_a_distance_of_more_than_0"
	}
	if len(fields) > 0 {
		return &SearchError{Fields: fields}
	}
	return nil
}
