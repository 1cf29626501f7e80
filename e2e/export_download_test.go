package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// exportFetch is what the browser gets when it follows a download link.
type exportFetch struct {
	Status      int
	Disposition string
	Type        string
	Body        string
}

// A member's account page offers their data as two downloads, JSON and
// FHIR, and passes the accessibility checks on a phone. Each link, followed
// with the browser's own session, returns a file to save (Content-
// Disposition: attachment) holding the member's check-in.
func TestExportDownloadsFromAccountPage(t *testing.T) {
	b, a := memberTab(t, "export")
	b.onboard(localDay(30), nil)
	b.open("/account")
	b.wantText(`main section[aria-labelledby="export-h"] h2`, "Download my data")
	b.checkPage()
	b.wantNoSideways()

	for _, dl := range []struct{ format, file, contentType, wants string }{
		{"json", ".json", "application/json", `"format": "onward-export"`},
		{"fhir", ".fhir.json", "application/fhir+json", `"resourceType": "Bundle"`},
	} {
		link := `main section[aria-labelledby="export-h"] a[href="/api/v1/export?format=` + dl.format + `"]`
		b.wantElement(link)
		if !b.has(link + `[download]`) {
			t.Errorf("the %s link does not carry the download attribute", dl.format)
		}
		got := jsAwait[exportFetch](b, `fetch(document.querySelector(`+jsString(link)+`).href).then(async r => ({
			Status: r.status, Disposition: r.headers.get("Content-Disposition") ?? "", Type: r.headers.get("Content-Type") ?? "",
			Body: await r.text()}))`)
		if got.Status != 200 || !strings.HasPrefix(got.Disposition, `attachment; filename="onward-export-`) ||
			!strings.HasSuffix(got.Disposition, dl.file+`"`) || !strings.HasPrefix(got.Type, dl.contentType) {
			t.Errorf("%s download: status %d, Content-Disposition %q, Content-Type %q; want 200, an attachment named *%s, %s",
				dl.format, got.Status, got.Disposition, got.Type, dl.file, dl.contentType)
		}
		if !strings.Contains(got.Body, dl.wants) || !json.Valid([]byte(got.Body)) {
			t.Errorf("%s download is not the expected JSON: %.300s", dl.format, got.Body)
		}
		if dl.format == "json" && !strings.Contains(got.Body, a.email) {
			t.Errorf("the JSON export does not hold the member's own account (%s)", a.email)
		}
	}
}
