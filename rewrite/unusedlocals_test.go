package rewrite

import (
	"go/parser"
	"go/token"
	"testing"
)

// TestSyntacticUnusedLocals checks the locals a file read by syntax alone
// loses: one no identifier resolves to any more becomes _ (or goes), and
// a type switch's symbol, declared per clause, is never touched, even
// unused (deleting `v :=` from `switch v := x.(type)` breaks the switch).
func TestSyntacticUnusedLocals(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		edits     int
	}{
		{"unused tuple local", "package p\nfunc f() error {\n\tv, err := g()\n\treturn err\n}\nfunc g() (int, error) { return 0, nil }\n", 1},
		{"used local", "package p\nfunc f() int {\n\tv := 1\n\treturn v\n}\n", 0},
		{"type switch symbol", "package p\nfunc f(x any) {\n\tswitch v := x.(type) {\n\tcase int:\n\t}\n}\n", 0},
		{"shadowed use", "package p\nfunc f() int {\n\tv := 1\n\t{\n\t\tv := 2\n\t\treturn v\n\t}\n}\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			var next int
			s := &simplifier{
				f:   newSrcFile(fset, "p.go", []byte(tc.src), f),
				hot: []span{{0, len(tc.src)}},
				ed:  &editor{nextGroup: &next},
			}
			s.syntacticUnusedLocals()
			if got := len(s.ed.edits); (got > 0) != (tc.edits > 0) {
				t.Errorf("%d edits, want %d", got, tc.edits)
			}
		})
	}
}
