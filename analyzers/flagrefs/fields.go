package flagrefs

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
)

// Flags declared as the boolean fields of a config struct (go_definitions
// with struct:, `type FeatureFlags struct { FastPath bool }`) are referred
// to by field selections, found through go/types like every other form:
//
//   - a read, cfg.FeatureFlags.FastPath, is a check (Via "field", no call);
//   - an assignment, f.FastPath = false, is a write: an override in a
//     test, a default being set elsewhere (FormMap without a literal, Node
//     the selector);
//   - an element of a struct literal, FeatureFlags{FastPath: true}, is a
//     write too (FormMap, Lit the literal, Node the element);
//   - a call of the definition's binder given the field's address,
//     setFeature(key, DefaultFastPath, &tc.FastPath), is the field's
//     binding, a write of its default (FormCall, Call the call, Key the
//     field's selector, Value the default argument if configured).
//
// A field promoted through embedding is the same field.

// ViaField is the Via of the references to a config struct's field flag.
const ViaField = "field"

// fieldFlag returns the flag a struct field declares, when the field
// belongs to a configured config struct and is a boolean.
func (f *finder) fieldFlag(owner types.Type, field *types.Var) (string, bool) {
	if len(f.m.structs) == 0 || field == nil || !field.IsField() {
		return "", false
	}
	if p, ok := owner.(*types.Pointer); ok {
		owner = p.Elem()
	}
	named, ok := types.Unalias(owner).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return "", false
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	full := named.Obj().Pkg().Path() + "." + named.Obj().Name()
	for _, d := range f.m.structs {
		if !d.Registry.Matches(full) {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i) == field.Origin() || st.Field(i) == field {
				if b, ok := field.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
					return "", false
				}
				return config.FieldFlagName(field.Name(), st.Tag(i), d.NameTag), true
			}
		}
	}
	return "", false
}

// selectorFlag returns the flag a selector expression reads, if any: the
// field it selects, in the struct that declares it (through embedded
// fields too).
func (f *finder) selectorFlag(sel *ast.SelectorExpr) (string, bool) {
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return "", false
	}
	// Walk the embedding path to the struct declaring the field.
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		if p, isPtr := t.Underlying().(*types.Pointer); isPtr {
			t = p.Elem()
		}
		st, isStruct := t.Underlying().(*types.Struct)
		if !isStruct {
			return "", false
		}
		t = st.Field(i).Type()
	}
	field, _ := s.Obj().(*types.Var)
	return f.fieldFlag(t, field)
}

// addFieldAssign records f.FastPath = v.
func (f *finder) addFieldAssign(as *ast.AssignStmt) {
	if len(as.Lhs) != len(as.Rhs) || as.Tok != token.ASSIGN {
		return
	}
	for i, l := range as.Lhs {
		sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		flag, ok := f.selectorFlag(sel)
		if !ok {
			continue
		}
		f.assignedSel[sel] = true
		if len(as.Lhs) != 1 {
			// a, cfg.X = …: not a write flagsweep can remove alone.
			f.add(&Ref{Kind: Use, Node: sel, Key: sel, Flag: flag, Via: ViaField})
			continue
		}
		f.add(&Ref{Kind: Override, Form: config.FormMap, Node: sel, Key: sel, Flag: flag, Value: as.Rhs[i], Via: ViaField})
	}
}

// addFieldLiteral records the field flags a struct literal sets.
func (f *finder) addFieldLiteral(lit *ast.CompositeLit) {
	t := f.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if _, ok := t.Underlying().(*types.Struct); !ok {
		return
	}
	f.stores(lit, func(field *types.Var, node, key ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
		flag, ok := f.fieldFlag(t, field)
		if !ok {
			return
		}
		f.assignedKey[key.(*ast.Ident)] = true
		f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: key, Flag: flag, Value: value, Via: ViaField})
	})
}

// addFieldRead records a read of a field flag, and any other use of it
// (its address taken, a method value) as a Use flagsweep refuses.
func (f *finder) addFieldRead(sel *ast.SelectorExpr, addressed bool) {
	if f.assignedSel[sel] {
		return
	}
	flag, ok := f.selectorFlag(sel)
	if !ok {
		return
	}
	if addressed {
		f.add(&Ref{Kind: Use, Node: sel, Key: sel, Flag: flag, Via: ViaField})
		return
	}
	f.add(&Ref{Kind: Check, Node: sel, Key: sel, Flag: flag, Via: ViaField})
}

// IsBinding reports a binder's call (see addBinderCall): the field's
// binding, a write of its default that goes with the field, in tests too.
func (r *Ref) IsBinding() bool { return r.Via == ViaField && r.Call != nil }

// addBinderCall records a call of a configured binder given a field
// flag's address: setFeature(key, DefaultX, &tc.X), fs.BoolVar(&cfg.X,
// "x", false, usage). It reports whether the call was one.
func (f *finder) addBinderCall(call *ast.CallExpr, name string) bool {
	for _, d := range f.m.structs {
		if d.Binder.Name == "" || !d.Binder.Matches(name) {
			continue
		}
		fi := d.Args["field"]
		if fi >= len(call.Args) {
			return false
		}
		sel := astx.AddressedSelector(call.Args[fi])
		if sel == nil {
			return false
		}
		flag, ok := f.selectorFlag(sel)
		if !ok {
			return false
		}
		f.assignedSel[sel] = true
		r := &Ref{Kind: Override, Form: config.FormCall, Call: call, Node: call, Key: sel, Flag: flag, Via: ViaField}
		if di, ok := d.Args["default"]; ok && di < len(call.Args) {
			r.Value = call.Args[di]
		}
		f.add(r)
		return true
	}
	return false
}

// calleeName is the go/types full name of the function a call calls (fn,
// when known), or that of a function variable (see astx.FuncVarName).
func calleeName(info *types.Info, call *ast.CallExpr, fn *types.Func) string {
	if fn != nil {
		return fn.FullName()
	}
	return astx.FuncVarName(info, call)
}
