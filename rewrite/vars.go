package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"golang.org/x/tools/go/types/typeutil"
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
	// fs := testhelper.NewFeatureSets(…); fs.Run(t, fn): the set is the
	// local's initialiser, and the declaration goes with the Run.
	var setDecl ast.Stmt
	if id, isID := ast.Unparen(sel.X).(*ast.Ident); isID {
		set, setDecl = s.setLocal(id, st, list)
		ok = set != nil
	}
	if !ok || len(set.Args) != 0 || !hotIn(s.hot, s.f.off(set.Lparen), s.f.off(set.Rparen)+1) {
		return false
	}
	fn := callee(s.info, set)
	if fn == nil {
		return false
	}
	ctxFunc, found := "", false
	for _, fs := range s.featureSets {
		if fs.Func.Matches(fn.FullName()) {
			found = true
			if fs.Context.Name != "" {
				ctxFunc = fs.Context.String()
			}
		}
	}
	if !found {
		return false
	}
	t := s.f.text(run.Args[0])
	ctxExpr, ok := s.contextExpr(ctxFunc, t)
	if !ok {
		return false
	}
	g := s.ed.newGroup()
	// The local set's declaration goes with a Run that goes: added only
	// once the Run's rewrite is decided (a group is kept whole or not).
	dropSetDecl := func() {
		if setDecl != nil {
			start, end := s.f.deleteRange(setDecl)
			s.ed.add(g, start, end, "")
		}
	}
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
		// The literal's t was a subtest's; spliced, it is the test's,
		// which may already run in parallel: a second t.Parallel panics.
		var drop ast.Stmt
		if s.parallelBefore(st, list, t) {
			drop = parallelCall(body.Body, body.Type.Params)
		}
		if !s.spliceFuncBody(g, st, body.Body, prefix, drop) {
			return false
		}
		dropSetDecl()
		s.block(body.Body.List, body.Body)
		return true
	default:
		if s.mergeHelper(g, st, list, run.Args[1], t, ctxExpr, setDecl) {
			return true // it dealt with setDecl
		}
		dropSetDecl()
		if fd := s.helperDecl(run.Args[1]); fd != nil && s.uses(fd.Name) == 1 && s.parallelBefore(st, list, t) {
			// Its t was a subtest's; now it is the test's, which
			// already runs in parallel: a second t.Parallel panics.
			if p := parallelCall(fd.Body, fd.Type.Params); p != nil {
				start, end := s.f.deleteRange(p)
				s.ed.add(g, start, end, "")
			}
		}
		s.ed.add(g, s.f.off(run.Pos()), s.f.off(run.End()), s.f.text(run.Args[1])+"("+t+", "+ctxExpr+")")
		return true
	}
}

// mergeHelper handles the usual shape of a test run under feature sets,
// once the set is empty: the test function's last statement hands the
// rest of the work to a helper of the same file used nowhere else,
//
//	func TestX(t *testing.T) {
//		t.Parallel()
//		testhelper.NewFeatureSets(featureflag.X).Run(t, testX)
//	}
//
//	func testX(t *testing.T, ctx context.Context) {
//		…
//	}
//
// The helper's body becomes the rest of the test's, after `ctx :=
// <context>`: the lines between the two go, and nothing else moves. When
// other declarations lie between them, the helper becomes the test in its
// own place instead (the test's header and first statements replace its
// header, and the test goes), as maintainers do it: the diff stays small. The
// statements before the call declare nothing (so no name of the helper's
// body can collide), the helper's t is the test's, and a t.Parallel() the
// helper starts with goes when the test already called it: its t was a
// subtest's, and a second call on the test's own panics.
//
// setDecl, when set, is the statement declaring the feature set the Run
// runs (fs := NewFeatureSets(X)): it goes, and is no statement of the test
// to keep.
func (s *simplifier) mergeHelper(g int, st *ast.ExprStmt, list []ast.Stmt, fnExpr ast.Expr, t, ctxExpr string, setDecl ast.Stmt) bool {
	helper := s.helperDecl(fnExpr)
	if helper == nil || s.uses(helper.Name) != 1 || helper.Doc != nil || helper.Type.Results != nil {
		return false
	}
	// st ends the body of a plain function (list is that body).
	path := pathTo(s.f.ast, st)
	if len(path) < 2 {
		return false
	}
	test, ok := path[len(path)-2].(*ast.FuncDecl)
	if !ok || test.Recv != nil || path[len(path)-1] != test.Body || list[len(list)-1] != st {
		return false
	}
	// Only white space between the call and the test's closing brace;
	// the helper right below the test, or elsewhere in the file.
	f := s.f
	rb := f.off(test.Body.Rbrace)
	if !blank(f.src[f.off(st.End()):rb]) || !blank(f.src[f.lineStart(rb):rb]) {
		return false
	}
	adjacent := helper.Pos() > test.End() && blank(f.src[rb+1:f.off(helper.Pos())])
	if len(test.Type.Params.List) != 1 || len(test.Type.Params.List[0].Names) != 1 || test.Type.Params.List[0].Names[0].Name != t {
		return false
	}
	for _, x := range list[:len(list)-1] {
		if _, ok := x.(*ast.ExprStmt); !ok && x != setDecl {
			return false
		}
	}
	var names []string
	for _, field := range helper.Type.Params.List {
		for _, n := range field.Names {
			names = append(names, n.Name)
		}
	}
	if len(names) != 2 || names[0] != t && names[0] != "_" || names[1] == t {
		return false
	}
	lb := f.off(helper.Body.Lbrace)
	if !blank(f.src[lb+1 : f.lineEnd(lb)]) {
		return false
	}
	prefix := ""
	if ctx := names[1]; ctx != "_" && s.usesName(helper.Body, ctx) && !s.inlineCtx(g, helper.Body, ctx, ctxExpr) {
		prefix = f.indent(f.off(st.Pos())) + ctx + " := " + ctxExpr + "\n"
	}
	switch {
	case !adjacent:
		// Something lies between the two (a type the helper uses):
		// the helper, in its place, becomes the test — the test's
		// header and first statements replace its own — and the
		// test goes, so that the long body does not move.
		start := test.Pos()
		if test.Doc != nil {
			start = test.Doc.Pos()
		}
		head := string(f.src[f.lineStart(f.off(start)):f.lineStart(f.off(st.Pos()))])
		if setDecl != nil {
			// The set's declaration, part of the test that goes, is
			// left out of the header the helper takes.
			ds, de := f.deleteRange(setDecl)
			from := f.lineStart(f.off(start))
			head = string(f.src[from:ds]) + string(f.src[de:f.lineStart(f.off(st.Pos()))])
		}
		s.ed.add(g, f.lineStart(f.off(helper.Pos())), f.lineEnd(lb), head+prefix)
		ds, de := f.deleteRange(test)
		s.ed.add(g, ds, de, "")
	case prefix == "":
		// No ctx line to set apart from the body: the blank lines
		// between the two functions go too.
		s.ed.add(g, f.lineStart(f.off(st.Pos())), f.lineEnd(f.off(st.End())), "")
		s.ed.add(g, f.lineStart(rb), f.lineEnd(lb), "")
	default:
		s.ed.add(g, f.lineStart(f.off(st.Pos())), f.lineEnd(f.off(st.End())), prefix)
		s.ed.add(g, f.lineStart(rb), f.lineEnd(rb), "")
		s.ed.add(g, f.lineStart(f.off(helper.Pos())), f.lineEnd(lb), "")
	}
	if s.merged != nil && test.Recv == nil {
		s.merged[test.Name.Name] = helper.Name.Name
	}
	if adjacent && setDecl != nil {
		start, end := f.deleteRange(setDecl)
		s.ed.add(g, start, end, "")
	}
	if s.parallelBefore(st, list, t) {
		if p := parallelCall(helper.Body, helper.Type.Params); p != nil {
			start, end := f.deleteRange(p)
			s.ed.add(g, start, end, "")
		}
	}
	return true
}

// helperDecl returns the declaration, in this file, of the package-level
// function an expression names, if it is one.
func (s *simplifier) helperDecl(x ast.Expr) *ast.FuncDecl {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	fn, ok := s.info.Uses[id].(*types.Func)
	if !ok {
		return nil
	}
	for _, d := range s.f.ast.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil && s.info.Defs[fd.Name] == fn && fd.Type.TypeParams == nil {
			return fd
		}
	}
	return nil
}

// uses counts the uses of what a declared identifier names, in the
// package.
func (s *simplifier) uses(decl *ast.Ident) int {
	obj := s.info.Defs[decl]
	n := 0
	for _, o := range s.info.Uses {
		if o == obj {
			n++
		}
	}
	return n
}

// parallelBefore reports whether a statement before st in list calls
// t.Parallel().
func (s *simplifier) parallelBefore(st ast.Stmt, list []ast.Stmt, t string) bool {
	for _, x := range list {
		if x == st {
			return false
		}
		if isParallel(x, t) {
			return true
		}
	}
	return false
}

// parallelCall returns the top-level t.Parallel() statement of a helper's
// body, t its first parameter.
func parallelCall(body *ast.BlockStmt, params *ast.FieldList) ast.Stmt {
	if len(params.List) == 0 || len(params.List[0].Names) == 0 {
		return nil
	}
	t := params.List[0].Names[0].Name
	for _, x := range body.List {
		if isParallel(x, t) {
			return x
		}
	}
	return nil
}

// isParallel reports whether a statement is t.Parallel().
func isParallel(x ast.Stmt, t string) bool {
	es, ok := x.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Parallel" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == t
}

// setLocal returns the call initialising a local feature set used only
// by the Run statement st, declared before it in the same block, and
// that declaration.
func (s *simplifier) setLocal(id *ast.Ident, st ast.Stmt, list []ast.Stmt) (*ast.CallExpr, ast.Stmt) {
	v, _ := s.info.Uses[id].(*types.Var)
	if v == nil {
		return nil, nil
	}
	uses := 0
	for _, obj := range s.info.Uses {
		if obj == v {
			uses++
		}
	}
	if uses != 1 {
		return nil, nil
	}
	for _, x := range list {
		if x == st {
			break
		}
		as, ok := x.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || s.info.Defs[identOf(as.Lhs[0])] != v {
			continue
		}
		call, _ := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		return call, as
	}
	return nil, nil
}

// spliceFuncBody replaces a statement ending with a function literal's
// body with that body, dedented, after prefix; drop, when set, is a
// statement of the body on lines of its own that goes instead.
func (s *simplifier) spliceFuncBody(g int, st ast.Stmt, body *ast.BlockStmt, prefix string, drop ast.Stmt) bool {
	f := s.f
	lb, rb := f.off(body.Lbrace), f.off(body.Rbrace)
	stStart, stEnd := f.off(st.Pos()), f.off(st.End())
	if !blank(f.src[lb+1:f.lineEnd(lb)]) || !blank(f.src[f.lineStart(rb):rb]) {
		return false
	}
	var ds, de int
	if drop != nil {
		ds, de = f.lineStart(f.off(drop.Pos())), f.lineEnd(f.off(drop.End()))
		if !blank(f.src[ds:f.off(drop.Pos())]) || !blank(f.src[f.off(drop.End()):de]) {
			return false
		}
	}
	s.ed.add(g, f.lineStart(stStart), f.lineEnd(lb), prefix)
	if drop != nil {
		s.dedentLines(g, f.lineEnd(lb), ds)
		s.ed.add(g, ds, de, "")
		s.dedentLines(g, de, f.lineStart(rb))
	} else {
		s.dedentLines(g, f.lineEnd(lb), f.lineStart(rb))
	}
	s.ed.add(g, f.lineStart(rb), f.lineEnd(stEnd), "")
	return true
}

// inlineCtx writes the test's context into the first statement of body
// naming ctx, instead of a `ctx := <context>` line before it, when that
// statement is at the top of the body and defines ctx anew from its one
// use of the old one — `ctx, cfg, client := setup(t, ctx)` becomes
// `ctx, cfg, client := setup(t, testhelper.Context(t))`, as maintainers
// write it — reporting whether it did.
func (s *simplifier) inlineCtx(g int, body *ast.BlockStmt, ctx, ctxExpr string) bool {
	for _, st := range body.List {
		if !s.usesName(st, ctx) {
			continue
		}
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			return false
		}
		defines := false
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == ctx {
				defines = true
			}
		}
		var uses []*ast.Ident
		for _, r := range as.Rhs {
			ast.Inspect(r, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == ctx {
					if v, ok := s.info.Uses[id].(*types.Var); ok && !v.IsField() {
						uses = append(uses, id)
					}
				}
				return true
			})
		}
		if !defines || len(uses) != 1 {
			return false
		}
		s.ed.add(g, s.f.off(uses[0].Pos()), s.f.off(uses[0].End()), ctxExpr)
		return true
	}
	return false
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
		path := strings.Trim(imp.Path.Value, `"`)
		if path == pkgPath || strings.HasPrefix(pkgPath, ".../") && strings.HasSuffix(path, pkgPath[3:]) {
			return importName(imp, path) + "." + fn + "(" + arg + ")", true
		}
	}
	return "", false
}

// callee returns the function a call calls.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// fieldHolders inlines unexported struct fields that only ever hold the
// flag's value: every write (a keyed composite literal, an assignment) is
// the same hot constant, and the field's address is never taken. Reads
// become the constant; the writes and the field itself go. A field set by
// an unkeyed literal stays: deleting it would shift the other values.
//
// A func() field every write gives a hot func() {} (the cancel of a
// subscription to the flag, see subscriptionCheck) holds nothing to do:
// when every read calls it as a statement (r.cancel(), defer r.cancel()),
// the calls go with the writes and the field. Any other read (handed
// on, compared with nil) keeps it.
func (r *remover) fieldHolders(files []*ast.File, info *types.Info, src map[string][]byte, ed map[string]*editor) {
	type site struct {
		sf   *srcFile
		node ast.Node
	}
	type holder struct {
		value       string
		ok          bool
		reads       []site
		keyedWrites []site // key: value elements
		assigns     []site // statements
		decl        *ast.Field
		declFile    *srcFile
		nameIdx     int
		noop        bool // a func() field: its reads are calls
	}
	fields := make(map[*types.Var]*holder)
	get := func(v *types.Var) *holder {
		h, ok := fields[v]
		if !ok {
			h = &holder{ok: true}
			fields[v] = h
		}
		return h
	}
	var sfs []*srcFile
	for _, f := range files {
		name := r.prog.Fset.Position(f.FileStart).Filename
		sfs = append(sfs, newSrcFile(r.prog.Fset, name, src[name], f))
	}
	hotConst := func(sf *srcFile, e ast.Expr) (string, bool) {
		if flagrefs.IsNoop(e) && hotIn(r.hot[sf.name], sf.off(e.Pos()), sf.off(e.End())) {
			return noopFunc, true
		}
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || (id.Name != "true" && id.Name != "false") || !hotIn(r.hot[sf.name], sf.off(id.Pos()), sf.off(id.End())) {
			return "", false
		}
		if obj := info.Uses[id]; obj == nil || obj.Parent() != types.Universe {
			return "", false
		}
		return id.Name, true
	}
	write := func(h *holder, v string, ok bool) {
		if !ok || h.value != "" && h.value != v {
			h.ok = false
			return
		}
		h.value = v
	}
	// First every declaration and write, in every file; then the reads,
	// which may come in any file.
	assigned := make(map[*ast.SelectorExpr]bool)
	for _, sf := range sfs {
		ast.Inspect(sf.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.StructType:
				for _, fl := range n.Fields.List {
					for i, name := range fl.Names {
						if v, ok := info.Defs[name].(*types.Var); ok && v.IsField() && !token.IsExported(v.Name()) && (isBool(v.Type()) || flagrefs.IsNoopType(v.Type())) {
							h := get(v)
							h.decl, h.declFile, h.nameIdx, h.noop = fl, sf, i, !isBool(v.Type())
						}
					}
				}
			case *ast.CompositeLit:
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						// Unkeyed: every field of the struct is written.
						if st, ok := info.TypeOf(n).Underlying().(*types.Struct); ok {
							for i := range st.NumFields() {
								get(st.Field(i)).ok = false
							}
						}
						continue
					}
					if v, ok := info.Uses[identOf(kv.Key)].(*types.Var); ok && v.IsField() {
						h := get(v)
						c, isConst := hotConst(sf, kv.Value)
						write(h, c, isConst)
						h.keyedWrites = append(h.keyedWrites, site{sf, kv})
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					assigned[sel] = true
					if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() {
						h := get(v)
						if len(n.Lhs) != 1 || n.Tok != token.ASSIGN || i >= len(n.Rhs) {
							h.ok = false
							continue
						}
						c, isConst := hotConst(sf, n.Rhs[i])
						write(h, c, isConst)
						h.assigns = append(h.assigns, site{sf, n})
					}
				}
			case *ast.UnaryExpr:
				if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok && n.Op == token.AND {
					if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() {
						get(v).ok = false
					}
				}
			case *ast.IncDecStmt:
				if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok {
					if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() {
						get(v).ok = false
					}
				}
			}
			return true
		})
	}
	for _, sf := range sfs {
		ast.Inspect(sf.ast, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && !assigned[sel] {
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
					if v, ok := s.Obj().(*types.Var); ok {
						if h, ok := fields[v]; ok {
							h.reads = append(h.reads, site{sf, sel})
						}
					}
				}
			}
			return true
		})
	}
	for _, h := range fields {
		if !h.ok || h.value == "" || h.decl == nil || len(h.keyedWrites)+len(h.assigns) == 0 || h.noop != (h.value == noopFunc) {
			continue
		}
		var calls []site
		if h.noop {
			// Every read a call standing alone, or the field stays,
			// a no-op.
			for _, rd := range h.reads {
				if call, ok := parentOf(rd.sf.ast, rd.node).(*ast.CallExpr); ok && call.Fun == rd.node {
					if st := callStmt(rd.sf.ast, call); st != nil {
						calls = append(calls, site{rd.sf, st})
					}
				}
			}
			if len(calls) != len(h.reads) {
				continue
			}
		}
		g := r.nextGroup + 1
		r.nextGroup++
		for _, c := range calls {
			e := r.editorFor(ed, c.sf.name)
			start, end := c.sf.deleteRange(c.node)
			e.add(g, start, end, "")
		}
		for _, rd := range h.reads {
			if h.noop {
				break // called: the calls went above
			}
			e := r.editorFor(ed, rd.sf.name)
			e.add(g, rd.sf.off(rd.node.Pos()), rd.sf.off(rd.node.End()), h.value)
		}
		for _, w := range h.assigns {
			e := r.editorFor(ed, w.sf.name)
			start, end := w.sf.deleteRange(w.node)
			e.add(g, start, end, "")
		}
		// Keyed writes: drop the element from its literal.
		for _, w := range h.keyedWrites {
			e := r.editorFor(ed, w.sf.name)
			lit := enclosingLit(w.sf.ast, w.node.(*ast.KeyValueExpr))
			if lit == nil {
				continue
			}
			kv := w.node
			deleteElems(w.sf, e, g, lit.Elts, func(i int) bool { return lit.Elts[i] == kv })
		}
		e := r.editorFor(ed, h.declFile.name)
		if len(h.decl.Names) == 1 {
			start, end := h.declFile.deleteRange(h.decl)
			e.add(g, start, end, "")
		} else {
			names := make([]ast.Expr, len(h.decl.Names))
			for k, n := range h.decl.Names {
				names[k] = n
			}
			deleteElems(h.declFile, e, g, names, func(k int) bool { return k == h.nameIdx })
		}
	}
}

// enclosingLit returns the composite literal holding an element.
func enclosingLit(f *ast.File, kv *ast.KeyValueExpr) *ast.CompositeLit {
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CompositeLit); ok {
			for _, el := range c.Elts {
				if el == kv {
					lit = c
				}
			}
		}
		return lit == nil
	})
	return lit
}
