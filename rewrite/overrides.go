package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/pure"
	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
)

// override removes a test override. When it forces the flag to its final
// value it just goes; when it forces the other value, what it set up
// tested code that no longer exists, and goes with it: the table case
// holding it, or else the subtest, Ginkgo node or test function — when
// every case that one runs was forced (see cases.go). A value that is not
// constant is a table field, or an arbitrary value (a random draw) that
// goes with the override, or is left for a human.
func (r *remover) override(rf *refFile, ed map[string]*editor, ref scan.Ref, final bool) {
	e := r.editorFor(ed, rf.sf.name)
	if ref.Holder != nil && ref.Holder.Kind() == types.ParamVar && r.keepHolders[r.holderKey(ref.Holder)] {
		r.refuse(ref, fmt.Sprintf("the parameter %s stays (see the sites naming it): so does this argument", ref.Holder.Name()))
		return
	}
	if ref.Via == flagrefs.ViaField && (ref.IsBinding() || !strings.HasSuffix(rf.sf.name, "_test.go")) {
		// A config field set outside tests (its default, in a
		// SetDefaults method), or bound by a binder call anywhere:
		// with the field gone, the write goes, whatever it wrote,
		// unless writing it has effects.
		if at := r.stillRead[ref.Flag]; at != "" {
			r.refuse(ref, fmt.Sprintf("the flag is still read in %s, by a site left for a human: this write stays with it", at))
			return
		}
		if ref.Value != nil && rf.info != nil && !pure.Expr(rf.info, ref.Value) {
			r.refuse(ref, fmt.Sprintf("the value written, %s, has side effects: remove the write by hand", rf.sf.text(ref.Value)))
			return
		}
		if ref.IsBinding() && rf.info != nil {
			// The binding's other arguments (its key, a usage
			// text) go with it.
			for _, a := range ref.Call.Args {
				if !r.isPure(rf.info, a) {
					r.refuse(ref, fmt.Sprintf("the binding's argument %s has side effects: remove the binding by hand", rf.sf.text(a)))
					return
				}
			}
		}
		if !r.dropOverride(rf, e, e.newGroup(), ref) {
			r.refuse(ref, "cannot tell how to remove this write: remove it by hand")
			return
		}
		r.rewritten(ref)
		r.forcedOutsideTests(rf, ref, final)
		return
	}
	if r.programOverride(rf, e, ref, final) {
		return
	}
	v, ok, why := overrideValue(rf, ref)
	if ok && v == final && r.subscriptionDoingMore(rf, ref) {
		r.refuse(ref, fmt.Sprintf("the test's subscription gives the final value (%t) but does more than return it (it keeps the callback, to change the value later): change the test by hand", final))
		return
	}
	if ref.Reset {
		// os.Unsetenv(key) puts the flag back to its default: the test
		// goes on as if that were forced (deferred, or in a cleanup,
		// it is a restore like any other: see isRestore).
		if f := r.p.Flag(ref.Flag); f != nil {
			v, ok, why = f.DefaultEnabled, true, ""
		}
	}
	if ok && ref.Via == flagrefs.ViaField && inExpectation(rf, ref.Node) {
		// The field in a table's expected value (want: Config{…,
		// FastPath: false}) sets up nothing: it goes with the field,
		// and the case stays — or, while code left for a human still
		// reads the field, stays with it.
		if r.stillRead[ref.Flag] != "" {
			return
		}
		if r.dropOverride(rf, e, e.newGroup(), ref) {
			r.rewritten(ref)
			return
		}
	}
	// A package variable a test forces (features.X = false,
	// SetForTest(t, &features.X, false)) is forced like the flag
	// itself, not set up as one field of a fixture among others.
	// A test's subscription keeping the callback to flip the value
	// later tests the flag's changes: forcing the removed value, it
	// goes with its test (its write alone would leave the callback nil).
	if ok && ref.Holder != nil && ref.Holder.Kind() != types.PackageVar && (v == final || ref.Holder.Kind() != types.ParamVar && !r.testAbout(rf, ref) && !soleSetting(rf, ref) && !r.subscriptionDoingMore(rf, ref)) {
		r.holderOverride(rf, e, ref, v, final)
		return
	}
	if !ok && why == "" {
		v, ok = r.restoredValue(rf, ref)
	}
	restore := why == "" && isRestore(rf, ref.Node)
	if restore {
		if fd := enclosingFunc(rf, ref.Node); fd != nil && r.refusedIn[fd] {
			r.refuse(ref, "puts back what an override left for a human forces: it stays with it")
			return
		}
		// Run when the test ends, it puts the flag back for the next
		// one (a constant or the state saved before): what it puts
		// back is nothing a test sees any more, whatever the value.
		v, ok = final, true
	}
	if at := r.stillRead[ref.Flag]; at != "" && (!ok || v == final) && why == "" {
		// The read left there still sees what this forces (a test
		// forcing the removed value goes as usual: the code it tested
		// is rewritten).
		r.refuse(ref, fmt.Sprintf("the flag is still read in %s, by a site left for a human: this override stays with it", at))
		return
	}
	if ok && r.guardedOverride(rf, ed, ref, final) {
		r.rewritten(ref)
		return
	}
	if ok {
		g := e.newGroup()
		if v == final {
			what, asserted := r.ranAtDefault(rf, ref, final)
			if what != "" && !restore {
				r.refuse(ref, fmt.Sprintf("the test runs %s before this override, with the flag at its default (%s), which the removal changes: delete or move that part by hand", what, onOff(!final)))
				return
			}
			if !r.dropOverride(rf, e, g, ref) {
				r.refuse(ref, "cannot tell how to remove this override: remove it by hand")
				return
			}
			for _, st := range asserted {
				// The default's half of a before-and-after test.
				start, end := rf.sf.deleteRange(st)
				e.add(g, start, end, "")
			}
			r.flagSubtest(rf, e, g, ref)
			r.rewritten(ref)
			return
		}
		if r.deadSection(rf, e, g, ref, final) {
			r.rewritten(ref)
			return
		}
		done, why := r.deleteCase(rf, e, g, ref)
		if done {
			r.rewritten(ref)
			return
		}
		if why == "" {
			if fd := r.helperTest(rf, ref); fd != nil {
				// The helper is the body of the tests calling it,
				// and every run of it forced the removed value: it
				// tested code that is gone, as a test function
				// forcing it would have. Its body goes; its calls,
				// then doing nothing, go with it (emptiedHelpers),
				// and so do the subtests and tests left empty.
				e.add(g, rf.sf.off(fd.Body.Lbrace)+1, rf.sf.off(fd.Body.Rbrace), "\n")
				r.testDeleted(rf, ref.Flag, "the body of the test helper "+fd.Name.Name+": every run of it forced the removed value", fd)
				r.rewritten(ref)
				return
			}
			if fd := enclosingFunc(rf, ref.Node); fd != nil && suiteSetup(rf.info, fd) && r.deleteSuite(rf, ed, ref, fd) {
				// The suite's only configuration was the removed
				// value: it goes as a test function would.
				r.rewritten(ref)
				return
			}
			name := sharedOverrides(rf, ref)
			if name == "" {
				name = fixture(rf, ref)
			}
			if name != "" && r.dropOverride(rf, e, g, ref) {
				// A package-level map of overrides every test of a
				// suite shares (Temporal's test clusters' settings),
				// or a helper configuring what many tests run
				// (Kong's ConfigForEnvConfig): the override goes, as
				// a maintainer deletes it, and what used it is named,
				// since it now runs with the final value.
				r.rewritten(ref)
				p := rf.sf.fset.Position(ref.Node.Pos())
				via := fmt.Sprintf("what uses %s (which set the flag to %t)", name, v)
				if name == "TestMain" {
					via = fmt.Sprintf("the run of the package's tests in TestMain that set the flag to %t", v)
				}
				if fd := enclosingFunc(rf, ref.Node); fd != nil && fd.Name.Name == name && suiteSetup(rf.info, fd) {
					via = fmt.Sprintf("the tests of %s, whose %s set the flag to %t", recvTypeName(fd), name, v)
				}
				r.out.Sites = append(r.out.Sites, Site{
					Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
					Kind: "test-unforced", Via: via, Status: "rewritten",
				})
				return
			}
			why = fmt.Sprintf("the override forces %t, which is gone: delete this test by hand", v)
			if fd := enclosingFunc(rf, ref.Node); fd != nil && suiteSetup(rf.info, fd) {
				// SetupSuite, SetupTest: every test of the suite ran
				// with it.
				why = fmt.Sprintf("%s forces %t, which is gone, for every test of %s: delete the suite, or its tests of that value, by hand", fd.Name.Name, v, recvTypeName(fd))
			}
		}
		r.refuse(ref, why)
		return
	}
	if why == "" {
		var done bool
		if done, why = r.tableOverride(rf, ed, ref, final); done {
			r.rewritten(ref)
			return
		}
	}
	if why == "" {
		var done bool
		if done, why = r.mutatorOverride(rf, ed, ref, final); done {
			r.rewritten(ref)
			return
		}
	}
	if why == "" {
		var done bool
		if done, why = r.bothValues(rf, e, ref, final); done {
			r.rewritten(ref)
			return
		}
	}
	if why == "" {
		var done bool
		if done, why = r.paramOverride(rf, ed, ref, final); done {
			r.rewritten(ref)
			return
		}
	}
	if why == "" && r.arbitrary(rf, ref.Value) {
		// The test does not care which value it gets: with the flag
		// gone it gets the final one, and the draw goes.
		if r.dropOverride(rf, e, e.newGroup(), ref) {
			r.rewritten(ref)
			return
		}
	}
	if why == "" && isFieldRead(rf, ref.Value) {
		why = fmt.Sprintf("the override's value %s is a field of a table flagsweep cannot follow (its cases are not all literals it can read): delete the cases forcing %t and this override by hand", rf.sf.text(ref.Value), !final)
	}
	if why == "" {
		why = fmt.Sprintf("the override's value %s is not a constant, a table field or a random draw: remove it by hand", rf.sf.text(ref.Value))
	}
	r.refuse(ref, why)
}

// forcedOutsideTests names what uses a function outside test files that
// wrote the field holding the flag a constant other than its default and
// the final value — a test helper package's shared configuration
// (Temporal's service/history/tests.NewDynamicConfig setting
// ShardOwnershipAssertionEnabled to true): whatever it configured ran
// with that value and now runs with the final one. A write of the
// default (a SetDefaults method) restates what the flag was anyway.
func (r *remover) forcedOutsideTests(rf *refFile, ref scan.Ref, final bool) {
	if ref.IsBinding() || strings.HasSuffix(rf.sf.name, "_test.go") {
		return
	}
	v, ok, _ := overrideValue(rf, ref)
	f := r.p.Flag(ref.Flag)
	fd := enclosingFunc(rf, ref.Node)
	if !ok || v == final || f == nil || v == f.DefaultEnabled || fd == nil {
		return
	}
	p := rf.sf.fset.Position(ref.Node.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-unforced", Via: fmt.Sprintf("what uses %s (which set the flag to %t)", fd.Name.Name, v), Status: "rewritten",
	})
}

// ranAtDefault returns the first statement a test function runs before an
// override of the final value, when the flag's default is the other
// value and that statement is no setup (see setupStmt: it may observe
// the flag):
// that part of the test checked the default behaviour, which the removal
// changes. (Removing a flag against its default is rare; removing one at
// its default, the usual case, never gets here.)
func (r *remover) ranAtDefault(rf *refFile, ref scan.Ref, final bool) (string, []ast.Stmt) {
	f := r.p.Flag(ref.Flag)
	if f == nil || f.DefaultEnabled == final || rf.info == nil || ref.Call == nil || !strings.HasSuffix(rf.sf.name, "_test.go") {
		return "", nil
	}
	path := pathTo(rf.sf.ast, ref.Call)
	var st ast.Stmt
	for i := len(path) - 1; i >= 1; i-- {
		s, isStmt := path[i].(ast.Stmt)
		if !isStmt {
			continue
		}
		body, inBody := path[i-1].(*ast.BlockStmt)
		if !inBody {
			continue // the init of an if: its if is the statement
		}
		if i < 2 {
			return "", nil
		}
		fd, isFunc := path[i-2].(*ast.FuncDecl)
		if !isFunc || fd.Body != body || !isTestName(fd.Name.Name) {
			return "", nil // in a subtest, branch or helper: not this rule's
		}
		st = s
		var asserted []ast.Stmt
		first := ""
		for _, before := range body.List {
			if before == st {
				break
			}
			if !r.setupStmt(rf, body, before) {
				if first == "" {
					text := rf.sf.text(before)
					if line, _, cut := strings.Cut(text, "\n"); cut {
						text = strings.TrimSuffix(line, " {") + " …"
					}
					first = text
				}
				asserted = append(asserted, before)
			}
		}
		if first == "" {
			return "", nil
		}
		if defaultHalf(rf, body, st, asserted) {
			if again := reassigned(rf, body, st, asserted); again != nil {
				asserted = append(asserted, again)
			}
			return "", asserted
		}
		return first, nil
	}
	return "", nil
}

// reassigned returns the statement after the override (and the deferred
// restores following it) that assigns again what the setup just before
// the deleted default half declared — qCfg := NewDefaultQueueConfig(),
// then, forced, qCfg = NewDefaultQueueConfig() — which would repeat it
// once the half between them goes; nil otherwise.
func reassigned(rf *refFile, body *ast.BlockStmt, override ast.Stmt, gone []ast.Stmt) ast.Stmt {
	i := slices.Index(body.List, override)
	if i < 0 || len(gone) == 0 {
		return nil
	}
	first := slices.Index(body.List, gone[0])
	if first < 1 {
		return nil
	}
	// Everything between the setup and the override goes.
	for _, st := range body.List[first:i] {
		if !slices.Contains(gone, st) {
			return nil
		}
	}
	decl, ok := body.List[first-1].(*ast.AssignStmt)
	if !ok || decl.Tok != token.DEFINE {
		return nil
	}
	j := i + 1
	for j < len(body.List) {
		if _, isDefer := body.List[j].(*ast.DeferStmt); !isDefer {
			break
		}
		j++
	}
	if j >= len(body.List) {
		return nil
	}
	again, ok := body.List[j].(*ast.AssignStmt)
	if !ok || again.Tok != token.ASSIGN || len(again.Lhs) != len(decl.Lhs) || len(again.Rhs) != len(decl.Rhs) {
		return nil
	}
	for k := range decl.Lhs {
		if rf.sf.text(decl.Lhs[k]) != rf.sf.text(again.Lhs[k]) {
			return nil
		}
	}
	for k := range decl.Rhs {
		if rf.sf.text(decl.Rhs[k]) != rf.sf.text(again.Rhs[k]) {
			return nil
		}
	}
	return again
}

// defaultHalf reports whether the statements a test runs before the
// override of the final value (asserted, besides setup) are the
// default's half of a before-and-after test: each an assertion call
// (testify's require or assert), one of which asserts on an expression
// an assertion after the override asserts on too —
// require.Error(t, Validate(cfg)), then, forced, require.NoError(t,
// Validate(cfg)). The flag no longer has that default: a maintainer
// deletes that half with the override (the collector's
// TestNoPipelinesFeatureGate).
func defaultHalf(rf *refFile, body *ast.BlockStmt, override ast.Stmt, asserted []ast.Stmt) bool {
	subjects := func(st ast.Stmt) []string {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return nil
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return nil
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		pkg, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			return nil
		}
		pn, ok := rf.info.Uses[pkg].(*types.PkgName)
		if !ok || !strings.HasSuffix(pn.Imported().Path(), "/require") && !strings.HasSuffix(pn.Imported().Path(), "/assert") {
			return nil
		}
		var out []string
		for _, a := range call.Args[1:] {
			if _, lit := ast.Unparen(a).(*ast.BasicLit); !lit {
				out = append(out, rf.sf.text(a))
			}
		}
		if len(out) == 0 {
			return []string{""} // an assertion of constants only
		}
		return out
	}
	after := make(map[string]bool)
	seen := false
	for _, st := range body.List {
		if st == override {
			seen = true
			continue
		}
		if seen {
			for _, s := range subjects(st) {
				after[s] = true
			}
		}
	}
	mirrored := false
	for _, st := range asserted {
		subs := subjects(st)
		if subs == nil {
			return false // not an assertion: something else ran at the default
		}
		for _, s := range subs {
			if s != "" && after[s] {
				mirrored = true
			}
		}
	}
	return mirrored
}

// setupStmt reports a statement that checks nothing a test could see at
// the flag's default: declarations and assignments of pure values; a
// fixture stored for later (th := Setup(t).InitBasic(): every variable
// it assigns a pointer, struct, slice, map, channel, function or error,
// not a result like got := BatchSize()), or a value saved to be put back
// when the test ends (see savedForRestore); a deferred call, which runs when
// the test ends, of pure arguments (defer th.TearDown()); a guard skipping
// the test on a pure condition (if !s.fairness { s.T().Skip(…) }); a call
// of pure arguments to a function or method named for setting up
// (s.setupToCaptureTasks(), SetUp(t)): a suite's fixture, which by its
// name prepares rather than checks. What asserts — any other call
// statement, an if, a loop — is no setup.
func (r *remover) setupStmt(rf *refFile, body *ast.BlockStmt, st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.IfStmt:
		return st.Init == nil && st.Else == nil && pure.Expr(rf.info, st.Cond) && skipsOnly(st.Body)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(st.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		var name string
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			name = fun.Name
		case *ast.SelectorExpr:
			if !pure.Expr(rf.info, fun.X) {
				return false
			}
			name = fun.Sel.Name
		}
		return strings.HasPrefix(strings.ToLower(name), "setup") && r.pureExprs(rf, call.Args)
	case *ast.AssignStmt:
		if r.pureExprs(rf, st.Rhs) {
			return true
		}
		for _, l := range st.Lhs {
			if !fixtureType(rf.info.TypeOf(l)) && !savedForRestore(rf, body, l) {
				return false
			}
		}
		return true
	case *ast.DeclStmt:
		ok := true
		ast.Inspect(st, func(n ast.Node) bool {
			if x, isExpr := n.(ast.Expr); isExpr && ok {
				ok = pure.Expr(rf.info, x)
				return false
			}
			return ok
		})
		return ok
	case *ast.DeferStmt:
		fun := ast.Unparen(st.Call.Fun)
		if sel, ok := fun.(*ast.SelectorExpr); ok {
			fun = sel.X // the method value's receiver is evaluated now
		}
		if _, lit := fun.(*ast.FuncLit); !lit && !pure.Expr(rf.info, fun) {
			return false
		}
		return r.pureExprs(rf, st.Call.Args)
	}
	return false
}

// skipsOnly reports a block that does nothing but skip the test
// (t.Skip(…), s.T().Skipf(…), t.SkipNow()).
func skipsOnly(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	for _, st := range b.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !strings.HasPrefix(sel.Sel.Name, "Skip") {
			return false
		}
	}
	return true
}

func (r *remover) pureExprs(rf *refFile, xs []ast.Expr) bool {
	for _, x := range xs {
		if !pure.Expr(rf.info, x) {
			return false
		}
	}
	return true
}

// savedForRestore reports a variable a test saves to put back when it
// ends (old := *cfg.X; defer func() { *cfg.X = old }()): every use of it
// in body is in a restore (see isRestore).
func savedForRestore(rf *refFile, body *ast.BlockStmt, l ast.Expr) bool {
	id, ok := l.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := rf.info.Defs[id].(*types.Var)
	if !ok {
		return false
	}
	only := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if u, ok := n.(*ast.Ident); ok && only && rf.info.Uses[u] == v {
			// In a restore, or in a function literal within one
			// (th.App.UpdateConfig(func(cfg …) { cfg.X = &old })).
			only = false
			for _, a := range stack {
				if lit, ok := a.(*ast.FuncLit); ok && isRestore(rf, lit.Body) {
					only = true
					break
				}
			}
		}
		return only
	})
	return only
}

// fixtureType reports a type a test's setup stores for later rather than a
// result it checks: anything but a basic type (bool, number, string).
func fixtureType(t types.Type) bool {
	if t == nil {
		return false
	}
	_, basic := t.Underlying().(*types.Basic)
	return !basic
}

// isRestore reports an override run when the test ends: deferred, in a
// deferred function, or in a function handed to t.Cleanup.
func isRestore(rf *refFile, n ast.Node) bool {
	path := pathTo(rf.sf.ast, n)
	if len(path) > 0 {
		if d, ok := path[len(path)-1].(*ast.DeferStmt); ok && d.Call == n {
			return true // defer os.Unsetenv(key)
		}
	}
	for i := len(path) - 1; i > 0; i-- {
		lit, ok := path[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		switch p := path[i-1].(type) {
		case *ast.CallExpr:
			if p.Fun == lit && i > 1 {
				_, deferred := path[i-2].(*ast.DeferStmt)
				return deferred
			}
			return isCleanup(p) && p.Args[0] == lit
		}
		return false
	}
	return false
}

// holderOverride handles a test's constant write of a field holding a
// value derived from the flag (s.config.EnableMigration =
// GetBoolPropertyFnFilteredByTaskQueue(false), parser.featureFlags.X =
// true). Such a field is configuration a test sets up among the rest of
// it, not the subject of the test: whatever it writes, the write goes and
// the test stays. One writing the removed value is named: the test ran
// with it and now runs with the final value (Temporal's maintainers,
// removing matching.enableMigration, dropped writes of false from tests
// that tested other things). While production code still reads the field
// (a read left for a human), the write stays with it; a read of the flag
// by another way does not see the field, and does not keep the write.
func (r *remover) holderOverride(rf *refFile, e *editor, ref scan.Ref, v, final bool) {
	if at := r.stillHeld[r.holderKey(ref.Holder)]; at != "" {
		r.refuse(ref, fmt.Sprintf("%s is still read in %s, by a site left for a human: this write stays with it", ref.Holder.Name(), at))
		return
	}
	if v != final && r.testFeeder(ref) && isElement(rf, ref.Lit) {
		// A case field of the test's own table, handed as it is to
		// what holds the flag's value (a parameter of the function
		// under test): the field is what the cases vary, and the
		// case giving the removed value tested what is gone.
		g := e.newGroup()
		if r.deleteTableCase(rf, e, g, ref.Node, ref.Flag) {
			r.rewritten(ref)
			return
		}
		e.edits = dropGroup(e.edits, g)
	}
	if !r.dropOverride(rf, e, e.newGroup(), ref) {
		r.refuse(ref, "cannot tell how to remove this write: remove it by hand")
		return
	}
	r.rewritten(ref)
	if v == final {
		return
	}
	// The test (or table case) around the write, which the report is
	// about; a write in a table's expected value runs nothing.
	var anchor ast.Node
	if inExpectation(rf, ref.Node) {
		return
	}
	for _, n := range slices.Backward(pathTo(rf.sf.ast, ref.Node)) {
		if anchor == nil {
			switch n.(type) {
			case *ast.FuncDecl:
				anchor = n
			case *ast.CompositeLit:
				if n != ref.Lit && caseLit(n.(ast.Expr)) != nil && isElement(rf, n) {
					anchor = n
				}
			}
		}
	}
	p := rf.sf.fset.Position(ref.Node.Pos())
	what := "the test"
	if fd := enclosingFunc(rf, ref.Node); fd != nil {
		what = fd.Name.Name
	}
	site := Site{
		Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-unforced", Via: fmt.Sprintf("%s, which set %s to %t", what, ref.Holder.Name(), v), Status: "rewritten",
	}
	if anchor != nil {
		a := rf.sf.fset.Position(anchor.Pos())
		site.anchor = diag.Position{File: r.p.Rel(a.Filename), Line: a.Line, Column: a.Column}
	}
	r.out.Sites = append(r.out.Sites, site)
}

// programOverride handles an override call in the program's own code —
// a file that is no test, in a function taking no test's handle, of a
// file that imports no test framework: Crossplane's start command turns
// a flag on from its command line, `if c.EnableUsages {
// o.Features.Enable(features.EnableBetaUsages) }`. With the flag
// constant, forcing it means nothing: the call goes, whatever it forced.
// Forcing the removed value is named: what asked for it (an option, a
// setting) no longer changes anything. It reports whether it handled
// the override (refusing it when the call's operands have effects).
func (r *remover) programOverride(rf *refFile, e *editor, ref scan.Ref, final bool) bool {
	if ref.Call == nil || ref.Holder != nil || ref.Via == flagrefs.ViaField || strings.HasSuffix(rf.sf.name, "_test.go") || rf.info == nil || !programCode(rf, ref.Call) {
		return false
	}
	if callStmt(rf.sf.ast, ref.Call) == nil {
		return false // its result is used: not this rule's
	}
	for _, a := range callOperands(rf.info, ref.Call) {
		if !r.isPure(rf.info, a) {
			r.refuse(ref, fmt.Sprintf("the program forces the flag here, and %s has side effects: remove the call by hand", rf.sf.text(a)))
			return true
		}
	}
	if !r.dropOverride(rf, e, e.newGroup(), ref) {
		return false
	}
	r.rewritten(ref)
	if b, ok := parentOf(rf.sf.ast, callStmt(rf.sf.ast, ref.Call)).(*ast.BlockStmt); ok {
		if r.programForced == nil {
			r.programForced = make(map[*ast.BlockStmt]string)
		}
		r.programForced[b] = ref.Flag
	}
	v, ok, _ := overrideValue(rf, ref)
	if ok && v == final {
		return true
	}
	p := rf.sf.fset.Position(ref.Node.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "program-forced", Via: rf.sf.text(ref.Call), Status: "rewritten",
	})
	return true
}

// programCode reports whether n is in the program's own code, as far as
// its syntax tells: no test's code (see testCode), in a file importing
// neither the testing package nor a test framework.
func programCode(rf *refFile, n ast.Node) bool {
	for _, imp := range rf.sf.ast.Imports {
		path := strings.Trim(imp.Path.Value, `"`)
		if path == "testing" || strings.HasPrefix(path, "github.com/onsi/") || strings.HasPrefix(path, "github.com/stretchr/testify") {
			return false
		}
	}
	return !testCode(rf, n)
}

// callOperands returns what a call evaluates besides its callee: its
// arguments, and the receiver of a method (not a package's name).
func callOperands(info *types.Info, call *ast.CallExpr) []ast.Expr {
	operands := slices.Clone(call.Args)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isPkg := info.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
			operands = append(operands, sel.X)
		}
	}
	return operands
}

// testFeeder reports a write of a holder declared in a test file: a field
// of the test's own case or params type that only feeds the flag's
// holders (see flagrefs' deriveTestFeeders), not configuration of the
// code under test.
func (r *remover) testFeeder(ref scan.Ref) bool {
	if ref.Holder == nil || ref.Lit == nil {
		return false
	}
	return strings.HasSuffix(r.prog.Fset.Position(ref.Holder.Pos()).Filename, "_test.go")
}

// sharedOverrides returns the name of the package-level variable whose
// map literal holds a map override (var overrides = map[Key]any{X.Key():
// false}), outside any function: overrides shared by every test that
// uses the variable, not a test's own. Empty otherwise.
func sharedOverrides(rf *refFile, ref scan.Ref) string {
	if ref.Form != config.FormMap || ref.Lit == nil {
		return ""
	}
	path := pathTo(rf.sf.ast, ref.Lit)
	for i, n := range path {
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return ""
		case *ast.ValueSpec:
			// The literal must be the variable's value itself.
			if len(n.Names) == 1 && len(n.Values) == 1 && i == len(path)-1 && ast.Unparen(n.Values[0]) == ref.Lit {
				return n.Names[0].Name
			}
			return ""
		}
	}
	return ""
}

// fixture returns the name of the function an override configures
// unconditionally, when that function is a helper many tests may share
// rather than a test: a statement of its body's top level, in a function
// not named as a test (Test, Benchmark, Fuzz, Example) of a test file or
// taking a *testing.T (or B, TB, F), outside any function literal (a
// subtest's body).
func fixture(rf *refFile, ref scan.Ref) string {
	var fd *ast.FuncDecl
	var st ast.Stmt // the innermost statement holding the override
	for _, n := range pathTo(rf.sf.ast, ref.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fd = n
		case *ast.FuncLit:
			return ""
		case ast.Stmt:
			st = n
		}
	}
	if fd == nil || fd.Body == nil || isTestFunc(fd.Name.Name) || st == nil || !slices.Contains(fd.Body.List, st) {
		return ""
	}
	// A test helper: in a test file, or taking a test's handle (Kong's
	// ConfigForEnvConfig(t *testing.T, …) in test/envtest/run.go).
	// Program code forcing a flag is not a fixture.
	if !strings.HasSuffix(rf.sf.name, "_test.go") && !takesTest(rf, fd.Type) {
		return ""
	}
	if onlyForces(rf, ref, fd) {
		// A helper whose every statement is about the flag
		// (enableStructuredFilters(t): save it, force it, put it
		// back) configures nothing else: the tests calling it are
		// about the forced value, and go with it, by hand.
		return ""
	}
	return fd.Name.Name
}

// helperTest returns the test helper an override of the removed value
// configures at the top of its body, when that helper is a test's body
// rather than a fixture: an unexported function of a test file, not
// itself a test, taking a test's handle and returning nothing, whose
// statements before the override set up only (see setupStmt), and which
// every use calls as a statement of a test file (`t.Run("sdk", func(t
// *testing.T) { testTelemetry(t, true) })`). A helper that returns what it
// set up (Kong's ConfigForEnvConfig) is a fixture (see fixture), and one
// that only forces the flag is the callers' business (see onlyForces).
func (r *remover) helperTest(rf *refFile, ref scan.Ref) *ast.FuncDecl {
	if rf.info == nil || !strings.HasSuffix(rf.sf.name, "_test.go") {
		return nil
	}
	var fd *ast.FuncDecl
	var st ast.Stmt // the statement of the helper's body holding the override
	for _, n := range pathTo(rf.sf.ast, ref.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fd = n
		case *ast.FuncLit:
			return nil
		case ast.Stmt:
			if st == nil && fd != nil && n != ast.Stmt(fd.Body) {
				st = n
			}
		}
	}
	if fd == nil || fd.Body == nil || fd.Recv != nil || fd.Name.IsExported() || isTestFunc(fd.Name.Name) ||
		fd.Type.Results != nil && len(fd.Type.Results.List) > 0 || !takesTest(rf, fd.Type) || onlyForces(rf, ref, fd) {
		return nil
	}
	i := slices.Index(fd.Body.List, st)
	if i < 0 {
		return nil
	}
	for _, before := range fd.Body.List[:i] {
		if !r.setupStmt(rf, fd.Body, before) {
			return nil
		}
	}
	fn, _ := rf.info.Defs[fd.Name].(*types.Func)
	pkg := r.pkgOf(rf)
	if fn == nil || pkg == nil {
		return nil
	}
	sfs := make([]*srcFile, len(pkg.Syntax))
	for i, f := range pkg.Syntax {
		name := r.prog.Fset.Position(f.FileStart).Filename
		sfs[i] = newSrcFile(r.prog.Fset, name, r.current(name), f)
	}
	calls, ok := directCalls(pkg.TypesInfo, fn, sfs)
	if !ok || len(calls) == 0 {
		return nil
	}
	for _, c := range calls {
		if !strings.HasSuffix(c.sf.name, "_test.go") || callStmt(c.sf.ast, c.call) == nil {
			return nil
		}
	}
	return fd
}

// onlyForces reports a helper whose every statement names the flag's
// handle, or a local holding something of it (gate := X, orig :=
// gate.IsEnabled()): it exists to force the flag.
func onlyForces(rf *refFile, ref scan.Ref, fd *ast.FuncDecl) bool {
	if rf.info == nil || len(fd.Body.List) == 0 {
		return false
	}
	// What names the flag: its handle, and the locals the override's
	// key reads (gate in gate.ID()).
	about := make(map[types.Object]bool)
	if ref.Handle != nil {
		about[ref.Handle] = true
	}
	ast.Inspect(ref.Key, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := rf.info.Uses[id].(*types.Var); ok && v.Parent() != nil && v.Parent() != v.Pkg().Scope() {
				about[v] = true
			}
		}
		return true
	})
	if len(about) == 0 {
		return false
	}
	for _, st := range fd.Body.List {
		mentions := false
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && (about[rf.info.Uses[id]] || about[rf.info.Defs[id]]) {
				mentions = true
			}
			return !mentions
		})
		if !mentions {
			return false
		}
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := rf.info.Defs[id].(*types.Var); ok {
					about[v] = true
				}
			}
			return true
		})
	}
	return true
}

// isElement reports whether a composite literal is an element of another
// (a table's case).
func isElement(rf *refFile, lit ast.Node) bool {
	path := pathTo(rf.sf.ast, lit) // lit's ancestors, outermost first
	if len(path) == 0 {
		return false
	}
	switch p := path[len(path)-1].(type) {
	case *ast.CompositeLit:
		return true
	case *ast.KeyValueExpr:
		if len(path) > 1 {
			_, ok := path[len(path)-2].(*ast.CompositeLit)
			return ok && p.Value == lit
		}
	}
	return false
}

// inExpectation reports a node inside the value of a table field that
// holds what a case expects (want:, expected…: flagrefs.IsExpectation),
// or of a variable so named (expectedConfig := &FeatureFlags{…}).
func inExpectation(rf *refFile, n ast.Node) bool {
	within := func(x ast.Expr) bool { return x.Pos() <= n.Pos() && n.End() <= x.End() }
	for _, p := range pathTo(rf.sf.ast, n) {
		switch p := p.(type) {
		case *ast.KeyValueExpr:
			if id, ok := p.Key.(*ast.Ident); ok && within(p.Value) && flagrefs.IsExpectation(id.Name) {
				return true
			}
		case *ast.AssignStmt:
			// expectedConfig := &config.FeatureFlags{…}: a local
			// named for what the test expects.
			if len(p.Lhs) == len(p.Rhs) {
				for i, l := range p.Lhs {
					if id, ok := l.(*ast.Ident); ok && within(p.Rhs[i]) && flagrefs.IsExpectation(id.Name) {
						return true
					}
				}
			}
		case *ast.ValueSpec:
			if len(p.Names) == len(p.Values) {
				for i, id := range p.Names {
					if within(p.Values[i]) && flagrefs.IsExpectation(id.Name) {
						return true
					}
				}
			}
		}
	}
	return false
}

// testAbout reports whether the test function holding a holder's write
// is about the flag: its name holds every word of the field's name, or of
// the flag's (TestRewriteURIAnnotation sets RewriteURIs, TestAudit sets
// EnableAudit; TestAutoEnableV2ConfigChange sets EnableMigration among
// its configuration, and TestProcessInvocationTask_SystemEndpoint sets
// UseSystemCallbackURL: one shared word is a coincidence, not the
// subject). A test about the flag that forced the removed value tested
// gone code, and goes like any test forcing it.
func (r *remover) testAbout(rf *refFile, ref scan.Ref) bool {
	fd := enclosingFunc(rf, ref.Node)
	if fd == nil || !isTestName(fd.Name.Name) {
		return false
	}
	test := make(map[string]bool)
	for _, w := range words(strings.TrimPrefix(fd.Name.Name, "Test")) {
		test[w] = true
	}
	flag := ref.Flag[strings.LastIndexByte(ref.Flag, '.')+1:] // system.enableAudit: enableAudit
	for _, name := range []string{ref.Holder.Name(), flag} {
		ws := words(name)
		if len(ws) > 0 && !slices.ContainsFunc(ws, func(w string) bool { return !test[w] }) {
			return true
		}
	}
	return false
}

// soleSetting reports a test's write of a holder that is all its test
// configures, in a configuration the test then hands to the code under
// test: the only field of a literal given to a call (newTestContext(t,
// &Config{Enabled: GetBoolPropertyFn(false)})), or the only field of its
// struct type the enclosing test or subtest function assigns, on a
// variable it passes on (cfg := *defaultConfig; cfg.X =
// GetBoolPropertyFn(true); schedule(&cfg)). Such a test exists for that
// state, unlike one setting the field among others (Temporal's tests
// setting EnableMigration beside two intervals) or one never handing the
// configuration to code that could read the field (a test of another
// field's default), and goes with it when it forced the removed value.
func soleSetting(rf *refFile, ref scan.Ref) bool {
	if rf.info == nil {
		return false
	}
	var body *ast.BlockStmt
	for _, n := range pathTo(rf.sf.ast, ref.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
	}
	if body == nil {
		return false
	}
	if ref.Lit != nil {
		if len(ref.Lit.Elts) != 1 {
			return false
		}
		var n ast.Node = ref.Lit
		if u, ok := parentOf(rf.sf.ast, n).(*ast.UnaryExpr); ok && u.Op == token.AND {
			n = u
		}
		switch p := parentOf(rf.sf.ast, n).(type) {
		case *ast.CallExpr:
			return slices.Contains(p.Args, n.(ast.Expr))
		case *ast.AssignStmt:
			if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
				if id, ok := p.Lhs[0].(*ast.Ident); ok {
					return passedOn(rf.info, body, rf.info.ObjectOf(id), deref(rf.info.TypeOf(ref.Lit)))
				}
			}
		}
		return false
	}
	sel, ok := ref.Node.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	recv := func(sel *ast.SelectorExpr) types.Type {
		if s, ok := rf.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			return deref(s.Recv())
		}
		return nil
	}
	owner := recv(sel)
	root, _ := ast.Unparen(sel.X).(*ast.Ident)
	if owner == nil || root == nil {
		return false
	}
	writes := 0
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if s, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if t := recv(s); t != nil && types.Identical(t, owner) {
						writes++
					}
				}
			}
		}
		return writes < 2
	})
	return writes == 1 && passedOn(rf.info, body, rf.info.ObjectOf(root), owner)
}

// deref returns the type a pointer type points to, or t.
func deref(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// passedOn reports whether body hands the configuration of type owner held
// in the variable v to a call: an argument of that type (or a pointer to
// it) built from v (cfg, &cfg, s.config), or the receiver of a method.
// Reading another of its fields (t.Errorf("%d", cfg.Workers)) hands
// nothing on.
func passedOn(info *types.Info, body *ast.BlockStmt, v types.Object, owner types.Type) bool {
	if v == nil || owner == nil {
		return false
	}
	mentions := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
			return !found
		})
		return found
	}
	passed := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || passed {
			return !passed
		}
		config := func(e ast.Expr) bool {
			t := info.TypeOf(e)
			return t != nil && types.Identical(deref(t), owner) && mentions(e)
		}
		for _, a := range call.Args {
			if config(a) {
				passed = true
			}
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal && config(sel.X) {
				passed = true
			}
		}
		return !passed
	})
	return passed
}

// genericWords say that a name is a switch, not what it switches.
var genericWords = map[string]bool{
	"enable": true, "enabled": true, "disable": true, "disabled": true, "use": true,
	"feature": true, "flag": true, "gate": true, "is": true, "with": true,
	"allow": true, "new": true, "get": true, "set": true, "fn": true, "config": true,
}

// words splits an identifier or a flag key into lower-case words, a
// plural's s dropped (RewriteURIs: rewrite, uri), leaving out generic
// ones.
func words(s string) []string { return wordsOf(s, false) }

// wordsOf is words, keeping the generic and the short words when generic
// is set (the state in TestSearchFilesOnFeatureFlagDisabled is "disabled").
func wordsOf(s string, generic bool) []string {
	var out []string
	var cur []rune
	flush := func() {
		w := strings.ToLower(string(cur))
		if len(w) > 2 {
			w = strings.TrimSuffix(w, "s") // not "is", "os"
		}
		cur = cur[:0]
		if generic && w != "" || len(w) >= 2 && !genericWords[w] {
			out = append(out, w)
		}
	}
	rs := []rune(s)
	for i, c := range rs {
		switch {
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			flush()
			continue
		case unicode.IsUpper(c) && len(cur) > 0:
			// A new word starts at an upper-case letter after a lower
			// one, or before a lower one ending an acronym (URIAnnotation).
			// (An acronym's plural, URIs, IDs, stays one word.)
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			plural := i+1 < len(rs) && rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLower(rs[i+2]))
			if prevLower || nextLower && !plural && unicode.IsUpper(rs[i-1]) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return out
}

// restoredValue recognises an override that puts back the state a test
// saved before forcing the flag: `prev := gate.IsEnabled()` … `defer
// reg.Set(gate.ID(), prev)`. prev is a local set only by a check of the
// same flag, which is constant now: the override forces that constant.
func (r *remover) restoredValue(rf *refFile, ref scan.Ref) (value, ok bool) {
	if rf.info == nil {
		return false, false
	}
	id, isID := ast.Unparen(ref.Value).(*ast.Ident)
	if !isID {
		return false, false
	}
	v, isVar := rf.info.Uses[id].(*types.Var)
	if !isVar || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return false, false
	}
	var init ast.Expr
	assigned := 0
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				lid, ok := ast.Unparen(l).(*ast.Ident)
				if !ok || rf.info.Defs[lid] != v && rf.info.Uses[lid] != v {
					continue
				}
				assigned++
				if rf.info.Defs[lid] == v && len(n.Rhs) == len(n.Lhs) {
					init = n.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if rf.info.Defs[name] == v && len(n.Values) == len(n.Names) {
					assigned++
					init = n.Values[i]
				}
			}
		case *ast.UnaryExpr:
			if x, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && rf.info.Uses[x] == v {
				assigned += 2 // its address escapes
			}
		case *ast.IncDecStmt:
			if x, ok := ast.Unparen(n.X).(*ast.Ident); ok && rf.info.Uses[x] == v {
				assigned += 2
			}
		}
		return true
	})
	if assigned != 1 || init == nil {
		return false, false
	}
	call, isCall := ast.Unparen(init).(*ast.CallExpr)
	if !isCall {
		return false, false
	}
	for _, c := range r.refs {
		if c.Kind == flagrefs.Check && c.Call == call && c.Flag == ref.Flag {
			return r.target(ref.Flag).Value != c.Negated, true
		}
	}
	return false, false
}

// overrideValue returns the value an override forces, when it is a
// constant. A pairs flag without a boolean is forced on; a struct field
// holds a boolean or its text ("true"). why is set when the override
// cannot be handled at all.
func overrideValue(rf *refFile, ref scan.Ref) (value, ok bool, why string) {
	switch {
	case ref.Fixed != nil:
		return *ref.Fixed, true, ""
	case ref.Value == nil && ref.Form == config.FormPairs:
		return true, true, ""
	case ref.Value == nil && ref.Form == config.FormStruct:
		return false, false, "the override leaves its value field out: remove it by hand"
	case ref.Reset:
		return false, false, "the call resets the flag to its default, which is unknown: remove it by hand"
	case ref.Value == nil:
		return false, false, "the override's value argument is missing"
	}
	if v, ok := constBoolArg(rf.info, ref.Value); ok {
		return v, true, ""
	}
	if ref.Form == config.FormStruct || ref.Form == config.FormCall || ref.Via == flagrefs.ViaStringMap {
		// "true" and "false": a struct field, an environment
		// variable (t.Setenv) or a test's config map holding the
		// flag's value as text.
		if s, ok := constString(rf.info, ref.Value); ok {
			if b, err := strconv.ParseBool(s); err == nil {
				return b, true, ""
			}
			return false, false, fmt.Sprintf("the override's value %q is not a boolean: remove it by hand", s)
		}
	}
	return false, false, ""
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	if info == nil {
		if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			return s, err == nil
		}
		return "", false
	}
	tv, found := info.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// dropOverride removes an override that forced the final value, so the
// test runs as before: a call goes (see removeOverride), a flag goes from
// a pairs call, a struct literal goes from its list, an entry from its
// map.
func (r *remover) dropOverride(rf *refFile, e *editor, g int, ref scan.Ref) bool {
	if _, ok := r.paramCalls[ref.Call]; ok && ref.Call != nil {
		return r.dropParamCall(rf, e, g, ref)
	}
	if ref.Holder != nil && ref.Holder.Kind() == types.ParamVar {
		// An argument for a parameter holding the flag (its
		// property, or its value): it goes with the parameter.
		call, ok := parentOf(rf.sf.ast, ref.Node).(*ast.CallExpr)
		if !ok {
			return false
		}
		deleteElems(rf.sf, e, g, call.Args, func(i int) bool { return call.Args[i] == ref.Node })
		return true
	}
	switch ref.Form {
	case config.FormPairs:
		drop := []ast.Expr{ref.Key}
		if ref.Value != nil {
			drop = append(drop, ref.Value)
		}
		r.dropFrom(ref.Call, ref.Call.Args, drop...)
		return true
	case config.FormMap:
		if ref.Lit == nil {
			// gates[X] = true: the assignment goes.
			st, ok := parentOf(rf.sf.ast, ref.Node).(*ast.AssignStmt)
			if !ok {
				return false
			}
			start, end := rf.sf.deleteRange(st)
			e.add(g, start, end, "")
			return true
		}
		r.dropFrom(ref.Lit, ref.Lit.Elts, ref.Node)
		return true
	case config.FormList:
		r.dropFrom(ref.Lit, ref.Lit.Elts, ref.Node)
		r.drops[ref.Lit].slice = true
		return true
	case config.FormStruct:
		return r.dropStruct(rf, e, g, ref.Node)
	}
	return r.removeOverride(rf, e, g, ref.Call)
}

// dropStruct removes a struct literal from the list holding it: a
// composite literal's elements, or the values an append adds (the whole
// `x = append(x, v)` when v was the only one).
func (r *remover) dropStruct(rf *refFile, e *editor, g int, lit ast.Expr) bool {
	path := pathTo(rf.sf.ast, lit)
	if len(path) == 0 {
		return false
	}
	var node ast.Expr = lit
	parent := path[len(path)-1]
	if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND && len(path) > 1 {
		node, parent = u, path[len(path)-2]
	}
	switch p := parent.(type) {
	case *ast.CompositeLit:
		r.dropFrom(p, p.Elts, node)
		return true
	case *ast.CallExpr:
		id, ok := ast.Unparen(p.Fun).(*ast.Ident)
		if !ok || id.Name != "append" || len(p.Args) < 2 || p.Args[0] == node || p.Ellipsis.IsValid() {
			return false
		}
		if rf.info != nil {
			if _, builtin := rf.info.Uses[id].(*types.Builtin); !builtin {
				return false
			}
		}
		if len(p.Args) == 2 {
			// x = append(x, v): the statement goes.
			if st, ok := parentOf(rf.sf.ast, p).(*ast.AssignStmt); ok && st.Tok == token.ASSIGN &&
				len(st.Lhs) == 1 && len(st.Rhs) == 1 && rf.sf.text(st.Lhs[0]) == rf.sf.text(p.Args[0]) {
				start, end := rf.sf.deleteRange(st)
				e.add(g, start, end, "")
				return true
			}
			e.add(g, rf.sf.off(p.Pos()), rf.sf.off(p.End()), rf.sf.text(p.Args[0]))
			return true
		}
		r.dropFrom(p, p.Args[1:], node)
		return true
	}
	return false
}

// A listDrop collects the elements to delete from one list, so that the
// flags removed together from one map or call are deleted in one edit
// group (separate deletions of neighbours would overlap).
type listDrop struct {
	owner ast.Node
	elems []ast.Expr
	drop  map[ast.Expr]bool
	// emptied marks a list that goes whole instead (see dropEmptied);
	// stmt, when set, is the override call's statement that goes with
	// it.
	emptied bool
	stmt    ast.Stmt
	// slice marks a list override's list (FormList), whose field goes
	// when it empties as a map's does.
	slice bool
}

// dropEmptied replaces the deletion of every entry of a map literal that
// is a struct literal's field value (a table case's `featureGates:
// map[…]bool{X: true}`) with the deletion of the field's entry: a nil map
// reads the same as an empty one, and `featureGates: map[…]bool{}` is
// noise a reviewer would delete. Not when the file writes into the
// field's map (that would panic on nil).
func (r *remover) dropEmptied(d *listDrop) {
	lit, ok := d.owner.(*ast.CompositeLit)
	if !ok || len(d.drop) != len(d.elems) || len(d.elems) == 0 {
		return
	}
	rf := r.refFiles[r.prog.Fset.Position(lit.Pos()).Filename]
	if rf == nil || rf.info == nil {
		return
	}
	if _, isMap := rf.info.TypeOf(lit).Underlying().(*types.Map); !isMap && !d.slice {
		return
	}
	path := pathTo(rf.sf.ast, lit)
	if len(path) > 0 {
		if call, ok := path[len(path)-1].(*ast.CallExpr); ok && r.mapOverrideCall(rf, call) {
			// SetFeatureGatesDuringTest(t, gate, map[…]bool{}) forces
			// nothing: the call goes.
			if st := callStmt(rf.sf.ast, call); st != nil {
				d.emptied, d.stmt = true, st
			}
			return
		}
	}
	// cfg.FeatureGates = map[string]bool{X: true} in a test: the
	// assignment configured only the flag, and goes with it, as
	// GitLab Runner's and Kueue's maintainers delete it (the field
	// keeps what it held before, which the test did not set out to
	// reset).
	if as, ok := path[len(path)-1].(*ast.AssignStmt); ok && testCode(rf, as) &&
		as.Tok == token.ASSIGN && len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Rhs[0] == ast.Expr(lit) {
		if sel, ok := as.Lhs[0].(*ast.SelectorExpr); ok {
			if field, _ := rf.info.Uses[sel.Sel].(*types.Var); field != nil && field.IsField() {
				d.emptied, d.stmt = true, as
			}
		}
		return
	}
	if len(path) < 2 {
		return
	}
	kv, ok := path[len(path)-1].(*ast.KeyValueExpr)
	if !ok || kv.Value != ast.Expr(lit) {
		return
	}
	outer, ok := path[len(path)-2].(*ast.CompositeLit)
	if !ok {
		return
	}
	if _, isStruct := rf.info.TypeOf(outer).Underlying().(*types.Struct); !isStruct {
		return
	}
	field, _ := rf.info.Uses[identOf(kv.Key)].(*types.Var)
	if field == nil || writesInto(rf, field) {
		return
	}
	d.emptied = true
	r.dropFrom(outer, outer.Elts, kv)
}

// testCode reports code of a test: in a test file, or in a function
// taking a test's handle (GitLab Runner's buildtest.RunBuildWithMasking(t
// *testing.T, …)).
func testCode(rf *refFile, n ast.Node) bool {
	if strings.HasSuffix(rf.sf.name, "_test.go") {
		return true
	}
	for _, p := range pathTo(rf.sf.ast, n) {
		var ft *ast.FuncType
		switch fn := p.(type) {
		case *ast.FuncDecl:
			ft = fn.Type
		case *ast.FuncLit:
			ft = fn.Type
		}
		if ft != nil && takesTest(rf, ft) {
			return true
		}
	}
	return false
}

// takesTest reports a function taking a test's handle (*testing.T, B,
// TB, F), by the text of its parameters' types (an aliased import of
// testing is missed: the conservative side).
func takesTest(rf *refFile, ft *ast.FuncType) bool {
	for _, field := range ft.Params.List {
		if strings.HasPrefix(strings.TrimPrefix(rf.sf.text(field.Type), "*"), "testing.") {
			return true
		}
	}
	return false
}

// mapOverrideCall reports a call of a function that a map-form test
// override names as the one taking its maps (TestOverride.Func).
func (r *remover) mapOverrideCall(rf *refFile, call *ast.CallExpr) bool {
	fn := callee(rf.info, call)
	if fn == nil {
		return false
	}
	for _, o := range r.p.Config.AllTestOverrides() {
		if o.Form == config.FormMap && o.Func.Name != "" && o.Func.Matches(fn.FullName()) {
			return true
		}
	}
	return false
}

// callStmt returns the statement that does nothing but make call: the
// call itself, a go or defer of it, or a defer of the function it returns
// (`defer SetFeatureGatesDuringTest(…)()`, the older restore idiom).
func callStmt(f *ast.File, call *ast.CallExpr) ast.Stmt {
	switch p := parentOf(f, call).(type) {
	case *ast.ExprStmt:
		return p
	case *ast.DeferStmt:
		if p.Call == call {
			return p
		}
	case *ast.GoStmt:
		if p.Call == call {
			return p
		}
	case *ast.CallExpr:
		if p.Fun == ast.Expr(call) && len(p.Args) == 0 {
			if d, ok := parentOf(f, p).(*ast.DeferStmt); ok && d.Call == p {
				return d
			}
		}
	}
	return nil
}

// writesInto reports whether the file assigns into the map a field
// holds (x.field[k] = v).
func writesInto(rf *refFile, field *types.Var) bool {
	found := false
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return !found
		}
		for _, l := range as.Lhs {
			if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
				if sel, ok := ast.Unparen(ix.X).(*ast.SelectorExpr); ok && rf.info.Uses[sel.Sel] == field {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// dropFrom schedules deleting some of a list's elements; applyDrops
// deletes them once round 0 has seen every reference.
func (r *remover) dropFrom(owner ast.Node, elems []ast.Expr, drop ...ast.Expr) {
	if r.drops == nil {
		r.drops = make(map[ast.Node]*listDrop)
	}
	d := r.drops[owner]
	if d == nil {
		d = &listDrop{owner: owner, elems: elems, drop: make(map[ast.Expr]bool)}
		r.drops[owner] = d
	}
	for _, x := range drop {
		d.drop[x] = true
	}
}

// applyDrops deletes the scheduled elements, list by list.
func (r *remover) applyDrops(ed map[string]*editor) {
	for _, d := range r.drops {
		r.dropEmptied(d)
	}
	lists := make([]*listDrop, 0, len(r.drops))
	for _, d := range r.drops {
		if d.stmt != nil {
			name := r.prog.Fset.Position(d.stmt.Pos()).Filename
			if rf, e := r.refFiles[name], ed[name]; rf != nil && e != nil {
				start, end := rf.sf.deleteRange(d.stmt)
				e.add(e.newGroup(), start, end, "")
			}
		}
		if d.emptied {
			continue
		}
		lists = append(lists, d)
	}
	sort.Slice(lists, func(i, j int) bool { return lists[i].owner.Pos() < lists[j].owner.Pos() })
	for _, d := range lists {
		name := r.prog.Fset.Position(d.owner.Pos()).Filename
		rf := r.refFiles[name]
		e := ed[name]
		if rf == nil || e == nil {
			continue
		}
		deleteElems(rf.sf, e, e.newGroup(), d.elems, func(i int) bool { return d.drop[d.elems[i]] })
	}
	r.drops = nil
}

// deadSection handles a test that forces the removed value, checks, then
// forces the final value and checks again, in one block: the statements
// from the first override up to the second are what tested the gone
// behaviour, and go; the second override goes as its own reference.
func (r *remover) deadSection(rf *refFile, e *editor, g int, ref scan.Ref, final bool) bool {
	// Both overrides must be statements of their own: a call, or
	// ctx = With(ctx, …), directly in the block.
	stmtOf := func(ref scan.Ref) (ast.Stmt, *ast.BlockStmt) {
		if ref.Call == nil {
			return nil, nil
		}
		path := pathTo(rf.sf.ast, ref.Call)
		if len(path) < 2 {
			return nil, nil
		}
		b, _ := path[len(path)-2].(*ast.BlockStmt)
		switch st := path[len(path)-1].(type) {
		case *ast.ExprStmt:
			return st, b
		case *ast.AssignStmt:
			if len(st.Rhs) == 1 && st.Rhs[0] == ref.Call {
				return st, b
			}
		}
		return nil, nil
	}
	st0, block := stmtOf(ref)
	if block == nil {
		return false
	}
	first := slices.Index(block.List, st0)
	for j := first + 1; first >= 0 && j < len(block.List); j++ {
		st := block.List[j]
		for _, other := range r.refs {
			if other.Kind != flagrefs.Override || other.Flag != ref.Flag || other.Node.Pos() < st.Pos() || other.Node.End() > st.End() {
				continue
			}
			if s, _ := stmtOf(other); s != st {
				return false // forced inside the statement: not a section boundary
			}
			if v, ok, _ := overrideValue(rf, other); ok && v == final {
				start, _ := rf.sf.deleteRange(block.List[first])
				end, _ := rf.sf.deleteRange(st)
				e.add(g, start, end, "")
				return true
			}
			return false // forced again, to the removed value
		}
	}
	return false
}

// deleteCase deletes what an override of the removed value set up: the
// table case holding it (an element of a table a loop or a helper ranges
// over), or else the enclosing subtest, Ginkgo node or test function. why
// says why neither can go.
func (r *remover) deleteCase(rf *refFile, e *editor, g int, ref scan.Ref) (bool, string) {
	if r.deleteTableCase(rf, e, g, ref.Node, ref.Flag) {
		return true, ""
	}
	return r.deleteTestCase(rf, e, g, ref.Node, ref.Flag)
}

// deleteTableCase deletes the table case holding an override (an element
// of a literal a loop or a helper ranges over), or the whole table when
// every case forces the removed value.
func (r *remover) deleteTableCase(rf *refFile, e *editor, g int, n ast.Node, flag string) bool {
	path := pathTo(rf.sf.ast, n)
	for i := len(path) - 1; i >= 1; i-- {
		if _, ok := path[i].(*ast.FuncDecl); ok {
			break
		}
		lit, ok := path[i].(*ast.CompositeLit)
		if !ok {
			continue
		}
		// The element of lit that holds n: the node below, or the
		// value of a keyed element (map[string]tc{"name": {…}}).
		var below ast.Node = n
		if i+1 < len(path) {
			below = path[i+1]
		}
		el, ok := below.(ast.Expr)
		if !ok || !isElem(lit, el) {
			continue
		}
		run := r.tableRunner(rf, lit)
		if run == nil {
			if builtTable(rf, path[:i+1]) && len(lit.Elts) > 1 && !r.allForced(rf, lit) {
				// A table a test function builds and returns, for
				// tests to range over: the case goes from it. (Were
				// every case forced, what runs them is elsewhere,
				// for a human.)
				r.dropFrom(lit, lit.Elts, el)
				r.caseDeleted(rf, flag, el)
				return true
			}
			continue
		}
		if len(lit.Elts) == 1 || r.allForced(rf, lit) {
			// No case is left: the loop, or the test, tested
			// nothing that is left.
			r.deleteTable(caseTable{rf: rf, lit: lit, run: run}, e, g, flag)
			return true
		}
		r.dropFrom(lit, lit.Elts, el)
		r.caseDeleted(rf, flag, el)
		return true
	}
	return false
}

// builtTable reports a composite literal (the last node of path) that a
// function of a _test.go file returns: func cases() map[string]tc {
// return map[string]tc{…} }, a table its callers range over.
func builtTable(rf *refFile, path []ast.Node) bool {
	if !strings.HasSuffix(rf.sf.name, "_test.go") || len(path) < 3 {
		return false
	}
	ret, ok := path[len(path)-2].(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for i := len(path) - 3; i >= 0; i-- {
		switch path[i].(type) {
		case *ast.FuncLit:
			return false
		case *ast.FuncDecl:
			return slices.Contains(ret.Results, ast.Expr(path[len(path)-1].(*ast.CompositeLit)))
		}
	}
	return false
}

func isElem(lit *ast.CompositeLit, el ast.Expr) bool {
	for _, x := range lit.Elts {
		if x == el {
			return true
		}
	}
	return false
}

// rangedBy returns the range statement that ranges over a table literal
// (directly, or through the variable it initialises), if any.
func (r *remover) rangedBy(rf *refFile, lit *ast.CompositeLit) *ast.RangeStmt {
	var rs *ast.RangeStmt
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if rs != nil {
			return false
		}
		if x, ok := n.(*ast.RangeStmt); ok && x.X != nil {
			if rf.info != nil && r.tableLiteral(rf, x.X) == lit || rf.info == nil && syntacticTable(rf, x) == lit {
				rs = x
			}
		}
		return true
	})
	return rs
}

// syntacticTable returns, in a file read by syntax alone, the literal a
// range statement ranges over: written in place, or the value of the only
// definition of the variable it names in the enclosing function (tests :=
// []struct{…}{…}; for _, tt := range tests), before the loop and never
// assigned again — an appended case would be invisible to the deletion.
func syntacticTable(rf *refFile, rs *ast.RangeStmt) *ast.CompositeLit {
	if c, ok := ast.Unparen(rs.X).(*ast.CompositeLit); ok {
		return c
	}
	id := identOf(rs.X)
	if id == nil {
		return nil
	}
	var fd *ast.FuncDecl
	for _, n := range pathTo(rf.sf.ast, rs) {
		if d, ok := n.(*ast.FuncDecl); ok {
			fd = d
		}
	}
	if fd == nil || fd.Body == nil {
		return nil
	}
	var lit *ast.CompositeLit
	writes := 0
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if x := identOf(l); x != nil && x.Name == id.Name {
					writes++
					if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) && n.Pos() < rs.Pos() {
						lit, _ = ast.Unparen(n.Rhs[i]).(*ast.CompositeLit)
					}
				}
			}
		case *ast.ValueSpec:
			for i, x := range n.Names {
				if x.Name == id.Name {
					writes++
					if len(n.Values) == len(n.Names) && n.Pos() < rs.Pos() {
						lit, _ = ast.Unparen(n.Values[i]).(*ast.CompositeLit)
					}
				}
			}
		case *ast.UnaryExpr:
			if x := identOf(n.X); n.Op == token.AND && x != nil && x.Name == id.Name {
				writes++ // its address taken: written through
			}
		}
		return true
	})
	if writes != 1 {
		return nil
	}
	return lit
}

// arbitrary reports an override value the test leaves to chance: its only
// effects are draws from math/rand or math/rand/v2 and calls known to be
// pure, and it reads no variable but a random source. Such a test does
// not care which value it gets, so the final one will do. A value read
// from a variable is chosen by the code around it, and left for a human.
func (r *remover) arbitrary(rf *refFile, v ast.Expr) bool {
	info := rf.info
	if info == nil || v == nil {
		return false
	}
	if !pure.ExprWith(info, v, func(call *ast.CallExpr) bool { return isRandDraw(info, call) }) {
		return false
	}
	ok := true
	ast.Inspect(v, func(n ast.Node) bool {
		if _, isLit := n.(*ast.FuncLit); isLit {
			ok = false // a value computed by a function it passes along
		}
		if id, isID := n.(*ast.Ident); isID {
			if x, isVar := info.Uses[id].(*types.Var); isVar && !x.IsField() && !isRandType(x.Type()) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// randPkgs are the packages whose draws a test may make and lose.
var randPkgs = map[string]bool{"math/rand": true, "math/rand/v2": true}

// isRandDraw reports a call of math/rand's or math/rand/v2's functions
// or methods, seeding and shuffling aside: their only effect is on the
// random source.
func isRandDraw(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || !randPkgs[fn.Pkg().Path()] {
		return false
	}
	switch fn.Name() {
	case "Seed", "Shuffle", "Read":
		return false
	}
	return true
}

// isRandType reports a random source: *rand.Rand and its kin.
func isRandType(t types.Type) bool {
	t = deref(t)
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && randPkgs[n.Obj().Pkg().Path()]
}

// isFieldRead reports a value read from a struct field (tc.on).
func isFieldRead(rf *refFile, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || rf.info == nil {
		return false
	}
	v, ok := rf.info.Uses[sel.Sel].(*types.Var)
	return ok && v.IsField()
}

// subscriptionDoingMore reports an override whose value is given by a
// test's subscription literal doing more than returning it
// (flagrefs.DoesMore): most often it keeps the callback, and the test
// calls it later to flip the flag. Deleting the literal with the override
// would leave that callback nil.
func (r *remover) subscriptionDoingMore(rf *refFile, ref scan.Ref) bool {
	if ref.Value == nil || rf.info == nil {
		return false
	}
	path := pathTo(rf.sf.ast, ref.Value)
	for i := len(path) - 1; i >= 0; i-- {
		if fl, ok := path[i].(*ast.FuncLit); ok {
			return flagrefs.IsSubscription(rf.info.TypeOf(fl)) && flagrefs.DoesMore(fl)
		}
	}
	return false
}
