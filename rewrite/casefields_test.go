package rewrite

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"testing"
)

// TestCaseFieldReads pins what unusedCaseFields compares between rounds:
// reads of local struct fields by function (methods by receiver), not
// the keys writing them, and a name two local structs of one function
// share counted as ambiguous, never acted on.
func TestCaseFieldReads(t *testing.T) {
	const src = `package p

type A struct{}
type B struct{}

func (A) TestX() {
	type tc struct{ on, want bool }
	for _, c := range []tc{{on: true, want: true}} {
		_ = c.want
	}
}

func (B) TestX() {
	type tc struct{ on bool }
	for _, c := range []tc{{on: true}} {
		_ = c.on
		_ = c.on
	}
}

func TestTwoTables() {
	a := []struct{ on bool }{{on: true}}
	b := []struct{ on, off bool }{{on: false}}
	_ = a[0].on
	_ = b[0].off
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	got := caseFieldReads(info, []*ast.File{f})
	want := map[string]int{
		"A.TestX.on":        0,
		"A.TestX.want":      1,
		"B.TestX.on":        2,
		"TestTwoTables.on":  ambiguous,
		"TestTwoTables.off": 1,
	}
	if !maps.Equal(got, want) {
		t.Errorf("caseFieldReads = %v, want %v", got, want)
	}
}
