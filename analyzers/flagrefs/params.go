package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"strings"

	"github.com/flagsweep/flagsweep/config"
)

// Parameters holding a property. A service often hands a flag's property
// to the constructor of what uses it, which keeps it in a field of its own
// and calls it there:
//
//	limiter.New(tokens, cfg.ReducePriority)           // the binding
//
//	func New(tokens map[string]int, reducePriority settings.Prop) *Limiter {
//		return &Limiter{tokens: tokens, reducePriority: reducePriority}
//	}
//	if l.reducePriority() && longPoll {               // a read
//
//	New(tokens, func() bool { return true })         // a fixed value, in a test
//
// A parameter of a function type returning bool, of a function (not a
// method: an interface may require its signature) whose every call
// outside the test files passes a property of the same flag, holds that
// property like a field. So does an exported function's bool parameter
// every such call passes the flag's check (Dapr's
// GetSubscriptionsHTTP(…, resiliencyEnabled bool), given
// IsFeatureEnabled(Resiliency)): its reads are checks, a test's constant
// a write (an unexported function's is flagParams', in the removal). A
// holder parameter: a field given it holds it too, a call of it is a
// check, a test's fixed value is a write of that value, and anything else
// a test passes is a Use left for a human. Its references are those of a
// holder field (Holder the parameter): the Declare reference is the
// parameter's name, and each argument is a binding or a write, deleted
// with the parameter. The function must only be called: used as a value
// (handed to a dependency injector, stored in a variable), its signature
// is part of a contract flagsweep cannot see. Nor may its body write the
// parameter.
//
// The calls may be in other packages (the constructor's callers usually
// are): a package passing a property to another package's function
// reports the parameter in Result.Foreign, as it does for a field; one
// using such a function as a value, or passing it anything else outside
// its tests, reports it as a veto (a ForeignHolder with no flag). The
// second run then gives the parameter's own package the verdict.

// isProperty reports whether t is a function type returning one bool: the
// type of a property.
func isProperty(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() == 1 && isBool(sig.Results().At(0).Type())
}

// mayHold reports whether parameter p of fn may hold a flag: a property,
// or the flag's value in an exported function's bool parameter (an
// unexported function's is flagParams' in the removal, which also
// follows its tests' tables).
func mayHold(cfg *config.Config, fn *types.Func, p *types.Var) bool {
	if p.Name() == "" || p.Name() == "_" {
		return false // unnamed: nothing to delete it by
	}
	if cfg != nil && cfg.KeepUnusedExported && fn.Exported() && !strings.Contains(fn.Pkg().Path()+"/", "/internal/") {
		return false // a library's API: its signatures stay
	}
	return isProperty(p.Type()) || fn.Exported() && types.Identical(p.Type(), types.Typ[types.Bool])
}

// holds returns what a value derived from a flag gives parameter p: the
// flag when it is of p's kind (a property for a property, the flag's
// value for a bool), else "".
func holds(p *types.Var, flag, constructor string) string {
	if isProperty(p.Type()) != (constructor != "") {
		return ""
	}
	return flag
}

// paramsOf returns the parameters a call binds, in argument order, when
// it calls a function (not a method, not generic, not through ... or a
// variadic tail); nil otherwise.
func paramsOf(info *types.Info, call *ast.CallExpr) (*types.Func, []*types.Var) {
	fn := callee(info, call)
	if fn == nil || call.Ellipsis.IsValid() {
		return nil, nil
	}
	sig := fn.Signature()
	if sig.Recv() != nil || sig.TypeParams().Len() > 0 {
		return nil, nil
	}
	n := sig.Params().Len()
	if sig.Variadic() {
		n--
	}
	out := make([]*types.Var, 0, n)
	for i := 0; i < n && i < len(call.Args); i++ {
		out = append(out, sig.Params().At(i))
	}
	return fn, out
}

// deriveParams records the parameters of this package's functions that
// hold a flag's property (see above), and reports whether it found new
// ones; the parameters of other packages' functions are collected for
// Result.Foreign (see flushParams).
func (f *finder) deriveParams(derived func(ast.Expr) (string, string)) bool {
	info := f.pass.TypesInfo
	found := make(map[*types.Var]*HolderFact)
	owner := make(map[*types.Var]*types.Func)
	bad := maps.Clone(f.paramVetoes())
	var order []*types.Var
	f.ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn, params := paramsOf(info, call)
		if fn == nil {
			return
		}
		test := f.inTestFile(call.Pos())
		for i, p := range params {
			if !mayHold(f.res.config, fn, p) {
				continue
			}
			flag, constructor := derived(call.Args[i])
			flag = holds(p, flag, constructor)
			if flag == "" && test {
				continue // a test's value: a write, or a Use left for a human
			}
			if fn.Pkg() != f.pass.Pkg {
				// A binding the parameter's package may not know of
				// yet, or a veto it must hear even once it holds the
				// flag.
				if h := f.holderOf(p); h == nil || h.Flag != flag {
					f.reportParam(p, fn, HolderFact{Flag: flag, Constructor: constructor}, h != nil)
				}
				continue
			}
			switch old := found[p]; {
			case flag == "" || old != nil && old.Flag != flag:
				bad[p] = true
			case old == nil:
				found[p] = &HolderFact{Flag: flag, Constructor: constructor}
				owner[p] = fn
				order = append(order, p)
			}
		}
	})
	// The parameters other packages bind, provided by the driver.
	if hs := providedFor(f.res.config); len(hs) > 0 {
		f.ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
			fd := n.(*ast.FuncDecl)
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fd.Recv != nil || fd.Body == nil || fd.Type.TypeParams != nil || fn == nil {
				return
			}
			for _, field := range fd.Type.Params.List {
				for _, name := range field.Names {
					p, ok := info.Defs[name].(*types.Var)
					if !ok {
						continue
					}
					h, ok := hs[f.paramKey(p, fn)]
					if ok && h.Flag == "" {
						bad[p] = true // another package gives it something else
					}
					if !ok || h.Flag == "" || holds(p, h.Flag, h.Constructor) == "" {
						continue
					}
					if old := found[p]; old != nil && old.Flag != h.Flag {
						bad[p] = true
					} else if old == nil {
						fact := h
						found[p] = &fact
						owner[p] = fn
						order = append(order, p)
					}
				}
			}
		})
	}
	added := false
	for _, p := range order {
		if bad[p] || f.holders[p] != nil {
			continue
		}
		if fn := owner[p]; fn == nil || !f.declaredHere(fn) {
			continue
		}
		fact := found[p]
		f.holders[p] = fact
		f.pass.ExportObjectFact(p, fact)
		f.holderDecl(p, fact)
		added = true
	}
	return added
}

// declaredHere reports whether fn is a function of this package with a
// body in its files (not in an excluded file, nor assembly).
func (f *finder) declaredHere(fn *types.Func) bool {
	if fn.Pkg() != f.pass.Pkg {
		return false
	}
	for _, file := range f.pass.Files {
		if file.FileStart <= fn.Pos() && fn.Pos() < file.FileEnd {
			return true
		}
	}
	return false
}

// paramHolder returns the fact of a parameter holding a flag's property,
// when id names one.
func (f *finder) paramHolder(id *ast.Ident) (*types.Var, *HolderFact) {
	v, ok := f.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Kind() != types.ParamVar {
		return nil, nil
	}
	if h := f.holderOf(v); h != nil {
		return v, h
	}
	return nil, nil
}

// markHanded marks a holder handed on as it is (a field's property,
// or a parameter holding one) as accounted for by the binding it is in.
func markHanded(value ast.Expr, seen map[*ast.SelectorExpr]bool, seenIDs map[*ast.Ident]bool) {
	switch v := ast.Unparen(value).(type) {
	case *ast.SelectorExpr:
		seen[v] = true
	case *ast.Ident:
		seenIDs[v] = true
	}
}

// addParamArgs records the arguments a call passes for parameters holding
// a flag's property: the binding (a property of the same flag), a fixed
// value (a fixed property, a literal returning a constant), or anything
// else (a Use, left for a human).
func (f *finder) addParamArgs(call *ast.CallExpr, seen map[*ast.SelectorExpr]bool, seenIDs map[*ast.Ident]bool) {
	fn, params := paramsOf(f.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	for i, p := range params {
		h := f.holderOf(p)
		if h == nil {
			continue
		}
		arg := call.Args[i]
		if flag, constructor := f.derived(arg); holds(p, flag, constructor) == h.Flag {
			markHanded(arg, seen, seenIDs)
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: arg, Key: arg, Flag: h.Flag, Via: ViaField, Holder: p})
			continue
		}
		if h.Constructor != "" {
			if v, ok := f.fixedValue(arg, h.Constructor); ok {
				f.add(&Ref{Kind: Override, Form: config.FormMap, Node: arg, Key: arg, Flag: h.Flag, Value: v, Via: ViaField, Holder: p})
				continue
			}
		} else if tv, ok := f.pass.TypesInfo.Types[arg]; ok && tv.Value != nil {
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: arg, Key: arg, Flag: h.Flag, Value: arg, Via: ViaField, Holder: p})
			continue
		}
		f.add(&Ref{Kind: Use, Node: arg, Key: arg, Flag: h.Flag, Via: ViaField, Holder: p})
	}
}

// addParamUse records a use of a parameter holding a flag's property
// other than a call of it or a binding: handed on otherwise, it is left
// for a human.
func (f *finder) addParamUse(id *ast.Ident, seenIDs map[*ast.Ident]bool) {
	if seenIDs[id] {
		return
	}
	if p, h := f.paramHolder(id); h != nil {
		if h.Constructor == "" {
			// A read of a bool parameter holding the flag's value.
			f.add(&Ref{Kind: Check, Node: id, Key: id, Flag: h.Flag, Via: ViaField, Holder: p})
			return
		}
		f.add(&Ref{Kind: Use, Node: id, Key: id, Flag: h.Flag, Via: ViaField, Holder: p})
	}
}

// ParamOwner returns the package-level function (not a method) declaring
// parameter p, or nil.
func ParamOwner(p *types.Var) *types.Func {
	if p.Pkg() == nil {
		return nil
	}
	scope := p.Pkg().Scope()
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok {
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if params.At(i) == p {
				return fn
			}
		}
	}
	return nil
}

// paramVetoes returns the parameters that cannot hold a flag whatever
// they are given, computed once: those of this package's functions used
// as values (their signatures are contracts flagsweep cannot see), and
// those their functions write. It reports the parameters of other
// packages' functions used as values here as vetoes.
func (f *finder) paramVetoes() map[*types.Var]bool {
	if f.vetoed != nil {
		return f.vetoed
	}
	info := f.pass.TypesInfo
	f.vetoed = make(map[*types.Var]bool)
	called := make(map[*ast.Ident]bool)
	f.ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		switch fun := ast.Unparen(n.(*ast.CallExpr).Fun).(type) {
		case *ast.Ident:
			called[fun] = true
		case *ast.SelectorExpr:
			called[fun.Sel] = true
		}
	})
	param := func(id *ast.Ident) {
		if v, ok := info.Uses[id].(*types.Var); ok && v.Kind() == types.ParamVar {
			f.vetoed[v] = true
		}
	}
	f.ins.Preorder([]ast.Node{(*ast.Ident)(nil), (*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Ident:
			fn, ok := info.Uses[n].(*types.Func)
			if !ok || called[n] || fn.Signature().Recv() != nil {
				return
			}
			for i := range fn.Signature().Params().Len() {
				p := fn.Signature().Params().At(i)
				if !mayHold(f.res.config, fn, p) {
					continue
				}
				if fn.Pkg() == f.pass.Pkg {
					f.vetoed[p] = true
				} else {
					f.reportParam(p, fn, HolderFact{}, f.holderOf(p) != nil)
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						param(id)
					}
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				param(id)
			}
		}
	})
	return f.vetoed
}

// reportParam records what this package gives another package's
// parameter p of fn: a flag's property or value (a binding), or nothing
// (a veto); two different flags are a veto too.
func (f *finder) reportParam(p *types.Var, fn *types.Func, fact HolderFact, held bool) {
	k := f.paramKey(p, fn)
	if f.paramForeign == nil {
		f.paramForeign = make(map[HolderKey]ForeignHolder)
	}
	if old, ok := f.paramForeign[k]; ok {
		if old.Fact.Flag != fact.Flag {
			f.paramForeign[k] = ForeignHolder{Key: k, Held: old.Held || held}
		}
		return
	}
	f.paramForeign[k] = ForeignHolder{Key: k, Fact: fact, Held: held}
	f.paramOrder = append(f.paramOrder, k)
}

// flushParams adds what this package gives other packages' parameters
// to Result.Foreign, once its holders are all found.
func (f *finder) flushParams() {
	for _, k := range f.paramOrder {
		f.res.Foreign = append(f.res.Foreign, f.paramForeign[k])
	}
}

// paramKey is holderKey for parameter p of fn.
func (f *finder) paramKey(p *types.Var, fn *types.Func) HolderKey {
	k := f.holderKey(p)
	k.Func = fn.Name()
	return k
}
