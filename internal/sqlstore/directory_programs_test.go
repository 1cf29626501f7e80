package sqlstore

import (
	"context"
	"errors"
	"math"
	"os"
	"reflect"
	"testing"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// testProgram is a valid program at a position, changed by mod.
func testProgram(id string, lat, lng float64, mod func(*directory.Program)) directory.Program {
	p := directory.Program{Source: "test", SourceID: id, Name: "Program " + id, City: "Springfield", State: "IL",
		Zip: "62701", Country: "US", Phone: "217-555-0100", Lat: lat, Lng: lng,
		Levels:      []directory.Level{directory.LevelOutpatient},
		Medications: []directory.Medication{directory.MedicationBuprenorphine},
		Payments:    []directory.Payment{directory.PaymentMedicaid},
		Languages:   []string{"en"}}
	if mod != nil {
		mod(&p)
	}
	return p
}

func importPrograms(t *testing.T, s *Store, rows []directory.Program) ImportReport {
	t.Helper()
	rep, err := s.ImportPrograms(context.Background(), rows)
	if err != nil {
		t.Fatalf("import programs: %v", err)
	}
	return rep
}

func countRows(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.queryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportProgramsUpdatesInsteadOfDuplicating(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	demo := directory.DemoPrograms()

	if rep := importPrograms(t, s, demo); rep != (ImportReport{New: len(demo)}) {
		t.Fatalf("first import = %+v, want %d new", rep, len(demo))
	}
	if rep := importPrograms(t, s, demo); rep != (ImportReport{Unchanged: len(demo)}) {
		t.Fatalf("the same file again = %+v, want all %d unchanged", rep, len(demo))
	}
	changed := directory.DemoPrograms()
	changed[0].Phone = "217-555-0199"
	changed[1].Payments = append(changed[1].Payments, directory.PaymentMilitary)
	if rep := importPrograms(t, s, changed); rep != (ImportReport{Updated: 2, Unchanged: len(demo) - 2}) {
		t.Fatalf("a newer export = %+v, want 2 updated", rep)
	}
	if n := countRows(t, s, "programs"); n != len(demo) {
		t.Fatalf("%d programs after three imports of %d", n, len(demo))
	}

	t.Run("EveryFieldRoundTrips", func(t *testing.T) {
		var id string
		s.Write(ctx, func(tx *Tx) (err error) { id, err = tx.ProgramID(ctx, "demo", "demo-program-1"); return })
		got, err := s.ProgramByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Program, changed[0]) {
			t.Fatalf("stored program\n%+v\nwant\n%+v", got.Program, changed[0])
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.ProgramByID(ctx, "no-such-id")
		wantCode(t, err, onward.ENOTFOUND)
	})
}

func TestImportProgramsIsAllOrNothing(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	good := testProgram("good", 39.8, -89.6, nil)

	t.Run("ErrInvalidRowWritesNothing", func(t *testing.T) {
		bad := testProgram("bad", 39.8, -89.6, func(p *directory.Program) { p.Name = "" })
		_, err := s.ImportPrograms(ctx, []directory.Program{good, bad})
		wantCode(t, err, onward.EINVALID)
		if n := countRows(t, s, "programs"); n != 0 {
			t.Fatalf("%d programs written from a refused file", n)
		}
	})
	t.Run("FailingWriteRollsBackTheFile", func(t *testing.T) {
		boom := errors.New("disk full")
		err := s.Write(ctx, func(tx *Tx) error {
			if _, err := tx.ImportPrograms(ctx, []directory.Program{good}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Write = %v, want the failure", err)
		}
		if n := countRows(t, s, "programs"); n != 0 {
			t.Fatalf("%d programs kept after the transaction failed", n)
		}
	})
	t.Run("RepeatedKeyInOneFileIsOneProgram", func(t *testing.T) {
		again := testProgram("good", 39.8, -89.6, func(p *directory.Program) { p.Name = "Renamed" })
		if rep := importPrograms(t, s, []directory.Program{good, again}); rep != (ImportReport{New: 1, Updated: 1}) {
			t.Fatalf("report %+v, want 1 new then 1 updated", rep)
		}
		if n := countRows(t, s, "programs"); n != 1 {
			t.Fatalf("%d programs, want 1", n)
		}
	})
}

func TestStaffEditsSurviveReimport(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	p := testProgram("p1", 39.8, -89.6, nil)
	importPrograms(t, s, []directory.Program{p})
	var id string
	s.Write(ctx, func(tx *Tx) (err error) { id, err = tx.ProgramID(ctx, "test", "p1"); return })

	edited := p
	edited.Hours, edited.Admissions24h = "Every day, all day", true
	if err := s.Write(ctx, func(tx *Tx) error { return tx.UpdateProgramListing(ctx, id, edited) }); err != nil {
		t.Fatal(err)
	}
	export := p
	export.Phone = "217-555-0111"
	if rep := importPrograms(t, s, []directory.Program{export}); rep != (ImportReport{KeptStaffEdits: 1}) {
		t.Fatalf("re-import over a staff edit = %+v, want it kept", rep)
	}
	got, _ := s.ProgramByID(ctx, id)
	if got.Hours != "Every day, all day" || !got.Admissions24h || got.Phone != p.Phone || got.StaffEditedAt == nil {
		t.Fatalf("after re-import the listing is %+v", got)
	}

	t.Run("ErrInvalidEdit", func(t *testing.T) {
		bad := edited
		bad.Website = "javascript:alert(1)"
		err := s.Write(ctx, func(tx *Tx) error { return tx.UpdateProgramListing(ctx, id, bad) })
		wantCode(t, err, onward.EINVALID)
	})
}

func TestImportTestdataPrograms(t *testing.T) {
	s, _ := openTestStore(t)
	f, err := os.Open("../directory/testdata/programs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parsed, err := directory.ParsePrograms(f)
	if err != nil {
		t.Fatal(err)
	}
	if rep := importPrograms(t, s, parsed.Rows); rep.New != len(parsed.Rows) || len(parsed.Rows) == 0 {
		t.Fatalf("imported %+v of %d rows", rep, len(parsed.Rows))
	}
}

// pointAt returns the point distanceKm due north of (lat, lng).
func pointAt(lat, lng, distanceKm float64) (float64, float64) {
	return lat + distanceKm/6371.0088*180/math.Pi, lng
}

func TestSearchPrograms(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const lat, lng = 39.7817, -89.6501 // Springfield, Illinois
	at := func(id string, km float64, mod func(*directory.Program)) directory.Program {
		la, ln := pointAt(lat, lng, km)
		return testProgram(id, la, ln, mod)
	}
	importPrograms(t, s, []directory.Program{
		at("far", 30, nil),
		at("near", 1, nil),
		at("middle", 10, func(p *directory.Program) {
			p.Levels = []directory.Level{directory.LevelOTP}
			p.Medications = []directory.Medication{directory.MedicationMethadone, directory.MedicationBuprenorphine}
		}),
		at("no-medicaid", 5, func(p *directory.Program) { p.Payments = []directory.Payment{directory.PaymentSlidingFee} }),
		at("outside", 60, nil),
	})
	ids := func(res ProgramResults) []string {
		var out []string
		for _, p := range res.Programs {
			out = append(out, p.SourceID)
		}
		return out
	}
	search := func(t *testing.T, q ProgramSearch) ProgramResults {
		t.Helper()
		res, err := s.SearchPrograms(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	t.Run("NearestFirstWithDistance", func(t *testing.T) {
		res := search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: 50})
		if got, want := ids(res), []string{"near", "no-medicaid", "middle", "far"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v, want %v", got, want)
		}
		if d := res.Programs[2].DistanceKm; math.Abs(d-10) > 0.001 {
			t.Fatalf("distance to the program 10 km away = %v", d)
		}
		if res.Total != 4 {
			t.Fatalf("total %d, want 4", res.Total)
		}
	})
	t.Run("AllFiltersMustMatch", func(t *testing.T) {
		res := search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: 50,
			Medications: []directory.Medication{directory.MedicationBuprenorphine},
			Payments:    []directory.Payment{directory.PaymentMedicaid}})
		if got, want := ids(res), []string{"near", "middle", "far"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("buprenorphine and Medicaid: %v, want %v", got, want)
		}
		res = search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: 50,
			Levels:      []directory.Level{directory.LevelOTP},
			Medications: []directory.Medication{directory.MedicationMethadone, directory.MedicationBuprenorphine}})
		if got := ids(res); !reflect.DeepEqual(got, []string{"middle"}) {
			t.Fatalf("OTP with methadone and buprenorphine: %v", got)
		}
		res = search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: 50, Payments: []directory.Payment{directory.PaymentSlidingFee}})
		if got := ids(res); !reflect.DeepEqual(got, []string{"no-medicaid"}) {
			t.Fatalf("sliding fee: %v", got)
		}
	})
	t.Run("RadiusEdgeIsInside", func(t *testing.T) {
		la, ln := pointAt(lat, lng, 10)
		edge := directory.DistanceKm(lat, lng, la, ln)
		if got := ids(search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: edge, Levels: []directory.Level{directory.LevelOTP}})); len(got) != 1 {
			t.Fatalf("a program exactly on the radius was not found: %v", got)
		}
		if got := ids(search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: edge - 0.001, Levels: []directory.Level{directory.LevelOTP}})); len(got) != 0 {
			t.Fatalf("a program 1 m beyond the radius was found: %v", got)
		}
	})
	t.Run("LimitKeepsNearestAndCountsAll", func(t *testing.T) {
		res := search(t, ProgramSearch{Lat: lat, Lng: lng, RadiusKm: 100, Limit: 2})
		if got := ids(res); !reflect.DeepEqual(got, []string{"near", "no-medicaid"}) || res.Total != 5 {
			t.Fatalf("limit 2: %v of %d", got, res.Total)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for name, q := range map[string]ProgramSearch{
			"radius_km":  {Lat: lat, Lng: lng, RadiusKm: 501},
			"near":       {Lat: 91, Lng: lng, RadiusKm: 10},
			"level":      {Lat: lat, Lng: lng, RadiusKm: 10, Levels: []directory.Level{"detox"}},
			"medication": {Lat: lat, Lng: lng, RadiusKm: 10, Medications: []directory.Medication{"suboxone"}},
			"payment":    {Lat: lat, Lng: lng, RadiusKm: 10, Payments: []directory.Payment{"bitcoin"}},
			"limit":      {Lat: lat, Lng: lng, RadiusKm: 10, Limit: 101},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := s.SearchPrograms(ctx, q)
				var e *onward.Error
				if !errors.As(err, &e) || e.Code != onward.EINVALID || e.Fields[name].ID == "" {
					t.Fatalf("err = %v, want a field error on %s", err, name)
				}
			})
		}
	})
}

// Near the antimeridian the bounding box spans every longitude instead of
// wrapping around, so a program just across ±180° is still found.
func TestSearchProgramsAcrossTheAntimeridian(t *testing.T) {
	s, _ := openTestStore(t)
	importPrograms(t, s, []directory.Program{
		testProgram("west", -17.8, 179.95, nil),
		testProgram("east", -17.8, -179.95, nil),
		testProgram("elsewhere", -17.8, 170, nil),
	})
	res, err := s.SearchPrograms(context.Background(), ProgramSearch{Lat: -17.8, Lng: 179.99, RadiusKm: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Programs) != 2 || res.Programs[0].SourceID != "west" || res.Programs[1].SourceID != "east" {
		t.Fatalf("found %+v, want west then east", res.Programs)
	}
	if d := res.Programs[1].DistanceKm; d > 10 {
		t.Fatalf("the program across the antimeridian is %v km away; the short way round is under 7", d)
	}
}

func TestPlaces(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	importPrograms(t, s, []directory.Program{
		testProgram("a", 39.80, -89.60, nil),
		testProgram("b", 39.70, -89.70, func(p *directory.Program) { p.Zip = "62701-1234" }),
		testProgram("c", 41.00, -88.00, func(p *directory.Program) { p.City, p.Zip = "Other Town", "60000" }),
	})
	t.Run("Zip", func(t *testing.T) {
		p, err := s.PlaceByZip(ctx, "62701")
		if err != nil || math.Abs(p.Lat-39.75) > 1e-9 || math.Abs(p.Lng+89.65) > 1e-9 || p.Listings != 2 {
			t.Fatalf("PlaceByZip = %+v, %v; want the centre of two programs", p, err)
		}
	})
	t.Run("CityIgnoresCase", func(t *testing.T) {
		p, err := s.PlaceByCity(ctx, "SPRINGFIELD", "il")
		if err != nil || p.Listings != 2 {
			t.Fatalf("PlaceByCity = %+v, %v", p, err)
		}
	})
	t.Run("ErrUnknownPlace", func(t *testing.T) {
		_, err := s.PlaceByZip(ctx, "99999")
		wantCode(t, err, onward.ENOTFOUND)
		_, err = s.PlaceByCity(ctx, "Springfield", "MA")
		wantCode(t, err, onward.ENOTFOUND)
	})
}
