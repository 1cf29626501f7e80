package export

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/contingency"
)

// withCare is the sample export with a program's records: a urine screen,
// its confirmation, an oral-fluid test, a breath test and a missed test,
// and a ledger with a draw.
func withCare() *Document {
	d := sample()
	at := time.Date(2026, 11, 19, 15, 0, 0, 0, time.UTC)
	no := false
	d.DrugTests = []DrugTest{
		{ID: "0193a0a0-0000-7000-8000-0000000000c1", ProgramID: "p", Status: "collected", Specimen: "urine", Setting: "point_of_care", CollectedAt: at,
			Results: []TestResult{{Substance: "fentanyl", Result: "negative"}, {Substance: "cocaine", Result: "positive", Expected: &no},
				{Substance: "alcohol", Result: "invalid"}}, DisputedAt: &at, DisputeNote: "poppy seeds"},
		{ID: "0193a0a0-0000-7000-8000-0000000000c2", ProgramID: "p", Status: "collected", Specimen: "urine", Setting: "laboratory", CollectedAt: at,
			ConfirmsID: "0193a0a0-0000-7000-8000-0000000000c1", Results: []TestResult{{Substance: "cocaine", Result: "negative"}}},
		{ID: "0193a0a0-0000-7000-8000-0000000000c3", ProgramID: "p", Status: "collected", Specimen: "oral_fluid", Setting: "point_of_care", CollectedAt: at,
			Results: []TestResult{{Substance: "cocaine", Result: "negative"}}},
		{ID: "0193a0a0-0000-7000-8000-0000000000c4", ProgramID: "p", Status: "collected", Specimen: "breath", Setting: "point_of_care", CollectedAt: at,
			Results: []TestResult{{Substance: "alcohol", Result: "negative"}}},
		{ID: "0193a0a0-0000-7000-8000-0000000000c5", ProgramID: "p", Status: "missed", CollectedAt: at, Results: []TestResult{}},
	}
	slip := 3
	d.ContingencyLedger = []LedgerEntry{{ID: "l1", ArmID: "a", FunderID: "f", Kind: "voucher", Target: "negative_test", Amount: 250, CapYear: 2026, At: at}}
	d.PrizeDraws = []PrizeDraw{{ID: "d1", ArmID: "a", EarnedAt: at, DrawnAt: &at, Algorithm: "sha256-ctr-v1", Seed: "00", Bowl: contingency.PetryBowl,
		Slip: &slip, Tier: "none"}}
	return d
}

func TestDrugTestsInFHIR(t *testing.T) {
	var bundle struct {
		Entry []struct {
			FullURL  string         `json:"fullUrl"`
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	raw := marshal(t, withCare().FHIR("https://onward.example.org"))
	if err := json.Unmarshal(raw, &bundle); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var labs []map[string]any
	for _, e := range bundle.Entry {
		id, _ := e.Resource["id"].(string)
		if !fhirID.MatchString(id) || e.FullURL != "urn:uuid:"+id || seen[id] || len(id) != 36 {
			t.Fatalf("entry %s: id %q is not a unique UUID named by its fullUrl", e.FullURL, id)
		}
		seen[id] = true
		if strings.Contains(string(marshal(t, e.Resource["category"])), `"laboratory"`) {
			labs = append(labs, e.Resource)
		}
	}
	if len(labs) != 7 {
		t.Fatalf("%d laboratory observations, want 3 + 1 + 1 + 1 results and 1 missed test", len(labs))
	}
	for _, o := range labs {
		_, value := o["valueCodeableConcept"]
		_, absent := o["dataAbsentReason"]
		if value == absent || o["subject"] == nil || !fhirDateTime.MatchString(o["effectiveDateTime"].(string)) {
			t.Errorf("observation %s: a value or a reason for none (exactly one), a subject and a time: %v", o["id"], o)
		}
	}
	b := string(raw)
	for _, want := range []string{
		`"system":"http://loinc.org","code":"59673-4","display":"fentaNYL [Presence] in Urine by Screen method"`,
		`"system":"http://loinc.org","code":"19359-9"`, // cocaine, screen
		`"system":"http://loinc.org","code":"19360-7"`, // cocaine, the confirmation
		`"system":"https://onward.example.org/fhir/CodeSystem/drug-test","code":"alcohol-urine"`,
		`"system":"https://onward.example.org/fhir/CodeSystem/drug-test","code":"cocaine-oral_fluid"`,
		`"system":"https://onward.example.org/fhir/CodeSystem/drug-test","code":"alcohol-breath"`,
		`"system":"https://onward.example.org/fhir/CodeSystem/drug-test","code":"missed"`,
		`"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260373001","display":"Detected"}]}`,
		`"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260415000","display":"Not detected"}]}`,
		`"code":"error"`, `"status":"cancelled"`, `"code":"not-performed"`,
		`Disputed by the member on 2026-11-19T15:00:00Z: poppy seeds`,
		`Not expected given what the member is prescribed.`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
	if again := string(marshal(t, withCare().FHIR("https://onward.example.org"))); again != b {
		t.Error("the same export gave other observation ids")
	}
}

func TestCareRecordsRoundTripTheParser(t *testing.T) {
	d, err := Parse(marshal(t, withCare()), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.DrugTests) != 5 || len(d.ContingencyLedger) != 1 || *d.PrizeDraws[0].Slip != 3 {
		t.Fatalf("parsed %d tests, %d ledger entries, draws %+v", len(d.DrugTests), len(d.ContingencyLedger), d.PrizeDraws)
	}
}
