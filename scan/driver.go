// The driver runs analysis.Analyzers over packages that the load
// package type-checked, in one process, with facts kept in memory.
//
// It is the smallest driver flagsweep needs: unlike go/analysis/checker it
// does not analyse dependencies outside the program (their facts are never
// needed: wrappers and handles are found in the module) and does not
// serialise facts. Facts are keyed by package path and object path, so that
// a fact exported while checking a test variant ("p [p.test]") is found by
// dependents that see package p through export data.
package scan

import (
	"fmt"
	"go/types"
	"os"
	"reflect"

	"github.com/flagsweep/flagsweep/load"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// A driver runs analyzers package by package; facts flow from earlier
// packages to later ones, so packages must be run dependencies first.
type driver struct {
	facts    map[factKey]analysis.Fact
	pkgFacts map[pkgFactKey]analysis.Fact
	// exported are the keys of the object facts each package exported,
	// for the lint cache.
	exported map[*load.Package][]factKey
	// factPkgs are the paths of the packages with object facts: most
	// objects an analyzer asks about (a Kubernetes type's method) have
	// none, and can be answered without an object path.
	factPkgs map[string]bool
}

type factKey struct {
	pkg  string
	path objectpath.Path
	obj  types.Object // for objects without an object path (locals)
	t    reflect.Type
}

type pkgFactKey struct {
	pkg string
	t   reflect.Type
}

// newDriver returns a driver with no facts.
func newDriver() *driver {
	return &driver{facts: make(map[factKey]analysis.Fact), pkgFacts: make(map[pkgFactKey]analysis.Fact), exported: make(map[*load.Package][]factKey), factPkgs: make(map[string]bool)}
}

// A diagnostic is a diagnostic and the analyzer that reported it.
type diagnostic struct {
	analysis.Diagnostic
	Analyzer *analysis.Analyzer
}

// Run runs the analyzers (and what they require) on a checked package and
// returns the root analyzers' diagnostics and every analyzer's result.
func (r *driver) Run(prog *load.Program, pkg *load.Package, roots []*analysis.Analyzer) ([]diagnostic, map[*analysis.Analyzer]any, error) {
	results := make(map[*analysis.Analyzer]any)
	isRoot := make(map[*analysis.Analyzer]bool)
	for _, a := range roots {
		isRoot[a] = true
	}
	var diags []diagnostic
	var exec func(a *analysis.Analyzer) error
	done := make(map[*analysis.Analyzer]bool)
	exec = func(a *analysis.Analyzer) error {
		if done[a] {
			return nil
		}
		done[a] = true
		inputs := make(map[*analysis.Analyzer]any)
		for _, req := range a.Requires {
			if err := exec(req); err != nil {
				return err
			}
			inputs[req] = results[req]
		}
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         prog.Fset,
			Files:        pkg.Syntax,
			OtherFiles:   pkg.OtherFiles,
			IgnoredFiles: pkg.IgnoredFiles,
			Pkg:          pkg.Types,
			TypesInfo:    pkg.TypesInfo,
			TypesSizes:   types.SizesFor("gc", "amd64"),
			TypeErrors:   pkg.TypeErrors,
			ResultOf:     inputs,
			Report: func(d analysis.Diagnostic) {
				if isRoot[a] {
					diags = append(diags, diagnostic{d, a})
				}
			},
			ReadFile:          os.ReadFile,
			ImportObjectFact:  func(obj types.Object, f analysis.Fact) bool { return r.importObjectFact(prog, pkg, obj, f) },
			ExportObjectFact:  func(obj types.Object, f analysis.Fact) { r.exportObjectFact(pkg, obj, f) },
			ImportPackageFact: r.importPackageFact,
			ExportPackageFact: func(f analysis.Fact) { r.pkgFacts[pkgFactKey{pkg.PkgPath, reflect.TypeOf(f)}] = f },
			AllObjectFacts:    func() []analysis.ObjectFact { return r.allObjectFacts(prog, pkg, a) },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		if pkg.Module != nil {
			pass.Module = &analysis.Module{Path: pkg.Module.Path, Version: pkg.Module.Version, GoVersion: pkg.Module.GoVersion}
		}
		res, err := a.Run(pass)
		if err != nil {
			return fmt.Errorf("%s: %s: %v", pkg.PkgPath, a.Name, err)
		}
		results[a] = res
		return nil
	}
	for _, a := range roots {
		if err := exec(a); err != nil {
			return nil, nil, err
		}
	}
	return diags, results, nil
}

func (r *driver) key(obj types.Object, f analysis.Fact) factKey {
	k := factKey{t: reflect.TypeOf(f)}
	if obj.Pkg() != nil {
		k.pkg = obj.Pkg().Path()
	}
	if p, err := objectpath.For(obj); err == nil {
		k.path = p
	} else {
		k.obj = obj
	}
	return k
}

// setFact records an object fact.
func (r *driver) setFact(k factKey, f analysis.Fact) {
	r.facts[k] = f
	r.factPkgs[k.pkg] = true
}

// importObjectFact looks up the fact of an object of the package being
// analysed or of any package it can reach. The object path of one in
// another package is computed while the program is frozen: the package
// may be an indirect dependency that type checks in other goroutines are
// still filling in (see load.Program.readExport).
func (r *driver) importObjectFact(prog *load.Program, pkg *load.Package, obj types.Object, f analysis.Fact) bool {
	if obj.Pkg() != nil && !r.factPkgs[obj.Pkg().Path()] {
		return false
	}
	var k factKey
	if obj.Pkg() == pkg.Types {
		k = r.key(obj, f)
	} else {
		prog.Frozen(func() { k = r.key(obj, f) })
	}
	got, ok := r.facts[k]
	if !ok {
		return false
	}
	reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
	return true
}

func (r *driver) exportObjectFact(pkg *load.Package, obj types.Object, f analysis.Fact) {
	if obj.Pkg() != pkg.Types {
		panic(fmt.Sprintf("fact %T exported on %s, which is not in package %s", f, obj, pkg.PkgPath))
	}
	k := r.key(obj, f)
	if _, ok := r.facts[k]; !ok {
		r.exported[pkg] = append(r.exported[pkg], k)
	}
	r.setFact(k, f)
}

func (r *driver) importPackageFact(p *types.Package, f analysis.Fact) bool {
	got, ok := r.pkgFacts[pkgFactKey{p.Path(), reflect.TypeOf(f)}]
	if !ok {
		return false
	}
	reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
	return true
}

// allObjectFacts returns the facts of the analyzer's types whose objects
// the package can see: its own and those of its transitive imports.
//
// The walk goes over the package graph, not over types.Package.Imports:
// an indirect dependency read from export data holds only what its
// dependents' export data mentioned, and type checks in other goroutines
// may still be filling it in (see load.Program.readExport). A package
// with facts is read in full first, so it is complete, never written
// again, and its objects resolve.
func (r *driver) allObjectFacts(prog *load.Program, pkg *load.Package, a *analysis.Analyzer) []analysis.ObjectFact {
	ofType := make(map[reflect.Type]bool)
	for _, f := range a.FactTypes {
		ofType[reflect.TypeOf(f)] = true
	}
	visible := map[string]*types.Package{pkg.PkgPath: pkg.Types}
	seen := make(map[*load.Package]bool)
	var walk func(n *load.Package)
	walk = func(n *load.Package) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, d := range n.Imports {
			walk(d)
			if _, ok := visible[d.PkgPath]; ok || !r.factPkgs[d.PkgPath] {
				continue
			}
			if tp, err := prog.Types(d); err == nil {
				visible[d.PkgPath] = tp
			}
		}
	}
	walk(pkg)
	var out []analysis.ObjectFact
	for k, f := range r.facts {
		if !ofType[k.t] {
			continue
		}
		p, ok := visible[k.pkg]
		if !ok {
			continue
		}
		obj := k.obj
		if obj == nil {
			var err error
			if obj, err = objectpath.Object(p, k.path); err != nil {
				continue
			}
		} else if obj.Pkg() != pkg.Types {
			continue
		}
		out = append(out, analysis.ObjectFact{Object: obj, Fact: f})
	}
	return out
}
