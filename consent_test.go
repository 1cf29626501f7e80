package onward

import (
	"testing"
	"time"
)

func goodProgramConsent() *ProgramConsent {
	return &ProgramConsent{MemberID: "m", ProgramID: "0190f5c2-0000-7000-8000-000000000001", Categories: []Category{CategoryMilestones},
		Purpose: PurposeTreatment, PatientName: "Hal Jordan", Signature: "hal  JORDAN", UntilEndOfTreatment: true}
}

func TestProgramConsentValidation(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(24*time.Hour)
	cases := []struct {
		name       string
		change     func(*ProgramConsent)
		understood bool
		field      string
	}{
		{"NoProgram", func(c *ProgramConsent) { c.ProgramID = "" }, true, "program"},
		{"ProgramNotAnID", func(c *ProgramConsent) { c.ProgramID = "'; DROP TABLE programs; --" }, true, "program"},
		{"NothingShared", func(c *ProgramConsent) { c.Categories = nil }, true, "share"},
		{"JournalNeverShared", func(c *ProgramConsent) { c.Categories = []Category{CategoryJournal} }, true, "share"},
		{"UnknownPurpose", func(c *ProgramConsent) { c.Purpose = "marketing" }, true, "purpose"},
		{"NoPatientName", func(c *ProgramConsent) { c.PatientName = "  " }, true, "patient_name"},
		{"NoSignature", func(c *ProgramConsent) { c.Signature = "" }, true, "signature"},
		{"SignatureDiffers", func(c *ProgramConsent) { c.Signature = "Someone Else" }, true, "signature"},
		{"RevocationNotAcknowledged", func(*ProgramConsent) {}, false, "revocation"},
		{"NoExpiry", func(c *ProgramConsent) { c.UntilEndOfTreatment = false }, true, "expiry"},
		{"EndOfTreatmentNeedsTreatmentPurpose", func(c *ProgramConsent) { c.Purpose = PurposeRequest }, true, "expiry"},
		{"ExpiryInThePast", func(c *ProgramConsent) { c.UntilEndOfTreatment, c.ExpiresAt = false, &past }, true, "expiry"},
		{"DateAndEventTogether", func(c *ProgramConsent) { c.ExpiresAt = &future }, true, "expiry"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := goodProgramConsent()
			tc.change(c)
			err := c.Validate(tc.understood, now)
			e, ok := err.(*Error)
			if !ok || e.Fields[tc.field].ID == "" {
				t.Fatalf("Validate = %v, want an error on %q", err, tc.field)
			}
		})
	}
	t.Run("GoodConsentWithADate", func(t *testing.T) {
		c := goodProgramConsent()
		c.Purpose, c.UntilEndOfTreatment, c.ExpiresAt = PurposeTPO, false, &future
		if err := c.Validate(true, now); err != nil {
			t.Fatal(err)
		}
	})
}
