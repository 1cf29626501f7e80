package policy

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func TestDecide(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	member := onward.Principal{UserID: "m1", Role: onward.RoleMember}
	other := onward.Principal{UserID: "m2", Role: onward.RoleMember}
	supporter := onward.Principal{UserID: "s1", Role: onward.RoleSupporter}
	clinician := onward.Principal{UserID: "c1", Role: onward.RoleClinician}
	operator := onward.Principal{UserID: "o1", Role: onward.RoleOperator}
	grant := func(grantee string, mod func(*onward.Grant)) []onward.Grant {
		g := onward.Grant{ID: "g1", SubjectID: "m1", GranteeID: grantee, StartsAt: past,
			Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins}}
		if mod != nil {
			mod(&g)
		}
		return []onward.Grant{g}
	}
	req := func(v onward.Principal, c onward.Category, a onward.Action) onward.AccessRequest {
		return onward.AccessRequest{Viewer: v, SubjectID: "m1", Category: c, Action: a}
	}
	tests := []struct {
		name   string
		req    onward.AccessRequest
		grants []onward.Grant
		allow  bool
		reason string
	}{
		{"VisitorDenied", req(onward.Principal{}, onward.CategoryMilestones, onward.ActionRead), nil, false, ReasonVisitor},
		{"OwnDataRead", req(member, onward.CategoryCheckins, onward.ActionRead), nil, true, ReasonOwnData},
		{"OwnDataWrite", req(member, onward.CategoryCheckins, onward.ActionWrite), nil, true, ReasonOwnData},
		{"OwnJournal", req(member, onward.CategoryJournal, onward.ActionRead), nil, true, ReasonOwnData},
		{"UnknownCategoryDeniedEvenOwn", req(member, "diary", onward.ActionRead), nil, false, ReasonUnknown},
		{"OtherMemberDenied", req(other, onward.CategoryMilestones, onward.ActionRead), nil, false, ReasonNotShared},
		{"SupporterWithoutGrant", req(supporter, onward.CategoryMilestones, onward.ActionRead), nil, false, ReasonNotShared},
		{"SupporterSharedCategory", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", nil), true, ReasonConsent},
		{"SupporterUnsharedCategory", req(supporter, onward.CategoryMedication, onward.ActionRead), grant("s1", nil), false, ReasonNotShared},
		{"SupporterCannotWrite", req(supporter, onward.CategoryCheckins, onward.ActionWrite), grant("s1", nil), false, ReasonReadOnly},
		{"GrantForSomeoneElse", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s2", nil), false, ReasonNotShared},
		{"GrantFromOtherSubject", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.SubjectID = "m9" }), false, ReasonNotShared},
		{"RevokedGrant", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.RevokedAt = &past }), false, ReasonNotShared},
		{"RevokedLaterStillActive", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.RevokedAt = &future }), true, ReasonConsent},
		{"ExpiredGrant", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.ExpiresAt = &now }), false, ReasonNotShared},
		{"NotYetStarted", req(supporter, onward.CategoryMilestones, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.StartsAt = future }), false, ReasonNotShared},
		{"JournalNeverByGrant", req(supporter, onward.CategoryJournal, onward.ActionRead), grant("s1", func(g *onward.Grant) { g.Categories = append(g.Categories, onward.CategoryJournal) }), false, ReasonPrivate},
		{"ClinicianWithoutConsent", req(clinician, onward.CategoryAssessments, onward.ActionRead), nil, false, ReasonNotShared},
		{"ClinicianWithConsent", req(clinician, onward.CategoryCheckins, onward.ActionRead), grant("c1", nil), true, ReasonConsent},
		{"OperatorNoHealthData", req(operator, onward.CategoryCheckins, onward.ActionRead), nil, false, ReasonNotShared},
		{"OperatorReadsAccount", req(operator, onward.CategoryAccount, onward.ActionRead), nil, true, ReasonOperatorAdmin},
		{"OperatorCannotWriteAccount", req(operator, onward.CategoryAccount, onward.ActionWrite), nil, false, ReasonNotShared},
		{"MemberCannotReadOthersAccount", req(other, onward.CategoryAccount, onward.ActionRead), nil, false, ReasonNotShared},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.req, tt.grants, now)
			if d.Allow != tt.allow || d.Reason != tt.reason {
				t.Fatalf("Decide(%+v) = allow %v (%q), want allow %v (%q)", tt.req, d.Allow, d.Reason, tt.allow, tt.reason)
			}
			if d.Allow && d.Reason == ReasonConsent && d.GrantID != "g1" {
				t.Fatalf("consent decision names grant %q, want g1", d.GrantID)
			}
		})
	}
}
