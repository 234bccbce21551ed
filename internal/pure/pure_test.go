package pure

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestExpr(t *testing.T) {
	const src = `package p

import "context"

type T struct{ f int }

// A Context method returns the context its receiver carries, by
// convention ((*http.Request).Context, a gRPC stream's).
type Stream interface {
	Context() context.Context
	Ctx() context.Context
	Context2(int) context.Context
}

var st Stream

var (
	x, y int
	m    map[string]int
	s    []int
	ch   chan int
	t    T
	fn   func() int
)

func call() int { return 0 }

// String and Error describe their receiver, by convention; other methods
// may do anything.
func (T) String() string { return "" }
func (T) Error() string  { return "" }
func (T) Count() string  { return "" }

var exprs = []any{
	x,
	x + y*2,
	m["k"],
	s[1:],
	t.f,
	T{f: x},
	int64(x),
	len(s),
	func() int { return call() },
	!(x > y),
	"a" + "b",
	t.String(),
	T{f: x}.Error(),
	st.Context(),
	// impure from here
	call(),
	fn(),
	<-ch,
	x + call(),
	T{f: call()},
	int64(call()),
	append(s, 1),
	t.Count(),
	T{f: call()}.String(),
	st.Ctx(),
	st.Context2(1),
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && vs.Names[0].Name == "exprs" {
			lit = vs.Values[0].(*ast.CompositeLit)
		}
		return true
	})
	const firstImpure = 14
	for i, e := range lit.Elts {
		want := i < firstImpure
		if got := Expr(info, e); got != want {
			t.Errorf("Expr(%s) = %v, want %v", types.ExprString(e), got, want)
		}
	}
	if Expr(nil, lit.Elts[6]) {
		t.Error("a conversion is pure without type information")
	}
}
