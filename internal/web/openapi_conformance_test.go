package web

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"mime"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Every answer the tests get from /api/v1 (client.api) is checked against
// the OpenAPI document: the status must be documented for the operation,
// and a JSON body must match the schema documented for that status. So the
// document describes what the server really sends, operation by operation,
// as far as the tests reach.

var (
	docOnce sync.Once
	doc     map[string]any
)

func openAPIDoc(t testing.TB) map[string]any {
	docOnce.Do(func() {
		if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
			t.Fatal(err)
		}
	})
	return doc
}

// answered holds each operation ("get /api/v1/...") the tests had answered.
var answered sync.Map

// TestMain runs the package's tests; a whole run (no -run, no -list) then
// requires an answer from every operation of the document, so each is
// checked against its schema by some test.
func TestMain(m *testing.M) {
	code := m.Run()
	whole := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.list").Value.String() == ""
	if missing := unanswered(); code == 0 && whole && len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "openapi: no test had an answer from %s\n", strings.Join(missing, ", "))
		code = 1
	}
	os.Exit(code)
}

// unanswered lists the document's operations no test had an answer from.
func unanswered() []string {
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &d); err != nil {
		return []string{err.Error()}
	}
	var out []string
	for path, item := range d.Paths {
		for method := range item {
			if _, ok := answered.Load(method + " " + path); !ok && method != "parameters" {
				out = append(out, strings.ToUpper(method)+" "+path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// documentedOperation finds the operation a request reaches: the path
// template that matches, with the most literal segments.
func documentedOperation(d map[string]any, method, path string) (string, map[string]any) {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	best, bestLiterals := "", -1
	var op map[string]any
	for tmpl, item := range d["paths"].(map[string]any) {
		tsegs := strings.Split(tmpl, "/")
		if len(tsegs) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, s := range tsegs {
			switch {
			case strings.HasPrefix(s, "{"):
				ok = ok && segs[i] != ""
			case s == segs[i]:
				literals++
			default:
				ok = false
			}
		}
		o, hasOp := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		if ok && hasOp && literals > bestLiterals {
			best, bestLiterals, op = tmpl, literals, o
		}
	}
	return best, op
}

// checkDocumented reports an answer the document does not describe.
func checkDocumented(t testing.TB, method, path string, res response) {
	t.Helper()
	d := openAPIDoc(t)
	tmpl, op := documentedOperation(d, method, path)
	if op == nil {
		if res.status != 404 && res.status != 405 {
			t.Errorf("openapi: %s %s answered %d but no operation is documented", method, path, res.status)
		}
		return
	}
	answered.Store(strings.ToLower(method)+" "+tmpl, true)
	r, ok := op["responses"].(map[string]any)[strconv.Itoa(res.status)].(map[string]any)
	if !ok {
		// 500 is every operation's; 413 every body's limit (documented once).
		if res.status != 500 && res.status != 413 {
			t.Errorf("openapi: %s %s answered %d, which is not documented", method, tmpl, res.status)
		}
		return
	}
	r = resolve(d, r)
	mt, _, _ := mime.ParseMediaType(res.header.Get("Content-Type"))
	content, _ := r["content"].(map[string]any)
	media, ok := content[mt].(map[string]any)
	if !ok {
		if len(content) > 0 || strings.TrimSpace(res.body) != "" && mt == "application/json" {
			t.Errorf("openapi: %s %s %d answered %s, documented %v", method, tmpl, res.status, mt, keys(content))
		}
		return
	}
	schema, _ := media["schema"].(map[string]any)
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		// A text answer (CSV) is documented as a string; its lines are the
		// operation's own test's to check.
		if types := schemaTypes(resolve(d, schema)["type"]); len(types) != 1 || types[0] != "string" {
			t.Errorf("openapi: %s %s %d answered %s, documented as %v, not a string", method, tmpl, res.status, mt, types)
		}
		return
	}
	var body any
	dec := json.NewDecoder(strings.NewReader(res.body))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		t.Errorf("openapi: %s %s %d: the body is not JSON: %v", method, tmpl, res.status, err)
		return
	}
	for _, problem := range conform(d, schema, body, "body") {
		t.Errorf("openapi: %s %s %d: %s", method, tmpl, res.status, problem)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// resolve follows a local $ref.
func resolve(d map[string]any, node map[string]any) map[string]any {
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		var cur any = d
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			cur = cur.(map[string]any)[part]
		}
		node = cur.(map[string]any)
	}
}

// conform checks v against the JSON Schema keywords the document uses.
func conform(d map[string]any, schema map[string]any, v any, at string) []string {
	if schema == nil {
		return nil
	}
	schema = resolve(d, schema)
	var problems []string
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			problems = append(problems, conform(d, s.(map[string]any), v, at)...)
		}
	}
	for _, kw := range []string{"oneOf", "anyOf"} {
		if alts, ok := schema[kw].([]any); ok {
			matched := false
			for _, s := range alts {
				matched = matched || len(conform(d, s.(map[string]any), v, at)) == 0
			}
			if !matched {
				problems = append(problems, fmt.Sprintf("%s matches none of %s", at, kw))
			}
		}
	}
	if c, ok := schema["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		problems = append(problems, fmt.Sprintf("%s is %v, want %v", at, v, c))
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || fmt.Sprint(e) == fmt.Sprint(v)
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s is %v, not one of %v", at, v, enum))
		}
	}
	if types := schemaTypes(schema["type"]); len(types) > 0 && !hasType(types, v) {
		return append(problems, fmt.Sprintf("%s is %s, want %s", at, jsonType(v), strings.Join(types, " or ")))
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := x[r.(string)]; !ok {
					problems = append(problems, fmt.Sprintf("%s lacks the required %q", at, r))
				}
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				problems = append(problems, conform(d, ps, val, at+"."+k)...)
				continue
			}
			switch extra := schema["additionalProperties"].(type) {
			case bool:
				if !extra {
					problems = append(problems, fmt.Sprintf("%s has %q, which is not documented", at, k))
				}
			case map[string]any:
				problems = append(problems, conform(d, extra, val, at+"."+k)...)
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range x {
				problems = append(problems, conform(d, items, item, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case string:
		if p, ok := schema["pattern"].(string); ok {
			if re, err := regexp.Compile(p); err == nil && !re.MatchString(x) {
				problems = append(problems, fmt.Sprintf("%s %q does not match %s", at, x, p))
			}
		}
	}
	return problems
}

func schemaTypes(t any) []string {
	switch x := t.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = s.(string)
		}
		return out
	}
	return nil
}

func hasType(types []string, v any) bool {
	got := jsonType(v)
	for _, t := range types {
		if t == got || t == "number" && got == "integer" {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && !strings.ContainsAny(x.String(), ".eE") {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

// recorder keeps what checkDocumented reports instead of failing.
type recorder struct {
	testing.TB
	problems []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

func TestCheckDocumentedCatchesWhatTheDocumentDoesNotSay(t *testing.T) {
	jsonHeader := map[string][]string{"Content-Type": {"application/json; charset=utf-8"}}
	tests := []struct {
		name, method, path string
		res                response
		want               string // in the report; "" for none
	}{
		{"Conforms", "POST", "/api/v1/cravings", response{201, `{"id":"x","started_at":"t","ended_at":"t","passed":true,"helped":[],"note":""}`, jsonHeader}, ""},
		{"ErrUndocumentedStatus", "POST", "/api/v1/cravings", response{202, `{}`, jsonHeader}, "not documented"},
		{"ErrMissingField", "POST", "/api/v1/cravings", response{201, `{"id":"x","started_at":"t","ended_at":"t","helped":[],"note":""}`, jsonHeader}, `lacks the required "passed"`},
		{"ErrWrongType", "GET", "/api/v1/lapses", response{200, `{"lapses":[{"day":1,"what":"","led_to":"","created_at":"t"}]}`, jsonHeader}, "body.lapses[0].day is integer, want string"},
		{"ErrNotInEnum", "GET", "/api/v1/recovery/profile", response{200, `{"last_use":"2026-01-01","convention":"weekly"}`, jsonHeader}, "not one of"},
		{"ErrUndocumentedField", "GET", "/api/v1/notification-settings", response{200, `{"email":true,"push":true,"discreet":true,"reminders":true,"auto_alert":false,"quiet_start":"","quiet_end":"","sms":true}`, jsonHeader}, `"sms", which is not documented`},
		{"ErrorShape", "GET", "/api/v1/lapses", response{401, `{"error":{"message":"no"}}`, jsonHeader}, `lacks the required "code"`},
		{"TemplatesPreferLiterals", "DELETE", "/api/v1/invitations/abc", response{204, "", nil}, ""},
		{"CSVIsText", "GET", "/api/v1/programs/p/reports", response{200, "section,value\n", map[string][]string{"Content-Type": {"text/csv; charset=utf-8"}}}, ""},
		{"ErrUndocumentedMediaType", "GET", "/api/v1/programs/p/reports", response{200, "x", map[string][]string{"Content-Type": {"text/plain"}}}, "answered text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			checkDocumented(r, tt.method, tt.path, tt.res)
			got := strings.Join(r.problems, "\n")
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Fatalf("reported %q, want %q", got, tt.want)
			}
		})
	}
}
