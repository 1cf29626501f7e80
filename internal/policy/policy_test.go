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
		{"ClinicianRecordsCareUnderProgramConsent", req(clinician, onward.CategoryAssessments, onward.ActionWrite),
			grant("c1", func(g *onward.Grant) { g.ProgramID, g.Categories = "p1", []onward.Category{onward.CategoryAssessments} }), true, ReasonCareRecord},
		{"ClinicianCannotWriteCheckins", req(clinician, onward.CategoryCheckins, onward.ActionWrite),
			grant("c1", func(g *onward.Grant) { g.ProgramID = "p1" }), false, ReasonReadOnly},
		{"ClinicianCannotRecordWithoutThatCategory", req(clinician, onward.CategoryTests, onward.ActionWrite),
			grant("c1", func(g *onward.Grant) { g.ProgramID, g.Categories = "p1", []onward.Category{onward.CategoryAssessments} }), false, ReasonReadOnly},
		{"ClinicianCannotRecordAfterRevocation", req(clinician, onward.CategoryAssessments, onward.ActionWrite),
			grant("c1", func(g *onward.Grant) {
				g.ProgramID, g.Categories, g.RevokedAt = "p1", []onward.Category{onward.CategoryAssessments}, &past
			}), false, ReasonReadOnly},
		{"SupporterCannotRecordCareEvenWithGrant", req(supporter, onward.CategoryAssessments, onward.ActionWrite),
			grant("s1", func(g *onward.Grant) { g.Categories = []onward.Category{onward.CategoryAssessments} }), false, ReasonReadOnly},
		{"PersonalGrantToClinicianIsNotACareConsent", req(clinician, onward.CategoryAssessments, onward.ActionWrite),
			grant("c1", func(g *onward.Grant) { g.Categories = []onward.Category{onward.CategoryAssessments} }), false, ReasonReadOnly},
		{"OperatorNoHealthData", req(operator, onward.CategoryCheckins, onward.ActionRead), nil, false, ReasonNotShared},
		{"OperatorReadsAccount", req(operator, onward.CategoryAccount, onward.ActionRead), nil, true, ReasonOperatorAdmin},
		{"OperatorCannotWriteAccount", req(operator, onward.CategoryAccount, onward.ActionWrite), nil, false, ReasonNotShared},
		{"MemberCannotReadOthersAccount", req(other, onward.CategoryAccount, onward.ActionRead), nil, false, ReasonNotShared},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(Request{Viewer: tt.req.Viewer, SubjectID: tt.req.SubjectID, Action: tt.req.Action,
				Categories: []onward.Category{tt.req.Category}}, tt.grants, now)
			o := d.Outcomes()[0]
			if o.Allow != tt.allow || o.Reason != tt.reason || d.Allows(tt.req.Category) != tt.allow || d.All() != tt.allow {
				t.Fatalf("Decide(%+v) = allow %v (%q), want allow %v (%q)", tt.req, o.Allow, o.Reason, tt.allow, tt.reason)
			}
			if o.Allow && o.Reason == ReasonConsent && o.GrantID != "g1" {
				t.Fatalf("consent decision names grant %q, want g1", o.GrantID)
			}
		})
	}
}

// TestDecideEachCategoryOnItsOwn: a request for several categories is
// answered one by one, so what is shared is allowed and what is not is
// refused, each with its own reason; a category asked twice counts once.
func TestDecideEachCategoryOnItsOwn(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	supporter := onward.Principal{UserID: "s1", Role: onward.RoleSupporter}
	grants := []onward.Grant{{ID: "g1", SubjectID: "m1", GranteeID: "s1", StartsAt: now.Add(-time.Hour),
		Categories: []onward.Category{onward.CategoryMilestones}}}
	d := Decide(Request{Viewer: supporter, SubjectID: "m1", Action: onward.ActionRead,
		Categories: []onward.Category{onward.CategoryMilestones, onward.CategoryCheckins, onward.CategoryMilestones}}, grants, now)
	if got := d.Outcomes(); len(got) != 2 || !got[0].Allow || got[1].Allow || got[1].Reason != ReasonNotShared {
		t.Fatalf("outcomes %+v, want milestones allowed and check-ins refused", got)
	}
	if d.All() || !d.Allows(onward.CategoryMilestones) || d.Allows(onward.CategoryCheckins) || d.Own() {
		t.Fatalf("decision summary wrong: %+v", d)
	}
	if own := Decide(Request{Viewer: onward.Principal{UserID: "m1", Role: onward.RoleMember}, SubjectID: "m1",
		Action: onward.ActionRead, Categories: []onward.Category{onward.CategoryJournal}}, nil, now); !own.Own() || !own.All() {
		t.Fatalf("own journal: %+v", own)
	}
	if empty := Decide(Request{Viewer: supporter, SubjectID: "m1", Action: onward.ActionRead}, grants, now); empty.All() {
		t.Fatal("a decision about no category allows everything")
	}
}
