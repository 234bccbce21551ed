package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/scan"
)

// Flag parameters. A function often takes a flag's value as a parameter
// so that its tests can give it either value:
//
//	func Query(id string) []string { return query(id, strict.IsEnabled()) }
//
//	// query takes the gate's value so that both branches stay testable.
//	func query(id string, strict bool) []string { … }
//
// and in a test, query(tt.id, tt.strict) over a table, or query("01",
// false). Outside the tests the parameter is the flag's value and nothing
// else, a value derived from the flag; so the tests' calls are its
// overrides. A test call passing the removed value tested code that is
// gone, and goes like a test forcing it (its table case, subtest or
// function); a table field passed for it is a table override (the cases
// giving the removed value go, the call passes the final value, the
// field goes when nothing else reads it); a call passing the final value
// stays. Every call then passes the final value, and the parameter leaves
// the signature and its uses become that value (see constparams.go),
// which the next rounds simplify.
//
// Only for an unexported function of the package with a body, of a bool
// parameter its body never writes, never used as a value, whose every
// call outside the package's test files passes a check of the flag
// itself for that parameter. A test call passing anything else is
// refused and named: its parameter stays, which builds and runs as before.
func (r *remover) flagParams(ed map[string]*editor, refs []scan.Ref) {
	type key struct {
		fn    *types.Func
		index int
		flag  string
	}
	type group struct {
		pkg    *scan.Package
		checks map[ast.Expr]bool
		ref    scan.Ref
	}
	groups := make(map[key]*group)
	var order []key
	// A test call may pass the check itself (newQueryable(cfg.Within,
	// cfg.QueryStoreForLabels)): it folds like the code's.
	testChecks := make(map[ast.Expr]string)
	for _, ref := range refs {
		if ref.Kind == flagrefs.Check && ref.Node != nil && !ref.Negated && !ref.Syntactic && strings.HasSuffix(ref.Pos.File, "_test.go") {
			testChecks[ref.Node] = ref.Flag
		}
	}
	for _, ref := range refs {
		// The check is a call, or the read of a config struct's field
		// (cfg.QueryStoreForLabels) or of a holder.
		if ref.Kind != flagrefs.Check || ref.Node == nil || ref.Negated || ref.Pkg == nil || ref.Syntactic || ref.Wrapper != nil && ref.Wrapper.Choose {
			continue
		}
		rf := r.refFile(ref)
		if rf == nil || rf.info == nil || strings.HasSuffix(rf.sf.name, "_test.go") {
			continue
		}
		call, ok := parentOf(rf.sf.ast, ref.Node).(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			continue
		}
		index := -1
		for i, a := range call.Args {
			if a == ref.Node {
				index = i
			}
		}
		id, _ := ast.Unparen(call.Fun).(*ast.Ident)
		if index < 0 || id == nil {
			continue
		}
		fn, _ := rf.info.Uses[id].(*types.Func)
		if fn == nil || fn.Exported() || fn.Pkg() != ref.Pkg.Types || fn.Signature().Variadic() || fn.Signature().Recv() != nil ||
			index >= fn.Signature().Params().Len() || !types.Identical(fn.Signature().Params().At(index).Type(), types.Typ[types.Bool]) {
			continue
		}
		k := key{fn, index, ref.Flag}
		g := groups[k]
		if g == nil {
			g = &group{pkg: ref.Pkg, checks: make(map[ast.Expr]bool), ref: ref}
			groups[k] = g
			order = append(order, k)
		}
		g.checks[ref.Node] = true
	}
	for _, k := range order {
		g := groups[k]
		r.flagParam(ed, g.pkg, k.fn, k.index, g.checks, testChecks, g.ref)
	}
}

// flagParam handles the test calls of fn, whose parameter index carries
// the flag checked by checks (see flagParams).
func (r *remover) flagParam(ed map[string]*editor, pkg *scan.Package, fn *types.Func, index int, checks map[ast.Expr]bool, testChecks map[ast.Expr]string, check scan.Ref) {
	info := pkg.TypesInfo
	type testCall struct {
		file *ast.File
		call *ast.CallExpr
	}
	var tests []testCall
	var decl *ast.FuncDecl
	var declFile *ast.File
	for _, f := range pkg.Syntax {
		name := r.prog.Fset.Position(f.FileStart).Filename
		inTest := strings.HasSuffix(name, "_test.go")
		callee := make(map[*ast.Ident]*ast.CallExpr)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					callee[id] = n
				}
			case *ast.FuncDecl:
				if info.Defs[n.Name] == fn {
					decl, declFile = n, f
				}
			}
			return true
		})
		bad := false
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || bad || info.Uses[id] != fn {
				return !bad
			}
			c := callee[id]
			switch {
			case c == nil || index >= len(c.Args):
				bad = true // used as a value: it may be called with anything
			case inTest:
				tests = append(tests, testCall{f, c})
			default:
				bad = !checks[ast.Unparen(c.Args[index])] // the parameter carries more than the flag
			}
			return !bad
		})
		if bad {
			return
		}
	}
	if decl == nil || decl.Body == nil || len(tests) == 0 {
		return
	}
	param := paramVar(info, decl, index)
	if param == nil {
		return
	}
	if _, written := usesOf(declFile, info, param, nil); written {
		return
	}
	final := r.target(check.Flag).Value
	sort.SliceStable(tests, func(i, j int) bool { return tests[i].call.Pos() < tests[j].call.Pos() })
	if r.paramCalls == nil {
		r.paramCalls = make(map[*ast.CallExpr]int)
	}
	for _, tc := range tests {
		if testChecks[ast.Unparen(tc.call.Args[index])] == check.Flag {
			continue // passes the flag, which folds to the final value
		}
		r.paramCalls[tc.call] = index
		fr := *check.Ref
		fr.Kind, fr.Node, fr.Call, fr.Value, fr.File = flagrefs.Override, tc.call, tc.call, tc.call.Args[index], tc.file
		fr.Key, fr.Wrapper, fr.Handle = nil, nil, nil
		cref := check
		cref.Ref = &fr
		p := r.prog.Fset.Position(tc.call.Pos())
		cref.Pos = diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column}
		crf := r.refFile(cref)
		if crf == nil {
			continue
		}
		why := ""
		if v, ok := constBoolArg(crf.info, fr.Value); ok {
			if v == final {
				continue // stays; the parameter goes when every call agrees
			}
			e := r.editorFor(ed, crf.sf.name)
			if u, _, _ := r.enclosingUnit(crf, tc.call); u != nil && unreadIn(pkg, decl, param, u.body) {
				// The test never reads what it built with the removed
				// value: it builds with the final one (see paramreach.go).
				e.add(e.newGroup(), crf.sf.off(fr.Value.Pos()), crf.sf.off(fr.Value.End()), boolText(final))
				continue
			}
			if u, _, _ := r.enclosingUnit(crf, tc.call); u != nil {
				if other := otherParamNamed(info, decl, index, u.what); other != "" {
					// The test is about another parameter of the
					// call (a subtest "enableStartTimestamp=true
					// preserves ST" passing false for the flag's): it
					// passes the final value now, and is named.
					e.add(e.newGroup(), crf.sf.off(fr.Value.Pos()), crf.sf.off(fr.Value.End()), boolText(final))
					r.out.Sites = append(r.out.Sites, Site{
						Flag: check.Flag, Pos: cref.Pos, Kind: "test-unforced", Status: "rewritten",
						Via: fmt.Sprintf("%s, named for %s, which passed %t for %s", u.what, other, v, param.Name()),
					})
					continue
				}
			}
			g := e.newGroup()
			done, cause := r.deleteCase(crf, e, g, cref)
			if done {
				continue
			}
			e.edits = dropGroup(e.edits, g)
			if cause == "" {
				cause = "its test runs more than what the call forces"
			}
			why = fmt.Sprintf("passes %t, which is gone, but %s", v, cause)
		} else {
			done, cause := r.tableOverride(crf, ed, cref, final)
			if !done && cause == "" {
				done, cause = r.bothValues(crf, r.editorFor(ed, crf.sf.name), cref, final)
			}
			if done {
				continue
			}
			why = fmt.Sprintf("passes %s, neither a constant nor a table field", crf.sf.text(fr.Value))
			if cause != "" {
				why = fmt.Sprintf("passes %s: %s", crf.sf.text(fr.Value), cause)
			}
		}
		r.refuse(cref, fmt.Sprintf("the parameter %s of %s carries the flag (the code passes it the check), and this test call %s: change the test by hand (the parameter stays until then)", param.Name(), fn.Name(), why))
	}
}

// otherParamNamed returns the name of a bool parameter of decl other
// than index that a test unit's name names (case aside), when the name
// does not also name parameter index: the test is about that other
// parameter, and passed the flag's only because the call needs a value.
// Names shorter than four letters are too common words to tell.
func otherParamNamed(info *types.Info, decl *ast.FuncDecl, index int, unit string) string {
	own := paramVar(info, decl, index)
	if own == nil {
		return ""
	}
	lower := strings.ToLower(unit)
	if strings.Contains(lower, strings.ToLower(own.Name())) {
		return ""
	}
	for i := 0; ; i++ {
		p := paramVar(info, decl, i)
		if p == nil {
			return ""
		}
		if i == index || len(p.Name()) < 4 || !types.Identical(p.Type().Underlying(), types.Typ[types.Bool]) {
			continue
		}
		if strings.Contains(lower, strings.ToLower(p.Name())) {
			return p.Name()
		}
	}
}

// paramVar returns the variable of decl's parameter index.
func paramVar(info *types.Info, decl *ast.FuncDecl, index int) *types.Var {
	at := 0
	for _, field := range decl.Type.Params.List {
		if len(field.Names) == 0 {
			at++
			continue
		}
		for _, n := range field.Names {
			if at == index {
				v, _ := info.Defs[n].(*types.Var)
				return v
			}
			at++
		}
	}
	return nil
}

// dropParamCall is dropOverride for a test's call of a function whose
// parameter carries the flag (see flagParams): the call stays, and passes
// the final value.
func (r *remover) dropParamCall(rf *refFile, e *editor, g int, ref scan.Ref) bool {
	index, ok := r.paramCalls[ref.Call]
	if !ok || index >= len(ref.Call.Args) {
		return false
	}
	arg := ref.Call.Args[index]
	e.add(g, rf.sf.off(arg.Pos()), rf.sf.off(arg.End()), boolText(r.target(ref.Flag).Value))
	return true
}
