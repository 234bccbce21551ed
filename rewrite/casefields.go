package rewrite

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/flagsweep/flagsweep/internal/pure"
)

// A test's case type (`type testCase struct{…}` declared in the test, or
// the anonymous struct of its table) often has a field that only fed the
// flag's override: `cfg.X = settings.GetBoolPropertyFn(c.XEnabled)`.
// Once the override is gone, the field is written by every case and read
// by nothing. Such a field goes, from the type and from every case — the
// cleanup a maintainer makes, and one no compiler asks for, so nothing
// else would.

// caseFieldReads counts, per function, the reads of the fields of the
// struct types declared inside it: selector reads (c.XEnabled), not the
// keys of the literals writing them. The key is the function's (with its
// receiver) and the field's name; a name two local structs of one
// function share is ambiguous across rounds, and counts ambiguous (−1),
// which unusedCaseFields leaves alone.
func caseFieldReads(info *types.Info, files []*ast.File) map[string]int {
	counts := make(map[string]int)
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fields := localStructFields(info, fd)
			declared := make(map[string]int)
			for v := range fields {
				declared[caseFieldKey(fd, v)]++
			}
			for k, n := range declared {
				if _, seen := counts[k]; seen || n > 1 {
					counts[k] = ambiguous // a namesake in another function of the name, or in this one
					continue
				}
				counts[k] = 0
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if v, ok := info.Uses[sel.Sel].(*types.Var); ok && fields[v] {
						if k := caseFieldKey(fd, v); counts[k] != ambiguous {
							counts[k]++
						}
					}
				}
				return true
			})
		}
	}
	return counts
}

// ambiguous marks a caseFieldReads key standing for more than one field.
const ambiguous = -1

// caseFieldKey names a local struct field for caseFieldReads: its
// function, with the receiver type of a method, and its name.
func caseFieldKey(fd *ast.FuncDecl, v *types.Var) string {
	name := fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		t := fd.Recv.List[0].Type
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		switch x := t.(type) { // a generic receiver: T[P], T[P, Q]
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		}
		recv := "?"
		if id, ok := ast.Unparen(t).(*ast.Ident); ok {
			recv = id.Name
		}
		name = recv + "." + name
	}
	return name + "." + v.Name()
}

// localStructFields returns the fields of the struct types a function's
// body declares: named (type testCase struct{…}) or written in place
// (a []struct{…} or map[string]struct{…} literal).
func localStructFields(info *types.Info, fd *ast.FuncDecl) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok {
			return true
		}
		for _, fl := range st.Fields.List {
			for _, name := range fl.Names {
				if v, ok := info.Defs[name].(*types.Var); ok {
					out[v] = true
				}
			}
		}
		return true
	})
	return out
}

// unusedCaseFields deletes the fields of functions' local struct types
// that the removal left without a read (before[k] > 0, now[k] == 0): the
// field from its struct, and its entry from every literal of the type in
// the function. A field some literal sets without a key, or to a value
// with effects, stays.
func (r *remover) unusedCaseFields(files []*ast.File, info *types.Info, src map[string][]byte, before, now map[string]int, ed map[string]*editor) {
	for _, f := range files {
		name := r.prog.Fset.Position(f.FileStart).Filename
		if _, changed := r.src[name]; !changed {
			continue
		}
		sf := newSrcFile(r.prog.Fset, name, src[name], f)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			for v := range localStructFields(info, fd) {
				k := caseFieldKey(fd, v)
				was, known := before[k]
				if h, ok := r.merged[fd.Name.Name]; !known && ok && fd.Recv == nil {
					// The table was the helper's before the merge.
					was = before[h+"."+v.Name()]
				}
				if was <= 0 || now[k] != 0 {
					continue // unread before, still read, or ambiguous
				}
				r.dropCaseField(sf, info, fd, v, r.editorFor(ed, name))
			}
		}
	}
}

// dropCaseField deletes field v of a local struct type in one edit group,
// or nothing when a literal writes it without a key or with effects; it
// reports whether it did.
func (r *remover) dropCaseField(sf *srcFile, info *types.Info, fd *ast.FuncDecl, v *types.Var, e *editor) bool {
	var lits []*ast.CompositeLit
	var decl *ast.Field
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, name := range n.Names {
				if info.Defs[name] == v {
					decl = n
				}
			}
		case *ast.CompositeLit:
			st, isStruct := typeUnder(info.TypeOf(n)).(*types.Struct)
			if !isStruct || !hasField(st, v) {
				return true
			}
			for _, el := range n.Elts {
				kv, isKV := el.(*ast.KeyValueExpr)
				if !isKV {
					ok = false // positional: every field is written
					return false
				}
				if id, isID := kv.Key.(*ast.Ident); isID && id.Name == v.Name() && !pure.Expr(info, kv.Value) {
					ok = false
				}
			}
			lits = append(lits, n)
		}
		return true
	})
	if !ok || decl == nil {
		return false
	}
	g := e.newGroup()
	if len(decl.Names) == 1 {
		start, end := sf.deleteRange(decl)
		e.add(g, start, end, "")
	} else {
		names := make([]ast.Expr, len(decl.Names))
		for i, n := range decl.Names {
			names[i] = n
		}
		deleteElems(sf, e, g, names, func(i int) bool { return info.Defs[decl.Names[i]] == v })
	}
	for _, lit := range lits {
		deleteElems(sf, e, g, lit.Elts, func(i int) bool {
			id, isID := lit.Elts[i].(*ast.KeyValueExpr).Key.(*ast.Ident)
			return isID && id.Name == v.Name()
		})
	}
	return true
}

// typeUnder returns a type's underlying type, through a pointer.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem().Underlying()
	}
	return t.Underlying()
}

// hasField reports whether the struct declares v.
func hasField(st *types.Struct, v *types.Var) bool {
	return slices.ContainsFunc(slices.Collect(st.Fields()), func(f *types.Var) bool { return f == v })
}
