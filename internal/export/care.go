package export

import (
	"time"

	"github.com/onward-recovery/onward/internal/contingency"
	"github.com/onward-recovery/onward/internal/drugtest"
)

// The records a treatment program keeps about the member: drug tests and
// contingency management. They are in the export as the member's own
// copy; an import does not load them (the program that made them is not
// on the other instance), see docs/export.md.

// DrugTest is a drug test a program recorded, or one the member missed.
type DrugTest struct {
	ID          string       `json:"id"`
	ProgramID   string       `json:"program_id"`
	Status      string       `json:"status"` // collected, missed
	Specimen    string       `json:"specimen"`
	Observed    bool         `json:"observed"`
	Setting     string       `json:"setting"`
	CollectedAt time.Time    `json:"collected_at"`
	Results     []TestResult `json:"results"`
	Prescribed  []string     `json:"prescribed"` // null when not known
	ConfirmsID  string       `json:"confirms_id"`
	DisputedAt  *time.Time   `json:"disputed_at"`
	DisputeNote string       `json:"dispute_note"`
	CreatedAt   time.Time    `json:"created_at"`
}

// TestResult is one substance's result; expected is null when the
// member's prescriptions were not known.
type TestResult struct {
	Substance string `json:"substance"`
	Result    string `json:"result"`
	Expected  *bool  `json:"expected"`
}

// DrugTestOf is the document form of a test.
func DrugTestOf(t drugtest.Test) DrugTest {
	out := DrugTest{ID: t.ID, ProgramID: t.ProgramID, Status: t.Status, Specimen: t.Specimen, Observed: t.Observed, Setting: t.Setting,
		CollectedAt: t.CollectedAt.UTC(), Results: []TestResult{}, Prescribed: t.Prescribed, ConfirmsID: t.ConfirmsID,
		DisputedAt: utcPtr(t.DisputedAt), DisputeNote: t.DisputeNote, CreatedAt: t.CreatedAt.UTC()}
	for _, r := range t.Results {
		out.Results = append(out.Results, TestResult{Substance: r.Substance, Result: r.Value, Expected: r.Expected})
	}
	return out
}

// LedgerEntry is one line of the member's contingency-management ledger:
// an amount earned (voucher, bonus, prize) or redeemed, in US cents.
type LedgerEntry struct {
	ID        string    `json:"id"`
	ArmID     string    `json:"arm_id"`
	FunderID  string    `json:"funder_id"`
	Kind      string    `json:"kind"`
	Target    string    `json:"target"`
	DrawID    string    `json:"draw_id"`
	Amount    int64     `json:"amount_cents"`
	Held      int64     `json:"held_by_cap_cents"`
	CapYear   int       `json:"cap_year"`
	Form      string    `json:"form"`
	Item      string    `json:"item"`
	At        time.Time `json:"at"`
	OutcomeID string    `json:"outcome_id"`
}

// LedgerEntryOf is the document form of a ledger entry.
func LedgerEntryOf(e contingency.Entry) LedgerEntry {
	return LedgerEntry{ID: e.ID, ArmID: e.ArmID, FunderID: e.FunderID, Kind: e.Kind, Target: string(e.Target), DrawID: e.DrawID,
		Amount: int64(e.Amount), Held: int64(e.Held), CapYear: e.Year, Form: e.Form, Item: e.Item, At: e.At.UTC(), OutcomeID: e.OutcomeID}
}

// PrizeDraw is a prize draw the member earned and, once drawn, everything
// needed to draw it again and check it: algorithm, seed, bowl and slip.
type PrizeDraw struct {
	ID        string             `json:"id"`
	ArmID     string             `json:"arm_id"`
	EarnedAt  time.Time          `json:"earned_at"`
	DrawnAt   *time.Time         `json:"drawn_at"`
	Algorithm string             `json:"algorithm"`
	Seed      string             `json:"seed"`
	Bowl      []contingency.Tier `json:"bowl"`
	Slip      *int               `json:"slip"`
	Tier      string             `json:"tier"`
	Value     int64              `json:"value_cents"`
}

// PrizeDrawOf is the document form of a draw.
func PrizeDrawOf(d contingency.Draw) PrizeDraw {
	out := PrizeDraw{ID: d.ID, ArmID: d.ArmID, EarnedAt: d.EarnedAt.UTC(), DrawnAt: utcPtr(d.DrawnAt), Algorithm: d.Algorithm, Seed: d.Seed,
		Bowl: d.Bowl, Tier: d.Tier, Value: int64(d.Value)}
	if out.Bowl == nil {
		out.Bowl = []contingency.Tier{}
	}
	if d.DrawnAt != nil {
		slip := d.Slip
		out.Slip = &slip
	}
	return out
}
