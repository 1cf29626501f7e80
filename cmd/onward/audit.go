package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// openAuditedStore opens and migrates the database and opens its audit log
// with its keys, creating a key file on first use. Every command that
// writes goes through it, so every entry is sealed with the log's key.
func openAuditedStore(ctx context.Context, cfg config.Config, stdout io.Writer) (*sqlstore.Store, error) {
	s, err := openStore(ctx, cfg.DB, stdout)
	if err != nil {
		return nil, err
	}
	keys, createdFile, err := auditKeys(cfg, s.Dialect(), true)
	if err != nil {
		s.Close()
		return nil, err
	}
	start, err := s.OpenAuditLog(ctx, keys)
	if err != nil {
		s.Close()
		if createdFile != "" && errors.Is(err, sqlstore.ErrAuditKeyMismatch) {
			// The log was sealed with keys kept elsewhere: the new file
			// would only mislead the next start.
			os.Remove(createdFile)
			return nil, fmt.Errorf("no audit key file was found at %s, and the log was sealed with another key: give its key file with --audit-key-file", createdFile)
		}
		return nil, err
	}
	if createdFile != "" {
		fmt.Fprintf(stdout, "Created the audit key file %s (readable by its owner only). Keep a copy somewhere safe, apart from the database and its backups: without it the audit log cannot be checked.\n", createdFile)
	}
	switch {
	case start.Started && createdFile == "":
		fmt.Fprintln(stdout, "Started a new audit log with an existing key. If this database had an audit log before, it was wiped: check with onward audit verify --checkpoints FILE.")
	case start.Finding != "":
		fmt.Fprintf(stdout, "Warning: re-sealed %d audit log entries written before the log was keyed, but their unkeyed check found: %s. This is recorded in the log; onward audit verify reports it.\n", start.Rekeyed, start.Finding)
	case start.Rekeyed > 0:
		fmt.Fprintf(stdout, "Checked and re-sealed %d audit log entries written before the log was keyed.\n", start.Rekeyed)
	}
	return s, nil
}

// auditKeys finds the audit log's keys: both in the configuration, or in
// a key file, by default beside a SQLite database. A PostgreSQL database
// has no place on this machine beside it, so there the keys (or the key
// file's path) must be configured. create makes a missing key file.
func auditKeys(cfg config.Config, dialect string, create bool) (keys audit.Keys, createdFile string, err error) {
	if cfg.AuditKey != "" || cfg.AuditSigningKey != "" {
		if cfg.AuditKey == "" || cfg.AuditSigningKey == "" || cfg.AuditKeyFile != "" {
			return keys, "", errors.New("audit keys: set both ONWARD_AUDIT_KEY and ONWARD_AUDIT_SIGNING_KEY, or neither and use a key file")
		}
		keys, err = audit.ParseKeys(cfg.AuditKey, cfg.AuditSigningKey)
		return keys, "", err
	}
	path := cfg.AuditKeyFile
	if path == "" {
		if dialect != "sqlite" {
			return keys, "", errors.New("audit keys: with PostgreSQL, keep them on this machine, not in the database: " +
				"give --audit-key-file PATH (ONWARD_AUDIT_KEY_FILE; created on first start), or ONWARD_AUDIT_KEY and " +
				"ONWARD_AUDIT_SIGNING_KEY (32 random bytes each, base64: openssl rand -base64 32)")
		}
		path = cfg.DB + ".audit-keys"
	}
	keys, err = audit.ReadKeyFile(path)
	if err == nil || !create || !errors.Is(err, fs.ErrNotExist) {
		return keys, "", err
	}
	keys, err = audit.CreateKeyFile(path)
	if err != nil {
		return keys, "", err
	}
	return keys, path, nil
}

func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "usage: onward audit verify|checkpoint|checkpoints|prune"
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:], getenv, stdout, stderr)
	case "checkpoint":
		return auditCheckpoint(ctx, args[1:], getenv, stdout, stderr)
	case "checkpoints":
		return auditExportCheckpoints(ctx, args[1:], getenv, stdout, stderr)
	case "prune":
		return auditPrune(ctx, args[1:], getenv, time.Now, stdout, stderr)
	}
	return errors.New(usage)
}

func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	var exported []audit.Checkpoint
	fs := flag.NewFlagSet("onward audit verify", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.Func("checkpoints", "`file` of checkpoints exported earlier (onward audit checkpoints), to check the log against; may be repeated", func(path string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		cps, err := audit.ReadCheckpoints(f)
		exported = append(exported, cps...)
		return err
	})
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	s, err := sqlstore.Open(ctx, cfg.DB, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Ready(ctx); err != nil {
		return err
	}
	keys, _, err := auditKeys(cfg, s.Dialect(), false)
	if err != nil {
		return fmt.Errorf("%w (a copy of the database is checked with the original's keys: give --audit-key-file)", err)
	}
	r, err := s.CheckAudit(ctx, keys, exported)
	if err != nil {
		return err
	}
	if r.Unchained > 0 {
		fmt.Fprintf(stdout, "%d entries are saved but not chained yet (written a moment ago, or before a crash): the next server start chains them.\n", r.Unchained)
	}
	if len(r.Problems) == 0 {
		fmt.Fprintf(stdout, "Audit log intact: %d entries, every seal and link verified", r.Entries)
		if r.Checkpoints == 0 {
			fmt.Fprintln(stdout, ".\nNo signed checkpoint to compare it with: a log cut short or rewritten by someone holding its key shows only against checkpoints exported earlier (--checkpoints FILE).")
			return nil
		}
		fmt.Fprintf(stdout, "; %d signed checkpoint(s) match it.\n", r.Checkpoints)
		return nil
	}
	fmt.Fprintf(stdout, "Audit log check FAILED (%d entries verified, %d checkpoint(s) compared). Found:\n", r.Entries, r.Checkpoints)
	for _, p := range r.Problems {
		fmt.Fprintf(stdout, "  - %s\n", p)
	}
	return fmt.Errorf("audit log check FAILED: %d problem(s), listed above", len(r.Problems))
}

func auditCheckpoint(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("onward audit checkpoint", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	cp, made, err := s.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if !made {
		fmt.Fprintf(stdout, "The audit log has not grown since its last checkpoint (%d entries, signed %s).\n", cp.Seq, cp.At.Format(time.RFC3339))
		return nil
	}
	fmt.Fprintf(stdout, "Signed a checkpoint of the audit log: %d entries, at %s.\n"+
		"Export the checkpoints with onward audit checkpoints --out FILE and keep the file off this machine.\n", cp.Seq, cp.At.Format(time.RFC3339))
	return nil
}

func auditExportCheckpoints(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	var out string
	fs := flag.NewFlagSet("onward audit checkpoints", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.StringVar(&out, "out", "", "`file` to write the checkpoints to (JSON Lines), which must not exist; - for standard output (required)")
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	if out == "" {
		return errors.New("audit checkpoints: give --out FILE (or --out - for standard output)")
	}
	s, err := sqlstore.Open(ctx, cfg.DB, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	cps, err := s.Checkpoints(ctx)
	if err != nil {
		return err
	}
	if out == "-" {
		return audit.WriteCheckpoints(stdout, cps)
	}
	// Never over an earlier export: it may be the copy that shows tampering.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("audit checkpoints: %w", err)
	}
	err = audit.WriteCheckpoints(f, cps)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d checkpoint(s) to %s. Copy the file off this machine (or send it to your log host); check the log against it with onward audit verify --checkpoints %s.\n", len(cps), out, out)
	return nil
}

// signAuditCheckpoints signs a checkpoint of the audit log every
// interval (serve signs the first at start). Each new one is logged too, so logs shipped off
// the machine carry copies.
func signAuditCheckpoints(ctx context.Context, store *sqlstore.Store, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			signAuditCheckpoint(ctx, store, log)
		}
	}
}

// signAuditCheckpoint signs one checkpoint when the log moved since the
// last, and writes it to the log so it also leaves the machine there.
func signAuditCheckpoint(ctx context.Context, store *sqlstore.Store, log *slog.Logger) {
	cp, made, err := store.Checkpoint(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Error("audit checkpoint", "error", err)
	case made:
		log.Info("audit checkpoint", "seq", cp.Seq, "hash", cp.Hash, "at", cp.At, "public_key", cp.PublicKey, "signature", cp.Signature)
	}
}
