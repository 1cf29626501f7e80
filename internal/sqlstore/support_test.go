package sqlstore

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// invite stores an invitation from member and returns its code hash.
func invite(t *testing.T, s *Store, member *onward.User, code string, cats ...onward.Category) string {
	t.Helper()
	inv := &onward.Invitation{MemberID: member.ID, Relationship: "family", Categories: cats}
	if err := s.Write(context.Background(), func(tx *Tx) error { return tx.CreateInvitation(context.Background(), inv, code) }); err != nil {
		t.Fatalf("create invitation: %v", err)
	}
	return code
}

// accept uses the invitation for supporterID as internal/app does: once,
// replacing any sharing in force with the invitation's.
func accept(s *Store, codeHash, supporterID string) error {
	ctx := context.Background()
	return s.Write(ctx, func(tx *Tx) error {
		inv, err := tx.InvitationByCode(ctx, codeHash)
		if err != nil {
			return err
		}
		if err := tx.UseInvitation(ctx, inv.ID, supporterID); err != nil {
			return err
		}
		if _, err := tx.EndSharing(ctx, inv.MemberID, supporterID); err != nil {
			return err
		}
		return tx.GrantSupport(ctx, inv.MemberID, supporterID, inv.Relationship, onward.Sharing{Categories: inv.Categories})
	})
}

// canRead asks the policy, through the store, whether viewer may read
// subject's category now.
func canRead(s *Store, viewer *onward.User, subjectID string, c onward.Category) bool {
	err := s.ReadAccess(context.Background(), onward.Principal{UserID: viewer.ID, Role: viewer.Role}, subjectID,
		[]onward.Category{c}, func(*Reader) error { return nil })
	return err == nil
}

func TestSupportInvitationRows(t *testing.T) {
	s, clock := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "member@example.com", onward.RoleMember)
	supporter := createUser(t, s, "supporter@example.com", onward.RoleSupporter)

	t.Run("AcceptGrantsOnlyTheChosenCategories", func(t *testing.T) {
		code := invite(t, s, member, "hash-a", onward.CategoryMilestones)
		if err := accept(s, code, supporter.ID); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if !canRead(s, supporter, member.ID, onward.CategoryMilestones) {
			t.Error("the supporter cannot read the milestones that were shared")
		}
		if canRead(s, supporter, member.ID, onward.CategoryCheckins) {
			t.Error("the supporter can read check-ins that were not shared")
		}
		inv, err := s.InvitationByCode(ctx, code)
		if err != nil || inv.UsedAt == nil || inv.MemberName != "Test" {
			t.Fatalf("InvitationByCode after use = %+v, %v", inv, err)
		}
		wantCode(t, accept(s, code, supporter.ID), onward.ECONFLICT)
	})
	t.Run("NewConsentKeepsTheOldOnRecord", func(t *testing.T) {
		err := s.Write(ctx, func(tx *Tx) error {
			if _, err := tx.EndSharing(ctx, member.ID, supporter.ID); err != nil {
				return err
			}
			return tx.GrantSupport(ctx, member.ID, supporter.ID, "family",
				onward.Sharing{Categories: []onward.Category{onward.CategoryCheckins}, CheckinsDetail: true})
		})
		if err != nil {
			t.Fatalf("change sharing: %v", err)
		}
		if canRead(s, supporter, member.ID, onward.CategoryMilestones) || !canRead(s, supporter, member.ID, onward.CategoryCheckins) {
			t.Error("changed sharing did not take effect at once")
		}
		consents, err := s.Consents(ctx, member.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(consents) != 2 || consents[0].Grant.RevokedAt != nil || consents[1].Grant.RevokedAt == nil {
			t.Fatalf("want the new consent in force and the old one revoked, got %+v", consents)
		}
		if !consents[0].CheckinsDetail || consents[0].Relationship != "family" || consents[0].Purpose != onward.SupportPurpose {
			t.Errorf("the new consent lost its details: %+v", consents[0])
		}
		between, err := s.ConsentsBetween(ctx, member.ID, supporter.ID)
		if err != nil || len(between) != 2 || between[0].SubjectName != "Test" {
			t.Fatalf("ConsentsBetween = %+v, %v", between, err)
		}
		to, err := s.ConsentsTo(ctx, supporter.ID)
		if err != nil || len(to) != 2 {
			t.Fatalf("ConsentsTo = %+v, %v", to, err)
		}
	})
	t.Run("EndSharingRevokesEverything", func(t *testing.T) {
		var n int
		if err := s.Write(ctx, func(tx *Tx) (err error) { n, err = tx.EndSharing(ctx, member.ID, supporter.ID); return err }); err != nil || n != 1 {
			t.Fatalf("end sharing: %d, %v", n, err)
		}
		if canRead(s, supporter, member.ID, onward.CategoryCheckins) {
			t.Error("the supporter still reads check-ins after support ended")
		}
		if err := s.Write(ctx, func(tx *Tx) (err error) { n, err = tx.EndSharing(ctx, member.ID, supporter.ID); return err }); err != nil || n != 0 {
			t.Fatalf("ending again: %d, %v; want nothing to end", n, err)
		}
	})
	t.Run("PendingAndWithdrawn", func(t *testing.T) {
		code := invite(t, s, member, "hash-w")
		pending, err := s.PendingInvitations(ctx, member.ID)
		if err != nil || !slices.ContainsFunc(pending, func(i onward.Invitation) bool { return i.Email == "" && i.ExpiresAt.After(clock.now()) }) {
			t.Fatalf("pending invitations: %v %+v", err, pending)
		}
		inv, err := s.InvitationByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(ctx, func(tx *Tx) error { return tx.WithdrawInvitation(ctx, member.ID, inv.ID) }); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		wantCode(t, s.Write(ctx, func(tx *Tx) error { return tx.WithdrawInvitation(ctx, member.ID, inv.ID) }), onward.ENOTFOUND)
		wantCode(t, accept(s, code, supporter.ID), onward.ECONFLICT)
		if inv, _ = s.InvitationByCode(ctx, code); inv.WithdrawnAt == nil {
			t.Error("the withdrawn invitation has no withdrawal time")
		}
	})
	t.Run("ExpiredInvitationsAreNotPending", func(t *testing.T) {
		invite(t, s, member, "hash-x")
		clock.advance(onward.InvitationLifetime + time.Second)
		pending, err := s.PendingInvitations(ctx, member.ID)
		if err != nil || len(pending) != 0 {
			t.Fatalf("pending after expiry: %+v, %v", pending, err)
		}
	})
	t.Run("UnknownCodeIsNotFound", func(t *testing.T) {
		wantCode(t, accept(s, "no-such-hash", supporter.ID), onward.ENOTFOUND)
		_, err := s.InvitationByCode(ctx, "no-such-hash")
		wantCode(t, err, onward.ENOTFOUND)
	})
}

// TestInvitationEmailsCountUnderParallelWrites counts the invitations sent
// by email while others are being made in parallel: each count sees every
// invitation committed before it, so a limit checked with it holds.
func TestInvitationEmailsCountUnderParallelWrites(t *testing.T) {
	s, clock := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "member@example.com", onward.RoleMember)
	const limit, tries = 3, 12
	var wg sync.WaitGroup
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Write(ctx, func(tx *Tx) error {
				n, err := tx.InvitationEmailsSince(ctx, member.ID, tx.Now.Add(-time.Hour))
				if err != nil || n >= limit {
					return err
				}
				inv := &onward.Invitation{MemberID: member.ID, Email: "x@example.com", Relationship: "friend"}
				return tx.CreateInvitation(ctx, inv, "hash-"+string(rune('a'+i)))
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if made, err := s.PendingInvitations(ctx, member.ID); err != nil || len(made) != limit {
		t.Fatalf("%d invitations were made with a limit of %d (%v)", len(made), limit, err)
	}
	// Copied links do not count, nor do invitations older than the window.
	invite(t, s, member, "hash-copied")
	clock.advance(2 * time.Hour)
	err := s.Write(ctx, func(tx *Tx) error {
		n, err := tx.InvitationEmailsSince(ctx, member.ID, tx.Now.Add(-time.Hour))
		if err == nil && n != 0 {
			t.Errorf("count after the window = %d, want 0", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
