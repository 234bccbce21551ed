// Package load loads the Go packages flagsweep analyses, doing as little
// type-checking from source as it can.
//
// Loading and type-checking dominate the cost of any Go analysis; the
// analysis itself is milliseconds. So flagsweep asks the go command once
// for the package graph with export data (`go list -deps -export -test`,
// cached by the build cache like any build), type-checks from source only
// the packages whose text mentions one of the names a flag reference could
// use, and reads the types of their imports from export data — only their
// direct imports', as go vet does (see readExport). Everything else is
// never parsed.
package load

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"

	"github.com/flagsweep/flagsweep/internal/progress"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// A Package is one node of the package graph (a test variant is a node of
// its own, as the go command sees it).
type Package struct {
	*packages.Package
	// Root reports that the package matched the patterns.
	Root bool
	// Imports are the package's direct dependencies by import path.
	Imports map[string]*Package

	// types is the package as dependents see it, filled from export data
	// on first use. It is created up front so that export data of
	// several packages refers to one *types.Package per node. Guarded
	// by Program.exportMu until it is complete, immutable after (see
	// readExport); typesErr memoises a failure to read it.
	types    *types.Package
	typesErr error

	// Filled by Check: the package type-checked from source.
	Syntax     []*ast.File
	Types      *types.Package
	TypesInfo  *types.Info
	TypeErrors []types.Error
	// Src holds each source file's content by name, for edits.
	Src map[string][]byte
}

// IsTestVariant reports whether the package is compiled for a test ("p
// [p.test]", "p_test [p.test]").
func (p *Package) IsTestVariant() bool { return strings.HasSuffix(p.ID, ".test]") }

// IsTestMain reports whether the package is a generated test main.
func (p *Package) IsTestMain() bool { return strings.HasSuffix(p.ID, ".test") && p.Name == "main" }

// A Program is the loaded package graph.
type Program struct {
	Fset *token.FileSet
	// Packages are every package, dependencies before dependents.
	Packages []*Package
	// Roots are the packages matching the patterns, in the same order.
	Roots []*Package

	exportMu sync.Mutex
}

// Options say what to load.
type Options struct {
	// Dir is the directory the go command runs in.
	Dir string
	// Patterns are package patterns (default ./...).
	Patterns []string
	// Tests includes test packages.
	Tests bool
	// Env, when set, is the go command's environment.
	Env []string
	// BuildFlags are passed to the go command (-tags …).
	BuildFlags []string
	// Roots, when set, makes roots too the packages listed as
	// dependencies whose directory (absolute) it accepts, as built for
	// themselves (not recompiled for another package's test): a listing
	// narrowed to some of a module's packages (see Tree) treats the
	// module's packages among their dependencies as matched.
	Roots func(dir string) bool
}

// Load asks the go command for the package graph. Packages that fail to
// load are returned with their Errors, not as an error: the caller decides
// what a broken package means.
func Load(ctx context.Context, opts Options) (*Program, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{
		Context: ctx,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedModule,
		Dir:        opts.Dir,
		Env:        opts.Env,
		Tests:      opts.Tests,
		BuildFlags: opts.BuildFlags,
	}
	progress.Report(ctx, "loading packages (go list -export %s)", strings.Join(patterns, " "))
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		// packages.Load hides a go command that failed before listing
		// anything (a go.work refusing GOFLAGS=-mod=mod): ask it again,
		// without export data, for its own words. Without an error,
		// the patterns matched nothing.
		if err := goListError(ctx, opts, patterns); err != nil {
			return nil, err
		}
	}
	if err := goCommandFailure(roots); err != nil {
		return nil, err
	}
	prog := &Program{Fset: token.NewFileSet()}
	nodes := make(map[*packages.Package]*Package)
	var visit func(p *packages.Package) *Package
	visit = func(p *packages.Package) *Package {
		if n, ok := nodes[p]; ok {
			return n
		}
		n := &Package{Package: p, Imports: make(map[string]*Package, len(p.Imports))}
		nodes[p] = n
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		for _, path := range paths {
			n.Imports[path] = visit(p.Imports[path])
		}
		n.types = types.NewPackage(p.PkgPath, p.Name)
		prog.Packages = append(prog.Packages, n) // postorder: deps first
		return n
	}
	for _, r := range roots {
		visit(r).Root = true
	}
	if opts.Roots != nil {
		// A package recompiled for another's test ("p [q.test]") is no
		// root of ./..., and p is, as built for itself. A listing of q
		// alone may hold p only recompiled: then that variant stands
		// for p (its files are p's), the first listed.
		own := make(map[string]bool)
		for _, n := range prog.Packages {
			if !strings.Contains(n.ID, " [") || n.Root {
				own[n.PkgPath] = true
			}
		}
		for _, n := range prog.Packages {
			switch {
			case n.Root:
				if excluded(n) {
					// ./... skips a directory whose files the
					// build constraints all exclude; a narrowed
					// listing, which names it, does too.
					n.Root = false
				}
			case n.Dir == "" || !opts.Roots(n.Dir):
			case !strings.Contains(n.ID, " ["):
				n.Root = true
			case !own[n.PkgPath]:
				own[n.PkgPath] = true
				n.Root = true
			}
		}
	}
	for _, n := range prog.Packages {
		if n.Root {
			prog.Roots = append(prog.Roots, n)
		}
	}
	progress.Report(ctx, "listed %d packages (%s)", len(prog.Packages), strings.Join(patterns, " "))
	return prog, nil
}

// excluded reports whether the go command found a package's files all
// excluded by build constraints.
func excluded(n *Package) bool {
	if len(n.GoFiles) > 0 || len(n.CompiledGoFiles) > 0 {
		return false
	}
	for _, e := range n.Errors {
		if strings.Contains(e.Msg, "build constraints exclude all Go files") {
			return true
		}
	}
	return false
}

// goListError runs `go list -find` over the patterns and returns what the
// go command said when it failed.
// goCommandFailure returns the go command's own failure when packages.Load
// stood in a package for a pattern it could not list: one without a file,
// carrying an error of the go command itself ("go: creating work dir: …",
// a TMPDIR that is gone). Taken for an empty package, it would make every
// flag it names look unreferenced, and lint call their definitions
// unused.
func goCommandFailure(roots []*packages.Package) error {
	for _, r := range roots {
		if len(r.GoFiles)+len(r.CompiledGoFiles)+len(r.IgnoredFiles)+len(r.OtherFiles) > 0 {
			continue
		}
		for _, e := range r.Errors {
			if msg := strings.TrimSpace(e.Msg); strings.HasPrefix(msg, "go: ") {
				msg, _, _ = strings.Cut(msg, "\n")
				return fmt.Errorf("go list: %s", msg)
			}
		}
	}
	return nil
}

func goListError(ctx context.Context, opts Options, patterns []string) error {
	args := append([]string{"list", "-find", "-e", "-f", "{{.ImportPath}}"}, opts.BuildFlags...)
	args = append(args, "--")
	cmd := exec.CommandContext(ctx, "go", append(args, patterns...)...)
	cmd.Dir, cmd.Env = opts.Dir, opts.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("go list: %s", msg)
	}
	return nil
}

// Mentions reports whether any of the package's source files (including
// those excluded by build constraints) contains one of names. It is the
// cheap test that decides what is worth type-checking.
func (p *Package) Mentions(names []string) (bool, error) {
	for _, name := range slices.Concat(p.CompiledGoFiles, p.IgnoredFiles) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return false, err
		}
		for _, n := range names {
			if bytes.Contains(data, []byte(n)) {
				return true, nil
			}
		}
	}
	return false, nil
}

// exportTypes returns the package's types as dependents see them, read
// from export data on first use. Any number of goroutines may call it,
// and use what it returns, at once.
func (prog *Program) exportTypes(n *Package) (*types.Package, error) {
	prog.exportMu.Lock()
	defer prog.exportMu.Unlock()
	return prog.readExport(n)
}

// readExport reads the package's export data, and nothing else; exportMu
// must be held.
//
// Export data is self-contained: a package's own file declares, in its
// dependencies' packages, every object of theirs its API mentions. So a
// type check needs only its direct imports read, as go vet reads them,
// and this is what makes a check cost what the package imports rather
// than its whole dependency graph (on Kueue, 400 MB of export data
// instead of 2 GB, and most of a removal's time).
//
// The price is that packages come in two states. A package read in full
// (Complete) is never written again: a later read of a dependent finds
// every object of it that its export data mentions already declared
// (export data only mentions what the dependency's own export data
// declares: objects reachable from its exported API), so that read writes
// only the package being read, which nobody sees until it is complete,
// under the lock. Every package a type check imports, and every package
// Types returns, is complete. A package reached only through them (an
// indirect dependency, the package of an object the checked code meets
// through its imports) holds only the objects reads have mentioned so far,
// and any later read may declare more in it. Code that walks such a
// package — its scope, its imports, objectpath.For of one of its objects
// — must do it inside Frozen, or race with a type check in another
// goroutine ("concurrent map iteration and map write" in objectpath, once).
func (prog *Program) readExport(n *Package) (*types.Package, error) {
	if n.PkgPath == "unsafe" {
		return types.Unsafe, nil
	}
	if n.types.Complete() {
		return n.types, nil
	}
	if n.typesErr != nil {
		return nil, n.typesErr
	}
	tp, err := prog.readExportData(n)
	n.typesErr = err
	return tp, err
}

// Frozen runs f while no export data is read: f may walk packages that
// are not complete, which reads in other goroutines otherwise extend (see
// readExport). It must not call Types or Check.
func (prog *Program) Frozen(f func()) {
	prog.exportMu.Lock()
	defer prog.exportMu.Unlock()
	f()
}

// readExportData reads one package's export data into n.types.
func (prog *Program) readExportData(n *Package) (*types.Package, error) {
	if n.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s (does it build?)", n.PkgPath)
	}
	f, err := os.Open(n.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Go 1.26's `go list -export` still names compiler archives, which
	// only NewReader unwraps (go/packages does the same).
	//lint:ignore SA1019 the replacement, Read alone, does not read archives
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %v", n.PkgPath, err)
	}
	// gcexportdata identifies packages by path, which is unique within
	// one build but not across test variants: give it the view of this
	// node's transitive closure.
	view := make(map[string]*types.Package)
	seen := make(map[*Package]bool)
	var walk func(*Package)
	walk = func(p *Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		view[p.PkgPath] = p.types
		for _, d := range p.Imports {
			walk(d)
		}
	}
	walk(n)
	tp, err := gcexportdata.Read(r, prog.Fset, view, n.PkgPath)
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %v", n.PkgPath, err)
	}
	return tp, nil
}

// Release drops what Check made (syntax, types, sources), so that memory
// holds only the packages a caller still needs; a later Check makes them
// again.
func (p *Package) Release() {
	p.Syntax, p.Types, p.TypesInfo, p.TypeErrors, p.Src = nil, nil, nil, nil, nil
}

// Check parses the package's files and type-checks it from source, its
// imports read from export data. Type errors are recorded in TypeErrors,
// and the partial type information kept; the error returned is for a
// package that cannot be parsed at all.
func (prog *Program) Check(n *Package) error {
	if n.TypesInfo != nil {
		return nil
	}
	n.Src = make(map[string][]byte)
	var files []*ast.File
	var perr scanner.ErrorList
	for _, name := range n.CompiledGoFiles {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		n.Src[name] = src
		f, err := parser.ParseFile(prog.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				perr = append(perr, list...)
			} else {
				return err
			}
		}
		if f != nil {
			files = append(files, f)
		}
	}
	if len(perr) > 0 {
		return perr
	}
	n.Syntax = files
	n.TypesInfo = newInfo()
	n.Types, n.TypeErrors = prog.check(n, files, n.TypesInfo)
	return nil
}

// check type-checks files as package n, its imports read from export
// data, and returns the package and its type errors.
func (prog *Program) check(n *Package, files []*ast.File, info *types.Info) (*types.Package, []types.Error) {
	goVersion := ""
	if n.Module != nil && n.Module.GoVersion != "" {
		goVersion = "go" + n.Module.GoVersion
	}
	var errs []types.Error
	cfg := &types.Config{
		GoVersion: goVersion,
		Sizes:     types.SizesFor("gc", build.Default.GOARCH),
		Importer: importerFunc(func(path string) (*types.Package, error) {
			dep, ok := n.Imports[path]
			if !ok {
				return nil, fmt.Errorf("%s is not among the imports the go command listed", path)
			}
			return prog.exportTypes(dep)
		}),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				errs = append(errs, te)
			}
		},
	}
	pkg, _ := cfg.Check(n.PkgPath, prog.Fset, files, info)
	return pkg, errs
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// A Pending is a Load running in the background.
type Pending struct {
	opts Options
	done chan struct{}
	prog *Program
	err  error
}

// Start begins a Load in the background: a command that knows what it
// will load before it needs it (remove, which lists the whole module
// while the project's Go definitions list their own packages) overlaps
// the go command's work with its own.
func Start(ctx context.Context, opts Options) *Pending {
	p := &Pending{opts: opts, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.prog, p.err = Load(ctx, opts)
	}()
	return p
}

// Wait returns what the Load returned, once it has.
func (p *Pending) Wait() (*Program, error) {
	<-p.done
	return p.prog, p.err
}

// For reports whether the pending load is the one opts ask for.
func (p *Pending) For(opts Options) bool {
	norm := func(ps []string) []string {
		if len(ps) == 0 {
			return []string{"./..."}
		}
		return ps
	}
	return p.opts.Dir == opts.Dir && p.opts.Tests == opts.Tests &&
		slices.Equal(norm(p.opts.Patterns), norm(opts.Patterns)) &&
		slices.Equal(p.opts.Env, opts.Env) && slices.Equal(p.opts.BuildFlags, opts.BuildFlags) && opts.Roots == nil
}
