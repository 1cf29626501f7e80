package sqlstore

import (
	"context"
	"errors"
	"testing"

	"github.com/onward-recovery/onward"
)

// TestAStatementSentLaterFailsItsWrite: a statement run by execLater goes
// to PostgreSQL with a later one, or with the COMMIT. When it fails, or
// its count of rows is refused, the write must fail and keep nothing, even
// when nothing in the write looked at it: a COMMIT sent with a refused
// count would keep the write.
func TestAStatementSentLaterFailsItsWrite(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	errRefused := errors.New("refused count")
	cases := []struct {
		name    string
		last    func(tx *Tx, u *onward.User) error
		wantErr func(error) bool
	}{
		{"AFailedStatement", func(tx *Tx, u *onward.User) error {
			return tx.execLater(ctx, outcome{}, "UPDATE users SET email = NULL WHERE id = ?", u.ID)
		}, func(err error) bool { return err != nil }},
		{"ARefusedCount", func(tx *Tx, _ *onward.User) error {
			return tx.execLater(ctx, outcome{rows: func(n int64) error {
				if n == 0 {
					return errRefused
				}
				return nil
			}}, "UPDATE users SET display_name = display_name WHERE id = ?", "nobody")
		}, func(err error) bool { return errors.Is(err, errRefused) }},
		{"AFailedStatementBeforeARead", func(tx *Tx, u *onward.User) error {
			if err := tx.execLater(ctx, outcome{}, "UPDATE users SET email = NULL WHERE id = ?", u.ID); err != nil {
				return err
			}
			var name string
			if err := tx.queryRow(ctx, "SELECT display_name FROM users WHERE id = ?", u.ID).Scan(&name); err == nil {
				t.Error("the read after a failed statement answered")
			}
			return nil // the write does not pass the error on: it must fail all the same
		}, func(err error) bool { return err != nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := createUser(t, s, c.name+"@example.com", onward.RoleMember)
			err := s.Write(ctx, func(tx *Tx) error {
				if err := tx.execLater(ctx, outcome{}, "UPDATE users SET display_name = ? WHERE id = ?", "changed", u.ID); err != nil {
					return err
				}
				return c.last(tx, u)
			})
			if !c.wantErr(err) {
				t.Fatalf("write returned %v", err)
			}
			var name string
			if err := s.db.QueryRowContext(ctx, s.dialect.rebind("SELECT display_name FROM users WHERE id = ?"), u.ID).Scan(&name); err != nil || name != "Test" {
				t.Fatalf("display name %q, %v: the failed write was kept", name, err)
			}
		})
	}
}
