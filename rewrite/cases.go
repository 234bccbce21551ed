package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
)

// What an override of the removed value set up tested code that is gone,
// so it goes — but only that. Tests are the project's data: a table case,
// subtest, Ginkgo node or test function goes only when every case it runs
// forced the removed value; what flagsweep cannot prove that of is
// refused; and everything deleted is listed in the report, as a site of
// kind "test-deleted".

// The refusals of a forced removed value whose deletion would take more
// than the cases that forced it.
const (
	whyUnknownTable = "forces the removed value in one case of a table flagsweep does not recognise: delete the case by hand"
	whySomeRuns     = "forces the removed value in only some runs of the test: delete them by hand"
	whyOtherCases   = "forces the removed value in a test that also runs cases without it: delete the forced part by hand"
)

// testDeleted lists a test function, subtest, table case or Ginkgo node
// the removal deletes.
func (r *remover) testDeleted(rf *refFile, flag, what string, n ast.Node) {
	p := rf.sf.fset.Position(n.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-deleted", Via: what, Status: "rewritten",
	})
}

// A testUnit is a node that runs cases and can go as a whole: a test
// function, a subtest, a Ginkgo container or spec.
type testUnit struct {
	node   ast.Node       // what deleting it deletes: a statement or declaration
	body   *ast.BlockStmt // the statements it runs
	what   string         // how the report names it
	ginkgo bool
}

// enclosingUnit returns the test unit that runs n on every one of its
// runs, and top, the statement of the unit's body holding n (n itself
// when it is one). why says why there is none: n sits in one case of a
// table flagsweep does not recognise, or runs only on some paths (a
// branch, a function literal called who knows when); it is empty when n
// is simply not in a test.
func (r *remover) enclosingUnit(rf *refFile, n ast.Node) (u *testUnit, top ast.Node, why string) {
	path := pathTo(rf.sf.ast, n)
	conditional := false
	// topOf returns the statement of body on the path (or n).
	topOf := func(bodyAt int) ast.Node {
		if bodyAt+1 < len(path) {
			return path[bodyAt+1]
		}
		return n
	}
	for i := len(path) - 1; i >= 0; i-- {
		var below ast.Node = n
		if i+1 < len(path) {
			below = path[i+1]
		}
		switch x := path[i].(type) {
		case *ast.CompositeLit:
			// An element of a list of cases is one case of a table;
			// the tables flagsweep recognises were handled before.
			if el, ok := below.(ast.Expr); ok && below != n && isElem(x, el) && (isCaseList(rf.info, x) || rf.info == nil && caseListSyntax(x, el)) {
				return nil, nil, whyUnknownTable
			}
		case *ast.FuncLit:
			// A function literal held in a variable or a field runs
			// when something calls it: maybe in some cases only. One
			// handed to a call (a test node's body, a callback that
			// configures the test) or called at once runs with it.
			if i == 0 {
				conditional = true
			} else if _, ok := path[i-1].(*ast.CallExpr); !ok {
				conditional = true
			}
		case *ast.BlockStmt:
			// An if's branch runs on some paths only; a loop's body
			// runs on every iteration, so it forces every case the
			// loop runs.
			if i > 0 {
				if _, ok := path[i-1].(*ast.IfStmt); ok {
					conditional = true
				}
			}
		case *ast.IfStmt:
			if below == x.Else {
				conditional = true // an else if
			}
		case *ast.CaseClause, *ast.CommClause:
			conditional = true
		case *ast.CallExpr:
			sub := isSubtest(x)
			if !sub && !isGinkgoNode(rf.info, x, ginkgoContainers) || i+2 >= len(path) || i == 0 {
				continue
			}
			if conditional {
				return nil, nil, whySomeRuns
			}
			u := &testUnit{body: x.Args[len(x.Args)-1].(*ast.FuncLit).Body, ginkgo: !sub}
			if sub {
				u.what = "subtest " + rf.sf.text(x.Args[0])
			} else {
				u.what = "Ginkgo " + astx.Name(x.Fun).Name
				if len(x.Args) > 1 {
					u.what += " " + rf.sf.text(x.Args[0])
				}
			}
			switch p := path[i-1].(type) {
			case *ast.ExprStmt:
				u.node = p
			case *ast.ValueSpec:
				// var _ = ginkgo.Describe(…): the declaration goes.
				if len(p.Names) == 1 && p.Names[0].Name == "_" && i >= 2 {
					if gd, ok := path[i-2].(*ast.GenDecl); ok && len(gd.Specs) == 1 {
						u.node = gd
					}
				}
			}
			if u.node == nil {
				return nil, nil, ""
			}
			return u, topOf(i + 2), ""
		case *ast.FuncDecl:
			// A benchmark forcing the removed value measures code that is
			// gone, as a test tests it.
			bench := x.Recv == nil && isBenchmarkName(x.Name.Name)
			if !isTestName(x.Name.Name) && !bench || x.Recv != nil && !isSuiteTest(rf.info, x) || x.Body == nil || i+1 >= len(path) {
				return nil, nil, ""
			}
			if conditional {
				return nil, nil, whySomeRuns
			}
			what := "test function " + x.Name.Name
			if bench {
				what = "benchmark " + x.Name.Name
			}
			if x.Recv != nil {
				what = "suite test " + recvTypeName(x) + "." + x.Name.Name
			}
			return &testUnit{node: x, body: x.Body, what: what}, topOf(i + 1), ""
		}
	}
	return nil, nil, ""
}

// suiteSetup reports a testify suite's setup method (SetupSuite,
// SetupTest, BeforeTest, SetupSubTest): what it forces, every test of
// the suite runs with.
func suiteSetup(info *types.Info, fd *ast.FuncDecl) bool {
	switch fd.Name.Name {
	case "SetupSuite", "SetupTest", "BeforeTest", "SetupSubTest":
		return isSuiteMethod(info, fd)
	}
	return false
}

// isSuiteTest reports a testify suite's test: a method named Test…,
// taking and returning nothing, of a type embedding suite.Suite (which
// finds and runs it by reflection, so nothing else calls it).
func isSuiteTest(info *types.Info, fd *ast.FuncDecl) bool {
	return fd.Type.Params.NumFields() == 0 && fd.Type.Results.NumFields() == 0 && isSuiteMethod(info, fd)
}

// isSuiteMethod reports a method of a type embedding testify's
// suite.Suite.
func isSuiteMethod(info *types.Info, fd *ast.FuncDecl) bool {
	if info == nil || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return false
	}
	t := info.TypeOf(fd.Recv.List[0].Type)
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Suite")
	v, ok := obj.(*types.Var)
	if !ok || !v.Embedded() {
		return false
	}
	n, ok := types.Unalias(v.Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/stretchr/testify/suite" && n.Obj().Name() == "Suite"
}

// isCaseList reports a list or map literal of structs: a table of cases.
func isCaseList(info *types.Info, lit *ast.CompositeLit) bool {
	if info == nil {
		return false
	}
	return caseStruct(info.TypeOf(lit)) != nil
}

// caseListSyntax reports, without types (a file read by syntax alone), a
// slice, array or map literal whose element el is itself a composite
// literal: a table of cases as far as syntax can tell. Deleting the test
// around an override in one case would delete every other case with it
// (Runner's TestPrepare, one case of which sets the flag in a job
// variable), so the override is left for a human instead.
func caseListSyntax(lit *ast.CompositeLit, el ast.Expr) bool {
	switch lit.Type.(type) {
	case *ast.ArrayType, *ast.MapType:
	default:
		return false
	}
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		el = kv.Value
	}
	if u, ok := el.(*ast.UnaryExpr); ok && u.Op == token.AND {
		el = u.X
	}
	_, ok := el.(*ast.CompositeLit)
	return ok
}

// caseStruct returns the struct type of a table's cases: the elements of
// a slice, array or map of structs or of pointers to them.
func caseStruct(t types.Type) *types.Struct {
	if t == nil {
		return nil
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	default:
		return nil
	}
	if p, ok := elem.Underlying().(*types.Pointer); ok {
		elem = p.Elem()
	}
	st, _ := elem.Underlying().(*types.Struct)
	return st
}

// runsCases reports a statement that runs cases of its own: a subtest, a
// Ginkgo node, a loop.
func runsCases(info *types.Info, st ast.Node) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt, *ast.ForStmt:
			found = true
		case *ast.CallExpr:
			if isSubtest(n) || isGinkgoNode(info, n, ginkgoContainers) {
				found = true
			}
		}
		return !found
	})
	return found
}

// othersRunCases reports whether the unit runs cases that top does not
// force: a statement before top that runs cases ran without the override;
// so did one after it unless top forces the rest of the test (after is
// false then).
func othersRunCases(info *types.Info, u *testUnit, top ast.Node, after bool) bool {
	if u.ginkgo {
		// A setup node forces every spec of its container, wherever
		// it is written.
		return false
	}
	seen := false
	for _, st := range u.body.List {
		if st == top {
			seen = true
			continue
		}
		if (!seen || after) && runsCases(info, st) {
			return true
		}
	}
	return false
}

// deleteTestCase deletes the subtest, Ginkgo node or test function an
// override of the removed value at n set up, when every case it runs was
// forced; why says why not otherwise.
func (r *remover) deleteTestCase(rf *refFile, e *editor, g int, n ast.Node, flag string) (bool, string) {
	u, top, why := r.enclosingUnit(rf, n)
	if u == nil {
		return false, why
	}
	// An override that is a statement of the unit's body forces what
	// follows it; one deeper (in a loop) forces only that loop.
	forcesRest := parentStmt(rf.sf.ast, n) == top
	if othersRunCases(rf.info, u, top, !forcesRest) {
		return false, whyOtherCases
	}
	// A subtest that is a loop's whole body (for _, tc := range cases
	// { t.Run(tc.desc, …) }) is every case the loop runs: what goes is
	// the loop, and with it the test when the loop was all it ran — not
	// the subtest alone, which would leave the loop empty and its table
	// unread.
	if es, ok := u.node.(*ast.ExprStmt); ok && !u.ginkgo {
		if body, ok := parentOf(rf.sf.ast, es).(*ast.BlockStmt); ok && len(body.List) == 1 {
			switch loop := parentOf(rf.sf.ast, body).(type) {
			case *ast.RangeStmt, *ast.ForStmt:
				if ok, _ := r.deleteTestCase(rf, e, g, loop, flag); ok {
					return true, ""
				}
			}
		}
	}
	r.deleteUnit(rf, e, g, u, flag)
	return true, ""
}

// deleteUnit deletes a test unit and lists it in the report.
func (r *remover) deleteUnit(rf *refFile, e *editor, g int, u *testUnit, flag string) {
	start, end := rf.sf.deleteRange(u.node)
	e.add(g, start, end, "")
	r.testDeleted(rf, flag, u.what, u.node)
}

// A caseTable is a literal of test cases and the statement that runs
// them: a range statement over it, or a call handing it to a helper.
type caseTable struct {
	rf  *refFile
	lit *ast.CompositeLit
	run ast.Stmt
}

// deleteTable deletes a table every case of which forced the removed
// value: the test unit running it when it runs nothing else, or else the
// statement running it, and the table's variable when nothing else uses
// it.
func (r *remover) deleteTable(tb caseTable, e *editor, g int, flag string) {
	if r.casesDone == nil {
		r.casesDone = make(map[ast.Node]bool)
	}
	if r.casesDone[tb.run] {
		return
	}
	r.casesDone[tb.run] = true
	rf := tb.rf
	u, top, _ := r.enclosingUnit(rf, tb.run)
	if u != nil && top == tb.run && !othersRunCases(rf.info, u, top, true) {
		r.deleteUnit(rf, e, g, u, flag)
		return
	}
	start, end := rf.sf.deleteRange(tb.run)
	e.add(g, start, end, "")
	if decl := r.tableDecl(rf, tb.lit, tb.run); decl != nil {
		start, end := rf.sf.deleteRange(decl)
		e.add(g, start, end, "")
	}
	for _, el := range tb.lit.Elts {
		r.caseDeleted(rf, flag, el)
	}
}

// caseDeleted lists a table case the removal deletes, once.
func (r *remover) caseDeleted(rf *refFile, flag string, el ast.Expr) {
	if r.casesDone == nil {
		r.casesDone = make(map[ast.Node]bool)
	}
	if r.casesDone[el] {
		return
	}
	r.casesDone[el] = true
	r.testDeleted(rf, flag, caseName(rf, el), el)
	// A case named as kept (leaving a holder unset) before another
	// reference deleted it is not kept.
	start, end := rf.sf.fset.Position(el.Pos()), rf.sf.fset.Position(el.End())
	file := r.p.Rel(start.Filename)
	sites := r.out.Sites[:0]
	for _, s := range r.out.Sites {
		in := s.Pos.File == file && (s.Pos.Line > start.Line || s.Pos.Line == start.Line && s.Pos.Column >= start.Column) &&
			(s.Pos.Line < end.Line || s.Pos.Line == end.Line && s.Pos.Column < end.Column)
		if s.Kind != "test-unforced" || !in {
			sites = append(sites, s)
		}
	}
	r.out.Sites = sites
}

// caseUnforced reports a table case kept although it ran at the removed
// value: it left the field feeding the override unset, as most cases do,
// so it is taken not to care about the flag. It runs on at the final
// value, which a reviewer should know.
func (r *remover) caseUnforced(rf *refFile, flag string, el ast.Expr, field string) {
	p := rf.sf.fset.Position(el.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-unforced", Via: caseName(rf, el) + " leaves " + field + " unset", Status: "rewritten",
	})
}

// caseName names a table case for a report: its key, or the first
// string it holds.
func caseName(rf *refFile, el ast.Expr) string {
	what := "table case"
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		what += " " + rf.sf.text(kv.Key)
	} else if b := caseString(el); b != nil {
		what += " " + b.Value
	}
	return what
}

// caseString returns the literal naming a struct case: the first string
// it holds.
func caseString(el ast.Expr) *ast.BasicLit {
	c := astx.CompositeLit(el)
	if c == nil {
		return nil
	}
	for _, x := range c.Elts {
		if kv, ok := x.(*ast.KeyValueExpr); ok {
			x = kv.Value
		}
		if b, ok := x.(*ast.BasicLit); ok && b.Kind == token.STRING && b.Value != `""` && b.Value != "``" {
			return b
		}
	}
	return nil
}

// caseTitle returns a table case's name, unquoted: its string key, or
// the first string it holds ("" when it has none).
func caseTitle(el ast.Expr) string {
	b := caseString(el)
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		b, _ = kv.Key.(*ast.BasicLit)
	}
	if b == nil || b.Kind != token.STRING {
		return ""
	}
	s, err := strconv.Unquote(b.Value)
	if err != nil {
		return ""
	}
	return s
}

// tableDecl returns the statement declaring the local a table is held in
// (v := lit, var v = lit), when run is its only use.
func (r *remover) tableDecl(rf *refFile, lit *ast.CompositeLit, run ast.Node) ast.Stmt {
	info := rf.info
	if info == nil {
		return nil
	}
	var decl ast.Stmt
	var v types.Object
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == lit && n.Tok == token.DEFINE {
				decl, v = n, info.Defs[identOf(n.Lhs[0])]
			}
		case *ast.DeclStmt:
			if gd, ok := n.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
				if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Names) == 1 && len(vs.Values) == 1 && ast.Unparen(vs.Values[0]) == lit {
					decl, v = n, info.Defs[vs.Names[0]]
				}
			}
		}
		return decl == nil
	})
	if v == nil {
		return nil
	}
	for id, obj := range info.Uses {
		if obj == v && (id.Pos() < run.Pos() || id.End() > run.End()) {
			return nil
		}
	}
	return decl
}

// tableRunner returns the statement that runs a table literal's cases: a
// range statement over it (directly, or through the variable it
// initialises), or a call statement handing it to a function of the same
// package that ranges over the parameter receiving it.
func (r *remover) tableRunner(rf *refFile, lit *ast.CompositeLit) ast.Stmt {
	if rs := r.rangedBy(rf, lit); rs != nil {
		return rs
	}
	if rf.info == nil {
		return nil
	}
	pkg := r.pkgOf(rf)
	if pkg == nil {
		return nil
	}
	var run ast.Stmt
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || run != nil {
			return run == nil
		}
		for i, a := range call.Args {
			if r.tableLiteral(rf, a) != lit {
				continue
			}
			if _, rs := r.helperRange(pkg, rf.info, call, i); rs != nil {
				if st, ok := parentStmt(rf.sf.ast, call).(*ast.ExprStmt); ok && ast.Unparen(st.X) == call {
					run = st
				}
			}
		}
		return run == nil
	})
	return run
}

// pkgOf returns the package a file of references was checked in.
func (r *remover) pkgOf(rf *refFile) *scan.Package {
	for _, ref := range r.refs {
		if ref.File == rf.sf.ast && ref.Pkg != nil && !ref.Syntactic {
			return ref.Pkg
		}
	}
	for _, p := range r.scan.Packages {
		for _, f := range p.Syntax {
			if f == rf.sf.ast {
				return p
			}
		}
	}
	return nil
}

// helperRange returns the declaration of the function call calls when it
// is one of pkg's, and the range statement in it over its i-th parameter.
func (r *remover) helperRange(pkg *scan.Package, info *types.Info, call *ast.CallExpr, i int) (*ast.FuncDecl, *ast.RangeStmt) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() != pkg.Types || call.Ellipsis.IsValid() {
		return nil, nil
	}
	sig := fn.Signature()
	if i >= sig.Params().Len() || sig.Variadic() && i == sig.Params().Len()-1 {
		return nil, nil
	}
	param := sig.Params().At(i)
	d := funcDecl(pkg, fn)
	if d == nil || d.Body == nil {
		return nil, nil
	}
	var rs *ast.RangeStmt
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if x, ok := n.(*ast.RangeStmt); ok && pkg.TypesInfo.Uses[identOf(x.X)] == param {
			rs = x
		}
		return rs == nil
	})
	return d, rs
}

// funcDecl returns the declaration of one of pkg's functions.
func funcDecl(pkg *scan.Package, fn *types.Func) *ast.FuncDecl {
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && pkg.TypesInfo.Defs[fd.Name] == fn {
				return fd
			}
		}
	}
	return nil
}

// helperTables returns the tables handed to the helper whose range
// statement rs ranges over a parameter: every call of the helper in the
// package must hand it a table literal in a statement of its own, or why
// says which is not.
func (r *remover) helperTables(rf *refFile, rs *ast.RangeStmt) ([]caseTable, string) {
	info := rf.info
	param, _ := info.Uses[identOf(rs.X)].(*types.Var)
	pkg := r.pkgOf(rf)
	if param == nil || pkg == nil {
		return nil, ""
	}
	var decl *ast.FuncDecl
	for _, d := range rf.sf.ast.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= rs.Pos() && rs.End() <= fd.End() {
			decl = fd
		}
	}
	if decl == nil {
		return nil, ""
	}
	fn, _ := info.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return nil, ""
	}
	index := -1
	for i := range fn.Signature().Params().Len() {
		if fn.Signature().Params().At(i) == param {
			index = i
		}
	}
	if index < 0 {
		return nil, "" // ranges over something else
	}
	const unknown = "the cases come from a table flagsweep does not recognise (a helper called with something other than a table literal): remove the override by hand"
	var tables []caseTable
	uses, calls := 0, 0
	for _, f := range pkg.Syntax {
		var tf *refFile
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if pkg.TypesInfo.Uses[n] == fn {
					uses++
				}
			case *ast.CallExpr:
				if typeutil.Callee(pkg.TypesInfo, n) != fn {
					return true
				}
				calls++
				if tf == nil {
					tf = r.typedFile(pkg, f)
				}
				if tf == nil || index >= len(n.Args) {
					return true
				}
				lit := r.tableLiteral(tf, n.Args[index])
				st, ok := parentStmt(tf.sf.ast, n).(*ast.ExprStmt)
				if lit != nil && ok && ast.Unparen(st.X) == n {
					tables = append(tables, caseTable{rf: tf, lit: lit, run: st})
				}
			}
			return true
		})
	}
	if len(tables) == 0 || len(tables) != calls || uses != calls {
		return nil, unknown
	}
	return tables, ""
}

// allForced reports whether every case of a table holds an override of
// the removed value of a flag being removed.
func (r *remover) allForced(rf *refFile, lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		forced := false
		for _, ref := range r.refs {
			if ref.File != rf.sf.ast || ref.Node.Pos() < el.Pos() || ref.Node.End() > el.End() {
				continue
			}
			if v, ok, _ := overrideValue(rf, ref); ok && ref.Kind == flagrefs.Override && v != r.target(ref.Flag).Value {
				forced = true
			}
		}
		if !forced {
			return false
		}
	}
	return true
}

// caseLit returns a table case's struct literal: {…}, &T{…}, or a map
// entry's value.
func caseLit(el ast.Expr) *ast.CompositeLit {
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		el = kv.Value
	}
	return astx.CompositeLit(el)
}

// mapCasesLeavingOut names the cases of a table that leave the flag out
// of the map of forced states a case field holds (`featureGates:
// map[…]bool{X: true}`, handed to an override), or set no map at all: the
// override left the flag at its default in those cases, and when that is not the final value
// they now run differently. The code is not changed — whatever such a
// case tests, it did not force the flag — but a reviewer should know.
// Each table, field and flag is looked at once.
func (r *remover) mapCasesLeavingOut(rf *refFile, ref scan.Ref, final bool) {
	if ref.Form != config.FormMap || ref.Lit == nil || rf.info == nil {
		return
	}
	f := r.p.Flag(ref.Flag)
	if f == nil || f.DefaultEnabled == final {
		return
	}
	key := rf.info.Types[ref.Key].Value
	if key == nil {
		return
	}
	path := pathTo(rf.sf.ast, ref.Lit)
	if len(path) < 3 {
		return
	}
	kv, ok := path[len(path)-1].(*ast.KeyValueExpr)
	if !ok || kv.Value != ast.Expr(ref.Lit) {
		return
	}
	field, ok := kv.Key.(*ast.Ident)
	if !ok {
		return
	}
	caseLitNode, ok := path[len(path)-2].(*ast.CompositeLit)
	if !ok {
		return
	}
	var table *ast.CompositeLit
	switch p := path[len(path)-3].(type) {
	case *ast.CompositeLit:
		table = p
	case *ast.KeyValueExpr: // a table keyed by name
		if len(path) > 3 && p.Value == ast.Expr(caseLitNode) {
			table, _ = path[len(path)-4].(*ast.CompositeLit)
		}
	}
	if table == nil || !isCaseList(rf.info, table) {
		return
	}
	// The field's index, for cases written without keys.
	fv, _ := rf.info.Uses[field].(*types.Var)
	if fv == nil {
		return
	}
	_, index := structOf(rf.info, table, fv)
	if index < 0 {
		return
	}
	seenKey := fmt.Sprintf("%s:%d:%s:%s", rf.sf.name, table.Pos(), field.Name, ref.Flag)
	if r.leftOutSeen[seenKey] {
		return
	}
	if r.leftOutSeen == nil {
		r.leftOutSeen = make(map[string]bool)
	}
	r.leftOutSeen[seenKey] = true
	for _, el := range table.Elts {
		c := caseLit(el)
		if c == nil {
			return
		}
		if c == caseLitNode {
			continue
		}
		// A case without the field hands the override no map: it ran at
		// the default just the same.
		var elts []ast.Expr
		if v := fieldValue(c, field.Name, index); v != nil {
			m, ok := ast.Unparen(v).(*ast.CompositeLit)
			if !ok {
				return // a map built elsewhere: cannot tell
			}
			elts = m.Elts
		}
		names := false
		for _, x := range elts {
			mkv, ok := x.(*ast.KeyValueExpr)
			if !ok {
				return
			}
			k := rf.info.Types[mkv.Key].Value
			if k == nil {
				return // a computed key may be the flag
			}
			if constant.Compare(k, token.EQL, key) {
				names = true
			}
		}
		if names {
			continue
		}
		p := rf.sf.fset.Position(el.Pos())
		r.out.Sites = append(r.out.Sites, Site{
			Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
			Kind:   "test-unforced",
			Via:    fmt.Sprintf("%s, which leaves %s out of %s (at its default, %s)", caseName(rf, el), ref.Flag, field.Name, onOff(f.DefaultEnabled)),
			Status: "rewritten",
		})
	}
}
