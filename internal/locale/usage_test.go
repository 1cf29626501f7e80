package locale

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The tests in this file read the project's source: every message id the
// code or a template names must be in the catalogs, every message in the
// catalogs must be used, and wording may not bypass the catalogs.

const repoRoot = "../.."

// dynamicPrefixes are ids built at run time from a code ("category." +
// category, "date.month_" + number); the code that builds them is tested
// with every value (labels_test.go, dates_test.go). The domain packages
// build the ids of their wording from their own ids (an instrument's item,
// a guide question, a stage); their tests check that every id they build
// exists and that every message under these prefixes is built
// (internal/instrument, internal/careguide, internal/recovery).
var dynamicPrefixes = []string{"language.", "date.", "category.", "substance.", "medication.", "level.", "halt.", "keytag.", "notice.", "reason.", "purpose.", "fellowship.", "meetingtype.",
	"flag.", "discharge.", "enrolment.", "notekind.", "role.", "stafftitle.", "checkin.", "notify.care_", "notify.callback_request.", "care_level.", "session_format.", "session_kind.", "attendance.", "age_group.",
	"report_section.", "report_about.", "report_retention.", "report_engagement.", "report_measure.", "report_column.",
	"medkind.", "medadd.", "medform.", "medstatus.", "medsetting.", "medmark.", "medchange.", "medreason.", "medcriterion.", "medstart.", "medlimit.",
	"drug.", "specimen.", "testsetting.", "testresult.", "period.", "target.", "cmkind.", "tier.", "armstatus.", "redeemform.", "entry.",
	"instrument.", "careguide.question.", "careguide.care.", "careguide.advice.", "careguide.rule.", "recovery.stage."}

var idShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// areas are the catalogs' first id segments: a literal that starts with
// one of them and has the shape of an id is a message id.
func areas(t *testing.T, c *Catalog) map[string]bool {
	out := map[string]bool{}
	for _, id := range c.IDs() {
		out[strings.SplitN(id, ".", 2)[0]] = true
	}
	return out
}

func isMessageID(s string, areas map[string]bool) bool {
	return idShape.MatchString(s) && areas[strings.SplitN(s, ".", 2)[0]]
}

type sourceUse struct {
	where string
	text  string
}

// goSources walks the non-test Go files of the repository.
func goSources(t *testing.T, fn func(path string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != repoRoot {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		fn(path, fset, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// templateIDs finds the string literals of the templates.
var templateString = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

func templateLiterals(t *testing.T) []sourceUse {
	t.Helper()
	var out []sourceUse
	err := filepath.WalkDir(filepath.Join(repoRoot, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, action := range regexp.MustCompile(`\{\{[^}]*\}\}`).FindAllString(string(b), -1) {
			for _, m := range templateString.FindAllStringSubmatch(action, -1) {
				out = append(out, sourceUse{where: path, text: m[1]})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryNamedMessageExists(t *testing.T) {
	c := Default()
	as := areas(t, c)
	check := func(u sourceUse) {
		// "date.month_" and the like are prefixes of ids built at run time.
		if strings.HasSuffix(u.text, "_") || strings.HasSuffix(u.text, ".") {
			return
		}
		if isMessageID(u.text, as) && !c.Exists(u.text) {
			t.Errorf("%s: message %q is not in the catalogs", u.where, u.text)
		}
	}
	goSources(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				check(sourceUse{fset.Position(lit.Pos()).String(), s})
			}
			return true
		})
	})
	for _, u := range templateLiterals(t) {
		check(u)
	}
}

func TestEveryMessageIsUsed(t *testing.T) {
	c := Default()
	as := areas(t, c)
	used := map[string]bool{}
	goSources(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				if isMessageID(s, as) {
					used[s] = true
				}
			}
			return true
		})
	})
	for _, u := range templateLiterals(t) {
		used[u.text] = true
	}
	for _, id := range c.IDs() {
		if used[id] || slices.ContainsFunc(dynamicPrefixes, func(p string) bool { return strings.HasPrefix(id, p) }) {
			continue
		}
		t.Errorf("message %q is in the catalogs but nothing uses it", id)
	}
}

// sentence reports whether the second argument of an Add call is a string
// literal with a space in it: wording, where a message id belongs.
func sentence(args []ast.Expr) bool {
	if len(args) < 2 {
		return false
	}
	lit, ok := args[1].(*ast.BasicLit)
	return ok && lit.Kind == token.STRING && strings.Contains(lit.Value, " ")
}

// TestNoWordingOutsideTheCatalogs fails when a sentence is written where a
// message id belongs: errors, field errors, flash messages, page titles.
func TestNoWordingOutsideTheCatalogs(t *testing.T) {
	c := Default()
	as := areas(t, c)
	bad := func(fset *token.FileSet, e ast.Expr, what string) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, _ := strconv.Unquote(lit.Value)
		if !isMessageID(s, as) {
			t.Errorf("%s: %s %q is not a message id", fset.Position(lit.Pos()), what, s)
		}
	}
	// argument positions that hold a message id, by called name
	messageArgs := map[string]int{"NewError": 1, "Add": 1, "Invalid": 1, "translate": 1, "M": 0, "redirect": 3, "T": 0}
	goSources(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := x.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if i, ok := messageArgs[name]; ok && i < len(x.Args) {
					if name == "Add" && !sentence(x.Args) {
						// url.Values and http.Header have an Add too.
						return true
					}
					if name == "redirect" && len(x.Args) == 4 {
						if lit, ok := x.Args[3].(*ast.BasicLit); ok && lit.Value == `""` {
							return true
						}
					}
					bad(fset, x.Args[i], "the message of "+name)
				}
			case *ast.CompositeLit:
				typeName := ""
				switch ty := x.Type.(type) {
				case *ast.Ident:
					typeName = ty.Name
				case *ast.SelectorExpr:
					typeName = ty.Sel.Name
				}
				if typeName != "Error" && typeName != "pageData" {
					return true
				}
				for _, el := range x.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "Message" || k.Name == "Title" || k.Name == "Flash") {
						if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Value != `""` {
							bad(fset, kv.Value, typeName+"."+k.Name)
						}
					}
				}
			}
			return true
		})
	})
}
