package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/pure"
	"golang.org/x/tools/go/types/typeutil"
)

// isPure is pure.Expr knowing the module's pure functions: a call of a
// function or method whose body only computes its result from pure
// expressions (see pureStmts) — no calls but conversions, pure builtins,
// functions known to be pure and other such functions, transitively — has
// no effect beyond its value, so dropping it changes nothing: a getter
// (func (a *Agent) Config() *Config { return a.cfg }, logrus's
// StandardLogger), Kong's featuregates.GetFeatureGatesDefaults()
// returning a map literal, or a helper like
// func sanitize(m string) string { return strings.ToLower(m) }. Its
// arguments must be pure too. The source read is the module's, or a
// dependency's in the module cache; a function without source (export
// data only, assembly) is not pure.
func (r *remover) isPure(info *types.Info, e ast.Expr) bool {
	return pure.ExprWith(info, e, func(call *ast.CallExpr) bool { return r.pureGetter(info, call) })
}

// pureGetter reports whether call calls a pure function (see isPure).
// Interface methods are not: any implementation may run.
func (r *remover) pureGetter(info *types.Info, call *ast.CallExpr) bool {
	if info == nil {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn != nil && r.pureFunc(fn)
}

// pureFunc reports whether fn's body only computes its result, memoised
// by full name. A function is assumed impure while
// its own body is being checked, so recursion ends.
func (r *remover) pureFunc(fn *types.Func) bool {
	fn = fn.Origin()
	if pure.Known(fn.FullName()) || r.vouched(fn) {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return false
	}
	if v, ok := r.getters[fn.FullName()]; ok {
		return v
	}
	if r.getters == nil {
		r.getters = make(map[string]bool)
	}
	r.getters[fn.FullName()] = false
	v := r.getterBody(fn)
	r.getters[fn.FullName()] = v
	return v
}

// getterBody finds fn's declaration in its source and reports whether its
// body only computes its result (see pureStmts).
func (r *remover) getterBody(fn *types.Func) bool {
	pos := r.prog.Fset.Position(fn.Pos())
	if pos.Filename == "" || fn.Pkg() == nil {
		return false
	}
	f := r.getterFiles[pos.Filename]
	if f == nil {
		src := r.current(pos.Filename)
		if src == nil {
			if src, _ = os.ReadFile(pos.Filename); src == nil {
				return false
			}
		}
		var err error
		if f, err = parser.ParseFile(token.NewFileSet(), pos.Filename, src, parser.SkipObjectResolution); err != nil {
			return false
		}
		if r.getterFiles == nil {
			r.getterFiles = make(map[string]*ast.File)
		}
		r.getterFiles[pos.Filename] = f // several getters share a file
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn.Name() || fd.Body == nil || (fd.Recv == nil) != (fn.Signature().Recv() == nil) {
			continue
		}
		if fd.Recv != nil && !sameRecv(fd, fn) {
			continue
		}
		c := &pureScope{file: f, pkg: fn.Pkg(), locals: make(map[string]bool), types: make(map[string]types.Type)}
		// Parameters shadow package names; their types tell what a
		// range statement ranges over.
		for _, fl := range []*ast.FieldList{fd.Recv, fd.Type.TypeParams, fd.Type.Params, fd.Type.Results} {
			if fl == nil {
				continue
			}
			for _, field := range fl.List {
				for _, n := range field.Names {
					c.locals[n.Name] = true
				}
			}
		}
		sig := fn.Signature()
		if recv := sig.Recv(); recv != nil && fd.Recv != nil && len(fd.Recv.List) == 1 && len(fd.Recv.List[0].Names) == 1 {
			c.types[fd.Recv.List[0].Names[0].Name] = recv.Type()
		}
		i := 0
		for _, field := range fd.Type.Params.List {
			for _, n := range field.Names {
				if i < sig.Params().Len() {
					c.types[n.Name] = sig.Params().At(i).Type()
				}
				i++
			}
			if len(field.Names) == 0 {
				i++
			}
		}
		c.balanced = c.balancedLocks(fd.Body)
		return len(fd.Body.List) > 0 && r.pureStmts(c, fd.Body.List)
	}
	return false
}

// A pureScope is what pureStmts knows of the function it reads: its file
// and package, to resolve calls, the names that are not the package's
// (parameters, locals), and the parameters' types.
type pureScope struct {
	file   *ast.File
	pkg    *types.Package
	locals map[string]bool
	types  map[string]types.Type
	// balanced reports that the body unlocks every sync mutex it locks
	// (balancedLocks): the lock calls are then no effect of its own.
	balanced bool
}

// lockCall returns the receiver's text of a call locking or unlocking a
// sync.Mutex or sync.RWMutex reached from a parameter (s.mu.RLock()),
// prefixed by the kind of lock ("R " or "W "), or "" for any other call.
func (c *pureScope) lockCall(call *ast.CallExpr) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return ""
	}
	t := c.typeOf(sel.X)
	t = deref(t)
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" || n.Obj().Name() != "Mutex" && n.Obj().Name() != "RWMutex" {
		return ""
	}
	kind := "W "
	switch sel.Sel.Name {
	case "RLock", "RUnlock":
		kind = "R "
	case "Lock", "Unlock":
	default:
		return ""
	}
	return kind + types.ExprString(sel.X)
}

// balancedLocks reports whether every lock a body's statements take
// (mu.Lock(), mu.RLock()) is released by as many unlocks of the same
// mutex (deferred or not): a getter reading under its lock, whose call
// then leaves nothing behind — dropping it changes nothing.
func (c *pureScope) balancedLocks(body *ast.BlockStmt) bool {
	count := make(map[string]int)
	ast.Inspect(body, func(n ast.Node) bool {
		var call *ast.CallExpr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ExprStmt:
			call, _ = n.X.(*ast.CallExpr)
		case *ast.DeferStmt:
			call = n.Call
		}
		if call == nil {
			return true
		}
		if k := c.lockCall(call); k != "" {
			name := ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel.Name
			if strings.HasSuffix(name, "Unlock") {
				count[k]--
			} else {
				count[k]++
			}
		}
		return true
	})
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// pureStmts reports whether statements only compute a result: returns,
// ifs and switches on pure conditions, locals initialised with pure
// values, and ranges over a parameter's slice, array, map or string
// (which end, and receive from no channel). workload.Status in Kueue is
// such a function: a chain of `if IsAdmitted(w) { return StatusAdmitted }`.
func (r *remover) pureStmts(c *pureScope, list []ast.Stmt) bool {
	for _, st := range list {
		if !r.effectFree(c, st) {
			return false
		}
	}
	return true
}

func (r *remover) effectFree(c *pureScope, st ast.Stmt) bool {
	expr := func(e ast.Expr) bool { return e == nil || r.pureIn(c, e) }
	switch st := st.(type) {
	case nil:
		return true
	case *ast.ReturnStmt:
		for _, x := range st.Results {
			if !expr(x) {
				return false
			}
		}
		return true
	case *ast.BlockStmt:
		return r.pureStmts(c, st.List)
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return false
		}
		for _, x := range st.Rhs {
			if !expr(x) {
				return false
			}
		}
		for _, l := range st.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				c.locals[id.Name] = true
				delete(c.types, id.Name) // a local shadowing a parameter
			}
		}
		return true
	case *ast.ExprStmt:
		// mu.RLock() in a getter reading under its lock: see balancedLocks.
		call, ok := st.X.(*ast.CallExpr)
		return ok && c.balanced && c.lockCall(call) != ""
	case *ast.DeferStmt:
		return c.balanced && c.lockCall(st.Call) != ""
	case *ast.IfStmt:
		return r.effectFree(c, st.Init) && expr(st.Cond) && r.effectFree(c, st.Body) && r.effectFree(c, st.Else)
	case *ast.SwitchStmt:
		if !r.effectFree(c, st.Init) || !expr(st.Tag) {
			return false
		}
		for _, cc := range st.Body.List {
			cc := cc.(*ast.CaseClause)
			for _, x := range cc.List {
				if !expr(x) {
					return false
				}
			}
			if !r.pureStmts(c, cc.Body) {
				return false
			}
		}
		return true
	case *ast.RangeStmt:
		if st.Tok == token.ASSIGN || !ranges(c.typeOf(st.X)) {
			return false
		}
		for _, x := range []ast.Expr{st.Key, st.Value} {
			if id, ok := x.(*ast.Ident); ok {
				c.locals[id.Name] = true
				delete(c.types, id.Name)
			}
		}
		return r.effectFree(c, st.Body)
	case *ast.BranchStmt:
		return st.Label == nil && (st.Tok == token.BREAK || st.Tok == token.CONTINUE)
	}
	return false
}

// vouched reports a function the configuration lists as pure (pure:).
func (r *remover) vouched(fn *types.Func) bool {
	for _, n := range r.p.Config.Pure {
		if n.V == fn.FullName() {
			return true
		}
	}
	return false
}

// effects says why x may have side effects, for a refusal: the first call
// in it flagsweep cannot prove pure, and how to vouch for it.
func (r *remover) effects(info *types.Info, x ast.Expr) string {
	var fn *types.Func
	if info != nil {
		ast.Inspect(x, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || fn != nil {
				return fn == nil
			}
			if f, _ := typeutil.Callee(info, call).(*types.Func); f != nil && !r.pureFunc(f) {
				fn = f
			}
			return fn == nil
		})
	}
	if fn == nil {
		return "which has side effects: rewrite it by hand, or pass --aggressive"
	}
	what := ""
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		what = ", an interface method: any implementation may run"
	}
	return fmt.Sprintf("which may have side effects (it calls %s%s): rewrite it by hand, pass --aggressive, or list %s under pure: in %s if it has none", fn.FullName(), what, fn.FullName(), config.FileName)
}

// typeOf returns the type of a parameter or of a chain of field
// selections from one (w.Status.Conditions); nil for anything else.
func (c *pureScope) typeOf(e ast.Expr) types.Type {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.types[e.Name]
	case *ast.SelectorExpr:
		t := c.typeOf(e.X)
		if t == nil {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, c.pkg, e.Sel.Name)
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			return v.Type()
		}
	case *ast.CallExpr:
		// a.Srv().Config(): a method's single result.
		if fn := c.method(e); fn != nil && fn.Signature().Results().Len() == 1 {
			return fn.Signature().Results().At(0).Type()
		}
	}
	return nil
}

// method returns the method a call calls on a value typeOf knows.
func (c *pureScope) method(call *ast.CallExpr) *types.Func {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	t := c.typeOf(sel.X)
	if t == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, c.pkg, sel.Sel.Name)
	fn, _ := obj.(*types.Func)
	return fn
}

// ranges reports whether ranging over a value of type t ends and has no
// effect: a slice, array (or pointer to one), map or string — not a
// channel, a function iterator or an integer of unknown size.
func ranges(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Array)
		return ok
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// pureIn is isPure for an expression of a file read without types: its
// calls are resolved by name, through the package's scope and the file's
// imports.
func (r *remover) pureIn(c *pureScope, e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.CallExpr:
			ok = r.pureCallIn(c, n)
		}
		return ok
	})
	return ok
}

func (r *remover) pureCallIn(c *pureScope, call *ast.CallExpr) bool {
	file, pkg, locals := c.file, c.pkg, c.locals
	if fn := c.method(call); fn != nil {
		// A method of a value reached from a parameter
		// (s.configStore.Get()): its body says.
		return r.pureFunc(fn)
	}
	var obj types.Object
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if locals[fun.Name] {
			return false
		}
		if obj = pkg.Scope().Lookup(fun.Name); obj == nil {
			obj = types.Universe.Lookup(fun.Name)
		}
	case *ast.SelectorExpr:
		x, ok := fun.X.(*ast.Ident)
		if !ok || locals[x.Name] || pkg.Scope().Lookup(x.Name) != nil {
			return false // a method: its receiver's type is unknown here
		}
		imp := importNamed(file, pkg, x.Name)
		if imp == nil {
			return false
		}
		obj = imp.Scope().Lookup(fun.Sel.Name)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
		return true // a conversion
	}
	switch o := obj.(type) {
	case *types.TypeName:
		return true // a conversion
	case *types.Builtin:
		return pure.Builtin(o.Name())
	case *types.Func:
		return r.pureFunc(o)
	}
	return false
}

// importNamed returns the package a file imports under name.
func importNamed(file *ast.File, pkg *types.Package, name string) *types.Package {
	for _, spec := range file.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		for _, imp := range pkg.Imports() {
			if imp.Path() != path {
				continue
			}
			n := imp.Name()
			if spec.Name != nil {
				n = spec.Name.Name
			}
			if n == name {
				return imp
			}
		}
	}
	return nil
}

// sameRecv reports whether a method declaration's receiver names fn's
// receiver type (several types of a file may have a method of one name).
func sameRecv(fd *ast.FuncDecl, fn *types.Func) bool {
	t := fn.Signature().Recv().Type()
	t = deref(t)
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || len(fd.Recv.List) != 1 {
		return false
	}
	x := fd.Recv.List[0].Type
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	switch x := x.(type) {
	case *ast.IndexExpr:
		return astName(x.X) == named.Obj().Name()
	case *ast.IndexListExpr:
		return astName(x.X) == named.Obj().Name()
	}
	return astName(x) == named.Obj().Name()
}

func astName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
