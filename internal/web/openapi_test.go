package web

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// openAPIOperation is what these tests read of one operation.
type openAPIOperation struct {
	OperationID string              `json:"operationId"`
	Security    *[]map[string][]any `json:"security"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Ref     string `json:"$ref"`
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func openAPIOperations(t *testing.T) map[string]openAPIOperation {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	ops := map[string]openAPIOperation{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			ops[method+" "+path] = op
		}
	}
	return ops
}

// publicAPIRoutes reads from routes.go which /api/v1 routes need no
// sign-in: those whose handler is passed to api() unwrapped.
func publicAPIRoutes(t *testing.T) map[string]bool {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	public := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(GET|POST|PUT|DELETE|PATCH) (/api/v1/[^"]+)", api\((\w+(?:\.\w+)?)\)\)`).FindAllStringSubmatch(string(src), -1) {
		public[strings.ToLower(m[1])+" "+m[2]] = true
	}
	return public
}

// TestOpenAPIOperationsAreUsable holds the rules that make a generated
// client usable (scripts/openapi/check.sh runs the real tools): a unique
// operationId everywhere, security as the route enforces it (public
// operations say security: []), bodies as named schemas and errors by
// reference to the responses described once.
func TestOpenAPIOperationsAreUsable(t *testing.T) {
	public := publicAPIRoutes(t)
	if !public["get /api/v1/programs"] || public["get /api/v1/me"] {
		t.Fatalf("public routes misread from routes.go: %v", public)
	}
	seen := map[string]string{}
	for key, op := range openAPIOperations(t) {
		if op.OperationID == "" {
			t.Errorf("%s has no operationId", key)
		} else if other, dup := seen[op.OperationID]; dup {
			t.Errorf("%s and %s share the operationId %s", key, other, op.OperationID)
		}
		seen[op.OperationID] = key
		switch {
		case op.Security == nil:
			t.Errorf("%s does not declare its security", key)
		case public[key] && len(*op.Security) != 0:
			t.Errorf("%s is public in routes.go but the document asks for credentials", key)
		case !public[key] && len(*op.Security) == 0:
			t.Errorf("%s needs a sign-in in routes.go but the document says security: []", key)
		}
		if op.RequestBody != nil {
			for ct, c := range op.RequestBody.Content {
				if _, named := c.Schema["$ref"]; !named {
					t.Errorf("%s: the %s request body is not a named schema", key, ct)
				}
			}
		}
		for code, r := range op.Responses {
			if code[0] == '4' || code[0] == '5' {
				if !strings.HasPrefix(r.Ref, "#/components/responses/") {
					t.Errorf("%s: the %s answer is not one of components/responses", key, code)
				}
				continue
			}
			for ct, c := range r.Content {
				if _, named := c.Schema["$ref"]; !named {
					t.Errorf("%s: the %s %s body is not a named schema", key, code, ct)
				}
			}
		}
	}
}
