package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/sample-bundle.json from sample()")

const sampleBundleFile = "testdata/sample-bundle.json"

// TestFHIRSampleBundleIsCurrent keeps testdata/sample-bundle.json, the
// Bundle of sample(), in step with the code: scripts/fhir/check.sh
// validates that file against HL7's FHIR R4 JSON schema. After a change
// to the Bundle, rewrite it with
// go test ./internal/export -run TestFHIRSampleBundleIsCurrent -update.
func TestFHIRSampleBundleIsCurrent(t *testing.T) {
	got, err := json.MarshalIndent(sample().FHIR("https://onward.example.org/"), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateGolden {
		if err := os.WriteFile(sampleBundleFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(sampleBundleFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not the Bundle the code makes now: rewrite it with -update and run scripts/fhir/check.sh", sampleBundleFile)
	}
}
