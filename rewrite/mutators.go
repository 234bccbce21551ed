package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flagsweep/flagsweep/scan"
)

// A table's cases may not hold the flag's value themselves but a
// function that sets up a struct of parameters the test then reads:
//
//	for _, c := range []struct{ name string; configFn func(p *params) }{
//		{name: "off", configFn: func(p *params) { p.wantErr = true }},
//		{name: "on", configFn: func(p *params) { p.enabled = true; … }},
//	} {
//		t.Run(c.name, func(t *testing.T) {
//			p := params{enabled: false, …}
//			c.configFn(&p)
//			cfg := &Config{Enabled: func() bool { return p.enabled }}
//
// Each case's value of the field is the last constant its function
// assigns it, or the base literal's. The case is then one like any
// other table's: it goes when its value is the removed one, and stays
// without its assignment otherwise; the base literal's entry and the
// struct's field go with the override.

// mutatedParam is what mutatorOverride learns about p.enabled.
type mutatedParam struct {
	field     *types.Var        // enabled
	base      bool              // its value before the case's function runs
	baseLit   *ast.CompositeLit // p's literal, nil for var p T
	baseEntry int               // the index of enabled's entry in it, or -1
	call      *ast.CallExpr     // c.configFn(&p)
	fnField   *types.Var        // configFn
	rangeV    *types.Var        // c
}

// mutatorOverride removes an override whose value is a field of a
// struct of parameters each case's function sets (see above). It
// reports done when the override and the cases it forced went, or why
// it could not when it recognised the shape and refused it.
func (r *remover) mutatorOverride(rf *refFile, ed map[string]*editor, ref scan.Ref, final bool) (done bool, why string) {
	sel, negated := fieldOverride(rf, ref)
	if sel == nil {
		return false, ""
	}
	info := rf.info
	mp := r.mutatedParam(rf, sel)
	if mp == nil {
		return false, ""
	}
	rs := r.caseRange(rf, mp.rangeV)
	if rs == nil {
		return false, ""
	}
	lit := r.tableLiteral(rf, rs.X)
	if lit == nil {
		return false, ""
	}
	_, fnIdx := structOf(info, lit, mp.fnField)
	if fnIdx < 0 {
		return false, ""
	}
	refuse := func(what string) (bool, string) {
		return false, fmt.Sprintf("the override's value %s is set by each case's %s, and %s: delete the cases setting it to %t and this override by hand", rf.sf.text(sel), mp.fnField.Name(), what, !final)
	}
	// Each case: its value, and the assignments of the field to delete
	// from its function when it stays.
	type caseSets struct {
		value   bool
		assigns []ast.Stmt
		body    *ast.BlockStmt
	}
	cases := make([]caseSets, len(lit.Elts))
	assigning := 0
	for i, el := range lit.Elts {
		c := caseLit(el)
		if c == nil {
			return false, ""
		}
		fl, ok := ast.Unparen(fieldValue(c, mp.fnField.Name(), fnIdx)).(*ast.FuncLit)
		if !ok {
			return refuse(fmt.Sprintf("the case %s gives no function literal", caseName(rf, el)))
		}
		v, assigns, ok := paramAssigns(info, fl, mp.field)
		if !ok {
			return refuse(fmt.Sprintf("the function of the case %s sets it other than by a constant, or hands the parameters on", caseName(rf, el)))
		}
		cs := caseSets{value: mp.base, assigns: assigns, body: fl.Body}
		if len(assigns) > 0 {
			cs.value = v
			assigning++
		}
		cs.value = cs.value != negated
		cases[i] = cs
	}
	// A field most cases leave alone is a knob few cases turn: a case
	// that leaves it alone does not care about the flag (as in
	// tableOverride).
	dontCare := (len(cases)-assigning)*2 > len(cases)
	gone := make(map[int]bool)
	var unforced []ast.Expr
	for i, cs := range cases {
		if cs.value == final {
			continue
		}
		if dontCare && len(cs.assigns) == 0 {
			unforced = append(unforced, lit.Elts[i])
			continue
		}
		gone[i] = true
	}
	e := r.editorFor(ed, rf.sf.name)
	g := e.newGroup()
	if len(gone) == len(lit.Elts) {
		r.deleteTable(caseTable{rf: rf, lit: lit, run: rs}, e, g, ref.Flag)
		return true, ""
	}
	deleteElems(rf.sf, e, g, lit.Elts, func(i int) bool { return gone[i] })
	for i, cs := range cases {
		if gone[i] {
			continue
		}
		if len(cs.assigns) == len(cs.body.List) {
			// The function did nothing else: its body empties.
			e.add(g, rf.sf.off(cs.body.Lbrace)+1, rf.sf.off(cs.body.Rbrace), "")
			continue
		}
		for _, st := range cs.assigns {
			start, end := rf.sf.deleteRange(st)
			e.add(g, start, end, "")
		}
	}
	if !r.dropOverride(rf, e, g, ref) {
		for _, te := range ed {
			te.edits = dropGroup(te.edits, g)
		}
		return false, fmt.Sprintf("the override's result is used in a way flagsweep cannot remove: delete the cases setting %s to %t and this override by hand", rf.sf.text(sel), !final)
	}
	named := 1 // the override's read
	if mp.baseEntry >= 0 {
		deleteElems(rf.sf, e, g, mp.baseLit.Elts, func(i int) bool { return i == mp.baseEntry })
		named++
	}
	for _, cs := range cases {
		named += len(cs.assigns)
	}
	r.dropParamField(rf, e, g, mp.field, named)
	for i, el := range lit.Elts {
		if gone[i] {
			r.caseDeleted(rf, ref.Flag, el)
		}
	}
	for _, el := range unforced {
		r.caseUnforced(rf, ref.Flag, el, mp.field.Name())
	}
	return true, ""
}

// mutatedParam recognises p.enabled as a field of a local struct p
// that a case's function sets up (c.configFn(&p)) before the test
// builds the override from it: p declared from a literal or as a zero
// value, handed to one call of a case field's function and to nothing
// else, its field read nowhere but in the override (the function
// reading it later, nothing may write it after). nil when it is not.
func (r *remover) mutatedParam(rf *refFile, sel *ast.SelectorExpr) *mutatedParam {
	info := rf.info
	id := identOf(sel.X)
	if id == nil {
		return nil
	}
	pv, _ := info.Uses[id].(*types.Var)
	field, _ := info.Uses[sel.Sel].(*types.Var)
	if pv == nil || pv.IsField() || pv.Kind() == types.ParamVar || field == nil || !field.IsField() || !isBool(field.Type()) {
		return nil
	}
	if _, ok := pv.Type().Underlying().(*types.Struct); !ok {
		return nil
	}
	mp := &mutatedParam{field: field, baseEntry: -1}
	// The function declaring p: every mention of it is there.
	var scope ast.Node
	for _, n := range pathTo(rf.sf.ast, sel) {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			if n.Pos() <= pv.Pos() && pv.Pos() < n.End() {
				scope = n
			}
		}
	}
	if scope == nil {
		return nil
	}
	declared, ok := false, true
	ast.Inspect(scope, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && info.Defs[identOf(n.Lhs[0])] == pv {
				lit, isLit := ast.Unparen(n.Rhs[0]).(*ast.CompositeLit)
				if !isLit || !mp.readBase(info, lit) {
					ok = false
				}
				declared = true
				ast.Inspect(n.Rhs[0], func(m ast.Node) bool { // p's own fields in its literal
					if x, isID := m.(*ast.Ident); isID && info.Uses[x] == pv {
						ok = false
					}
					return ok
				})
				return false
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == pv {
					declared = true
					if len(n.Values) > 0 {
						lit, isLit := ast.Unparen(n.Values[i]).(*ast.CompositeLit)
						if !isLit || !mp.readBase(info, lit) {
							ok = false
						}
					}
				}
			}
		case *ast.CallExpr:
			if len(n.Args) == 1 {
				if u, isU := n.Args[0].(*ast.UnaryExpr); isU && u.Op == token.AND && info.Uses[identOf(u.X)] == pv {
					fs, isSel := ast.Unparen(n.Fun).(*ast.SelectorExpr)
					if !isSel || mp.call != nil {
						ok = false
						return false
					}
					rv, _ := info.Uses[identOf(fs.X)].(*types.Var)
					fn, _ := info.Uses[fs.Sel].(*types.Var)
					if rv == nil || fn == nil || !fn.IsField() {
						ok = false
						return false
					}
					mp.call, mp.rangeV, mp.fnField = n, rv, fn
					return false
				}
			}
		case *ast.SelectorExpr:
			if info.Uses[identOf(n.X)] == pv {
				if info.Uses[n.Sel] == field && n != sel {
					ok = false // read or written elsewhere
				}
				return false
			}
		case *ast.Ident:
			if info.Uses[n] == pv {
				ok = false // &p or p handed to something else, p assigned
			}
		}
		return ok
	})
	if !ok || !declared || mp.call == nil || mp.call.Pos() > sel.Pos() {
		return nil
	}
	return mp
}

// readBase reads the field's value in p's literal: a constant, or the
// zero value when it is left out.
func (mp *mutatedParam) readBase(info *types.Info, lit *ast.CompositeLit) bool {
	mp.baseLit = lit
	for i, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return false // positional
		}
		if info.Uses[identOf(kv.Key)] != mp.field {
			continue
		}
		b, ok := constBoolArg(info, kv.Value)
		if !ok {
			return false
		}
		mp.base, mp.baseEntry = b, i
	}
	return true
}

// paramAssigns reads what a case's function (func(p *params) {…})
// assigns the field: the statements of its body assigning it a
// constant, and the last value. ok is false when it does anything else
// with it (reads it, assigns it in a nested statement) or hands p on.
func paramAssigns(info *types.Info, fl *ast.FuncLit, field *types.Var) (value bool, assigns []ast.Stmt, ok bool) {
	params := fl.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 {
		return false, nil, false
	}
	q := info.Defs[params[0].Names[0]]
	if q == nil {
		return false, nil, false
	}
	top := make(map[*ast.SelectorExpr]bool)
	for _, st := range fl.Body.List {
		as, isAs := st.(*ast.AssignStmt)
		if !isAs || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		s, isSel := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
		if !isSel || info.Uses[identOf(s.X)] != q || info.Uses[s.Sel] != field {
			continue
		}
		b, isConst := constBoolArg(info, as.Rhs[0])
		if !isConst {
			return false, nil, false
		}
		value = b
		assigns = append(assigns, st)
		top[s] = true
	}
	ok = true
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if info.Uses[identOf(n.X)] == q {
				if info.Uses[n.Sel] == field && !top[n] {
					ok = false
				}
				return false
			}
		case *ast.Ident:
			if info.Uses[n] == q {
				ok = false // p handed on
			}
		}
		return ok
	})
	return value, assigns, ok
}

// dropParamField deletes the params struct's field the removal settled,
// when it is declared in this test file and nothing but what the
// removal deletes names it (named mentions: the override's read, the
// base literal's entry, the cases' assignments). Without types for the whole package,
// this file's mentions are all there is to go by, so the type must be
// unexported and declared here (its fields, exported or not, are then
// the test package's own).
func (r *remover) dropParamField(rf *refFile, e *editor, g int, field *types.Var, named int) {
	uses := 0
	for _, obj := range rf.info.Uses {
		if obj == field {
			uses++
		}
	}
	if uses != named {
		return // named elsewhere in the file too
	}
	var decl *ast.Field
	var tname *types.TypeName
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			st, isStruct := ts.Type.(*ast.StructType)
			if !isStruct {
				return true
			}
			for _, f := range st.Fields.List {
				for _, name := range f.Names {
					if rf.info.Defs[name] == field {
						decl = f
						tname, _ = rf.info.Defs[ts.Name].(*types.TypeName)
					}
				}
			}
		}
		return decl == nil
	})
	if decl == nil || tname == nil || tname.Exported() || len(decl.Names) != 1 {
		return
	}
	if pkg := r.pkgOf(rf); pkg != nil {
		for _, f := range pkg.Syntax {
			if f != rf.sf.ast && mentionsObject(pkg.TypesInfo, f, tname) {
				return // another file builds or reads it
			}
		}
	}
	start, end := rf.sf.deleteRange(decl)
	e.add(g, start, end, "")
}

// mentionsObject reports whether n names obj.
func mentionsObject(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && (info.Uses[id] == obj || info.Defs[id] == obj) {
			found = true
		}
		return !found
	})
	return found
}
