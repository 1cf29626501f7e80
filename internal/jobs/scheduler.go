// Package jobs is Onward's scheduler: it plans the daily check-in
// reminders and delivers queued notifications by email and Web Push. Any
// number of instances may run it against one database; each job is
// claimed by one instance at a time (see sqlstore.ClaimJobs) and every
// reminder is created once (see sqlstore.PlanCheckinReminders).
//
// Urgent work never waits behind routine work: claims take the most
// urgent jobs first, and some senders take urgent jobs only, so an alert
// is sent at the next poll even while every other sender is busy with a
// backlog of reminders (docs/notifications.md).
package jobs

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/onward-recovery/onward/internal/notify"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// Scheduler runs the work. Set the fields, then call Run; tests drive it
// with Tick and Wait, or RunOnce.
type Scheduler struct {
	Store   *sqlstore.Store
	Mailer  notify.Mailer
	Pusher  *notify.Pusher // nil: no Web Push
	BaseURL string         // the instance's public URL, for links in messages
	Log     *slog.Logger
	Now     func() time.Time

	// Poll is how often to look for due work (default 250ms): the longest
	// an urgent alert waits to be claimed, whatever else is queued.
	Poll time.Duration
	// PlanEvery is how often to plan reminders (default one minute).
	PlanEvery time.Duration
	// Senders deliver in parallel, the most urgent work first (default 8).
	Senders int
	// UrgentSenders deliver urgent work only (default 2), so it never waits
	// for a sender busy with routine work.
	UrgentSenders int
	// Batch is the most jobs one sender takes at a time (default 25); its
	// emails go over one SMTP connection.
	Batch int
	// Lease is how long a claimed job is held before another instance may
	// take it over (default two minutes); a delivery must finish sooner.
	Lease time.Duration

	once     sync.Once
	worker   string
	lanes    []*lane
	inFlight sync.WaitGroup
	freed    chan struct{} // a sender finished: claim more without waiting for the poll
}

// lane is a group of senders and the least urgent work they take.
type lane struct {
	upTo    sqlstore.Priority
	senders int
	busy    atomic.Int64
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
		if s.Senders <= 0 {
			s.Senders = 8
		}
		if s.UrgentSenders <= 0 {
			s.UrgentSenders = 2
		}
		if s.Batch <= 0 {
			s.Batch = 25
		}
		if s.Lease <= 0 {
			s.Lease = 2 * time.Minute
		}
		s.lanes = []*lane{{upTo: sqlstore.PriorityUrgent, senders: s.UrgentSenders}, {upTo: sqlstore.PriorityRoutine, senders: s.Senders}}
		s.freed = make(chan struct{}, 1)
	})
}

// Run plans and delivers until ctx ends, then waits for deliveries in
// flight to finish. Planning runs beside delivery, so planning thousands
// of reminders never holds back an alert.
func (s *Scheduler) Run(ctx context.Context) {
	s.defaults()
	var planner sync.WaitGroup
	planner.Go(func() { s.plan(ctx) })
	poll := time.NewTicker(s.Poll)
	defer poll.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("claim notifications", "error", err)
		}
		select {
		case <-ctx.Done():
			planner.Wait()
			s.Wait()
			return
		case <-poll.C:
		case <-s.freed:
		}
	}
}

// plan queues the day's reminders and test-day notices (drawing each
// testing schedule's days as its period begins) every PlanEvery until ctx
// ends.
func (s *Scheduler) plan(ctx context.Context) {
	every := time.NewTicker(s.PlanEvery)
	defer every.Stop()
	for {
		if _, err := s.Store.PlanCheckinReminders(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Log.Error("plan check-in reminders", "error", err)
		}
		if _, err := s.Store.EscalateCareAlerts(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Log.Error("escalate care alerts", "error", err)
		}
		if _, err := s.Store.PlanTestDays(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Log.Error("plan test days", "error", err)
		}
		if err := s.planMedication(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("plan medication reminders", "error", err)
		}
		if _, err := s.Store.PlanSessionReminders(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Log.Error("plan session reminders", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-every.C:
		}
	}
}

// Tick is one poll: every lane with idle senders claims due work, most
// urgent first, and hands it to those senders. It returns how many jobs it
// claimed, without waiting for their delivery (see Wait).
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	s.defaults()
	now := s.Now()
	claimed := 0
	for _, l := range s.lanes {
		idle := l.senders - int(l.busy.Load())
		if idle <= 0 {
			continue
		}
		// A read first, so an idle scheduler polling often costs no write.
		due, err := s.Store.HasDueJobs(ctx, now, l.upTo)
		if err != nil {
			return claimed, err
		}
		if !due {
			continue
		}
		jobs, err := s.Store.ClaimJobs(ctx, s.worker, now, s.Lease, idle*s.Batch, l.upTo)
		if err != nil {
			return claimed, err
		}
		claimed += len(jobs)
		for _, share := range deal(jobs, idle) {
			l.busy.Add(1)
			s.inFlight.Go(func() {
				s.deliver(ctx, share)
				l.busy.Add(-1)
				select {
				case s.freed <- struct{}{}:
				default:
				}
			})
		}
	}
	return claimed, nil
}

// deal shares jobs (in claim order) among at most n senders in even runs;
// the most urgent jobs lead the first share.
func deal(jobs []sqlstore.Job, n int) [][]sqlstore.Job {
	if len(jobs) == 0 {
		return nil
	}
	return slices.Collect(slices.Chunk(jobs, (len(jobs)+n-1)/n))
}

// Wait blocks until every delivery started so far has finished.
func (s *Scheduler) Wait() {
	s.defaults()
	s.inFlight.Wait()
}

// RunOnce plans reminders and test-day notices and delivers everything due, once. It returns
// how many jobs it finished.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	s.defaults()
	if _, err := s.Store.PlanCheckinReminders(ctx, s.Now()); err != nil {
		return 0, err
	}
	if _, err := s.Store.PlanTestDays(ctx, s.Now()); err != nil {
		return 0, err
	}
	if err := s.planMedication(ctx); err != nil {
		return 0, err
	}
	if _, err := s.Store.PlanSessionReminders(ctx, s.Now()); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := s.Tick(ctx)
		s.Wait()
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// planMedication queues the medication reminders due now and brings the
// caseload's medication flags whose reason is a date up to date.
func (s *Scheduler) planMedication(ctx context.Context) error {
	if _, err := s.Store.PlanMedicationReminders(ctx, s.Now()); err != nil {
		return err
	}
	_, err := s.Store.SyncMedicationFlags(ctx)
	return err
}
