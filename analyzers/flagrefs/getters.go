package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Getters. A function or method whose whole body returns a read of one
// flag is that flag's value under another name — a derived value, like
// a local or a field given only the flag:
//
//	// EnableX returns whether X is on for a given tenant.
//	func (o *Overrides) EnableX(userID string) bool {
//		return o.GetOverridesForUser(userID).EnableX
//	}
//
// (the dskit pattern: one getter per per-tenant limit). Its calls, in
// its package and in every package importing it, are checks of the flag
// (Via the getter, Getter set), and the read its body returns names the
// getter (Gets): a removal folds the calls, and the getter goes with the
// flag once nothing else calls it. It is exported as a GetterFact so
// that other packages find the calls; getters of getters count, found
// to a fixpoint.
//
// Only the whole body counts: a function that computes something else
// with the flag (return x.Enabled && ready) is code reading the flag,
// whose read folds where it is. Generic functions are left alone: their
// instantiations' callees differ.

// GetterFact marks a function or method whose whole body returns a check
// of one flag: calling it checks the flag.
type GetterFact struct {
	// Flag is the flag the getter returns.
	Flag string
	// Negated reports that the getter returns true when the flag is off
	// (return !cfg.X, or a negated accessor).
	Negated bool
}

// AFact marks GetterFact as an analysis fact.
func (*GetterFact) AFact() {}

func (g *GetterFact) String() string {
	if g.Negated {
		return "getter of !" + g.Flag
	}
	return "getter of " + g.Flag
}

// findGetters finds the package's getters among the checks found so far
// and records the calls of every getter, this package's and imported
// ones, as checks, to a fixpoint.
func (f *finder) findGetters() {
	info := f.pass.TypesInfo
	// The expressions returned by whole bodies, with their functions.
	type body struct {
		fd      *ast.FuncDecl
		fn      *types.Func
		negated bool
	}
	bodies := make(map[ast.Expr]body)
	for _, file := range f.pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || len(fd.Body.List) != 1 || fd.Type.TypeParams != nil {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil || fn.Signature().Results().Len() != 1 || !isBool(fn.Signature().Results().At(0).Type()) || genericRecv(fn) {
				continue
			}
			e, neg := ast.Unparen(ret.Results[0]), false
			if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
				e, neg = ast.Unparen(u.X), true
			}
			bodies[e] = body{fd, fn, neg}
		}
	}
	imported := false
	for _, of := range f.pass.AllObjectFacts() {
		if _, ok := of.Fact.(*GetterFact); ok && of.Object.Pkg() != f.pass.Pkg {
			imported = true
			break
		}
	}
	if len(bodies) == 0 && !imported {
		return
	}
	getters := make(map[*types.Func]*GetterFact)
	getterOf := func(fn *types.Func) *GetterFact {
		if g := getters[fn]; g != nil {
			return g
		}
		if fn.Pkg() == nil || fn.Pkg() == f.pass.Pkg {
			return nil
		}
		var g GetterFact
		if f.pass.ImportObjectFact(fn, &g) {
			getters[fn] = &g
			return &g
		}
		return nil
	}
	called := make(map[*ast.CallExpr]bool)
	for {
		for _, r := range f.res.Refs {
			if r.Kind != Check || r.Dynamic || r.Flag == "" || r.Gets != "" || r.Holder != nil {
				continue
			}
			b, ok := bodies[r.Node]
			if !ok || getters[b.fn] != nil {
				continue
			}
			g := &GetterFact{Flag: r.Flag, Negated: r.Negated != b.negated}
			getters[b.fn] = g
			r.Gets = b.fn.FullName()
			f.pass.ExportObjectFact(b.fn, g)
		}
		if len(getters) == 0 && !imported {
			return
		}
		added := false
		for c := range f.ins.PreorderSeq((*ast.CallExpr)(nil)) {
			call := c.(*ast.CallExpr)
			if called[call] {
				continue
			}
			fn := callee(info, call)
			if fn == nil {
				continue
			}
			g := getterOf(fn)
			if g == nil {
				continue
			}
			called[call] = true
			var name ast.Expr = call.Fun
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.SelectorExpr:
				name = fun.Sel
			case *ast.Ident:
				name = fun
			}
			f.add(&Ref{Kind: Check, Call: call, Key: name, Flag: g.Flag, Negated: g.Negated, Via: fn.FullName(), Getter: true})
			added = true
		}
		if !added {
			return // no call could be another getter's body
		}
	}
}

// genericRecv reports whether fn is a method of a generic type.
func genericRecv(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.TypeParams().Len() > 0
}
