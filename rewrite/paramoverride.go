package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/scan"
)

// paramOverride handles an override whose value is a parameter of the
// test helper holding it:
//
//	func featureFlagContext(flags map[…]bool, alwaysLog bool) context.Context {
//		…
//		return featureflag.IncomingCtxWithFeatureFlag(ctx, featureflag.AlwaysLog, alwaysLog)
//	}
//
// called as featureFlagContext(tc.flags, false) by one test and with true
// by another. Each call is the override, with its constant: a call passing
// the removed value set up a test of code that no longer exists, which
// goes like one that called the override itself (its table case, subtest
// or test function); a call passing the final value forced what now holds
// anyway. The override in the helper goes, and the parameter, left unused
// and passed one constant, leaves the signature and the calls (see
// constparams.go).
//
// The helper must be an unexported function of a test file, only ever
// called directly, each call passing a constant bool, and never write the
// parameter. When
// a call's test cannot go as a whole (it runs cases the call does not
// force), nothing is changed, and why is said. The parameter may be
// read elsewhere in the helper too (its expectations by value): with the
// calls passing the removed value gone, every call passes the final one,
// and its reads fold into that constant (see constparams.go).
func (r *remover) paramOverride(rf *refFile, ed map[string]*editor, ref scan.Ref, final bool) (done bool, why string) {
	info := rf.info
	if info == nil || ref.Value == nil || !strings.HasSuffix(rf.sf.name, "_test.go") {
		return false, ""
	}
	id, ok := ast.Unparen(ref.Value).(*ast.Ident)
	if !ok {
		return false, ""
	}
	v, _ := info.Uses[id].(*types.Var)
	fd := enclosingFunc(rf, ref.Node)
	if v == nil || fd == nil || fd.Recv != nil || token.IsExported(fd.Name.Name) || strings.HasPrefix(fd.Name.Name, "Test") {
		return false, ""
	}
	index, at := -1, 0
	for _, field := range fd.Type.Params.List {
		for _, n := range field.Names {
			if info.Defs[n] == v {
				index = at
			}
			at++
		}
		if len(field.Names) == 0 {
			at++
		}
	}
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if index < 0 || fn == nil || fn.Signature().Variadic() {
		return false, ""
	}
	// Other reads of the parameter (if newSanitizer { … }, the test's
	// expectations by value) stay: once only calls passing the final
	// value are left, the parameter folds into them (constparams.go).
	if _, written := usesOf(rf.sf.ast, info, v, nil); written {
		return false, ""
	}
	pkg := ref.Pkg
	if pkg == nil {
		return false, ""
	}
	type call struct {
		file *ast.File
		call *ast.CallExpr
		v    bool
	}
	var calls []call
	for _, f := range pkg.Syntax {
		callee := make(map[*ast.Ident]*ast.CallExpr)
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if cid, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
					callee[cid] = c
				}
			}
			return true
		})
		bad := ""
		ast.Inspect(f, func(n ast.Node) bool {
			u, ok := n.(*ast.Ident)
			if !ok || bad != "" || info.Uses[u] != fn {
				return bad == ""
			}
			c := callee[u]
			if c == nil || c.Ellipsis.IsValid() || index >= len(c.Args) {
				bad = fmt.Sprintf("%s is used other than called", fd.Name.Name)
				return false
			}
			b, ok := constBoolArg(info, c.Args[index])
			if !ok {
				bad = fmt.Sprintf("a call of %s passes %s for %s, not a constant", fd.Name.Name, types.ExprString(c.Args[index]), v.Name())
				return false
			}
			calls = append(calls, call{file: f, call: c, v: b})
			return true
		})
		if bad != "" {
			return false, "the override's value is the parameter " + v.Name() + " of " + fd.Name.Name + ", but " + bad + ": remove the override by hand"
		}
	}
	if len(calls) == 0 {
		return false, ""
	}
	// The calls passing the removed value: their tests go.
	type deletion struct {
		e *editor
		g int
	}
	var dels []deletion
	for _, c := range calls {
		if c.v == final {
			continue
		}
		cref := ref
		fr := *ref.Ref
		fr.Kind, fr.Node, fr.Call, fr.Value, fr.File = flagrefs.Override, c.call, c.call, c.call.Args[index], c.file
		cref.Ref = &fr
		crf := r.refFile(cref)
		if crf == nil {
			why = "cannot read the file of a call of " + fd.Name.Name
		} else {
			e := r.editorFor(ed, crf.sf.name)
			g := e.newGroup()
			var ok bool
			if ok, why = r.deleteCase(crf, e, g, cref); ok {
				dels = append(dels, deletion{e, g})
				continue
			}
			e.edits = dropGroup(e.edits, g)
		}
		for _, d := range dels {
			d.e.edits = dropGroup(d.e.edits, d.g)
		}
		if why == "" {
			why = "its test runs more than what the call forces"
		}
		p := rf.sf.fset.Position(c.call.Pos())
		return false, fmt.Sprintf("the override's value is the parameter %s of %s, and the call at %s:%d passes %t, which is gone, but %s: delete that test by hand", v.Name(), fd.Name.Name, r.p.Rel(p.Filename), p.Line, c.v, why)
	}
	e := r.editorFor(ed, rf.sf.name)
	if !r.dropOverride(rf, e, e.newGroup(), ref) {
		for _, d := range dels {
			d.e.edits = dropGroup(d.e.edits, d.g)
		}
		return false, ""
	}
	// Its calls disagreed because of the flag: the parameter folds
	// once they agree (see constParams).
	if r.flagCarried == nil {
		r.flagCarried = make(map[string]bool)
	}
	r.flagCarried[paramKey(fn, index)] = true
	return true, ""
}

// paramKey names a function's parameter across the rounds' type checks.
func paramKey(fn *types.Func, index int) string {
	return fmt.Sprintf("%s.%s#%d", fn.Pkg().Path(), fn.Name(), index)
}
