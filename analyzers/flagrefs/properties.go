package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/flagsweep/flagsweep/config"
)

// Settings libraries hand out a flag's value as a property: a function
// (func() bool, func(namespace string) bool) that reads the flag each time
// it is called. A handle method configured in properties: returns one
// (settings.X.Get(collection)); a service keeps it in a config struct's
// field and calls it later:
//
//	cfg.EnableX = settings.EnableX.Get(dc)   // the binding
//	if s.cfg.EnableX(ns) {                   // a read
//	cfg.EnableX = settings.GetBoolPropertyFn(true) // a fixed value, in tests
//
// The field holds the flag: it is a value derived only from the flag, and
// folds like it. The references:
//
//   - the binding, an assignment or literal field storing a property of
//     the flag, is a write (Override, Via ViaField, no value): outside
//     tests it goes with the field;
//   - a call of the field, or of a property directly, is a check (Via
//     ViaProperty, Call the call);
//   - storing a fixed property (a function in fixed_properties:) is a
//     write of its argument, an override in a test (Via ViaField, Value
//     the argument);
//   - any other use of the field (passed on, written otherwise) is a Use,
//     left for a human.
//
// Each of these carries Holder, the field; a Declare reference (Via
// ViaHolder, Node the field's name) marks the field's declaration, deleted
// with the flag when nothing is left for a human. The binding is found in
// the package declaring the field (a config struct and its constructor),
// which exports a HolderFact for the packages importing it; a binding
// elsewhere is known in its own package only.

// ViaProperty is the Via of a check calling a property of a flag.
const ViaProperty = "property"

// ViaHolder is the Via of the Declare reference of a field holding a
// flag's property.
const ViaHolder = "holder"

// HolderFact marks a struct field holding a property of a flag.
type HolderFact struct {
	Flag string
	// Constructor is the handle constructor of the flag, which says
	// which functions are fixed properties.
	Constructor string
}

// AFact marks HolderFact as an analysis fact.
func (*HolderFact) AFact() {}

func (f *HolderFact) String() string { return "holds " + f.Flag }

// propertyCall returns the handle fact when call is X.M(…) for a handle X
// and one of its properties: methods M.
func (f *finder) propertyCall(e ast.Expr) (*HandleFact, *types.Var) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	v := f.handleVar(sel.X)
	if v == nil {
		return nil, nil
	}
	h := f.handleOf(v)
	if h == nil {
		return nil, nil
	}
	hc, ok := f.m.handle(h.Constructor)
	if !ok || !slices.Contains(hc.Properties, sel.Sel.Name) {
		return nil, nil
	}
	return h, v
}

// fixedValue returns the value a fixed property call fixes
// (settings.GetBoolPropertyFn(true) → true), when e is one for the
// handle made by constructor.
func (f *finder) fixedValue(e ast.Expr, constructor string) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	fn := callee(f.pass.TypesInfo, call)
	hc, found := f.m.handle(constructor)
	if fn == nil || !found {
		return nil, false
	}
	for _, fx := range hc.Fixed {
		if fx.Matches(fn.FullName()) {
			return call.Args[0], true
		}
	}
	return nil, false
}

// stores calls fn for each field a statement or literal stores a value in:
// cfg.X = v, and Config{X: v}. (Only single assignments: a, cfg.X = … is
// found as a Use of the field.)
func (f *finder) stores(n ast.Node, fn func(field *types.Var, node, key ast.Expr, lit *ast.CompositeLit, value ast.Expr)) {
	info := f.pass.TypesInfo
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
			return
		}
		sel, ok := ast.Unparen(n.Lhs[0]).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			fn(s.Obj().(*types.Var), sel, sel, nil, n.Rhs[0])
		}
	case *ast.CompositeLit:
		for _, el := range n.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
				fn(v, kv, kv.Key, n, kv.Value)
			}
		}
	}
}

// findHolders finds the fields this package stores a property of a flag
// in, before the references are collected (a read may come first in the
// source), and exports a fact for those it declares.
func (f *finder) findHolders() {
	if !f.m.properties {
		return
	}
	for _, file := range f.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			f.stores(n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
				h, _ := f.propertyCall(value)
				if h == nil || h.Flag == "" || f.holders[field] != nil {
					return
				}
				fact := &HolderFact{Flag: h.Flag, Constructor: h.Constructor}
				f.holders[field] = fact
				if field.Pkg() == f.pass.Pkg {
					f.pass.ExportObjectFact(field, fact)
					f.holderDecl(field, fact)
				}
			})
			return true
		})
	}
}

// holderDecl records the declaration of a holder field.
func (f *finder) holderDecl(field *types.Var, fact *HolderFact) {
	for _, file := range f.pass.Files {
		if file.FileStart > field.Pos() || field.Pos() >= file.FileEnd {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			fl, ok := n.(*ast.Field)
			if !ok {
				return true
			}
			for _, name := range fl.Names {
				if f.pass.TypesInfo.Defs[name] == field {
					f.add(&Ref{Kind: Declare, Node: name, Key: name, Flag: fact.Flag, Via: ViaHolder, Holder: field})
				}
			}
			return true
		})
	}
}

// holderOf returns the fact of a field holding a flag's property.
func (f *finder) holderOf(v *types.Var) *HolderFact {
	if v == nil || !v.IsField() {
		return nil
	}
	v = v.Origin()
	if h, ok := f.holders[v]; ok {
		return h
	}
	if v.Pkg() == nil || v.Pkg() == f.pass.Pkg {
		return nil
	}
	var h HolderFact
	if f.pass.ImportObjectFact(v, &h) {
		f.holders[v] = &h
		return &h
	}
	f.holders[v] = nil
	return nil
}

// addHolderStore records a store in a field holding a flag: the binding,
// a fixed value, or anything else (a Use).
func (f *finder) addHolderStore(n ast.Node) {
	f.stores(n, func(field *types.Var, node, key ast.Expr, lit *ast.CompositeLit, value ast.Expr) {
		h := f.holderOf(field)
		if h == nil {
			return
		}
		if sel, ok := key.(*ast.SelectorExpr); ok {
			f.assignedSel[sel] = true
		}
		if p, _ := f.propertyCall(value); p != nil && p.Flag == h.Flag {
			// The binding: the value holds the flag's property, the
			// handle's use in it is accounted for.
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: value, Flag: h.Flag, Via: ViaField, Holder: field})
			return
		}
		if v, ok := f.fixedValue(value, h.Constructor); ok {
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: key, Flag: h.Flag, Value: v, Via: ViaField, Holder: field})
			return
		}
		f.add(&Ref{Kind: Use, Node: key, Key: key, Flag: h.Flag, Via: ViaField, Holder: field})
	})
}

// addPropertyCall records a check calling a property: the field holding
// it (cfg.X(ns)) or a property directly (settings.X.Get(c)()).
func (f *finder) addPropertyCall(call *ast.CallExpr) bool {
	if h, v := f.propertyCall(call.Fun); h != nil {
		f.add(&Ref{Kind: Check, Call: call, Node: call, Key: call.Fun, Flag: h.Flag, Dynamic: h.Flag == "", Via: ViaProperty, Handle: v})
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return false
	}
	field := s.Obj().(*types.Var)
	h := f.holderOf(field)
	if h == nil {
		return false
	}
	f.assignedSel[sel] = true
	f.add(&Ref{Kind: Check, Call: call, Node: call, Key: sel, Flag: h.Flag, Via: ViaProperty, Holder: field})
	return true
}

// addHolderUse records any other use of a field holding a flag (passed
// on, its address taken) as a Use left for a human.
func (f *finder) addHolderUse(sel *ast.SelectorExpr) {
	if f.assignedSel[sel] {
		return
	}
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return
	}
	field := s.Obj().(*types.Var)
	if h := f.holderOf(field); h != nil {
		f.add(&Ref{Kind: Use, Node: sel, Key: sel, Flag: h.Flag, Via: ViaField, Holder: field})
	}
}
