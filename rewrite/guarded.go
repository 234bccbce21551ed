package rewrite

import (
	"go/ast"
	"go/token"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/scan"
)

// guardedOverride handles an override of a constant that a table field
// guards:
//
//	for name, tc := range cases {
//		…
//		if tc.enableImplicitPreferenceDefault {
//			features.SetFeatureGateDuringTest(t, features.X, true)
//		}
//
// A case setting the field forced that constant; a case leaving it false
// forced nothing and ran at the flag's default. When the constant is the
// removed value, the cases setting the field go; when it is the final
// value, they now run as they did. The `if` goes, and the field with it
// once nothing reads it (settleFields). A case that forced nothing ran at
// the default: when that is not the final value it is named, as it now
// runs with the final one (Kueue's FlavorFungibilityImplicitPreferenceDefault,
// removed off: the maintainers deleted the three cases setting the field,
// the `if` and the field).
//
// With an else forcing the other constant, the field chooses between
// the two values (the collector's `if test.disableFF { Set(X, false) }
// else { Set(X, true) }`): the cases choosing the removed one go, the
// others run as they did, and the whole `if` goes. Without an else, a
// case spelling the field's other value chose to run at the flag's
// default: when that is the removed value, it goes too (the collector's
// `{name: "feature-flag-disabled", flagEnabled: false}`), unless most
// cases leave the field out (a knob few cases turn).
//
// The `if` must have no init (nor an else if), and the branch forcing the
// final value hold only overrides of the flag to it; the branch forcing
// the removed value may hold the override among what sets it up
// (Tekton's `if tt.disableAA { cm := newFeatureFlagsConfigMap();
// cm.Data["disable-affinity-assistant"] = "true"; d.ConfigMaps = … }`:
// no case left enters it); its condition is the field or its negation,
// read from the variable of a loop over a table literal flagsweep reads
// case by case.
func (r *remover) guardedOverride(rf *refFile, ed map[string]*editor, ref scan.Ref, final bool) bool {
	info := rf.info
	if info == nil || ref.Value == nil {
		return false
	}
	v, ok, _ := overrideValue(rf, ref)
	if !ok {
		return false
	}
	st := overrideStmtOf(rf, ref)
	if st == nil {
		return false // a package-level map's entry
	}
	body, _ := parentOf(rf.sf.ast, st).(*ast.BlockStmt)
	if body == nil {
		return false
	}
	ifs, _ := parentOf(rf.sf.ast, body).(*ast.IfStmt)
	if ifs == nil || ifs.Init != nil || ifs.Body != body && ifs.Else != body {
		return false
	}
	if r.guardsDone[ifs] {
		return true // another override of the same if did it all
	}
	// v is what the branch holding the override forces; the other
	// branch, when there is one, forces the other value (a chooser:
	// `if tc.disabled { Set(X, false) } else { Set(X, true) }`).
	other, _ := ifs.Else.(*ast.BlockStmt)
	if ifs.Else != nil && other == nil {
		return false // an else if
	}
	if body == other {
		other, v = ifs.Body, !v
	}
	// Every statement of the branch forcing the final value is an
	// override of this flag to it (SetFeatureGateDuringTest and a
	// write into the test's own gate map). The branch forcing the
	// removed value may set up more (the config map the override
	// writes into, handed to the test): the cases entering it go, so
	// nothing runs it any more — but it must force that value.
	branches := []struct {
		b *ast.BlockStmt
		v bool
	}{{ifs.Body, v}, {other, !v}}
	for _, br := range branches {
		if br.b == nil {
			continue
		}
		forced := false
		for _, x := range br.b.List {
			is := r.overrideStmt(rf, x, ref.Flag, br.v)
			if br.v == final && !is && !r.restoreStmt(rf, x, ref.Flag) {
				return false
			}
			forced = forced || is
		}
		if !forced {
			return false
		}
	}
	cond, negated := ast.Unparen(ifs.Cond), false
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		cond, negated = ast.Unparen(u.X), true
	}
	sel, ok := cond.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	cf := r.caseField(rf, sel)
	if cf == nil {
		return false
	}
	rangeVar, field, rs, lit, structType, index := cf.rangeVar, cf.field, cf.rs, cf.lit, cf.structType, cf.index
	def := !final
	if f := r.p.Flag(ref.Flag); f != nil {
		def = f.DefaultEnabled
	}
	// A case spelling the field's value that skips the override chose
	// to run at the default; when most cases leave the field out, it is a
	// knob few cases turn, and a case spelling it off did not care.
	unset := 0
	for _, el := range lit.Elts {
		if c := caseLit(el); c != nil && fieldValue(c, field.Name(), index) == nil {
			unset++
		}
	}
	chosen := func(c *ast.CompositeLit) bool {
		return fieldValue(c, field.Name(), index) != nil && unset*2 <= len(lit.Elts)
	}
	gone := make(map[int]bool)
	var kept []*ast.CompositeLit
	var unforced []ast.Expr
	for i, el := range lit.Elts {
		c := caseLit(el)
		if c == nil {
			return false
		}
		b, ok := fieldBool(info, c, field.Name(), index)
		if !ok {
			return false
		}
		switch guarded := b != negated; {
		case guarded && v != final, !guarded && other != nil && v == final:
			gone[i] = true
			continue
		case !guarded && other == nil && def != final && chosen(c):
			// It ran at the default, the removed value, by choice
			// (the collector's {name: "feature-flag-disabled",
			// flagEnabled: false}): it tested code that is gone.
			gone[i] = true
			continue
		case !guarded && other == nil && def != final:
			unforced = append(unforced, el)
		}
		kept = append(kept, c)
	}
	if r.guardsDone == nil {
		r.guardsDone = make(map[*ast.IfStmt]bool)
	}
	r.guardsDone[ifs] = true
	e := r.editorFor(ed, rf.sf.name)
	g := e.newGroup()
	if len(kept) == 0 {
		r.deleteTable(caseTable{rf: rf, lit: lit, run: rs}, e, g, ref.Flag)
		return true
	}
	deleteElems(rf.sf, e, g, lit.Elts, func(i int) bool { return gone[i] })
	start, end := rf.sf.deleteRange(ifs)
	e.add(g, start, end, "")
	for i, el := range lit.Elts {
		if gone[i] {
			r.caseDeleted(rf, ref.Flag, el)
		}
	}
	for _, el := range unforced {
		r.caseUnforced(rf, ref.Flag, el, field.Name())
	}
	r.settleFields(rf, e, g, lit, structType, rangeVar, field, sel, kept)
	return true
}

// overrideStmt reports whether st is, whole, an override of flag to v:
// a call statement or an assignment a scanned reference is.
func (r *remover) overrideStmt(rf *refFile, st ast.Stmt, flag string, v bool) bool {
	return r.overrideIs(rf, st, flag, func(ref scan.Ref) bool {
		b, ok, _ := overrideValue(rf, ref)
		return ref.Value != nil && ok && b == v
	})
}

// anyValue accepts an override whatever it forces.
func anyValue(scan.Ref) bool { return true }

// overrideIs reports whether st is, whole, an override of flag that
// satisfies want.
func (r *remover) overrideIs(rf *refFile, st ast.Stmt, flag string, want func(scan.Ref) bool) bool {
	for _, ref := range r.refs {
		if ref.Kind == flagrefs.Override && ref.Flag == flag && ref.Node.Pos() >= st.Pos() && ref.Node.End() <= st.End() &&
			overrideStmtOf(rf, ref) == st && want(ref) {
			return true
		}
	}
	return false
}

// restoreStmt reports whether st is, whole, the putting back of the flag
// when the test ends — `defer func() { _ = reg.Set(X, false) }()`, a
// t.Cleanup —: every statement of the deferred function restores the
// flag (see isRestore), and it goes with the override it undoes.
func (r *remover) restoreStmt(rf *refFile, st ast.Stmt, flag string) bool {
	var body *ast.BlockStmt
	switch st := st.(type) {
	case *ast.DeferStmt:
		if lit, ok := ast.Unparen(st.Call.Fun).(*ast.FuncLit); ok && len(st.Call.Args) == 0 {
			body = lit.Body
		} else {
			return r.overrideIs(rf, st, flag, anyValue)
		}
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok && isCleanup(call) {
			body = call.Args[0].(*ast.FuncLit).Body
		}
	}
	if body == nil || len(body.List) == 0 {
		return false
	}
	for _, x := range body.List {
		if !r.overrideIs(rf, x, flag, anyValue) {
			return false
		}
	}
	return true
}

// overrideStmtOf returns the statement an override is: the statement
// holding it, or the check of its error holding that (`if err :=
// reg.Set(X, v); err != nil { t.Fatal(err) }`), which goes with it.
func overrideStmtOf(rf *refFile, ref scan.Ref) ast.Stmt {
	if ref.Call != nil {
		if st := errorChecked(rf, ref.Call); st != nil {
			return st
		}
	}
	return parentStmt(rf.sf.ast, ref.Node)
}
