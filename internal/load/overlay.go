package load

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// An Overlay type-checks packages as they would be with some files
// replaced (a codemod's work in progress) or deleted, without writing
// anything: the changed packages from their new sources, the packages that
// depend on them from export data re-bound to the new packages, and all
// others as they were loaded.
type Overlay struct {
	prog    *Program
	src     map[string][]byte
	deleted map[string]bool
	changed map[*Package]bool
	dirty   map[*Package]bool
	fresh   map[*Package]*types.Package // export data re-read for dirty nodes
	units   map[*Package]*Unit
}

// A Unit is a package type-checked from (overlaid) source.
type Unit struct {
	Pkg    *Package
	Files  []*ast.File
	Info   *types.Info
	Types  *types.Package
	Errors []types.Error
	// Src maps each file name to the content that was checked.
	Src map[string][]byte
}

// NewOverlay returns an overlay where the files in src have the given
// content and the files in deleted do not exist. A package is changed when
// one of its files is.
func (prog *Program) NewOverlay(src map[string][]byte, deleted map[string]bool) *Overlay {
	o := &Overlay{
		prog: prog, src: src, deleted: deleted,
		changed: make(map[*Package]bool),
		dirty:   make(map[*Package]bool),
		fresh:   make(map[*Package]*types.Package),
		units:   make(map[*Package]*Unit),
	}
	for _, n := range prog.Packages {
		for _, f := range n.CompiledGoFiles {
			if _, ok := src[f]; ok || deleted[f] {
				o.changed[n] = true
				break
			}
		}
	}
	// Dirty: depends, directly or not, on a changed package. Packages
	// come dependencies first, so one pass suffices.
	for _, n := range prog.Packages {
		if o.changed[n] {
			o.dirty[n] = true
			continue
		}
		for _, d := range n.Imports {
			if o.dirty[d] {
				o.dirty[n] = true
				break
			}
		}
	}
	return o
}

// Changed reports whether a package has changed files.
func (o *Overlay) Changed(n *Package) bool { return o.changed[n] }

// Content returns a file's content in the overlay.
func (o *Overlay) Content(name string) ([]byte, error) {
	if src, ok := o.src[name]; ok {
		return src, nil
	}
	if o.deleted[name] {
		return nil, os.ErrNotExist
	}
	return os.ReadFile(name)
}

// Check type-checks a package from its overlaid sources (memoised).
func (o *Overlay) Check(n *Package) (*Unit, error) {
	if u, ok := o.units[n]; ok {
		return u, nil
	}
	u := &Unit{Pkg: n, Src: make(map[string][]byte)}
	var perr scanner.ErrorList
	for _, name := range n.CompiledGoFiles {
		if o.deleted[name] || !strings.HasSuffix(name, ".go") {
			continue
		}
		src, err := o.Content(name)
		if err != nil {
			return nil, err
		}
		u.Src[name] = src
		f, err := parser.ParseFile(o.prog.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				perr = append(perr, list...)
				continue
			}
			return nil, err
		}
		u.Files = append(u.Files, f)
	}
	if len(perr) > 0 {
		return nil, perr
	}
	u.Info = newInfo()
	goVersion := ""
	if n.Module != nil && n.Module.GoVersion != "" {
		goVersion = "go" + n.Module.GoVersion
	}
	cfg := &types.Config{
		GoVersion: goVersion,
		Sizes:     types.SizesFor("gc", build.Default.GOARCH),
		Importer: importerFunc(func(path string) (*types.Package, error) {
			dep, ok := n.Imports[path]
			if !ok {
				return nil, fmt.Errorf("%s is not among the imports the go command listed", path)
			}
			return o.typesOf(dep)
		}),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				u.Errors = append(u.Errors, te)
			}
		},
	}
	u.Types, _ = cfg.Check(n.PkgPath, o.prog.Fset, u.Files, u.Info)
	o.units[n] = u
	return u, nil
}

// typesOf returns a dependency's types as this overlay sees them.
func (o *Overlay) typesOf(n *Package) (*types.Package, error) {
	switch {
	case o.changed[n]:
		u, err := o.Check(n)
		if err != nil {
			return nil, err
		}
		return u.Types, nil
	case o.dirty[n]:
		return o.reread(n)
	}
	return o.prog.exportTypes(n)
}

// reread reads a dirty package's export data again, binding its
// references to the changed packages' new objects by name.
func (o *Overlay) reread(n *Package) (*types.Package, error) {
	if tp, ok := o.fresh[n]; ok && tp.Complete() {
		return tp, nil
	}
	// Make sure every changed dependency is checked before the view is
	// built: the view must hold their final packages.
	view := make(map[string]*types.Package)
	seen := make(map[*Package]bool)
	var walk func(*Package) error
	walk = func(p *Package) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		for _, d := range p.Imports {
			if err := walk(d); err != nil {
				return err
			}
		}
		switch {
		case p == n:
			if o.fresh[p] == nil {
				o.fresh[p] = types.NewPackage(p.PkgPath, p.Name)
			}
			view[p.PkgPath] = o.fresh[p]
		case o.changed[p]:
			u, err := o.Check(p)
			if err != nil {
				return err
			}
			view[p.PkgPath] = u.Types
		case o.dirty[p]:
			tp, err := o.reread(p)
			if err != nil {
				return err
			}
			view[p.PkgPath] = tp
		default:
			tp, err := o.prog.exportTypes(p)
			if err != nil {
				return err
			}
			view[p.PkgPath] = tp
		}
		return nil
	}
	if err := walk(n); err != nil {
		return nil, err
	}
	if n.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s", n.PkgPath)
	}
	f, err := os.Open(n.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	//lint:ignore SA1019 the replacement, Read alone, does not read archives
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, err
	}
	o.prog.exportMu.Lock()
	defer o.prog.exportMu.Unlock()
	return gcexportdata.Read(r, o.prog.Fset, view, n.PkgPath)
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
}
