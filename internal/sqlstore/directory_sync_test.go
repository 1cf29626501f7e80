package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// feedMeetings are the demo meetings as one feed: source and fellowship set,
// as the import command leaves them.
func feedMeetings(source string, fellowship directory.Fellowship) []directory.Meeting {
	rows := directory.DemoMeetings()
	directory.AssignFeed(rows, source, "")
	for i := range rows {
		if fellowship != "" {
			rows[i].Fellowship = fellowship
		}
	}
	return rows
}

func listedMeetings(t *testing.T, s *Store, q MeetingSearch) map[string]MeetingMatch {
	t.Helper()
	q.Day, q.Now, q.Limit = DayAny, time.Now(), MaxSearchResults
	if q.Near == nil {
		q.Near, q.RadiusKm = &Point{Lat: 39.78, Lng: -89.65}, 100
	}
	res, err := s.SearchMeetings(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]MeetingMatch{}
	for _, m := range res.Meetings {
		out[m.Source+"/"+m.SourceID] = m
	}
	return out
}

func TestSyncMeetingsPerFeed(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	a, b := feedMeetings("district-a", ""), feedMeetings("district-b", directory.FellowshipAlAnon)
	n := len(a)
	for _, feed := range [][]directory.Meeting{a, b} {
		if rep, err := s.SyncMeetings(ctx, feed[0].Source, feed, nil); err != nil || rep != (ImportReport{New: n}) {
			t.Fatalf("first import of %s = %+v, %v", feed[0].Source, rep, err)
		}
	}
	if got := len(listedMeetings(t, s, MeetingSearch{})); got != 2*n {
		t.Fatalf("%d meetings listed; two feeds with the same ids each keep their %d", got, n)
	}

	t.Run("ReimportWithdrawsWhatLeftTheFeedAndKeepsRejectedRows", func(t *testing.T) {
		// The feed drops its first two meetings; the third's row was rejected.
		rep, err := s.SyncMeetings(ctx, "district-a", a[3:], []string{a[2].SourceID})
		want := ImportReport{Unchanged: n - 3, Removed: 2, KeptRejected: 1}
		if err != nil || rep != want {
			t.Fatalf("re-import = %+v, %v; want %+v", rep, err, want)
		}
		listed := listedMeetings(t, s, MeetingSearch{})
		for i, m := range a[:3] {
			if _, ok := listed["district-a/"+m.SourceID]; ok != (i == 2) {
				t.Errorf("meeting %s listed = %v", m.SourceID, ok)
			}
			if _, ok := listed["district-b/"+m.SourceID]; !ok {
				t.Errorf("the other feed's %s was touched", m.SourceID)
			}
		}
	})
	t.Run("ListedAgainIsRestored", func(t *testing.T) {
		rep, err := s.SyncMeetings(ctx, "district-a", a, nil)
		if err != nil || rep != (ImportReport{Updated: 2, Unchanged: n - 2}) {
			t.Fatalf("re-import of the whole feed = %+v, %v", rep, err)
		}
		if got := len(listedMeetings(t, s, MeetingSearch{})); got != 2*n {
			t.Fatalf("%d meetings listed after the restore, want %d", got, 2*n)
		}
	})
	t.Run("FellowshipFilter", func(t *testing.T) {
		listed := listedMeetings(t, s, MeetingSearch{Fellowships: []directory.Fellowship{directory.FellowshipAlAnon}})
		if len(listed) != n {
			t.Fatalf("%d Al-Anon meetings, want %d", len(listed), n)
		}
		for key, m := range listed {
			if m.Fellowship != directory.FellowshipAlAnon {
				t.Fatalf("%s is %s", key, m.Fellowship)
			}
		}
		_, err := s.SearchMeetings(ctx, MeetingSearch{Fellowships: []directory.Fellowship{"Knitters"}, Day: DayAny})
		wantCode(t, err, onward.EINVALID)
	})
	t.Run("ErrEmptyOrForeignRows", func(t *testing.T) {
		_, err := s.SyncMeetings(ctx, "district-a", nil, nil)
		wantCode(t, err, onward.EINVALID)
		_, err = s.SyncMeetings(ctx, "district-a", b, nil)
		wantCode(t, err, onward.EINVALID)
		if got := len(listedMeetings(t, s, MeetingSearch{})); got != 2*n {
			t.Fatalf("a refused import changed the listing: %d", got)
		}
	})
	t.Run("ErrNoFellowship", func(t *testing.T) {
		rows := feedMeetings("district-c", "")
		rows[0].Fellowship = ""
		_, err := s.SyncMeetings(ctx, "district-c", rows, nil)
		wantCode(t, err, onward.EINVALID)
	})
}

func TestApproximatePositionsAreFoundAndSaySo(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	rows := feedMeetings("feed", "")
	var placed int
	for i := range rows {
		if rows[i].Mode != directory.ModeOnline {
			rows[i].Lat, rows[i].Lng, rows[i].Located = 0, 0, ""
			placed++
		}
	}
	got := directory.PlaceWithoutPosition(rows)
	if got.ByZip != placed {
		t.Fatalf("placed %+v, want %d by ZIP code", got, placed)
	}
	if _, err := s.SyncMeetings(ctx, "feed", rows, nil); err != nil {
		t.Fatal(err)
	}
	for key, m := range listedMeetings(t, s, MeetingSearch{Modes: []directory.Mode{directory.ModeInPerson, directory.ModeHybrid}}) {
		if m.Located != directory.LocatedZip || m.DistanceKm == nil {
			t.Errorf("%s: located %q, distance %v", key, m.Located, m.DistanceKm)
		}
	}
	if len(listedMeetings(t, s, MeetingSearch{Modes: []directory.Mode{directory.ModeInPerson}})) == 0 {
		t.Fatal("no meeting placed by its ZIP code was found near it")
	}
}

func TestSyncProgramsWithdrawsWhatLeftTheFile(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	rows := []directory.Program{testProgram("p1", 39.78, -89.65, nil), testProgram("p2", 39.78, -89.65, nil),
		testProgram("p3", 39.78, -89.65, nil), testProgram("p4", 39.78, -89.65, nil)}
	if _, err := s.SyncPrograms(ctx, rows, nil); err != nil {
		t.Fatal(err)
	}
	var edited, gone string
	err := s.Write(ctx, func(tx *Tx) (err error) {
		if edited, err = tx.ProgramID(ctx, "test", "p2"); err != nil {
			return err
		}
		gone, err = tx.ProgramID(ctx, "test", "p1")
		if err != nil {
			return err
		}
		return tx.UpdateProgramListing(ctx, edited, rows[1])
	})
	if err != nil {
		t.Fatal(err)
	}
	// p1 and p2 left the file; p2's staff maintain it; p3's row was rejected.
	rep, err := s.SyncPrograms(ctx, rows[3:], []string{"p3"})
	want := ImportReport{Unchanged: 1, Removed: 1, KeptStaffEdits: 1, KeptRejected: 1}
	if err != nil || rep != want {
		t.Fatalf("re-import = %+v, %v; want %+v", rep, err, want)
	}
	res, err := s.SearchPrograms(ctx, ProgramSearch{Lat: 39.78, Lng: -89.65, RadiusKm: 10})
	if err != nil || res.Total != 3 {
		t.Fatalf("search found %d programs, %v; want 3 (p1 withdrawn)", res.Total, err)
	}
	if _, err := s.ListedProgram(ctx, gone); onward.ErrorCode(err) != onward.ENOTFOUND {
		t.Fatalf("a withdrawn program's page: %v", err)
	}
	if p, err := s.ProgramByID(ctx, gone); err != nil || p.WithdrawnAt == nil {
		t.Fatalf("its staff still reach a withdrawn program: %+v, %v", p, err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		return tx.CreateAdmissionRequest(ctx, &AdmissionRequest{ProgramID: gone, Name: "A", Phone: "2175550100", Consent: true})
	})
	wantCode(t, err, onward.ENOTFOUND)
	if rep, err := s.SyncPrograms(ctx, rows, nil); err != nil || rep.Updated != 1 {
		t.Fatalf("p1 listed again = %+v, %v; want it restored", rep, err)
	}
	if _, err := s.ListedProgram(ctx, gone); err != nil {
		t.Fatalf("a restored program: %v", err)
	}
}

// TestMigrationKeepsStoredMeetingFormats: meetings imported before feeds kept
// format definitions stored their codes only; the migration turns them into
// definitions, and back down.
func TestMigrationKeepsStoredMeetingFormats(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	p, err := s.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 6); err != nil {
		t.Fatalf("migrate down: %v", err)
	}
	_, err = s.db.ExecContext(ctx, s.dialect.rebind(`INSERT INTO meetings (id, source, source_id, fellowship, name, day,
		start, duration_minutes, time_zone, mode, venue, street, city, state, zip, country, lat, lng, url, phone, formats,
		notes, created_at, updated_at) VALUES (?, 'bmlt-json', '1', 'NA', 'Old', 1, '19:00', 60, 'America/Chicago',
		'in_person', '', '1 Main St', '', '', '', '', 39.7, -89.6, '', '', '["O","BT"]', '', ?, ?)`),
		newID(), s.t(time.Now()), s.t(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	m := listedMeetings(t, s, MeetingSearch{})["bmlt-json/1"]
	if len(m.Formats) != 2 || m.Formats[0] != (directory.Format{Code: "O"}) || m.Formats[1].Code != "BT" || m.Located != directory.LocatedExact {
		t.Fatalf("after the migration: formats %+v, located %q", m.Formats, m.Located)
	}
	if _, err := p.DownTo(ctx, 6); err != nil {
		t.Fatalf("migrate down again: %v", err)
	}
	var formats string
	var codes []string
	if err := s.db.QueryRowContext(ctx, "SELECT formats FROM meetings").Scan(&formats); err != nil ||
		json.Unmarshal([]byte(formats), &codes) != nil || !slices.Equal(codes, []string{"O", "BT"}) {
		t.Fatalf("after the migration down: %s, %v", formats, err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}
