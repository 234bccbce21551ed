package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
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
	sel, negated := fieldOverride(rf, ref)
	if sel == nil {
		return false, ""
	}
	info := rf.info
	rangeVar, _ := info.Uses[identOf(sel.X)].(*types.Var)
	field, _ := info.Uses[sel.Sel].(*types.Var)
	if rangeVar == nil || field == nil || !field.IsField() {
		return false, ""
	}
	rs := r.caseRange(rf, rangeVar)
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
			b = b != negated // the flag's value in this case
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
	r.settleFields(rf, e, g, tables[0].lit, structType, rangeVar, field, sel, kept)
	return true, ""
}

// fieldOverride returns the selector an override's value reads
// (tc.enabled), and whether it is negated: SetFeatureGateDuringTest(t, X,
// !tc.gateOff) reads the same field with the opposite value. nil when
// the value is no selector, or the file has no types.
func fieldOverride(rf *refFile, ref scan.Ref) (sel *ast.SelectorExpr, negated bool) {
	if rf.info == nil {
		return nil, false
	}
	value := ast.Unparen(ref.Value)
	if u, ok := value.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		value, negated = ast.Unparen(u.X), true
	}
	sel, _ = value.(*ast.SelectorExpr)
	return sel, negated
}

// settleFields deletes the table fields the removal settled. The field
// feeding the override goes when nothing else reads it. A boolean field
// (the override's included) that told the cases apart but holds one
// constant in every case left is inlined where the test reads it — as
// the condition of an if or for, which the cascade then folds — or
// deleted from the subtests' names it was spelled in (see
// subtestNameTerm), and goes too. A field read any other way (a message
// argument, a call) stays: a literal there reads worse than the field.
func (r *remover) settleFields(rf *refFile, e *editor, g int, lit *ast.CompositeLit, structType *ast.StructType, rangeVar, field *types.Var, sel *ast.SelectorExpr, kept []*ast.CompositeLit) {
	info := rf.info
	st := caseStruct(info.TypeOf(lit))
	if st == nil {
		return
	}
	reads := make(map[*types.Var][]*ast.SelectorExpr)
	conditional := make(map[*types.Var]bool)
	// A settled field's value spelled in a subtest's name ("…/" +
	// strconv.FormatBool(tt.gate)) tells no case apart any more: the
	// term goes from the name.
	inNames := make(map[*ast.SelectorExpr]nameEdit)
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		s, ok := n.(*ast.SelectorExpr)
		if !ok || s == sel {
			return true
		}
		v, _ := info.Uses[s.Sel].(*types.Var)
		if v == nil || !v.IsField() {
			return true
		}
		if _, seen := conditional[v]; !seen {
			conditional[v] = true
		}
		reads[v] = append(reads[v], s)
		if info.Uses[identOf(s.X)] != rangeVar {
			conditional[v] = false
		} else if ne, ok := subtestNameTerm(rf, s); ok {
			inNames[s] = ne
		} else if !inCondition(rf.sf.ast, s) {
			conditional[v] = false
		}
		return true
	})
	drop := make(map[int]bool) // field indices
	inline := make(map[*types.Var]string)
	for i := range st.NumFields() {
		f := st.Field(i)
		if f == field && len(reads[f]) == 0 {
			drop[i] = true
			continue
		}
		if !isBool(f.Type()) || !conditional[f] || len(kept) == 0 {
			continue
		}
		// It told the cases apart before, and does not now.
		values := make(map[bool]bool)
		for _, el := range lit.Elts {
			c := caseLit(el)
			b, ok := fieldBool(info, c, f.Name(), i)
			if !ok {
				values = nil
				break
			}
			values[b] = true
		}
		if len(values) != 2 {
			continue
		}
		first, _ := fieldBool(info, kept[0], f.Name(), i)
		settled := true
		for _, c := range kept {
			if b, ok := fieldBool(info, c, f.Name(), i); !ok || b != first {
				settled = false
			}
		}
		if settled {
			drop[i] = true
			inline[f] = boolText(first)
		}
	}
	if len(drop) == 0 {
		return
	}
	for f, text := range inline {
		for _, s := range reads[f] {
			if ne, ok := inNames[s]; ok {
				e.add(g, ne.start, ne.end, ne.text)
				continue
			}
			e.add(g, rf.sf.off(s.Pos()), rf.sf.off(s.End()), text)
		}
	}
	for _, c := range kept {
		deleteElems(rf.sf, e, g, c.Elts, func(i int) bool {
			if kv, ok := c.Elts[i].(*ast.KeyValueExpr); ok {
				id, ok := kv.Key.(*ast.Ident)
				if !ok {
					return false
				}
				for j := range drop {
					if st.Field(j).Name() == id.Name {
						return true
					}
				}
				return false
			}
			return drop[i]
		})
	}
	var names []ast.Expr
	var gone []bool
	for _, fl := range structType.Fields.List {
		n := 0
		for _, name := range fl.Names {
			if v, _ := info.Defs[name].(*types.Var); v != nil && dropsField(st, drop, v) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if n == len(fl.Names) {
			start, end := rf.sf.deleteRange(fl)
			e.add(g, start, end, "")
			continue
		}
		names, gone = names[:0], gone[:0]
		for _, name := range fl.Names {
			v, _ := info.Defs[name].(*types.Var)
			names = append(names, name)
			gone = append(gone, v != nil && dropsField(st, drop, v))
		}
		deleteElems(rf.sf, e, g, names, func(k int) bool { return gone[k] })
	}
}

// A nameEdit replaces the bytes [start, end) of a subtest's name.
type nameEdit struct {
	start, end int
	text       string
}

// subtestNameTerm returns the edit deleting a field's value from a
// subtest's name: `t.Run("Address/"+strconv.FormatBool(tt.gate), …)`
// becomes `t.Run("Address", …)` — the term goes with the separator that
// introduced it. Only a term appended last, to a name built by `+` from
// strings, is recognised.
func subtestNameTerm(rf *refFile, s *ast.SelectorExpr) (nameEdit, bool) {
	path := pathTo(rf.sf.ast, s)
	if len(path) < 3 {
		return nameEdit{}, false
	}
	conv, ok := path[len(path)-1].(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || ast.Unparen(conv.Args[0]) != s {
		return nameEdit{}, false
	}
	fn, _ := typeutil.Callee(rf.info, conv).(*types.Func)
	if fn == nil || fn.FullName() != "strconv.FormatBool" && fn.FullName() != "fmt.Sprint" {
		return nameEdit{}, false
	}
	sum, ok := path[len(path)-2].(*ast.BinaryExpr)
	if !ok || sum.Op != token.ADD || sum.Y != conv {
		return nameEdit{}, false
	}
	// The sum is the name, or the left operand of sums that are.
	var top ast.Expr = sum
	i := len(path) - 3
	for ; i >= 0; i-- {
		b, ok := path[i].(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD || b.X != top {
			break
		}
		top = b
	}
	if i < 0 {
		return nameEdit{}, false
	}
	run, ok := path[i].(*ast.CallExpr)
	if !ok || !isSubtest(run) || run.Args[0] != top {
		return nameEdit{}, false
	}
	// The string just before the term ends with the separator.
	lit, owner := sum.X, ast.Expr(nil)
	if b, ok := lit.(*ast.BinaryExpr); ok && b.Op == token.ADD {
		lit, owner = b.Y, b.X
	}
	bl, ok := lit.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return nameEdit{}, false
	}
	v, err := strconv.Unquote(bl.Value)
	if err != nil {
		return nameEdit{}, false
	}
	v = strings.TrimRight(v, "/_=:- ")
	switch {
	case v != "":
		return nameEdit{rf.sf.off(bl.Pos()), rf.sf.off(conv.End()), strconv.Quote(v)}, true
	case owner != nil:
		return nameEdit{rf.sf.off(owner.End()), rf.sf.off(conv.End()), ""}, true
	}
	return nameEdit{}, false
}

// dropsField reports whether v is one of the struct's fields to drop.
func dropsField(st *types.Struct, drop map[int]bool, v *types.Var) bool {
	for i := range drop {
		if st.Field(i) == v {
			return true
		}
	}
	return false
}

// inCondition reports whether e is (an operand of !, && or || in) the
// condition of an if or for statement: a constant there folds away.
func inCondition(f *ast.File, e ast.Expr) bool {
	path := pathTo(f, e)
	var child ast.Node = e
	for i := len(path) - 1; i >= 0; i-- {
		switch p := path[i].(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if p.Op != token.NOT {
				return false
			}
		case *ast.BinaryExpr:
			if p.Op != token.LAND && p.Op != token.LOR {
				return false
			}
		case *ast.IfStmt:
			return p.Cond == child
		case *ast.ForStmt:
			return p.Cond == child
		default:
			return false
		}
		child = path[i]
	}
	return false
}

// rangeDefining returns the range statement whose value variable is v.
func rangeDefining(rf *refFile, v *types.Var) *ast.RangeStmt {
	var rs *ast.RangeStmt
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if x, ok := n.(*ast.RangeStmt); ok && x.Value != nil && rf.info.Defs[identOf(x.Value)] == v {
			rs = x
		}
		return rs == nil
	})
	return rs
}

// caseRange returns the range statement a table case variable comes from:
// the one defining it, or the one whose cases are handed to the function
// literal it is a parameter of (closureRange). A copy of the case
// (tc := tc, which loops needed before Go 1.22 for the closures they
// start) comes from the range statement of the case it copies.
func (r *remover) caseRange(rf *refFile, v *types.Var) *ast.RangeStmt {
	if rs := rangeDefining(rf, v); rs != nil {
		return rs
	}
	if w := copyOf(rf, v); w != nil {
		if rs := rangeDefining(rf, w); rs != nil {
			return rs
		}
	}
	return r.closureRange(rf, v)
}

// copyOf returns the variable v copies when its declaration is v := w.
func copyOf(rf *refFile, v *types.Var) *types.Var {
	var w *types.Var
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 && rf.info.Defs[identOf(as.Lhs[0])] == v {
			w, _ = rf.info.Uses[identOf(as.Rhs[0])].(*types.Var)
			return false
		}
		return w == nil
	})
	return w
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

// bothValues handles an override inside a loop over both values:
//
//	for _, on := range []bool{false, true} {
//		features.SetFeatureGateDuringTest(t, features.X, on)
//		…
//	}
//
// With the flag constant, the loop runs once with on the final value: the
// header becomes `if true {`, which the cascade splices away (or keeps as
// a block when names would collide), every other read of on becomes the
// final value, folding what depended on it, and the override goes. A loop
// that breaks or continues, or writes on, is left for a human.
func (r *remover) bothValues(rf *refFile, e *editor, ref scan.Ref, final bool) (bool, string) {
	info := rf.info
	if info == nil || ref.Value == nil {
		return false, ""
	}
	value := ast.Unparen(ref.Value)
	if u, ok := value.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		value = ast.Unparen(u.X)
	}
	id, ok := value.(*ast.Ident)
	if !ok {
		return false, ""
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil {
		return false, ""
	}
	// The value may be a copy of the loop's variable (on := on, which
	// the closures a loop started needed before Go 1.22): the copy goes
	// with the loop, and the reads of both become the final value.
	vars := []*types.Var{v}
	rs := rangeDefining(rf, v)
	var copied ast.Stmt
	if rs == nil {
		if w := copyOf(rf, v); w != nil {
			rs = rangeDefining(rf, w)
			copied = loopCopy(rf, rs, v)
			if copied == nil {
				return false, ""
			}
			vars = append(vars, w)
		}
	}
	if rs == nil || (rs.Key != nil && !isBlank(rs.Key)) || rs.Tok != token.DEFINE {
		return false, ""
	}
	lit, ok := ast.Unparen(rs.X).(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 2 {
		return false, ""
	}
	a, okA := constBoolArg(info, lit.Elts[0])
	b, okB := constBoolArg(info, lit.Elts[1])
	if !okA || !okB || a == b {
		return false, ""
	}
	loop := fmt.Sprintf("the loop over both values of %s", v.Name())
	if _, labeled := parentOf(rf.sf.ast, rs).(*ast.LabeledStmt); labeled {
		return false, loop + " has a label: run its body once, with " + v.Name() + " = " + boolText(final) + ", by hand"
	}
	if leavesLoop(rs.Body) {
		return false, loop + " breaks or continues: run its body once, with " + v.Name() + " = " + boolText(final) + ", by hand"
	}
	var uses []*ast.Ident
	for _, x := range vars {
		u, written := usesOf(rf.sf.ast, info, x, copied)
		if written {
			return false, loop + " assigns " + x.Name() + ": run its body once by hand"
		}
		uses = append(uses, u...)
	}
	g := e.newGroup()
	if !r.dropOverride(rf, e, g, ref) {
		e.edits = dropGroup(e.edits, g)
		return false, ""
	}
	e.add(g, rf.sf.off(rs.For), rf.sf.off(rs.Body.Lbrace)+1, "if true {")
	if copied != nil {
		start, end := rf.sf.deleteRange(copied)
		e.add(g, start, end, "")
	}
	// A loop of a test function that only ran one subtest per value
	// (`t.Run(fmt.Sprintf("%s is %t", featureflags.X, on), func(t
	// *testing.T) {…})`) now runs one: its body becomes the test's, and
	// the name that told the two apart (naming the flag) goes with it.
	var run *ast.CallExpr
	if sub := r.soleSubtest(rf, rs); sub != nil && !r.refusedIn[enclosingFunc(rf, rs)] {
		run = sub
		lit := run.Args[1].(*ast.FuncLit)
		e.add(g, rf.sf.off(run.Pos()), rf.sf.off(lit.Body.Lbrace)+1, "if true {")
		e.add(g, rf.sf.off(lit.Body.Rbrace), rf.sf.off(run.End()), "}")
	}
	for _, u := range uses {
		if u.Pos() >= ref.Value.Pos() && u.End() <= ref.Value.End() {
			continue
		}
		if copied != nil && u.Pos() >= copied.Pos() && u.End() <= copied.End() {
			continue // in the copy, which goes
		}
		if run != nil && u.Pos() >= run.Pos() && u.End() <= run.Args[1].(*ast.FuncLit).Body.Lbrace {
			continue // in the subtest's name, which goes
		}
		if r.dropFromName(rf, e, g, u) {
			continue
		}
		e.add(g, rf.sf.off(u.Pos()), rf.sf.off(u.End()), boolText(final))
	}
	return true, ""
}

// loopCopy returns the statement copying a loop's variable into v (v :=
// w) when it is one of the statements of the loop's own body, or nil.
func loopCopy(rf *refFile, rs *ast.RangeStmt, v *types.Var) ast.Stmt {
	if rs == nil {
		return nil
	}
	for _, st := range rs.Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && rf.info.Defs[identOf(as.Lhs[0])] == v {
			return st
		}
	}
	return nil
}

// soleSubtest returns the subtest a loop over both values runs as its
// whole body, when the loop is the last statement of a test function's
// own body and the subtest's function takes the test's t under the same name and
// never calls t.Parallel (the test's t would then run in parallel with
// its siblings): unwrapped, its body runs on the test's t.
func (r *remover) soleSubtest(rf *refFile, rs *ast.RangeStmt) *ast.CallExpr {
	if len(rs.Body.List) != 1 {
		return nil
	}
	es, ok := rs.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || !isSubtest(call) {
		return nil
	}
	// The loop ends the test: what the body returns from, defers or
	// fails then ends the test as it ended the subtest.
	fd := enclosingFunc(rf, rs)
	if fd == nil || parentOf(rf.sf.ast, rs) != fd.Body || fd.Body.List[len(fd.Body.List)-1] != ast.Stmt(rs) ||
		len(fd.Type.Params.List) != 1 || len(fd.Type.Params.List[0].Names) != 1 {
		return nil
	}
	t := fd.Type.Params.List[0].Names[0].Name
	if id, ok := call.Fun.(*ast.SelectorExpr).X.(*ast.Ident); !ok || id.Name != t {
		return nil
	}
	lit := call.Args[1].(*ast.FuncLit)
	params := lit.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 || params[0].Names[0].Name != t {
		return nil
	}
	if parallelCall(lit.Body, lit.Type.Params) != nil {
		return nil
	}
	return call
}

// leavesLoop reports whether a loop body has a break or continue that
// leaves or restarts that loop (one inside a nested loop, switch or
// select leaves that one, unless labeled) or a goto.
func leavesLoop(body *ast.BlockStmt) bool {
	found := false
	var walk func(n ast.Node, inner, innerSwitch bool)
	walk = func(n ast.Node, inner, innerSwitch bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if n != ast.Node(body) {
					var b *ast.BlockStmt
					if f, ok := n.(*ast.ForStmt); ok {
						b = f.Body
					} else {
						b = n.(*ast.RangeStmt).Body
					}
					walk(b, true, true)
					return false
				}
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				var b *ast.BlockStmt
				switch s := n.(type) {
				case *ast.SwitchStmt:
					b = s.Body
				case *ast.TypeSwitchStmt:
					b = s.Body
				case *ast.SelectStmt:
					b = s.Body
				}
				walk(b, inner, true)
				return false
			case *ast.BranchStmt:
				switch {
				case n.Label != nil || n.Tok == token.GOTO:
					found = true
				case n.Tok == token.BREAK && !innerSwitch:
					found = true
				case n.Tok == token.CONTINUE && !inner:
					found = true
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return found
}

// A caseFieldRead is a read of a field of the cases of a table ranged
// over in place (tc.field, tc being the loop's variable).
type caseFieldRead struct {
	rangeVar, field *types.Var
	rs              *ast.RangeStmt
	lit             *ast.CompositeLit
	structType      *ast.StructType
	index           int // of the field in the case struct
}

// caseField resolves sel as a read of a table case's field, or nil.
func (r *remover) caseField(rf *refFile, sel *ast.SelectorExpr) *caseFieldRead {
	info := rf.info
	rangeVar, _ := info.Uses[identOf(sel.X)].(*types.Var)
	field, _ := info.Uses[sel.Sel].(*types.Var)
	if rangeVar == nil || field == nil || !field.IsField() {
		return nil
	}
	rs := r.caseRange(rf, rangeVar)
	if rs == nil {
		return nil
	}
	lit := r.tableLiteral(rf, rs.X)
	if lit == nil {
		return nil
	}
	structType, index := structOf(info, lit, field)
	if index < 0 {
		return nil
	}
	return &caseFieldRead{rangeVar: rangeVar, field: field, rs: rs, lit: lit, structType: structType, index: index}
}

// forcedMapRead folds a test's read of the state a table case forced
// (`if tc.featureGates[features.X] {`) when, once the cases forcing the
// removed value are gone, every case left reads the final value: each
// sets X to it, or leaves X out when the final value is false. Anything
// else (a case leaving X out when it stays on, an entry that is not a
// constant) is checkRead's refusal.
func (r *remover) forcedMapRead(rf *refFile, e *editor, ref scan.Ref, final bool) bool {
	info := rf.info
	ix, ok := ref.Node.(*ast.IndexExpr)
	if info == nil || !ok {
		return false
	}
	key := info.Types[ix.Index].Value
	sel, ok := ast.Unparen(ix.X).(*ast.SelectorExpr)
	if key == nil || !ok {
		return false
	}
	cf := r.caseField(rf, sel)
	if cf == nil {
		return false
	}
	field, lit, index := cf.field, cf.lit, cf.index
	left := 0
	for _, el := range lit.Elts {
		c := caseLit(el)
		if c == nil {
			return false
		}
		forced, set := false, false
		if m, ok := ast.Unparen(fieldValue(c, field.Name(), index)).(*ast.CompositeLit); ok {
			for _, x := range m.Elts {
				kv, ok := x.(*ast.KeyValueExpr)
				if !ok {
					return false
				}
				k := info.Types[kv.Key].Value
				if k == nil {
					return false // a computed key may be X
				}
				if constant.Compare(k, token.EQL, key) {
					if forced, ok = constBoolArg(info, kv.Value); !ok {
						return false
					}
					set = true
				}
			}
		} else if fieldValue(c, field.Name(), index) != nil {
			return false // a map built elsewhere
		}
		switch {
		case set && forced != final:
			// The case goes with its override.
		case forced != final:
			return false
		default:
			left++
		}
	}
	if left == 0 {
		return false
	}
	e.add(e.newGroup(), rf.sf.off(ix.Pos()), rf.sf.off(ix.End()), boolText(final))
	return true
}
