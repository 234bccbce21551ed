package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"github.com/flagsweep/flagsweep/internal/pure"
	"golang.org/x/tools/go/types/typeutil"
)

// isPure is pure.Expr knowing the module's getters: a call of a function
// or method of the module whose whole body returns an expression without
// calls (func (a *Agent) Config() *Config { return a.cfg }, Kong's
// featuregates.GetFeatureGatesDefaults() returning a map literal) has no
// effect beyond its value, so dropping it changes nothing. Its arguments
// must be pure too.
func (r *remover) isPure(info *types.Info, e ast.Expr) bool {
	return pure.ExprWith(info, e, func(call *ast.CallExpr) bool { return r.pureGetter(info, call) })
}

// pureGetter reports whether call calls a getter of the module (see
// isPure). Interface methods are not: any implementation may run.
func (r *remover) pureGetter(info *types.Info, call *ast.CallExpr) bool {
	if info == nil {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return false
	}
	if v, ok := r.getters[fn.FullName()]; ok {
		return v
	}
	v := r.getterBody(fn)
	if r.getters == nil {
		r.getters = make(map[string]bool)
	}
	r.getters[fn.FullName()] = v
	return v
}

// getterBody finds fn's declaration in the module's source and reports
// whether its body is a single return of call-free expressions.
func (r *remover) getterBody(fn *types.Func) bool {
	pos := r.prog.Fset.Position(fn.Pos())
	if pos.Filename == "" || !strings.HasPrefix(pos.Filename, r.p.Root+string(filepath.Separator)) {
		return false // another module's, or the standard library (see pure)
	}
	f := r.getterFiles[pos.Filename]
	if f == nil {
		src := r.current(pos.Filename)
		if src == nil {
			return false
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
		if len(fd.Body.List) != 1 {
			return false
		}
		ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return false
		}
		free := true
		for _, x := range ret.Results {
			ast.Inspect(x, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr, *ast.FuncLit:
					free = false
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						free = false
					}
				}
				return free
			})
		}
		if fd.Recv == nil || sameRecv(fd, fn) {
			return free
		}
	}
	return false
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
