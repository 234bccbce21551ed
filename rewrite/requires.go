package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/scan"
)

// Requirement lists. A struct field configured under requires: lists the
// flags that must all be on for what the struct describes to apply:
//
//	BundledGitEnvironmentConstructor{
//		Suffix:       "-v2.41",
//		FeatureFlags: []featureflag.FeatureFlag{featureflag.GitV241},
//	}
//
// With the flag on for good, it is no longer waited for: it leaves the
// list, and the field goes with the list it empties (a struct with no
// flag to wait for applies, as the literal without the field already
// says). With the flag off for good, what the struct describes can never
// apply, and what to do with it (delete it, and what chose it) is a
// human's call: the site is refused.

// requirement rewrites a handle or key listed in a requirement field,
// reporting whether it recognised the shape.
func (r *remover) requirement(rf *refFile, e *editor, ref scan.Ref, value bool) bool {
	if rf.info == nil {
		return false
	}
	reqs := r.p.Config.AllRequires()
	if len(reqs) == 0 {
		return false
	}
	// The element (a handle, or pkg.Handle), its list, the field's
	// key/value, the struct literal.
	path := pathTo(rf.sf.ast, ref.Node) // down to ref.Node's parent
	i := len(path) - 1
	var elem ast.Expr = ref.Node
	if i >= 0 {
		if sel, ok := path[i].(*ast.SelectorExpr); ok && sel.Sel == ref.Node {
			elem, i = sel, i-1
		}
	}
	if i < 2 {
		return false
	}
	list, ok := path[i].(*ast.CompositeLit)
	if !ok || !slices.ContainsFunc(list.Elts, func(x ast.Expr) bool { return ast.Unparen(x) == elem }) {
		return false
	}
	kv, ok := path[i-1].(*ast.KeyValueExpr)
	if !ok || kv.Value != list {
		return false
	}
	outer, ok := path[i-2].(*ast.CompositeLit)
	if !ok {
		return false
	}
	field := kvField(rf.info, kv)
	if field == nil {
		return false
	}
	named, ok := types.Unalias(rf.info.TypeOf(outer)).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	tn := named.Origin().Obj()
	matched := false
	for _, q := range reqs {
		if q.Field == field.Name() && q.Type.Name == tn.Name() && config.PackageMatches(q.Type.Pkg, tn.Pkg().Path()) {
			matched = true
		}
	}
	if !matched {
		return false
	}
	if !value {
		r.refuse(ref, fmt.Sprintf("%s.%s requires the flag, which is now off for good: what this %s describes can never apply; delete it (and what chooses it) by hand", tn.Name(), field.Name(), tn.Name()))
		return true
	}
	g := e.newGroup()
	if len(list.Elts) == 1 {
		// The list empties: the field goes, so that the literal reads
		// as one with nothing to wait for.
		i := slices.Index(outer.Elts, ast.Expr(kv))
		deleteElems(rf.sf, e, g, outer.Elts, func(j int) bool { return j == i })
	} else {
		deleteElems(rf.sf, e, g, list.Elts, func(j int) bool { return ast.Unparen(list.Elts[j]) == elem })
	}
	r.rewritten(ref)
	return true
}
