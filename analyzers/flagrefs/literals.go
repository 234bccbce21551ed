package flagrefs

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
)

// addLiteral records the overrides a composite literal writes: a struct
// literal of a configured type naming a flag in its flag field
// (spec.Variable{Key: featureflags.X, Value: "true"}), or the entries of
// a map[K]bool literal keyed by flags (map[featuregate.Feature]bool{X:
// true}).
func (f *finder) addLiteral(lit *ast.CompositeLit) {
	t := f.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	for _, o := range f.m.literals {
		switch o.Form {
		case config.FormStruct:
			if !namedAs(t, o.Type) {
				continue
			}
			fields := astx.Fields(lit)
			k := fields[o.FlagField]
			if k == nil {
				return
			}
			r := &Ref{Kind: Override, Form: config.FormStruct, Node: lit, Key: k, Value: fields[o.ValueField], Via: o.Type.String()}
			r.Flag, r.Dynamic = f.flagOf(k)
			r.Handle = f.handleVar(k)
			f.add(r)
			return
		case config.FormList:
			if !namedAs(t, o.Type) {
				continue
			}
			list, ok := ast.Unparen(astx.Fields(lit)[o.ListField]).(*ast.CompositeLit)
			if !ok {
				return
			}
			for _, el := range list.Elts {
				f.addListed(o, list, el)
			}
			return
		case config.FormMap:
			m, ok := t.Underlying().(*types.Map)
			if !ok || !isBool(m.Elem()) && !types.IsInterface(m.Elem()) && !(o.StringKeys && isString(m.Elem())) {
				continue
			}
			found := false
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok || !f.flagKey(o, m, kv.Key) {
					continue
				}
				// A map of settings of any type (Temporal's test
				// clusters' map[dynamicconfig.Key]any{X.Key(): false})
				// holds flags where its value is a boolean.
				if !isBool(m.Elem()) && !f.isBoolValue(kv.Value) && !(o.StringKeys && f.isBoolText(kv.Value)) {
					continue
				}
				flag, dynamic := f.flagOf(kv.Key)
				if dynamic {
					continue // map[Feature]bool{f: v}: building a map, not naming a flag
				}
				via := "map"
				if o.StringKeys {
					via = ViaStringMap
				}
				f.add(&Ref{Kind: Override, Form: config.FormMap, Node: kv, Lit: lit, Key: kv.Key, Flag: flag, Value: kv.Value, Via: via})
				found = true
			}
			if found {
				return
			}
		}
	}
}

// addListed records an element of a list override's field: a flag the
// test turns on, by its name or key ("jaeger.x", or a constant or handle
// naming it), or with its state ("+x", "x=true" on; "-x", "x=false"
// off). Constants naming no flag are dropped once the definitions are
// known (dropUndefinedStructs): the list may hold other settings.
func (f *finder) addListed(o config.TestOverride, list *ast.CompositeLit, el ast.Expr) {
	on := true
	flag, dynamic := f.flagOf(el)
	if dynamic {
		return // a variable: nothing to tell which flag
	}
	if tv := f.pass.TypesInfo.Types[el]; tv.Value != nil && tv.Value.Kind() == constant.String {
		flag, on = listedState(flag)
	}
	f.add(&Ref{Kind: Override, Form: config.FormList, Node: el, Lit: list, Key: el, Flag: flag, Fixed: &on, Via: o.Type.String() + "." + o.ListField})
}

// listedState splits a list override's element into the flag's name
// and the state it gives it.
func listedState(s string) (name string, on bool) {
	switch {
	case strings.HasPrefix(s, "+"):
		return s[1:], true
	case strings.HasPrefix(s, "-"):
		return s[1:], false
	}
	if i := strings.LastIndexByte(s, '='); i > 0 {
		if b, err := strconv.ParseBool(s[i+1:]); err == nil {
			return s[:i], b
		}
	}
	return s, true
}

// flagKey reports whether k, a key of a map[K]bool, names a flag as a
// map override o describes.
func (f *finder) flagKey(o config.TestOverride, m *types.Map, k ast.Expr) bool {
	if o.KeyPackage != "" {
		return f.constOf(k, o.KeyPackage)
	}
	if o.StringKeys {
		// Any constant string: those that are no flag's name or key
		// are dropped once the definitions are known (see
		// dropUndefinedStructs).
		b, ok := m.Key().(*types.Basic)
		_, isConst := key(f.pass.TypesInfo, k)
		return ok && b.Kind() == types.String && isConst
	}
	return namedAs(m.Key(), o.Type) || f.convertedFrom(k, o.Type)
}

// addIndexAssign records `gates[features.X] = true`: an override of the
// map form written as an assignment (Kubernetes e2e configurations set
// FeatureGates[string(features.X)] that way).
func (f *finder) addIndexAssign(as *ast.AssignStmt) {
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.ASSIGN {
		return
	}
	ix, ok := ast.Unparen(as.Lhs[0]).(*ast.IndexExpr)
	if !ok {
		return
	}
	via := "map"
	flag, ok := f.mapFlag(ix)
	if !ok && f.isBoolValue(as.Rhs[0]) {
		flag, ok = f.anyMapFlag(ix)
	}
	if !ok && (f.isBoolValue(as.Rhs[0]) || f.isBoolText(as.Rhs[0])) {
		// cm.Data["enable-x"] = "true": a test's config map, keyed
		// by plain strings (map_key_type: string). Any constant
		// string key matches; those naming no flag are dropped once
		// the definitions are known (dropUndefinedStructs), so
		// seen["x"] = true stays no override.
		flag, ok = f.indexFlag(ix, settingsElem, true)
		via = ViaStringMap
	}
	if ok {
		f.assigned[ix] = true
		f.add(&Ref{Kind: Override, Form: config.FormMap, Node: ix, Key: ix.Index, Flag: flag, Value: as.Rhs[0], Via: via})
	}
}

// addIndexRead records a read of a flag's forced state from a map of the
// override form: tc.featureGates[features.X] in a table test is the
// flag's value in that case, a check in its own right. (Assignments to
// such an entry are overrides, recorded first: the assignment statement
// comes before its index expression in the traversal.)
func (f *finder) addIndexRead(ix *ast.IndexExpr) {
	if f.assigned[ix] {
		return
	}
	if flag, ok := f.mapFlag(ix); ok {
		f.add(&Ref{Kind: Check, Node: ix, Key: ix.Index, Flag: flag, Via: "map"})
	}
}

// mapFlag returns the flag a map index expression names, when the map is
// a map[K]bool of the override form and the key a constant flag.
//
// Maps keyed by plain strings (map_key_type: string) are left out: a
// read of one is no check, since any map[string]bool read at a constant
// would be, and which constants name flags is known only later.
func (f *finder) mapFlag(ix *ast.IndexExpr) (string, bool) {
	return f.indexFlag(ix, isBool, false)
}

// anyMapFlag returns the flag an index expression of a map of settings
// of any type names (overrides[X.Key()] = false): only assignments of a
// boolean to it are overrides, and reads of it are no checks (the value
// is an interface).
func (f *finder) anyMapFlag(ix *ast.IndexExpr) (string, bool) {
	return f.indexFlag(ix, types.IsInterface, false)
}

// settingsElem reports whether t is an element type a map holding a
// flag's state may have: a bool, an interface or text.
func settingsElem(t types.Type) bool {
	return isBool(t) || types.IsInterface(t) || isString(t)
}

// indexFlag returns the flag an index expression names, when the map's
// element type is one elem accepts, the map is of the override form and
// the key a constant flag; stringKeys picks the overrides of maps keyed
// by plain strings (map_key_type: string) instead of the others.
func (f *finder) indexFlag(ix *ast.IndexExpr, elem func(types.Type) bool, stringKeys bool) (string, bool) {
	t := f.pass.TypesInfo.TypeOf(ix.X)
	if t == nil {
		return "", false
	}
	m, ok := t.Underlying().(*types.Map)
	if !ok || !elem(m.Elem()) {
		return "", false
	}
	for _, o := range f.m.literals {
		if o.Form != config.FormMap || o.StringKeys != stringKeys || !f.flagKey(o, m, ix.Index) {
			continue
		}
		flag, dynamic := f.flagOf(ix.Index)
		return flag, !dynamic
	}
	return "", false
}

// ViaStringMap is the Via of an entry of a map keyed by plain strings
// (map_key_type: string) that names a flag.
const ViaStringMap = "string map"

// isBoolText reports whether e is a constant string strconv.ParseBool
// reads ("true", "false", "1", "F", …): a flag's value in a map of
// settings as text, read by the binder the way strconv does.
func (f *finder) isBoolText(e ast.Expr) bool {
	tv, ok := f.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	_, err := strconv.ParseBool(constant.StringVal(tv.Value))
	return err == nil
}

// isBoolValue reports whether e is a boolean, typed or untyped.
func (f *finder) isBoolValue(e ast.Expr) bool {
	t := f.pass.TypesInfo.TypeOf(e)
	return t != nil && isBool(t)
}

// convertedFrom reports whether e converts a value of the named type t:
// map[string]bool{string(features.X): true} keys a plain map by a
// featuregate.Feature.
func (f *finder) convertedFrom(e ast.Expr, t config.FuncName) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if tv, ok := f.pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
		return false
	}
	return namedAs(f.pass.TypesInfo.TypeOf(call.Args[0]), t)
}

// constOf reports whether e names a constant declared in the package pkg
// (a path, or a ".../suffix" pattern).
func (f *finder) constOf(e ast.Expr, pkg string) bool {
	id := astx.Name(e)
	if id == nil {
		return false
	}
	c, _ := f.pass.TypesInfo.Uses[id].(*types.Const)
	if c == nil || c.Pkg() == nil {
		return false
	}
	return config.FuncName{Pkg: pkg, Name: c.Name()}.Matches(c.Pkg().Path() + "." + c.Name())
}

// namedAs reports whether t is the named type n.
func namedAs(t types.Type, n config.FuncName) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	return n.Matches(named.Obj().Pkg().Path() + "." + named.Obj().Name())
}

// addPairs records the flags of a call taking flags from argument first
// on, each optionally followed by its boolean (Grafana's
// featuremgmt.WithFeatures(FlagX, true, FlagY): X on, Y on). Arguments
// that are neither a flag nor a boolean (a spread slice) are skipped.
func (f *finder) addPairs(call *ast.CallExpr, via string, first int) {
	info := f.pass.TypesInfo
	if call.Ellipsis.IsValid() {
		return // WithFeatures(flags...): the flags are in a slice
	}
	for i := first; i < len(call.Args); i++ {
		arg := call.Args[i]
		if t := info.TypeOf(arg); t == nil || isBool(t) {
			continue
		}
		r := &Ref{Kind: Override, Form: config.FormPairs, Call: call, Key: arg, Via: via}
		r.Flag, r.Dynamic = f.flagOf(arg)
		if r.Dynamic {
			continue // not every argument need be a flag
		}
		if i+1 < len(call.Args) {
			if t := info.TypeOf(call.Args[i+1]); t != nil && isBool(t) {
				r.Value = call.Args[i+1]
				i++
			}
		}
		f.add(r)
	}
}

// resolveFolded names the flag of each key whose name was folded to one
// case (key_case: upper — MM_FEATUREFLAGS_FILESSEARCH sets FilesSearch):
// the definition whose name folds to it. A folded key no definition
// folds to is dropped, not reported as undefined: the prefix covers the
// whole config struct, whose other fields are no flags
// (MM_FEATUREFLAGS_TESTFEATURE sets a string). So is one that two
// definitions fold to: it cannot say which it sets.
func (res *Result) resolveFolded() {
	byFold := make(map[string]map[string]string) // by case
	kept := res.Refs[:0]
	for _, r := range res.Refs {
		if r.keyCase != "" {
			names := byFold[r.keyCase]
			if names == nil {
				names = make(map[string]string)
				for _, f := range res.Project.Flags {
					k := foldCase(r.keyCase, f.Name)
					if _, dup := names[k]; dup {
						names[k] = "" // FastPath and Fastpath: the key names neither
						continue
					}
					names[k] = f.Name
				}
				byFold[r.keyCase] = names
			}
			name := names[foldCase(r.keyCase, r.Flag)]
			if name == "" {
				continue
			}
			r.Flag = name
		}
		kept = append(kept, r)
	}
	res.Refs = kept
}

// resolveKeys names the flag of each reference whose key is another name
// of a flag (definitions.Definition.Keys): Tekton's tests force
// EnableProvenanceInStatus by its configuration key,
// EnableFeatureFlagField(ctx, t, "enable-provenance-in-status").
func (res *Result) resolveKeys() {
	byKey := make(map[string]string)
	for _, f := range res.Project.Flags {
		for _, k := range f.Keys {
			byKey[k] = f.Name
		}
	}
	if len(byKey) == 0 {
		return
	}
	for _, r := range res.Refs {
		if name := byKey[r.Flag]; name != "" && !r.Dynamic && res.Project.Flag(r.Flag) == nil {
			r.Flag = name
		}
	}
}

func foldCase(c, s string) string {
	if c == "lower" {
		return strings.ToLower(s)
	}
	return strings.ToUpper(s)
}

// dropUndefinedStructs drops struct-literal overrides of keys that are
// not flags: a struct type such as GitLab Runner's spec.Variable carries
// every job variable, and only those naming a defined flag are overrides.
// So do maps keyed by plain strings (ViaStringMap): a test's config map
// holds every setting.
func (res *Result) dropUndefinedStructs() {
	kept := res.Refs[:0]
	for _, r := range res.Refs {
		if (r.Form == config.FormStruct || r.Form == config.FormList || r.Via == ViaStringMap) && (r.Dynamic || res.Project.Flag(r.Flag) == nil) {
			continue
		}
		kept = append(kept, r)
	}
	res.Refs = kept
}

// dropDeclarations drops the map entries that are a flag's Go declaration:
// a map of gates (map[string]bool{OptimizedClones: true}, a "map: bool"
// definition) is written like a test's map override, but its entries
// declare the flags and their defaults.
func (res *Result) dropDeclarations(fset *token.FileSet) {
	kept := res.Refs[:0]
	for _, r := range res.Refs {
		if r.Kind == Override && r.Form == config.FormMap && res.declares(fset, r) {
			continue
		}
		kept = append(kept, r)
	}
	res.Refs = kept
}

// declares reports whether r lies in one of its flag's Go declarations.
func (res *Result) declares(fset *token.FileSet, r *Ref) bool {
	d := res.Project.Flag(r.Flag)
	if d == nil {
		return false
	}
	p := fset.Position(r.Node.Pos())
	for _, g := range d.Go {
		if g.File == p.Filename && g.Start <= p.Offset && p.Offset < g.End {
			return true
		}
	}
	return false
}
