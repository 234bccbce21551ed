package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"slices"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/scan"
)

// A keyConst is the constant naming a removed flag declared in Go.
type keyConst struct{ pkg, name string }

// keyUses handles what still names a removed flag's key constant once its
// references are rewritten: the uses no reference form covers. Left
// alone, they would keep the constant alive and the program compiling,
// while the gate they name is gone from the registry: Kueue's
// map[Feature][]Feature of gate dependencies makes AddDependencies panic
// at start-up on an unknown gate. So:
//
//   - a map entry keyed by the constant goes (it describes the flag);
//   - an element of a list goes when the flag stays on (a dependency on
//     a gate that is always on is always met), and the entry holding a
//     list left empty goes with it;
//   - any other use is left for a human, and reported.
func (r *remover) keyUses(ed map[string]*editor) {
	targets := make(map[keyConst]Target)
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil {
			continue
		}
		for _, g := range f.Go {
			if g.KeyConst == "" || g.External || g.Generated {
				continue
			}
			if u := r.unitOf[g.File]; u != nil {
				targets[keyConst{u.PkgPath, g.KeyConst}] = t
			}
		}
	}
	if len(targets) == 0 {
		return
	}
	// Uses that are references are round 0's.
	handled := make(map[ast.Node]bool)
	for _, ref := range r.refs {
		if ref.Key != nil {
			ast.Inspect(ref.Key, func(n ast.Node) bool { handled[n] = true; return true })
		}
	}
	lists := make(map[*ast.CompositeLit][]ast.Expr) // elements to drop
	listFile := make(map[*ast.CompositeLit]*refFile)
	for _, pkg := range r.scan.Packages {
		if pkg.TypesInfo == nil {
			continue
		}
		for _, f := range pkg.Syntax {
			if ast.IsGenerated(f) {
				continue
			}
			var rf *refFile
			var stack []ast.Node
			ast.Inspect(f, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				stack = append(stack, n)
				id, ok := n.(*ast.Ident)
				if !ok || handled[n] {
					return true
				}
				c, _ := pkg.TypesInfo.Uses[id].(*types.Const)
				if c == nil || c.Pkg() == nil {
					return true
				}
				t, ok := targets[keyConst{c.Pkg().Path(), c.Name()}]
				if !ok || r.inDeclaration(t, id) {
					return true
				}
				if rf == nil {
					rf = r.typedFile(pkg, f)
				}
				if rf != nil {
					r.keyUse(rf, ed, t, c, stack, lists, listFile)
				}
				return true
			})
		}
	}
	for lit, drop := range lists {
		rf := listFile[lit]
		if len(drop) == len(lit.Elts) {
			// Every element goes: the entry holding the list goes
			// instead, when there is one.
			path := pathTo(rf.sf.ast, lit)
			if n := len(path); n >= 2 {
				if kv, ok := path[n-1].(*ast.KeyValueExpr); ok && kv.Value == lit {
					if outer, ok := path[n-2].(*ast.CompositeLit); ok {
						r.dropFrom(outer, outer.Elts, kv)
						continue
					}
				}
			}
		}
		r.dropFrom(lit, lit.Elts, drop...)
	}
}

// keyUse classifies one use of a key constant; path ends with its
// identifier.
func (r *remover) keyUse(rf *refFile, ed map[string]*editor, t Target, c *types.Const, path []ast.Node, lists map[*ast.CompositeLit][]ast.Expr, listFile map[*ast.CompositeLit]*refFile) {
	r.editorFor(ed, rf.sf.name)
	// The expression naming the constant: X, pkg.X, and a conversion
	// of either (string(pkg.X)).
	i := len(path) - 1
	if i > 0 {
		if sel, ok := path[i-1].(*ast.SelectorExpr); ok && sel.Sel == path[i] {
			i--
		}
	}
	if i > 0 {
		if call, ok := path[i-1].(*ast.CallExpr); ok && len(call.Args) == 1 && call.Args[0] == path[i] {
			if tv, ok := rf.info.Types[call.Fun]; ok && tv.IsType() {
				i--
			}
		}
	}
	e, _ := path[i].(ast.Expr)
	pos := r.prog.Fset.Position(path[len(path)-1].Pos())
	site := Site{Flag: t.Name, Pos: diag.Position{File: r.p.Rel(pos.Filename), Line: pos.Line, Column: pos.Column}, Kind: "key", Via: c.Name(), Status: "rewritten"}
	if i > 0 {
		switch p := path[i-1].(type) {
		case *ast.KeyValueExpr:
			if p.Key == e && i > 1 {
				if lit, ok := path[i-2].(*ast.CompositeLit); ok && isMapLit(rf.info, lit) {
					if why := forcedByKey(rf, lit, p, t.Value); why != "" {
						site.Status, site.Reason = "refused", why
						r.out.Sites = append(r.out.Sites, site)
						return
					}
					r.dropFrom(lit, lit.Elts, p)
					r.out.Sites = append(r.out.Sites, site)
					return
				}
			}
		case *ast.CompositeLit:
			if t.Value && isListLit(rf.info, p) {
				lists[p] = append(lists[p], e)
				listFile[p] = rf
				r.out.Sites = append(r.out.Sites, site)
				return
			}
		}
	}
	if r.loggedForcing(rf, r.editorFor(ed, rf.sf.name), t.Name, path[:i+1]) {
		r.out.Sites = append(r.out.Sites, site)
		return
	}
	// A table case naming the flag other than to force it (feature:
	// features.X in a test of X's dependencies) tests the flag itself.
	if r.deleteTableCase(rf, r.editorFor(ed, rf.sf.name), r.editorFor(ed, rf.sf.name).newGroup(), path[i], t.Name) {
		r.out.Sites = append(r.out.Sites, site)
		return
	}
	site.Status = "refused"
	site.Reason = fmt.Sprintf("%s, the removed flag's constant, is still used here: remove this use by hand", c.Name())
	r.out.Sites = append(r.out.Sites, site)
}

// forcedByKey says why a test's map entry keyed by the removed flag's
// constant cannot just go: its value is a boolean other than the final
// one (settings: map[Key]any{X: false}, or a table field), so the entry
// forces the flag, and whatever runs with the map tested what the
// removal deletes. Such a map is an override once its key type is
// configured (test_overrides: map_key_type:), and then its cases go
// with it; unconfigured, deleting the entry alone would run them at the
// final value, unnoticed.
func forcedByKey(rf *refFile, lit *ast.CompositeLit, kv *ast.KeyValueExpr, final bool) string {
	if !strings.HasSuffix(rf.sf.name, "_test.go") {
		return ""
	}
	t := rf.info.TypeOf(kv.Value)
	if t == nil || !isBool(t) {
		return ""
	}
	if b, ok := constBoolArg(rf.info, kv.Value); ok && b == final {
		return ""
	}
	m, _ := rf.info.TypeOf(lit).Underlying().(*types.Map)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("this test's map forces the flag to %s through its key constant, which is no configured override: add `test_overrides: [{map_key_type: %s}]` to the configuration so the cases it forces go with it, or remove it by hand", rf.sf.text(kv.Value), types.TypeString(m.Key(), nil))
}

// inDeclaration reports whether id lies in one of the flag's Go
// declarations, which go as a whole.
func (r *remover) inDeclaration(t Target, id *ast.Ident) bool {
	f := r.p.Flag(t.Name)
	pos := r.prog.Fset.Position(id.Pos())
	for _, g := range f.Go {
		if g.File == pos.Filename && g.Start <= pos.Offset && pos.Offset < g.End {
			return true
		}
	}
	return false
}

// typedFile returns the refFile of a type-checked file of a package.
func (r *remover) typedFile(pkg *scan.Package, f *ast.File) *refFile {
	name := r.prog.Fset.Position(f.FileStart).Filename
	if rf, ok := r.refFiles[name]; ok {
		return rf
	}
	if r.refFiles == nil {
		r.refFiles = make(map[string]*refFile)
	}
	src, ok := pkg.Src[name]
	if !ok {
		var err error
		if src, err = os.ReadFile(name); err != nil {
			return nil
		}
	}
	rf := &refFile{sf: newSrcFile(r.prog.Fset, name, src, f), info: pkg.TypesInfo}
	r.refFiles[name] = rf
	r.orig[name] = src
	return rf
}

func isMapLit(info *types.Info, lit *ast.CompositeLit) bool {
	t := info.TypeOf(lit)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// isListLit reports a slice literal, or an array literal whose length
// it sets ([...]T{…}): either may lose an element.
func isListLit(info *types.Info, lit *ast.CompositeLit) bool {
	t := info.TypeOf(lit)
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice:
		return true
	case *types.Array:
		at, ok := lit.Type.(*ast.ArrayType)
		if !ok {
			return false
		}
		_, ellipsis := at.Len.(*ast.Ellipsis)
		return ellipsis
	}
	return false
}

// loggedForcing deletes a statement reporting the program's forcing of
// the flag, beside that forcing, which programOverride deleted:
// `log.Info("Beta feature enabled", "flag", features.EnableBetaUsages)`
// after `o.Features.Enable(features.EnableBetaUsages)`. It is a call
// statement (its result unused) taking the constant as an argument,
// with every operand pure, in the same block. path ends with the
// expression naming the constant. It reports whether it deleted one.
func (r *remover) loggedForcing(rf *refFile, e *editor, flag string, path []ast.Node) bool {
	n := len(path)
	if n < 4 || rf.info == nil {
		return false
	}
	arg, _ := path[n-1].(ast.Expr)
	call, ok := path[n-2].(*ast.CallExpr)
	if !ok || arg == nil || !slices.Contains(call.Args, arg) {
		return false
	}
	st, ok := path[n-3].(*ast.ExprStmt)
	if !ok {
		return false
	}
	b, ok := path[n-4].(*ast.BlockStmt)
	if !ok || r.programForced[b] != flag {
		return false
	}
	for _, a := range callOperands(rf.info, call) {
		if !r.isPure(rf.info, a) {
			return false
		}
	}
	start, end := rf.sf.deleteRange(st)
	e.add(e.newGroup(), start, end, "")
	return true
}
