package app

import (
	"testing"
	"time"

	"github.com/onward-recovery/onward"
)

func TestGroupAccesses(t *testing.T) {
	at := time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	entry := func(minutesAgo int, who string, c onward.Category, allowed bool) onward.AuditEntry {
		reason := "shared by consent"
		if !allowed {
			reason = "not shared"
		}
		return onward.AuditEntry{At: at.Add(-time.Duration(minutesAgo) * time.Minute), ActorID: who, Category: c,
			Action: "read", Allowed: allowed, Reason: reason}
	}
	type line struct {
		who      string
		category onward.Category
		allowed  bool
		count    int
		first    int // minutes ago
		last     int
	}
	tests := []struct {
		name    string
		entries []onward.AuditEntry // newest first
		want    []line
	}{
		{"Empty", nil, nil},
		{"RepeatedViewsAreOneLine", []onward.AuditEntry{
			entry(0, "sam", onward.CategoryCheckins, true), entry(2, "sam", onward.CategoryCheckins, true), entry(4, "sam", onward.CategoryCheckins, true),
		}, []line{{"sam", onward.CategoryCheckins, true, 3, 4, 0}}},
		{"AViewLaterIsANewLine", []onward.AuditEntry{
			entry(0, "sam", onward.CategoryCheckins, true), entry(3, "sam", onward.CategoryCheckins, true), entry(9, "sam", onward.CategoryCheckins, true),
		}, []line{{"sam", onward.CategoryCheckins, true, 2, 3, 0}, {"sam", onward.CategoryCheckins, true, 1, 9, 9}}},
		{"InterleavedCategoriesOfOnePageView", []onward.AuditEntry{
			entry(0, "sam", onward.CategoryMilestones, true), entry(0, "sam", onward.CategoryCheckins, true),
			entry(1, "sam", onward.CategoryMilestones, true), entry(1, "sam", onward.CategoryCheckins, true),
		}, []line{{"sam", onward.CategoryMilestones, true, 2, 1, 0}, {"sam", onward.CategoryCheckins, true, 2, 1, 0}}},
		{"RefusalsStayApartFromViews", []onward.AuditEntry{
			entry(0, "sam", onward.CategoryMedication, false), entry(1, "sam", onward.CategoryMedication, true), entry(2, "sam", onward.CategoryMedication, false),
		}, []line{{"sam", onward.CategoryMedication, false, 2, 2, 0}, {"sam", onward.CategoryMedication, true, 1, 1, 1}}},
		{"OtherPeopleStayApart", []onward.AuditEntry{
			entry(0, "sam", onward.CategoryCheckins, true), entry(0, "lee", onward.CategoryCheckins, true), entry(1, "", onward.CategoryCheckins, false),
		}, []line{{"sam", onward.CategoryCheckins, true, 1, 0, 0}, {"lee", onward.CategoryCheckins, true, 1, 0, 0}, {"", onward.CategoryCheckins, false, 1, 1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupAccesses(tt.entries, 5*time.Minute)
			if len(got) != len(tt.want) {
				t.Fatalf("%d lines, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.WhoID != w.who || g.Category != w.category || g.Allowed != w.allowed || g.Count != w.count ||
					!g.First.Equal(at.Add(-time.Duration(w.first)*time.Minute)) || !g.Last.Equal(at.Add(-time.Duration(w.last)*time.Minute)) {
					t.Errorf("line %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
