package config

import (
	"fmt"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
)

// Loaded is what CheckForms needs to know of the packages a run loaded.
type Loaded struct {
	// Paths are the import paths of the loaded packages.
	Paths []string
	// Types returns the packages loaded with an import path: one, or
	// several for a package and its test variant. A package whose types
	// cannot be read (it does not build) is left out: its errors are
	// reported on their own, and a form in it is not judged.
	Types func(path string) []*types.Package
	// Complete reports that Paths are every package of the module and
	// all their dependencies, so that a form naming another package is
	// known to match nothing. A partial view (go vet sees one package and
	// its imports; --files a few packages) knows no such thing.
	Complete bool
}

// CheckForms checks the configured reference forms, and the presets',
// against the loaded packages: a form whose function, method or type does
// not exist, whose argument index is beyond the function's parameters, or
// whose key parameter cannot hold a key, matches no call, so that every
// flag it was meant to find looks unreferenced — and `remove` would delete
// the flag's definition and leave its checks. Each is an error at the line
// that is wrong.
//
// A preset's form is checked where its function exists: a preset names
// every version of an SDK, and a function the loaded version lacks is
// called nowhere.
//
// A form of the project's own whose package is not loaded at all (a
// Complete view) is a warning: it may be written ahead of the code that
// uses it, but it matches nothing today. A preset's form whose package is
// not loaded is silent: presets name every SDK version they know.
// Warnings come back as errors whose message starts with "warning: ".
func (c *Config) CheckForms(l Loaded) (errs, warnings diag.ErrorList) {
	k := &formChecker{l: l}
	type source struct {
		preset string
		pos    diag.Position
		p      Preset
	}
	sources := []source{{p: Preset{Accessors: c.Accessors, Handles: c.Handles, TestOverrides: c.TestOverrides, FeatureSets: c.FeatureSets, Requires: c.Requires}}}
	for _, pr := range c.Presets {
		sources = append(sources, source{preset: pr.V, pos: pr.Pos, p: c.preset(pr.V)})
	}
	for _, s := range sources {
		for _, a := range s.p.Accessors {
			f := form{what: "accessor", preset: s.preset, pos: orPos(a.Pos, s.pos), where: a.Where}
			k.accessor(f, a)
		}
		for _, h := range s.p.Handles {
			f := form{what: "handle", preset: s.preset, pos: orPos(h.Pos, s.pos), where: h.Where}
			k.handle(f, h)
		}
		for _, o := range s.p.TestOverrides {
			f := form{what: "test override", preset: s.preset, pos: orPos(o.Pos, s.pos), where: o.Where}
			k.override(f, o)
		}
		for _, fs := range s.p.FeatureSets {
			f := form{what: "feature set", preset: s.preset, pos: orPos(fs.Pos, s.pos), where: fs.Where}
			k.function(f, fs.Func) // it has no indexes to check
			if fs.Context.Name != "" {
				k.helper(f, "context", fs.Context)
			}
		}
		for _, r := range s.p.Requires {
			f := form{what: "requirement", preset: s.preset, pos: orPos(r.Pos, s.pos), where: r.Where}
			if tn := k.typeName(f, r.Type); tn != nil {
				k.fields(f, tn, map[string]string{"field": r.Field})
			}
		}
	}
	for _, d := range c.AllGoDefinitions() {
		k.goDefinition(d)
	}
	k.errs.Sort()
	k.warns.Sort()
	return k.errs, k.warns
}

func orPos(p, fallback diag.Position) diag.Position {
	if p.IsZero() {
		return fallback
	}
	return p
}

// A form is what an error about one configured form needs.
type form struct {
	what   string // "accessor", "handle", …
	preset string // the preset it comes from; empty for the project's own
	pos    diag.Position
	where  map[string]diag.Position
}

func (f form) at(key string) diag.Position { return At(f.where, key, f.pos) }

type formChecker struct {
	l     Loaded
	errs  diag.ErrorList
	warns diag.ErrorList
}

func (k *formChecker) errorf(f form, pos diag.Position, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if f.preset != "" {
		msg = "preset " + f.preset + ": " + msg
	}
	k.errs = append(k.errs, diag.Errorf(pos, "%s", msg))
}

// packages returns the loaded packages a form's package names: the
// package (and its test variant), or, for a ".../suffix" pattern, every
// package whose path ends in /suffix. Nothing loaded is a warning for the
// project's own forms, when the view is complete.
func (k *formChecker) packages(f form, pkg string) []*types.Package {
	var out []*types.Package
	loaded := false
	for _, p := range k.l.Paths {
		if matchesPath(pkg, p) {
			loaded = true
			out = append(out, k.l.Types(p)...)
		}
	}
	if !loaded && f.preset == "" && k.l.Complete {
		k.warns = append(k.warns, diag.Errorf(f.pos, "warning: package %s is not loaded (no package of the module imports it): this form matches nothing", pkg))
	}
	return out
}

// matchesPath reports whether a form's package (an import path, or a
// ".../suffix" pattern) names the package at path.
func matchesPath(pkg, path string) bool {
	return pkg == path || isPattern(pkg) && strings.HasSuffix(path, pkg[3:])
}

func isPattern(pkg string) bool { return strings.HasPrefix(pkg, ".../") }

// PackageMatches reports whether a form's package (an import path, or a
// ".../suffix" pattern, as presets write them for every major version of
// a module) names the package at path.
func PackageMatches(pkg, path string) bool { return matchesPath(pkg, path) }

// function returns the function or method a form names, as declared in
// the first loaded package that has it, or nil: its package is not loaded
// (or does not build), or it does not exist, which is reported.
func (k *formChecker) function(f form, name FuncName) *types.Func {
	pkgs := k.packages(f, name.Pkg)
	var problem string
	for _, p := range pkgs {
		fn, why := lookupFunc(p, name)
		if fn != nil {
			return fn
		}
		if problem == "" {
			problem = why
		}
	}
	// Export data holds a package's unexported functions only when its
	// API needs them: missing there proves nothing.
	if len(pkgs) > 0 && k.judgeMissing(f, name.Pkg) && token.IsExported(name.Name) && (name.Recv == "" || token.IsExported(name.Recv)) {
		k.errorf(f, f.pos, "%s: %s; this %s matches nothing", name, problem, f.what)
	}
	return nil
}

// judgeMissing reports whether a name missing from the loaded packages
// is an error. A preset names every function of every SDK version it
// knows: one the loaded version lacks is called nowhere, so nothing is
// missed (its indexes are checked wherever it exists). A ".../suffix"
// pattern seen through a partial view may have matched another package
// with the same suffix: only the whole program can tell.
func (k *formChecker) judgeMissing(f form, pkg string) bool {
	return f.preset == "" && (!isPattern(pkg) || k.l.Complete)
}

// helper checks a function a form names beside its own (an accessor's
// unwrap functions, a feature set's context): it must exist when its
// package is loaded; that it is not loaded says nothing.
func (k *formChecker) helper(f form, key string, name FuncName) {
	pos := f.at(key + " " + name.String())
	if key == "context" || strings.HasPrefix(key, "options.") {
		pos = f.at(key)
	}
	var pkgs []*types.Package
	for _, p := range k.l.Paths {
		if matchesPath(name.Pkg, p) {
			pkgs = append(pkgs, k.l.Types(p)...)
		}
	}
	if len(pkgs) == 0 || !k.judgeMissing(f, name.Pkg) {
		return
	}
	var problem string
	for _, p := range pkgs {
		fn, why := lookupFunc(p, name)
		if fn != nil {
			return
		}
		if problem == "" {
			problem = why
		}
	}
	k.errorf(f, pos, "%s: %s: %s", key, name, problem)
}

// lookupFunc finds a function or method in a package. For a form that
// exists but cannot match (a method declared on T configured on *T, or
// promoted from an embedded type), it says what to write instead: the
// references are matched by the declared method's full name.
func lookupFunc(p *types.Package, name FuncName) (*types.Func, string) {
	if !name.IsMethod() && name.IsGlob() {
		for _, n := range p.Scope().Names() {
			if ok, _ := path.Match(name.Name, n); ok {
				if fn, ok := p.Scope().Lookup(n).(*types.Func); ok {
					return fn, "" // the first: the family shares a signature
				}
			}
		}
		return nil, fmt.Sprintf("package %s has no function matching %s", p.Path(), name.Name)
	}
	if !name.IsMethod() {
		obj := p.Scope().Lookup(name.Name)
		switch obj := obj.(type) {
		case *types.Func:
			return obj, ""
		case nil:
			return nil, fmt.Sprintf("package %s has no function %s%s", p.Path(), name.Name, suggest(name.Name, scopeNames(p, false)))
		default:
			return nil, fmt.Sprintf("%s is a %s, not a function", name.Name, kindOf(obj))
		}
	}
	tn, ok := p.Scope().Lookup(name.Recv).(*types.TypeName)
	if !ok {
		return nil, fmt.Sprintf("package %s has no type %s%s", p.Path(), name.Recv, suggest(name.Recv, scopeNames(p, true)))
	}
	t := tn.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t) // the method set of *T holds T's too
	}
	if name.IsGlob() {
		ms := types.NewMethodSet(t)
		for i := range ms.Len() {
			fn, ok := ms.At(i).Obj().(*types.Func)
			if ok && name.Matches(TrimTypeParams(fn.Origin().FullName())) {
				return fn.Origin(), "" // the first: the family shares its roles
			}
		}
		return nil, fmt.Sprintf("type %s has no method matching %s (a wildcard matches the go/types full name: (*T).M for a pointer receiver)", name.Recv, name.Name)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, p, name.Name)
	fn, ok := obj.(*types.Func)
	if !ok {
		if obj != nil {
			return nil, fmt.Sprintf("%s.%s is a field, not a method", name.Recv, name.Name)
		}
		return nil, fmt.Sprintf("type %s has no method %s%s", name.Recv, name.Name, suggest(name.Name, methodNames(tn.Type())))
	}
	fn = fn.Origin()
	full := TrimTypeParams(fn.FullName())
	if !name.Matches(full) {
		// The go/types full name is that of the declaration: write it
		// (keeping a preset's ".../" pattern is not the user's concern).
		return nil, fmt.Sprintf("the method's go/types full name is %s: write that", full)
	}
	return fn, ""
}

func kindOf(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "variable"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	}
	return "name"
}

// scopeNames returns a package's exported function (or type) names, for
// suggestions.
func scopeNames(p *types.Package, typeNames bool) []string {
	var out []string
	for _, n := range p.Scope().Names() {
		_, isType := p.Scope().Lookup(n).(*types.TypeName)
		_, isFunc := p.Scope().Lookup(n).(*types.Func)
		if typeNames && isType || !typeNames && isFunc {
			out = append(out, n)
		}
	}
	return out
}

func methodNames(t types.Type) []string {
	if !types.IsInterface(t) {
		t = types.NewPointer(t)
	}
	ms := types.NewMethodSet(t)
	var out []string
	for i := range ms.Len() {
		out = append(out, ms.At(i).Obj().Name())
	}
	sort.Strings(out)
	return out
}

func suggest(name string, known []string) string {
	if s := yamlx.Suggest(name, known); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	return ""
}

// adaptHint tells how to adapt a preset whose form does not fit the
// library the program uses (an older release): the presets: entry that
// sets the index, with the first parameter that can hold a key when the
// index is a key's. Empty for the project's own forms.
func adaptHint(f form, fn *types.Func, key string, isKey bool) string {
	if f.preset == "" {
		return ""
	}
	role := key
	switch key {
	case "flag", "name":
		role = "key"
	}
	// The first parameter that can hold the role: a key for the key, a
	// boolean for a default or value; none when there is no such one.
	idx := "none"
	params := fn.Signature().Params()
	for j := range params.Len() {
		t := params.At(j).Type()
		b, isBool := t.Underlying().(*types.Basic)
		if isKey && cannotHoldKey(t) == "" || !isKey && isBool && b.Kind() == types.Bool {
			idx = fmt.Sprint(j)
			break
		}
	}
	return fmt.Sprintf(" (another release of the library? adapt the preset: presets: [{preset: %s, args: {%s: {%s: %s}}}])", f.preset, fn.Name(), role, idx)
}

// index checks that the argument index i (−1: not configured) is among
// fn's parameters; a variadic function takes any index from its variadic
// parameter on. When key is set, the parameter must be able to hold a
// flag key: a string constant, or a handle.
func (k *formChecker) index(f form, fn *types.Func, key string, i int, isKey bool) {
	if i < 0 {
		return
	}
	sig := fn.Signature()
	params := sig.Params()
	n := params.Len()
	if i >= n && !(sig.Variadic() && i >= n-1) {
		k.errorf(f, f.at(key), "%s: %d is beyond the parameters of %s, %s: this %s matches no call%s", key, i, fnName(fn), types.TypeString(sig, nil), f.what, adaptHint(f, fn, key, isKey))
		return
	}
	if !isKey {
		return
	}
	t := params.At(min(i, n-1)).Type()
	if sig.Variadic() && i >= n-1 {
		t = t.(*types.Slice).Elem()
	}
	if why := cannotHoldKey(t); why != "" {
		k.errorf(f, f.at(key), "%s: %d is the %s parameter of %s, %s, which %s: is the index right?%s", key, i, types.TypeString(t, nil), fnName(fn), types.TypeString(sig, nil), why, adaptHint(f, fn, key, isKey))
	}
}

// isBoolPtr reports a pointer to a boolean (of any named bool type).
func isBoolPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	b, ok := p.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func fnName(fn *types.Func) string { return TrimTypeParams(fn.FullName()) }

// cannotHoldKey says why a parameter of type t can never receive a flag
// key, which is a string constant or a handle (a value of any named type,
// often a pointer): only the clear cases, so that no working form is
// refused — a boolean or number, a context, a test's *testing.T.
func cannotHoldKey(t types.Type) string {
	switch types.TypeString(t, nil) {
	case "context.Context", "*testing.T", "*testing.B", "*testing.F", "testing.TB":
		return "is not a flag key"
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString == 0 {
		return "cannot hold a flag key (a string)"
	}
	return ""
}

func (k *formChecker) accessor(f form, a Accessor) {
	fn := k.function(f, a.Func)
	if fn == nil {
		return
	}
	k.index(f, fn, "key", a.Key, true)
	k.index(f, fn, "default", a.Default, false)
	for _, u := range a.Unwrap {
		k.helper(f, "unwrap", u)
	}
	for _, x := range a.Fixed {
		k.helper(f, "fixed_properties", x)
	}
	if a.Property {
		if res := fn.Signature().Results(); res.Len() != 1 || !returnsBool(res.At(0).Type()) {
			k.errorf(f, f.pos, "property: true: %s does not return a function returning bool, so its result is no property", fnName(fn))
		}
	}
}

// returnsBool reports whether t is a function type returning one bool.
func returnsBool(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func (k *formChecker) handle(f form, h Handle) {
	fn := k.function(f, h.Constructor)
	if fn == nil {
		return
	}
	k.index(f, fn, "name", h.Name, true)
	for _, i := range h.Aliases {
		k.index(f, fn, "aliases", i, false)
	}
	res := fn.Signature().Results()
	if res.Len() == 0 {
		k.errorf(f, f.pos, "%s returns nothing, so it makes no handle", fnName(fn))
		return
	}
	t := res.At(0).Type()
	for _, group := range []struct {
		key   string
		names []string
	}{{"enabled", h.Enabled}, {"disabled", h.Disabled}, {"key_methods", h.Keys}, {"properties", h.Properties}} {
		for _, m := range group.names {
			obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), m)
			if _, ok := obj.(*types.Func); !ok {
				k.errorf(f, f.at(group.key+" "+m), "%s: %s returns %s, which has no method %s%s: no call of it is a check", group.key, fnName(fn), types.TypeString(t, nil), m, suggest(m, methodNames(t)))
			}
		}
	}
}

func (k *formChecker) override(f form, o TestOverride) {
	switch o.Form {
	case FormCall:
		if fn := k.function(f, o.Func); fn != nil {
			k.index(f, fn, "flag", o.Flag, true)
			k.index(f, fn, "value", o.Value, false)
		}
	case FormPairs:
		if fn := k.function(f, o.Func); fn != nil {
			k.index(f, fn, "pairs", o.Flag, true)
		}
	case FormStruct, FormMap, FormList:
		if o.Form == FormMap && o.Func.Name != "" {
			k.function(f, o.Func)
		}
		if o.KeyPackage != "" {
			k.packages(f, o.KeyPackage)
			return
		}
		if o.StringKeys {
			return // string, which always exists
		}
		tn := k.typeName(f, o.Type)
		if tn == nil || o.Form == FormMap {
			return
		}
		k.fields(f, tn, map[string]string{"flag": o.FlagField, "value": o.ValueField, "list": o.ListField})
	}
}

// typeName returns the type a form names, reporting one that does not
// exist in a loaded package.
func (k *formChecker) typeName(f form, name FuncName) *types.TypeName {
	pkgs := k.packages(f, name.Pkg)
	for _, p := range pkgs {
		if tn, ok := p.Scope().Lookup(name.Name).(*types.TypeName); ok {
			return tn
		}
	}
	if len(pkgs) > 0 && k.judgeMissing(f, name.Pkg) {
		k.errorf(f, f.pos, "%s: package %s has no type %s%s; this %s matches nothing", name, pkgs[0].Path(), name.Name, suggest(name.Name, scopeNames(pkgs[0], true)), f.what)
	}
	return nil
}

// fields checks that a struct type has the fields a form names, by the
// key they are written under. Only the fields written in the file are
// checked: a preset's vary with the version of the SDK (a field the
// version lacks is never set, so never read).
func (k *formChecker) fields(f form, tn *types.TypeName, fields map[string]string) {
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return
	}
	keys := make([]string, 0, len(fields))
	for key := range fields {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		name := fields[key]
		if _, written := f.where[key]; !written || name == "" {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(st, false, tn.Pkg(), name)
		if v, ok := obj.(*types.Var); !ok || !v.IsField() {
			var known []string
			for i := range st.NumFields() {
				known = append(known, st.Field(i).Name())
			}
			k.errorf(f, f.at(key), "%s: %s has no field %s%s", key, tn.Name(), name, suggest(name, known))
		}
	}
}

func (k *formChecker) goDefinition(d GoDefinition) {
	f := form{what: "go definition", preset: d.Preset, pos: d.Pos, where: d.Where}
	if p, ok := d.Where[d.Kind]; ok {
		f.pos = p
	}
	switch d.Kind {
	case "constructor":
		fn := k.function(f, d.Constructor)
		if fn == nil {
			return
		}
		roles := make([]string, 0, len(d.Args))
		for r := range d.Args {
			roles = append(roles, r)
		}
		sort.Strings(roles)
		for _, r := range roles {
			k.index(f, fn, "args."+r, d.Args[r], r == "name")
		}
		roles = roles[:0]
		for r := range d.Options {
			roles = append(roles, r)
		}
		sort.Strings(roles)
		for _, r := range roles {
			k.helper(f, "options."+r, d.Options[r])
		}
	case "struct":
		if tn := k.typeName(f, d.Registry); tn != nil {
			if _, ok := tn.Type().Underlying().(*types.Struct); !ok {
				k.errorf(f, f.pos, "%s is not a struct type: struct: names the config struct whose boolean fields are flags", d.Registry)
			}
		}
		if d.Binder.Name == "" {
			return
		}
		bf := f
		bf.what = "go definition's binder"
		if p, ok := d.Where["binder"]; ok {
			bf.pos = p
		}
		fn := k.function(bf, d.Binder)
		if fn == nil {
			return
		}
		if i, ok := d.Args["key"]; ok {
			k.index(f, fn, "args.key", i, true)
		}
		for _, r := range []string{"default", "field"} {
			i, ok := d.Args[r]
			if !ok {
				continue
			}
			k.index(f, fn, "args."+r, i, false)
			params := fn.Signature().Params()
			if i < 0 || i >= params.Len() {
				continue
			}
			want := types.Type(types.Typ[types.Bool])
			if r == "field" {
				want = types.NewPointer(want)
			}
			if t := params.At(i).Type(); !types.Identical(t.Underlying(), want) && !(r == "field" && isBoolPtr(t)) {
				k.errorf(f, f.at("args."+r), "args.%s: %d is the %s parameter of %s, %s, not a %s: is the index right?", r, i, types.TypeString(t, nil), fnName(fn), types.TypeString(fn.Signature(), nil), types.TypeString(want, nil))
			}
		}
	case "const":
		if tn := k.typeName(f, d.Registry); tn != nil {
			if b, ok := tn.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
				k.errorf(f, f.pos, "%s is not a string type: const: names the type whose constants are flags (type Feature string)", d.Registry)
			}
		}
	case "map", "slice":
		if d.IsBoolMap() {
			return // bool needs no checking
		}
		tn := k.typeName(f, d.Registry)
		if tn == nil {
			return
		}
		fields := make(map[string]string, len(d.Fields))
		for r, name := range d.Fields {
			fields["fields."+r] = name
		}
		k.fields(f, tn, fields)
	}
}

// TrimTypeParams removes the type parameters from the receiver of a
// go/types full name: a method of a generic type is named
// "(*example.com/p.Client[T]).On", configured as "(*example.com/p.Client).On".
func TrimTypeParams(full string) string {
	if !strings.HasPrefix(full, "(") {
		return full
	}
	end := strings.Index(full, ").")
	open := strings.IndexByte(full, '[')
	if open < 0 || end < 0 || open > end {
		return full
	}
	return full[:open] + full[end:]
}
