package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// pkgVarHolder inlines an unexported package-level `var on = true` that the
// removal produced, when nothing assigns it and every use is in this file.
func (s *simplifier) pkgVarHolder(gd *ast.GenDecl) bool {
	if s.info == nil || len(gd.Specs) != 1 {
		return false
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 1 || len(vs.Values) != 1 || token.IsExported(vs.Names[0].Name) || vs.Type != nil {
		return false
	}
	b, ok := s.constBool(vs.Values[0])
	if !ok {
		return false
	}
	v, _ := s.info.Defs[vs.Names[0]].(*types.Var)
	if v == nil {
		return false
	}
	// Every use must be in this file: other files are other editors.
	for id, obj := range s.info.Uses {
		if obj == v && (id.Pos() < s.f.ast.FileStart || id.Pos() > s.f.ast.FileEnd) {
			return false
		}
	}
	uses, written := usesOf(s.f.ast, s.info, v, nil)
	if written {
		return false
	}
	g := s.ed.newGroup()
	start, end := s.f.deleteRange(gd)
	s.ed.add(g, start, end, "")
	for _, u := range uses {
		s.ed.add(g, s.f.off(u.Pos()), s.f.off(u.End()), boolText(b))
	}
	return true
}

// featureSetRun inlines `testhelper.NewFeatureSets().Run(t, fn)` once the
// removal left the set empty: the test runs once, with a plain context.
// A function literal's body takes the call's place (after `ctx :=
// <context>`); a named function is called directly.
func (s *simplifier) featureSetRun(st *ast.ExprStmt, list []ast.Stmt) bool {
	if s.info == nil || list == nil {
		return false
	}
	run, ok := st.X.(*ast.CallExpr)
	if !ok || len(run.Args) != 2 {
		return false
	}
	sel, ok := run.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Run" {
		return false
	}
	set, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok || len(set.Args) != 0 || !hotIn(s.hot, s.f.off(set.Lparen), s.f.off(set.Rparen)+1) {
		return false
	}
	fn := callee(s.info, set)
	if fn == nil {
		return false
	}
	ctxFunc, ok := s.featureSets[fn.FullName()]
	if !ok {
		return false
	}
	t := s.f.text(run.Args[0])
	ctxExpr, ok := s.contextExpr(ctxFunc, t)
	if !ok {
		return false
	}
	g := s.ed.newGroup()
	switch body := run.Args[1].(type) {
	case *ast.FuncLit:
		params := body.Type.Params.List
		var names []string
		for _, p := range params {
			for _, n := range p.Names {
				names = append(names, n.Name)
			}
		}
		if len(names) != 2 || names[0] != t && names[0] != "_" {
			return false // a different t would need renaming
		}
		ctxName := names[1]
		prefix := ""
		if ctxName != "_" && s.usesName(body.Body, ctxName) {
			prefix = s.f.indent(s.f.off(st.Pos())) + ctxName + " := " + ctxExpr + "\n"
		}
		if !s.spliceable(body.Body, st, list) || strings.Contains(prefix, ":=") && !s.spliceable(&ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(ctxName)}, Tok: token.DEFINE}}}, st, list) {
			return false
		}
		if !s.spliceFuncBody(g, st, body.Body, prefix) {
			return false
		}
		s.block(body.Body.List, body.Body)
		return true
	default:
		s.ed.add(g, s.f.off(run.Pos()), s.f.off(run.End()), s.f.text(run.Args[1])+"("+t+", "+ctxExpr+")")
		return true
	}
}

// spliceFuncBody replaces a statement ending with a function literal's
// body with that body, dedented, after prefix.
func (s *simplifier) spliceFuncBody(g int, st ast.Stmt, body *ast.BlockStmt, prefix string) bool {
	f := s.f
	lb, rb := f.off(body.Lbrace), f.off(body.Rbrace)
	stStart, stEnd := f.off(st.Pos()), f.off(st.End())
	if !blank(f.src[lb+1:f.lineEnd(lb)]) || !blank(f.src[f.lineStart(rb):rb]) {
		return false
	}
	s.ed.add(g, f.lineStart(stStart), f.lineEnd(lb), prefix)
	s.dedentLines(g, f.lineEnd(lb), f.lineStart(rb))
	s.ed.add(g, f.lineStart(rb), f.lineEnd(stEnd), "")
	return true
}

func (s *simplifier) usesName(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if id, ok := c.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// contextExpr renders the expression that makes a test context: the
// configured function called with t, qualified by the file's import of its
// package, or context.Background().
func (s *simplifier) contextExpr(full, t string) (string, bool) {
	pkgPath, fn := "context", "Background"
	arg := ""
	if full != "" {
		i := strings.LastIndex(full, ".")
		pkgPath, fn, arg = full[:i], full[i+1:], t
	}
	for _, imp := range s.f.ast.Imports {
		if strings.Trim(imp.Path.Value, `"`) == pkgPath {
			return importName(imp, pkgPath) + "." + fn + "(" + arg + ")", true
		}
	}
	return "", false
}

// callee returns the function a call calls.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}
