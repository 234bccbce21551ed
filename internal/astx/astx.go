// Package astx holds the few syntax helpers that the reference finder, the
// Go definitions reader and the rewrite all need: which identifier an
// expression names, and what a struct literal says.
package astx

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Name returns the identifier an expression names: X, or the Sel of
// pkg.X (or of v.X); nil for anything else.
func Name(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// KeyName is Name through a conversion: string(flags.X) and
// featuregate.Feature("x") name what their argument names. (A call of
// one argument is taken for a conversion; callers that care check the
// identifier's object.)
func KeyName(e ast.Expr) *ast.Ident {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if len(call.Args) == 1 {
			return KeyName(call.Args[0])
		}
		return nil
	}
	return Name(e)
}

// CompositeLit returns the literal of {…}, T{…} or &T{…}.
func CompositeLit(e ast.Expr) *ast.CompositeLit {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return e
	case *ast.UnaryExpr:
		c, _ := e.X.(*ast.CompositeLit)
		return c
	}
	return nil
}

// Fields returns a keyed struct literal's values by field name.
func Fields(lit *ast.CompositeLit) map[string]ast.Expr {
	out := make(map[string]ast.Expr)
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				out[id.Name] = kv.Value
			}
		}
	}
	return out
}

// FuncVarName returns, for a call of a function held in a variable
// (setFeature := func(…) error { … }; setFeature(…)), the variable's
// package path and name, "example.com/p.setFeature": the name a
// configuration gives a binder written as a closure. It is "" for any
// other call.
func FuncVarName(info *types.Info, call *ast.CallExpr) string {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return ""
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil {
		return ""
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return ""
	}
	return v.Pkg().Path() + "." + v.Name()
}

// AddressedSelector returns x.F when e is &x.F (a binder's argument:
// fs.BoolVar(&cfg.F, …)), nil otherwise.
func AddressedSelector(e ast.Expr) *ast.SelectorExpr {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil
	}
	sel, _ := ast.Unparen(u.X).(*ast.SelectorExpr)
	return sel
}

// NameList returns the elements of an unkeyed slice or array literal
// given where a declaration's name is expected: OpenTelemetry Go's
// generated feature packages declare newFeature([]string{"OBSERVABILITY",
// "SELF_OBSERVABILITY"}, …), the first element the feature's name and the
// rest its older names, each read from its own environment variable. It
// returns nil for any other expression, and for a literal whose element
// type is not a string kind or that has keyed elements (a sparse array
// says nothing about which name comes first).
func NameList(info *types.Info, e ast.Expr) []ast.Expr {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok || len(lit.Elts) == 0 {
		return nil
	}
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	var elem types.Type
	switch t := t.Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Array:
		elem = t.Elem()
	default:
		return nil
	}
	if b, ok := elem.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return nil
	}
	for _, el := range lit.Elts {
		if _, ok := el.(*ast.KeyValueExpr); ok {
			return nil
		}
	}
	return lit.Elts
}

// A VarAlias is a package-level variable initialised to another
// variable and nothing else: var AllowNoPipelines =
// metadata.ServiceAllowNoPipelinesFeatureGate.
type VarAlias struct {
	Var   *types.Var // the alias
	Of    *types.Var // the variable it names
	Value ast.Expr   // the expression naming it (X or pkg.X)
	// Decl is what deleting the alias deletes: its spec, or the var
	// declaration when the spec is its only one.
	Decl ast.Node
}

// VarAliases returns a file's package-level variable aliases, one name
// to one value without a type of its own. Whether they are assigned
// again is the caller's to check.
func VarAliases(info *types.Info, f *ast.File) []VarAlias {
	var out []VarAlias
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || len(vs.Values) != 1 || vs.Type != nil {
				continue
			}
			id := Name(vs.Values[0])
			if id == nil {
				continue
			}
			of, _ := info.Uses[id].(*types.Var)
			alias, _ := info.Defs[vs.Names[0]].(*types.Var)
			if of == nil || alias == nil || of.IsField() || of == alias {
				continue
			}
			var decl ast.Node = vs
			if len(gd.Specs) == 1 {
				decl = gd
			}
			out = append(out, VarAlias{Var: alias, Of: of, Value: vs.Values[0], Decl: decl})
		}
	}
	return out
}

// FieldStores calls fn for each struct field n stores a value in: an
// assignment of one value to a field (x.f = v: node and key are the
// selector, lit nil), or each keyed entry of a struct literal (T{f: v}:
// node the entry, key its name, lit the literal).
func FieldStores(info *types.Info, n ast.Node, fn func(field *types.Var, node, key ast.Expr, lit *ast.CompositeLit, value ast.Expr)) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
			return
		}
		sel, ok := ast.Unparen(n.Lhs[0]).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			fn(s.Obj().(*types.Var), sel, sel, nil, n.Rhs[0])
		}
	case *ast.CompositeLit:
		for _, el := range n.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
				fn(v, kv, kv.Key, n, kv.Value)
			}
		}
	}
}
