package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/directory"
	"github.com/onward-recovery/onward/internal/locale"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

const importUsage = "usage: onward import programs|meetings FILE [--db ...] [--time-zone ZONE]"

// importFile reads a file of treatment programs or meetings, in any format
// the directory recognises, and adds or updates its rows in one
// transaction. Rows that are unfit are reported by line and left out; a
// file that cannot be read as a whole imports nothing and fails.
func importFile(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "programs" && args[0] != "meetings") {
		return errors.New(importUsage)
	}
	kind := args[0]
	var cfg config.Config
	var zone string
	fs := flag.NewFlagSet("onward import "+kind, flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	if kind == "meetings" {
		fs.StringVar(&zone, "time-zone", getenv("ONWARD_TIME_ZONE"),
			"IANA time `zone` of the meetings whose list gives none, such as America/Chicago (ONWARD_TIME_ZONE)")
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

	var format string
	var rejected []directory.RowError
	var save func(*sqlstore.Store) (sqlstore.ImportReport, error)
	if kind == "programs" {
		parsed, err := directory.ParsePrograms(f)
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		format, rejected = parsed.Format, parsed.Rejected
		fmt.Fprintf(stdout, "Read %s as %s: %d programs.\n", file, format, len(parsed.Rows)+len(rejected))
		save = func(s *sqlstore.Store) (sqlstore.ImportReport, error) { return s.ImportPrograms(ctx, parsed.Rows) }
	} else {
		parsed, err := directory.ParseMeetings(f)
		if err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		if err := fillTimeZone(parsed.Rows, zone); err != nil {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		format, rejected = parsed.Format, parsed.Rejected
		fmt.Fprintf(stdout, "Read %s as %s: %d meetings.\n", file, format, len(parsed.Rows)+len(rejected))
		save = func(s *sqlstore.Store) (sqlstore.ImportReport, error) { return s.ImportMeetings(ctx, parsed.Rows) }
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
	fmt.Fprintf(stdout, "Imported: %d new, %d updated, %d unchanged", rep.New, rep.Updated, rep.Unchanged)
	if rep.KeptStaffEdits > 0 {
		fmt.Fprintf(stdout, ", %d kept as their program's staff edited them", rep.KeptStaffEdits)
	}
	fmt.Fprintf(stdout, ".\nRejected: %d.\n", len(rejected))
	for _, r := range rejected {
		fmt.Fprintf(stdout, "  %s\n", r.Error())
	}
	return nil
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
