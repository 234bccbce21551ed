package load

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/types"
	"os"
	"runtime"
	"strings"
	"sync"
)

// An Overlay type-checks packages as they would be with some files
// replaced (a codemod's work in progress) or deleted, without writing
// anything. A changed package is checked from its new sources; every
// dependency, changed or not, is imported as it was loaded.
//
// That is exact for edits that keep every API another package uses, which
// is what flagsweep's removal does: it substitutes constants and deletes
// code, and deletes an exported name only when no file of the module
// mentions it. It is also what makes each check independent of the others,
// so they run in parallel, and cheap: nothing is read twice.
type Overlay struct {
	prog    *Program
	src     map[string][]byte
	deleted map[string]bool
	changed map[*Package]bool

	mu    sync.Mutex // guards units
	units map[*Package]*unitOnce
}

type unitOnce struct {
	once sync.Once
	u    *Unit
	err  error
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
		units:   make(map[*Package]*unitOnce),
	}
	for _, n := range prog.Packages {
		for _, f := range n.CompiledGoFiles {
			if _, ok := src[f]; ok || deleted[f] {
				o.changed[n] = true
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

// Check type-checks a package from its overlaid sources (memoised); checks
// of different packages may run concurrently.
func (o *Overlay) Check(n *Package) (*Unit, error) {
	o.mu.Lock()
	uo, ok := o.units[n]
	if !ok {
		uo = new(unitOnce)
		o.units[n] = uo
	}
	o.mu.Unlock()
	uo.once.Do(func() { uo.u, uo.err = o.check(n) })
	return uo.u, uo.err
}

func (o *Overlay) check(n *Package) (*Unit, error) {
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
	u.Types, u.Errors = o.prog.check(n, u.Files, u.Info)
	return u, nil
}

// CheckAll checks the packages, in parallel.
func (o *Overlay) CheckAll(pkgs []*Package) {
	work := make(chan *Package)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				o.Check(n)
			}
		}()
	}
	for _, n := range pkgs {
		work <- n
	}
	close(work)
	wg.Wait()
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
