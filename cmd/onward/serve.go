package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/onward-recovery/onward/internal/app"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/config"
	"github.com/onward-recovery/onward/internal/demo"
	"github.com/onward-recovery/onward/internal/jobs"
	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
	"github.com/onward-recovery/onward/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("onward serve", flag.ContinueOnError)
	config.RegisterServe(fs, &cfg, getenv)
	if help, err := parseFlags(fs, args, stderr); help || err != nil {
		return err
	}
	secureGiven := false
	fs.Visit(func(f *flag.Flag) { secureGiven = secureGiven || f.Name == "cookie-secure" })
	if err := cfg.Finish(getenv, secureGiven); err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	store, err := openAuditedStore(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer store.Close()

	if cfg.Demo {
		n, err := store.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			logins, err := demo.Load(ctx, store, auth.DefaultParams)
			if err != nil {
				return err
			}
			printLogins(stdout, logins)
		} else {
			fmt.Fprintln(stdout, "The database already has accounts; demo data was not loaded again.")
		}
	}

	var mailer notify.Mailer = notify.LogMailer{Log: log}
	if cfg.SMTPURL != "" {
		if mailer, err = notify.NewSMTPMailer(cfg.SMTPURL, cfg.MailFrom); err != nil {
			return err
		}
	}
	secrets, err := secretKeys(cfg, store.Dialect(), stdout)
	if err != nil {
		return err
	}
	uses := app.New(app.Deps{Store: store, Log: log, Mailer: mailer, Secrets: secrets, BaseURL: cfg.BaseURL,
		PushEndpoints: notify.PushEndpoints{Services: cfg.PushServices}, TakeHomePolicy: cfg.TakeHomePolicy})
	// Account email still being sent goes out before the database closes.
	defer uses.Wait()
	// Two-step keys stored before they were sealed, or sealed under a key
	// since rotated out of first place, are sealed under the first key.
	sealed, unreadable, err := uses.SealTwoStepKeys(ctx)
	if err != nil {
		return err
	}
	if sealed > 0 {
		log.Info("sealed two-step sign-in keys under the first secret key", "accounts", sealed)
	}
	if unreadable > 0 {
		log.Warn("two-step sign-in keys sealed under a key the secret key file lacks: those accounts cannot sign in until it is restored", "accounts", unreadable)
	}
	srv, err := web.New(cfg, web.Deps{App: uses, Store: store, Log: log})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go housekeeping(ctx, store, log)
	// The first checkpoint is signed before serving, so it exists however
	// soon the server is stopped.
	signAuditCheckpoint(ctx, store, log)
	go signAuditCheckpoints(ctx, store, cfg.AuditCheckpointEvery, log)

	// Notifications: the scheduler sends reminders and alerts. It stops
	// after the server, finishing the deliveries in flight, and before the
	// database closes (deferred calls run last-first).
	scheduler, err := jobs.ForServer(ctx, store, mailer, notify.PushEndpoints{Services: cfg.PushServices}, cfg.BaseURL, cfg.MailFrom, log)
	if err != nil {
		return err
	}
	schedulerCtx, stopScheduler := context.WithCancel(context.WithoutCancel(ctx))
	schedulerDone := make(chan struct{})
	go func() { defer close(schedulerDone); scheduler.Run(schedulerCtx) }()
	defer func() { stopScheduler(); <-schedulerDone }()

	fmt.Fprintf(stdout, "Onward is running at http://%s (database: %s). Press Ctrl+C to stop.\n", ln.Addr(), store.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let requests in flight finish, then close the database.
	log.Info("shutting down", "grace", cfg.ShutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Onward stopped.")
	return nil
}

// housekeeping removes expired sessions, old sign-in counters and expired
// email links hourly.
func housekeeping(ctx context.Context, store *sqlstore.Store, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		now := time.Now()
		// The longest idle limit of any role; shorter ones are enforced per request.
		if _, err := store.DeleteExpiredSessions(ctx, now, 14*24*time.Hour); err != nil && ctx.Err() == nil {
			log.Error("delete expired sessions", "error", err)
		}
		if err := store.PruneAttempts(ctx, now.Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			log.Error("prune sign-in counters", "error", err)
		}
		if err := store.PruneLinks(ctx, now); err != nil && ctx.Err() == nil {
			log.Error("prune expired email links", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
