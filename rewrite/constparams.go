package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Constant parameters. A removal often leaves an unexported function
// whose every call now passes the same constant for a parameter that
// carried the flag's value:
//
//	useStructuredErrors := featureflag.X.IsEnabled(ctx)   // folded to true
//	validate(useStructuredErrors, path)                    // validate(true, path)
//
//	func validate(useStructuredErrors bool, path string) error {
//		if useStructuredErrors { … }
//
// The parameter is a value derived from the flag alone, and folds like
// it: it leaves the signature and every call, and its uses in the body
// become the constant, which the next round simplifies. Only a parameter
// whose calls agreed on no constant before the removal is touched (one
// always called with true is the project's design, not the flag's), of
// type bool (a named bool may have methods a literal lacks), of a
// function only ever called directly, whose body never assigns it or
// takes its address.

// constArgs returns, for each parameter of each unexported function
// ("f#i", as paramUses), the constant boolean every direct call passes
// ("true" or "false"; mixedConsts when they pass constants that
// disagree), or "" when the calls pass anything else or the function is
// used as a value; and, for each such function ("f#return"), the
// constant its whole body returns (see constResult).
func constArgs(info *types.Info, files []*ast.File) map[string]string {
	out := make(map[string]string)
	funcs := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil && !token.IsExported(fd.Name.Name) && fd.Type.TypeParams == nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok && !fn.Signature().Variadic() {
					funcs[fn] = fd
				}
			}
		}
	}
	if len(funcs) == 0 {
		return out
	}
	calls := make(map[*types.Func][]*ast.CallExpr)
	asValue := make(map[*types.Func]bool)
	for _, f := range files {
		callee := make(map[*ast.Ident]*ast.CallExpr)
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
					callee[id] = c
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			fn, ok := info.Uses[id].(*types.Func)
			if !ok || funcs[fn] == nil {
				return true
			}
			if c, ok := callee[id]; ok && !c.Ellipsis.IsValid() {
				calls[fn] = append(calls[fn], c)
			} else {
				asValue[fn] = true
			}
			return true
		})
	}
	for fn, fd := range funcs {
		out[fd.Name.Name+"#return"] = constResult(info, fn, fd)
		n := fn.Signature().Params().Len()
		for i := range n {
			key := fmt.Sprintf("%s#%d", fd.Name.Name, i)
			out[key] = ""
			if asValue[fn] || len(calls[fn]) == 0 {
				continue
			}
			v := ""
			for _, c := range calls[fn] {
				s := constBoolText(info, c.Args, i)
				if s == "" {
					v = ""
					break
				}
				if v != "" && s != v {
					v = mixedConsts
				}
				if v != mixedConsts {
					v = s
				}
			}
			out[key] = v
		}
	}
	return out
}

// constResult returns "true" or "false" for a function whose whole body
// returns that constant and whose one result is a bool, "" otherwise.
func constResult(info *types.Info, fn *types.Func, fd *ast.FuncDecl) string {
	res := fn.Signature().Results()
	if res.Len() != 1 || !types.Identical(res.At(0).Type(), types.Typ[types.Bool]) || len(fd.Body.List) != 1 {
		return ""
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return ""
	}
	return constBoolText(info, ret.Results, 0)
}

// mixedConsts marks a parameter every call passes a constant that not all
// agree on: setFeature(key, DefaultX, &f.X), one call per flag. It
// carried no flag's value — each call its own constant —, so a removal
// deleting the other calls leaves it be.
const mixedConsts = "mixed"

// constBoolText returns "true" or "false" for a constant boolean
// argument i, "" for anything else.
func constBoolText(info *types.Info, args []ast.Expr, i int) string {
	if i >= len(args) {
		return ""
	}
	tv, ok := info.Types[args[i]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return ""
	}
	if constant.BoolVal(tv.Value) {
		return "true"
	}
	return "false"
}

// constParams folds the parameters the removal made constant (see
// above), after the functions it left returning one (constResults). One
// parameter per function a round, as unusedParams.
func (r *remover) constParams(files []*ast.File, info *types.Info, src map[string][]byte, before map[string]string, ed map[string]*editor) {
	now := constArgs(info, files)
	sfs, funcs := r.paramFuncs(files, info, src, false)
	folded := r.constResults(info, sfs, funcs, now, before, ed)
	for _, pf := range funcs {
		if folded[pf.fd] {
			continue // its calls are gone: its parameters with them
		}
		sf, fd, fn, params, fields := pf.sf, pf.fd, pf.fn, pf.params, pf.fields
		for i, p := range params {
			key := fmt.Sprintf("%s#%d", fd.Name.Name, i)
			val, was := now[key], before[key]
			if was == mixedConsts && r.flagCarried[paramKey(fn, i)] {
				was = "" // its calls disagreed only through the flag
			}
			if val == "" || val == mixedConsts || was != "" || p.Name == "_" {
				continue
			}
			v, _ := info.Defs[p].(*types.Var)
			if v == nil || !types.Identical(v.Type(), types.Typ[types.Bool]) || assignedIn(info, fd.Body, v) {
				continue
			}
			calls, ok := directCalls(info, fn, sfs)
			if !ok || len(calls) == 0 {
				break
			}
			g := r.nextGroup + 1
			r.nextGroup++
			e := r.editorFor(ed, sf.name)
			r.deleteParam(ed, sf, e, g, fd, fields[i], p, i, calls)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
					e.add(g, sf.off(id.Pos()), sf.off(id.End()), val)
				}
				return true
			})
			break
		}
	}
}

// constResults folds the functions the removal left returning a
// constant, and returns them:
//
//	func shouldOverrideHome(ctx context.Context) bool {
//		return !config.FromContextOrDefaults(ctx).FeatureFlags.DisableHome // return false
//	}
//
// Such a function is a check of the flag by another name; each direct
// call becomes the constant (its arguments pure, as isPure and the
// configuration's pure: say: they go with it), which the next round
// simplifies, and the function, unused then, goes. Only a function that
// did not return a constant before the removal (one that always did is
// the project's design), unexported, not a method, called only directly,
// with one bool result.
func (r *remover) constResults(info *types.Info, sfs []*srcFile, funcs []paramFunc, now, before map[string]string, ed map[string]*editor) map[*ast.FuncDecl]bool {
	folded := make(map[*ast.FuncDecl]bool)
	for _, pf := range funcs {
		key := pf.fd.Name.Name + "#return"
		val, was := now[key], before[key]
		if val == "" || was != "" {
			continue
		}
		calls, ok := directCalls(info, pf.fn, sfs)
		if !ok || len(calls) == 0 || !r.argsPure(info, calls) {
			continue
		}
		g := r.nextGroup + 1
		r.nextGroup++
		for _, c := range calls {
			e := r.editorFor(ed, c.sf.name)
			e.add(g, c.sf.off(c.call.Pos()), c.sf.off(c.call.End()), val)
		}
		folded[pf.fd] = true
	}
	return folded
}

// argsPure reports whether every argument of every call is pure: the
// calls may go.
func (r *remover) argsPure(info *types.Info, calls []callSite) bool {
	for _, c := range calls {
		for _, a := range c.call.Args {
			if !r.isPure(info, a) {
				return false
			}
		}
	}
	return true
}

// assignedIn reports whether body assigns v, increments it or takes its
// address.
func assignedIn(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}
