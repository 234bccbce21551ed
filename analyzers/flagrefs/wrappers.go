package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
)

// findHandles records every variable initialised by a handle constructor,
// exporting package-level ones as facts so that other packages recognise
// their method calls.
func (f *finder) findHandles() {
	info := f.pass.TypesInfo
	f.declCalls = make(map[*ast.CallExpr]bool)
	// A variable declared without a value and given one by a single
	// assignment (var g *Gate … func init() { g = reg.MustRegister(…) },
	// Jaeger's way) is a handle as much as one initialised in its
	// declaration: the assignment is its declaration. Assigned more
	// than once, or its address taken, it may hold anything.
	var assigned map[*types.Var]int
	record := func(id *ast.Ident, val ast.Expr, late bool) {
		call, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok {
			return
		}
		fn := callee(info, call)
		if fn == nil {
			return
		}
		h, ok := f.m.handle(fn.FullName())
		if !ok || h.Name >= len(call.Args) || f.setting(call, fn.FullName()) {
			return
		}
		v, _ := info.Defs[id].(*types.Var)
		if late {
			if assigned == nil {
				assigned = lateAssigned(f)
			}
			v, _ = info.Uses[id].(*types.Var)
			if v != nil && assigned[v] != 1 {
				return
			}
		}
		if v == nil {
			return
		}
		keyExpr := call.Args[h.Name]
		if list := astx.NameList(info, keyExpr); list != nil {
			keyExpr = list[0] // the name; the others are its keys (see godefs)
		}
		flag, isConst := key(info, keyExpr)
		if inner, ok := f.wrapped(keyExpr); ok {
			// A handle wrapping a registration (or another handle) is
			// that gate: NewRenamedGate(reg.MustRegister("x", …), …).
			flag, isConst = inner, true
			for _, i := range append([]int{h.Name}, h.Aliases...) {
				if i < len(call.Args) {
					if c, ok := ast.Unparen(call.Args[i]).(*ast.CallExpr); ok {
						f.declCalls[c] = true // the wrapper's declaration covers them
					}
				}
			}
		}
		fact := &HandleFact{Flag: flag, Constructor: fn.FullName()}
		f.handles[v] = fact
		if v.Parent() == f.pass.Pkg.Scope() {
			f.pass.ExportObjectFact(v, fact)
		}
		f.declCalls[call] = true
		f.add(&Ref{Kind: Declare, Call: call, Key: keyExpr, Flag: flag, Dynamic: !isConst, Via: fn.FullName(), Handle: v})
	}
	// A registration wrapper's own registration forwards its caller's
	// key: the wrapper's calls are the declarations, not its body.
	for _, file := range f.pass.Files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, _ := info.Defs[fd.Name].(*types.Func); fn != nil {
					if _, ok := f.m.handle(fn.FullName()); ok || f.m.isConstructor(fn.FullName()) {
						f.ctorBodies = append(f.ctorBodies, fd.Body)
					}
				}
			}
		}
	}
	f.ins.Preorder([]ast.Node{(*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil)}, func(n ast.Node) {
		if f.inHandleConstructor(n) {
			return
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i, id := range n.Names {
					record(id, n.Values[i], false)
				}
			}
		case *ast.AssignStmt:
			if (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) && len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						record(id, n.Rhs[i], n.Tok == token.ASSIGN)
					}
				}
			}
		}
	})
}

// inHandleConstructor reports whether n lies in the body of a function of
// the package that is itself a configured handle constructor (a
// registration wrapper, see godefs.Wrappers).
func (f *finder) inHandleConstructor(n ast.Node) bool {
	for _, b := range f.ctorBodies {
		if b.Pos() <= n.Pos() && n.End() <= b.End() {
			return true
		}
	}
	return false
}

// wrapped returns the flag a handle constructor's name argument is, when
// that argument is not a key but a registration (a call of another handle
// constructor, with a constant key) or a handle variable: a handle that
// wraps a gate is that gate.
func (f *finder) wrapped(arg ast.Expr) (string, bool) {
	info := f.pass.TypesInfo
	switch e := ast.Unparen(arg).(type) {
	case *ast.CallExpr:
		fn := callee(info, e)
		if fn == nil {
			return "", false
		}
		if h, ok := f.m.handle(fn.FullName()); ok && h.Name < len(e.Args) {
			return key(info, e.Args[h.Name])
		}
	case *ast.Ident, *ast.SelectorExpr:
		id, _ := e.(*ast.Ident)
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		}
		if v, _ := info.Uses[id].(*types.Var); v != nil {
			if h := f.handleOf(v); h != nil && h.Flag != "" {
				return h.Flag, true
			}
		}
	}
	return "", false
}

// lateAssigned counts, for each package-level variable declared without
// a value, the places that may give it one: assignments to it, and its
// address taken. A variable of another package or with an initialiser
// is left out, so it never counts as assigned once.
func lateAssigned(f *finder) map[*types.Var]int {
	info := f.pass.TypesInfo
	out := make(map[*types.Var]int)
	f.ins.Preorder([]ast.Node{(*ast.ValueSpec)(nil)}, func(n ast.Node) {
		vs := n.(*ast.ValueSpec)
		if len(vs.Values) > 0 {
			return
		}
		for _, id := range vs.Names {
			if v, ok := info.Defs[id].(*types.Var); ok && v.Parent() == f.pass.Pkg.Scope() {
				out[v] = 0
			}
		}
	})
	count := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				if _, late := out[v]; late {
					out[v]++
				}
			}
		}
	}
	f.ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.IncDecStmt)(nil), (*ast.RangeStmt)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				count(lhs)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				count(n.X)
			}
		case *ast.IncDecStmt:
			count(n.X)
		case *ast.RangeStmt:
			count(n.Key)
			count(n.Value)
		}
	})
	return out
}

func (f *finder) isHandleDecl(call *ast.CallExpr) bool { return f.declCalls[call] }

// findWrappers finds the functions of the package whose parameter flows
// unchanged into the key of an accessor (or of another wrapper), repeating
// until no more are found so that wrappers of wrappers count too.
func (f *finder) findWrappers() {
	f.forwards = make(map[*ast.CallExpr]bool)
	var decls []*ast.FuncDecl
	for _, file := range f.pass.Files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				decls = append(decls, fd)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fd := range decls {
			fn, _ := f.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || f.wrappers[fn] != nil {
				continue
			}
			w := f.wrapperFact(fd, fn)
			if w == nil {
				w = f.chooserFact(fd, fn)
			}
			if w == nil {
				w = f.overrideWrapperFact(fd, fn)
			}
			if w != nil {
				f.wrappers[fn] = w
				f.pass.ExportObjectFact(fn, w)
				changed = true
			}
		}
	}
}

// wrapperFact returns the fact for fd if it is a wrapper: a parameter
// flows unchanged into the key of a check, and the function returns that
// check's value — the call itself, its negation, or a variable holding it.
// A function that merely uses its parameter as a key among other work
// (func Serve(ctx, key string) string) is not a wrapper: its check is
// dynamic.
func (f *finder) wrapperFact(fd *ast.FuncDecl, fn *types.Func) *WrapperFact {
	info := f.pass.TypesInfo
	sig := fn.Signature()
	params := sig.Params()
	if params.Len() == 0 || sig.Results().Len() == 0 || !isBool(sig.Results().At(0).Type()) {
		return nil
	}
	assigned := assignedVars(info, fd.Body)
	var found *WrapperFact
	var forward *ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false // a closure's checks are the closure's
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if i, negated, ok := f.checksParam(fn, call, assigned); ok {
			found = &WrapperFact{Key: i, Negated: negated}
			forward = call
			return false
		}
		return true
	})
	if found == nil {
		return nil
	}
	returned, negatedReturn := returnsCheck(info, fd.Body, forward)
	if !returned {
		return nil
	}
	if negatedReturn {
		found.Negated = !found.Negated
	}
	f.forwards[forward] = true
	// Direct: the body is exactly `return check` or `return !check`.
	if len(fd.Body.List) == 1 {
		if ret, ok := fd.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			e := ast.Unparen(ret.Results[0])
			if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
				e = ast.Unparen(u.X)
			}
			found.Direct = e == forward
		}
	}
	return found
}

// checksParam reports whether call checks the flag one of fn's
// parameters names: it passes the parameter, unchanged, as the key of an
// accessor or wrapper, or calls a handle method on it (a handle passed as
// a value: func on(ctx context.Context, f featureflag.FeatureFlag) bool {
// return f.IsEnabled(ctx) }).
func (f *finder) checksParam(fn *types.Func, call *ast.CallExpr, assigned map[*types.Var]bool) (index int, negated, ok bool) {
	info := f.pass.TypesInfo
	c := callee(info, call)
	if c == nil {
		return 0, false, false
	}
	var keyExpr ast.Expr
	if a, ok := f.m.accessor(c.FullName()); ok && a.Key < len(call.Args) {
		keyExpr, negated = call.Args[a.Key], a.Negated
	} else if w := f.wrapperOf(c); w != nil && c != fn && w.Key < len(call.Args) {
		keyExpr, negated = call.Args[w.Key], w.Negated
	} else if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if is, neg := f.m.handleTypeMethod(c); is {
			keyExpr, negated = sel.X, neg
		}
	}
	if keyExpr == nil {
		return 0, false, false
	}
	id, isID := ast.Unparen(keyExpr).(*ast.Ident)
	if !isID {
		return 0, false, false
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || assigned[v] {
		return 0, false, false
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v {
			return i, negated, true
		}
	}
	return 0, false, false
}

// chooserFact returns the fact for fd if it chooses between two of its
// parameters by a flag one names, its whole body being
//
//	if check(flag) { return a }
//	return b
//
// (Gitaly's testhelper.EnabledOrDisabledFlag(ctx, flag, enabled,
// disabled)). A call is the chosen argument once the flag is constant.
func (f *finder) chooserFact(fd *ast.FuncDecl, fn *types.Func) *WrapperFact {
	info := f.pass.TypesInfo
	sig := fn.Signature()
	if sig.Results().Len() != 1 || len(fd.Body.List) != 2 {
		return nil
	}
	ifs, ok := fd.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil
	}
	param := func(st ast.Stmt) int {
		ret, ok := st.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return -1
		}
		id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
		if !ok {
			return -1
		}
		for i := range sig.Params().Len() {
			if info.Uses[id] == sig.Params().At(i) {
				return i
			}
		}
		return -1
	}
	on, off := param(ifs.Body.List[0]), param(fd.Body.List[1])
	if on < 0 || off < 0 {
		return nil
	}
	cond, negatedCond := ast.Unparen(ifs.Cond), false
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		cond, negatedCond = ast.Unparen(u.X), true
	}
	call, ok := cond.(*ast.CallExpr)
	if !ok {
		return nil
	}
	i, negated, ok := f.checksParam(fn, call, assignedVars(info, fd.Body))
	if !ok || i == on || i == off {
		return nil
	}
	if negated != negatedCond {
		on, off = off, on
	}
	f.forwards[call] = true
	return &WrapperFact{Key: i, Choose: true, On: on, Off: off}
}

// returnsCheck reports whether some return statement of body (outside
// closures) returns check's value as its first result: the call, its
// negation, or a variable defined from it and never reassigned.
func returnsCheck(info *types.Info, body *ast.BlockStmt, check *ast.CallExpr) (ok, negated bool) {
	holders := make(map[*types.Var]bool)
	assigns := make(map[*types.Var]int)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := l.(*ast.Ident)
				if !isID {
					continue
				}
				v, _ := info.ObjectOf(id).(*types.Var)
				if v == nil {
					continue
				}
				assigns[v]++
				if i == 0 && len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == check ||
					i < len(n.Rhs) && len(n.Rhs) == len(n.Lhs) && ast.Unparen(n.Rhs[i]) == check {
					holders[v] = true
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, _ := info.Defs[id].(*types.Var); v != nil && i < len(n.Values) && ast.Unparen(n.Values[i]) == check {
					holders[v] = true
					assigns[v]++
				}
			}
		}
		return true
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				return true
			}
			e := ast.Unparen(n.Results[0])
			neg := false
			if u, isNot := e.(*ast.UnaryExpr); isNot && u.Op == token.NOT {
				e, neg = ast.Unparen(u.X), true
			}
			if e == check {
				ok, negated = true, neg
			} else if id, isID := e.(*ast.Ident); isID {
				if v, _ := info.Uses[id].(*types.Var); v != nil && holders[v] && assigns[v] == 1 {
					ok, negated = true, neg
				}
			}
		}
		return true
	})
	return ok, negated
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// assignedVars returns the variables assigned (or whose address is taken)
// in body: a parameter that changes does not flow "unchanged".
// findAliases records the variables that only name a handle as that
// handle: package-level ones (var A = metadata.X, never assigned), for
// importers too, and locals (gate := features.X, never assigned again).
// A check or override through the alias is one through the handle. A
// local alias goes as an unused local once its uses are rewritten, a
// package-level one with the handle (rewrite's deleteAliases); a use
// left keeps the handle, which the removal's verification then finds
// still named.
func (f *finder) findAliases() {
	info := f.pass.TypesInfo
	f.aliasInits = make(map[*ast.Ident]bool)
	// A package-level variable that only names a handle (the
	// collector's pipelines.AllowNoPipelines =
	// metadata.ServiceAllowNoPipelinesFeatureGate, re-exporting an
	// internal package's gate) is that handle too, for the package's
	// importers as well. Once the removal has rewritten its checks
	// nothing uses it, and it goes like any declaration left unused.
	var pkgAssigned map[*types.Var]bool
	for _, file := range f.pass.Files {
		for _, a := range astx.VarAliases(info, file) {
			if f.handles[a.Var] != nil {
				continue
			}
			fact := f.handleOf(a.Of)
			if fact == nil {
				continue
			}
			if pkgAssigned == nil {
				pkgAssigned = packageAssigned(info, f.pass.Files)
			}
			if pkgAssigned[a.Var] {
				continue
			}
			f.handles[a.Var] = fact
			f.pass.ExportObjectFact(a.Var, fact)
			if name := astx.Name(a.Value); name != nil {
				f.aliasInits[name] = true
			}
		}
	}
	assigned := make(map[*ast.FuncDecl]map[*types.Var]bool) // by function, computed once
	f.ins.WithStack([]ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		as := n.(*ast.AssignStmt)
		if !push || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		var fd *ast.FuncDecl
		for i := len(stack) - 1; i >= 0 && fd == nil; i-- {
			fd, _ = stack[i].(*ast.FuncDecl)
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if fd == nil || fd.Body == nil || !ok {
			return true
		}
		alias, _ := info.Defs[id].(*types.Var)
		h := f.handleVar(as.Rhs[0])
		if alias == nil || h == nil {
			return true
		}
		fact := f.handleOf(h)
		if fact == nil {
			return true
		}
		if assigned[fd] == nil {
			assigned[fd] = assignedVars(info, fd.Body)
		}
		if assigned[fd][alias] {
			return true
		}
		f.handles[alias] = fact
		if name := astx.Name(as.Rhs[0]); name != nil {
			f.aliasInits[name] = true
		}
		return true
	})

}

// packageAssigned returns the variables assigned, incremented or
// address-taken anywhere in files.
func packageAssigned(info *types.Info, files []*ast.File) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	for _, file := range files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				for v := range assignedVars(info, fd.Body) {
					out[v] = true
				}
			}
		}
	}
	return out
}

func assignedVars(info *types.Info, body *ast.BlockStmt) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				out[v] = true
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		}
		return true
	})
	return out
}

// overrideWrapperFact returns the fact for fd if its whole body forwards
// two of its parameters, unchanged, as the flag and the value of a
// configured test override (or of another override wrapper):
//
//	func SetFeatureGateDuringTest(tb testing.TB, f featuregate.Feature, v bool) {
//		featuregatetesting.SetFeatureGateDuringTest(tb, utilfeature.DefaultFeatureGate, f, v)
//	}
//
// A call of it forces the flag like the override it wraps. Anything more
// in the body (a log line, a second override) and it is no wrapper: its
// override stays a dynamic one, and its calls are not references.
func (f *finder) overrideWrapperFact(fd *ast.FuncDecl, fn *types.Func) *WrapperFact {
	if len(fd.Body.List) != 1 {
		return nil
	}
	st, ok := fd.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := ast.Unparen(st.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	c := callee(f.pass.TypesInfo, call)
	if c == nil || c == fn {
		return nil
	}
	var flagIdx, valueIdx int
	if o, ok := f.m.override(c.FullName()); ok && o.Form == config.FormCall {
		flagIdx, valueIdx = o.Flag, o.Value
	} else if w := f.wrapperOf(c); w != nil && w.Override {
		flagIdx, valueIdx = w.Key, w.Value
	} else {
		return nil
	}
	if flagIdx >= len(call.Args) || valueIdx < 0 || valueIdx >= len(call.Args) {
		return nil // a reset (no value) makes no override wrapper
	}
	pf, pv := f.paramIndex(fn, call.Args[flagIdx]), f.paramIndex(fn, call.Args[valueIdx])
	if pf < 0 || pv < 0 {
		return nil
	}
	return &WrapperFact{Override: true, Key: pf, Value: pv}
}

// paramIndex returns the index of the parameter an expression is, or -1.
func (f *finder) paramIndex(fn *types.Func, e ast.Expr) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, _ := f.pass.TypesInfo.Uses[id].(*types.Var)
	params := fn.Signature().Params()
	for i := range params.Len() {
		if v != nil && params.At(i) == v {
			return i
		}
	}
	return -1
}
