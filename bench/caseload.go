package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/onward-recovery/onward/internal/sqlstore"
)

// The caseload at the load the program issue sets: the page for 16
// clients against the no-op handler at 16 clients in the same run (target
// 0.3x or better), and the store's read of the caseload on its own, one at
// a time (target p95 under 20 ms). The program is the 1,000-member one of
// reports.go; its caseload page shows the 100 members who most need a
// look, and every flagged row shown is recorded in each member's audit log.

const (
	caseloadClients    = 16
	caseloadStoreReads = 50
	scenarioCaseload16 = "caseload page, 1,000 members, 16 clients"
)

func caseloadBench(ctx context.Context, store *sqlstore.Store, base string, d time.Duration) error {
	page, err := program.caseload(ctx, store, base)
	if err != nil {
		return err
	}
	clients := make([]*http.Client, caseloadClients)
	for i := range clients {
		clients[i] = newClient(i)
	}
	noop, err := load(caseloadClients, d, clients, func(c *http.Client, _ int) error { return get(c, base+"/bench/noop") })
	if err != nil {
		return fmt.Errorf("no-op: %w", err)
	}
	printRow("no-op handler, 16 clients", noop, noop.rate)
	r, err := load(caseloadClients, d, clients, page)
	if err != nil {
		return err
	}
	printRow(scenarioCaseload16, r, noop.rate)

	reads := make([]time.Duration, 0, caseloadStoreReads)
	for range caseloadStoreReads {
		t0 := time.Now()
		members, err := store.Caseload(ctx, program.programID, sqlstore.CaseloadScope{})
		if err != nil {
			return err
		}
		reads = append(reads, time.Since(t0))
		if len(members) == 0 {
			return fmt.Errorf("the bench program's caseload is empty")
		}
	}
	slices.Sort(reads)
	fmt.Printf("%-34s %10d %10s %10s %10s (p50, p95; target p95 under 20ms)\n", "caseload store read, 1 at a time", len(reads), "",
		reads[len(reads)/2].Round(10*time.Microsecond), reads[len(reads)*95/100].Round(10*time.Microsecond))
	return nil
}
