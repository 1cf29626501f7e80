package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

const importUsage = "usage: onward import programs|meetings FILE [--db ...] [--source NAME] [--fellowship NAME] [--time-zone ZONE]"

// importFile reads a file of treatment programs or meetings, in any format
// the directory recognises, and makes the directory match it in one
// transaction: rows are added or updated, and what the file's source no
// longer lists is withdrawn. Rows that are unfit are reported by line and
// left out (their earlier versions stay); a file that cannot be read as a
// whole imports nothing and fails.
func importFile(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "programs" && args[0] != "meetings") {
		return errors.New(importUsage)
	}
	kind := args[0]
	var cfg config.Config
	var zone, source, fellowship string
	fs := flag.NewFlagSet("onward import "+kind, flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	if kind == "meetings" {
		fs.StringVar(&zone, "time-zone", getenv("ONWARD_TIME_ZONE"),
			"IANA time `zone` of the meetings whose list gives none, such as America/Chicago (ONWARD_TIME_ZONE)")
		fs.StringVar(&source, "source", "",
			"the feed's `name`, such as aa-district-12; default: the file's name. A re-import of the feed replaces its meetings")
		fs.StringVar(&fellowship, "fellowship", "",
			"the feed's fellowship, such as NA, AA, Al-Anon or SMART, for the meetings whose row does not say; default: the format's usual one")
	}
	file, help, err := parseFileFlags(fs, args[1:], stderr)
	if help || err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()

	var save func(*sqlstore.Store) (sqlstore.ImportReport, error)
	var report func(sqlstore.ImportReport)
	if kind == "programs" {
		parsed, err := directory.ParsePrograms(f)
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		fmt.Fprintf(stdout, "Read %s as %s: %d programs.\n", file, parsed.Format, parsed.RowsRead)
		save = func(s *sqlstore.Store) (sqlstore.ImportReport, error) {
			return s.SyncPrograms(ctx, parsed.Rows, rejectedIDs(parsed.Rejected))
		}
		report = func(rep sqlstore.ImportReport) { printImport(stdout, rep, parsed.Rejected, nil, nil) }
	} else {
		parsed, err := directory.ParseMeetings(f)
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		feed, err := meetingFeed(file, source, fellowship, parsed.Format)
		if err != nil {
			return err
		}
		if err := fillTimeZone(parsed.Rows, zone); err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		directory.AssignFeed(parsed.Rows, feed.source, feed.fellowship)
		placing := directory.PlaceWithoutPosition(parsed.Rows)
		fmt.Fprintf(stdout, "Read %s as %s, the feed %q (%s unless a row says otherwise): %d rows, %d meetings.\n",
			file, parsed.Format, feed.source, feed.fellowship, parsed.RowsRead, len(parsed.Rows))
		if feed.fromName {
			fmt.Fprintf(stdout, "The fellowship %s comes from the feed's name; give --fellowship to say another.\n", feed.fellowship)
		}
		if n := placing.ByZip + placing.ByTown + placing.Unplaced; n > 0 {
			fmt.Fprintf(stdout, "Meetings in a room without a position in the file: %d. Placed at the centre of their ZIP code: %d; "+
				"of their town: %d; not placed (no search near a place finds them): %d.\n",
				n, placing.ByZip, placing.ByTown, placing.Unplaced)
		}
		save = func(s *sqlstore.Store) (sqlstore.ImportReport, error) {
			return s.SyncMeetings(ctx, feed.source, parsed.Rows, rejectedIDs(parsed.Rejected))
		}
		report = func(rep sqlstore.ImportReport) {
			printImport(stdout, rep, parsed.Rejected, parsed.Inactive, parsed.Warnings)
		}
	}

	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := save(s)
	if err != nil {
		return fmt.Errorf("import %s: %s; nothing was imported", file, importFailure(err))
	}
	report(rep)
	return nil
}

// printImport writes what an import did, then every row it warned about,
// left out as inactive, or rejected, with its line and the reason.
func printImport(w io.Writer, rep sqlstore.ImportReport, rejected, inactive, warnings []directory.RowError) {
	fmt.Fprintf(w, "Imported: %d new, %d updated, %d unchanged, %d removed", rep.New, rep.Updated, rep.Unchanged, rep.Removed)
	if rep.KeptStaffEdits > 0 {
		fmt.Fprintf(w, ", %d kept as their program's staff edited them", rep.KeptStaffEdits)
	}
	if rep.KeptRejected > 0 {
		fmt.Fprintf(w, ", %d kept as they were because their row was rejected", rep.KeptRejected)
	}
	fmt.Fprintln(w, ".")
	for _, list := range []struct {
		title string
		rows  []directory.RowError
	}{
		{"Warnings", warnings}, {"Inactive in the file (removed if listed before)", inactive}, {"Rejected", rejected},
	} {
		if list.rows == nil && list.title != "Rejected" {
			continue
		}
		fmt.Fprintf(w, "%s: %d.\n", list.title, len(list.rows))
		for _, r := range list.rows {
			fmt.Fprintf(w, "  %s\n", r.Error())
		}
	}
}

// rejectedIDs are the ids of the rejected rows that had one: their
// meetings or programs stay as they were.
func rejectedIDs(rejected []directory.RowError) []string {
	var ids []string
	for _, r := range rejected {
		if r.ID != "" {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// feed is what an import of meetings needs to know of the list besides its rows.
type feed struct {
	source     string
	fellowship directory.Fellowship
	fromName   bool // the fellowship was read from the feed's name
}

// meetingFeed names the feed (the --source, or the file's name) and its
// fellowship (the --fellowship, else the one the feed's name spells out,
// else the format's usual one).
func meetingFeed(file, source, fellowship, format string) (feed, error) {
	f := feed{source: source, fellowship: directory.DefaultFellowship(format)}
	if f.source == "" {
		f.source = sourceFromFile(file)
	}
	if !validSource(f.source) {
		return f, fmt.Errorf("source %q should be 1 to 64 lower-case letters, digits, dots, hyphens or underscores, such as aa-district-12", f.source)
	}
	if fellowship == "" {
		if named, ok := directory.FellowshipInName(f.source); ok {
			f.fellowship, f.fromName = named, true
		}
	} else {
		var ok bool
		if f.fellowship, ok = directory.ParseFellowship(fellowship); !ok {
			names := make([]string, 0)
			for _, known := range directory.Fellowships() {
				names = append(names, string(known))
			}
			return f, fmt.Errorf("unknown fellowship %q; use one of %s", fellowship, strings.Join(names, ", "))
		}
	}
	return f, nil
}

// sourceFromFile derives a feed's name from its file: "AA District 12.json"
// is "aa-district-12".
func sourceFromFile(file string) string {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()[:min(b.Len(), 64)]
}

func validSource(s string) bool {
	return s != "" && len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == ""
}

// parseFileFlags parses flags given before or after the one FILE argument.
func parseFileFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (file string, help bool, err error) {
	fs.SetOutput(stderr)
	parse := func(args []string) error {
		err := fs.Parse(args)
		help = errors.Is(err, flag.ErrHelp)
		if help {
			return nil
		}
		return err
	}
	if err := parse(args); err != nil || help {
		return "", help, err
	}
	if fs.NArg() == 0 {
		return "", false, errors.New(importUsage)
	}
	file = fs.Arg(0)
	if err := parse(fs.Args()[1:]); err != nil || help {
		return "", help, err
	}
	if fs.NArg() > 0 {
		return "", false, fmt.Errorf("unexpected argument %q; %s", fs.Arg(0), importUsage)
	}
	return file, false, nil
}

// fillTimeZone gives the meetings whose list named no time zone the one
// the operator chose: "tonight" means nothing without one.
func fillTimeZone(rows []directory.Meeting, zone string) error {
	missing := 0
	for _, m := range rows {
		if m.TimeZone == "" {
			missing++
		}
	}
	if missing == 0 {
		return nil
	}
	if zone == "" {
		return fmt.Errorf("some meetings (%d) give no time zone: give the zone they are held in with --time-zone, such as --time-zone America/Chicago", missing)
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
		return fmt.Errorf("time zone %q is not an IANA time zone such as America/Chicago", zone)
	}
	for i := range rows {
		if rows[i].TimeZone == "" {
			rows[i].TimeZone = zone
		}
	}
	return nil
}

// importFailure says why the store refused the file, without internal
// detail when it is an application error.
func importFailure(err error) string {
	if onward.ErrorCode(err) != onward.EINTERNAL {
		return errorText(err)
	}
	return err.Error()
}

// errorText says an application error in English, the operator's
// language on the command line.
func errorText(err error) string {
	return locale.Default().For(locale.DefaultLanguage).Msg(onward.ErrorMessage(err))
}
