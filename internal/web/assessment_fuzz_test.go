package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onward-recovery/onward/internal/instrument"
)

// FuzzAssessmentInputJSON feeds the API's answer and time parsing arbitrary
// bodies: it never panics, every answer it keeps is the whole number that
// was sent, every answer it drops is named in a field error, and a time it
// accepts is RFC 3339.
func FuzzAssessmentInputJSON(f *testing.F) {
	f.Add(`{"instrument": "phq9", "answers": {"1": 2, "9": 1}, "taken_at": "2026-11-21T14:05:00Z"}`)
	f.Add(`{"answers": {"1": "2", "2": 1.5, "3": null, "4": -0, "5": 1e2, "7A": 99999999999999999999}}`)
	f.Add(`{"answers": {"": 0}, "taken_at": "2026-02-30T25:61:00+14:00"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in assessmentInputJSON
		if json.Unmarshal([]byte(body), &in) != nil {
			return
		}
		out, errs := in.input()
		for id, raw := range in.Answers {
			n, kept := out.Answers[id]
			_, flagged := errs["answers."+id]
			if kept == flagged {
				t.Fatalf("answer %q (%s): kept %v, flagged %v; want exactly one", id, raw, kept, flagged)
			}
			if m, err := strconv.Atoi(strings.TrimSpace(string(raw))); kept && (err != nil || m != n) {
				t.Fatalf("answer %q: sent %s, kept %d", id, raw, n)
			}
		}
		if _, bad := errs["taken_at"]; !bad && in.TakenAt != "" {
			if _, err := time.Parse(time.RFC3339, in.TakenAt); err != nil || out.TakenAt.IsZero() {
				t.Fatalf("taken_at %q accepted as %v", in.TakenAt, out.TakenAt)
			}
		}
	})
}

// FuzzQuestionnaireForm feeds the form parsing arbitrary values: it never
// panics, keeps only the instrument's own items, each as the number sent,
// and a time it accepts is a minute in the person's zone.
func FuzzQuestionnaireForm(f *testing.F) {
	f.Add("phq9", "1=2&9=1", "2026-11-21T14:05")
	f.Add("bam", "7A=4&14=4&1=x", "2026-03-08T02:30") // a time that does not exist in Chicago
	f.Add("cows", "11=5&12=1", "2026-11-21T14:05:59")
	loc := location("America/Chicago")
	f.Fuzz(func(t *testing.T, id, answers, takenAt string) {
		def, ok := instrument.Get(id)
		if !ok {
			return
		}
		form, err := url.ParseQuery(answers)
		if err != nil {
			return
		}
		post := url.Values{"taken_at": {takenAt}}
		for k, v := range form {
			post["item-"+k] = v
		}
		r := &http.Request{Method: http.MethodPost, PostForm: post}
		in, errs := readQuestionnaire(r, def, loc)
		items := map[string]bool{}
		for _, it := range def.Items {
			items[it.ID] = true
		}
		for item, n := range in.Answers {
			if m, err := strconv.Atoi(post.Get("item-" + item)); !items[item] || err != nil || m != n {
				t.Fatalf("item %q kept as %d from %q", item, n, post.Get("item-"+item))
			}
		}
		if _, bad := errs["taken_at"]; !bad && strings.TrimSpace(takenAt) != "" && in.TakenAt.IsZero() {
			t.Fatalf("taken_at %q accepted as zero", takenAt)
		}
	})
}
