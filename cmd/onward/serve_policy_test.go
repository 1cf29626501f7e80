package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/auth"
)

// TestServeAppliesTheStateTakeHomePolicy: the state's methadone take-home
// policy given to serve is the one a clinician's ceiling reads. (serve
// once built its use cases without it, so only servers made in tests
// applied a state policy.)
func TestServeAppliesTheStateTakeHomePolicy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "onward.db")
	base, stdout, stop := startServe(t, db, "--demo", "--take-home-policy", "0:1")
	defer stop()

	m := regexp.MustCompile(`dr\.lee@demo\.onward[^\n]*\n\s+two-step sign-in key for your authenticator app: ([A-Z2-7]+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("serve printed no two-step key for dr.lee:\n%s", stdout.String())
	}
	code, err := auth.TOTPCode(m[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		Token string `json:"token"`
	}
	call(t, "", "POST", base+"/api/v1/auth/tokens", map[string]string{"email": "dr.lee@demo.onward", "password": "onward-demo-password",
		"totp": code, "name": "policy test"}, http.StatusCreated, &created)

	var found struct {
		Programs []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"programs"`
	}
	call(t, "", "GET", base+"/api/v1/programs?near="+url.QueryEscape("39.7817,-89.6501"), nil, http.StatusOK, &found)
	var programID string
	for _, p := range found.Programs {
		if strings.HasPrefix(p.Name, "Example Recovery Center") {
			programID = p.ID
		}
	}
	var caseload struct {
		Members []struct {
			EnrolmentID string `json:"enrolment_id"`
			Name        string `json:"name"`
		} `json:"members"`
	}
	call(t, created.Token, "GET", base+"/api/v1/programs/"+programID+"/caseload", nil, http.StatusOK, &caseload)
	var jordan string
	for _, row := range caseload.Members {
		if row.Name == "Jordan (demo)" {
			jordan = row.EnrolmentID
		}
	}
	var med struct {
		Series []struct {
			Ceiling struct {
				Applies bool   `json:"applies"`
				Federal int    `json:"federal"`
				State   *int   `json:"state"`
				Max     int    `json:"max"`
				Binding string `json:"binding"`
			} `json:"ceiling"`
		} `json:"series"`
	}
	call(t, created.Token, "GET", base+"/api/v1/programs/"+programID+"/enrolments/"+jordan+"/medication", nil, http.StatusOK, &med)
	if len(med.Series) == 0 {
		t.Fatal("Jordan's methadone order is not in his medication at the program")
	}
	c := med.Series[0].Ceiling
	if !c.Applies || c.State == nil || *c.State != 1 || c.Max != 1 || c.Binding != "state" {
		t.Errorf("the ceiling is %+v (state %v), want the state's 1 day binding under the federal %d", c, c.State, c.Federal)
	}
}

// call sends a JSON request (with a bearer token when one is given),
// checks the status and decodes the answer into out.
func call(t *testing.T, token, method, target string, body any, want int, out any) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, target, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		var msg bytes.Buffer
		msg.ReadFrom(res.Body)
		t.Fatalf("%s %s: status %d, want %d\n%s", method, target, res.StatusCode, want, msg.String())
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
}
