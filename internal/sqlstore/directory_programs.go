package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/directory"
)

// Program is the store's name for a program's listing.
type Program = directory.ProgramListing

// ImportReport counts what an import did with the rows it was given.
type ImportReport struct {
	New       int // added
	Updated   int // already there from an earlier import, and changed
	Unchanged int // already there, the same
	// KeptStaffEdits counts programs the import would have changed or
	// withdrawn but did not, because their staff edited the listing.
	KeptStaffEdits int
	// Removed counts rows withdrawn because the feed no longer lists them
	// (or lists them as inactive).
	Removed int
	// KeptRejected counts rows the feed still has but the importer rejected:
	// they are kept as they were, not withdrawn.
	KeptRejected int
}

const programColumns = `id, source, source_id, name, street, city, state, zip, country, phone, website,
	lat, lng, levels, medications, payments, languages, admissions_24h, hours, staff_edited_at, updated_at, withdrawn_at`

type rowScanner interface{ Scan(...any) error }

func scanProgram(row rowScanner) (*Program, error) {
	var p Program
	var levels, meds, pays, langs string
	var edited, updated, withdrawn dbTime
	err := row.Scan(&p.ID, &p.Source, &p.SourceID, &p.Name, &p.Street, &p.City, &p.State, &p.Zip, &p.Country,
		&p.Phone, &p.Website, &p.Lat, &p.Lng, &levels, &meds, &pays, &langs, &p.Admissions24h, &p.Hours, &edited, &updated,
		&withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")
	}
	if err != nil {
		return nil, fmt.Errorf("scan program: %w", err)
	}
	p.Levels = unframe[directory.Level](levels)
	p.Medications = unframe[directory.Medication](meds)
	p.Payments = unframe[directory.Payment](pays)
	p.Languages = unframe[string](langs)
	p.StaffEditedAt, p.UpdatedAt, p.WithdrawnAt = edited.Ptr(), updated.Time, withdrawn.Ptr()
	return &p, nil
}

// frame stores a list as ",a,b," so that one LIKE '%,a,%' finds a value
// whole, never a part of another; "" for an empty list.
func frame[T ~string](values []T) string {
	if len(values) == 0 {
		return ""
	}
	var b strings.Builder
	for _, v := range values {
		b.WriteString(",")
		b.WriteString(string(v))
	}
	b.WriteString(",")
	return b.String()
}

func unframe[T ~string](s string) []T {
	var out []T
	for v := range strings.SplitSeq(strings.Trim(s, ","), ",") {
		if v != "" {
			out = append(out, T(v))
		}
	}
	return out
}

// likeValue is the LIKE pattern (with ESCAPE '\') that finds value in a
// framed list. Escaping matters: "sliding_fee" has an underscore, which
// LIKE would otherwise take for "any character".
func likeValue(value string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%," + r.Replace(value) + ",%"
}

// checkProgram refuses a program the directory cannot hold. Importers run
// directory's own Validate on every row; this guards other callers too.
func checkProgram(p *directory.Program) error {
	if err := p.Validate(); err != nil {
		return onward.NewError(onward.EINVALID, "directory.import_program_invalid", "ID", p.SourceID, "Reason", err.Error())
	}
	return nil
}

// ImportPrograms adds or updates programs, keyed by (Source, SourceID), in
// one transaction: a failing write leaves the directory as it was.
func (s *Store) ImportPrograms(ctx context.Context, rows []directory.Program) (ImportReport, error) {
	var rep ImportReport
	err := s.Write(ctx, func(tx *Tx) (err error) {
		rep, err = tx.ImportPrograms(ctx, rows)
		return err
	})
	return rep, err
}

// SyncPrograms makes the directory's programs of every source among rows
// match rows, in one transaction: it adds and updates them as
// ImportPrograms does, and withdraws the programs of those sources that
// rows lack, except those whose row the importer rejected (keep, by id) and
// those their staff maintain. A file without a good row changes nothing.
func (s *Store) SyncPrograms(ctx context.Context, rows []directory.Program, keep []string) (ImportReport, error) {
	var rep ImportReport
	if len(rows) == 0 {
		return rep, onward.NewError(onward.EINVALID, "directory.import_no_program")
	}
	bySource := map[string]map[string]bool{}
	for _, p := range rows {
		if bySource[p.Source] == nil {
			bySource[p.Source] = map[string]bool{}
		}
		bySource[p.Source][p.SourceID] = true
	}
	err := s.Write(ctx, func(tx *Tx) (err error) {
		if rep, err = tx.ImportPrograms(ctx, rows); err != nil {
			return err
		}
		for source, present := range bySource {
			removed, kept, staff, err := tx.withdrawMissing(ctx, "programs", source, present, keep, "staff_edited_at")
			if err != nil {
				return err
			}
			rep.Removed, rep.KeptRejected, rep.KeptStaffEdits = rep.Removed+removed, rep.KeptRejected+kept, rep.KeptStaffEdits+staff
		}
		return nil
	})
	return rep, err
}

// ImportPrograms is Store.ImportPrograms inside a caller's transaction. A
// withdrawn program that is listed again is restored (counted as updated).
func (tx *Tx) ImportPrograms(ctx context.Context, rows []directory.Program) (ImportReport, error) {
	var rep ImportReport
	for i := range rows {
		if err := checkProgram(&rows[i]); err != nil {
			return rep, err
		}
	}
	existing, err := tx.programsOfSources(ctx, rows)
	if err != nil {
		return rep, err
	}
	insert, err := tx.prepareForLoop(ctx, `INSERT INTO programs (id, source, source_id, name, street, city, state, zip, country,
		phone, website, lat, lng, levels, medications, payments, languages, admissions_24h, hours, staff_edited_at,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`)
	if err != nil {
		return rep, err
	}
	defer insert.Close()
	update, err := tx.prepareForLoop(ctx, `UPDATE programs SET name = ?, street = ?, city = ?, state = ?, zip = ?, country = ?,
		phone = ?, website = ?, lat = ?, lng = ?, levels = ?, medications = ?, payments = ?, languages = ?,
		admissions_24h = ?, hours = ?, withdrawn_at = NULL, updated_at = ? WHERE id = ?`)
	if err != nil {
		return rep, err
	}
	defer update.Close()
	now := tx.t(tx.Now)
	for _, p := range rows {
		key := p.Source + "\x00" + p.SourceID
		old, ok := existing[key]
		switch {
		case !ok:
			id := newID()
			if _, err := insert.ExecContext(ctx, append([]any{id, p.Source, p.SourceID}, append(programValues(p), now, now)...)...); err != nil {
				return rep, fmt.Errorf("add program %q: %w", p.SourceID, err)
			}
			existing[key] = &Program{ID: id, Program: p}
			rep.New++
		case old.StaffEditedAt != nil:
			rep.KeptStaffEdits++
		case old.WithdrawnAt == nil && sameProgram(old.Program, p):
			rep.Unchanged++
		default:
			if _, err := update.ExecContext(ctx, append(programValues(p), now, old.ID)...); err != nil {
				return rep, fmt.Errorf("update program %q: %w", p.SourceID, err)
			}
			old.Program, old.WithdrawnAt = p, nil
			rep.Updated++
		}
	}
	return rep, nil
}

// programValues are the columns an import or an edit sets, in the order
// of the INSERT and UPDATE statements.
func programValues(p directory.Program) []any {
	return []any{p.Name, p.Street, p.City, p.State, p.Zip, p.Country, p.Phone, p.Website, p.Lat, p.Lng,
		frame(p.Levels), frame(p.Medications), frame(p.Payments), frame(p.Languages), p.Admissions24h, p.Hours}
}

func sameProgram(a, b directory.Program) bool {
	return a.Source == b.Source && a.SourceID == b.SourceID && a.Name == b.Name && a.Street == b.Street &&
		a.City == b.City && a.State == b.State && a.Zip == b.Zip && a.Country == b.Country && a.Phone == b.Phone &&
		a.Website == b.Website && a.Lat == b.Lat && a.Lng == b.Lng && slices.Equal(a.Levels, b.Levels) &&
		slices.Equal(a.Medications, b.Medications) && slices.Equal(a.Payments, b.Payments) &&
		slices.Equal(a.Languages, b.Languages) && a.Admissions24h == b.Admissions24h && a.Hours == b.Hours
}

// programsOfSources loads the stored programs of every source among rows,
// keyed by source and source id, so an import reads once, not per row.
func (tx *Tx) programsOfSources(ctx context.Context, rows []directory.Program) (map[string]*Program, error) {
	sources := map[string]bool{}
	for _, p := range rows {
		sources[p.Source] = true
	}
	out := map[string]*Program{}
	for source := range sources {
		list, err := tx.queryPrograms(ctx, "SELECT "+programColumns+" FROM programs WHERE source = ?", source)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			out[p.Source+"\x00"+p.SourceID] = p
		}
	}
	return out, nil
}

func (tx *Tx) queryPrograms(ctx context.Context, q string, args ...any) ([]*Program, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("load programs: %w", err)
	}
	return collectPrograms(rows)
}

func (s *Store) queryPrograms(ctx context.Context, q string, args ...any) ([]*Program, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("load programs: %w", err)
	}
	return collectPrograms(rows)
}

func collectPrograms(rows *sql.Rows) ([]*Program, error) {
	defer rows.Close()
	var out []*Program
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// prepareForLoop makes a statement for a loop within the transaction.
func (tx *Tx) prepareForLoop(ctx context.Context, q string) (*sql.Stmt, error) {
	ctx = context.WithoutCancel(ctx)
	var st *sql.Stmt
	var err error
	if tx.pg != nil {
		if err = tx.pg.flush(ctx); err == nil {
			st, err = tx.pg.conn.PrepareContext(ctx, tx.dialect.rebind(q))
		}
	} else {
		st, err = tx.tx.PrepareContext(ctx, tx.dialect.rebind(q))
	}
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return st, nil
}

// isStoredID reports whether s has the shape of the ids the store makes
// (UUIDs). An id from a URL that has not is simply not found: it is never
// sent to the database, which may refuse its bytes (PostgreSQL refuses NUL
// and invalid UTF-8) with an error that is not the visitor's to see.
func isStoredID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

var errNoProgram = onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")

// ProgramByID returns one program, withdrawn or not, ENOTFOUND if there is
// none: its staff still reach a program its source no longer lists.
func (s *Store) ProgramByID(ctx context.Context, id string) (*Program, error) {
	if !isStoredID(id) {
		return nil, errNoProgram
	}
	return scanProgram(s.queryRow(ctx, "SELECT "+programColumns+" FROM programs WHERE id = ?", id))
}

// ListedProgram returns one program the directory lists: ENOTFOUND for a
// withdrawn one, as for one that never was.
func (s *Store) ListedProgram(ctx context.Context, id string) (*Program, error) {
	p, err := s.ProgramByID(ctx, id)
	if err == nil && p.WithdrawnAt != nil {
		return nil, onward.NewError(onward.ENOTFOUND, "directory.this_program_is_no_longer_listed")
	}
	return p, err
}

// ProgramID returns the id of the program a source knows as sourceID.
func (tx *Tx) ProgramID(ctx context.Context, source, sourceID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, "SELECT id FROM programs WHERE source = ? AND source_id = ?", source, sourceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")
	}
	return id, err
}

// UpdateProgramListing replaces what a program's staff may change: all but
// the source keys. From then on imports keep the staff's version, and a
// withdrawn program its staff update is listed again.
func (tx *Tx) UpdateProgramListing(ctx context.Context, id string, p directory.Program) error {
	if !isStoredID(id) {
		return errNoProgram
	}
	if err := checkProgram(&p); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE programs SET name = ?, street = ?, city = ?, state = ?, zip = ?, country = ?,
		phone = ?, website = ?, lat = ?, lng = ?, levels = ?, medications = ?, payments = ?, languages = ?,
		admissions_24h = ?, hours = ?, staff_edited_at = ?, withdrawn_at = NULL, updated_at = ? WHERE id = ?`,
		append(programValues(p), tx.t(tx.Now), tx.t(tx.Now), id)...)
	if err != nil {
		return fmt.Errorf("update listing: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onward.NewError(onward.ENOTFOUND, "directory.we_could_not_find_that_program")
	}
	return nil
}
