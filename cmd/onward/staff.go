package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// staffAdd puts a clinician or program admin on a program's staff, so
// they see its requests to be contacted (and, for admins, edit its
// listing). The program id is the one in the program's page address,
// /find/ID.
func staffAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	var email, programID string
	fs := flag.NewFlagSet("onward staff add", flag.ContinueOnError)
	config.Register(fs, &cfg, getenv)
	fs.StringVar(&email, "email", "", "email `address` of a clinician or program admin account (required)")
	fs.StringVar(&programID, "program", "", "program `id`, as in the program's page address /find/ID (required)")
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	if email == "" || programID == "" {
		return errors.New("staff add: give --email and --program")
	}
	s, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, onward.NormalizeEmail(email))
	if err != nil {
		return fmt.Errorf("staff add: %s", errorText(err))
	}
	program, err := s.ProgramByID(ctx, programID)
	if err != nil {
		return fmt.Errorf("staff add: %s", errorText(err))
	}
	if err := s.Write(ctx, func(tx *sqlstore.Tx) error { return tx.AddProgramStaff(ctx, program.ID, u.ID) }); err != nil {
		return fmt.Errorf("staff add: %s", errorText(err))
	}
	fmt.Fprintf(stdout, "%s is on the staff of %s.\n", u.Email, program.Name)
	return nil
}
