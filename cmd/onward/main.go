// Command onward runs Onward: the web server and the operator commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones work on machines without tzdata installed
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "onward:", err)
		os.Exit(1)
	}
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `Onward: recovery support, private by design.

Usage:
  onward serve   [--addr 127.0.0.1:8080] [--db onward.db | postgres://...] [--demo]
  onward migrate [--db ...]
  onward demo    [--db ...]                 load demo accounts into an empty database
  onward user add --email E --role R [--name N] [--password-stdin] [--db ...]
  onward backup  --out FILE [--db ...]      consistent copy of a live SQLite database
  onward audit verify [--checkpoints FILE] [--db ...]   check the audit log's seals, head and checkpoints
  onward audit checkpoint [--db ...]        sign a checkpoint of the audit log now
  onward audit checkpoints --out FILE       export the signed checkpoints, to keep off this machine
  onward audit prune --out FILE [--older-than 6y | --before DATE]
                                            archive audit entries past retention to FILE, then remove them
  onward import programs|meetings FILE [--db ...] [--time-zone ZONE]
  onward staff add --email E --program ID [--db ...]   put a clinician or program admin on a program's staff
                                            add or update treatment programs or meetings
  onward version

Every flag has an ONWARD_* environment variable (e.g. ONWARD_DB, ONWARD_ADDR).
The audit log's keys live outside the database: beside a SQLite database
(DB.audit-keys, created on first start) or as --audit-key-file configures.
Run "onward COMMAND --help" for a command's flags.
`

// run is the whole program, with its environment passed in so tests can
// start it as a user would.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return loadDemo(ctx, rest, getenv, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return fmt.Errorf(`usage: onward user add --email E --role R`)
		}
		return userAdd(ctx, rest[1:], getenv, stdin, stdout, stderr)
	case "backup":
		return backup(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return auditCommand(ctx, rest, getenv, stdout, stderr)
	case "import":
		return importFile(ctx, rest, getenv, stdout, stderr)
	case "staff":
		if len(rest) == 0 || rest[0] != "add" {
			return fmt.Errorf(`usage: onward staff add --email E --program ID`)
		}
		return staffAdd(ctx, rest[1:], getenv, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "onward", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
