// Package scan runs flagsweep's analyzers over a whole program: it loads
// the packages, type-checks only those that can refer to a flag, runs the
// analyzers in dependency order so that wrappers and handles found in one
// package are known in the next, and gathers references and diagnostics
// with positions relative to the project root.
//
// It is the engine behind `flagsweep lint`, `list` (reference counts) and
// `remove`.
package scan

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/progress"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Options say what to scan.
type Options struct {
	Project *project.Project
	// Patterns are the package patterns (default ./...), relative to
	// Dir.
	Patterns []string
	// Dir is where the patterns are relative to (default: the project
	// root).
	Dir string
	// Analyzers are the diagnostic analyzers to run; flagrefs always runs.
	Analyzers []*analysis.Analyzer
	// Env, when set, is the go command's environment.
	Env []string
	// Keep, when set, says which analysed packages the caller needs
	// whole: the others' syntax, types and references are released as
	// soon as they are analysed (what checks flags is still counted in
	// Result.CheckFuncs), so that memory holds only what the caller uses.
	// remove keeps the packages that can name the flags it removes.
	Keep func(*Package) bool
	// Cache, when set, keeps each package's results between runs (see
	// Cache): lint's. The references of a package found there carry only
	// their kind, flag and position (Node is nil). A narrowed scan (Only)
	// only reads it, and only for the packages it analyses for the facts
	// they export: it needs the others' syntax and types.
	Cache *Cache
	// Only, when set, narrows the scan to what can refer to some flags
	// (see Only): remove's.
	Only *Only
}

// Only narrows a scan to the packages that can refer to some flags: those
// whose text names one of them, or names something found on the way to
// stand for one, and the dependencies whose facts those import. The
// others are neither type-checked nor analysed: on Kueue, a removal
// analyses 48 to 75 packages (most of them dependencies, for their
// facts) where a scan of every flag analyses the 91 that check some
// gate.
//
// What can stand for a flag is learned in dependency order (a package is
// analysed after those whose facts it imports): every object an analysed
// package exports a fact about that concerns the flags (a handle, a
// declaration, a field holding the flag's value) and every package-level
// constant whose value is one of the keys. A package whose text names
// none of those cannot refer to the flags: Go names what it uses. A
// wrapper (a function taking the key) is no stand-in: a call of it names
// the flag in its argument, or passes a key the scan cannot tell, which
// is a dynamic reference, never rewritten. What such a scan does not see
// is the references of other flags in the packages it skips
// (Result.CheckFuncs then holds fewer of the functions that check some
// flag).
//
// Only lists less, too. When the patterns are the whole module (./... at
// its root, outside a workspace), the go command is asked only for the
// packages whose text (build-excluded files included) names a key, a
// name or something found to stand for one, or may build a key (see
// buildsKey), and for their dependencies: the others are never listed,
// hashed or read (see load.Tree). After the scan, a package left unlisted
// that names a stand-in found on the way is listed too, and the scan run
// again, until none does: the result is the whole module's. A caller that
// looks further (the removal's verification of what its deletions could
// break) lists more through Extra, by the same rule; Result.Unlisted
// finds what to add.
type Only struct {
	// Keys are the flags' names (keys), Names the identifiers their Go
	// declarations have.
	Keys, Names []string
	// Extra are more tree directories to list (see Result.Unlisted).
	Extra []string
	// Whole lists the whole module all the same: the narrowed listing's
	// reference, for tests.
	Whole bool
}

// A Package is one analysed package.
type Package struct {
	*load.Package
	Refs *flagrefs.Result
}

// A Ref is a reference with its package and position.
type Ref struct {
	*flagrefs.Ref
	Pkg *Package
	Pos diag.Position
}

// A Problem is a package that could not be analysed.
type Problem struct {
	Pos diag.Position
	Msg string
	// Fatal reports that the package mentions flag references and could
	// not be checked, so the scan's answer is incomplete.
	Fatal bool
	// Files are the package's Go files (absolute), when it was found but
	// not checked: a caller interested in one flag can tell whether the
	// package could name it at all. Pkg is its import path.
	Files []string
	Pkg   string
}

func (p Problem) String() string {
	if p.Pos.File == "" {
		return p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// A Result is what a scan found.
type Result struct {
	Program  *load.Program
	Packages []*Package
	Refs     []Ref
	// Diagnostics are the analyzers' findings, sorted.
	Diagnostics []diag.Diagnostic
	// Fixes maps a diagnostic's index in Diagnostics to its suggested
	// fixes, for --fix style drivers.
	Fixes    map[int][]analysis.SuggestedFix
	Problems []Problem
	// Warnings are lines about the configuration, for standard error
	// (a form naming a package nothing imports).
	Warnings []string
	// Reused counts the Packages whose results came from the cache.
	Reused int
	// Released counts the packages analysed and released (Options.Keep).
	Released int
	// Memo reports a result read whole from the cache's memo of an
	// unchanged tree (see runMemo): no Program and no Packages (Reused
	// counts them), and Refs carry only what lint counts.
	Memo bool
	// CheckFuncs are the full names of the functions and methods found
	// checking a flag (any flag, in any package analysed, released ones
	// included).
	CheckFuncs map[string]bool
	// Tree, in a scan that listed only part of the module (see Only), is
	// the module's text, and Listed its directories that were listed.
	Tree   *load.Tree
	Listed map[string]bool
	// targets are what a package had to name to be analysed for itself,
	// stand-ins included (see Only).
	targets []string
}

// Unlisted returns the directories of the module the scan did not list
// (see Only) whose text contains one of words: those a caller must list
// (Only.Extra) before concluding that nothing names them. It is nil when
// the scan listed the whole module.
func (res *Result) Unlisted(words []string) []string {
	if res.Tree == nil {
		return nil
	}
	return res.Tree.Mentioning(words, res.Listed)
}

// UnlistedImporters returns the import paths of the module's packages the
// scan did not list (see Only) whose files import one of paths.
func (res *Result) UnlistedImporters(paths []string) []string {
	if res.Tree == nil || len(paths) == 0 {
		return nil
	}
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = strconv.Quote(p)
	}
	var out []string
	for _, d := range res.Tree.Mentioning(quoted, res.Listed) {
		out = append(out, res.Tree.ImportPath(d))
	}
	return out
}

// Run scans the program.
func Run(ctx context.Context, opts Options) (*Result, error) {
	p := opts.Project
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	dir := opts.Dir
	if dir == "" {
		dir = p.Root
	}
	if opts.Env == nil {
		opts.Env = p.Env // the configured build tags
	}
	// A narrowed scan reads lint's per-package results, never its memo
	// of a whole run: it needs the packages it rewrites.
	if opts.Cache == nil || opts.Only != nil {
		return run(ctx, p, dir, patterns, opts)
	}
	key, writable, ok := opts.Cache.runKey(ctx, dir, patterns, opts.Env)
	if ok {
		if res := opts.Cache.getRun(key); res != nil {
			recordWarnings(p, res.Warnings)
			return res, nil
		}
	}
	res, err := run(ctx, p, dir, patterns, opts)
	if err == nil && ok && writable {
		opts.Cache.putRun(key, res)
	}
	return res, err
}

// run is Run without the memo.
func run(ctx context.Context, p *project.Project, dir string, patterns []string, opts Options) (*Result, error) {
	if opts.Only != nil && !opts.Only.Whole && wholeModule(p, patterns, dir) {
		tree, ok, err := load.ReadTree(dir, load.EnvLookup(opts.Env))
		if err != nil {
			return nil, fmt.Errorf("reading the module's files: %v", err)
		}
		if ok {
			return runNarrowed(ctx, p, dir, tree, opts)
		}
	}
	return runPatterns(ctx, p, dir, patterns, nil, opts)
}

// runNarrowed is an Only scan that lists what can name the flags (see
// Only), and more until no unlisted package names a stand-in.
func runNarrowed(ctx context.Context, p *project.Project, dir string, tree *load.Tree, opts Options) (*Result, error) {
	names := append(flagrefs.Names(p.Config), flagrefs.KeyNames(p)...)
	listed := make(map[string]bool)
	add := func(dirs []string) {
		for _, d := range dirs {
			listed[d] = true
		}
	}
	add(tree.Mentioning(slices.Concat(opts.Only.Keys, opts.Only.Names), nil))
	for _, d := range opts.Only.Extra {
		if _, ok := tree.Dirs[d]; ok {
			listed[d] = true
		}
	}
	for _, d := range slices.Sorted(maps.Keys(tree.Dirs)) {
		if !listed[d] && buildsKeyFiles(tree.Dirs[d], names) {
			listed[d] = true
		}
	}
	if len(listed) == 0 {
		// Nothing can name the flags: the whole module, as lint sees it,
		// for the configuration's check.
		return runPatterns(ctx, p, dir, []string{"./..."}, nil, opts)
	}
	inModule := func(d string) bool {
		_, ok := tree.DirOf(d)
		return ok
	}
	for {
		patterns := make([]string, 0, len(listed))
		for _, d := range slices.Sorted(maps.Keys(listed)) {
			patterns = append(patterns, tree.Pattern(d))
		}
		res, err := runPatterns(ctx, p, dir, patterns, inModule, opts)
		if err != nil {
			return nil, err
		}
		more := tree.Mentioning(res.targets, listed)
		if len(more) == 0 {
			res.Tree, res.Listed = tree, listed
			return res, nil
		}
		progress.Report(ctx, "listing %d more packages naming what stands for the flags", len(more))
		add(more)
		// They are listed for naming a stand-in: that makes them
		// checked for themselves too, from the start of the next
		// analysis (a caller of a function whose parameter holds a
		// flag names nothing else).
		only := *opts.Only
		only.Names = slices.Concat(only.Names, res.targets)
		opts.Only = &only
	}
}

// runPatterns scans the packages of patterns, and those among their
// dependencies whose directory roots accepts (see load.Options.Roots).
func runPatterns(ctx context.Context, p *project.Project, dir string, patterns []string, roots func(string) bool, opts Options) (*Result, error) {
	if ext := handlePackages(p); len(ext) > 0 {
		// Handles declared in another module (a sibling the go.mod
		// replaces with its directory, a shared library) are known by
		// the facts their package exports: analyse it too. Its files
		// are never the project's to rewrite (see GoDecl.External).
		patterns = append(slices.Clone(patterns), ext...)
	}
	lo := load.Options{Dir: dir, Patterns: patterns, Tests: true, Env: opts.Env, Roots: roots}
	var prog *load.Program
	var err error
	if pl := p.TakePreload(lo); pl != nil {
		prog, err = pl.Wait()
	} else {
		prog, err = load.Load(ctx, lo)
	}
	if err != nil {
		return nil, fmt.Errorf("loading packages: %v", err)
	}
	warnings, err := checkConfig(p, prog, patterns, dir)
	if err != nil {
		return nil, err
	}
	flagrefs.UseProject(p)
	res, foreign, err := analyse(ctx, p, prog, dir, warnings, opts)
	// Parameters holding a flag matter to a removal (which deletes
	// them); to lint and list, the property handed to them is the
	// reference already, and following them would cost another analysis
	// of the module.
	ours := func(hs []flagrefs.ForeignHolder) []flagrefs.ForeignHolder {
		if opts.Only != nil {
			return hs
		}
		return slices.DeleteFunc(hs, func(h flagrefs.ForeignHolder) bool { return h.Key.Func != "" })
	}
	foreign = ours(foreign)
	if err != nil || !slices.ContainsFunc(foreign, flagrefs.ForeignHolder.Matters) {
		// Vetoes alone (parameters given something else) change
		// nothing.
		return res, err
	}
	// Packages bind fields of packages analysed before them (a worker's
	// config struct filled by the service that imports it): run again,
	// the fields' own packages told, so that their reads are seen.
	defer flagrefs.UseHolders(p, nil)
	cache := opts.Cache
	for run := 0; ; run++ {
		flagrefs.UseHolders(p, foreign)
		if cache != nil {
			opts.Cache = cache.salted(foreign)
		}
		var more []flagrefs.ForeignHolder
		res, more, err = analyse(ctx, p, prog, dir, warnings, opts)
		more = ours(more)
		if err != nil || run == 1 {
			return res, err
		}
		// A package analysed only now, for calling a function whose
		// parameter holds a flag (see flagrefs/params.go), may pass it
		// something else: once more, with its veto.
		known := make(map[flagrefs.ForeignHolder]bool, len(foreign))
		held := make(map[flagrefs.HolderKey]bool)
		for _, h := range foreign {
			known[h] = true
			held[h.Key] = held[h.Key] || h.Fact.Flag != ""
		}
		grew := false
		for _, h := range more {
			if !known[h] {
				known[h] = true
				foreign = append(foreign, h)
				// Only news about a holder matters.
				grew = grew || held[h.Key] || h.Matters()
			}
		}
		if !grew {
			return res, nil
		}
	}
}

// handlePackages returns, for a removal in a module building against the
// project declaring the flags (project.ForModule), the import paths of
// that project's packages declaring flags by a handle constructor.
// Elsewhere (lint, a project whose flags a dependency declares) none:
// analysed as roots, another module's packages would be loaded with
// their tests and reported on, and the preload would not match.
func handlePackages(p *project.Project) []string {
	if p.From == "" {
		return nil
	}
	var out []string
	for _, f := range p.Flags {
		for _, g := range f.Go {
			if g.External && g.Kind == "constructor" && g.Ident != "" && g.Pkg != "" && !slices.Contains(out, g.Pkg) {
				out = append(out, g.Pkg)
			}
		}
	}
	for _, pkg := range p.HandlePackages {
		if !slices.Contains(out, pkg) {
			out = append(out, pkg)
		}
	}
	slices.Sort(out)
	return out
}

// analyse runs the analyzers over the loaded program, and returns what
// they found and the holder fields bound outside their own package.
func analyse(ctx context.Context, p *project.Project, prog *load.Program, dir string, warnings []string, opts Options) (*Result, []flagrefs.ForeignHolder, error) {
	res := &Result{Program: prog, Fixes: make(map[int][]analysis.SuggestedFix), Warnings: warnings, CheckFuncs: make(map[string]bool)}
	var foreign []flagrefs.ForeignHolder

	// A package covered by its test variant ("p [p.test]" has all of p's
	// files and more) is analysed once, as the variant.
	covered := make(map[string]bool)
	for _, n := range prog.Roots {
		if n.IsTestVariant() && !strings.HasSuffix(n.Name, "_test") {
			covered[n.PkgPath] = true
		}
	}
	// names are what a package must mention to be worth checking: the
	// configured accessors, handles and constructors, the keys of flags
	// declared in Go, and the wrappers found on the way. With Only,
	// targets are what a package must mention to be checked for itself
	// (see Only); names still decide which of its dependencies are
	// checked, for the facts it imports.
	names := slices.Concat(flagrefs.Names(p.Config), flagrefs.KeyNames(p), flagrefs.ProvidedCallerNames(p.Config))
	var targets []string
	if opts.Only != nil {
		// A parameter holder's callers spell its function's name
		// and maybe nothing else.
		targets = slices.Concat(opts.Only.Keys, opts.Only.Names, flagrefs.ProvidedCallerNames(p.Config))
	}
	// mentionsTargets is n.Mentions(targets), each package's files read
	// once: targets only grows (stand-ins are appended), so a yes holds,
	// and a no holds while targets has the length it was read at (never
	// 0 in an Only scan).
	type mention struct {
		n   int
		ok  bool
		err error
	}
	mentions := make(map[*load.Package]mention)
	mentionsTargets := func(n *load.Package) (bool, error) {
		if m, ok := mentions[n]; ok && (m.ok || m.n == len(targets)) {
			return m.ok, m.err
		}
		ok, err := n.Mentions(targets)
		mentions[n] = mention{n: len(targets), ok: ok, err: err}
		return ok, err
	}
	var todo []*load.Package
	for _, n := range prog.Packages {
		if !n.Root || n.IsTestMain() || (!n.IsTestVariant() && covered[n.PkgPath]) {
			continue
		}
		todo = append(todo, n)
	}
	todo = factOrder(todo)
	progress.Report(ctx, "analysing packages: reading the cache")
	// Packages whose results the cache holds are neither checked nor
	// analysed.
	var keys map[*load.Package]cacheKey
	hits := make(map[*load.Package]*cacheEntry)
	if opts.Cache != nil {
		keys = opts.Cache.keys(prog)
		for _, n := range todo {
			if opts.Only != nil {
				// A package that can name the flags is rewritten: it
				// needs its syntax and types (see reusable).
				if ok, err := mentionsTargets(n); err != nil || ok {
					continue
				}
			}
			if k, ok := keys[n]; ok {
				if e := opts.Cache.get(k); e != nil {
					hits[n] = e
				}
			}
		}
	}
	// Type-checking dominates: start it, in parallel, for every package
	// that names a configured accessor, while the ordered loop below
	// analyses. Packages that mention only a wrapper found on the way are
	// checked by the loop itself.
	var misses []*load.Package
	for _, n := range todo {
		if hits[n] == nil {
			misses = append(misses, n)
		}
	}
	var deps func(n *load.Package) []*load.Package
	var buildsKey map[*load.Package]bool
	if opts.Only != nil {
		deps, misses, buildsKey = onlyDeps(todo, misses, mentionsTargets, names)
	}
	progress.Report(ctx, "analysing packages: type-checking")
	checks := prefetch(prog, misses, names)
	fullNames := names

	run := newDriver()
	roots := append([]*analysis.Analyzer{flagrefs.Analyzer}, opts.Analyzers...)
	// reusable reports whether a narrowed scan may take a package's
	// results from lint's cache: only a package it analyses for the facts
	// it exports, one that cannot name the flags — the packages that can
	// are rewritten, and need their syntax and types.
	reusable := func(n *load.Package, e *cacheEntry) bool {
		if buildsKey[n] {
			return false
		}
		if ok, err := mentionsTargets(n); err != nil || ok {
			return false
		}
		for _, r := range e.Refs {
			if r.Dynamic || slices.Contains(opts.Only.Keys, r.Flag) {
				return false
			}
		}
		return true
	}
	// step analyses one package, unless it mentions none of names (nil:
	// whatever it mentions).
	step := func(n *load.Package, names []string) error {
		if e := hits[n]; e != nil && (opts.Only == nil || reusable(n, e)) && opts.Cache.importFacts(run, n, e) &&
			(opts.Only == nil || !concernsAny(run, n, opts.Only.Keys)) {
			for _, f := range e.CheckFuncs {
				res.CheckFuncs[f] = true
			}
			fullNames = append(fullNames, e.Wrappers...)
			foreign = append(foreign, e.Foreign...)
			if opts.Only != nil {
				// Analysed for its facts alone, as a miss would be
				// and then released.
				res.Reused++
				return nil
			}
			pkg := &Package{Package: n}
			res.Packages = append(res.Packages, pkg)
			res.Reused++
			for _, cr := range e.Refs {
				res.Refs = append(res.Refs, Ref{Ref: &flagrefs.Ref{Kind: cr.Kind, Flag: cr.Flag, Dynamic: cr.Dynamic}, Pkg: pkg, Pos: cr.Pos})
			}
			res.Diagnostics = append(res.Diagnostics, e.Diagnostics...)
			return nil
		}
		if len(n.CompiledGoFiles) == 0 && len(n.IgnoredFiles) == 0 {
			res.Problems = append(res.Problems, listErrors(p, dir, n)...)
			return nil
		}
		check, ok := checks[n]
		if !ok && names != nil {
			mentions, err := n.Mentions(names)
			if err != nil {
				res.Problems = append(res.Problems, Problem{Msg: err.Error(), Fatal: true})
				return nil
			}
			if !mentions {
				// It cannot refer to a flag: its breakage is not ours.
				res.Problems = append(res.Problems, listErrors(p, dir, n)...)
				return nil
			}
		}
		if !ok {
			check = make(chan error, 1)
			check <- prog.Check(n)
		}
		if err := <-check; err != nil {
			res.Problems = append(res.Problems, Problem{Msg: fmt.Sprintf("package %s: %v", n.PkgPath, err), Fatal: true, Files: n.CompiledGoFiles, Pkg: n.PkgPath})
			return nil
		}
		if len(n.TypeErrors) > 0 {
			for i, te := range n.TypeErrors {
				if i == 3 {
					res.Problems = append(res.Problems, Problem{Msg: fmt.Sprintf("package %s: and %d more type errors", n.PkgPath, len(n.TypeErrors)-3), Fatal: true, Files: n.CompiledGoFiles, Pkg: n.PkgPath})
					break
				}
				res.Problems = append(res.Problems, Problem{Pos: rel(p, prog.Fset.Position(te.Pos)), Msg: te.Msg + " (package " + n.PkgPath + " is not checked)", Fatal: true, Files: n.CompiledGoFiles, Pkg: n.PkgPath})
			}
			return nil
		}
		diags, results, err := run.Run(prog, n, roots)
		if err != nil {
			return err
		}
		fr := results[flagrefs.Analyzer].(*flagrefs.Result)
		if fr.Err != nil {
			return fr.Err
		}
		foreign = append(foreign, fr.Foreign...)
		for _, w := range fr.Wrappers {
			fullNames = append(fullNames, w.Name())
		}
		if opts.Only != nil {
			targets = append(targets, standIns(run, n, opts.Only.Keys)...)
		}
		pkg := &Package{Package: n, Refs: fr}
		res.Packages = append(res.Packages, pkg)
		firstRef := len(res.Refs)
		var entry cacheEntry
		for _, r := range fr.Refs {
			if r.Kind == flagrefs.Check && r.Call != nil && !r.Syntactic {
				res.CheckFuncs[r.Via] = true
				entry.CheckFuncs = append(entry.CheckFuncs, r.Via)
			}
			ref := Ref{Ref: r, Pkg: pkg, Pos: rel(p, prog.Fset.Position(r.Node.Pos()))}
			res.Refs = append(res.Refs, ref)
			entry.Refs = append(entry.Refs, cachedRef{Kind: r.Kind, Flag: r.Flag, Dynamic: r.Dynamic, Pos: ref.Pos})
		}
		for _, d := range diags {
			if d.Analyzer == flagrefs.Analyzer {
				continue
			}
			dd := diag.Diagnostic{
				ID:      d.Category,
				Flag:    fr.FlagAt(d.Pos, d.Category),
				Pos:     rel(p, prog.Fset.Position(d.Pos)),
				Message: d.Message,
			}
			res.Diagnostics = append(res.Diagnostics, dd)
			entry.Diagnostics = append(entry.Diagnostics, dd)
			if len(d.SuggestedFixes) > 0 {
				res.Fixes[len(res.Diagnostics)-1] = d.SuggestedFixes
			}
		}
		// A narrowed scan runs flagrefs alone: its entries would lack
		// the other analyzers' diagnostics. It only reads lint's.
		if k, ok := keys[n]; ok && opts.Only == nil {
			entry.Foreign = fr.Foreign
			for _, w := range fr.Wrappers {
				entry.Wrappers = append(entry.Wrappers, w.Name())
			}
			var ok bool
			if entry.Facts, entry.PkgFacts, ok = opts.Cache.encodeFacts(run, n); ok {
				opts.Cache.put(k, &entry)
			}
		}
		if opts.Keep != nil && !opts.Keep(pkg) {
			res.Refs = res.Refs[:firstRef]
			res.Packages = res.Packages[:len(res.Packages)-1]
			res.Released++
			n.Release()
		}
		return nil
	}
	if opts.Only == nil {
		for i, n := range todo {
			progress.Report(ctx, "analysing packages: %d of %d", i+1, len(todo))
			if err := step(n, fullNames); err != nil {
				return nil, nil, err
			}
		}
	} else {
		// A package that can name the flags is analysed after every
		// dependency whose facts it may import (see Only).
		done := make(map[*load.Package]bool)
		var demand func(n *load.Package, self bool) error
		demand = func(n *load.Package, self bool) error {
			if done[n] {
				return nil
			}
			done[n] = true
			for _, d := range deps(n) {
				if err := demand(d, false); err != nil {
					return err
				}
			}
			if self {
				if buildsKey[n] {
					return step(n, nil)
				}
				return step(n, targets)
			}
			return step(n, fullNames)
		}
		for i, n := range todo {
			progress.Report(ctx, "analysing packages: %d of %d", i+1, len(todo))
			if ok, err := mentionsTargets(n); err == nil && !ok && !buildsKey[n] || done[n] {
				continue
			}
			if err := demand(n, true); err != nil {
				return nil, nil, err
			}
		}
	}
	sortDiagnostics(res)
	res.targets = targets
	return res, foreign, nil
}

// onlyDeps prepares an Only scan: it returns each package's
// dependencies among todo (a package analysed as its test variant stands
// for itself); the packages worth checking ahead of the loop: those that
// can name the flags, and every dependency of theirs, direct or not,
// that mentions names (its facts may be imported); and the packages that
// may build a key (see buildsKey), which can name a flag without
// spelling it.
func onlyDeps(todo, misses []*load.Package, mentionsTargets func(*load.Package) (bool, error), names []string) (func(*load.Package) []*load.Package, []*load.Package, map[*load.Package]bool) {
	byPath := make(map[string]*load.Package)
	for _, n := range todo {
		if prev, ok := byPath[n.PkgPath]; !ok || !prev.IsTestVariant() {
			byPath[n.PkgPath] = n
		}
	}
	deps := func(n *load.Package) []*load.Package {
		var out []*load.Package
		for _, path := range slices.Sorted(maps.Keys(n.Imports)) {
			if d := byPath[n.Imports[path].PkgPath]; d != nil && d != n {
				out = append(out, d)
			}
		}
		return out
	}
	isMiss := make(map[*load.Package]bool)
	for _, n := range misses {
		isMiss[n] = true
	}
	seen := make(map[*load.Package]bool)
	var ahead []*load.Package
	var walk func(n *load.Package, self bool)
	walk = func(n *load.Package, self bool) {
		if seen[n] {
			return
		}
		seen[n] = true
		if isMiss[n] {
			if ok, err := n.Mentions(names); err == nil && ok || self {
				ahead = append(ahead, n)
			}
		}
		for _, d := range deps(n) {
			walk(d, false)
		}
	}
	builds := make(map[*load.Package]bool)
	for _, n := range todo {
		ok, err := mentionsTargets(n)
		if err == nil && !ok && buildsKey(n, names) {
			builds[n], ok = true, true
		}
		if ok || err != nil {
			walk(n, true)
		}
	}
	return deps, ahead, builds
}

// buildsKey reports whether a package may compute a flag's key from
// parts, so that its text need not spell the key: a constant declared
// with a concatenation (`const newUI = prefix + "ui"`, whatever else the
// package mentions: its importers may check it), or a concatenation in
// the arguments of a call of one of names (`feature.Enabled(ctx,
// prefix+"ui")`). A scan that skips packages by their text must check
// those anyway. Parsing is a fraction of the cost of the type check it
// saves.
func buildsKey(n *load.Package, names []string) bool {
	return buildsKeyFiles(n.CompiledGoFiles, names)
}

// buildsKeyFiles is buildsKey over some files.
func buildsKeyFiles(files []string, names []string) bool {
	called := make(map[string]bool, len(names))
	for _, name := range names {
		called[name] = true
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return true
		}
		// Only a file with a + and a constant declaration or a call of
		// one of names can build a key: most files are not parsed.
		if !bytes.Contains(data, []byte("+")) || !bytes.Contains(data, []byte("const")) && !mentionsAny(data, names) {
			continue
		}
		f, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		if err != nil {
			return true
		}
		found := false
		ast.Inspect(f, func(x ast.Node) bool {
			if found {
				return false
			}
			switch x := x.(type) {
			case *ast.GenDecl:
				if x.Tok == token.CONST && concatenates(x) {
					found = true
				}
			case *ast.CallExpr:
				var fn string
				switch f := ast.Unparen(x.Fun).(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if called[fn] {
					for _, a := range x.Args {
						if concatenates(a) {
							found = true
						}
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func mentionsAny(data []byte, names []string) bool {
	for _, n := range names {
		if bytes.Contains(data, []byte(n)) {
			return true
		}
	}
	return false
}

// concatenates reports whether n holds a + expression.
func concatenates(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if b, ok := x.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			found = true
		}
		return !found
	})
	return found
}

// standIns returns the names of what an analysed package declares that
// can stand for a flag of keys (see Only): the objects it exported facts
// about that concern those flags (their handles, declarations and
// holders, any wrapper), and its package-level constants holding a key.
func standIns(run *driver, n *load.Package, keys []string) []string {
	var out []string
	for _, k := range run.exported[n] {
		if !concerns(run.facts[k], keys) {
			continue
		}
		obj := k.obj
		if obj == nil {
			obj, _ = objectpath.Object(n.Types, k.path)
		}
		if obj == nil {
			continue
		}
		out = append(out, obj.Name())
		if v, ok := obj.(*types.Var); ok && v.Kind() == types.ParamVar {
			// A parameter holding a flag: its function's callers
			// pass it (see flagrefs/params.go).
			if fn := flagrefs.ParamOwner(v); fn != nil {
				out = append(out, fn.Name())
			}
		}
	}
	if n.Types == nil {
		return out
	}
	scope := n.Types.Scope()
	for _, name := range scope.Names() {
		c, ok := scope.Lookup(name).(*types.Const)
		if ok && c.Val().Kind() == constant.String && slices.Contains(keys, constant.StringVal(c.Val())) {
			out = append(out, name)
		}
	}
	return out
}

// concernsAny reports whether a fact the package exported may concern a
// flag of keys.
func concernsAny(run *driver, n *load.Package, keys []string) bool {
	for _, k := range run.exported[n] {
		if concerns(run.facts[k], keys) {
			return true
		}
	}
	return false
}

// concerns reports whether a fact may concern a flag of keys: one that
// names its flag names one of them.
func concerns(f analysis.Fact, keys []string) bool {
	switch f := f.(type) {
	case *flagrefs.HandleFact:
		return f.Flag == "" || slices.Contains(keys, f.Flag)
	case *flagrefs.HolderFact:
		return slices.Contains(keys, f.Flag)
	case *flagrefs.GetterFact:
		return slices.Contains(keys, f.Flag)
	case *flagrefs.GoDefsFact:
		for _, d := range f.Defs {
			if slices.Contains(keys, d.Name) {
				return true
			}
		}
		return false
	case *flagrefs.WrapperFact:
		// A wrapper takes the key as an argument: a call refers to one
		// of the flags only by naming it (or a stand-in) there.
		return false
	}
	return true
}

// factOrder orders the packages so that each comes after the packages
// whose facts it imports (wrappers, handles). The go command lists a
// test variant after every package of the module that precedes its tests'
// dependencies, but a covered package's facts come from its variant: its
// dependents must wait for the variant, which cannot depend on them (an
// internal test importing a dependent would be an import cycle).
func factOrder(todo []*load.Package) []*load.Package {
	byPath := make(map[string]*load.Package) // the package analysed for each path
	for _, n := range todo {
		if _, ok := byPath[n.PkgPath]; !ok || n.IsTestVariant() && !strings.HasSuffix(n.Name, "_test") {
			byPath[n.PkgPath] = n
		}
	}
	inTodo := make(map[*load.Package]bool, len(todo))
	for _, n := range todo {
		inTodo[n] = true
	}
	out := make([]*load.Package, 0, len(todo))
	state := make(map[*load.Package]int) // 1 visiting, 2 done
	var visit func(n *load.Package)
	visit = func(n *load.Package) {
		if state[n] != 0 {
			return // done, or a cycle (impossible in a built program)
		}
		state[n] = 1
		paths := make([]string, 0, len(n.Imports))
		for path := range n.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			imp := n.Imports[path]
			dep := imp
			if v, ok := byPath[imp.PkgPath]; ok && v != n && (v.PkgPath != n.PkgPath) {
				dep = v // the variant standing for the covered package
			}
			if inTodo[dep] {
				visit(dep)
			}
		}
		state[n] = 2
		out = append(out, n)
	}
	for _, n := range todo {
		visit(n)
	}
	return out
}

// prefetch starts type-checking, on every CPU, each package whose text
// names a configured reference form, in dependency order. It returns a
// channel per package that yields Check's error once it is done.
func prefetch(prog *load.Program, todo []*load.Package, names []string) map[*load.Package]chan error {
	checks := make(map[*load.Package]chan error)
	var queue []*load.Package
	for _, n := range todo {
		if len(n.CompiledGoFiles) == 0 {
			continue
		}
		if ok, err := n.Mentions(names); err == nil && ok {
			checks[n] = make(chan error, 1)
			queue = append(queue, n)
		}
	}
	work := make(chan *load.Package)
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for n := range work {
				checks[n] <- prog.Check(n)
			}
		}()
	}
	go func() {
		for _, n := range queue {
			work <- n
		}
		close(work)
	}()
	return checks
}

// sortDiagnostics sorts the diagnostics by position, keeping each one's
// fixes with it.
func sortDiagnostics(res *Result) {
	idx := make([]int, len(res.Diagnostics))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		da, db := res.Diagnostics[idx[a]], res.Diagnostics[idx[b]]
		if c := da.Pos.Compare(db.Pos); c != 0 {
			return c < 0
		}
		return da.ID < db.ID
	})
	ds := make([]diag.Diagnostic, len(idx))
	fixes := make(map[int][]analysis.SuggestedFix)
	for to, from := range idx {
		ds[to] = res.Diagnostics[from]
		if f, ok := res.Fixes[from]; ok {
			fixes[to] = f
		}
	}
	res.Diagnostics, res.Fixes = ds, fixes
}

func rel(p *project.Project, pos token.Position) diag.Position {
	return diag.Position{File: p.Rel(pos.Filename), Line: pos.Line, Column: pos.Column}
}

// listErrors turns the go command's errors about a package into
// warnings, one per line: a compile error arrives as "# pkg" followed by
// compiler lines with paths relative to dir.
func listErrors(p *project.Project, dir string, n *load.Package) []Problem {
	var out []Problem
	seen := make(map[string]bool)
	for _, e := range n.Errors {
		for _, line := range strings.Split(e.Msg, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "# ") || seen[line] {
				continue
			}
			seen[line] = true
			out = append(out, Problem{Msg: relLine(p, dir, line)})
		}
	}
	return out
}

// relLine rewrites a compiler line's leading file name relative to the
// project root.
func relLine(p *project.Project, dir, line string) string {
	file, rest, ok := strings.Cut(line, ":")
	if !ok || !strings.HasSuffix(file, ".go") {
		return line
	}
	if !filepath.IsAbs(file) {
		abs, err := filepath.Abs(filepath.Join(dir, file))
		if err != nil {
			return line
		}
		file = abs
	}
	return p.Rel(file) + ":" + rest
}

// CheckCounts returns, for each flag, how many checks refer to it.
func (r *Result) CheckCounts() map[string]int {
	counts := make(map[string]int)
	for _, ref := range r.Refs {
		if ref.Kind == flagrefs.Check && !ref.Dynamic {
			counts[ref.Flag]++
		}
	}
	return counts
}
