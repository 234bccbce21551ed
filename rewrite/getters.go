package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strconv"

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
	if pure.Known(fn.FullName()) {
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
	expr := func(e ast.Expr) bool { return e == nil || r.pureIn(c.file, c.pkg, c.locals, e) }
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
			}
		}
		return true
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
			}
		}
		return r.effectFree(c, st.Body)
	case *ast.BranchStmt:
		return st.Label == nil && (st.Tok == token.BREAK || st.Tok == token.CONTINUE)
	}
	return false
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
	}
	return nil
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
func (r *remover) pureIn(file *ast.File, pkg *types.Package, locals map[string]bool, e ast.Expr) bool {
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
			ok = r.pureCallIn(file, pkg, locals, n)
		}
		return ok
	})
	return ok
}

func (r *remover) pureCallIn(file *ast.File, pkg *types.Package, locals map[string]bool, call *ast.CallExpr) bool {
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
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
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
