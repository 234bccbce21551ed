package godefs

import (
	"go/ast"
	"go/types"
	"path"
	"slices"

	"github.com/flagsweep/flagsweep/config"
)

// Forms are reference forms derived from the code rather than written in
// the configuration: a registration wrapper is a constructor of its own.
type Forms struct {
	GoDefinitions []config.GoDefinition
	Handles       []config.Handle
}

// Wrappers finds a package's registration wrappers: functions that hand
// their own parameters to a configured constructor as its flag's name
// (and stage, and variadic options), such as the OpenTelemetry
// Collector's
//
//	func mustRegisterOrLoad(reg *featuregate.Registry, id string, stage featuregate.Stage, opts ...featuregate.RegisterOption) *featuregate.Gate {
//		gate, err := reg.Register(id, stage, opts...)
//		…
//	}
//
// A call of one declares a flag exactly as the constructor's call would,
// with the roles at the wrapper's parameter indexes: each wrapper gets a
// Go definition copied from the constructor's, and, when it returns the
// type a configured handle constructor returns, that handle's form too,
// so that `var G = mustRegisterOrLoad(reg, "x", StageBeta)` is a handle
// whose G.IsEnabled() checks x. The roles the wrapper fixes itself
// (a stage written in its body) are not the call's, and stay unread.
func Wrappers(files []*ast.File, info *types.Info, sources []config.GoDefinition, handles []config.Handle) Forms {
	var out Forms
	found := make(map[*types.Func]bool)
	// A wrapper of a wrapper is one too: repeat until no more are found.
	for more := true; more; {
		more = false
		all := append(slices.Clip(sources), out.GoDefinitions...)
		for _, f := range files {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || fd.Body == nil {
					continue
				}
				obj, _ := info.Defs[fd.Name].(*types.Func)
				if obj == nil || obj.Pkg() == nil || found[obj] {
					continue
				}
				def, ok := forwarded(fd, obj, info, all)
				if !ok {
					continue
				}
				found[obj], more = true, true
				out.GoDefinitions = append(out.GoDefinitions, def)
				if h, ok := handleFor(obj, def.Args["name"], handles); ok {
					out.Handles = append(out.Handles, h)
				}
			}
		}
	}
	return out
}

// forwarded returns the Go definition of fd when its body calls a
// constructor source with fd's parameters as the name and other roles.
func forwarded(fd *ast.FuncDecl, obj *types.Func, info *types.Info, sources []config.GoDefinition) (config.GoDefinition, bool) {
	sig := obj.Signature()
	params := make(map[types.Object]int)
	for i := range sig.Params().Len() {
		params[sig.Params().At(i)] = i
	}
	param := func(e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return 0, false
		}
		i, ok := params[info.Uses[id]]
		return i, ok
	}
	var def config.GoDefinition
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := calleeFunc(info, call)
		if fn == nil {
			return true
		}
		full := config.TrimTypeParams(fn.FullName())
		for _, s := range sources {
			if s.Kind != "constructor" || !s.Constructor.Matches(full) {
				continue
			}
			ni, ok := s.Args["name"]
			if !ok || ni < 0 || ni >= len(call.Args) {
				continue
			}
			pn, ok := param(call.Args[ni])
			if !ok {
				continue
			}
			def = s
			def.Constructor = config.FuncName{Pkg: obj.Pkg().Path(), Name: obj.Name()}
			def.Preset = ""
			def.Args = map[string]int{"name": pn}
			for role, i := range s.Args {
				if role == "name" || i < 0 || i >= len(call.Args) || call.Ellipsis.IsValid() && i == len(call.Args)-1 {
					continue
				}
				if pi, ok := param(call.Args[i]); ok {
					def.Args[role] = pi
				}
			}
			// Options are read among the wrapper call's arguments, which
			// holds them only when it forwards its own variadic ones.
			if len(s.Options) > 0 {
				last := len(call.Args) - 1
				if pi, ok := param(call.Args[last]); !call.Ellipsis.IsValid() || !ok || !sig.Variadic() || pi != sig.Params().Len()-1 {
					def.Options = nil
				}
			}
			found = true
			return false
		}
		return true
	})
	return def, found
}

// handleFor derives the handle form of a wrapper returning what a
// configured handle constructor returns (the same type, as its first
// result), with the name at the wrapper's index.
func handleFor(obj *types.Func, name int, handles []config.Handle) (config.Handle, bool) {
	res := obj.Signature().Results()
	if res.Len() == 0 {
		return config.Handle{}, false
	}
	want := res.At(0).Type()
	for _, h := range handles {
		ctor := lookupFunc(obj.Pkg(), h.Constructor)
		if ctor == nil {
			continue
		}
		r := ctor.Signature().Results()
		if r.Len() == 0 || !types.Identical(r.At(0).Type(), want) {
			continue
		}
		d := h
		d.Constructor = config.FuncName{Pkg: obj.Pkg().Path(), Name: obj.Name()}
		d.Name = name
		d.Aliases = nil
		return d, true
	}
	return config.Handle{}, false
}

// lookupFunc finds a configured function or method in pkg or among its
// direct imports (a wrapper calls its constructor, so imports it).
func lookupFunc(pkg *types.Package, fn config.FuncName) *types.Func {
	for _, p := range append([]*types.Package{pkg}, pkg.Imports()...) {
		if !(config.FuncName{Pkg: fn.Pkg, Name: "x"}).Matches(p.Path() + ".x") {
			continue
		}
		if fn.Recv == "" {
			for _, n := range p.Scope().Names() {
				if ok, _ := path.Match(fn.Name, n); ok {
					if f, ok := p.Scope().Lookup(n).(*types.Func); ok {
						return f
					}
				}
			}
			continue
		}
		tn, ok := p.Scope().Lookup(fn.Recv).(*types.TypeName)
		if !ok {
			continue
		}
		var t types.Type = tn.Type()
		if fn.Ptr {
			t = types.NewPointer(t)
		}
		if m, _, _ := types.LookupFieldOrMethod(t, true, p, fn.Name); m != nil {
			if f, ok := m.(*types.Func); ok {
				return f
			}
		}
	}
	return nil
}
