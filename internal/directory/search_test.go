package directory

import (
	"errors"
	"math"
	"testing"
)

func TestValidateSearchBounds(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name               string
		lat, lng, radiusKm float64
		badFields          []string
	}{
		{"ordinary", 39.78, -89.65, 25, nil},
		{"edges", -90, 180, MaxRadiusKm, nil},
		{"other edges", 90, -180, 0.001, nil},
		{"latitude too far north", 90.0001, 0, 10, []string{"near"}},
		{"latitude too far south", -91, 0, 10, []string{"near"}},
		{"longitude too far east", 0, 180.5, 10, []string{"near"}},
		{"longitude too far west", 0, -181, 10, []string{"near"}},
		{"not a number", nan, 0, 10, []string{"near"}},
		{"zero radius", 0, 0, 0, []string{"radius_km"}},
		{"negative radius", 0, 0, -5, []string{"radius_km"}},
		{"radius too large", 0, 0, MaxRadiusKm + 0.1, []string{"radius_km"}},
		{"infinite radius", 0, 0, inf, []string{"radius_km"}},
		{"radius not a number", 0, 0, nan, []string{"radius_km"}},
		{"both wrong", 100, 0, 0, []string{"near", "radius_km"}},
	}
	for _, tt := range tests {
		err := ValidateSearch(tt.lat, tt.lng, tt.radiusKm)
		if tt.badFields == nil {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tt.name, err)
			}
			continue
		}
		se, ok := errors.AsType[*SearchError](err)
		if !ok {
			t.Errorf("%s: error %v, want a *SearchError", tt.name, err)
			continue
		}
		if len(se.Fields) != len(tt.badFields) {
			t.Errorf("%s: fields %v, want exactly %v", tt.name, se.Fields, tt.badFields)
		}
		for _, f := range tt.badFields {
			if se.Fields[f] == "" {
				t.Errorf("%s: no message for %q in %v", tt.name, f, se.Fields)
			}
		}
	}
}

func TestSearchErrorText(t *testing.T) {
	err := ValidateSearch(100, 0, 0)
	want := "invalid search: near: " + err.(*SearchError).Fields["near"] + "; radius_km: " + err.(*SearchError).Fields["radius_km"]
	if err.Error() != want {
		t.Errorf("error text %q, want the fields in name order: %q", err.Error(), want)
	}
}
