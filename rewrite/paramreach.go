package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/scan"
)

// Tests that build with the removed value but never read it. A
// constructor often takes the flag's value only to keep it in what it
// builds (Cortex's newDistributorQueryable(d, streaming, …) stores it in
// distributorQueryable.streaming, handed on to distributorQuerier's,
// read by Select). A test passing the removed value to it tested code
// that is gone only if it reaches a read of what was stored: one calling
// Select did, one calling UseQueryable alone did not, and deleting it
// would lose a test of something else. unreadIn proves the second case;
// its call then passes the final value, and the parameter goes with the
// others. Anything it cannot follow counts as a read, leaving the call
// to flagParam's usual course (the test goes, or is named).

// unreadIn reports whether the test unit body, running in pkg, can be
// shown never to read what fn stores of its parameter param: fn does
// nothing with it but store it in struct fields (and those fields are
// only read, or copied into other fields the same way), and nothing
// body calls, in pkg, transitively, reads one of those fields (an
// interface's method runs every method of that name of pkg's types
// implementing it). A call flagsweep cannot follow — of a function
// value, or of another package's code (a function, or an interface's
// method no type of pkg implements) handed a value of pkg's types or
// an interface other than error — may read them, and so may a method
// value or a comparison of structs holding them: all count as reads.
func unreadIn(pkg *scan.Package, decl *ast.FuncDecl, param *types.Var, body *ast.BlockStmt) bool {
	info := pkg.TypesInfo
	fields, ok := storedFields(info, decl.Body, param)
	if !ok || len(fields) == 0 {
		return false
	}
	// Declarations of the package, by object, and its methods by name
	// (what an interface call may reach).
	decls := make(map[*types.Func]*ast.FuncDecl)
	methods := make(map[string][]*ast.FuncDecl)
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				decls[fn] = fd
				if fd.Recv != nil {
					methods[fd.Name.Name] = append(methods[fd.Name.Name], fd)
				}
			}
		}
	}
	// Fields the stored value is copied into (streaming: d.streaming):
	// such a copy is no read.
	copies := make(map[ast.Expr]bool)
	for grown := true; grown; {
		grown = false
		for _, f := range pkg.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				astx.FieldStores(info, n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
					if readsField(info, value, fields) {
						copies[ast.Unparen(value)] = true
						if !fields[field] {
							fields[field] = true
							grown = true
						}
					}
				})
				return true
			})
		}
	}
	seen := make(map[ast.Node]bool)
	queue := []ast.Node{body}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if seen[n] {
			continue
		}
		seen[n] = true
		read := false
		ast.Inspect(n, func(m ast.Node) bool {
			if read {
				return false
			}
			switch m := m.(type) {
			case *ast.BinaryExpr:
				// Comparing structs compares every field.
				if (m.Op == token.EQL || m.Op == token.NEQ) && (compares(info, m.X, m.Y, fields) || compares(info, m.Y, m.X, fields)) {
					read = true
				}
			case *ast.SelectorExpr:
				if sel, ok := info.Selections[m]; ok {
					switch sel.Kind() {
					case types.FieldVal:
						if v, _ := sel.Obj().(*types.Var); fields[v] && !copies[m] && !isStoreTarget(n, m) {
							read = true
						}
					case types.MethodVal:
						if !isCallee(n, m) {
							read = true // a method value, called who knows where
						}
					}
				}
			case *ast.CallExpr:
				if tv, ok := info.Types[m.Fun]; ok && tv.IsType() {
					return true // a conversion
				}
				switch callee := typeutil.Callee(info, m).(type) {
				case *types.Builtin:
				case *types.Func:
					if fd := decls[callee.Origin()]; fd != nil {
						queue = append(queue, fd.Body)
					} else if recv := callee.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
						// Any method of that name of a type of pkg
						// implementing the interface may run.
						iface, _ := recv.Type().Underlying().(*types.Interface)
						impl := 0
						for _, fd := range methods[callee.Name()] {
							if iface == nil || implements(info, fd, iface) {
								queue = append(queue, fd.Body)
								impl++
							}
						}
						// No type of pkg implements the interface: the
						// method runs outside, and reaches pkg's fields
						// only through what it was handed — here, or
						// where it was handed before, which the
						// traversal meets as a read.
						if impl == 0 {
							read = read || handsOn(info, pkg.Types, m.Args)
						}
					} else if callee.Pkg() != pkg.Types {
						read = handsOn(info, pkg.Types, m.Args)
					} else {
						read = true // declared where we cannot see
					}
				default:
					if lit, ok := ast.Unparen(m.Fun).(*ast.FuncLit); ok {
						queue = append(queue, lit.Body)
					} else {
						read = true // a function value
					}
				}
			}
			return !read
		})
		if read {
			return false
		}
	}
	return true
}

// implements reports whether the receiver type of method fd, or a
// pointer to it, implements iface.
func implements(info *types.Info, fd *ast.FuncDecl, iface *types.Interface) bool {
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok {
		return true
	}
	t := fn.Signature().Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); !ok || n.TypeParams().Len() > 0 {
		return true // a generic type: it may, for all we tell
	}
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

// storedFields returns the fields body stores param in, and whether that
// is all it does with it: every use a struct literal's field value
// (T{f: param}) or the value of an assignment to a field (x.f = param).
func storedFields(info *types.Info, body *ast.BlockStmt, param *types.Var) (map[*types.Var]bool, bool) {
	fields := make(map[*types.Var]bool)
	stored := make(map[*ast.Ident]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		astx.FieldStores(info, n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
			if id, ok := ast.Unparen(value).(*ast.Ident); ok && info.Uses[id] == param {
				fields[field] = true
				stored[id] = true
			}
		})
		return true
	})
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == param && !stored[id] {
			ok = false
		}
		return ok
	})
	return fields, ok
}

// compares reports whether comparing x with y may compare one of fields:
// x is a struct holding one, or an interface (not error) that may hold
// such a struct, compared with something other than nil.
func compares(info *types.Info, x, y ast.Expr, fields map[*types.Var]bool) bool {
	t := info.TypeOf(x)
	if holdsField(t, fields) {
		return true
	}
	if t == nil || !types.IsInterface(t) || types.Identical(t, types.Universe.Lookup("error").Type()) {
		return false
	}
	tv, ok := info.Types[y]
	return !ok || !tv.IsNil()
}

// holdsField reports whether t is a struct (or array of them) with one
// of fields among its own.
func holdsField(t types.Type, fields map[*types.Var]bool) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if fields[u.Field(i)] || holdsField(u.Field(i).Type(), fields) {
				return true
			}
		}
	case *types.Array:
		return holdsField(u.Elem(), fields)
	}
	return false
}

// readsField reports whether value is a read of one of fields, as it is
// (d.streaming).
func readsField(info *types.Info, value ast.Expr, fields map[*types.Var]bool) bool {
	sel, ok := ast.Unparen(value).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := info.Selections[sel]
	return ok && s.Kind() == types.FieldVal && fields[s.Obj().(*types.Var)]
}

// isStoreTarget reports whether sel is the left side of an assignment in
// root: a write, not a read.
func isStoreTarget(root ast.Node, sel *ast.SelectorExpr) bool {
	target := false
	ast.Inspect(root, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
			for _, l := range as.Lhs {
				if ast.Unparen(l) == ast.Expr(sel) {
					target = true
				}
			}
		}
		return !target
	})
	return target
}

// isCallee reports whether sel is the function a call in root calls.
func isCallee(root ast.Node, sel *ast.SelectorExpr) bool {
	callee := false
	ast.Inspect(root, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && ast.Unparen(c.Fun) == ast.Expr(sel) {
			callee = true
		}
		return !callee
	})
	return callee
}

// handsOn reports whether a call of another package's function or
// method may hand it something of pkg's that reads the fields: an
// argument of one of pkg's types, a pointer to one, or an interface
// other than error (which may hold one). (Its receiver is of a type
// declared elsewhere, or an interface no type of pkg implements.)
func handsOn(info *types.Info, pkg *types.Package, args []ast.Expr) bool {
	for _, a := range args {
		if mayHold(info.TypeOf(a), pkg) {
			return true
		}
	}
	return false
}

// mayHold reports whether a value of type t may carry one of pkg's
// values.
func mayHold(t types.Type, pkg *types.Package) bool {
	if t == nil {
		return true
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return false
	}
	if types.IsInterface(t) {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() == pkg {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return mayHold(u.Elem(), pkg)
	case *types.Array:
		return mayHold(u.Elem(), pkg)
	case *types.Map:
		return mayHold(u.Key(), pkg) || mayHold(u.Elem(), pkg)
	case *types.Signature, *types.Chan:
		return true
	}
	return false
}
