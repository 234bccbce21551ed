package flagrefs

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions/godefs"
	"github.com/flagsweep/flagsweep/internal/astx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// matcher indexes the configured reference forms by full name. Forms
// written with a ".../suffix" package (presets that match every major
// version of a module) are kept aside and tried in order.
type matcher struct {
	accessors   map[string]config.Accessor
	handles     map[string]config.Handle // by constructor
	overrides   map[string]config.TestOverride
	featureSets map[string]config.FeatureSet
	// literals are the overrides that are not calls: struct literals and
	// map literals keyed by flags.
	literals []config.TestOverride
	// structs are the config structs whose boolean fields are flags.
	structs []config.GoDefinition
	// defaults are the constructor definitions that read a default
	// argument: a call whose default is no boolean registers a
	// setting, not a flag (see setting).
	defaults []config.GoDefinition
	// constructors are the constructor definitions, registration
	// wrappers included (see valueRegistration).
	constructors []config.GoDefinition
	// properties reports a handle with properties: methods, whose
	// results may be held in struct fields.
	properties bool
	// stringKeys reports a map override keyed by plain strings
	// (map_key_type: string): a package is worth reading when a string
	// literal of it is a flag's name or key (see keyStrings).
	stringKeys bool
	// fragments are the literal parts of wildcard function names
	// (BoolSetting for New*BoolSetting), found inside identifiers.
	fragments []string
	patterns  struct {
		accessors   []config.Accessor
		handles     []config.Handle
		overrides   []config.TestOverride
		featureSets []config.FeatureSet
	}
	// names are the identifiers a reference would use, for the cheap
	// tests that skip packages and for the syntactic scan.
	names map[string]bool
}

// The lookups below take go/types full names, in which a method of a
// generic type names its type parameters ("(*p.Client[T]).On"); the
// configuration names the type alone, so they are trimmed first.

func isPattern(f config.FuncName) bool { return strings.HasPrefix(f.Pkg, ".../") || f.IsGlob() }

func (m *matcher) accessor(full string) (config.Accessor, bool) {
	full = config.TrimTypeParams(full)
	if a, ok := m.accessors[full]; ok {
		return a, true
	}
	for _, a := range m.patterns.accessors {
		if a.Func.Matches(full) {
			return a, true
		}
	}
	return config.Accessor{}, false
}

// allAccessors returns every accessor, exact and pattern, in a stable
// order.
func (m *matcher) allAccessors() []config.Accessor {
	var out []config.Accessor
	for _, a := range m.accessors {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Func.String() < out[j].Func.String() })
	return append(out, m.patterns.accessors...)
}

func (m *matcher) handle(constructor string) (config.Handle, bool) {
	constructor = config.TrimTypeParams(constructor)
	if h, ok := m.handles[constructor]; ok {
		return h, true
	}
	for _, h := range m.patterns.handles {
		if h.Constructor.Matches(constructor) {
			return h, true
		}
	}
	return config.Handle{}, false
}

func (m *matcher) override(full string) (config.TestOverride, bool) {
	full = config.TrimTypeParams(full)
	if o, ok := m.overrides[full]; ok {
		return o, true
	}
	for _, o := range m.patterns.overrides {
		if o.Func.Matches(full) {
			return o, true
		}
	}
	return config.TestOverride{}, false
}

func (m *matcher) featureSet(full string) bool {
	full = config.TrimTypeParams(full)
	if _, ok := m.featureSets[full]; ok {
		return true
	}
	for _, s := range m.patterns.featureSets {
		if s.Func.Matches(full) {
			return true
		}
	}
	return false
}

func newMatcher(c *config.Config) *matcher {
	m := &matcher{
		accessors:   make(map[string]config.Accessor),
		handles:     make(map[string]config.Handle),
		overrides:   make(map[string]config.TestOverride),
		featureSets: make(map[string]config.FeatureSet),
		names:       make(map[string]bool),
	}
	for _, a := range c.AllAccessors() {
		register(m.accessors, &m.patterns.accessors, a.Func, a)
		m.names[a.Func.Mention()] = true
		m.properties = m.properties || a.Property
	}
	for _, h := range c.AllHandles() {
		register(m.handles, &m.patterns.handles, h.Constructor, h)
		m.names[h.Constructor.Mention()] = true
		for _, n := range h.Enabled {
			m.names[n] = true
		}
		for _, n := range h.Disabled {
			m.names[n] = true
		}
		for _, n := range h.Properties {
			m.names[n] = true
			m.properties = true
		}
	}
	for _, o := range c.AllTestOverrides() {
		if o.Form == config.FormStruct || o.Form == config.FormMap || o.Form == config.FormList {
			m.literals = append(m.literals, o)
			// The name a file holding such a literal mentions: the
			// flag field (the type name may be elided in a list of
			// them); the last element of the keys' package, which
			// qualifies them; the key type. A literal of a named map
			// type (featuregate testing's FeatureOverrides) names
			// none, but is passed to a configured function that does.
			switch {
			case o.Form == config.FormStruct:
				m.names[o.FlagField] = true
			case o.Form == config.FormList:
				m.names[o.ListField] = true
			case o.KeyPackage != "":
				m.names[o.KeyPackage[strings.LastIndexByte(o.KeyPackage, '/')+1:]] = true
			case o.StringKeys:
				m.stringKeys = true
			default:
				m.names[o.Type.Name] = true
			}
			continue
		}
		register(m.overrides, &m.patterns.overrides, o.Func, o)
		m.names[o.Func.Mention()] = true
	}
	for _, s := range c.AllFeatureSets() {
		register(m.featureSets, &m.patterns.featureSets, s.Func, s)
		m.names[s.Func.Mention()] = true
	}
	for _, d := range c.AllGoDefinitions() {
		if d.Kind == "struct" {
			// Its fields are named by the flags' declarations (see
			// KeyNames), which the cheap test adds; the type's name
			// says a struct form is configured at all.
			m.structs = append(m.structs, d)
			m.names[d.Registry.Name] = true
		}
		if _, ok := d.Args["default"]; ok && d.Kind == "constructor" {
			m.defaults = append(m.defaults, d)
		}
		if d.Kind == "constructor" {
			m.constructors = append(m.constructors, d)
		}
	}
	for _, fn := range funcNames(c) {
		if fn.IsGlob() {
			m.fragments = append(m.fragments, fn.Mention())
		}
	}
	return m
}

// funcNames returns the functions the configured forms name.
func funcNames(c *config.Config) []config.FuncName {
	var out []config.FuncName
	for _, a := range c.AllAccessors() {
		out = append(out, a.Func)
	}
	for _, h := range c.AllHandles() {
		out = append(out, h.Constructor)
	}
	for _, o := range c.AllTestOverrides() {
		out = append(out, o.Func)
	}
	for _, s := range c.AllFeatureSets() {
		out = append(out, s.Func)
	}
	return out
}

// register indexes a form by its exact full name, or keeps it aside when
// its name is a ".../suffix" pattern, tried in order.
func register[T any](exact map[string]T, patterns *[]T, name config.FuncName, v T) {
	if isPattern(name) {
		*patterns = append(*patterns, v)
		return
	}
	exact[name.String()] = v
}

// Names returns the identifiers a reference configured in c would use:
// a package that mentions none of them (nor a wrapper's name) has no
// reference, which lets drivers skip it without type-checking it.
func Names(c *config.Config) []string {
	m := newMatcher(c)
	names := make([]string, 0, len(m.names))
	for n := range m.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// namesWithFacts returns the configured names plus those of the wrappers
// and handles imported as facts.
func (m *matcher) namesWithFacts(pass *analysis.Pass) map[string]bool {
	names := make(map[string]bool, len(m.names))
	for n := range m.names {
		names[n] = true
	}
	for _, f := range pass.AllObjectFacts() {
		names[f.Object.Name()] = true
		if v, ok := f.Object.(*types.Var); ok && v.Kind() == types.ParamVar {
			// A parameter holding a flag: its callers spell its
			// function's name.
			if fn := ParamOwner(v); fn != nil {
				names[fn.Name()] = true
			}
		}
	}
	return names
}

// isConstructor reports whether fn is a configured constructor, or a
// registration wrapper found in the code (one returning a value rather
// than a handle: registerAmbient(name, …) bool).
func (m *matcher) isConstructor(fn string) bool {
	for _, d := range m.constructors {
		if d.Constructor.Matches(config.TrimTypeParams(fn)) {
			return true
		}
	}
	return false
}

// setting reports whether a call of the constructor named fn registers a
// setting rather than a flag: a go_definitions constructor of it reads a
// default argument, which is no boolean here (Istio's
// env.Register("CLUSTER_ID", "", …)). Such a call is no reference.
func (f *finder) setting(call *ast.CallExpr, fn string) bool {
	for _, d := range f.m.defaults {
		if !d.Constructor.Matches(config.TrimTypeParams(fn)) {
			continue
		}
		if i := d.Args["default"]; i >= 0 && i < len(call.Args) && !godefs.MayBeBoolean(f.pass.TypesInfo, call, i) {
			return true
		}
	}
	return false
}

// handleMethod reports whether name is a checking method of the handle
// made by constructor, and whether it is negated.
func (m *matcher) handleMethod(constructor, name string) (ok, negated bool) {
	h, found := m.handle(constructor)
	if !found {
		return false, false
	}
	for _, n := range h.Enabled {
		if n == name {
			return true, false
		}
	}
	for _, n := range h.Disabled {
		if n == name {
			return true, true
		}
	}
	return false, false
}

// handleTypeMethod reports whether fn is a checking method of a handle
// type: a method named in a handle's enabled or disabled list, on a type
// declared in its constructor's package. It recognises a handle passed as
// a value, whose variable flagsweep cannot see.
func (m *matcher) handleTypeMethod(fn *types.Func) (ok, negated bool) {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false, false
	}
	t := recv.Type()
	if p, isPtr := t.(*types.Pointer); isPtr {
		t = p.Elem()
	}
	named, isNamed := types.Unalias(t).(*types.Named)
	if !isNamed || named.Obj().Pkg() == nil {
		return false, false
	}
	full := named.Obj().Pkg().Path() + "." + named.Obj().Name()
	try := func(h config.Handle) (bool, bool) {
		if !(config.FuncName{Pkg: h.Constructor.Pkg, Name: named.Obj().Name()}).Matches(full) {
			return false, false
		}
		return m.handleMethod(h.Constructor.String(), fn.Name())
	}
	for _, h := range m.handles {
		if ok, neg := try(h); ok {
			return true, neg
		}
	}
	for _, h := range m.patterns.handles {
		if ok, neg := try(h); ok {
			return true, neg
		}
	}
	return false, false
}

func stringValue(v constant.Value) (string, bool) {
	if v.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(v), true
}

// findRefs classifies every call of the package.
func (f *finder) findRefs() {
	info := f.pass.TypesInfo
	nodeTypes := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil), (*ast.IndexExpr)(nil)}
	if len(f.m.structs) > 0 {
		nodeTypes = append(nodeTypes, (*ast.SelectorExpr)(nil), (*ast.UnaryExpr)(nil))
	}
	f.ins.Preorder(nodeTypes, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if len(f.m.literals) > 0 {
				f.addLiteral(n)
			}
			if len(f.m.structs) > 0 {
				f.addFieldLiteral(n)
			}
			return
		case *ast.AssignStmt:
			if len(f.m.literals) > 0 {
				f.addIndexAssign(n)
			}
			if len(f.m.structs) > 0 {
				f.addFieldAssign(n)
			}
			return
		case *ast.UnaryExpr:
			if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok && n.Op == token.AND {
				f.addFieldRead(sel, true)
				f.assignedSel[sel] = true
			}
			return
		case *ast.SelectorExpr:
			f.addFieldRead(n, false)
			return
		case *ast.IndexExpr:
			if len(f.m.literals) > 0 {
				f.addIndexRead(n)
			}
			return
		}
		call := n.(*ast.CallExpr)
		if f.forwards[call] {
			return
		}

		fn := callee(info, call)
		if len(f.m.structs) > 0 && f.addBinderCall(call, calleeName(info, call, fn)) {
			return
		}
		if fn == nil {
			return
		}
		name := fn.FullName()
		if a, ok := f.m.accessor(name); ok {
			if a.Property {
				f.addAccessorProperty(call, name, a)
				return
			}
			if len(a.Unwrap) > 0 {
				// The key argument is a value (IsOn(l, "true")) unless
				// it is a call of an unwrap function naming the key.
				if a.Key < len(call.Args) {
					if k := f.unwrap(call.Args[a.Key], a.Unwrap); k != nil {
						r := &Ref{Kind: Check, Call: call, Key: k, Negated: a.Negated, Via: name}
						r.Flag, r.Dynamic = f.flagOf(k)
						f.add(r)
					}
				}
				return
			}
			f.addKeyed(call, Check, name, a.Key, a.Negated, nil, a.Default)
			return
		}
		if w := f.wrapperOf(fn); w != nil {
			if w.Override {
				f.addOverride(call, name, config.TestOverride{Form: config.FormCall, Flag: w.Key, Value: w.Value})
				return
			}
			f.addKeyed(call, Check, name, w.Key, w.Negated, w, -1)
			return
		}
		if h, ok := f.m.handle(name); ok {
			if f.setting(call, name) {
				return
			}
			// Declarations are recorded by findHandles, with their
			// variable; a constructor call elsewhere (a handle built
			// in a function) is a reference in its own right.
			if !f.isHandleDecl(call) && !f.inHandleConstructor(call) {
				f.addKeyed(call, Declare, name, h.Name, false, nil, -1)
			}
			return
		}
		if o, ok := f.m.override(name); ok {
			f.addOverride(call, name, o)
			return
		}
		if f.m.featureSet(name) {
			f.addFeatureSet(call, name)
			return
		}
		if fn.Signature().Recv() != nil {
			f.addHandleCall(call, fn)
		}
	})
	for _, r := range f.res.Refs {
		r.File = isFile(f.pass, r.Node.Pos())
		if r.File != nil {
			r.Generated = generated(f.res.config, f.pass.Fset, r.File)
		}
	}
}

func (f *finder) add(r *Ref) {
	if r.Node == nil {
		r.Node = r.Call
	}
	if r.Node != nil && f.inTestFile(r.Node.Pos()) {
		own := strings.TrimSuffix(f.pass.Pkg.Path(), "_test")
		if r.Call != nil && (r.Kind == Check || r.Kind == Declare) {
			if fn, _ := typeutil.Callee(f.pass.TypesInfo, r.Call).(*types.Func); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == own {
				r.LibraryTest = true
				if r.Kind == Declare && r.Handle != nil {
					// A made-up feature the library's tests declare
					// with its own constructor (OpenTelemetry Go's
					// mockFeature): its every use is the library's test.
					if f.libHandles == nil {
						f.libHandles, f.libFlags = make(map[*types.Var]bool), make(map[string]bool)
					}
					f.libHandles[r.Handle] = true
					f.libFlags[r.Flag] = true
				}
			}
		}
		if r.Handle != nil && f.libHandles[r.Handle] || r.Handle == nil && !r.Dynamic && f.libFlags[r.Flag] {
			r.LibraryTest = true
		}
	}
	f.res.Refs = append(f.res.Refs, r)
}

// addKeyed records a call whose flag is the argument at index keyIdx.
func (f *finder) addKeyed(call *ast.CallExpr, kind Kind, via string, keyIdx int, negated bool, wrapper *WrapperFact, defIdx int) {
	if keyIdx < 0 || keyIdx >= len(call.Args) {
		return
	}
	r := &Ref{Kind: kind, Call: call, Key: call.Args[keyIdx], Negated: negated, Via: via, Wrapper: wrapper}
	if defIdx >= 0 && defIdx < len(call.Args) {
		r.Default = call.Args[defIdx]
	}
	r.Flag, r.Dynamic = f.flagOf(r.Key)
	f.add(r)
}

// addAccessorProperty records a call of a property accessor
// (dc.GetBoolProperty(dynamicconfig.X, false)) as a Use of the flag: the
// call obtains the flag's property without reading it. The field or
// parameter it is bound to holds the flag (see findHolders), and a call of
// it where it is obtained is a check (see addPropertyCall); anything else
// hands the property on, left for a human.
func (f *finder) addAccessorProperty(call *ast.CallExpr, via string, a config.Accessor) {
	if a.Key < 0 || a.Key >= len(call.Args) {
		return
	}
	r := &Ref{Kind: Use, Call: call, Node: call, Key: call.Args[a.Key], Via: ViaProperty, Accessor: via}
	if a.Default >= 0 && a.Default < len(call.Args) {
		r.Default = call.Args[a.Default]
	}
	r.Flag, r.Dynamic = f.flagOf(r.Key)
	if f.accessorProps == nil {
		f.accessorProps = make(map[*ast.CallExpr]*Ref)
	}
	f.accessorProps[call] = r
	f.add(r)
}

// accessorProperty returns the reference of a property accessor's call,
// when e is one naming a flag by a constant key.
func (f *finder) accessorProperty(e ast.Expr) *Ref {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if r := f.accessorProps[call]; r != nil && !r.Dynamic && r.Flag != "" {
		return r
	}
	return nil
}

// unwrap returns the key an accessor's key argument passes through one of
// funcs: featureflags.IsOn(logger, os.Getenv(featureflags.X)) checks X.
// It returns nil when the argument is not such a call.
func (f *finder) unwrap(arg ast.Expr, funcs []config.FuncName) ast.Expr {
	inner, ok := ast.Unparen(arg).(*ast.CallExpr)
	if !ok || len(inner.Args) == 0 {
		return nil
	}
	fn := callee(f.pass.TypesInfo, inner)
	if fn == nil {
		return nil
	}
	for _, u := range funcs {
		if u.Matches(fn.FullName()) {
			return inner.Args[0]
		}
	}
	return nil
}

// flagOf names the flag an expression stands for: a constant key, a
// handle variable, or a call of a handle's key method (X.ID()).
func (f *finder) flagOf(e ast.Expr) (flag string, dynamic bool) {
	if k, ok := key(f.pass.TypesInfo, e); ok {
		return k, false
	}
	if v := f.handleArg(e); v != nil {
		if h := f.handleOf(v); h != nil && h.Flag != "" {
			return h.Flag, false
		}
	}
	return "", true
}

// handleVar returns the variable an expression names (X or pkg.X), if any.
func (f *finder) handleVar(e ast.Expr) *types.Var {
	id := astx.Name(e)
	if id == nil {
		return nil
	}
	v, _ := f.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || v.IsField() {
		return nil
	}
	return v
}

// handleArg returns the handle an argument naming a flag stands for: the
// handle variable itself, or X.ID() for a key method of X's handle.
func (f *finder) handleArg(e ast.Expr) *types.Var {
	if v := f.handleVar(e); v != nil {
		return v
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	v := f.handleVar(sel.X)
	if v == nil {
		return nil
	}
	h := f.handleOf(v)
	if h == nil {
		return nil
	}
	if hc, ok := f.m.handle(h.Constructor); ok && slices.Contains(hc.Keys, sel.Sel.Name) {
		return v
	}
	return nil
}

func (f *finder) addOverride(call *ast.CallExpr, via string, o config.TestOverride) {
	if o.Form == config.FormPairs {
		f.addPairs(call, via, o.Flag)
		return
	}
	if o.Flag >= len(call.Args) {
		return
	}
	r := &Ref{Kind: Override, Call: call, Key: call.Args[o.Flag], Via: via}
	if v, h, addressed := f.addressedHolder(r.Key); addressed {
		// A generic setter given a variable's address
		// (SetForTest(t, &features.X, true)): an override of the
		// flag the variable holds, if it holds one.
		if v == nil {
			return
		}
		r.Flag, r.Holder = h.Flag, v
		if overrideCall(r, call, o) {
			f.add(r)
		}
		return
	}
	r.Flag, r.Dynamic = f.flagOf(r.Key)
	r.Handle = f.handleArg(r.Key)
	if overrideCall(r, call, o) {
		f.add(r)
	}
}

// overrideCall completes an override call's Ref from its form: the value
// argument (none for a reset) and, through a key prefix, the flag the key
// names. It reports whether the call overrides a flag at all: t.Setenv
// sets any variable, and only the prefixed ones are flags; a key that is
// not constant is then nobody's flag.
func overrideCall(r *Ref, call *ast.CallExpr, o config.TestOverride) bool {
	switch {
	case o.Value == config.ValueOn || o.Value == config.ValueOff:
		v := o.Value == config.ValueOn
		r.Fixed = &v
	case o.Value < 0:
		r.Reset = true
	case o.Value < len(call.Args):
		r.Value = call.Args[o.Value]
	}
	if o.KeyPrefix == "" || r.Handle != nil {
		return true
	}
	name, ok := strings.CutPrefix(r.Flag, o.KeyPrefix)
	if r.Dynamic || !ok || name == "" {
		return false
	}
	r.Flag, r.keyCase = name, o.KeyCase
	return true
}

// addFeatureSet records each flag argument of a feature-set call: a
// handle, or a constant of string kind.
func (f *finder) addFeatureSet(call *ast.CallExpr, via string) {
	for _, arg := range call.Args {
		flag, dynamic := f.flagOf(arg)
		if dynamic {
			continue // not every argument need be a flag
		}
		f.add(&Ref{Kind: FeatureSet, Call: call, Key: arg, Flag: flag, Via: via, Handle: f.handleArg(arg)})
	}
}

// addHandleCall records X.IsEnabled(…) when X is a handle.
func (f *finder) addHandleCall(call *ast.CallExpr, fn *types.Func) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	v := f.handleVar(sel.X)
	if v == nil {
		return
	}
	h := f.handleOf(v)
	if h == nil {
		return
	}
	ok, negated := f.m.handleMethod(h.Constructor, fn.Name())
	if !ok {
		return
	}
	f.add(&Ref{Kind: Check, Call: call, Key: sel.X, Flag: h.Flag, Dynamic: h.Flag == "", Negated: negated, Via: fn.FullName(), Handle: v})
}

// findHandleValues records every use of a handle variable that no other
// reference accounts for (the receiver of a check, the flag argument of an
// override or feature set) as a Use: the handle escapes as a value.
func (f *finder) findHandleValues() {
	consumed := make(map[*ast.Ident]bool)
	for id := range f.aliasInits {
		consumed[id] = true
	}
	for _, r := range f.res.Refs {
		if r.Key == nil {
			continue
		}
		ast.Inspect(r.Key, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				consumed[id] = true
			}
			return true
		})
	}
	var uses []*ast.Ident
	for id, obj := range f.pass.TypesInfo.Uses {
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() || consumed[id] {
			continue
		}
		if h := f.handleOf(v); h != nil {
			uses = append(uses, id)
		}
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].Pos() < uses[j].Pos() })
	// A handle of another package is pkg.X: the reference is the whole
	// qualified expression, as the argument it is.
	qualified := make(map[*ast.Ident]*ast.SelectorExpr)
	if len(uses) > 0 {
		f.ins.Preorder([]ast.Node{(*ast.SelectorExpr)(nil)}, func(n ast.Node) {
			sel := n.(*ast.SelectorExpr)
			if _, isPkg := f.pass.TypesInfo.Uses[astx.Name(sel.X)].(*types.PkgName); isPkg {
				qualified[sel.Sel] = sel
			}
		})
	}
	for _, id := range uses {
		v := f.pass.TypesInfo.Uses[id].(*types.Var)
		h := f.handleOf(v)
		var node ast.Expr = id
		if sel, ok := qualified[id]; ok {
			node = sel
		}
		r := &Ref{Kind: Use, Node: node, Key: node, Flag: h.Flag, Dynamic: h.Flag == "", Via: h.Constructor, Handle: v}
		if r.File = isFile(f.pass, id.Pos()); r.File != nil {
			r.Generated = generated(f.res.config, f.pass.Fset, r.File)
		}
		f.add(r)
	}
}
