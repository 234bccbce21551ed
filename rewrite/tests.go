package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/flagsweep/flagsweep/scan"
)

// deleteElems deletes the elements of a list (composite literal elements,
// call arguments, field names) for which del is true, with their
// separators: an element on its own lines goes with its lines; in an
// inline list, each run of deleted elements goes with the comma after it,
// or before it at the end of the list.
func deleteElems(f *srcFile, e *editor, g int, elems []ast.Expr, del func(int) bool) {
	ownLine := func(i int) bool {
		el := elems[i]
		start, end := f.off(el.Pos()), f.off(el.End())
		after := end
		for after < len(f.src) && (f.src[after] == ' ' || f.src[after] == '\t') {
			after++
		}
		if after < len(f.src) && f.src[after] == ',' {
			after++
		}
		rest := strings.TrimSpace(string(f.src[after:f.lineEnd(after)]))
		return blank(f.src[f.lineStart(start):start]) && (rest == "" || strings.HasPrefix(rest, "//"))
	}
	for i := 0; i < len(elems); {
		if !del(i) {
			i++
			continue
		}
		if ownLine(i) {
			s, _ := f.nodeRange(elems[i])
			e.add(g, s, f.lineEnd(f.off(elems[i].End())), "")
			i++
			continue
		}
		j := i
		for j+1 < len(elems) && del(j+1) && !ownLine(j+1) {
			j++
		}
		switch {
		case j+1 < len(elems):
			e.add(g, f.off(elems[i].Pos()), f.off(elems[j+1].Pos()), "")
		case i > 0:
			e.add(g, f.off(elems[i-1].End()), f.off(elems[j].End()), "")
		default:
			end := f.off(elems[j].End())
			if end < len(f.src) && f.src[end] == ',' {
				end++
			}
			e.add(g, f.off(elems[i].Pos()), end, "")
		}
		i = j + 1
	}
}

// tableOverride handles an override whose value is a field of a table
// test's case (`feature.WithOverride(ctx, "x", tt.on)`): cases forcing the
// removed value go, the override goes, and the field goes when nothing else
// reads it. The table is ranged over where the override is, or handed to
// the helper function the override is in: then every call of the helper
// must hand it a table literal, and each loses its forced cases. why says
// why the override is refused, when it is not simply no table field.
func (r *remover) tableOverride(rf *refFile, ed map[string]*editor, ref scan.Ref, final bool) (done bool, why string) {
	info := rf.info
	if info == nil {
		return false, ""
	}
	sel, ok := ast.Unparen(ref.Value).(*ast.SelectorExpr)
	if !ok {
		return false, ""
	}
	rangeVar, _ := info.Uses[identOf(sel.X)].(*types.Var)
	field, _ := info.Uses[sel.Sel].(*types.Var)
	if rangeVar == nil || field == nil || !field.IsField() {
		return false, ""
	}
	var rs *ast.RangeStmt
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if x, ok := n.(*ast.RangeStmt); ok && x.Value != nil && info.Defs[identOf(x.Value)] == rangeVar {
			rs = x
		}
		return rs == nil
	})
	if rs == nil {
		rs = r.closureRange(rf, rangeVar)
	}
	if rs == nil {
		return false, ""
	}
	var tables []caseTable
	if lit := r.tableLiteral(rf, rs.X); lit != nil {
		tables = []caseTable{{rf: rf, lit: lit, run: rs}}
	} else if tables, why = r.helperTables(rf, rs); tables == nil {
		return false, why
	}
	inHelper := tables[0].run != ast.Stmt(rs)
	// Every case of every table must say what it forces.
	gone := make([]map[int]bool, len(tables))
	var kept []*ast.CompositeLit // of the table ranged here
	var structType *ast.StructType
	index := -1
	// A field most cases leave out is a knob few cases turn: a case that
	// leaves it out does not care about the flag, whatever the zero
	// value forced, and runs on at the final value. Only cases that
	// spell the removed value go.
	unset, total := 0, 0
	for _, tb := range tables {
		_, idx := structOf(tb.rf.info, tb.lit, field)
		for _, el := range tb.lit.Elts {
			if c := caseLit(el); c != nil && idx >= 0 && fieldValue(c, field.Name(), idx) == nil {
				unset++
			}
			total++
		}
	}
	dontCare := unset*2 > total
	type caseAt struct {
		rf *refFile
		el ast.Expr
	}
	var unforced []caseAt // cases that ran at the removed value by omission
	for k, tb := range tables {
		structType, index = structOf(tb.rf.info, tb.lit, field)
		if index < 0 {
			return false, ""
		}
		gone[k] = make(map[int]bool)
		for i, el := range tb.lit.Elts {
			c := caseLit(el)
			if c == nil {
				return false, ""
			}
			b, ok := fieldBool(tb.rf.info, c, field.Name(), index)
			if !ok {
				return false, ""
			}
			if b != final && dontCare && fieldValue(c, field.Name(), index) == nil {
				unforced = append(unforced, caseAt{tb.rf, el})
			} else if b != final {
				gone[k][i] = true
				continue
			}
			kept = append(kept, c)
		}
	}
	e := r.editorFor(ed, rf.sf.name)
	g := e.newGroup()
	for k, tb := range tables {
		te := r.editorFor(ed, tb.rf.sf.name)
		if len(gone[k]) == len(tb.lit.Elts) {
			// Every case forced the removed value: what ran them
			// tested code that is gone.
			r.deleteTable(tb, te, g, ref.Flag)
			continue
		}
		deleteElems(tb.rf.sf, te, g, tb.lit.Elts, func(i int) bool { return gone[k][i] })
	}
	// The cases are reported once their deletion stands: without the
	// override's, it is undone.
	reportCases := func() {
		for k, tb := range tables {
			if len(gone[k]) == len(tb.lit.Elts) {
				continue
			}
			for i, el := range tb.lit.Elts {
				if gone[k][i] {
					r.caseDeleted(tb.rf, ref.Flag, el)
				}
			}
		}
		for _, c := range unforced {
			r.caseUnforced(c.rf, ref.Flag, c.el, field.Name())
		}
	}
	if len(kept) == 0 && !inHelper {
		reportCases()
		return true, "" // the loop, override and all, went
	}
	if !r.dropOverride(rf, e, g, ref) {
		for _, te := range ed {
			te.edits = dropGroup(te.edits, g)
		}
		return false, fmt.Sprintf("the override's result is used in a way flagsweep cannot remove: delete the cases forcing %t and this override by hand", !final)
	}
	reportCases()
	if inHelper || structType == nil {
		// The helper's cases are of a named type, which other code
		// may fill: the field stays.
		return true, ""
	}
	// Other reads of the field keep it.
	reads := 0
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && s != sel && info.Uses[s.Sel] == field {
			reads++
		}
		return true
	})
	if reads > 0 {
		return true, ""
	}
	for _, c := range kept {
		deleteElems(rf.sf, e, g, c.Elts, func(i int) bool {
			if kv, ok := c.Elts[i].(*ast.KeyValueExpr); ok {
				id, ok := kv.Key.(*ast.Ident)
				return ok && id.Name == field.Name()
			}
			return i == index
		})
	}
	for _, fl := range structType.Fields.List {
		for j, name := range fl.Names {
			if info.Defs[name] != field {
				continue
			}
			if len(fl.Names) == 1 {
				start, end := rf.sf.deleteRange(fl)
				e.add(g, start, end, "")
			} else {
				names := make([]ast.Expr, len(fl.Names))
				for k, n := range fl.Names {
					names[k] = n
				}
				deleteElems(rf.sf, e, g, names, func(k int) bool { return k == j })
			}
		}
	}
	return true, ""
}

// tableLiteral finds the composite literal a range statement ranges over:
// the literal itself, or a local initialised with it.
func (r *remover) tableLiteral(rf *refFile, x ast.Expr) *ast.CompositeLit {
	if c, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
		return c
	}
	v, _ := rf.info.Uses[identOf(x)].(*types.Var)
	if v == nil {
		return nil
	}
	var lit *ast.CompositeLit
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if rf.info.Defs[identOf(l)] == v && i < len(n.Rhs) {
					lit, _ = ast.Unparen(n.Rhs[i]).(*ast.CompositeLit)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if rf.info.Defs[id] == v && i < len(n.Values) {
					lit, _ = ast.Unparen(n.Values[i]).(*ast.CompositeLit)
				}
			}
		}
		return lit == nil
	})
	return lit
}

// structOf returns the struct type literal of a table's elements (when it
// is written in the literal or the file) and the field's index in it.
func structOf(info *types.Info, lit *ast.CompositeLit, field *types.Var) (*ast.StructType, int) {
	t := info.TypeOf(lit)
	if t == nil {
		return nil, -1
	}
	st := caseStruct(t)
	if st == nil {
		return nil, -1
	}
	index := -1
	for i := range st.NumFields() {
		if st.Field(i) == field {
			index = i
		}
	}
	// The syntax of the struct type, when the literal spells it.
	var syntax *ast.StructType
	switch tt := lit.Type.(type) {
	case *ast.ArrayType:
		syntax, _ = tt.Elt.(*ast.StructType)
	case *ast.MapType:
		syntax, _ = tt.Value.(*ast.StructType)
	}
	return syntax, index
}

// fieldValue returns a struct literal's value for a field, keyed or
// positional; nil when the literal leaves it out (the zero value).
func fieldValue(c *ast.CompositeLit, name string, index int) ast.Expr {
	for i, el := range c.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
			continue
		}
		if i == index {
			return el
		}
	}
	return nil
}

// fieldBool returns a table case's boolean field: an omitted field is
// false.
func fieldBool(info *types.Info, c *ast.CompositeLit, name string, index int) (bool, bool) {
	v := fieldValue(c, name, index)
	if v == nil {
		return false, true
	}
	return constBoolArg(info, v)
}

// featureSet drops the removed flags from a feature-set call's arguments.
// A call left with none is inlined in a later round, where its Run can be
// replaced without disturbing the edits inside the test.
func (r *remover) featureSet(rf *refFile, e *editor, call *ast.CallExpr, refs []scan.Ref) {
	drop := make(map[ast.Expr]bool)
	for _, ref := range refs {
		drop[ref.Key] = true
	}
	g := e.newGroup()
	kept := 0
	for _, a := range call.Args {
		if !drop[a] {
			kept++
		}
	}
	if kept == 0 {
		e.add(g, rf.sf.off(call.Lparen)+1, rf.sf.off(call.Rparen), "")
	} else {
		deleteElems(rf.sf, e, g, call.Args, func(i int) bool { return drop[call.Args[i]] })
	}
	for _, ref := range refs {
		r.rewritten(ref)
	}
}

// closureRange finds the range statement that hands each case to the
// function literal whose parameter v is: `doit := func(t *testing.T, tc
// testcase) {…}`, called once, from the loop, with the loop's case. The
// cases are then a table like a ranged one.
func (r *remover) closureRange(rf *refFile, v *types.Var) *ast.RangeStmt {
	info := rf.info
	var lit *ast.FuncLit
	index := -1
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		fl, ok := n.(*ast.FuncLit)
		if !ok || lit != nil {
			return lit == nil
		}
		k := 0
		for _, field := range fl.Type.Params.List {
			for _, id := range field.Names {
				if info.Defs[id] == v {
					lit, index = fl, k
				}
				k++
			}
			if len(field.Names) == 0 {
				k++
			}
		}
		return lit == nil
	})
	if lit == nil {
		return nil
	}
	// The local the literal is assigned to, once.
	var fn types.Object
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Rhs[0] == lit {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				fn = info.Defs[id]
			}
		}
		return fn == nil
	})
	if fn == nil {
		return nil
	}
	var calls []*ast.CallExpr
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && info.Uses[id] == fn {
				calls = append(calls, c)
			}
		}
		return true
	})
	if len(calls) != 1 || index >= len(calls[0].Args) {
		return nil
	}
	arg := identOf(calls[0].Args[index])
	if arg == nil {
		return nil
	}
	path := pathTo(rf.sf.ast, calls[0])
	for i := len(path) - 1; i >= 0; i-- {
		if rs, ok := path[i].(*ast.RangeStmt); ok && rs.Value != nil && info.Defs[identOf(rs.Value)] == info.Uses[arg] {
			return rs
		}
	}
	return nil
}
