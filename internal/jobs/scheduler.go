// Package jobs is Onward's scheduler: it plans the daily check-in
// reminders and delivers queued notifications by email and Web Push. Any
// number of instances may run it against one database; each job is
// claimed by one instance at a time (see sqlstore.ClaimJobs) and every
// reminder is created once (see sqlstore.PlanCheckinReminders).
package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Scheduler runs the work. Set the fields, then call Run, or RunOnce in
// tests.
type Scheduler struct {
	Store   *sqlstore.Store
	Mailer  notify.Mailer
	Pusher  *notify.Pusher // nil: no Web Push
	BaseURL string         // the instance's public URL, for links in messages
	Log     *slog.Logger
	Now     func() time.Time

	// Poll is how often to look for due deliveries (default 250ms): the
	// delay an "I need support now" can wait before its email goes out.
	Poll time.Duration
	// PlanEvery is how often to plan reminders (default one minute).
	PlanEvery time.Duration
	// Workers deliver in parallel (default 4).
	Workers int
	// Lease is how long a claimed job is held before another instance may
	// take it over (default two minutes); a delivery must finish sooner.
	Lease time.Duration

	once   sync.Once
	worker string
}

func (s *Scheduler) defaults() {
	s.once.Do(func() {
		s.worker = uuid.NewString()
		if s.Log == nil {
			s.Log = slog.Default()
		}
		if s.Now == nil {
			s.Now = time.Now
		}
		if s.Poll <= 0 {
			s.Poll = 250 * time.Millisecond
		}
		if s.PlanEvery <= 0 {
			s.PlanEvery = time.Minute
		}
		if s.Workers <= 0 {
			s.Workers = 4
		}
		if s.Lease <= 0 {
			s.Lease = 2 * time.Minute
		}
	})
}

// Run plans and delivers until ctx ends, then waits for deliveries in
// flight to finish.
func (s *Scheduler) Run(ctx context.Context) {
	s.defaults()
	poll := time.NewTicker(s.Poll)
	defer poll.Stop()
	var nextPlan time.Time
	for {
		if now := s.Now(); !now.Before(nextPlan) {
			if _, err := s.Store.PlanCheckinReminders(ctx, now); err != nil && ctx.Err() == nil {
				s.Log.Error("plan check-in reminders", "error", err)
			}
			nextPlan = now.Add(s.PlanEvery)
		}
		if _, err := s.deliverDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("deliver notifications", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		}
	}
}

// RunOnce plans reminders and delivers everything due, once. It returns
// how many jobs it finished.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	s.defaults()
	if _, err := s.Store.PlanCheckinReminders(ctx, s.Now()); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := s.deliverDue(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// deliverDue claims a batch of due jobs and delivers them on the worker
// pool. It returns how many it handled.
func (s *Scheduler) deliverDue(ctx context.Context) (int, error) {
	now := s.Now()
	if due, err := s.Store.HasDueJobs(ctx, now); err != nil || !due {
		return 0, err
	}
	claimed, err := s.Store.ClaimJobs(ctx, s.worker, now, s.Lease, s.Workers*4)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	work := make(chan sqlstore.Job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var finishErr error
	for range min(s.Workers, len(claimed)) {
		wg.Go(func() {
			for j := range work {
				// A delivery gets less than its lease, so no other instance
				// takes the job over while it is still being sent.
				dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.Lease/2)
				failure := s.deliver(dctx, j)
				cancel()
				if failure != nil {
					s.Log.Warn("delivery failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "error", failure)
				}
				if err := s.Store.FinishJob(context.WithoutCancel(ctx), j, s.worker, s.Now(), failure); err != nil {
					mu.Lock()
					finishErr = errors.Join(finishErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, j := range claimed {
		work <- j
	}
	close(work)
	wg.Wait()
	return len(claimed), finishErr
}
