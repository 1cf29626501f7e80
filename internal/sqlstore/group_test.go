package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/onward-recovery/onward"
)

// TestConcurrentWritesSucceedOrFailAlone submits many writes at once, some
// of which fail, and checks each gets its own outcome: grouped commits must
// never let one caller's failure undo another's write.
func TestConcurrentWritesSucceedOrFailAlone(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	const n = 60
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			email := fmt.Sprintf("user%d@example.com", i)
			if i%3 == 0 {
				email = "same@example.com" // only one of these can win
			}
			errs[i] = s.Write(ctx, func(tx *Tx) error {
				u := &onward.User{Email: email, DisplayName: "U", Role: onward.RoleMember, Locale: "en", TimeZone: "UTC"}
				if err := tx.CreateUser(ctx, u, "h"); err != nil {
					return err
				}
				if i%7 == 0 {
					return errors.New("caller gave up after writing") // undone alone
				}
				return nil
			})
		}(i)
	}
	wg.Wait()
	wantUsers := 0
	conflicts := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wantUsers++
		case onward.ErrorCode(err) == onward.ECONFLICT:
			conflicts++
		case i%7 == 0:
		default:
			t.Fatalf("write %d: unexpected error %v", i, err)
		}
	}
	got, _ := s.CountUsers(ctx)
	if got != wantUsers {
		t.Fatalf("%d users exist, but %d writes reported success", got, wantUsers)
	}
	if conflicts == 0 {
		t.Fatal("no duplicate email was refused")
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain after grouped writes: %v", err)
	}
}

func TestWriteWithCancelledContextDoesNothing(t *testing.T) {
	s, _ := openTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := s.Write(ctx, func(*Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("Write with a cancelled context: err %v, ran %v", err, ran)
	}
}

func TestWriteAfterCloseFails(t *testing.T) {
	s, _ := openTestStore(t)
	s.Close()
	if err := s.Write(context.Background(), func(*Tx) error { return nil }); err == nil {
		t.Fatal("Write after Close succeeded")
	}
}
