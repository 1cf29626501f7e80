package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// auditPrune archives the audit entries older than the retention to a file
// and removes them from the database (see sqlstore.ArchiveAudit).
func auditPrune(ctx context.Context, args []string, getenv func(string) string, now func() time.Time, stdout, stderr io.Writer) error {
	var cfg config.Config
	var out, olderThan, before string
	fs := flag.NewFlagSet("onward audit prune", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.StringVar(&out, "out", "", "`file` to archive the entries to, as JSON lines; must not exist (required)")
	fs.StringVar(&olderThan, "older-than", "", "retention: archive entries older than this `age` (6y, 18m or 400d; default "+sqlstore.DefaultAuditRetention+")")
	fs.StringVar(&before, "before", "", "archive entries from before this `date` (2020-01-31, UTC) instead of --older-than")
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	if out == "" {
		return errors.New("audit prune: give --out FILE, where the archived entries are written")
	}
	cutoff, err := pruneCutoff(olderThan, before, now())
	if err != nil {
		return err
	}
	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	// On PostgreSQL, entries a crash left unchained are chained first.
	if err := s.SealAudit(ctx); err != nil {
		return err
	}

	// The archive is written and made durable before anything is removed.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("audit prune: %w", err)
	}
	w := bufio.NewWriter(f)
	a, err := s.ArchiveAudit(ctx, cutoff, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || a.Count == 0 {
		os.Remove(out)
	}
	if err != nil {
		return fmt.Errorf("audit prune: %w", err)
	}
	if a.Count == 0 {
		fmt.Fprintf(stdout, "No audit entries are older than %s; nothing was archived.\n", cutoff.Format(time.DateOnly))
		return nil
	}
	if err := s.PruneAudit(ctx, a); err != nil {
		return fmt.Errorf("audit prune: the archive %s is complete, but removing the entries failed: %w", out, err)
	}
	n, err := s.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit prune: the log does not verify after pruning: %w", err)
	}
	fmt.Fprintf(stdout, "Archived %d audit entries (%d to %d, older than %s) to %s and removed them from the database.\n",
		a.Count, a.First, a.Last, cutoff.Format(time.DateOnly), out)
	fmt.Fprintf(stdout, "The %d entries left verify from the checkpoint; keep the archive as long as your retention requires.\n", n)
	return nil
}

// pruneCutoff turns --older-than or --before into the time before which
// entries are archived.
func pruneCutoff(olderThan, before string, now time.Time) (time.Time, error) {
	switch {
	case olderThan != "" && before != "":
		return time.Time{}, errors.New("audit prune: give --older-than or --before, not both")
	case before != "":
		t, err := time.Parse(time.DateOnly, before)
		if err != nil {
			return time.Time{}, fmt.Errorf("audit prune: --before %q: use a date like 2020-01-31", before)
		}
		if t.After(now) {
			return time.Time{}, fmt.Errorf("audit prune: --before %s is in the future", before)
		}
		return t, nil
	case olderThan == "":
		olderThan = sqlstore.DefaultAuditRetention
	}
	unit := olderThan[len(olderThan)-1:]
	n, err := strconv.Atoi(strings.TrimSuffix(olderThan, unit))
	if err != nil || n < 1 || !strings.Contains("ymd", unit) {
		return time.Time{}, fmt.Errorf("audit prune: --older-than %q: use a number of years, months or days, like 6y, 18m or 400d", olderThan)
	}
	switch unit {
	case "y":
		return now.AddDate(-n, 0, 0), nil
	case "m":
		return now.AddDate(0, -n, 0), nil
	}
	return now.AddDate(0, 0, -n), nil
}
