package astx

import (
	"go/ast"
	"go/parser"
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
