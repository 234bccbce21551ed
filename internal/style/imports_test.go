package style

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportGroups checks that every Go file groups its imports the way
// goimports writes them: the standard library first, in a group of its
// own, then the rest. A mixed group is what a hand edit leaves and what a
// reader scanning for dependencies trips over.
func TestImportGroups(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", ".git", ".bin", "examples":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if msg := checkGroups(fset, f.Imports); msg != "" {
			t.Errorf("%s: %s", rel, msg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// checkGroups returns what is wrong with a file's import groups, or "".
func checkGroups(fset *token.FileSet, imports []*ast.ImportSpec) string {
	lastLine, group := -1, -1
	groupStd := map[int]bool{}
	groupOther := map[int]bool{}
	sawOther := false
	for _, imp := range imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		line := fset.Position(imp.Pos()).Line
		if line != lastLine+1 {
			group++
		}
		lastLine = fset.Position(imp.End()).Line
		if isStd(path) {
			if sawOther {
				return "standard library import " + strconv.Quote(path) + " after a non-standard one: the standard library comes first"
			}
			groupStd[group] = true
		} else {
			sawOther = true
			groupOther[group] = true
		}
		if groupStd[group] && groupOther[group] {
			return "a group mixes the standard library and other imports (" + strconv.Quote(path) + "): separate them with a blank line"
		}
	}
	return ""
}
