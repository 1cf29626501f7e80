package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onward-recovery/onward/internal/sqlstore"
)

// On a machine shared with other work, a scenario's rate follows the CPU
// it gets; its CPU time per request does not. The table gives both: the
// CPU of this process (server and load generator alike; on SQLite, the
// database too) and, when the PostgreSQL server runs on this machine and
// its processes can be read, the server's.

// cpuMeter reads the CPU time used so far.
type cpuMeter struct {
	postmaster int // the PostgreSQL server's first process; 0 when not read
}

// cpuTime is CPU time used by this process and by the database server.
type cpuTime struct{ self, db time.Duration }

func newCPUMeter(ctx context.Context, store *sqlstore.Store) cpuMeter {
	if store.Dialect() != "postgres" {
		return cpuMeter{}
	}
	var backend int
	if err := store.DB().QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		return cpuMeter{}
	}
	fields, err := procStat(backend)
	if err != nil {
		return cpuMeter{} // a server on another machine
	}
	postmaster, err := strconv.Atoi(fields[1])
	if err != nil {
		return cpuMeter{}
	}
	return cpuMeter{postmaster: postmaster}
}

func (m cpuMeter) read() cpuTime {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	t := cpuTime{self: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	if m.postmaster != 0 {
		t.db = m.serverCPU()
	}
	return t
}

// serverCPU adds up the PostgreSQL server's processes: the postmaster,
// its children (connections, writers) and the children that have ended.
func (m cpuMeter) serverCPU() time.Duration {
	const ticksPerSecond = 100 // USER_HZ on Linux
	total := 0
	if f, err := procStat(m.postmaster); err == nil {
		total += ticks(f, 11, 12, 13, 14)
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f, err := procStat(pid); err == nil && f[1] == strconv.Itoa(m.postmaster) {
			total += ticks(f, 11, 12)
		}
	}
	return time.Duration(total) * time.Second / ticksPerSecond
}

// procStat returns the fields of /proc/PID/stat after the command's name:
// [0] is the state, [1] the parent, [11] and [12] user and system time.
func procStat(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 15 {
		return nil, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	return f, nil
}

func ticks(fields []string, at ...int) int {
	n := 0
	for _, i := range at {
		v, _ := strconv.Atoi(fields[i])
		n += v
	}
	return n
}

// perRequest formats the CPU time per request of a run: this process's,
// and the database server's after a + when it was read.
func perRequest(r result) string {
	if r.n == 0 {
		return ""
	}
	s := fmt.Sprintf("%.2f", float64(r.cpu.self)/float64(r.n)/float64(time.Millisecond))
	if r.cpu.db > 0 {
		s += fmt.Sprintf(" + %.2f", float64(r.cpu.db)/float64(r.n)/float64(time.Millisecond))
	}
	return s + " ms"
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes: how
// many others wanted the CPUs meanwhile.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
