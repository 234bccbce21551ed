package rewrite

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/types/typeutil"
)

// block simplifies a statement list (a block, or a case's body).
func (s *simplifier) block(list []ast.Stmt, owner ast.Node) {
	for i, st := range list {
		if s.deadStoreIn(list, i) || s.flagFromIf(list, i) {
			continue
		}
		if i+1 < len(list) && (s.appendIntoLiteral(st, list[i+1]) || s.appendIntoAppend(st, list[i+1])) {
			continue
		}
		if s.declThenAssign(list, i) {
			continue
		}
		if s.assignedOnceUsedNext(list, i) {
			continue
		}
		s.stmt(st, list, true)
	}
	s.deadCode(list)
}

// deadStoreIn is deadStore for list[i] and the statement after it, or a
// later one past a run of assignments that never name its variable, when
// the later one stores a constant: a test's expectations declared
// together and set together by a branch the removal spliced in
//
//	method := "Labels"
//	names := "LabelNames"
//	method = "LabelsStream"
//	names = "LabelNamesStream"
//
// become method := "LabelsStream" and names := "LabelNamesStream". A
// constant reads nothing the statements between could change.
func (s *simplifier) deadStoreIn(list []ast.Stmt, i int) bool {
	if i+1 >= len(list) {
		return false
	}
	if s.deadStore(list[i], list[i+1]) {
		return true
	}
	a, ok := list[i].(*ast.AssignStmt)
	if !ok || s.info == nil || a.Tok != token.DEFINE || len(a.Lhs) != 1 {
		return false
	}
	v := s.info.Defs[identOf(a.Lhs[0])]
	if v == nil {
		return false
	}
	for j := i + 1; j < len(list); j++ {
		b, ok := list[j].(*ast.AssignStmt)
		if !ok {
			return false
		}
		if len(b.Lhs) == 1 && b.Tok == token.ASSIGN && s.info.Uses[identOf(b.Lhs[0])] == v {
			return len(b.Rhs) == 1 && s.info.Types[b.Rhs[0]].Value != nil && s.deadStore(a, b)
		}
		if mentionsObject(s.info, b, v) {
			return false
		}
	}
	return false
}

// deadStore merges `v := a` followed by a hot `v = b` (a branch the
// removal spliced in) into `v := b`, when a is pure and b does not read v:
// the first value was never seen.
func (s *simplifier) deadStore(first, second ast.Stmt) bool {
	if s.info == nil {
		return false
	}
	a, ok1 := first.(*ast.AssignStmt)
	b, ok2 := second.(*ast.AssignStmt)
	if !ok1 || !ok2 || a.Tok != token.DEFINE || b.Tok != token.ASSIGN ||
		len(a.Lhs) != 1 || len(b.Lhs) != 1 || len(a.Rhs) != 1 || len(b.Rhs) != 1 {
		return false
	}
	if !hotIn(s.hot, s.f.lineStart(s.f.off(b.Pos())), s.f.off(b.End())) || !s.pure(a.Rhs[0]) {
		return false
	}
	ida, _ := a.Lhs[0].(*ast.Ident)
	idb, _ := b.Lhs[0].(*ast.Ident)
	if ida == nil || idb == nil || s.info.Defs[ida] == nil || s.info.Defs[ida] != s.info.Uses[idb] {
		return false
	}
	v := s.info.Defs[ida]
	reads := false
	ast.Inspect(b.Rhs[0], func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.info.Uses[id] == v {
			reads = true
		}
		return !reads
	})
	if reads {
		return false
	}
	g := s.ed.newGroup()
	s.ed.add(g, s.f.off(a.Rhs[0].Pos()), s.f.off(a.Rhs[0].End()), s.f.text(b.Rhs[0]))
	start, end := s.f.deleteRange(b)
	s.ed.add(g, start, end, "")
	return true
}

// flagFromIf merges a bool declared with a constant and set to the other
// constant by the if statement after it, once the removal folded the
// value set there (Istio's `startChildSpan := false; if proxy.Type ==
// model.Router { startChildSpan = features.SpawnUpstreamSpanForGateway }`
// with the flag on), into one declaration of the condition:
// `startChildSpan := proxy.Type == model.Router`, as maintainers write
// it — `!(…)` for true set to false. The condition is evaluated at the
// same point as before, so it may have effects; it must not read the
// variable, the if has no init, else or comment, and the variable is a
// plain bool, which := of the condition declares again.
func (s *simplifier) flagFromIf(list []ast.Stmt, i int) bool {
	if s.info == nil || i+1 >= len(list) {
		return false
	}
	var id *ast.Ident
	var init ast.Expr // the constant declared; nil for var v bool
	switch d := list[i].(type) {
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE || len(d.Lhs) != 1 || len(d.Rhs) != 1 {
			return false
		}
		id, init = identOf(d.Lhs[0]), d.Rhs[0]
	case *ast.DeclStmt:
		gd := d.Decl.(*ast.GenDecl)
		if gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 1 || len(vs.Values) > 1 {
			return false
		}
		id = vs.Names[0]
		if len(vs.Values) == 1 {
			init = vs.Values[0]
		}
	default:
		return false
	}
	v, _ := s.info.Defs[id].(*types.Var)
	if v == nil || v.Type() != types.Typ[types.Bool] {
		return false
	}
	first := false
	if init != nil {
		tv := s.info.Types[init]
		if tv.Value == nil || tv.Value.Kind() != constant.Bool {
			return false
		}
		first = constant.BoolVal(tv.Value)
	}
	st, ok := list[i+1].(*ast.IfStmt)
	if !ok || st.Init != nil || st.Else != nil || len(st.Body.List) != 1 || hasComments(s.f, st.Body) ||
		!hotIn(s.hot, s.f.off(st.Pos()), s.f.off(st.End())) {
		return false
	}
	as, ok := st.Body.List[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 || s.info.Uses[identOf(as.Lhs[0])] != v {
		return false
	}
	tv := s.info.Types[as.Rhs[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.Bool || constant.BoolVal(tv.Value) == first {
		return false
	}
	ct := s.info.TypeOf(st.Cond)
	if b, ok := ct.(*types.Basic); !ok || b.Kind() != types.Bool && b.Kind() != types.UntypedBool || s.readsVar(st.Cond, v) {
		return false
	}
	cond := s.f.text(st.Cond)
	if first {
		switch ast.Unparen(st.Cond).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.ParenExpr, *ast.IndexExpr:
			cond = "!" + cond
		default:
			cond = "!(" + cond + ")"
		}
	}
	g := s.ed.newGroup()
	s.ed.add(g, s.f.off(list[i].Pos()), s.f.off(list[i].End()), id.Name+" := "+cond)
	start, end := s.f.deleteRange(st)
	s.ed.add(g, start, end, "")
	return true
}

// declThenAssign merges the declarations `var x T` (and `var err
// error`) starting list[i], each of one name without a value, into the
// assignment that follows them once the removal spliced it in
// (`x, err = f()`, a branch of the `if` that sat between): it becomes
// `x, err := f()`, as maintainers write it. Every name assigned is one
// of those declared or a variable of the same block (redeclared by :=),
// and each declared type is the one := infers.
func (s *simplifier) declThenAssign(list []ast.Stmt, i int) bool {
	if s.info == nil {
		return false
	}
	declared := make(map[types.Object]bool)
	var scope *types.Scope
	j := i
	for ; j < len(list); j++ {
		ds, ok := list[j].(*ast.DeclStmt)
		if !ok {
			break
		}
		gd := ds.Decl.(*ast.GenDecl)
		if gd.Tok != token.VAR {
			return false
		}
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) != 0 || vs.Type == nil {
				return false
			}
			for _, id := range vs.Names {
				obj := s.info.Defs[id]
				if obj == nil || id.Name == "_" {
					return false
				}
				declared[obj] = true
				scope = obj.Parent()
			}
		}
	}
	if j == i || j >= len(list) {
		return false
	}
	// Statements naming none of the declared names may sit between the
	// declarations and the assignment (`var c *Client` … `opts := …` …
	// `c, err = newClient(opts)`, a switch's clause spliced in): the
	// declarations move down to it.
	declEnd := j
	names := make(map[string]bool)
	for obj := range declared {
		names[obj.Name()] = true
	}
	for j < len(list) && !mentions(list[j], names) {
		switch list[j].(type) {
		case *ast.LabeledStmt, *ast.BranchStmt:
			return false // a goto could jump over the declaration
		}
		j++
	}
	if j >= len(list) {
		return false
	}
	as, ok := list[j].(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Rhs) == 0 || !hotIn(s.hot, s.f.lineStart(s.f.off(as.Pos())), s.f.off(as.End())) {
		return false
	}
	var rhsTypes []types.Type
	if len(as.Rhs) == 1 && len(as.Lhs) > 1 {
		tuple, ok := s.info.TypeOf(as.Rhs[0]).(*types.Tuple)
		if !ok || tuple.Len() != len(as.Lhs) {
			return false
		}
		for k := range tuple.Len() {
			rhsTypes = append(rhsTypes, tuple.At(k).Type())
		}
	} else {
		for _, r := range as.Rhs {
			tv := s.info.Types[r]
			if tv.IsNil() {
				return false // := cannot infer from nil
			}
			switch ast.Unparen(r).(type) {
			case *ast.BinaryExpr, *ast.UnaryExpr:
				// Possibly untyped (a == b, !ok, 1 << n): its recorded
				// type is the variable's, := would infer the default.
				if tv.Value == nil {
					return false
				}
			}
			if tv.Value != nil {
				// The constant's recorded type is the variable's; :=
				// would give it its default type instead (5 is an int,
				// not an int64): only string and bool constants agree.
				b, ok := tv.Type.(*types.Basic)
				if !ok || b.Kind() != types.String && b.Kind() != types.Bool {
					return false
				}
			}
			rhsTypes = append(rhsTypes, tv.Type)
		}
	}
	if len(rhsTypes) != len(as.Lhs) {
		return false
	}
	seen := 0
	for k, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false
		}
		obj := s.info.Uses[id]
		if obj == nil {
			return false
		}
		if declared[obj] {
			seen++
			if rhsTypes[k] == nil || !types.Identical(obj.Type(), rhsTypes[k]) {
				return false
			}
		} else if _, isVar := obj.(*types.Var); !isVar || obj.Parent() != scope {
			return false
		}
	}
	if seen != len(declared) {
		return false // a declared name assigned later, or elsewhere
	}
	// The right-hand side must not read what it declares.
	reads := false
	for _, r := range as.Rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && declared[s.info.Uses[id]] {
				reads = true
			}
			return !reads
		})
	}
	if reads {
		return false
	}
	// `var on bool` then `on = true`, what was `if flag { on = true }`:
	// the variable only ever holds the constant the removal settled, and
	// folds like the flag (Flux's optimizedClone).
	if len(as.Lhs) == 1 && len(as.Rhs) == 1 && declEnd == i+1 {
		v, _ := s.info.Uses[identOf(as.Lhs[0])].(*types.Var)
		tv := s.info.Types[as.Rhs[0]]
		if v != nil && v.Type() == types.Typ[types.Bool] && tv.Value != nil && tv.Value.Kind() == constant.Bool &&
			s.inlineAll([]ast.Stmt{list[i], as}, v, boolText(constant.BoolVal(tv.Value))) {
			return true
		}
	}
	g := s.ed.newGroup()
	for k := i; k < declEnd; k++ {
		start, end := s.f.deleteRange(list[k])
		s.ed.add(g, start, end, "")
	}
	s.ed.add(g, s.f.off(as.TokPos), s.f.off(as.TokPos)+1, ":=")
	return true
}

// assignedOnceUsedNext inlines a variable that only carried a value the
// removal unwrapped into the statement using it:
//
//	var expectedErr error
//	expectedErr = structerr.NewInvalidArgument(…)   // was: if flag { … }
//	return setupData{…, expectedErr: expectedErr}
//
// becomes `return setupData{…, expectedErr: structerr.NewInvalidArgument(…)}`,
// as maintainers write it — := would not do, as it would give the
// variable the call's type instead of the declared one. The value lands
// where the variable was used: a field of a struct literal whose type is
// exactly the variable's (the same conversion happens there as in the
// assignment), in a return statement. The variable is used nowhere
// else, the assignment is hot, its value does not read the variable, and
// everything the return evaluates besides is pure (moving the value
// after it changes no order of effects).
func (s *simplifier) assignedOnceUsedNext(list []ast.Stmt, i int) bool {
	if s.info == nil || i+2 >= len(list) {
		return false
	}
	ds, ok := list[i].(*ast.DeclStmt)
	if !ok {
		return false
	}
	gd := ds.Decl.(*ast.GenDecl)
	if gd.Tok != token.VAR || len(gd.Specs) != 1 {
		return false
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 1 || len(vs.Values) != 0 || vs.Type == nil {
		return false
	}
	v, _ := s.info.Defs[vs.Names[0]].(*types.Var)
	as, ok := list[i+1].(*ast.AssignStmt)
	if v == nil || !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 ||
		s.info.Uses[identOf(as.Lhs[0])] != v || !hotIn(s.hot, s.f.lineStart(s.f.off(as.Pos())), s.f.off(as.End())) {
		return false
	}
	rhs := as.Rhs[0]
	if tv := s.info.Types[rhs]; tv.IsNil() || tv.Value != nil {
		return false // a constant or nil takes its type from where it lands
	}
	if s.readsVar(rhs, v) {
		return false
	}
	// The one use, in the next statement, where a value of v's type goes.
	use := list[i+2]
	var at *ast.Ident
	uses := 0
	ast.Inspect(use, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.info.Uses[id] == v {
			uses++
			at = id
		}
		return true
	})
	if uses != 1 || s.uses(vs.Names[0]) != 2 || !s.landsAs(use, at, v.Type()) {
		return false
	}
	// What the statement evaluates besides.
	ret, ok := use.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, r := range ret.Results {
		if !s.pure(r) {
			return false
		}
	}
	g := s.ed.newGroup()
	for _, st := range list[i : i+2] {
		start, end := s.f.deleteRange(st)
		s.ed.add(g, start, end, "")
	}
	s.ed.add(g, s.f.off(at.Pos()), s.f.off(at.End()), s.f.text(rhs))
	return true
}

// landsAs reports whether id, in statement st, is the value of a struct
// literal's field of exactly type t.
func (s *simplifier) landsAs(st ast.Stmt, id *ast.Ident, t types.Type) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			st, ok := s.info.TypeOf(n).Underlying().(*types.Struct)
			if !ok {
				return true
			}
			for _, el := range n.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok || ast.Unparen(kv.Value) != id {
					continue
				}
				key := identOf(kv.Key)
				for f := range st.Fields() {
					if key != nil && f.Name() == key.Name && types.Identical(f.Type(), t) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// stmt simplifies one statement; splice reports whether the statement sits
// directly in a statement list, so it may be replaced by several.
func (s *simplifier) stmt(st ast.Stmt, list []ast.Stmt, splice bool) {
	switch st := st.(type) {
	case *ast.IfStmt:
		s.ifStmt(st, list, splice)
	case *ast.ForStmt:
		s.forStmt(st, list)
	case *ast.SwitchStmt:
		s.switchStmt(st, list, splice)
	case *ast.BlockStmt:
		if splice && list != nil && s.spliceBlock(st, list) {
			return
		}
		s.block(st.List, st)
	case *ast.LabeledStmt:
		s.stmt(st.Stmt, nil, false)
	case *ast.RangeStmt:
		if list != nil && s.emptyRange(st) {
			s.delete(st)
			return
		}
		if splice && list != nil && s.unrollOneCase(st, list) {
			return
		}
		s.foldExprs(st.X)
		s.block(st.Body.List, st.Body)
	case *ast.TypeSwitchStmt:
		s.foldExprs(st.Init)
		for _, c := range st.Body.List {
			s.block(c.(*ast.CaseClause).Body, c)
		}
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			cc := c.(*ast.CommClause)
			s.foldExprs(cc.Comm)
			s.block(cc.Body, cc)
		}
	case *ast.ExprStmt:
		if _, ok := s.constBool(st.X); ok && list != nil {
			s.delete(st)
			return
		}
		if list != nil && (s.emptiedSubtest(st) || s.emptiedVisit(st)) {
			s.delete(st)
			return
		}
		if list != nil && (s.trueAssertion(st) || s.flagLog(st)) {
			s.delete(st)
			return
		}
		if s.featureSetRun(st, list) {
			return
		}
		s.foldExprs(st)
	case *ast.AssignStmt:
		if s.assignHolder(st, list) {
			return
		}
		if len(st.Lhs) == 1 && isBlank(st.Lhs[0]) && st.Tok == token.ASSIGN && list != nil {
			if _, ok := s.constBool(st.Rhs[0]); ok {
				s.delete(st) // _ = true
				return
			}
		}
		s.foldExprs(st)
	case *ast.DeclStmt:
		if s.declHolder(st, list) {
			return
		}
		s.foldExprs(st)
	case *ast.DeferStmt:
		// defer func() {}() — the restore the removal emptied.
		if lit, ok := ast.Unparen(st.Call.Fun).(*ast.FuncLit); ok && list != nil && len(st.Call.Args) == 0 && s.hot_(st) && s.emptyBlock(lit.Body) {
			s.delete(st)
			return
		}
		s.foldExprs(st)
	default:
		s.foldExprs(st)
	}
}

// trueAssertion reports a testify assertion the fold made hold by
// construction: assert.True(t, true), require.False(t, false) (or the
// methods of assert.Assertions) with the value a hot constant — the
// test asserted the flag's state (assert.True(t, fgs[X])), which is no
// state any more. The other arguments (t, a message) must be pure. An
// assertion folded to fail (assert.True(t, false)) stays, for the test
// run to show.
func (s *simplifier) trueAssertion(st *ast.ExprStmt) bool {
	call, ok := ast.Unparen(st.X).(*ast.CallExpr)
	if !ok || s.info == nil {
		return false
	}
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), "github.com/stretchr/testify/") {
		return false
	}
	want := fn.Name() == "True"
	if !want && fn.Name() != "False" {
		return false
	}
	// The value is the first argument of a method (a.True(v)), the
	// second of a function (assert.True(t, v)).
	i := 1
	if fn.Type().(*types.Signature).Recv() != nil {
		i = 0
	}
	if len(call.Args) <= i {
		return false
	}
	v, ok := s.constBool(call.Args[i])
	if !ok || v != want {
		return false
	}
	for j, a := range call.Args {
		if j != i && !s.pure(a) {
			return false
		}
	}
	return true
}

// flagLog reports a test's log of the flag's state the fold made
// constant: `t.Logf("original is: %v", true)`, what is left of a helper
// that saved the gate's value, logged it and forced the gate. The line
// reported the state of a flag there is no state of any more; printing
// `true` tells the reader nothing. Only the testing package's Log and
// Logf are recognised: a program's own log line may be read by someone
// (a dashboard, an alert), and deleting it is a change of behaviour —
// unless it reports a forcing the removal deleted beside it (see
// loggedForcing), which would then report what no longer happens.
// The other arguments must be pure.
func (s *simplifier) flagLog(st *ast.ExprStmt) bool {
	call, ok := ast.Unparen(st.X).(*ast.CallExpr)
	if !ok || s.info == nil {
		return false
	}
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "testing" || fn.Name() != "Log" && fn.Name() != "Logf" {
		return false
	}
	hot := false
	for _, a := range call.Args {
		if _, ok := s.constBool(a); ok {
			hot = true
		} else if !s.pure(a) {
			return false
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); !ok || !s.pure(sel.X) {
		return false
	}
	return hot
}

// emptiedSubtest reports a subtest (t.Run), Ginkgo container, spec or
// setup node the removal left without a statement or comment: it tests,
// or sets up, nothing.
func (s *simplifier) emptiedSubtest(st *ast.ExprStmt) bool {
	call, ok := st.X.(*ast.CallExpr)
	if !ok || !s.hot_(st) || !isSubtest(call) && !isCleanup(call) && !isGinkgoNode(s.info, call, ginkgoContainers) && !isGinkgoNode(s.info, call, ginkgoSetups) {
		return false
	}
	return s.emptyBlock(call.Args[len(call.Args)-1].(*ast.FuncLit).Body)
}

// emptiedVisit reports, in a test, a call of a flag library's method
// whose only argument is a callback the removal left without a statement
// or comment: the collector's `fg.VisitAll(func(g *featuregate.Gate) { if
// g.ID() == X.ID() { defer …restore… } })`, a save of the flag's state
// whose restore went with the override. Visiting the gates with a
// callback that does nothing does nothing.
func (s *simplifier) emptiedVisit(st *ast.ExprStmt) bool {
	call, ok := ast.Unparen(st.X).(*ast.CallExpr)
	if !ok || s.info == nil || s.formPackage == nil || len(call.Args) != 1 || !s.hot_(st) || !strings.HasSuffix(s.f.name, "_test.go") {
		return false
	}
	lit, ok := call.Args[0].(*ast.FuncLit)
	if !ok || lit.Type.Results != nil && len(lit.Type.Results.List) > 0 || !s.emptyBlock(lit.Body) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !s.pure(sel.X) {
		return false
	}
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	return fn != nil && fn.Pkg() != nil && fn.Signature().Recv() != nil && fn.Signature().Results().Len() == 0 && s.formPackage(fn.Pkg().Path())
}

// isCleanup reports t.Cleanup(func() {…}).
func isCleanup(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Cleanup" || len(call.Args) != 1 {
		return false
	}
	lit, ok := call.Args[0].(*ast.FuncLit)
	return ok && lit.Type.Params.NumFields() == 0
}

// emptyBlock reports a block with neither a statement nor a comment.
func (s *simplifier) emptyBlock(b *ast.BlockStmt) bool {
	if len(b.List) != 0 {
		return false
	}
	for _, c := range s.f.ast.Comments {
		if b.Pos() < c.Pos() && c.End() < b.End() {
			return false
		}
	}
	return true
}

// emptyRange reports a `for range x {}` the removal emptied: ranging over
// a pure slice, array, string, map or integer does nothing. (Over a
// channel it drains, over a function it calls: those stay.)
func (s *simplifier) emptyRange(st *ast.RangeStmt) bool {
	if st.Key != nil || st.Value != nil || len(st.Body.List) != 0 || s.info == nil || !s.hot_(st) || !s.pure(st.X) {
		return false
	}
	t := s.info.TypeOf(st.X)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0
	}
	return false
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// delete removes a statement with its own lines.
func (s *simplifier) delete(n ast.Node) {
	start, end := s.f.deleteRange(n)
	s.ed.add(s.ed.newGroup(), start, end, "")
}

// A branch is one arm of an if / else if chain.
type branch struct {
	ifs  *ast.IfStmt
	cond val
	body *ast.BlockStmt
}

// ifStmt simplifies an if statement and its else-if chain.
func (s *simplifier) ifStmt(st *ast.IfStmt, list []ast.Stmt, splice bool) {
	var chain []branch
	var final *ast.BlockStmt
	known := false
	for cur := st; ; {
		b := branch{ifs: cur, body: cur.Body, cond: s.orig(cur.Cond)}
		if s.hot_(cur.Cond) {
			b.cond = s.fold(cur.Cond)
			known = known || b.cond.known
		}
		chain = append(chain, b)
		if next, ok := cur.Else.(*ast.IfStmt); ok {
			cur = next
			continue
		}
		final, _ = cur.Else.(*ast.BlockStmt)
		break
	}
	if !known && list != nil && st.Else == nil && st.Init == nil && s.hot_(st.Body) && s.emptyBlock(st.Body) && s.pure(st.Cond) {
		// The removal emptied the only branch (`if rest == "slow" {
		// c.FastPath = false }`, the write gone with its field):
		// nothing is left to choose.
		s.delete(st)
		return
	}
	if !known && !chain[0].cond.changed && s.mergeNested(st) {
		return
	}
	if !known {
		// No branch is decided: fold conditions, simplify bodies.
		s.foldExprs(st.Init)
		for _, b := range chain {
			if b.cond.changed {
				s.ed.add(s.ed.newGroup(), s.f.off(b.ifs.Cond.Pos()), s.f.off(b.ifs.Cond.End()), b.cond.text)
			}
			if b.ifs != st {
				s.foldExprs(b.ifs.Init)
			}
			s.block(b.body.List, b.body)
		}
		if final != nil {
			s.block(final.List, final)
		}
		return
	}
	// An else-if's init is scoped over the branches after it: a decided
	// branch with an init may go only if no branch after it stays.
	for i, b := range chain {
		if i == 0 || b.ifs.Init == nil || !b.cond.known {
			continue
		}
		for _, later := range chain[i+1:] {
			if !later.cond.known || later.cond.b {
				s.refuse(b.ifs, "an else-if with an init statement that later branches use: simplify it by hand")
				return
			}
		}
	}

	// Which branches survive, and which body runs when none of them does.
	var kept []branch
	var taken *ast.BlockStmt // the body that now always runs, if any
	for _, b := range chain {
		if b.cond.known && !b.cond.b {
			continue
		}
		if b.cond.known && b.cond.b {
			taken = b.body
			break
		}
		kept = append(kept, b)
	}
	if taken == nil {
		taken = final
	}
	g := s.ed.newGroup()

	if len(kept) == 0 {
		// The whole statement becomes one body (or nothing).
		init := ""
		if st.Init != nil {
			init = s.f.text(st.Init)
		}
		if taken == nil || len(taken.List) == 0 && !hasComments(s.f, taken) {
			if init != "" {
				s.ed.add(g, s.f.off(st.Pos()), s.f.off(st.End()), init)
				return
			}
			if list == nil {
				s.ed.add(g, s.f.off(st.Pos()), s.f.off(st.End()), "{}")
				return
			}
			start, end := s.f.deleteRange(st)
			s.ed.add(g, start, end, "")
			return
		}
		if !splice || !s.spliceable(taken, st, list) {
			// Keep a block: `{ init; body }`.
			s.keepBlock(g, st, taken, init)
			s.block(taken.List, taken)
			return
		}
		if !s.spliceBody(g, st, taken, init) {
			s.keepBlock(g, st, taken, init)
		}
		s.block(taken.List, taken)
		return
	}

	// Some branches remain: delete the decided ones in place.
	first := kept[0]
	if first.ifs != st {
		// The first branch went: the statement starts at the first kept
		// one, carrying the init that was scoped over every branch.
		switch {
		case st.Init != nil && first.ifs.Init != nil:
			s.ed.edits = dropGroup(s.ed.edits, g)
			s.refuse(first.ifs, "two init statements would meet in one if: simplify it by hand")
			return
		case st.Init != nil:
			s.ed.add(g, s.f.off(st.Pos()), s.f.off(first.ifs.Cond.Pos()), "if "+s.f.text(st.Init)+"; ")
		default:
			s.ed.add(g, s.f.off(st.Pos()), s.f.off(first.ifs.Pos()), "")
		}
	}
	// Remove dropped branches after the first kept one.
	prevEnd := first.body.End()
	for _, b := range chain {
		if b.ifs.Pos() <= first.ifs.Pos() {
			continue
		}
		if isKept(kept, b) {
			prevEnd = b.body.End()
			continue
		}
		if b.cond.known && !b.cond.b {
			// " else if false {…}" goes.
			s.ed.add(g, s.f.off(prevEnd), s.f.off(b.body.End()), "")
			continue
		}
		break // the taken branch: handled below
	}
	switch {
	case taken != nil && taken != final:
		// `else if true {B}…` becomes `else {B}`: drop "if cond " and
		// everything after B.
		var tb branch
		for _, b := range chain {
			if b.body == taken {
				tb = b
			}
		}
		s.ed.add(g, s.f.off(tb.ifs.Pos()), s.f.off(taken.Lbrace), "")
		if taken.End() < st.End() {
			s.ed.add(g, s.f.off(taken.End()), s.f.off(st.End()), "")
		}
	}
	for _, b := range kept {
		if b.cond.changed {
			s.ed.add(g, s.f.off(b.ifs.Cond.Pos()), s.f.off(b.ifs.Cond.End()), b.cond.text)
		}
		s.block(b.body.List, b.body)
	}
	if taken != nil {
		s.block(taken.List, taken)
	}
}

// mergeNested writes `if a { if b { … } }` as `if a && b { … }` when the
// removal emptied the outer body of all but the inner if (Temporal's
// 75b8cc9c4d: the flag's check went from between the two conditions,
// and the maintainers joined them). Neither if may have an init or an
// else, nor the outer body a comment outside the inner if; a condition
// of lower precedence than && is parenthesised, and a joined line wider
// than 100 columns breaks after the &&, as gofmt leaves it.
func (s *simplifier) mergeNested(st *ast.IfStmt) bool {
	if st.Init != nil || st.Else != nil || len(st.Body.List) != 1 {
		return false
	}
	inner, ok := st.Body.List[0].(*ast.IfStmt)
	if !ok || inner.Init != nil || inner.Else != nil || s.hot_(inner.Cond) || s.hot_(st.Cond) {
		return false
	}
	f := s.f
	lb, rb := f.off(st.Body.Lbrace), f.off(st.Body.Rbrace)
	in, out := f.off(inner.Pos()), f.off(inner.End())
	if !hotIn(s.hot, lb+1, in) && !hotIn(s.hot, out, rb) {
		return false // the author's own nesting
	}
	for _, cg := range f.ast.Comments {
		if cg.Pos() > st.Body.Lbrace && cg.End() <= inner.Pos() || cg.Pos() >= inner.End() && cg.End() < st.Body.Rbrace {
			return false
		}
	}
	end := f.off(st.End())
	if !blank(f.src[out:f.lineEnd(out)]) || !blank(f.src[f.lineStart(rb):rb]) || !blank(f.src[end:f.lineEnd(end)]) {
		return false
	}
	operand := func(e ast.Expr) string {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LOR && e == ast.Unparen(e) {
			return "(" + f.text(e) + ")"
		}
		return f.text(e)
	}
	a, b := operand(st.Cond), operand(inner.Cond)
	indent := f.indent(f.off(st.Pos()))
	sep := " && "
	if width(indent+"if "+a+sep+b+" {") > 100 && !strings.Contains(a+b, "\n") {
		sep = " &&\n" + indent + "\t"
	}
	g := s.ed.newGroup()
	s.ed.add(g, f.off(st.Cond.Pos()), f.off(inner.Cond.End()), a+sep+b)
	s.dedentLines(g, f.lineEnd(f.off(inner.Body.Lbrace)), f.lineEnd(out))
	s.ed.add(g, f.lineEnd(out), f.lineEnd(end), "")
	s.block(inner.Body.List, inner.Body)
	return true
}

// width is a line's width in columns, a tab counting four.
func width(line string) int {
	return utf8.RuneCountInString(line) + 3*strings.Count(line, "\t")
}

func isKept(kept []branch, b branch) bool {
	for _, k := range kept {
		if k.ifs == b.ifs {
			return true
		}
	}
	return false
}

func hasComments(f *srcFile, b *ast.BlockStmt) bool {
	for _, cg := range f.ast.Comments {
		if cg.Pos() > b.Lbrace && cg.End() < b.Rbrace {
			return true
		}
	}
	return false
}

// spliceable reports whether body's statements can move into list (the
// block holding st) without a declaration colliding with, or shadowing,
// a name used there.
func (s *simplifier) spliceable(body *ast.BlockStmt, st ast.Stmt, list []ast.Stmt) bool {
	declared := make(map[string]bool)
	addDecls := func(stmts ...ast.Stmt) {
		for _, x := range stmts {
			switch x := x.(type) {
			case *ast.AssignStmt:
				if x.Tok == token.DEFINE {
					for _, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							declared[id.Name] = true
						}
					}
				}
			case *ast.DeclStmt:
				for _, spec := range x.Decl.(*ast.GenDecl).Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							declared[id.Name] = true
						}
					case *ast.TypeSpec:
						declared[spec.Name.Name] = true
					}
				}
			}
		}
	}
	addDecls(body.List...)
	if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init != nil {
		addDecls(ifs.Init)
	}
	if len(declared) == 0 {
		return true
	}
	clash := make(map[string]bool)
	for _, other := range list {
		if other == st {
			continue
		}
		ast.Inspect(other, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && declared[id.Name] {
				clash[id.Name] = true
			}
			return true
		})
	}
	for name := range clash {
		if !s.reusable(name, body, st, list, clash) {
			return false
		}
	}
	return true
}

// reusable reports whether a name the spliced body declares with := may
// land in the enclosing block although the block names it too: the
// block's own variable of that name (declared before st, of the same
// type) is then assigned by the := instead, which changes nothing when
// the block never reads it after st, nor from a function literal (a
// deferred closure reading err would see the new value):
//
//	_, err := fetch(ctx)
//	if flag {
//		poolPath, err := locate(pool)
//		…
//	}
//
// splices to `poolPath, err := locate(pool)`, still declaring poolPath.
// Each := declaring it must still declare a name of its own.
func (s *simplifier) reusable(name string, body *ast.BlockStmt, st ast.Stmt, list []ast.Stmt, clash map[string]bool) bool {
	if s.info == nil {
		return false
	}
	var inner types.Object
	for _, x := range body.List {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				continue
			}
			names, fresh := false, false
			for _, l := range x.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				if id.Name == name {
					names = true
					if inner == nil {
						inner = s.info.Defs[id]
					}
				} else if id.Name != "_" && !clash[id.Name] {
					fresh = true
				}
			}
			if names && !fresh {
				return false
			}
		case *ast.DeclStmt:
			for _, spec := range x.Decl.(*ast.GenDecl).Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						if id.Name == name {
							return false
						}
					}
				case *ast.TypeSpec:
					if spec.Name.Name == name {
						return false
					}
				}
			}
		}
	}
	if inner == nil {
		return false
	}
	// The enclosing block's scope: the first above the body's that
	// does not lie within st (an if has a scope of its own).
	sc := inner.Parent()
	for sc != nil && sc.Pos().IsValid() && sc.Pos() >= st.Pos() && sc.End() <= st.End() {
		sc = sc.Parent()
	}
	if sc == nil {
		return false
	}
	outer := sc.Lookup(name)
	if outer != nil && outer.Pos() > st.Pos() {
		outer = nil // declared after st: only an overwriting := may name it first
	}
	after, overwritten := false, false
	ok := true
	for _, other := range list {
		if other == st {
			after = true
			continue
		}
		if after {
			if !s.namesInScope(other, name, sc) {
				continue
			}
			// The first statement after st to name it must overwrite
			// the value the body left, or the splice would change
			// what it reads.
			ok = s.overwrites(other, name, inner, outer, sc, clash)
			overwritten = ok
			break
		}
		ast.Inspect(other, func(n ast.Node) bool {
			if fl, isLit := n.(*ast.FuncLit); isLit {
				if namesIdent(fl.Body, name) {
					ok = false
				}
				return false
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	if !ok {
		return false
	}
	// Once the block writes the variable again, a closure of the body
	// capturing it would see those writes.
	if overwritten {
		captured := false
		ast.Inspect(body, func(n ast.Node) bool {
			if fl, isLit := n.(*ast.FuncLit); isLit && namesIdent(fl.Body, name) {
				captured = true
			}
			return !captured
		})
		if captured {
			return false
		}
	}
	if outer == nil {
		return true
	}
	// A parameter or named result is read when the function returns
	// (a bare return, the end of its body, a deferred recover): the
	// assignment would change what it returns.
	path := pathTo(s.f.ast, st)
	for i := len(path) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch fn := path[i].(type) {
		case *ast.FuncDecl:
			ft = fn.Type
		case *ast.FuncLit:
			ft = fn.Type
		}
		if ft != nil {
			if ft.Pos() <= outer.Pos() && outer.Pos() < ft.End() {
				return false
			}
			break
		}
	}
	_, isVar := outer.(*types.Var)
	return isVar && types.Identical(outer.Type(), inner.Type())
}

// namesIdent reports whether n mentions an identifier spelled name.
func namesIdent(n ast.Node, name string) bool {
	return mentions(n, map[string]bool{name: true})
}

// namesInScope reports whether stmt names name as anything but a
// variable it declares in a scope of its own (an if's or a closure's
// err is another variable, which the splice leaves alone).
func (s *simplifier) namesInScope(stmt ast.Stmt, name string, sc *types.Scope) bool {
	found := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != name || found {
			return !found
		}
		obj := s.info.Defs[id]
		if obj == nil {
			obj = s.info.Uses[id]
		}
		if obj != nil && obj.Parent() != sc && obj.Parent() != nil && stmt.Pos() <= obj.Pos() && obj.Pos() < stmt.End() {
			return true // declared within stmt, in a nested scope
		}
		found = true
		return false
	})
	return found
}

// overwrites reports whether stmt, the first statement after the
// spliced one to name name in the enclosing block, writes it without
// reading it: `resp, err := get()` that, once the body's err is
// declared in the block, assigns it instead (still declaring a name of
// its own, err of the same type), or `err = other()` of the block's own
// variable (outer). The value the body left is then never read.
func (s *simplifier) overwrites(stmt ast.Stmt, name string, inner, outer types.Object, sc *types.Scope, clash map[string]bool) bool {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE && as.Tok != token.ASSIGN {
		return false
	}
	for _, r := range as.Rhs {
		if namesIdent(r, name) {
			return false
		}
	}
	var target *ast.Ident
	for _, l := range as.Lhs {
		if id, isID := l.(*ast.Ident); isID && id.Name == name {
			target = id
		} else if namesIdent(l, name) {
			return false // err.field = …, m[err] = …: a read
		}
	}
	if target == nil {
		return false
	}
	if def := s.info.Defs[target]; def != nil {
		if def.Parent() != sc || !types.Identical(def.Type(), inner.Type()) {
			return false
		}
		for _, l := range as.Lhs {
			if id, isID := l.(*ast.Ident); isID && id.Name != "_" && id.Name != name && !clash[id.Name] && s.info.Defs[id] != nil {
				return true
			}
		}
		return false
	}
	return outer != nil && s.info.Uses[target] == outer
}

// spliceBody replaces st with body's statements, dedented, after prefix
// (an init statement), by small edits: the lines before body's `{`, one
// indentation per line, and the lines from body's `}` to st's end.
func (s *simplifier) spliceBody(g int, st ast.Stmt, body *ast.BlockStmt, init string) bool {
	f := s.f
	lb, rb := f.off(body.Lbrace), f.off(body.Rbrace)
	stStart, stEnd := f.off(st.Pos()), f.off(st.End())
	if !blank(f.src[f.lineStart(stStart):stStart]) || !blankOrComment(f.src[lb+1:f.lineEnd(lb)]) ||
		!blank(f.src[f.lineStart(rb):rb]) || strings.TrimSpace(string(f.src[stEnd:f.lineEnd(stEnd)])) != "" && !strings.HasPrefix(strings.TrimSpace(string(f.src[stEnd:f.lineEnd(stEnd)])), "//") {
		return false
	}
	prefix := ""
	if init != "" {
		prefix = f.indent(stStart) + init + "\n"
	}
	// A comment naming the flag above the if (a TODO to remove the
	// check) goes with the if; any other describes the body, and stays.
	from := f.lineStart(stStart)
	if above := f.commentAbove(from); above < from && f.namesFlag(string(f.src[above:from])) {
		from = above
	}
	s.ed.add(g, from, f.lineEnd(lb), prefix)
	s.dedentLines(g, f.lineEnd(lb), f.lineStart(rb))
	s.ed.add(g, f.lineStart(rb), f.lineEnd(stEnd), "")
	return true
}

// dedentLines removes one indentation from each line in [start, end),
// except lines inside a raw string literal.
func (s *simplifier) dedentLines(g, start, end int) { s.dedentLinesN(g, start, end, 1) }

// dedentLinesN removes n levels of indentation from the lines in
// [start, end), one tab or four spaces each.
func (s *simplifier) dedentLinesN(g, start, end, n int) {
	f := s.f
	inRaw := func(off int) bool {
		raw := false
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if raw {
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && lit.Value[0] == '`' {
				raw = f.off(lit.Pos()) < off && off < f.off(lit.End())
			}
			return true
		})
		return raw
	}
	for off := start; off < end; off = f.lineEnd(off) {
		if inRaw(off) {
			continue
		}
		i := off
		for range n {
			switch {
			case bytes.HasPrefix(f.src[i:], []byte("\t")):
				i++
			case bytes.HasPrefix(f.src[i:], []byte("    ")):
				i += 4
			}
		}
		if i > off {
			s.ed.add(g, off, i, "")
		}
	}
}

// keepBlock replaces st with a plain block holding init and body: the
// lines up to body's `{` become `{` (and init), and everything after
// body's `}` goes.
func (s *simplifier) keepBlock(g int, st ast.Stmt, body *ast.BlockStmt, init string) {
	f := s.f
	text := "{"
	if init != "" {
		text = "{\n" + f.indent(f.off(st.Pos())) + "\t" + init
	}
	s.ed.add(g, f.off(st.Pos()), f.off(body.Lbrace)+1, text)
	if body.End() < st.End() {
		s.ed.add(g, f.off(body.End()), f.off(st.End()), "")
	}
}

// forStmt handles `for false {…}` (the loop never runs) and `for true`.
func (s *simplifier) forStmt(st *ast.ForStmt, list []ast.Stmt) {
	if st.Cond != nil && s.hot_(st.Cond) {
		v := s.fold(st.Cond)
		switch {
		case v.known && !v.b && list != nil:
			if st.Init != nil && !s.pureStmt(st.Init) {
				s.ed.add(s.ed.newGroup(), s.f.off(st.Pos()), s.f.off(st.End()), s.f.text(st.Init))
				return
			}
			s.delete(st)
			return
		case v.known && v.b:
			g := s.ed.newGroup()
			if st.Init == nil && st.Post == nil {
				s.ed.add(g, s.f.off(st.Pos())+len("for"), s.f.off(st.Body.Lbrace), " ")
			} else {
				s.ed.add(g, s.f.off(st.Cond.Pos()), s.f.off(st.Cond.End()), "")
			}
		case v.changed:
			s.ed.add(s.ed.newGroup(), s.f.off(st.Cond.Pos()), s.f.off(st.Cond.End()), v.text)
		}
	}
	s.foldExprs(st.Init)
	s.foldExprs(st.Post)
	s.block(st.Body.List, st.Body)
}

func (s *simplifier) pureStmt(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		for _, r := range st.Rhs {
			if !s.pure(r) {
				return false
			}
		}
		return true
	}
	return false
}

// switchStmt handles a tagless switch whose case expressions fold: a case
// that is false goes, a case that is true swallows the ones after it, and
// a switch whose first case is always taken becomes that case's body.
func (s *simplifier) switchStmt(st *ast.SwitchStmt, list []ast.Stmt, splice bool) {
	if st.Tag != nil && splice && list != nil && s.constSwitch(st, list) {
		return
	}
	decided := false
	if st.Tag == nil {
		for _, c := range st.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				if s.hot_(e) && s.fold(e).known {
					decided = true
				}
			}
		}
	}
	if !decided || hasFallthrough(st) {
		s.foldExprs(st.Init)
		s.foldExprs(st.Tag)
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			for _, e := range cc.List {
				if s.hot_(e) {
					if v := s.fold(e); v.changed {
						s.ed.add(s.ed.newGroup(), s.f.off(e.Pos()), s.f.off(e.End()), v.text)
					}
				}
			}
			s.block(cc.Body, cc)
		}
		return
	}
	g := s.ed.newGroup()
	var remaining []*ast.CaseClause
	var always *ast.CaseClause
	var deflt *ast.CaseClause
	for _, c := range st.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			deflt = cc
			continue
		}
		if always != nil {
			s.ed.add(g, s.f.lineStart(s.f.off(cc.Pos())), s.clauseEnd(st, cc), "")
			continue
		}
		var keptExprs []ast.Expr
		for _, e := range cc.List {
			if s.hot_(e) {
				if v := s.fold(e); v.known {
					if v.b {
						always = cc
					}
					continue
				}
			}
			keptExprs = append(keptExprs, e)
		}
		switch {
		case always == cc && len(remaining) == 0:
			// Taken whenever reached, and reached always.
		case always == cc:
			s.ed.add(g, s.f.off(cc.Pos()), s.f.off(cc.Colon), "default")
			remaining = append(remaining, cc)
		case len(keptExprs) == 0:
			s.ed.add(g, s.f.lineStart(s.f.off(cc.Pos())), s.clauseEnd(st, cc), "")
		default:
			if len(keptExprs) != len(cc.List) {
				texts := make([]string, len(keptExprs))
				for i, e := range keptExprs {
					texts[i] = s.f.text(e)
				}
				s.ed.add(g, s.f.off(cc.List[0].Pos()), s.f.off(cc.List[len(cc.List)-1].End()), strings.Join(texts, ", "))
			}
			remaining = append(remaining, cc)
		}
	}
	if always != nil && deflt != nil {
		s.ed.add(g, s.f.lineStart(s.f.off(deflt.Pos())), s.clauseEnd(st, deflt), "")
		deflt = nil
	}
	if always != nil && len(remaining) == 0 {
		// The switch is its one case's body, unless a break in it would
		// then leave an enclosing loop instead.
		s.ed.edits = dropGroup(s.ed.edits, g)
		if hasBreak(always.Body) {
			s.refuse(always, "the switch stays, with one case always taken: its break would leave the enclosing loop once the switch is gone; simplify it by hand")
			return
		}
		if !splice || !s.spliceableStmts(always.Body, st, list) || st.Init != nil || !s.caseBodyOnOwnLines(always) {
			return
		}
		s.spliceClause(s.ed.newGroup(), st, always)
		s.block(always.Body, always)
		return
	}
	if always == nil && len(remaining) == 0 && deflt != nil && !hasBreak(deflt.Body) &&
		splice && st.Init == nil && s.spliceableStmts(deflt.Body, st, list) && s.caseBodyOnOwnLines(deflt) {
		// Every case went: the default always runs, and the switch is
		// its body (a `switch { default: …; return }` would leave the
		// code after it unreachable, which go vet rejects).
		s.ed.edits = dropGroup(s.ed.edits, g)
		s.spliceClause(s.ed.newGroup(), st, deflt)
		s.block(deflt.Body, deflt)
		return
	}
	if len(remaining) == 0 && deflt == nil && list != nil {
		s.ed.edits = dropGroup(s.ed.edits, g)
		s.delete(st)
		return
	}
	for _, cc := range remaining {
		s.block(cc.Body, cc)
	}
	if deflt != nil {
		s.block(deflt.Body, deflt)
	}
}

func dropGroup(edits []edit, g int) []edit {
	out := edits[:0]
	for _, e := range edits {
		if e.group != g {
			out = append(out, e)
		}
	}
	return out
}

// clauseEnd returns where a case clause's lines end: the start of the next
// clause's line, or of the switch's closing brace.
func (s *simplifier) clauseEnd(st *ast.SwitchStmt, cc *ast.CaseClause) int {
	for i, c := range st.Body.List {
		if c == cc && i+1 < len(st.Body.List) {
			return s.f.lineStart(s.f.off(st.Body.List[i+1].Pos()))
		}
	}
	return s.f.lineStart(s.f.off(st.Body.Rbrace))
}

func (s *simplifier) spliceableStmts(body []ast.Stmt, st ast.Stmt, list []ast.Stmt) bool {
	return s.spliceable(&ast.BlockStmt{List: body}, st, list)
}

// spliceBlock splices a bare block the removal left (`if flag {` became
// `{` because a name it declares was declared after it too) once nothing
// around it declares or uses its names any more: typically the code after
// an early return, deleted as unreachable. Only a block the removal made
// (hot) goes; the braces must stand on lines of their own.
func (s *simplifier) spliceBlock(b *ast.BlockStmt, list []ast.Stmt) bool {
	f := s.f
	lb, rb := f.off(b.Lbrace), f.off(b.Rbrace)
	if !hotIn(s.hot, lb, lb+1) || !s.spliceable(b, b, list) {
		return false
	}
	if !blank(f.src[f.lineStart(lb):lb]) || !blank(f.src[lb+1:f.lineEnd(lb)]) ||
		!blank(f.src[f.lineStart(rb):rb]) || !blank(f.src[rb+1:f.lineEnd(rb)]) {
		return false
	}
	g := s.ed.newGroup()
	s.ed.add(g, f.lineStart(lb), f.lineEnd(lb), "")
	s.dedentLines(g, f.lineEnd(lb), f.lineStart(rb))
	end := f.lineEnd(rb)
	if list[len(list)-1] == b {
		// The last statement: the blank lines the deleted code after
		// it left go too, up to the enclosing brace.
		for end < len(f.src) && blank(f.src[end:f.lineEnd(end)]) && f.lineEnd(end) > end {
			end = f.lineEnd(end)
		}
	}
	s.ed.add(g, f.lineStart(rb), end, "")
	s.block(b.List, b)
	return true
}

// unrollOneCase unrolls a table the removal left with one case that only
// names its subtest, as maintainers do:
//
//	for _, tc := range []struct{ desc string }{{desc: "on"}} {
//		t.Run(tc.desc, func(t *testing.T) {
//			…
//		})
//	}
//
// becomes the body of the subtest, in the test (a copy of the case
// first, tc := tc, goes with the loop). The loop must end the
// test function (a return, a defer or a cleanup in the body then ends
// where it did), the case be read only for the name, the body call no
// t.Parallel (the test's own t may already be parallel) and declare no
// name the test declares or uses elsewhere.
func (s *simplifier) unrollOneCase(rs *ast.RangeStmt, list []ast.Stmt) bool {
	if s.info == nil || list[len(list)-1] != rs || rs.Tok != token.DEFINE || rs.Key != nil && !isBlank(rs.Key) {
		return false
	}
	lit, ok := ast.Unparen(rs.X).(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 1 || !hotIn(s.hot, s.f.off(lit.Lbrace), s.f.off(lit.Rbrace)+1) {
		return false
	}
	tc, _ := s.info.Defs[identOf(rs.Value)].(*types.Var)
	tcID := identOf(rs.Value)
	body := rs.Body.List
	if n := len(body); n == 2 && tc != nil {
		// tc := tc, the copy loops needed before Go 1.22: the copy
		// is the case, read for the name only, and tc is read by
		// the copy only.
		as, isAs := body[0].(*ast.AssignStmt)
		if !isAs || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || s.info.Uses[identOf(as.Rhs[0])] != tc {
			return false
		}
		cp, _ := s.info.Defs[identOf(as.Lhs[0])].(*types.Var)
		if cp == nil || s.uses(identOf(rs.Value)) != 1 {
			return false
		}
		tc, tcID, body = cp, identOf(as.Lhs[0]), body[1:]
	}
	if len(body) != 1 {
		return false
	}
	es, ok := body[0].(*ast.ExprStmt)
	if tc == nil || !ok {
		return false
	}
	run, ok := es.X.(*ast.CallExpr)
	if !ok || !isSubtest(run) {
		return false
	}
	t, ok := run.Fun.(*ast.SelectorExpr).X.(*ast.Ident)
	fn := run.Args[1].(*ast.FuncLit)
	if !ok || len(fn.Type.Params.List) != 1 || len(fn.Type.Params.List[0].Names) != 1 || fn.Type.Params.List[0].Names[0].Name != t.Name {
		return false
	}
	// tc is read for the name only.
	if s.uses(tcID) != 1 || !s.readsVar(run.Args[0], tc) {
		return false
	}
	if parallelCall(fn.Body, fn.Type.Params) != nil || !s.spliceable(fn.Body, rs, list) {
		return false
	}
	f := s.f
	lb, rb := f.off(fn.Body.Lbrace), f.off(fn.Body.Rbrace)
	if !blank(f.src[lb+1:f.lineEnd(lb)]) || !blank(f.src[f.lineStart(rb):rb]) || !blank(f.src[f.off(rs.Pos())-len(f.indent(f.off(rs.Pos()))):f.off(rs.Pos())]) {
		return false
	}
	g := s.ed.newGroup()
	s.ed.add(g, f.lineStart(f.off(rs.Pos())), f.lineEnd(lb), "")
	s.dedentLinesN(g, f.lineEnd(lb), f.lineStart(rb), 2)
	s.ed.add(g, f.lineStart(rb), f.lineEnd(f.off(rs.End())), "")
	return true
}

// readsVar reports whether an expression reads a variable.
func (s *simplifier) readsVar(x ast.Expr, v *types.Var) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// spliceClause replaces a switch with its first clause's body: the lines
// up to the clause's colon go, the body is dedented (gofmt indents a
// case's body one level deeper than the switch), and the other clauses and
// the closing brace go.
func (s *simplifier) spliceClause(g int, st *ast.SwitchStmt, cc *ast.CaseClause) {
	f := s.f
	stStart, stEnd := f.off(st.Pos()), f.off(st.End())
	bodyStart := f.lineEnd(f.off(cc.Colon))
	bodyEnd := s.clauseEnd(st, cc)
	s.ed.add(g, f.lineStart(stStart), bodyStart, "")
	s.dedentLines(g, bodyStart, bodyEnd)
	s.ed.add(g, bodyEnd, f.lineEnd(stEnd), "")
}

// caseBodyOnOwnLines reports whether a clause's body starts on the line
// after its colon, as gofmt writes it.
func (s *simplifier) caseBodyOnOwnLines(cc *ast.CaseClause) bool {
	colon := s.f.off(cc.Colon)
	return blank(s.f.src[colon+1 : s.f.lineEnd(colon)])
}

func hasFallthrough(st *ast.SwitchStmt) bool {
	found := false
	ast.Inspect(st.Body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
			found = true
		}
		return !found
	})
	return found
}

// mentions reports whether n holds an identifier of one of names.
func mentions(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// constSwitch replaces a switch on a constant the removal settled with
// the clause it selects (Flux's `switch gitImplementation { case
// LibGit2Implementation, GoGitImplementation, "": …; default: err = … }`
// once gitImplementation is always GoGitImplementation): every case is a
// constant, the first equal to the tag wins, else the default; none
// selected, the switch goes. The clause's body must splice (no break
// binding to the switch, no name clashing with the block's).
func (s *simplifier) constSwitch(st *ast.SwitchStmt, list []ast.Stmt) bool {
	if s.info == nil || st.Init != nil || !s.hot_(st.Tag) || hasFallthrough(st) {
		return false
	}
	tag := s.info.Types[st.Tag].Value
	if tag == nil {
		return false
	}
	var chosen, deflt *ast.CaseClause
	for _, c := range st.Body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			deflt = cc
			continue
		}
		for _, e := range cc.List {
			v := s.info.Types[e].Value
			if v == nil || v.Kind() != tag.Kind() {
				return false
			}
			if chosen == nil && constant.Compare(tag, token.EQL, v) {
				chosen = cc
			}
		}
	}
	if chosen == nil {
		chosen = deflt
	}
	if chosen == nil || len(chosen.Body) == 0 && !s.commentsIn(chosen) {
		start, end := s.f.deleteRange(st)
		s.ed.add(s.ed.newGroup(), start, end, "")
		return true
	}
	if hasBreak(chosen.Body) || !s.caseBodyOnOwnLines(chosen) || !s.spliceableStmts(chosen.Body, st, list) {
		return false
	}
	s.spliceClause(s.ed.newGroup(), st, chosen)
	return true
}

// hasBreak reports an unlabeled break that would bind to the switch.
func hasBreak(body []ast.Stmt) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && n.Label == nil {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// funcBody simplifies a function's body; a bare return the removal left
// as its last statement goes, in a function without results.
func (s *simplifier) funcBody(ft *ast.FuncType, body *ast.BlockStmt) {
	s.block(body.List, body)
	if ft.Results != nil && len(ft.Results.List) > 0 || len(body.List) == 0 {
		return
	}
	last, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok || len(last.Results) > 0 {
		return
	}
	if hotIn(s.hot, s.f.lineStart(s.f.off(last.Pos())), s.f.off(last.End())) {
		s.delete(last)
	}
}

// deadCode deletes the statements after a hot terminating statement: a
// guard clause that became `return` leaves the rest of its block dead.
func (s *simplifier) deadCode(list []ast.Stmt) {
	for i, st := range list {
		if !terminating(st) || i == len(list)-1 {
			continue
		}
		if !hotIn(s.hot, s.f.lineStart(s.f.off(st.Pos())), s.f.off(st.End())) {
			continue
		}
		rest := list[i+1:]
		for _, r := range rest {
			if hasLabel(r) {
				return
			}
		}
		// One edit from the first dead statement to the last: the blank
		// lines and comments between them are dead too, and so are the
		// blank lines between the terminating statement and them (the
		// block ends with it).
		start, _ := s.f.nodeRange(rest[0])
		_, end := s.f.nodeRange(rest[len(rest)-1])
		if after := s.f.lineEnd(s.f.off(st.End())); after <= start && start == s.f.lineStart(start) && blank(s.f.src[after:start]) {
			start = after
		}
		s.ed.add(s.ed.newGroup(), start, end, "")
		return
	}
}

func hasLabel(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if _, ok := n.(*ast.LabeledStmt); ok {
			found = true
		}
		return !found
	})
	return found
}

// terminating reports whether a statement is terminating in the Go spec's
// sense, plus break and continue (what follows them in a list is as
// unreachable, for go vet). A switch matters once a fold has turned each
// of its clauses into a return: what follows it is then dead.
func terminating(st ast.Stmt) bool {
	return terminatingLabeled(st, "")
}

// terminatingLabeled is terminating for a statement carrying label (""
// for none), which a break inside it may name.
func terminatingLabeled(st ast.Stmt, label string) bool {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return st.Tok == token.GOTO || st.Tok == token.BREAK || st.Tok == token.CONTINUE
	case *ast.ExprStmt:
		call, ok := st.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && id.Name == "panic"
	case *ast.BlockStmt:
		return endsTerminating(st.List)
	case *ast.IfStmt:
		if st.Else == nil {
			return false
		}
		return terminating(st.Body) && terminating(st.Else)
	case *ast.LabeledStmt:
		return terminatingLabeled(st.Stmt, st.Label.Name)
	case *ast.ForStmt:
		return st.Cond == nil && !breaks(st.Body, label)
	case *ast.SwitchStmt:
		return clausesTerminate(st.Body, label)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(st.Body, label)
	case *ast.SelectStmt:
		return clausesTerminate(st.Body, label)
	}
	return false
}

// endsTerminating reports whether a statement list ends in a terminating
// statement (empty statements aside).
func endsTerminating(list []ast.Stmt) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if _, ok := list[i].(*ast.EmptyStmt); ok {
			continue
		}
		return terminating(list[i])
	}
	return false
}

// clausesTerminate reports whether a switch or select body is terminating:
// a default clause (a select needs none), every clause ending in a
// terminating statement or a fallthrough, and no break leaving it.
func clausesTerminate(body *ast.BlockStmt, label string) bool {
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			hasDefault = hasDefault || c.List == nil
			list = c.Body
			if n := len(list); n > 0 {
				if b, ok := list[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
					continue
				}
			}
		case *ast.CommClause:
			hasDefault = true
			list = c.Body
		}
		if !endsTerminating(list) || breaks(&ast.BlockStmt{List: list}, label) {
			return false
		}
	}
	return hasDefault
}

// breaks reports whether body holds a break leaving the statement it
// belongs to: an unlabeled one outside any nested for, switch or select,
// or one naming label. Function literals are another function.
func breaks(body *ast.BlockStmt, label string) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (n.Label == nil && !nested || n.Label != nil && n.Label.Name == label && label != "") {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if !nested {
					for _, child := range children(n) {
						walk(child, true)
					}
					return false
				}
			}
			return true
		})
	}
	walk(body, false)
	return found
}

// children returns the bodies of a loop, switch or select.
func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return []ast.Node{n.Body}
	case *ast.RangeStmt:
		return []ast.Node{n.Body}
	case *ast.SwitchStmt:
		return []ast.Node{n.Body}
	case *ast.TypeSwitchStmt:
		return []ast.Node{n.Body}
	case *ast.SelectStmt:
		return []ast.Node{n.Body}
	}
	return nil
}

// assignHolder inlines `v := true` when v is never written again: its uses
// become the constant and the declaration goes.
func (s *simplifier) assignHolder(st *ast.AssignStmt, list []ast.Stmt) bool {
	if list == nil || st.Tok != token.DEFINE || len(st.Lhs) != 1 || len(st.Rhs) != 1 || s.info == nil {
		return false
	}
	id, ok := st.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := s.info.Defs[id].(*types.Var)
	if v == nil {
		return false
	}
	b, ok := s.constBool(st.Rhs[0])
	if !ok {
		// `impl := sourcev1.GoGitImplementation`, what the removal left
		// of `impl := spec.Impl; if gate { impl = sourcev1.GoGit… }`,
		// read only as a switch's tag: the constant goes there, and the
		// switch selects its clause (constSwitch).
		if c := s.constName(st.Rhs[0]); c != "" && s.onlySwitchTag(v) {
			return s.inline(st, v, c)
		}
		return false
	}
	return s.inline(st, v, boolText(b))
}

// constName returns the text of a hot named constant (C, pkg.C), or "".
func (s *simplifier) constName(x ast.Expr) string {
	if !s.hot_(x) {
		return ""
	}
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if _, ok := s.info.Uses[identOf(x.X)].(*types.PkgName); !ok {
			return ""
		}
		id = x.Sel
	default:
		return ""
	}
	if _, ok := s.info.Uses[id].(*types.Const); !ok {
		return ""
	}
	return s.f.text(x)
}

// onlySwitchTag reports whether v is read only by switches on it: as
// their tag, or inside them (`default: err = errors.New("invalid: " +
// impl)`, which the selection deletes or leaves reading the constant).
func (s *simplifier) onlySwitchTag(v *types.Var) bool {
	var switches []*ast.SwitchStmt
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil {
			if id, ok := ast.Unparen(sw.Tag).(*ast.Ident); ok && s.info.Uses[id] == v {
				switches = append(switches, sw)
			}
		}
		return true
	})
	if len(switches) == 0 {
		return false
	}
	// v is a local: its uses are in this file.
	ok := true
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID || s.info.Uses[id] != v {
			return ok
		}
		inside := false
		for _, sw := range switches {
			if sw.Pos() <= id.Pos() && id.End() <= sw.End() {
				inside = true
			}
		}
		ok = ok && inside
		return ok
	})
	return ok
}

// declHolder inlines `var v = true` / `var v bool = true` likewise.
func (s *simplifier) declHolder(st *ast.DeclStmt, list []ast.Stmt) bool {
	gd := st.Decl.(*ast.GenDecl)
	if list == nil || gd.Tok != token.VAR || len(gd.Specs) != 1 || s.info == nil {
		return false
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 1 || len(vs.Values) != 1 {
		return false
	}
	b, ok := s.constBool(vs.Values[0])
	if !ok {
		return false
	}
	v, _ := s.info.Defs[vs.Names[0]].(*types.Var)
	if v == nil || !isBool(v.Type()) || v.Type() != types.Typ[types.Bool] && vs.Type != nil {
		return false // a named bool type: the constant would need a conversion
	}
	return s.inline(st, v, boolText(b))
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// inline replaces every use of v with text and deletes decl, if v is
// never assigned, incremented or addressed after its declaration.
func (s *simplifier) inline(decl ast.Stmt, v *types.Var, text string) bool {
	return s.inlineAll([]ast.Stmt{decl}, v, text)
}

// inlineAll is inline for a variable declared by several statements
// (`var x bool` then `x = true`): all go, in one edit group with the uses.
func (s *simplifier) inlineAll(decls []ast.Stmt, v *types.Var, text string) bool {
	var uses []*ast.Ident
	written := false
	within := func(n ast.Node) bool {
		for _, d := range decls {
			if d.Pos() <= n.Pos() && n.End() <= d.End() {
				return true
			}
		}
		return false
	}
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		if n != nil && within(n) {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
					written = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && s.info.ObjectOf(id) == v {
				written = true
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && s.info.ObjectOf(id) == v {
				written = true
			}
		case *ast.Ident:
			if s.info.Uses[n] == v {
				uses = append(uses, n)
			}
		}
		return !written
	})
	if written {
		return false
	}
	g := s.ed.newGroup()
	for _, d := range decls {
		start, end := s.f.deleteRange(d)
		s.ed.add(g, start, end, "")
	}
	for _, u := range uses {
		s.ed.add(g, s.f.off(u.Pos()), s.f.off(u.End()), text)
	}
	return true
}
