package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/scan"
)

// A table's cases may name the gate they turn on rather than its state:
// a field of the gate's type, `featureGate: featuregate.X` in the cases
// that need it and left nil in the others, and a loop that forces the
// case's gate and puts it back (the OpenTelemetry Operator's collector
// manifests test):
//
//	if tt.featureGate != nil {
//		err := featuregate.GlobalRegistry().Set(tt.featureGate.ID(), true)
//		require.NoError(t, err)
//		defer func() { … Set(tt.featureGate.ID(), false) … }()
//	}
//
// When every case naming a gate names the removed flag's handle, the field
// only ever holds it, and the `if` only forces it (and checks the error,
// and puts it back), then, removed at the value the `if` forces, that
// forcing means nothing: the `if` goes, and so does the field, from the
// type and every case, and the cases run as they did. Anything else —
// another gate in a case, another read of the field, another statement in
// the `if`, a forcing of the removed value — leaves each naming of the
// handle for a human.

// gateCaseField handles a handle used as the value of such a case field
// (see above), reporting whether it did. The field is decided once, for
// all its cases.
func (r *remover) gateCaseField(rf *refFile, e *editor, ref scan.Ref, final bool) bool {
	if rf.info == nil || ref.Handle == nil || !strings.HasSuffix(rf.sf.name, "_test.go") {
		return false
	}
	var n ast.Node = ref.Node
	if sel, ok := parentOf(rf.sf.ast, n).(*ast.SelectorExpr); ok && sel.Sel == n {
		n = sel // pkg.X
	}
	kv, ok := parentOf(rf.sf.ast, n).(*ast.KeyValueExpr)
	if !ok || kv.Value != n {
		return false
	}
	field := kvField(rf.info, kv)
	if field == nil {
		return false
	}
	done, seen := r.gateFields[field]
	if !seen {
		done = r.dropGateField(rf, e, kv, field, final)
		if r.gateFields == nil {
			r.gateFields = make(map[*types.Var]bool)
		}
		r.gateFields[field] = done
	}
	if done {
		r.rewritten(ref)
	}
	return done
}

// dropGateField deletes a case field naming the gate (see above) and the
// `if` forcing it, when it can tell that is all they do.
func (r *remover) dropGateField(rf *refFile, e *editor, kv *ast.KeyValueExpr, field *types.Var, final bool) bool {
	fd := enclosingFunc(rf, kv)
	if fd == nil || field.Pos() < fd.Pos() || field.Pos() > fd.End() {
		return false // not the test's own case type
	}
	handle := namedObj(rf.info, kv.Value)
	ok := handle != nil
	var guard *ast.IfStmt
	reads := 0
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if id, isID := n.Key.(*ast.Ident); isID && rf.info.Uses[id] == field && namedObj(rf.info, n.Value) != handle {
				ok = false // another gate, or a value it cannot tell
			}
		case *ast.IfStmt:
			if x := nilCheck(n.Cond); x != nil && rf.info.Uses[x.Sel] == field && n.Init == nil && n.Else == nil {
				if guard != nil {
					ok = false
				}
				guard = n
			}
		case *ast.SelectorExpr:
			if rf.info.Uses[n.Sel] == field {
				reads++
			}
		}
		return ok
	})
	if !ok || guard == nil {
		return false
	}
	// Every read of the field is the guard's or in its body.
	inGuard := 0
	ast.Inspect(guard, func(n ast.Node) bool {
		if sel, isSel := n.(*ast.SelectorExpr); isSel && rf.info.Uses[sel.Sel] == field {
			inGuard++
		}
		return true
	})
	if inGuard != reads {
		return false
	}
	forced, found, ok := r.gateForcing(rf, guard.Body.List, field, false)
	if !ok || !found || forced != final {
		return false
	}
	g := e.newGroup()
	start, end := rf.sf.deleteRange(guard)
	e.add(g, start, end, "")
	if !r.dropCaseField(rf.sf, rf.info, fd, field, e) {
		e.edits = dropGroup(e.edits, g)
		return false
	}
	return true
}

// kvField returns the struct field a keyed element of a struct literal
// sets, or nil.
func kvField(info *types.Info, kv *ast.KeyValueExpr) *types.Var {
	key, ok := kv.Key.(*ast.Ident)
	if !ok {
		return nil
	}
	field, ok := info.Uses[key].(*types.Var)
	if !ok || !field.IsField() {
		return nil
	}
	return field
}

// namedObj returns what an identifier or a qualified identifier (pkg.X)
// names, or nil.
func namedObj(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.Uses[e]
	case *ast.SelectorExpr:
		if _, ok := info.Uses[identOf(e.X)].(*types.PkgName); ok {
			return info.Uses[e.Sel]
		}
	}
	return nil
}

// nilCheck returns x.f of a condition `x.f != nil`.
func nilCheck(cond ast.Expr) *ast.SelectorExpr {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return nil
	}
	if id, isID := ast.Unparen(b.Y).(*ast.Ident); !isID || id.Name != "nil" {
		return nil
	}
	sel, _ := ast.Unparen(b.X).(*ast.SelectorExpr)
	return sel
}

// gateForcing reads statements that only force the gate a case field
// holds, with the statement checking the error when there is one (see
// errorChecked and errorCheckedNext), and — deferred, or in a cleanup —
// put it back. forced is the constant the statements outside the
// restores force, found whether there is one, ok whether every
// statement is one of those.
func (r *remover) gateForcing(rf *refFile, list []ast.Stmt, field *types.Var, restore bool) (forced, found, ok bool) {
	// force reads one forcing call, reporting whether call is one.
	force := func(call *ast.CallExpr, restore bool) bool {
		v, constant, isForce := r.fieldForce(rf, call, field)
		switch {
		case !isForce:
			return false
		case restore:
		case !constant || found && v != forced:
			ok = false // forced to what a table field says, or both ways
		default:
			forced, found = v, true
		}
		return true
	}
	// nested reads the body of a deferred function or a cleanup: a
	// restore.
	nested := func(lit *ast.FuncLit) {
		if _, _, o := r.gateForcing(rf, lit.Body.List, field, true); !o {
			ok = false
		}
	}
	ok = true
	checks := make(map[ast.Stmt]bool) // error checks of forcings already read
	for _, st := range list {
		if checks[st] {
			continue
		}
		if d, isDefer := st.(*ast.DeferStmt); isDefer {
			if lit, isLit := ast.Unparen(d.Call.Fun).(*ast.FuncLit); isLit && len(d.Call.Args) == 0 {
				nested(lit)
			} else if !force(d.Call, true) {
				ok = false
			}
		} else if es, isExpr := st.(*ast.ExprStmt); isExpr && isCall(es.X) && isCleanup(es.X.(*ast.CallExpr)) {
			nested(es.X.(*ast.CallExpr).Args[0].(*ast.FuncLit))
		} else if !r.forcingStmt(rf, st, field, checks, func(c *ast.CallExpr) bool { return force(c, restore) }) {
			ok = false
		}
		if !ok {
			return false, false, false
		}
	}
	return forced, found, ok
}

// forcingStmt reports whether st only makes a forcing call (force says
// which calls are): the call alone, or with the statement checking its
// error — st itself (`require.NoError(t, Set(…))`, `if err := Set(…);
// err != nil {…}`, `_ = Set(…)`), or the next one (`err := Set(…)` then
// `require.NoError(t, err)`), which joins checks.
func (r *remover) forcingStmt(rf *refFile, st ast.Stmt, field *types.Var, checks map[ast.Stmt]bool, force func(*ast.CallExpr) bool) bool {
	var call *ast.CallExpr
	ast.Inspect(st, func(n ast.Node) bool {
		if c, isCall := n.(*ast.CallExpr); isCall && call == nil {
			if _, _, isForce := r.fieldForce(rf, c, field); isForce {
				call = c
			}
		}
		return call == nil
	})
	if call == nil || !force(call) {
		return false
	}
	if callStmt(rf.sf.ast, call) == st || errorChecked(rf, call) == st {
		return true
	}
	if as, check := errorCheckedNext(rf, call); as == st {
		checks[check] = true
		return true
	}
	return false
}

// fieldForce reports a call of a configured override whose flag argument
// is the gate a case field holds (x.f, or a method of it: x.f.ID()), and
// the value it forces when that is a constant.
func (r *remover) fieldForce(rf *refFile, call *ast.CallExpr, field *types.Var) (value, constant, ok bool) {
	fn := callee(rf.info, call)
	if fn == nil {
		return false, false, false
	}
	for _, o := range r.p.Config.AllTestOverrides() {
		if o.Form != config.FormCall || o.Func.Name == "" || !o.Func.Matches(fn.FullName()) || o.Flag < 0 || o.Flag >= len(call.Args) {
			continue
		}
		arg := ast.Unparen(call.Args[o.Flag])
		if m, isCall := arg.(*ast.CallExpr); isCall && len(m.Args) == 0 {
			if sel, isSel := ast.Unparen(m.Fun).(*ast.SelectorExpr); isSel {
				arg = ast.Unparen(sel.X)
			}
		}
		sel, isSel := arg.(*ast.SelectorExpr)
		if !isSel || rf.info.Uses[sel.Sel] != field {
			continue
		}
		switch {
		case o.Value == config.ValueOn:
			return true, true, true
		case o.Value == config.ValueOff:
			return false, true, true
		case o.Value >= 0 && o.Value < len(call.Args):
			v, isConst := constBoolArg(rf.info, call.Args[o.Value])
			return v, isConst, true
		}
		return false, false, true
	}
	return false, false, false
}
