package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// appendIntoLiteral puts into a struct literal the append the removal
// unwrapped right after it:
//
//	options := types.ImageImportOptions{Tag: tag}
//	// NOTE: the entrypoint is lost on export.
//	options.Changes = append(options.Changes, `ENTRYPOINT […]`)   // was: if flag { … }
//
// becomes
//
//	options := types.ImageImportOptions{
//		Tag: tag,
//		// NOTE: the entrypoint is lost on export.
//		Changes: []string{`ENTRYPOINT […]`},
//	}
//
// as GitLab Runner's maintainers wrote it. The literal left the field
// out, so the append appended to nil: the new slice holds just the
// values (never `F: ys` for `append(x.F, ys...)`, which would alias ys).
// The field is the literal's own (not promoted), its type an unnamed
// slice the file can spell, the values do not read the variable, and they
// go last in the literal, so they are still evaluated after its other
// fields. The append's comment comes along, above the field.
func (s *simplifier) appendIntoLiteral(first, second ast.Stmt) bool {
	if s.info == nil {
		return false
	}
	a, ok1 := first.(*ast.AssignStmt)
	b, ok2 := second.(*ast.AssignStmt)
	if !ok1 || !ok2 || a.Tok != token.DEFINE || b.Tok != token.ASSIGN || len(a.Lhs) != 1 || len(a.Rhs) != 1 || len(b.Lhs) != 1 || len(b.Rhs) != 1 {
		return false
	}
	if !hotIn(s.hot, s.f.lineStart(s.f.off(b.Pos())), s.f.off(b.End())) {
		return false
	}
	id, _ := a.Lhs[0].(*ast.Ident)
	lit, _ := ast.Unparen(a.Rhs[0]).(*ast.CompositeLit)
	v, _ := s.info.Defs[id].(*types.Var)
	if id == nil || lit == nil || v == nil {
		return false
	}
	st, ok := s.info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	sel, ok := b.Lhs[0].(*ast.SelectorExpr)
	if !ok || s.info.Uses[identOf(sel.X)] != v {
		return false
	}
	call, ok := b.Rhs[0].(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() || len(call.Args) < 2 || identOf(call.Fun) == nil || !s.universe(identOf(call.Fun), "append") {
		return false
	}
	arg0, ok := call.Args[0].(*ast.SelectorExpr)
	if !ok || s.info.Uses[identOf(arg0.X)] != v || arg0.Sel.Name != sel.Sel.Name {
		return false
	}
	var field *types.Var
	for f := range st.Fields() {
		if f.Name() == sel.Sel.Name {
			field = f
		}
	}
	if field == nil || s.info.Uses[sel.Sel] != field {
		return false // promoted, or not this literal's
	}
	slice, ok := field.Type().(*types.Slice)
	if !ok {
		return false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok || identOf(kv.Key) == nil || identOf(kv.Key).Name == field.Name() {
			return false
		}
	}
	for _, x := range call.Args[1:] {
		if s.readsVar(x, v) {
			return false
		}
	}
	elem, ok := s.typeText(slice.Elem())
	if !ok {
		return false
	}
	f := s.f
	// Between the literal and the append: blank lines, then the
	// append's own comment.
	bStart, bEnd := f.nodeRange(b)
	if !blank(f.src[f.off(a.End()):bStart]) {
		return false
	}
	var values []string
	for _, x := range call.Args[1:] {
		values = append(values, f.text(x))
	}
	indent := f.indent(f.off(a.Pos()))
	comment := f.leadingComment(b, bStart, indent+"\t")
	entry := field.Name() + ": []" + elem + "{" + strings.Join(values, ", ") + "},"
	g := s.ed.newGroup()
	lb, rb := f.off(lit.Lbrace), f.off(lit.Rbrace)
	if f.lineStart(lb) == f.lineStart(rb) {
		// One line: one element per line now.
		var text strings.Builder
		text.WriteString("{\n")
		for _, el := range lit.Elts {
			text.WriteString(indent + "\t" + f.text(el) + ",\n")
		}
		text.WriteString(comment + indent + "\t" + entry + "\n" + indent + "}")
		s.ed.add(g, lb, rb+1, text.String())
	} else {
		if len(lit.Elts) > 0 && !strings.HasPrefix(strings.TrimSpace(string(f.src[f.off(lit.Elts[len(lit.Elts)-1].End()):rb])), ",") {
			return false
		}
		s.ed.add(g, f.lineStart(rb), f.lineStart(rb), comment+indent+"\t"+entry+"\n")
	}
	s.ed.add(g, f.lineEnd(f.off(a.End())), bEnd, "")
	return true
}

// appendIntoAppend puts into the slice literal an append just before it
// appends the values of the append the removal unwrapped right after:
//
//	factories = append(factories, []Factory{
//		Factory(ConfigMap),
//		Factory(Service),
//	}...)
//
//	factories = append(factories, Factory(TargetAllocator))   // was: if flag { … }
//
// becomes one append whose literal ends with Factory(TargetAllocator), as
// the OpenTelemetry Operator's maintainers wrote it. Both append to the
// same variable, the literal spans lines and ends with a comma, the
// values do not read the variable (they are still evaluated after the
// literal's elements, before the append), and only blank lines and the
// second append's comment lie between; the comment comes along.
func (s *simplifier) appendIntoAppend(first, second ast.Stmt) bool {
	if s.info == nil {
		return false
	}
	a, ok1 := first.(*ast.AssignStmt)
	b, ok2 := second.(*ast.AssignStmt)
	if !ok1 || !ok2 || b.Tok != token.ASSIGN || len(a.Lhs) != 1 || len(a.Rhs) != 1 || len(b.Lhs) != 1 || len(b.Rhs) != 1 {
		return false
	}
	if !hotIn(s.hot, s.f.lineStart(s.f.off(b.Pos())), s.f.off(b.End())) {
		return false
	}
	v, _ := s.info.ObjectOf(identOf(a.Lhs[0])).(*types.Var)
	if v == nil || s.info.Uses[identOf(b.Lhs[0])] != v {
		return false
	}
	isAppend := func(e ast.Expr, spread bool) *ast.CallExpr {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() != spread || len(call.Args) < 2 || identOf(call.Fun) == nil || !s.universe(identOf(call.Fun), "append") || s.info.Uses[identOf(call.Args[0])] != v {
			return nil
		}
		return call
	}
	ca, cb := isAppend(a.Rhs[0], true), isAppend(b.Rhs[0], false)
	if ca == nil || cb == nil || len(ca.Args) != 2 {
		return false
	}
	lit, ok := ast.Unparen(ca.Args[1]).(*ast.CompositeLit)
	if !ok || len(lit.Elts) == 0 {
		return false
	}
	for _, x := range cb.Args[1:] {
		if s.readsVar(x, v) {
			return false
		}
	}
	f := s.f
	lb, rb := f.off(lit.Lbrace), f.off(lit.Rbrace)
	if f.lineStart(lb) == f.lineStart(rb) || !strings.HasPrefix(strings.TrimSpace(string(f.src[f.off(lit.Elts[len(lit.Elts)-1].End()):rb])), ",") {
		return false
	}
	bStart, bEnd := f.nodeRange(b)
	if !blank(f.src[f.off(a.End()):bStart]) {
		return false
	}
	indent := f.indent(f.lineStart(f.off(lit.Elts[len(lit.Elts)-1].Pos())))
	var text strings.Builder
	text.WriteString(f.leadingComment(b, bStart, indent))
	for _, x := range cb.Args[1:] {
		text.WriteString(indent + f.text(x) + ",\n")
	}
	g := s.ed.newGroup()
	s.ed.add(g, f.lineStart(rb), f.lineStart(rb), text.String())
	s.ed.add(g, f.lineEnd(f.off(a.End())), bEnd, "")
	return true
}

// leadingComment returns the comment lines between start (where st's
// range begins, see nodeRange) and st's own line, re-indented with
// indent: a statement's comment, to move with it.
func (f *srcFile) leadingComment(st ast.Stmt, start int, indent string) string {
	var out strings.Builder
	if c := f.off(st.Pos()); start < f.lineStart(c) {
		for _, line := range strings.SplitAfter(string(f.src[start:f.lineStart(c)]), "\n") {
			if t := strings.TrimSpace(line); t != "" {
				out.WriteString(indent + t + "\n")
			}
		}
	}
	return out.String()
}

// typeText spells t as the file can: a predeclared type, one of the
// file's package, or one of a package it imports (under its name there).
func (s *simplifier) typeText(t types.Type) (string, bool) {
	ok := true
	text := types.TypeString(t, func(p *types.Package) string {
		for _, imp := range s.f.ast.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || path != p.Path() {
				continue
			}
			if imp.Name != nil {
				if imp.Name.Name == "_" || imp.Name.Name == "." {
					break
				}
				return imp.Name.Name
			}
			return p.Name()
		}
		if s.f.ast.Name != nil && p.Name() == s.f.ast.Name.Name && s.ownPackage(p) {
			return ""
		}
		ok = false
		return p.Name()
	})
	return text, ok
}

// ownPackage reports whether p is the package of the file simplified.
func (s *simplifier) ownPackage(p *types.Package) bool {
	for _, obj := range s.info.Defs {
		if obj != nil && obj.Pkg() != nil {
			return obj.Pkg() == p
		}
	}
	return false
}
