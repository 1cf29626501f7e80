package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/demo"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// parseFlags parses a command's flags; --help prints them and is not an error.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (help bool, err error) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return false, nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, dsn string, stdout io.Writer) (*sqlstore.Store, error) {
	s, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		return nil, err
	}
	n, err := s.Migrate(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	if n > 0 {
		fmt.Fprintf(stdout, "Applied %d database migration(s) to the %s database.\n", n, s.Dialect())
	}
	return s, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("onward migrate", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	s, err := openStore(ctx, cfg.DB, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(stdout, "The database is up to date.")
	return nil
}

func loadDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("onward demo", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	logins, err := demo.Load(ctx, s, auth.DefaultParams)
	if err != nil {
		return err
	}
	printLogins(stdout, logins)
	return nil
}

func printLogins(w io.Writer, logins []demo.Login) {
	fmt.Fprintln(w, "Demo accounts (password for all: "+demo.Password+"):")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-14s %-24s %s\n", l.Role, l.Email, l.Note)
		if l.TOTPSecret != "" {
			fmt.Fprintf(w, "  %-14s two-step sign-in key for your authenticator app: %s\n", "", l.TOTPSecret)
		}
	}
}

func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg config.Config
	var email, role, name string
	var passwordStdin bool
	fs := flag.NewFlagSet("onward user add", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.StringVar(&email, "email", "", "email `address` of the new account (required)")
	fs.StringVar(&role, "role", "", "`role`: member, supporter, clinician, program_admin or operator (required)")
	fs.StringVar(&name, "name", "", "display `name` (default: the part of the email before @)")
	fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input instead of generating one")
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	email = onward.NormalizeEmail(email)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	r := onward.Role(role)
	if !r.Valid() {
		return fmt.Errorf("role %q: use member, supporter, clinician, program_admin or operator", role)
	}
	password := auth.NewToken("")
	if passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	errs := onward.FieldErrors{}
	onward.ValidateEmail(errs, "email", email)
	onward.ValidatePassword(errs, "password", password, email)
	onward.ValidateDisplayName(errs, "name", name)
	for field, msg := range errs {
		return fmt.Errorf("%s: %s", field, msg)
	}
	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	u := &onward.User{Email: email, DisplayName: name, Role: r, Locale: "en", TimeZone: "UTC"}
	if err := s.Write(ctx, func(tx *sqlstore.Tx) error { return tx.CreateUser(ctx, u, hash) }); err != nil {
		return fmt.Errorf("add user: %s", errorText(err))
	}
	fmt.Fprintf(stdout, "Added %s (%s).\n", email, r)
	if !passwordStdin {
		fmt.Fprintf(stdout, "Password: %s\n(shown once; the person can change it after signing in)\n", password)
	}
	if r.RequiresTwoFactor() {
		fmt.Fprintln(stdout, "This role must set up two-step sign-in at first sign-in.")
	}
	return nil
}

func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	var out string
	fs := flag.NewFlagSet("onward backup", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.StringVar(&out, "out", "", "`file` to write the copy to; must not exist (required)")
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	if out == "" {
		return errors.New("backup: give --out FILE")
	}
	s, err := sqlstore.Open(ctx, cfg.DB, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote a consistent copy of %s to %s.\n", cfg.DB, out)
	return nil
}
