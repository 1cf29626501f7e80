package sqlstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

// invite stores an invitation from member and returns its code hash.
func invite(t *testing.T, s *Store, member *onward.User, code string, cats ...onward.Category) string {
	t.Helper()
	inv := &Invitation{MemberID: member.ID, Relationship: "family", Categories: cats}
	if err := s.Write(context.Background(), func(tx *Tx) error { return tx.CreateInvitation(context.Background(), inv, code) }); err != nil {
		t.Fatalf("create invitation: %v", err)
	}
	return code
}

func accept(s *Store, codeHash, supporterID string) error {
	return s.Write(context.Background(), func(tx *Tx) error {
		_, err := tx.AcceptInvitation(context.Background(), codeHash, supporterID)
		return err
	})
}

// canRead asks the policy, through the store, whether viewer may read
// subject's category now.
func canRead(s *Store, viewer *onward.User, subjectID string, c onward.Category) bool {
	err := s.ReadAccess(context.Background(), onward.Principal{UserID: viewer.ID, Role: viewer.Role}, subjectID,
		[]onward.Category{c}, func(*Reader) error { return nil })
	return err == nil
}

func TestSupportInvitationLifecycle(t *testing.T) {
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
		wantCode(t, accept(s, code, supporter.ID), onward.ECONFLICT)
	})
	t.Run("ChangeSharingKeepsTheOldConsentOnRecord", func(t *testing.T) {
		err := s.Write(ctx, func(tx *Tx) error {
			return tx.ChangeSharing(ctx, member.ID, supporter.ID, []onward.Category{onward.CategoryCheckins}, true)
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
		if !consents[0].CheckinsDetail || consents[0].Relationship != "family" || consents[0].Purpose != SupportPurpose {
			t.Errorf("the new consent lost its details: %+v", consents[0])
		}
	})
	t.Run("EndSupportRevokesEverything", func(t *testing.T) {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.EndSupport(ctx, member.ID, supporter.ID) }); err != nil {
			t.Fatalf("end support: %v", err)
		}
		if canRead(s, supporter, member.ID, onward.CategoryCheckins) {
			t.Error("the supporter still reads check-ins after support ended")
		}
		wantCode(t, s.Write(ctx, func(tx *Tx) error { return tx.EndSupport(ctx, member.ID, supporter.ID) }), onward.ENOTFOUND)
	})
	t.Run("OwnInvitationIsRefused", func(t *testing.T) {
		wantCode(t, accept(s, invite(t, s, member, "hash-own"), member.ID), onward.EINVALID)
	})
	t.Run("WithdrawnInvitationFails", func(t *testing.T) {
		code := invite(t, s, member, "hash-w")
		pending, err := s.PendingInvitations(ctx, member.ID)
		if err != nil || !slices.ContainsFunc(pending, func(i Invitation) bool { return i.Email == "" && i.ExpiresAt.After(clock.now()) }) {
			t.Fatalf("pending invitations: %v %+v", err, pending)
		}
		inv, err := s.InvitationByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(ctx, func(tx *Tx) error { return tx.WithdrawInvitation(ctx, member.ID, inv.ID) }); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		wantCode(t, accept(s, code, supporter.ID), onward.ECONFLICT)
	})
	t.Run("ExpiredInvitationFails", func(t *testing.T) {
		code := invite(t, s, member, "hash-x")
		clock.advance(InvitationLifetime + time.Second)
		wantCode(t, accept(s, code, supporter.ID), onward.ECONFLICT)
	})
	t.Run("UnknownCodeIsNotFound", func(t *testing.T) {
		wantCode(t, accept(s, "no-such-hash", supporter.ID), onward.ENOTFOUND)
	})
}

func TestSupportSharingValidation(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	member := createUser(t, s, "member@example.com", onward.RoleMember)
	cases := []struct {
		name   string
		inv    Invitation
		reason string
	}{
		{"ErrJournal", Invitation{Relationship: "friend", Categories: []onward.Category{onward.CategoryJournal}}, "share"},
		{"ErrUnknownCategory", Invitation{Relationship: "friend", Categories: []onward.Category{"diary"}}, "share"},
		{"ErrDetailWithoutCheckins", Invitation{Relationship: "friend", CheckinsDetail: true}, "share"},
		{"ErrRelationship", Invitation{Relationship: "boss"}, "relationship"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.inv.MemberID = member.ID
			err := s.Write(ctx, func(tx *Tx) error { return tx.CreateInvitation(ctx, &tc.inv, "hash-"+tc.name) })
			wantCode(t, err, onward.EINVALID)
			if e, _ := err.(*onward.Error); e == nil || e.Fields[tc.reason].ID == "" {
				t.Errorf("want a message for %q, got %v", tc.reason, err)
			}
			pending, _ := s.PendingInvitations(ctx, member.ID)
			if len(pending) != 0 {
				t.Errorf("a refused invitation was stored: %+v", pending)
			}
		})
	}
}
