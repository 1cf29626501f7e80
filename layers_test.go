package onward_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The layers of docs/architecture.md, held by the imports of the code:
// handlers (internal/web) call the use cases (internal/app) and never the
// store; the domain packages compute and know neither the store nor HTTP.

const module = "github.com/onward-recovery/onward"

// domainPackages are pure: rules and types, no database and no web.
var domainPackages = []string{".", "internal/recovery", "internal/instrument", "internal/policy", "internal/careguide",
	"internal/directory", "internal/audit", "internal/i18n", "internal/locale", "internal/crisis", "internal/content", "internal/export",
	"internal/fhir", "internal/withdrawal", "internal/medication", "internal/continuum", "internal/report", "internal/ical",
	"internal/draw", "internal/drugtest", "internal/contingency"}

// imports returns, for each non-test Go file under dir (not descending
// into other packages' folders when flat), the module paths it imports.
func imports(t *testing.T, dir string, flat bool) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (flat || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[path] = append(out[path], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHandlersDoNotReachTheStore(t *testing.T) {
	for file, imps := range imports(t, "internal/web", false) {
		if !slices.Contains(imps, module+"/internal/sqlstore") {
			continue
		}
		t.Errorf("%s imports internal/sqlstore: handlers call internal/app, which calls the store", file)
	}
}

func TestDomainPackagesKnowNeitherStoreNorHTTP(t *testing.T) {
	for _, pkg := range domainPackages {
		for file, imps := range imports(t, pkg, true) {
			for _, imp := range imps {
				if imp == "net/http" || imp == "database/sql" || strings.HasPrefix(imp, module+"/internal/sqlstore") ||
					strings.HasPrefix(imp, module+"/internal/web") || strings.HasPrefix(imp, module+"/internal/app") {
					t.Errorf("%s (a domain package) imports %s", file, imp)
				}
			}
		}
	}
}

func TestTheStoreKnowsNoUseCaseOrHandler(t *testing.T) {
	for file, imps := range imports(t, "internal/sqlstore", false) {
		for _, imp := range imps {
			if strings.HasPrefix(imp, module+"/internal/app") || strings.HasPrefix(imp, module+"/internal/web") || imp == "net/http" {
				t.Errorf("%s (the store) imports %s", file, imp)
			}
		}
	}
}
