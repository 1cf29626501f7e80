package directory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// locatorExport builds a treatment locator export of n rows shaped like the real one:
// string coordinates, a frid, and a dozen service categories per row.
func locatorExport(n int) []byte {
	services := []map[string]string{
		{"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment; Detoxification"},
		{"f1": "Service Settings (e.g., Outpatient, Residential, Inpatient etc.)", "f2": "SET", "f3": "Outpatient; Intensive outpatient treatment; Outpatient methadone/buprenorphine or naltrexone treatment; Regular outpatient treatment"},
		{"f1": "Type of Opioid Treatment", "f2": "OT", "f3": "Buprenorphine maintenance; Buprenorphine maintenance for predetermined time; Prescribes naltrexone; Relapse prevention with naltrexone"},
		{"f1": "Pharmacotherapies", "f2": "PHR", "f3": "Buprenorphine with naloxone  (Suboxone®); Naltrexone (oral); Extended-release, injectable Naltrexone (Vivitrol®)"},
		{"f1": "Treatment Approaches", "f2": "TAP", "f3": "Anger management; Brief intervention; Cognitive behavioral therapy; Motivational interviewing; Relapse prevention; Trauma-related counseling"},
		{"f1": "Facility Operation (e.g. Private, Public)", "f2": "FOP", "f3": "Private non-profit organization"},
		{"f1": "License/Certification/Accreditation", "f2": "LCA", "f3": "State substance abuse agency; The Joint Commission"},
		{"f1": "Payment/Insurance/Funding Accepted", "f2": "PAY", "f3": "Medicaid; Medicare; Private health insurance; Cash or self-payment; Military insurance (e.g., TRICARE)"},
		{"f1": "Payment Assistance Available", "f2": "PYAS", "f3": "Sliding fee scale (fee is based on income and other factors)"},
		{"f1": "Special Programs/Groups Offered", "f2": "SG", "f3": "Adult women; Adult men; Persons with co-occurring mental and substance use disorders"},
		{"f1": "Age Groups Accepted", "f2": "AGE", "f3": "Adults; Young adults; Seniors"},
		{"f1": "Other Languages", "f2": "OL", "f3": "Spanish; Vietnamese"},
	}
	rows := make([]map[string]any, n)
	for i := range rows {
		rows[i] = map[string]any{
			"_irow": i + 1, "frid": fmt.Sprintf("%064x", i),
			"name1": fmt.Sprintf("Example Treatment Center %d", i), "name2": "Outpatient Services",
			"street1": fmt.Sprintf("%d Example Street", i), "street2": "", "city": "Springfield",
			"state": "IL", "zip": "62701", "phone": "217-555-0100", "typeFacility": "SA",
			"intake1": nil, "hotline1": nil, "website": "http://www.example.org",
			"latitude":  fmt.Sprintf("%.7f", 25+float64(i%2400)/100),
			"longitude": fmt.Sprintf("%.7f", -120+float64(i%5000)/100),
			"miles":     1.5, "services": services,
		}
	}
	data, err := json.MarshalIndent(map[string]any{"page": 1, "totalPages": 1, "recordCount": n, "rows": rows}, "", "  ")
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkParsePrograms reads an export the size of the national locator.
func BenchmarkParsePrograms(b *testing.B) {
	data := locatorExport(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ParsePrograms(bytes.NewReader(data))
		if err != nil || len(res.Rows) != 20000 {
			b.Fatalf("%d rows, error %v, rejected %v", len(res.Rows), err, res.Rejected[:min(3, len(res.Rejected))])
		}
	}
}
