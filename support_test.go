package onward

import (
	"strings"
	"testing"
	"time"
)

func TestInvitationValidation(t *testing.T) {
	cases := []struct {
		name  string
		inv   Invitation
		field string // "" when valid
	}{
		{"CopiedLink", Invitation{Relationship: "friend", Categories: []Category{CategoryMilestones}}, ""},
		{"ByEmail", Invitation{Email: " Sam@Example.com ", Relationship: "family"}, ""},
		{"ErrEmail", Invitation{Email: "not-an-email", Relationship: "friend"}, "email"},
		{"ErrJournal", Invitation{Relationship: "friend", Categories: []Category{CategoryJournal}}, "share"},
		{"ErrUnknownCategory", Invitation{Relationship: "friend", Categories: []Category{"diary"}}, "share"},
		{"ErrDetailWithoutCheckins", Invitation{Relationship: "friend", CheckinsDetail: true}, "share"},
		{"ErrRelationship", Invitation{Relationship: "boss"}, "relationship"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.inv.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Fields[tc.field].ID == "" {
				t.Fatalf("Validate = %v, want a message for %q", err, tc.field)
			}
		})
	}
	t.Run("EmailIsNormalised", func(t *testing.T) {
		inv := Invitation{Email: " Sam@Example.com ", Relationship: "family"}
		if inv.Validate(); inv.Email != "sam@example.com" {
			t.Fatalf("email %q", inv.Email)
		}
	})
}

func TestInvitationUsable(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	used, withdrawn := now.Add(-time.Hour), now.Add(-time.Minute)
	fresh := Invitation{MemberID: "ana", ExpiresAt: now.Add(InvitationLifetime)}
	cases := []struct {
		name      string
		change    func(*Invitation)
		supporter string
		want      string // message id, "" when usable
	}{
		{"Usable", func(*Invitation) {}, "sam", ""},
		{"UsableByAVisitorSoFar", func(*Invitation) {}, "", ""},
		{"Own", func(*Invitation) {}, "ana", "support.this_is_your_own_invitation_send_the"},
		{"Used", func(i *Invitation) { i.UsedAt = &used }, "sam", "support.this_invitation_has_already_been_used"},
		{"Withdrawn", func(i *Invitation) { i.WithdrawnAt = &withdrawn }, "sam", "support.this_invitation_was_withdrawn_and_no"},
		{"Expired", func(i *Invitation) { i.ExpiresAt = now }, "sam", "support.this_invitation_has_expired_invitations"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := fresh
			tc.change(&inv)
			err := inv.Usable(now, tc.supporter)
			if got := ""; err != nil {
				got = err.(*Error).Message
				if got != tc.want {
					t.Fatalf("Usable = %q, want %q", got, tc.want)
				}
			} else if tc.want != "" {
				t.Fatalf("Usable = nil, want %q", tc.want)
			}
		})
	}
}

func TestParseSharing(t *testing.T) {
	cases := []struct {
		name   string
		names  []string
		detail bool
		want   []Category
		err    bool
	}{
		{"TrimmedWithoutDuplicates", []string{" checkins", "milestones", "checkins "}, true, []Category{CategoryCheckins, CategoryMilestones}, false},
		{"Nothing", nil, false, nil, false},
		{"ErrJournal", []string{"journal"}, false, nil, true},
		{"ErrUnknown", []string{"diary"}, false, nil, true},
		{"ErrDetailAlone", []string{"milestones"}, true, nil, true},
		{"ErrTooMany", strings.Split(strings.Repeat("milestones,", 17), ","), false, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSharing(tc.names, tc.detail)
			if (err != nil) != tc.err {
				t.Fatalf("ParseSharing error = %v, want error %v", err, tc.err)
			}
			if !tc.err && (len(got.Categories) != len(tc.want) || got.CheckinsDetail != tc.detail) {
				t.Fatalf("ParseSharing = %+v, want %v", got, tc.want)
			}
			for i := range tc.want {
				if got.Categories[i] != tc.want[i] {
					t.Fatalf("ParseSharing = %+v, want %v", got, tc.want)
				}
			}
		})
	}
}
