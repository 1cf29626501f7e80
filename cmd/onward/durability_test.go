package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
	"github.com/onward-recovery/onward/internal/audit"
	"github.com/onward-recovery/onward/internal/auth"
	"github.com/onward-recovery/onward/internal/policy"
	"github.com/onward-recovery/onward/internal/recovery"
	"github.com/onward-recovery/onward/internal/sqlstore"
)

// runAsServer, set in a child's environment, makes the test binary run as
// the onward command itself: the kill -9 test starts it as a separate
// process it can kill, without building the binary.
const runAsServer = "ONWARD_TEST_RUN_AS_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(runAsServer) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKillNineKeepsAcknowledgedCheckIns is the durability promise: a check-in
// the server answered with 2xx survives the server being killed with
// SIGKILL at any moment. Several clients save check-ins through the API
// while the server is killed mid-load, twice; after each restart every
// acknowledged check-in must be there (the same version, or a later one
// the same client sent after it), and the audit chain must still verify.
func TestKillNineKeepsAcknowledgedCheckIns(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		testKillNine(t, filepath.Join(t.TempDir(), "onward.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		dsn := os.Getenv("ONWARD_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("set ONWARD_TEST_POSTGRES to a postgres:// URL to run on PostgreSQL")
		}
		testKillNine(t, freshPostgresSchema(t, dsn))
	})
}

// TestPostgresCrashKeepsAcknowledgedCheckIns crashes PostgreSQL itself
// under load (an immediate stop: no checkpoint, WAL buffers lost) and
// restarts it, three times. It proves that a write is acknowledged only
// once its commit is on disk, which killing Onward alone cannot show: a
// PostgreSQL left running keeps what it committed. It needs commands that
// crash and restart the server named by ONWARD_TEST_POSTGRES, and must not
// run beside other tests using that server:
//
//	ONWARD_TEST_POSTGRES_CRASH='runuser -u postgres -- pg_ctl -D DIR/data -m immediate stop' \
//	ONWARD_TEST_POSTGRES_RESTART='runuser -u postgres -- pg_ctl -D DIR/data -l DIR/log -w -o "-p PORT -k DIR" start' \
//	go test ./cmd/onward -run PostgresCrash -v
func TestPostgresCrashKeepsAcknowledgedCheckIns(t *testing.T) {
	dsn, crashCmd, restartCmd := os.Getenv("ONWARD_TEST_POSTGRES"), os.Getenv("ONWARD_TEST_POSTGRES_CRASH"), os.Getenv("ONWARD_TEST_POSTGRES_RESTART")
	if dsn == "" || crashCmd == "" || restartCmd == "" {
		t.Skip("set ONWARD_TEST_POSTGRES, ONWARD_TEST_POSTGRES_CRASH and ONWARD_TEST_POSTGRES_RESTART to crash PostgreSQL under load")
	}
	shell := func(command string) {
		if out, err := exec.Command("sh", "-c", command).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", command, err, out)
		}
	}
	db, keyFile := freshPostgresSchema(t, dsn), filepath.Join(t.TempDir(), "audit-keys")
	members := addKillTestMembers(t, db, keyFile, killClients*killMembersPerClient)
	acked := newAckLog()
	for cycle := 0; cycle < 3; cycle++ {
		srv := startServerProcess(t, db, keyFile)
		// Requests in flight fail with 500 once the database is gone: not
		// acknowledged, so not counted.
		loadUntil(t, srv, members, acked, true, func() { shell(crashCmd); srv.kill() })
		shell(restartCmd)
	}
	srv := startServerProcess(t, db, keyFile)
	found, missing := acked.check(t, srv.base, members)
	t.Logf("%d check-ins acknowledged over 3 crashes of PostgreSQL, %d found after restart", acked.count(), found)
	for _, m := range missing {
		t.Error(m)
	}
	srv.stop(t)
	if err := run(context.Background(), []string{"audit", "verify", "--db", db, "--audit-key-file", keyFile}, env(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("audit verify after the crashes: %v", err)
	}
}

const (
	killClients          = 8
	killMembersPerClient = 4
	killCycles           = 2
)

func testKillNine(t *testing.T, db string) {
	ctx := context.Background()
	keyFile := filepath.Join(t.TempDir(), "audit-keys")
	members := addKillTestMembers(t, db, keyFile, killClients*killMembersPerClient)
	acked := newAckLog()
	cutOff := 0
	for cycle := 1; cycle <= killCycles; cycle++ {
		srv := startServerProcess(t, db, keyFile)
		cutOff += loadUntilKilled(t, srv, members, acked)
	}

	srv := startServerProcess(t, db, keyFile)
	found, missing := acked.check(t, srv.base, members)
	t.Logf("%s: %d check-ins acknowledged over %d kills, %d found after restart, %d requests cut off by the kills",
		filepath.Base(t.Name()), acked.count(), killCycles, found, cutOff)
	for _, m := range missing {
		t.Error(m)
	}
	if acked.count() == 0 {
		t.Fatal("no check-in was acknowledged before the kills: the test proved nothing")
	}
	srv.stop(t)
	var out strings.Builder
	if err := run(ctx, []string{"audit", "verify", "--db", db, "--audit-key-file", keyFile}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("audit verify after the kills: %v", err)
	}
}

// killTestMember is a member with a recovery start date and an API token.
type killTestMember struct {
	id, token string
}

func addKillTestMembers(t *testing.T, db, keyFile string, n int) []killTestMember {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := audit.CreateKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenAuditLog(ctx, keys); err != nil {
		t.Fatal(err)
	}
	members := make([]killTestMember, n)
	err = s.Write(ctx, func(tx *sqlstore.Tx) error {
		for i := range members {
			u := &onward.User{Email: fmt.Sprintf("kill%d@test.onward", i), DisplayName: "Member", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
			if err := tx.CreateUser(ctx, u, "not a password hash"); err != nil {
				return err
			}
			d, err := tx.Record(ctx, policy.Decide(policy.Request{Viewer: onward.Principal{UserID: u.ID, Role: u.Role}, SubjectID: u.ID,
				Action: onward.ActionWrite, Categories: []onward.Category{onward.CategoryMilestones}}, nil, tx.Now))
			if err != nil {
				return err
			}
			p := &onward.RecoveryProfile{UserID: u.ID, LastUse: recovery.DateOf(tx.Now, time.UTC).AddDays(-30), Medication: "none", TreatmentLevel: "none"}
			if err := tx.SaveProfile(ctx, d, p); err != nil {
				return err
			}
			members[i] = killTestMember{id: u.ID, token: auth.NewToken("onw_")}
			token := &onward.APIToken{UserID: u.ID, Name: "kill test", ExpiresAt: tx.Now.Add(24 * time.Hour)}
			if err := tx.CreateAPIToken(ctx, token, auth.HashToken(members[i].token)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("add members: %v", err)
	}
	return members
}

// serverProcess is "onward serve" running as a child process.
type serverProcess struct {
	base   string
	cmd    *exec.Cmd
	exited chan struct{}
	log    *syncBuffer
}

func startServerProcess(t *testing.T, db, keyFile string) *serverProcess {
	t.Helper()
	addr := freeAddr(t)
	p := &serverProcess{base: "http://" + addr, exited: make(chan struct{}), log: &syncBuffer{}}
	// The secret keys (created on the first start) live beside the audit
	// keys, as PostgreSQL requires.
	p.cmd = exec.Command(os.Args[0], "serve", "--addr", addr, "--db", db, "--audit-key-file", keyFile, "--secret-key-file", keyFile+"-secrets")
	p.cmd.Env = append(os.Environ(), runAsServer+"=1", "ONWARD_LOG_LEVEL=error", "ONWARD_COOKIE_SECURE=false")
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start the server: %v", err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("the server exited at start:\n%s", p.log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not ready within a minute:\n%s", p.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL: no shutdown, no flush, no deferred call runs.
func (p *serverProcess) kill() {
	select {
	case <-p.exited:
	default:
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.exited
	}
}

// stop asks the server to shut down as an operator would.
func (p *serverProcess) stop(t *testing.T) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not stop within 30 s of SIGTERM:\n%s", p.log.String())
	}
}

// loadUntilKilled runs killClients clients, each saving check-ins for its
// own members one after another, and kills the server once enough were
// acknowledged (or after a few seconds), with every client mid-request. It
// returns how many requests the kill cut off.
func loadUntilKilled(t *testing.T, p *serverProcess, members []killTestMember, acked *ackLog) int {
	return loadUntil(t, p, members, acked, false, p.kill)
}

// loadUntil runs the load until enough check-ins were acknowledged, then
// crashes the server with crash. With errorsExpected, answers other than
// 2xx only end a client (the database went away under it).
func loadUntil(t *testing.T, p *serverProcess, members []killTestMember, acked *ackLog, errorsExpected bool, crash func()) int {
	t.Helper()
	start := acked.count()
	var wg sync.WaitGroup
	var mu sync.Mutex
	cutOff := 0
	var unexpected []string
	for c := 0; c < killClients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for n := 0; ; n++ {
				m := members[c*killMembersPerClient+n%killMembersPerClient]
				note := fmt.Sprintf("client %d, save %d", c, n)
				ack, err := saveCheckIn(client, p.base, m, note, n)
				mu.Lock()
				switch {
				case err == nil:
					acked.add(m.id, ack)
				case errors.Is(err, errRefused) || errorsExpected:
					cutOff++
				default:
					unexpected = append(unexpected, err.Error())
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}(c)
	}
	deadline := time.Now().Add(5 * time.Second)
	for acked.count()-start < 300 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	crash()
	wg.Wait()
	for _, u := range unexpected {
		t.Errorf("a check-in failed before the kill: %s", u)
	}
	return cutOff
}

// errRefused is a request the kill cut off: it was never acknowledged.
var errRefused = errors.New("no answer: the server was killed")

// savedCheckIn is what a 2xx answer acknowledged.
type savedCheckIn struct {
	Day     string `json:"day"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

func saveCheckIn(c *http.Client, base string, m killTestMember, note string, n int) (savedCheckIn, error) {
	body := fmt.Sprintf(`{"mood": %d, "craving": %d, "note": %q}`, n%5+1, n%11, note)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/checkins", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+m.token)
	res, err := c.Do(req)
	if err != nil {
		return savedCheckIn{}, fmt.Errorf("%w (%v)", errRefused, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		// The answer was cut off before it was whole: not acknowledged.
		return savedCheckIn{}, fmt.Errorf("%w (%v)", errRefused, err)
	}
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated {
		return savedCheckIn{}, fmt.Errorf("save check-in: status %d: %s", res.StatusCode, raw)
	}
	var out struct {
		CheckIn savedCheckIn `json:"checkin"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return savedCheckIn{}, fmt.Errorf("save check-in: %v in %s", err, raw)
	}
	return out.CheckIn, nil
}

// ackLog keeps every acknowledged check-in, per member and day.
type ackLog struct {
	mu    sync.Mutex
	n     int
	byDay map[string][]savedCheckIn // member id + day -> acknowledged saves, in order
}

func newAckLog() *ackLog { return &ackLog{byDay: map[string][]savedCheckIn{}} }

func (a *ackLog) add(memberID string, c savedCheckIn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	a.byDay[memberID+" "+c.Day] = append(a.byDay[memberID+" "+c.Day], c)
}

func (a *ackLog) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

// check reads every member's check-ins through the API of the restarted
// server. An acknowledged save is found when the stored check-in of its
// day has its version or a later one (a later save of the same client,
// which only sends after an answer); the last acknowledged one must be
// stored as acknowledged, or replaced by a later save.
func (a *ackLog) check(t *testing.T, base string, members []killTestMember) (found int, missing []string) {
	t.Helper()
	for _, m := range members {
		stored := readCheckIns(t, base, m)
		a.mu.Lock()
		for key, saves := range a.byDay {
			id, day, _ := strings.Cut(key, " ")
			if id != m.id {
				continue
			}
			got, ok := stored[day]
			last := saves[len(saves)-1]
			for _, s := range saves {
				if ok && got.Version >= s.Version {
					found++
				}
			}
			switch {
			case !ok:
				missing = append(missing, fmt.Sprintf("member %s, %s: %d saves were acknowledged, none is stored", id, day, len(saves)))
			case got.Version < last.Version:
				missing = append(missing, fmt.Sprintf("member %s, %s: version %d was acknowledged, version %d is stored", id, day, last.Version, got.Version))
			case got.Version == last.Version && got.Note != last.Note:
				missing = append(missing, fmt.Sprintf("member %s, %s: version %d was acknowledged with note %q, stored with %q", id, day, last.Version, last.Note, got.Note))
			}
		}
		a.mu.Unlock()
	}
	return found, missing
}

func readCheckIns(t *testing.T, base string, m killTestMember) map[string]savedCheckIn {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/checkins", nil)
	req.Header.Set("Authorization", "Bearer "+m.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("read check-ins after restart: %v", err)
	}
	defer res.Body.Close()
	var out struct {
		CheckIns []savedCheckIn `json:"checkins"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("read check-ins after restart: status %d, %v", res.StatusCode, err)
	}
	byDay := map[string]savedCheckIn{}
	for _, c := range out.CheckIns {
		byDay[c.Day] = c
	}
	return byDay
}

// freshPostgresSchema creates an empty schema in the database at dsn and
// returns a URL that uses it; the schema is dropped at the end of the test.
func freshPostgresSchema(t *testing.T, dsn string) string {
	t.Helper()
	schema := fmt.Sprintf("kill_test_%d", time.Now().UnixNano())
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}
