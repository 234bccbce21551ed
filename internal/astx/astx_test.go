package astx

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct {
		expr, name, key string
	}{
		{"X", "X", "X"},
		{"(flags.X)", "X", "X"},
		{"string(flags.X)", "", "X"},
		{"featuregate.Feature(\"x\")", "", ""},
		{"f(a, b)", "", ""},
		{"a[0]", "", ""},
	}
	str := func(id *ast.Ident) string {
		if id == nil {
			return ""
		}
		return id.Name
	}
	for _, tt := range tests {
		e, err := parser.ParseExpr(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := str(Name(e)); got != tt.name {
			t.Errorf("Name(%s) = %q, want %q", tt.expr, got, tt.name)
		}
		if got := str(KeyName(e)); got != tt.key {
			t.Errorf("KeyName(%s) = %q, want %q", tt.expr, got, tt.key)
		}
	}
}

func TestLiterals(t *testing.T) {
	for _, src := range []string{`T{Key: k, Value: "v"}`, `&T{Key: k, Value: "v"}`, `(T{Key: k, Value: "v"})`} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		lit := CompositeLit(e)
		if lit == nil {
			t.Fatalf("CompositeLit(%s) = nil", src)
		}
		f := Fields(lit)
		if len(f) != 2 || f["Key"] == nil || f["Value"] == nil {
			t.Errorf("Fields(%s) = %v", src, f)
		}
	}
	if e, _ := parser.ParseExpr("f()"); CompositeLit(e) != nil {
		t.Error("CompositeLit(f()) is not nil")
	}
}

func TestAddressedSelector(t *testing.T) {
	for src, want := range map[string]string{"&cfg.Fast": "Fast", "(&(o.F))": "F", "&x": "", "cfg.Fast": "", "*p.F": ""} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if sel := AddressedSelector(e); sel != nil {
			got = sel.Sel.Name
		}
		if got != want {
			t.Errorf("AddressedSelector(%s) = %q, want %q", src, got, want)
		}
	}
}

func TestNameList(t *testing.T) {
	src := `package p

type names []string

var (
	list   = []string{"NEW", "OLD"}
	arr    = [2]string{"A", "B"}
	named  = names{"N"}
	ints   = []int{1}
	keyed  = [2]string{1: "B"}
	empty  = []string{}
	single = "S"
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: make(map[ast.Expr]types.TypeAndValue)}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"list": 2, "arr": 2, "named": 1, "ints": 0, "keyed": 0, "empty": 0, "single": 0}
	for _, spec := range f.Decls[1].(*ast.GenDecl).Specs {
		vs := spec.(*ast.ValueSpec)
		if got := len(NameList(info, vs.Values[0])); got != want[vs.Names[0].Name] {
			t.Errorf("NameList(%s) has %d elements, want %d", vs.Names[0].Name, got, want[vs.Names[0].Name])
		}
	}
}

func TestVarAliases(t *testing.T) {
	src := `package p

var gate = new(int)

var Alone = gate // its declaration is the whole var

var (
	other  = 1
	Grouped = gate // its spec only
	typed  *int = gate
	two, three = gate, gate
	self = other
	call = new(int)
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object), Uses: make(map[*ast.Ident]types.Object)}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	got := make(map[string]string)
	for _, a := range VarAliases(info, f) {
		kind := "spec"
		if _, ok := a.Decl.(*ast.GenDecl); ok {
			kind = "decl"
		}
		got[a.Var.Name()] = a.Of.Name() + " " + kind
	}
	want := map[string]string{"Alone": "gate decl", "Grouped": "gate spec", "self": "other spec"}
	if len(got) != len(want) {
		t.Errorf("VarAliases = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("VarAliases[%s] = %q, want %q", k, got[k], v)
		}
	}
}
