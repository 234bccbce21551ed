package flagrefs

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/project"
)

// Values derived only from a flag fold like the flag. This file finds the
// struct fields that hold one — a holder — and the references to them;
// params.go the parameters that do.
//
// A property is a function (func() bool, func(namespace string) bool)
// reading the flag each time it is called. A handle method configured in
// properties: returns one (settings.X.Get(collection)); a service keeps it
// in a config struct's field and calls it later:
//
//	cfg.EnableX = settings.EnableX.Get(dc)         // the binding
//	if s.cfg.EnableX(ns) {                         // a read
//	cfg.EnableX = settings.GetBoolPropertyFn(true) // a fixed value, in tests
//
// A closure only calling a holder and returning its result (func() bool
// { return cfg.EnableX(ns) }) is a property of the same flag, so the field
// given it holds the flag too (found to a fixpoint). A bool field its
// package gives only a check's value (directly, or through a local
// holding only that check) or constants holds the flag's value: its reads
// are checks like a config struct's field flag. The references:
//
//   - the binding, an assignment or literal field storing a value derived
//     from the flag, is a write (Override, Via ViaField, no value): it
//     goes with the field, and the checks inside it with it;
//   - a call of a property holder, or of a property directly, is a check
//     (Via ViaProperty, Call the call); a read of a bool holder is a check
//     (Via ViaField, no call);
//   - storing a constant (bool holder) or a fixed property (a function in
//     fixed_properties:) is a write of that value, an override in a test
//     (Via ViaField, Value the value);
//   - a struct literal leaving a bool holder out sets it false by
//     omission (Override, Unset), unless it is a table's expected value;
//   - any other use of the field (passed on, written otherwise, its
//     address taken) is a Use, left for a human;
//   - a local given a holder's property as it is (enabled := cfg.EnableX)
//     stands for the holder: its declaration is a binding, its calls
//     checks, any other use a Use (propertyLocals);
//   - a test's own params field set only by fixed properties and handed
//     on as it is to a holder (params.X = p.x) is a holder of the same
//     flag (deriveTestFeeders), so its fixed values are the tests'
//     overrides.
//
// Each of these carries Holder, the field; a Declare reference (Via
// ViaHolder, Node the field's name) marks the field's declaration, deleted
// with the flag when nothing is left for a human. The binding is found in
// the package declaring the field (a config struct and its constructor),
// which exports a HolderFact for the packages importing it. A binding in
// another package (one importing the field's) is reported in
// Result.Foreign; a driver analysing the whole program runs again with
// them provided (UseHolders), and the field's package holds the field
// then. Without that, the field is an ordinary one, and the checks in
// those values fold as usual.

// ViaProperty is the Via of a check calling a property of a flag.
const ViaProperty = "property"

// ViaHolder is the Via of the Declare reference of a holder field.
const ViaHolder = "holder"

// HolderFact marks a struct field, or a function's parameter (see
// params.go), holding a value derived from a flag.
type HolderFact struct {
	Flag string
	// Constructor is the handle constructor of the flag whose property
	// the field holds, which says which functions are fixed properties;
	// empty for a bool field holding the flag's value.
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
// handle made by constructor, or a function literal only returning a
// constant (func() bool { return true }), whatever the handle.
func (f *finder) fixedValue(e ast.Expr, constructor string) (ast.Expr, bool) {
	if v := f.fixedSubscription(e); v != nil {
		return v, true
	}
	if _, ok := ast.Unparen(e).(*ast.FuncLit); ok {
		// func() bool { return true }: a property fixed by hand.
		r := soleResult(e)
		if tv, ok := f.pass.TypesInfo.Types[r]; ok && r != nil && tv.Value != nil && tv.Value.Kind() == constant.Bool {
			return r, true
		}
		return nil, false
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	fn := callee(f.pass.TypesInfo, call)
	if fn == nil {
		return nil, false
	}
	var fixed []config.FuncName
	if hc, ok := f.m.handle(constructor); ok {
		fixed = hc.Fixed
	} else if a, ok := f.m.accessor(constructor); ok && a.Property {
		fixed = a.Fixed // a property accessor's (see Ref.Accessor)
	}
	for _, fx := range fixed {
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
	astx.FieldStores(f.pass.TypesInfo, n, fn)
}

// findHolders finds the fields this package stores a value derived only
// from a flag in, after the other references are collected: a property of
// the flag (cfg.X = settings.X.Get(c)), or the flag's value itself
// (FeatureFlags{CombinedServiceRoutes: gates.Enabled(X)}, directly or
// through a local holding only that check). It exports a fact for the
// fields it declares, then records the references to every holder field,
// this package's and those of the packages it imports.
func (f *finder) findHolders() {
	checks := make(map[ast.Expr]*Ref)
	for _, r := range f.res.Refs {
		if r.Kind != Check || r.Dynamic || r.Flag == "" || r.Negated {
			continue
		}
		if r.Call != nil {
			checks[r.Call] = r
		} else {
			checks[r.Node] = r
		}
	}
	if len(checks) == 0 && !f.m.properties && len(providedFor(f.res.config)) == 0 && !f.pkgVarHolders() {
		// Nothing here can derive a holder; reads of imported ones
		// are still found.
		f.derived = func(ast.Expr) (string, string) { return "", "" }
		f.findHolderRefs()
		f.setFiles()
		return
	}
	locals := f.checkLocals(checks)
	derived := func(value ast.Expr) (string, string) {
		value = ast.Unparen(value)
		if f.m.properties {
			if h, _ := f.propertyCall(value); h != nil {
				return h.Flag, h.Constructor
			}
			if r := f.accessorProperty(value); r != nil {
				return r.Flag, r.Accessor
			}
		}
		if r := checks[value]; r != nil {
			return r.Flag, ""
		}
		if v, h := f.pkgVarHolder(value); v != nil && h.Constructor == "" {
			// features.X, read where it is given: the flag's value.
			return h.Flag, ""
		}
		if id, ok := value.(*ast.Ident); ok {
			if r := locals[f.pass.TypesInfo.Uses[id]]; r != nil {
				return r.Flag, ""
			}
			if _, h := f.paramHolder(id); h != nil {
				return h.Flag, h.Constructor
			}
		}
		if h := f.closureOf(value); h != nil {
			return h.Flag, h.Constructor
		}
		if h := f.propertyField(value); h != nil {
			return h.Flag, h.Constructor
		}
		if h := f.boolField(value); h != nil {
			return h.Flag, ""
		}
		if call, ok := value.(*ast.CallExpr); ok {
			// A property called where it is given (Config{Fast:
			// settings.Fast.Get(c)()}, cfg.EnableX(ns)): the flag's
			// value, which a bool field may hold. (The check itself
			// is recorded after this derivation, so checks lacks it.)
			fun := ast.Unparen(call.Fun)
			if f.m.properties {
				if h, _ := f.propertyCall(fun); h != nil {
					return h.Flag, ""
				}
			}
			if _, h := f.propertyHolder(fun); h != nil {
				return h.Flag, ""
			}
		}
		return "", ""
	}
	// Holders found feed closures bound to other fields (a per-queue
	// config's EnableMigration: func() bool { return
	// config.EnableMigration(ns, tq, t) }): look again until no field
	// is added.
	f.providedHolders(derived)
	for {
		fields := f.deriveHolders(derived)
		params := f.deriveParams(derived)
		feeders := f.deriveTestFeeders()
		if !fields && !params && !feeders {
			break
		}
	}
	f.flushParams()
	f.derived = derived
	f.findHolderRefs()
	f.setFiles()
}

// setFiles gives the references found after findRefs their file.
func (f *finder) setFiles() {
	for _, r := range f.res.Refs {
		if r.File == nil {
			if r.File = isFile(f.pass, r.Node.Pos()); r.File != nil {
				r.Generated = generated(f.res.config, f.pass.Fset, r.File)
			}
		}
	}
}

// A HolderKey names a struct field across packages: its file, line and
// name (seen through export data, a position may lose its column).
type HolderKey struct {
	File string
	Line int
	Name string
	// Func is the name of the function declaring a parameter holder
	// (empty for a field): what its callers mention.
	Func string `json:",omitempty"`
}

// A ForeignHolder is a field or parameter another package binds to a
// value derived from a flag (or, for a parameter, gives anything else: a
// veto, Fact.Flag empty).
type ForeignHolder struct {
	Key  HolderKey
	Fact HolderFact
	// Held says that a veto (no Fact.Flag) is of a parameter its
	// package already holds: the driver must run again for it to
	// hear of it.
	Held bool `json:",omitempty"`
}

// Matters reports whether a driver must run again for h: a binding, or a
// veto of a parameter already held.
func (h ForeignHolder) Matters() bool { return h.Fact.Flag != "" || h.Held }

func (f *finder) holderKey(field *types.Var) HolderKey {
	p := f.pass.Fset.Position(field.Pos())
	return HolderKey{File: p.Filename, Line: p.Line, Name: field.Name()}
}

// provided holds the holders drivers provide, by project.
var provided struct {
	sync.Mutex
	m map[string]map[HolderKey]HolderFact
}

// UseHolders provides the fields other packages bind to a flag's value
// (collected from Result.Foreign of a first run over the whole program)
// to the next runs for the project: each field's own package then holds
// it, and exports its fact.
func UseHolders(p *project.Project, hs []ForeignHolder) {
	provided.Lock()
	defer provided.Unlock()
	if provided.m == nil {
		provided.m = make(map[string]map[HolderKey]HolderFact)
	}
	m := make(map[HolderKey]HolderFact, len(hs))
	for _, h := range hs {
		old, seen := m[h.Key]
		switch {
		case !seen:
			m[h.Key] = h.Fact
		case old.Flag != h.Fact.Flag:
			// A veto (no flag: a parameter given something else) or
			// two flags: neither holds it alone.
			m[h.Key] = HolderFact{}
		}
	}
	provided.m[projectKey(p.Config.File, p.Root)] = m
}

func providedFor(cfg *config.Config) map[HolderKey]HolderFact {
	provided.Lock()
	defer provided.Unlock()
	return provided.m[projectKey(cfg.File, cfg.Root)]
}

// ProvidedCallerNames returns the names of the functions whose
// parameters are provided holders: what a package passing them a value
// spells, though it may name nothing else flagsweep knows.
func ProvidedCallerNames(cfg *config.Config) []string {
	var out []string
	for k, h := range providedFor(cfg) {
		if k.Func != "" && h.Flag != "" {
			out = append(out, k.Func)
		}
	}
	return out
}

// ProvidedHolderNames returns the names of the provided holder fields
// and parameters: a package reading one may mention nothing else
// flagsweep knows.
func ProvidedHolderNames(cfg *config.Config) []string {
	var out []string
	for k := range providedFor(cfg) {
		out = append(out, k.Name)
		if k.Func != "" {
			out = append(out, k.Func)
		}
	}
	return out
}

// providedHolders makes holders of this package's fields that a driver
// says other packages bind — unless this package gives a bool field
// another value (parser.FeatureFlags{ExpressionRoutes:
// shouldEnable(…)}): then it is an ordinary field.
func (f *finder) providedHolders(derived func(ast.Expr) (string, string)) {
	hs := providedFor(f.res.config)
	if len(hs) == 0 {
		return
	}
	other := make(map[HolderKey]bool)
	f.ins.Preorder(storeNodes, func(n ast.Node) {
		f.stores(n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
			k := f.holderKey(field)
			h, ok := hs[k]
			if !ok || h.Constructor != "" {
				return
			}
			if flag, _ := derived(value); flag == h.Flag {
				return
			}
			if tv, ok := f.pass.TypesInfo.Types[value]; ok && tv.Value != nil || f.inTestFile(value.Pos()) {
				return
			}
			other[k] = true
		})
	})
	f.ins.Preorder([]ast.Node{(*ast.Field)(nil)}, func(n ast.Node) {
		for _, name := range n.(*ast.Field).Names {
			field, ok := f.pass.TypesInfo.Defs[name].(*types.Var)
			if !ok || !field.IsField() || f.holders[field] != nil {
				continue
			}
			if h, ok := hs[f.holderKey(field)]; ok && h.Flag != "" && !other[f.holderKey(field)] {
				fact := h
				f.holders[field] = &fact
				f.pass.ExportObjectFact(field, &fact)
				f.holderDecl(field, &fact)
			}
		}
	})
}

// storeNodes are the nodes stores reads.
var storeNodes = []ast.Node{(*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)}

// closureOf returns the holder a function literal only calls and
// returns the result of: func() bool { return cfg.X(ns) } is a property
// of X's flag too.
func (f *finder) closureOf(e ast.Expr) *HolderFact {
	call, ok := ast.Unparen(soleResult(e)).(*ast.CallExpr)
	if !ok {
		call = f.subscriptionRead(e)
	}
	if call == nil {
		return nil
	}
	return f.propertyField(ast.Unparen(call.Fun))
}

// soleResult returns what a function literal whose body is one return of
// one value returns (func() bool { return x } gives x), or nil.
func soleResult(e ast.Expr) ast.Expr {
	fl, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok || len(fl.Body.List) != 1 {
		return nil
	}
	ret, ok := fl.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	return ret.Results[0]
}

// propertyField returns the holder e reads without calling it when the
// holder holds a property: enabled: cfg.EnableX hands the same function
// on, and enabled holds the flag's property too.
func (f *finder) propertyField(e ast.Expr) *HolderFact {
	if _, h := f.fieldRead(e); h != nil && h.Constructor != "" {
		return h
	}
	return nil
}

// boolField returns the holder e reads when it is a bool field holding a
// flag's value (a test's own params field fed to a holder, see
// deriveTestFeeders): handed on as it is, it is the flag's value too.
func (f *finder) boolField(e ast.Expr) *HolderFact {
	if _, h := f.fieldRead(e); h != nil && h.Constructor == "" {
		return h
	}
	return nil
}

// fieldRead returns the holder field e selects and its fact, if it is
// one.
func (f *finder) fieldRead(e ast.Expr) (*types.Var, *HolderFact) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil, nil
	}
	v := s.Obj().(*types.Var)
	if h := f.holderOf(v); h != nil {
		return v, h
	}
	return nil, nil
}

// deriveHolders records the fields of this package given only a value
// derived from a flag, and reports whether it found new ones.
func (f *finder) deriveHolders(derived func(ast.Expr) (string, string)) bool {
	// A bool field is the flag's value only if nothing else is written
	// to it here: a constant may be (a test's, a default), another
	// value may not (s.newUI = on makes newUI a field like any other).
	other := make(map[*types.Var]bool)
	var order []*types.Var
	found := make(map[*types.Var]*HolderFact)
	f.ins.Preorder([]ast.Node{(*ast.UnaryExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)}, func(n ast.Node) {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr); ok {
				if s, ok := f.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
					other[s.Obj().(*types.Var)] = true
				}
			}
		}
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) != len(as.Rhs) || ok && len(as.Lhs) > 1 {
			for _, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if s, ok := f.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
						other[s.Obj().(*types.Var)] = true
					}
				}
			}
		}
		f.stores(n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
			flag, constructor := derived(value)
			if flag == "" {
				// A test's store is an override of the holder (see
				// addHolderStore), not another value it holds.
				if tv, ok := f.pass.TypesInfo.Types[value]; (!ok || tv.Value == nil) && !f.inTestFile(value.Pos()) {
					other[field] = true
				}
				return
			}
			if found[field] != nil {
				if found[field].Flag != flag {
					other[field] = true // two flags: neither's alone
				}
				return
			}
			if constructor == "" && !isBool(field.Type()) {
				return // a check's value kept in an interface: not followed
			}
			if field.Pkg() != f.pass.Pkg {
				// Another package's field: a holder only if its
				// own package says so; here the check in it folds
				// as usual. A driver may tell the field's package
				// in a second run (see Result.Foreign) — when the
				// binding is the program's wiring, not a test's
				// fixture.
				if f.holderOf(field) == nil && !f.inTestFile(value.Pos()) {
					f.res.Foreign = append(f.res.Foreign, ForeignHolder{Key: f.holderKey(field), Fact: HolderFact{Flag: flag, Constructor: constructor}})
				}
				return
			}
			found[field] = &HolderFact{Flag: flag, Constructor: constructor}
			order = append(order, field)
		})
	})
	added := false
	for _, field := range order {
		fact := found[field]
		if other[field] && fact.Constructor == "" || f.holders[field] != nil {
			continue
		}
		f.holders[field] = fact
		f.pass.ExportObjectFact(field, fact)
		f.holderDecl(field, fact)
		added = true
	}
	return added
}

// inTestFile reports whether pos is in a _test.go file.
func (f *finder) inTestFile(pos token.Pos) bool {
	return strings.HasSuffix(f.pass.Fset.Position(pos).Filename, "_test.go")
}

// deriveTestFeeders records the fields of a test's own struct of
// parameters that feed a holder of a flag's property (or, of type bool,
// of its value: Config{Fast: p.fast}, set by constants): a test keeps the
// value each case wants in p.dlqInternal, sets it with fixed functions
// (in the helper's base literal, and in the options a test passes it),
// and hands it on as it is (params.DLQInternal = p.dlqInternal). Such a
// field holds the flag's property too, so that hand-over is a binding and
// each fixed function a write of its value, a test's override the
// removal follows to the test setting it. Only a field declared in a test
// file, of the holder's kind, whose every store is a fixed one and
// whose every read is such a hand-over to holders of one flag: anything
// else leaves it an ordinary field (and the hand-over a use left for a
// human). It reports whether it found new ones.
func (f *finder) deriveTestFeeders() bool {
	info := f.pass.TypesInfo
	type feed struct {
		fact HolderFact
		bad  bool
	}
	feeds := make(map[*types.Var]*feed)
	var order []*types.Var // deterministic facts and references
	// The fields handed to a holder as they are, and the selectors
	// doing it.
	handed := make(map[*ast.SelectorExpr]bool)
	candidate := func(e ast.Expr) (*types.Var, *ast.SelectorExpr) {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil, nil
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			return nil, nil
		}
		v := s.Obj().(*types.Var)
		if v.Pkg() != f.pass.Pkg || f.holders[v] != nil || !f.inTestFile(v.Pos()) {
			return nil, nil
		}
		return v, sel
	}
	feedTo := func(h *HolderFact, v *types.Var, sel *ast.SelectorExpr) {
		handed[sel] = true
		switch fd := feeds[v]; {
		case fd == nil:
			feeds[v] = &feed{fact: *h}
			order = append(order, v)
		case fd.fact.Flag != h.Flag:
			fd.bad = true
		}
	}
	f.ins.Preorder(storeNodes, func(n ast.Node) {
		f.stores(n, func(field *types.Var, _, _ ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
			h := f.holderOf(field)
			if h == nil {
				return
			}
			v, sel := candidate(value)
			// Of the holder's kind: a property for a property, a bool
			// for the flag's value.
			if v == nil || h.Constructor != "" && !isProperty(v.Type()) || h.Constructor == "" && !isBool(v.Type()) {
				return
			}
			feedTo(h, v, sel)
		})
	})
	// A bool case field handed to a holder parameter as it is (a table
	// case's `tc.enabled` passed to an exported function whose calls
	// outside the tests all give it the flag's value).
	f.ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		_, params := paramsOf(info, call)
		for i, p := range params {
			h := f.holderOf(p)
			if h == nil || h.Constructor != "" {
				continue
			}
			if v, sel := candidate(call.Args[i]); v != nil && isBool(v.Type()) {
				feedTo(h, v, sel)
			}
		}
	})
	if len(feeds) == 0 {
		return false
	}
	// Every store a fixed property, every other mention a store's
	// target or a hand-over.
	stored := make(map[ast.Node]bool)
	f.ins.Preorder(storeNodes, func(n ast.Node) {
		f.stores(n, func(field *types.Var, _, key ast.Expr, _ *ast.CompositeLit, value ast.Expr) {
			fd := feeds[field]
			if fd == nil {
				return
			}
			stored[key] = true
			if fd.fact.Constructor == "" {
				if tv, ok := info.Types[value]; !ok || tv.Value == nil {
					fd.bad = true // a bool set to anything but a constant
				}
			} else if _, ok := f.fixedValue(value, fd.fact.Constructor); !ok {
				fd.bad = true
			}
		})
	})
	// (A composite literal's key naming the field is an identifier,
	// which stores reports; every other mention is a selector.)
	f.ins.Preorder([]ast.Node{(*ast.SelectorExpr)(nil)}, func(n ast.Node) {
		sel := n.(*ast.SelectorExpr)
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			if fd := feeds[s.Obj().(*types.Var)]; fd != nil && !stored[sel] && !handed[sel] {
				fd.bad = true
			}
		}
	})
	added := false
	for _, v := range order {
		fd := feeds[v]
		if fd.bad {
			continue
		}
		fact := fd.fact
		f.holders[v] = &fact
		f.pass.ExportObjectFact(v, &fact)
		f.holderDecl(v, &fact)
		added = true
	}
	return added
}

// checkLocals returns the local variables initialised with a check and
// never written again: a value derived only from the flag, whose every
// use is the check's value (combinedRoutesEnabled :=
// gates.Enabled(X)).
func (f *finder) checkLocals(checks map[ast.Expr]*Ref) map[types.Object]*Ref {
	info := f.pass.TypesInfo
	locals := make(map[types.Object]*Ref)
	written := make(map[types.Object]bool)
	f.ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				if obj := info.Defs[id]; obj != nil && n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					if r := checks[ast.Unparen(n.Rhs[i])]; r != nil {
						locals[obj] = r
					}
					continue
				}
				if obj := info.Uses[id]; obj != nil {
					written[obj] = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				written[info.Uses[id]] = true
			}
		}
	})
	for obj := range written {
		delete(locals, obj)
	}
	for obj := range locals {
		if obj.Parent() == nil || obj.Parent() == obj.Pkg().Scope() {
			delete(locals, obj) // a package variable: anyone may write it
		}
	}
	return locals
}

// findHolderRefs records the references to holder fields: stores, calls
// of a property, reads of a bool, and any other use.
func (f *finder) findHolderRefs() {
	seen := make(map[*ast.SelectorExpr]bool)
	if len(f.holders) == 0 && !f.importsHolders() {
		// No field holds a flag's value here; a property may still be
		// called where it is obtained (settings.X.Get(c)()).
		if f.m.properties {
			f.ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
				f.addPropertyCall(n.(*ast.CallExpr), seen, nil)
			})
		}
		return
	}
	// Literals that are a table's expected value (want: FeatureFlags{…})
	// are not given to any code: leaving a field out runs nothing.
	expected := make(map[ast.Expr]bool)
	nodes := []ast.Node{(*ast.KeyValueExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.UnaryExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.Ident)(nil)}
	seenIDs := make(map[*ast.Ident]bool)
	f.propertyLocals()
	f.ins.Preorder(nodes, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && IsExpectation(id.Name) {
				expected[ast.Unparen(n.Value)] = true
			}
		case *ast.AssignStmt:
			f.addLocalBinding(n, seen, seenIDs)
			f.addHolderStore(n, seen, seenIDs)
			f.addPkgVarStore(n, seenIDs)
		case *ast.CompositeLit:
			f.addHolderStore(n, seen, seenIDs)
			if !expected[n] {
				f.addUnset(n)
			}
		case *ast.CallExpr:
			f.addPropertyCall(n, seen, seenIDs)
			f.addParamArgs(n, seen, seenIDs)
		case *ast.Ident:
			f.addParamUse(n, seenIDs)
			f.addLocalUse(n, seenIDs)
			f.addPkgVarRead(n, false, seenIDs)
		case *ast.UnaryExpr:
			if n.Op != token.AND {
				break
			}
			if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok {
				f.addHolderUse(sel, seen, true)
			}
			f.addPkgVarRead(ast.Unparen(n.X), true, seenIDs)
		case *ast.SelectorExpr:
			f.addHolderUse(n, seen, false)
			f.addPkgVarRead(n, false, seenIDs)
		}
	})
}

// importsHolders reports whether a package this one imports declares a
// holder field.
func (f *finder) importsHolders() bool {
	if f.imported == nil {
		// Asked by findHolders and findHolderRefs: the facts are
		// walked once.
		found := false
		for _, fact := range f.pass.AllObjectFacts() {
			if _, ok := fact.Fact.(*HolderFact); ok {
				found = true
				break
			}
		}
		f.imported = &found
	}
	return *f.imported
}

// holderDecl records the declaration of a holder field.
func (f *finder) holderDecl(field *types.Var, fact *HolderFact) {
	if f.fieldNames == nil {
		// Every field's name, indexed once (this runs for each holder).
		f.fieldNames = make(map[*types.Var]*ast.Ident)
		f.ins.Preorder([]ast.Node{(*ast.Field)(nil)}, func(n ast.Node) {
			for _, name := range n.(*ast.Field).Names {
				if v, ok := f.pass.TypesInfo.Defs[name].(*types.Var); ok && (v.IsField() || v.Kind() == types.ParamVar) {
					f.fieldNames[v] = name
				}
			}
		})
	}
	if name := f.fieldNames[field]; name != nil {
		f.add(&Ref{Kind: Declare, Node: name, Key: name, Flag: fact.Flag, Via: ViaHolder, Holder: field})
	}
}

// holderOf returns the fact of a field holding a flag's property.
func (f *finder) holderOf(v *types.Var) *HolderFact {
	if v == nil || !v.IsField() && v.Kind() != types.ParamVar && v.Kind() != types.PackageVar {
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

// addHolderStore records a store in a field holding a flag: the binding
// (a value derived from the same flag), a fixed value (a constant, or a
// fixed property), or anything else (a Use).
func (f *finder) addHolderStore(n ast.Node, seen map[*ast.SelectorExpr]bool, seenIDs map[*ast.Ident]bool) {
	f.stores(n, func(field *types.Var, node, key ast.Expr, lit *ast.CompositeLit, value ast.Expr) {
		h := f.holderOf(field)
		if h == nil {
			return
		}
		if sel, ok := key.(*ast.SelectorExpr); ok {
			seen[sel] = true
		}
		if flag, _ := f.derived(value); flag == h.Flag {
			// The binding: the handle's use in the value is
			// accounted for (Key), and the check in it goes with it;
			// so does the holder a property is copied from.
			markHanded(value, seen, seenIDs)
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: value, Flag: h.Flag, Via: ViaField, Holder: field})
			return
		}
		if h.Constructor != "" {
			if v, ok := f.fixedValue(value, h.Constructor); ok {
				f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: key, Flag: h.Flag, Value: v, Via: ViaField, Holder: field})
				return
			}
			if v := f.testProperty(node, value); v != nil {
				f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: key, Flag: h.Flag, Value: v, Via: ViaField, Holder: field})
				return
			}
		} else if tv, ok := f.pass.TypesInfo.Types[value]; ok && tv.Value != nil || f.inTestFile(node.Pos()) {
			// A constant, or whatever a test stores (i.cfg.X =
			// tc.x): an override, which the removal follows to the
			// cases giving its value or leaves for a human.
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: node, Lit: lit, Key: key, Flag: h.Flag, Value: value, Via: ViaField, Holder: field})
			return
		}
		f.add(&Ref{Kind: Use, Node: key, Key: key, Flag: h.Flag, Via: ViaField, Holder: field})
	})
}

// testProperty returns what a property a test builds by hand returns
// (func() bool { return tc.enabled }), when node is in a test file:
// an override whose value is not constant — a table field, most often,
// which the removal follows to the cases setting it. Outside tests such
// a function is another value written where the flag's property is
// held (a Use).
func (f *finder) testProperty(node ast.Node, value ast.Expr) ast.Expr {
	if !f.inTestFile(node.Pos()) {
		return nil
	}
	r := soleResult(value)
	if t := f.pass.TypesInfo.TypeOf(r); r == nil || t == nil || !isBool(t) {
		return nil
	}
	return r
}

// IsExpectation reports whether a table field named name holds a case's
// expected result (want, expectedFlags): a value compared with what the
// code returns, given to no code.
func IsExpectation(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "want") || strings.HasPrefix(name, "expect")
}

// addUnset records a struct literal leaving out a bool field that holds a
// flag's value (FeatureFlags{FillIDs: true} without CombinedRoutes): the
// code given it ran with the flag false, whatever the flag's state. The
// removal reports it when the flag stays true.
func (f *finder) addUnset(lit *ast.CompositeLit) {
	t := f.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	set := make(map[string]bool)
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return // positional: every field is set
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			set[id.Name] = true
		}
	}
	for i := range st.NumFields() {
		field := st.Field(i)
		if set[field.Name()] {
			continue
		}
		if h := f.holderOf(field); h != nil && h.Constructor == "" {
			f.add(&Ref{Kind: Override, Form: config.FormMap, Node: lit, Flag: h.Flag, Via: ViaField, Holder: field, Unset: true})
		}
	}
}

// addPropertyCall records a check calling a property: the field holding
// it (cfg.X(ns)) or a property directly (settings.X.Get(c)()).
func (f *finder) addPropertyCall(call *ast.CallExpr, seen map[*ast.SelectorExpr]bool, seenIDs map[*ast.Ident]bool) {
	if f.m.properties {
		if h, v := f.propertyCall(call.Fun); h != nil {
			f.add(&Ref{Kind: Check, Call: call, Node: call, Key: call.Fun, Flag: h.Flag, Dynamic: h.Flag == "", Via: ViaProperty, Handle: v})
			return
		}
		if r := f.accessorProps[unparenCall(call.Fun)]; r != nil {
			// dc.GetBoolProperty(X, false)(): the accessor's call,
			// recorded as a Use, is read where it is obtained — a
			// check, the whole call.
			r.Kind, r.Call, r.Node = Check, call, call
			return
		}
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if p, h := f.paramHolder(id); h != nil && h.Constructor != "" && seenIDs != nil {
			seenIDs[id] = true
			f.add(&Ref{Kind: Check, Call: call, Node: call, Key: id, Flag: h.Flag, Via: ViaProperty, Holder: p})
		} else if pl, ok := f.propLocals[f.pass.TypesInfo.Uses[id]]; ok && seenIDs != nil {
			// enabled(), enabled := cfg.EnableX: the holder's check.
			seenIDs[id] = true
			f.add(&Ref{Kind: Check, Call: call, Node: call, Key: id, Flag: pl.fact.Flag, Via: ViaProperty, Holder: pl.holder})
		}
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return
	}
	field := s.Obj().(*types.Var)
	h := f.holderOf(field)
	if h == nil || h.Constructor == "" {
		return
	}
	seen[sel] = true
	f.add(&Ref{Kind: Check, Call: call, Node: call, Key: sel, Flag: h.Flag, Via: ViaProperty, Holder: field})
}

// A propLocal is a local variable given a holder's property as it is
// (enabled := cfg.EnableX, or a parameter holding one): a value derived
// only from the flag, read by calling it.
type propLocal struct {
	holder *types.Var // the field or parameter it is given
	fact   *HolderFact
}

// propertyLocals finds the local variables given a holder's property by
// a short variable declaration of one name and never written again (nor
// their address taken): their calls are the holder's checks, and their
// declaration a binding that goes with the holder (addLocalBinding). Any
// other use is one left for a human (addLocalUse), which keeps it.
func (f *finder) propertyLocals() {
	info := f.pass.TypesInfo
	f.propLocals = make(map[types.Object]propLocal)
	written := make(map[types.Object]bool)
	f.ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				id, ok := n.Lhs[0].(*ast.Ident)
				obj, _ := info.Defs[id].(*types.Var)
				if !ok || obj == nil || obj.Parent() == nil || obj.Parent() == obj.Pkg().Scope() {
					return
				}
				if holder, fact := f.propertyHolder(n.Rhs[0]); fact != nil {
					f.propLocals[obj] = propLocal{holder, fact}
				}
				return
			}
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] != nil {
					written[info.Uses[id]] = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] != nil {
				written[info.Uses[id]] = true
			}
		}
	})
	for obj := range written {
		delete(f.propLocals, obj)
	}
}

// propertyHolder returns the holder e reads as it is, when that holder
// holds a property: a field (cfg.EnableX) or a parameter.
func (f *finder) propertyHolder(e ast.Expr) (*types.Var, *HolderFact) {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if v, h := f.fieldRead(e); h != nil && h.Constructor != "" {
			return v, h
		}
	case *ast.Ident:
		if p, h := f.paramHolder(e); h != nil && h.Constructor != "" {
			return p, h
		}
	}
	return nil, nil
}

// addLocalBinding records the declaration of a property local as a
// binding of its holder: it goes with the holder, or stays with it.
func (f *finder) addLocalBinding(as *ast.AssignStmt, seen map[*ast.SelectorExpr]bool, seenIDs map[*ast.Ident]bool) {
	if as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return
	}
	pl, ok := f.propLocals[f.pass.TypesInfo.Defs[id]]
	if !ok {
		return
	}
	seenIDs[id] = true
	markHanded(as.Rhs[0], seen, seenIDs)
	f.add(&Ref{Kind: Override, Form: config.FormMap, Node: id, Key: as.Rhs[0], Flag: pl.fact.Flag, Via: ViaField, Holder: pl.holder})
}

// addLocalUse records a use of a property local other than a call: the
// property handed on, left for a human with its holder.
func (f *finder) addLocalUse(id *ast.Ident, seenIDs map[*ast.Ident]bool) {
	if seenIDs[id] {
		return
	}
	if pl, ok := f.propLocals[f.pass.TypesInfo.Uses[id]]; ok {
		f.add(&Ref{Kind: Use, Node: id, Key: id, Flag: pl.fact.Flag, Via: ViaField, Holder: pl.holder})
	}
}

// unparenCall returns e as a call, if it is one.
func unparenCall(e ast.Expr) *ast.CallExpr {
	c, _ := ast.Unparen(e).(*ast.CallExpr)
	return c
}

// addHolderUse records a read of a field holding a flag's value (a check,
// like a config struct's field flag) and any other use of a holder (its
// address taken, a property handed on) as a Use left for a human.
func (f *finder) addHolderUse(sel *ast.SelectorExpr, seen map[*ast.SelectorExpr]bool, addressed bool) {
	if seen[sel] {
		return
	}
	seen[sel] = true
	s, ok := f.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return
	}
	field := s.Obj().(*types.Var)
	h := f.holderOf(field)
	if h == nil {
		return
	}
	if h.Constructor == "" && !addressed {
		f.add(&Ref{Kind: Check, Node: sel, Key: sel, Flag: h.Flag, Via: ViaField, Holder: field})
		return
	}
	f.add(&Ref{Kind: Use, Node: sel, Key: sel, Flag: h.Flag, Via: ViaField, Holder: field})
}
