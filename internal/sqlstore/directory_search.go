package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// The program search's types and limits are the directory's.
type (
	ProgramSearch  = directory.ProgramSearch
	ProgramMatch   = directory.ProgramMatch
	ProgramResults = directory.ProgramResults
	Place          = directory.Place
)

const (
	DefaultSearchResults = directory.DefaultSearchResults
	MaxSearchResults     = directory.MaxSearchResults
)

// searchFieldError turns directory's search error into a field error.
func searchFieldError(err error) error {
	var se *directory.SearchError
	if errors.As(err, &se) {
		errs := onward.FieldErrors{}
		for field, id := range se.Fields {
			errs.Add(field, id)
		}
		return errs.Err()
	}
	return err
}

// validateProgramSearch checks the search before it reaches the database.
func validateProgramSearch(q *ProgramSearch) error {
	if err := directory.ValidateSearch(q.Lat, q.Lng, q.RadiusKm); err != nil {
		return searchFieldError(err)
	}
	errs := onward.FieldErrors{}
	for _, l := range q.Levels {
		if !l.Valid() {
			errs.Add("level", "directory.choose_a_level_of_care_from_the")
		}
	}
	for _, m := range q.Medications {
		if !m.Valid() {
			errs.Add("medication", "directory.choose_methadone_buprenorphine_or")
		}
	}
	for _, p := range q.Payments {
		if !p.Valid() {
			errs.Add("payment", "directory.choose_a_way_of_paying_from_the")
		}
	}
	if q.Limit < 0 || q.Limit > MaxSearchResults {
		errs.Add("limit", "directory.ask_for_1_to_100_results")
	}
	return errs.Err()
}

// SearchPrograms finds programs near a point, in two steps. First an index
// on (lat, lng) narrows the table to the bounding box of the circle, and
// the filters are applied to the same index entries (which carry the
// filtered lists and the id), so no table row is read for a program that
// is filtered out; the exact distance, the radius and the order are worked
// out here, where the haversine formula needs no SQL function that SQLite
// lacks. Then only the programs shown are read in full.
func (s *Store) SearchPrograms(ctx context.Context, q ProgramSearch) (ProgramResults, error) {
	if err := validateProgramSearch(&q); err != nil {
		return ProgramResults{}, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchResults
	}
	near, err := s.nearbyPrograms(ctx, q)
	if err != nil {
		return ProgramResults{}, err
	}
	shown := near[:min(len(near), q.Limit)]
	programs, err := s.programsByID(ctx, shown)
	if err != nil {
		return ProgramResults{}, err
	}
	out := ProgramResults{Programs: make([]ProgramMatch, 0, len(shown)), Total: len(near)}
	for _, n := range shown {
		if p, ok := programs[n.id]; ok { // a program deleted between the two steps is left out
			out.Programs = append(out.Programs, ProgramMatch{ProgramListing: *p, DistanceKm: n.km})
		}
	}
	return out, nil
}

// nearProgram is a program within the radius, before it is read in full.
type nearProgram struct {
	id string
	km float64
}

// nearbyPrograms returns the programs that match q, nearest first.
func (s *Store) nearbyPrograms(ctx context.Context, q ProgramSearch) ([]nearProgram, error) {
	minLat, maxLat, minLng, maxLng := directory.BoundingBox(q.Lat, q.Lng, q.RadiusKm)
	var where strings.Builder
	args := []any{minLat, maxLat, minLng, maxLng}
	where.WriteString("lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? AND withdrawn_at IS NULL")
	filter := func(column string, values []string) {
		for _, v := range values {
			where.WriteString(" AND " + column + ` LIKE ? ESCAPE '\'`)
			args = append(args, likeValue(v))
		}
	}
	filter("levels", asStrings(q.Levels))
	filter("medications", asStrings(q.Medications))
	filter("payments", asStrings(q.Payments))
	rows, err := s.query(ctx, "SELECT id, lat, lng FROM programs WHERE "+where.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("search programs: %w", err)
	}
	defer rows.Close()
	var near []nearProgram
	for rows.Next() {
		var id string
		var lat, lng float64
		if err := rows.Scan(&id, &lat, &lng); err != nil {
			return nil, fmt.Errorf("search programs: %w", err)
		}
		if d := directory.DistanceKm(q.Lat, q.Lng, lat, lng); d <= q.RadiusKm {
			near = append(near, nearProgram{id, d})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search programs: %w", err)
	}
	slices.SortFunc(near, func(a, b nearProgram) int {
		if c := compareFloat(a.km, b.km); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id) // a stable order for programs at one address
	})
	return near, nil
}

// programsByID reads the programs of a page of results in full.
func (s *Store) programsByID(ctx context.Context, near []nearProgram) (map[string]*Program, error) {
	out := map[string]*Program{}
	if len(near) == 0 {
		return out, nil
	}
	args := make([]any, len(near))
	for i, n := range near {
		args[i] = n.id
	}
	list, err := s.queryPrograms(ctx, "SELECT "+programColumns+" FROM programs WHERE id IN ("+
		placeholders(len(near))+")", args...)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func asStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// PlaceByZip locates a US ZIP code (five digits) from the directory's own
// listings there, ZIP+4 codes included. ENOTFOUND when it has none.
func (s *Store) PlaceByZip(ctx context.Context, zip string) (Place, error) {
	return s.centre(ctx, `SELECT lat, lng FROM programs WHERE (zip = ? OR zip LIKE ?) AND withdrawn_at IS NULL
		UNION ALL SELECT lat, lng FROM meetings WHERE (zip = ? OR zip LIKE ?) AND located = 'exact' AND withdrawn_at IS NULL`,
		zip, zip+"-%", zip, zip+"-%")
}

// PlaceByCity locates a city in a state (a postal code such as "IL") from
// the directory's own listings there; the city's case does not matter.
func (s *Store) PlaceByCity(ctx context.Context, city, state string) (Place, error) {
	rows, err := s.query(ctx, `SELECT city, lat, lng FROM programs WHERE state = ? AND withdrawn_at IS NULL
		UNION ALL SELECT city, lat, lng FROM meetings WHERE state = ? AND located = 'exact' AND withdrawn_at IS NULL`,
		strings.ToUpper(state), strings.ToUpper(state))
	if err != nil {
		return Place{}, fmt.Errorf("locate city: %w", err)
	}
	defer rows.Close()
	var sumLat, sumLng float64
	var n int
	for rows.Next() {
		var c string
		var lat, lng float64
		if err := rows.Scan(&c, &lat, &lng); err != nil {
			return Place{}, fmt.Errorf("locate city: %w", err)
		}
		// Compared here, not in SQL: SQLite's lower() folds ASCII only.
		if strings.EqualFold(strings.TrimSpace(c), city) {
			sumLat, sumLng, n = sumLat+lat, sumLng+lng, n+1
		}
	}
	if err := rows.Err(); err != nil {
		return Place{}, fmt.Errorf("locate city: %w", err)
	}
	return placeOf(sumLat, sumLng, n)
}

func (s *Store) centre(ctx context.Context, q string, args ...any) (Place, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return Place{}, fmt.Errorf("locate place: %w", err)
	}
	defer rows.Close()
	var sumLat, sumLng float64
	var n int
	for rows.Next() {
		var lat, lng float64
		if err := rows.Scan(&lat, &lng); err != nil {
			return Place{}, fmt.Errorf("locate place: %w", err)
		}
		sumLat, sumLng, n = sumLat+lat, sumLng+lng, n+1
	}
	if err := rows.Err(); err != nil {
		return Place{}, fmt.Errorf("locate place: %w", err)
	}
	return placeOf(sumLat, sumLng, n)
}

// placeOf averages the listings' positions. A plain mean is right for the
// few kilometres of a ZIP code or a town, far from the antimeridian.
func placeOf(sumLat, sumLng float64, n int) (Place, error) {
	if n == 0 {
		return Place{}, onward.NewError(onward.ENOTFOUND, "directory.we_do_not_know_that_place")
	}
	return Place{Lat: sumLat / float64(n), Lng: sumLng / float64(n), Listings: n}, nil
}
