package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/scan"
)

// Handle factories. A function that takes a handle and returns a closure
// doing nothing but check it,
//
//	func when(f flag.Flag) condition {
//		return func(ctx context.Context) bool { return f.On(ctx) }
//	}
//
// is a wrapper whose result is a function: with the flag constant,
// when(flag.FastPath) is a function of the closure's type returning that
// constant. The call is replaced by a package-level function of that exact
// type whose body returns the constant, when the package has one (the
// `always` next to `when`), else by a function literal; the factory goes
// with its last call, by the cascade. Any other handle passed as a value is
// refused.

// handleFactory rewrites a handle passed to a factory, reporting whether
// it recognised the shape.
func (r *remover) handleFactory(rf *refFile, e *editor, ref scan.Ref, value bool) bool {
	if rf.info == nil || ref.Pkg == nil {
		return false
	}
	info := rf.info
	path := pathTo(rf.sf.ast, ref.Node)
	if len(path) == 0 {
		return false
	}
	call, ok := path[len(path)-1].(*ast.CallExpr)
	if !ok {
		return false
	}
	argIdx := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == ref.Node })
	if argIdx < 0 {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() != ref.Pkg.Types || fn.Signature().Recv() != nil {
		return false
	}
	decl := funcDecl(ref.Pkg, fn)
	if decl == nil || decl.Body == nil || len(decl.Body.List) != 1 {
		return false
	}
	param := paramAt(info, decl.Type, argIdx)
	if param == nil {
		return false
	}
	ret, ok := decl.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	lit, ok := ast.Unparen(ret.Results[0]).(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return false
	}
	inner, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(inner.Results) != 1 {
		return false
	}
	negated, ok := r.checksParam(info, inner.Results[0], param)
	if !ok {
		return false
	}
	result := value != negated
	litType := info.TypeOf(lit)
	// A function of the literal's type fits wherever the factory's
	// result went: a named function type (condition) is assignable from
	// a function value of its underlying type.
	if name := constFunc(ref.Pkg.Syntax, info, litType, result); name != "" {
		g := e.newGroup()
		e.add(g, rf.sf.off(call.Pos()), rf.sf.off(call.End()), name)
		r.dropStaleComment(rf, e, g, path, call)
		r.rewritten(ref)
		return true
	}
	// A literal: its parameter types are written as in the factory's
	// file, which must be the call's, or at least import alike.
	factoryFile := r.prog.Fset.Position(decl.Pos()).Filename
	if factoryFile != rf.sf.name && !sameImports(info, rf.sf.ast, lit.Type) {
		return false
	}
	src := r.current(factoryFile)
	tf := r.prog.Fset.File(lit.Pos())
	if tf == nil {
		return false
	}
	sig := string(src[tf.Offset(lit.Type.Pos()):tf.Offset(lit.Type.End())])
	g := e.newGroup()
	e.add(g, rf.sf.off(call.Pos()), rf.sf.off(call.End()), fmt.Sprintf("%s { return %s }", sig, strconv.FormatBool(result)))
	r.dropStaleComment(rf, e, g, path, call)
	r.rewritten(ref)
	return true
}

// dropStaleComment deletes the comment lines above the element of a
// composite literal holding call (a map entry, Praefect's
// `"/gitaly…/RestoreCustomHooks": transactionsFlag(featureflag.X)`) when
// they speak of the removed flag ("can be made transactional by enabling
// the X feature flag"): the rewrite makes them stale. path leads to
// call's argument.
func (r *remover) dropStaleComment(rf *refFile, e *editor, g int, path []ast.Node, call *ast.CallExpr) {
	var elem ast.Node = call
	for i := len(path) - 1; i > 0; i-- {
		if path[i] == call {
			if kv, ok := path[i-1].(*ast.KeyValueExpr); ok && kv.Value == call {
				elem = kv
			}
			break
		}
	}
	if _, ok := parentOf(rf.sf.ast, elem).(*ast.CompositeLit); !ok {
		return
	}
	f := rf.sf
	start := f.off(elem.Pos())
	from := f.lineStart(start)
	if !blank(f.src[from:start]) {
		return
	}
	above := f.commentAbove(from)
	if above == from {
		return
	}
	text := string(f.src[above:from])
	for _, w := range r.flagWords() {
		if strings.Contains(text, w) {
			e.add(g, above, from, "")
			return
		}
	}
	if flagPhrase.MatchString(text) {
		e.add(g, above, from, "")
	}
}

// paramAt returns the object of the i-th parameter, when it is named.
func paramAt(info *types.Info, ft *ast.FuncType, i int) types.Object {
	k := 0
	for _, field := range ft.Params.List {
		if len(field.Names) == 0 {
			if k == i {
				return nil
			}
			k++
			continue
		}
		for _, id := range field.Names {
			if k == i {
				return info.Defs[id]
			}
			k++
		}
	}
	return nil
}

// checksParam reports whether e is a check of the handle parameter p (a
// configured enabled or disabled method called on it, possibly negated),
// and whether it is negated.
func (r *remover) checksParam(info *types.Info, e ast.Expr, p types.Object) (negated, ok bool) {
	e = ast.Unparen(e)
	if u, isNot := e.(*ast.UnaryExpr); isNot && u.Op == token.NOT {
		n, ok := r.checksParam(info, u.X, p)
		return !n, ok
	}
	call, isCall := e.(*ast.CallExpr)
	if !isCall {
		return false, false
	}
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	if !isSel {
		return false, false
	}
	if id, isID := ast.Unparen(sel.X).(*ast.Ident); !isID || info.Uses[id] != p {
		return false, false
	}
	fn, _ := info.Uses[sel.Sel].(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return false, false
	}
	for _, h := range r.p.Config.AllHandles() {
		if !config.PackageMatches(h.Constructor.Pkg, fn.Pkg().Path()) {
			continue
		}
		if slices.Contains(h.Enabled, fn.Name()) {
			return false, true
		}
		if slices.Contains(h.Disabled, fn.Name()) {
			return true, true
		}
	}
	return false, false
}

// constFunc returns the name of a package-level function of type t whose
// body only returns the constant value, or "".
func constFunc(files []*ast.File, info *types.Info, t types.Type, value bool) string {
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil || len(fd.Body.List) != 1 || fd.Type.TypeParams != nil {
				continue
			}
			obj := info.Defs[fd.Name]
			if obj == nil || !types.Identical(obj.Type(), t) {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			tv, ok := info.Types[ret.Results[0]]
			if ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) == value {
				return fd.Name.Name
			}
		}
	}
	return ""
}

// sameImports reports whether every package a type expression names is
// imported under the same name by the file to.
func sameImports(info *types.Info, to *ast.File, typ ast.Expr) bool {
	ok := true
	ast.Inspect(typ, func(n ast.Node) bool {
		sel, isSel := n.(*ast.SelectorExpr)
		if !isSel {
			return true
		}
		id, isID := sel.X.(*ast.Ident)
		if !isID {
			return true
		}
		pn, isPkg := info.Uses[id].(*types.PkgName)
		if !isPkg {
			return true
		}
		found := false
		for _, imp := range to.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil || p != pn.Imported().Path() {
				continue
			}
			name := pn.Imported().Name()
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name == id.Name {
				found = true
			}
		}
		if !found {
			ok = false
		}
		return false
	})
	return ok
}
