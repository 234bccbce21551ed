package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
)

// A package variable given a handle's check once, where it is declared,
// holds the flag's value read at start-up: Istio declares its flags as
//
//	EnableX = env.Register("PILOT_ENABLE_X", true, "…").Get()
//
// reads them as features.EnableX, and tests force them by assigning the
// variable or through a generic setter given its address
// (test.SetForTest(t, &features.EnableX, false)). Such a variable is a
// holder of the flag (HolderFact, exported for its importers):
//
//   - its spec is the flag's declaration (Declare, Call the
//     constructor's call, no handle): the whole spec goes with the flag;
//   - a read, EnableX or features.EnableX, is a check (Via ViaField, no
//     call, Node the read, Holder the variable);
//   - storing a constant in it, or anything in a test file, is a write
//     of that value (Override, Node and Key what is assigned, Value the
//     value);
//   - its address given as the flag argument of a configured override
//     function is an override (Key &EnableX, Holder the variable; see
//     addOverride), and the address of any other variable names no flag;
//   - any other use (its address taken elsewhere, another value stored
//     outside tests, several assigned at once) is a Use left for a human.
//
// A variable its own package's code writes otherwise, or takes the
// address of, may hold anything: it stays an ordinary variable, and the
// removal keeps its declaration while code names it.

// A madeCheck is a check of a handle made on the spot: C(…).M() for a
// configured handle constructor C whose name argument is constant, and
// one of its enabled: methods M.
type madeCheck struct {
	ctor *ast.CallExpr // C(…)
	key  ast.Expr      // its name argument
	flag string
}

// madeCheck returns the check e is, if it is one of a handle made on
// the spot.
func (f *finder) madeCheck(e ast.Expr) (madeCheck, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return madeCheck{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return madeCheck{}, false
	}
	inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return madeCheck{}, false
	}
	fn := callee(f.pass.TypesInfo, inner)
	if fn == nil {
		return madeCheck{}, false
	}
	h, ok := f.m.handle(fn.FullName())
	if !ok || h.Name >= len(inner.Args) || f.setting(inner, fn.FullName()) {
		return madeCheck{}, false
	}
	if on, negated := f.m.handleMethod(fn.FullName(), sel.Sel.Name); !on || negated {
		return madeCheck{}, false
	}
	flag, ok := key(f.pass.TypesInfo, inner.Args[h.Name])
	if !ok {
		return madeCheck{}, false
	}
	return madeCheck{ctor: inner, key: inner.Args[h.Name], flag: flag}, true
}

// findPackageVars records the package variables holding a handle's check
// (see above): their declarations, and their facts. It runs with
// findHandles, before any reference is classified, so that this
// package's own tests find their overrides.
func (f *finder) findPackageVars() {
	info := f.pass.TypesInfo
	type candidate struct {
		v *types.Var
		madeCheck
		value ast.Expr
	}
	var found []candidate
	for _, file := range f.pass.Files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Names) == 1 && len(vs.Values) == 1 {
					v, _ := info.Defs[vs.Names[0]].(*types.Var)
					if mc, ok := f.madeCheck(vs.Values[0]); ok && v != nil && v.Name() != "_" && isBool(v.Type()) {
						found = append(found, candidate{v, mc, vs.Values[0]})
						continue
					}
					if f.valueRegistration(vs.Names[0], vs.Values[0]) {
						continue
					}
				}
				f.madeChecksInside(vs.Values)
			}
		}
	}
	if len(found) == 0 {
		return
	}
	other := f.writtenOtherwise()
	for _, c := range found {
		if other[c.v] {
			// A variable that may hold anything: the flag's value
			// is handed to it, a use.
			f.madeChecksInside([]ast.Expr{c.value})
			continue
		}
		fact := &HolderFact{Flag: c.flag}
		f.holders[c.v] = fact
		f.pass.ExportObjectFact(c.v, fact)
		f.declCalls[c.ctor] = true
		f.add(&Ref{Kind: Declare, Call: c.ctor, Key: c.key, Flag: c.flag, Via: callee(info, c.ctor).FullName()})
	}
}

// valueRegistration records, as a Use left for a human, a registration
// whose call returns a value rather than a handle, held in a bool
// variable: Istio's `EnableAmbientBaggage =
// registerAmbient("AMBIENT_ENABLE_BAGGAGE", false, false, "…")`, a
// wrapper that reads the flag when ambient mode is on and returns its
// second default otherwise. The variable's value is not the flag's
// alone, so it is no holder; but the flag is used (lint called it
// unused, and told to delete it). It reports whether it recorded one.
func (f *finder) valueRegistration(name *ast.Ident, value ast.Expr) bool {
	v, _ := f.pass.TypesInfo.Defs[name].(*types.Var)
	call, ok := ast.Unparen(value).(*ast.CallExpr)
	if v == nil || !ok || !isBool(v.Type()) {
		return false
	}
	fn := callee(f.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	full := fn.FullName()
	if _, isHandle := f.m.handle(full); isHandle || f.setting(call, full) {
		return false
	}
	for _, d := range f.m.constructors {
		if !d.Constructor.Matches(config.TrimTypeParams(full)) {
			continue
		}
		i, ok := d.Args["name"]
		if !ok || i < 0 || i >= len(call.Args) {
			continue
		}
		if flag, ok := key(f.pass.TypesInfo, call.Args[i]); ok {
			f.add(&Ref{Kind: Use, Node: call, Key: call.Args[i], Flag: flag, Via: full})
			return true
		}
	}
	return false
}

// madeChecksInside records, as Uses left for a human, the checks of
// handles made on the spot whose value a declaration hands to something
// else (GlobalSendUnhealthyEndpoints = atomic.NewBool(env.Register(…).Get()),
// read later through the atomic): the flag is used, in a way no form
// describes.
func (f *finder) madeChecksInside(values []ast.Expr) {
	for _, v := range values {
		ast.Inspect(v, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			if mc, ok := f.madeCheck(e); ok {
				f.add(&Ref{Kind: Use, Node: e, Key: mc.key, Flag: mc.flag, Via: callee(f.pass.TypesInfo, mc.ctor).FullName()})
				return false
			}
			return true
		})
	}
}

// writtenOtherwise returns the package variables this package's non-test
// code gives a value that is not constant, several at once, or whose
// address it takes.
func (f *finder) writtenOtherwise() map[*types.Var]bool {
	info := f.pass.TypesInfo
	out := make(map[*types.Var]bool)
	f.ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) {
		if f.inTestFile(n.Pos()) {
			return
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				v := pkgVar(info, l)
				if v == nil {
					continue
				}
				if len(n.Lhs) != len(n.Rhs) || len(n.Lhs) > 1 {
					out[v] = true
				} else if tv, ok := info.Types[n.Rhs[i]]; !ok || tv.Value == nil {
					out[v] = true
				}
			}
		case *ast.UnaryExpr:
			if v := pkgVar(info, n.X); v != nil && n.Op == token.AND {
				out[v] = true
			}
		}
	})
	return out
}

// pkgVar returns the package-level variable e names (X or pkg.X), if it
// does.
func pkgVar(info *types.Info, e ast.Expr) *types.Var {
	id := astx.Name(ast.Unparen(e))
	if id == nil {
		return nil
	}
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		if _, isPkg := info.Uses[astx.Name(sel.X)].(*types.PkgName); !isPkg {
			return nil // a field
		}
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || v.Kind() != types.PackageVar {
		return nil
	}
	return v
}

// pkgVarHolders reports whether this package declares a package variable
// holding a flag, or imports a package that may (its holder facts): its
// reads may be given to fields and parameters, derived values in turn.
func (f *finder) pkgVarHolders() bool {
	for v, h := range f.holders {
		if h != nil && v.Kind() == types.PackageVar {
			return true
		}
	}
	return f.importsHolders()
}

// pkgVarHolder returns the package variable e names and its fact, when
// it holds a flag.
func (f *finder) pkgVarHolder(e ast.Expr) (*types.Var, *HolderFact) {
	v := pkgVar(f.pass.TypesInfo, e)
	if v == nil {
		return nil, nil
	}
	if h := f.holderOf(v); h != nil {
		return v, h
	}
	return nil, nil
}

// addressedHolder returns the holder variable a flag argument gives the
// address of (&features.X), and reports whether the argument is an
// address at all: the address of any other variable names no flag.
func (f *finder) addressedHolder(arg ast.Expr) (*types.Var, *HolderFact, bool) {
	u, ok := ast.Unparen(arg).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, nil, false
	}
	v, h := f.pkgVarHolder(u.X)
	if v != nil {
		if f.heldArgs == nil {
			f.heldArgs = make(map[*ast.Ident]bool)
		}
		f.heldArgs[astx.Name(ast.Unparen(u.X))] = true
	}
	return v, h, true
}

// addPkgVarStore records an assignment to a package variable holding a
// flag: a constant, or anything a test stores, is an override; anything
// else a Use.
func (f *finder) addPkgVarStore(as *ast.AssignStmt, seenIDs map[*ast.Ident]bool) {
	for i, l := range as.Lhs {
		v, h := f.pkgVarHolder(l)
		if v == nil {
			continue
		}
		l = ast.Unparen(l)
		seenIDs[astx.Name(l)] = true
		if len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Tok == token.ASSIGN {
			if tv, ok := f.pass.TypesInfo.Types[as.Rhs[i]]; ok && tv.Value != nil || f.inTestFile(as.Pos()) {
				f.add(&Ref{Kind: Override, Form: config.FormMap, Node: l, Key: l, Flag: h.Flag, Value: as.Rhs[i], Via: ViaField, Holder: v})
				continue
			}
		}
		f.add(&Ref{Kind: Use, Node: l, Key: l, Flag: h.Flag, Via: ViaField, Holder: v})
	}
}

// addPkgVarRead records a read of a package variable holding a flag, X
// or pkg.X (a check), or its address taken other than for an override
// (a Use).
func (f *finder) addPkgVarRead(e ast.Expr, addressed bool, seenIDs map[*ast.Ident]bool) {
	id := astx.Name(e)
	if id == nil || seenIDs[id] || f.heldArgs[id] {
		return
	}
	v, h := f.pkgVarHolder(e)
	if v == nil {
		return
	}
	seenIDs[id] = true
	kind := Check
	if addressed {
		kind = Use
	}
	f.add(&Ref{Kind: kind, Node: e, Key: e, Flag: h.Flag, Via: ViaField, Holder: v})
}
