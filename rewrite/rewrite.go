// Package rewrite removes feature flags from Go code: it rewrites the code
// as if a flag were a constant forever, deletes what became dead, deletes
// the flag's definition, writes a changelog entry, and proves the result
// still type-checks before anything is written.
//
// Every change is a byte-range edit of the source text, so comments and
// layout survive; gofmt's opinion is applied only to the lines the edits
// touched. The rewrite runs in rounds. Round 0 turns each reference into
// its constant (and removes test overrides, feature-set entries and
// handles). Each later round type-checks the changed packages again and
// simplifies only the spans earlier rounds produced — folding !, && and
// ||, collapsing if/else chains, switches and loops, deleting code after a
// return, inlining variables that held the flag's value — then deletes what
// became unused: the locals and imports the type checker reports, the
// declarations that were used before and are not now, files left empty.
// It stops when a round changes nothing.
package rewrite

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/internal/progress"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

// Options say what to remove.
type Options struct {
	Project *project.Project
	Targets []Target
	// Aggressive allows dropping operands with side effects (a call in
	// `f() && flag`), which otherwise leaves the site for a human.
	Aggressive bool
	// Env is the go command's environment, when not the process's.
	Env []string
	// ScanAll scans every flag's references, as lint does, instead of
	// only the packages that can name the targets (scan.Only): slower,
	// and what tests the verification's net for uses no scan saw.
	ScanAll bool
	// WholeModule lists every package of the module, as lint does,
	// where the scan would list only those that can name the flags (see
	// scan.Only): the same removal, for tests that compare the two.
	WholeModule bool
	// Cache, when set, is lint's per-package cache (scan.OpenCache with
	// every analyzer): the packages the removal analyses only for the
	// facts they export (wrappers, handles) are read from it when lint
	// saw them unchanged, instead of type-checked. The removal only
	// reads it.
	Cache *scan.Cache
	// KeepDeclaration stabilizes instead of deleting: the code is
	// rewritten as if the flag were constant, but its Go declaration
	// stays, settled (see stabilize.go). RemoveWith is the version a
	// settled declaration goes in, for one that says none.
	KeepDeclaration bool
	RemoveWith      string

	// linkedRun marks a removal in a module building against the
	// project's (see removeLinked): it rewrites that module's uses and
	// leaves the declarations, the definitions and the changelog entry
	// to the project's own removal.
	linkedRun bool
	// linkedNew are the linked modules' files as their removals rewrote
	// them (nil for a deleted file), by absolute name: what the
	// project's removal reads in their place (see linkedFiles).
	linkedNew map[string][]byte
}

// A Target is a flag to remove and the value it takes forever.
type Target struct {
	Name  string `json:"name"`
	Value bool   `json:"value"`
}

// A Result is the change a removal makes, not yet written.
type Result struct {
	Targets []Target
	// Files are the files changed, created or deleted, by path.
	Files []*FileChange
	// Sites are the references found, rewritten or refused.
	Sites []Site
	// Generated are references in generated files: regenerate them.
	Generated []Site
	// Mentions are lines outside the rewritten code that still name a
	// removed flag (docs, YAML, JavaScript, comments…), for a human.
	Mentions []Mention
	// Changelog is the changelog entry written or to be written.
	Changelog *Changelog
	// Unchecked are rewritten files the type checker cannot see here
	// (excluded by build constraints): they were parsed, not checked.
	Unchecked []string
	// BuildTags are the project's own build tags (integration) in the
	// constraints that excluded Unchecked files or files with refused
	// sites: configured as build_tags, those files would be type-checked.
	BuildTags []string
	// TagExcluded are files with sites that the configured build_tags
	// themselves exclude (a unit test that is //go:build !integration):
	// read by syntax alone because of the configuration.
	TagExcluded []string
	// Unloaded are the import paths of packages that could not be
	// checked but cannot refer to the removed flags: their files never
	// name them.
	Unloaded []string
	// Packages are the import paths the change can break, sorted: the
	// packages it changed and every package of the module that imports
	// one of them. It is what `cleanup.verify` gets as
	// $FLAGSWEEP_PACKAGES, so a project can test just those.
	Packages []string
	// Linked are the other modules of the repository this removal
	// rewrote too: they build against the project's module (their
	// go.mod replaces it with its directory) and named the flag.
	Linked []LinkedModule
	// linked are the directories of the linked modules whose files
	// name something the removal would delete (see linkedFiles).
	linked map[string]bool
	// aliasPkgs are the import paths of the packages holding handle
	// aliases (see handleAliases): a linked module's removal analyses
	// them, for the facts that make their checks known.
	aliasPkgs []string
	// reused counts the packages whose facts came from lint's cache
	// (Options.Cache), for tests.
	reused int
}

// A LinkedModule is another module of the repository a removal rewrote.
type LinkedModule struct {
	// Dir is the module's directory, relative to the project root.
	Dir string `json:"dir"`
	// Packages are the import paths the change can break there (see
	// Result.Packages): build and test them in Dir.
	Packages []string `json:"packages"`
}

// A FileChange is one file's old and new content.
type FileChange struct {
	Path     string // relative to the project root
	Abs      string
	Old, New []byte
	Deleted  bool
	Created  bool
}

// A Site is one reference and what became of it.
type Site struct {
	Flag   string
	Pos    diag.Position
	Kind   string // check, declare, override, feature-set, test-deleted, test-unforced
	Via    string
	Status string // rewritten, refused, generated
	Reason string `json:",omitempty"`

	// anchor, for a test-unforced site whose node the removal deletes (a
	// holder's write), is a position in the code around it (the table
	// case, the test function): the site is reported only if that
	// survives.
	anchor diag.Position
}

// A Mention is a line that names a removed flag.
type Mention struct {
	File string
	Line int
	Text string
}

// Refused reports whether some site was left for a human.
func (r *Result) Refused() bool {
	for _, s := range r.Sites {
		if s.Status == "refused" {
			return true
		}
	}
	return false
}

// A VerifyError lists the type errors of the rewritten code: the change is
// not written.
type VerifyError struct {
	Errors []string
}

func (e *VerifyError) Error() string {
	return "the rewritten code does not type-check, so nothing was written:\n" + strings.Join(e.Errors, "\n")
}

// maxRounds bounds the simplification: every round strictly shrinks or
// settles the code, so it converges long before.
const maxRounds = 30

// Remove computes the removal of the targets.
func Remove(ctx context.Context, opts Options) (*Result, error) {
	out, err := removeModule(ctx, opts)
	if err != nil || opts.linkedRun || len(out.linked) == 0 {
		return out, err
	}
	return removeLinked(ctx, opts, out)
}

// removeLinked finishes a removal whose deletions other modules of the
// repository still name: modules whose go.mod replaces the project's
// with its directory (the OpenTelemetry Collector's otelcol and
// internal/globalgates), which build against its code as it is and which
// no listing of the project reaches. Each is rewritten first, by a
// removal of its own rooted there (Project.ForModule: the flags'
// declarations are another module's there, so it rewrites only its own
// uses, and verifies its own packages against the project's code as it
// was). The project's removal then runs again reading those modules as
// rewritten: what they no longer name may go, what they still name stays
// and is reported, as before. Nothing is written unless every part
// succeeds.
func removeLinked(ctx context.Context, opts Options, first *Result) (*Result, error) {
	p := opts.Project
	overlay := make(map[string][]byte)
	var subs []*Result
	var dirs []string
	var failed []linkedFailure
	for _, dir := range slices.Sorted(maps.Keys(first.linked)) {
		rel := relPath(p.Root, dir)
		trace("the module in %s names what the removal deletes: removing the flags there first", rel)
		sub := opts
		sub.Project = p.ForModule(dir)
		sub.Project.HandlePackages = first.aliasPkgs
		sub.linkedRun, sub.linkedNew, sub.Cache = true, nil, nil
		res, err := Remove(ctx, sub)
		if err != nil {
			// A module that cannot be rewritten here (it does not
			// load or type-check) keeps its uses: the project's
			// removal leaves what they name, and says why.
			trace("the removal in %s failed: %v", rel, err)
			failed = append(failed, linkedFailure{rel, err})
			continue
		}
		if len(res.Files) == 0 {
			continue
		}
		for _, f := range res.Files {
			overlay[f.Abs] = f.New
			if f.Deleted {
				overlay[f.Abs] = nil
			}
		}
		subs = append(subs, res)
		dirs = append(dirs, dir)
	}
	if len(subs) == 0 {
		// The modules' removals found nothing to rewrite: what names
		// the flag there is for a human, as the sites say.
		for i, s := range first.Sites {
			if s.Kind == "mention" && strings.HasSuffix(s.Reason, linkedAdvice) {
				first.Sites[i].Reason = strings.TrimSuffix(s.Reason, linkedAdvice) + linkedLeft
			}
		}
		explainFailures(first, failed)
		return first, nil
	}
	opts.linkedNew = overlay
	out, err := removeModule(ctx, opts)
	if err != nil {
		return nil, err
	}
	explainFailures(out, failed)
	// A use the module's own removal left is reported there, with its
	// reason: not again as a name this removal sees.
	refusedThere := make(map[string]bool)
	for i, sub := range subs {
		for _, s := range sub.Sites {
			if s.Status == "refused" {
				refusedThere[lineKey(moveFrom(p.Root, dirs[i], s.Pos.File), s.Pos.Line)] = true
			}
		}
	}
	out.Sites = slices.DeleteFunc(out.Sites, func(s Site) bool {
		return s.Kind == "mention" && refusedThere[lineKey(s.Pos.File, s.Pos.Line)]
	})
	for i, sub := range subs {
		dir := dirs[i]
		move := func(file string) string { return moveFrom(p.Root, dir, file) }
		for _, f := range sub.Files {
			f.Path = relPath(p.Root, f.Abs)
			out.Files = append(out.Files, f)
		}
		for _, s := range sub.Sites {
			s.Pos.File = move(s.Pos.File)
			out.Sites = append(out.Sites, s)
		}
		for _, s := range sub.Generated {
			s.Pos.File = move(s.Pos.File)
			out.Generated = append(out.Generated, s)
		}
		for _, m := range sub.Mentions {
			m.File = move(m.File)
			out.Mentions = append(out.Mentions, m)
		}
		for _, f := range sub.Unchecked {
			out.Unchecked = append(out.Unchecked, move(f))
		}
		for _, f := range sub.TagExcluded {
			out.TagExcluded = append(out.TagExcluded, move(f))
		}
		for _, t := range sub.BuildTags {
			if !slices.Contains(out.BuildTags, t) {
				out.BuildTags = append(out.BuildTags, t)
			}
		}
		out.Unloaded = append(out.Unloaded, sub.Unloaded...)
		out.Linked = append(out.Linked, LinkedModule{Dir: relPath(p.Root, dir), Packages: sub.Packages})
	}
	out.sort()
	return out, nil
}

// sort puts the files, sites and unchecked packages in the order the
// report prints them, whatever order the passes (and modules) found them in.
func (out *Result) sort() {
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Path < out.Files[j].Path })
	sort.SliceStable(out.Sites, func(i, j int) bool { return out.Sites[i].Pos.Compare(out.Sites[j].Pos) < 0 })
	sort.Strings(out.Unchecked)
}

// relPath is path relative to root, slash-separated, with ../ where it
// is outside.
func relPath(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// removeModule is Remove within the project's own module.
func removeModule(ctx context.Context, opts Options) (*Result, error) {
	p := opts.Project
	if opts.KeepDeclaration {
		for _, t := range opts.Targets {
			if f := p.Flag(t.Name); f == nil || f.YAML() || len(f.Go) == 0 {
				return nil, fmt.Errorf("--keep-declaration keeps a flag's declaration in Go; %s is not declared in Go: remove it without --keep-declaration", t.Name)
			}
		}
	}
	keys, names := targetNames(p, opts.Targets)
	so := scan.Options{Project: p, Env: opts.Env, Keep: keepFor(keys, names), Cache: opts.Cache}
	if !opts.ScanAll {
		so.Only = &scan.Only{Keys: slices.Sorted(maps.Keys(keys)), Names: names, Whole: opts.WholeModule}
	}
	// A scan that listed part of the module (see scan.Only) answers for
	// the packages naming the flags; the removal looks further, for the
	// uses of what it deletes. When a package left unlisted contains one
	// of those names, it is listed and the removal done again: the answer
	// is then the whole module's, at the cost of a second listing.
	for {
		start := time.Now()
		res, err := scan.Run(ctx, so)
		if err != nil {
			return nil, err
		}
		words := make(map[string]bool)
		out, err := remove(ctx, opts, res, start, words)
		if err != nil {
			return nil, err
		}
		more := res.Unlisted(slices.Sorted(maps.Keys(words)))
		if len(more) == 0 {
			return out, nil
		}
		trace("%d unlisted packages name what the removal deletes: listing them too", len(more))
		so.Only.Extra = append(slices.Sorted(maps.Keys(res.Listed)), more...)
	}
}

// remove is one removal over a scan's result; words collects the names
// it looked for in the whole module (see remover.unlistedWords).
func remove(ctx context.Context, opts Options, res *scan.Result, start time.Time, words map[string]bool) (*Result, error) {
	trace("scan: %d packages analysed (%d kept, %d from lint's cache), %d references, %s", len(res.Packages)+res.Released+res.Reused, len(res.Packages), res.Reused, len(res.Refs), time.Since(start).Round(time.Millisecond))
	// The verify-and-keep loop (see verify.go): each pass removes from
	// the original sources, protecting what earlier passes found still
	// used.
	var kept []*keptDecl
	// late and lateFailed: see late.go.
	late, lateFailed := make(map[string]bool), make(map[string]bool)
	keepFlags := make(map[string]bool)
	keepHolders := make(map[holderKey]bool)
	dropConsts := make(map[string]bool)
	var extraConsts []exportedDecl
	var carried []Site
	for pass := 0; ; pass++ {
		passStart := time.Now()
		r, err := newRemover(opts, res, kept)
		if err != nil {
			return nil, err
		}
		r.ctx = ctx
		r.pass = pass
		r.unlistedWords = words
		r.keepFlags, r.keepHolders, r.dropConsts = keepFlags, keepHolders, dropConsts
		r.late = late
		r.exported = append(r.exported, extraConsts...)
		r.carried = carried
		if err := r.run(); err != nil {
			return nil, err
		}
		more, err := r.finish()
		trace("pass %d: %d files changed, %d declarations kept, %s (verification %s: %d units, %d importers checked)", pass, len(r.src), len(kept), time.Since(passStart).Round(time.Millisecond), r.verifyTime.Round(time.Millisecond), r.verifyUnits, r.verifyImporters)
		if err != nil {
			return nil, err
		}
		if (len(r.retryFlags) > 0 || len(r.retryConsts) > 0 || len(r.retryHolders) > 0) && pass < maxKeepRounds {
			for _, f := range r.retryFlags {
				keepFlags[f] = true
			}
			for _, h := range r.retryHolders {
				keepHolders[h] = true
			}
			carried = r.carried
			for _, c := range r.retryConsts {
				dropConsts[keepKey(c.file, c.name)] = true
				extraConsts = append(extraConsts, c)
			}
			continue
		}
		if len(more) == 0 {
			if cands := r.unusedKept(lateFailed); len(cands) > 0 && pass < maxKeepRounds {
				// Kept for a use this pass deleted: once more,
				// deleting them last.
				for _, k := range cands {
					late[k] = true
				}
				trace("pass %d: %d kept declarations are used by nothing left: deleting them last", r.pass, len(cands))
				continue
			}
			return r.out, nil
		}
		failedLate := false
		for _, kd := range more {
			if k := keepKey(kd.file, kd.name); late[k] {
				// Still used once the cascade was done: kept
				// for good.
				delete(late, k)
				lateFailed[k], failedLate = true, true
			}
		}
		if failedLate && pass < maxKeepRounds {
			continue
		}
		known := make(map[string]*keptDecl)
		for _, kd := range kept {
			known[keepKey(kd.file, kd.name)] = kd
		}
		grew := false
		for _, kd := range more {
			if old, ok := known[keepKey(kd.file, kd.name)]; ok {
				old.uses = append(old.uses, kd.uses...)
				continue
			}
			kept = append(kept, kd)
			grew = true
		}
		if !grew || pass == maxKeepRounds {
			var errs []string
			for _, kd := range more {
				for _, u := range kd.uses {
					errs = append(errs, fmt.Sprintf("%s: %s is deleted by the removal but still used here (a flagsweep bug: please report it)", u, kd.desc))
				}
			}
			return nil, &VerifyError{Errors: errs}
		}
	}
}

// progress reports what the removal does now on the progress line, with
// the pass of the verify-and-keep loop once it retries.
func (r *remover) progress(format string, args ...any) {
	if r.ctx == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if r.pass > 0 {
		msg = fmt.Sprintf("pass %d: %s", r.pass+1, msg)
	}
	progress.Report(r.ctx, "%s", msg)
}

// keepFor returns which scanned packages a removal needs whole: those
// referring to a target (or to a flag whose key is not constant), naming
// one in their text (its key, its Go declaration's identifier), or using
// a constant that holds its key. The others are released as soon as they
// are analysed: on Kueue, 91 packages check gates, a handful name the one
// removed.
func keepFor(keys map[string]bool, names []string) func(*scan.Package) bool {
	return func(pkg *scan.Package) bool {
		if pkg.Refs != nil {
			for _, r := range pkg.Refs.Refs {
				if keys[r.Flag] || r.Dynamic {
					return true
				}
			}
		}
		if ok, err := pkg.Mentions(names); err != nil || ok {
			return true
		}
		if pkg.TypesInfo != nil {
			for _, obj := range pkg.TypesInfo.Uses {
				if c, ok := obj.(*types.Const); ok && c.Val().Kind() == constant.String && keys[constant.StringVal(c.Val())] {
					return true
				}
			}
		}
		return false
	}
}

// targetNames returns the targets' keys, and the names their text can
// be named by: the keys and their Go declarations' identifiers.
func targetNames(p *project.Project, targets []Target) (keys map[string]bool, names []string) {
	keys = make(map[string]bool)
	for _, t := range targets {
		keys[t.Name] = true
		names = append(names, t.Name)
		if f := p.Flag(t.Name); f != nil {
			for _, g := range f.Go {
				if g.Ident != "" {
					names = append(names, g.Ident)
				}
			}
			// A binder's configuration key: a test forcing the flag
			// through it (a config map's entry, a helper taking the
			// key) names the flag by nothing else.
			for _, k := range f.Keys {
				keys[k] = true
			}
		}
	}
	return keys, names
}

// newRemover prepares one pass of the removal over the scan's result,
// protecting the kept declarations.
func newRemover(opts Options, res *scan.Result, kept []*keptDecl) (*remover, error) {
	p := opts.Project
	r := &remover{
		opts:     opts,
		p:        p,
		scan:     res,
		prog:     res.Program,
		targets:  make(map[string]Target),
		merged:   make(map[string]string),
		src:      make(map[string][]byte),
		orig:     make(map[string][]byte),
		deleted:  make(map[string]bool),
		hot:      make(map[string][]span),
		typeless: make(map[string]bool),
		out:      &Result{Targets: opts.Targets, reused: res.Reused},
		kept:     kept,
		keptIn:   make(map[string][]*keptDecl),
		history:  make(map[string][][]edit),
	}
	for _, kd := range kept {
		r.keptIn[kd.file] = append(r.keptIn[kd.file], kd)
	}
	for _, t := range opts.Targets {
		r.targets[t.Name] = t
	}
	for _, pr := range res.Problems {
		if !pr.Fatal {
			continue
		}
		if r.mayName(pr.Files) {
			return nil, fmt.Errorf("%s: the package must load for the removal to be checked", pr)
		}
		if !slices.Contains(r.out.Unloaded, pr.Pkg) {
			r.out.Unloaded = append(r.out.Unloaded, pr.Pkg)
		}
	}
	r.units()
	for _, ref := range res.Refs {
		if _, ok := r.targets[ref.Flag]; !ok || ref.Dynamic {
			continue
		}
		if !r.ownFile(r.prog.Fset.Position(ref.Node.Pos()).Filename) {
			// Another module's package, analysed for the handles it
			// declares (see scan.handlePackages): never rewritten, nor
			// reported, here.
			continue
		}
		if ref.Generated {
			sourced := ref.Kind == flagrefs.Declare && r.sourcedDecl(ref.Flag, r.prog.Fset.Position(ref.Node.Pos()).Filename)
			if !sourced {
				r.out.Generated = append(r.out.Generated, r.site(ref, "generated", "generated file: regenerate it"))
				continue
			}
			if !r.opts.KeepDeclaration {
				continue // deleted with its source entry (goDeclaration)
			}
			// Settled like any registration, its source entry with it
			// (see settleGeneratedSources).
		}
		r.refs = append(r.refs, ref)
	}
	return r, nil
}

// A linkedFailure is a linked module whose own removal failed, by its
// directory relative to the project.
type linkedFailure struct {
	rel string
	err error
}

// explainFailures adds to each site left in a module whose removal
// failed what stopped it, which is what to fix before running again.
func explainFailures(out *Result, failed []linkedFailure) {
	for _, f := range failed {
		for i, s := range out.Sites {
			if strings.HasPrefix(s.Pos.File, f.rel+"/") {
				out.Sites[i].Reason += fmt.Sprintf(" (the removal in %s failed: %v)", f.rel, f.err)
			}
		}
	}
}

// moveFrom returns file, as a removal rooted in dir reported it (relative
// to dir, or absolute when outside it), relative to root.
func moveFrom(root, dir, file string) string {
	if filepath.IsAbs(file) {
		return relPath(root, file)
	}
	return relPath(root, filepath.Join(dir, filepath.FromSlash(file)))
}

// mayName reports whether any of files could refer to a target: it
// holds the flag's name, or an identifier its Go declarations name it by.
// Without the files (a package that was not even listed), it may.
func (r *remover) mayName(files []string) bool {
	if len(files) == 0 {
		return true
	}
	var words [][]byte
	for _, t := range r.opts.Targets {
		words = append(words, []byte(t.Name))
		if f := r.p.Flag(t.Name); f != nil {
			for _, g := range f.Go {
				if g.Ident != "" {
					words = append(words, []byte(g.Ident))
				}
			}
		}
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return true
		}
		for _, w := range words {
			if bytes.Contains(src, w) {
				return true
			}
		}
	}
	return false
}

// checkFuncs returns the full names of the functions and methods the
// scan saw checking a flag, of any flag.
func (r *remover) checkFuncs() map[string]bool {
	return r.scan.CheckFuncs
}

// remover holds one removal's state.
type remover struct {
	// ctx carries the progress line (see internal/progress); pass is the
	// verify-and-keep loop's pass, for it.
	ctx     context.Context
	pass    int
	opts    Options
	p       *project.Project
	scan    *scan.Result
	prog    *load.Program
	targets map[string]Target
	refs    []scan.Ref
	out     *Result

	// settledGenerated are the flags whose generated registration a
	// stabilizing removal settled, with the stage constant it was given
	// (StageStable): see settleGeneratedSources.
	settledGenerated map[string]string
	// keptSources are the generator sources whose entries were settled
	// (relative names): no mentions of the flag, since they stay.
	keptSources []string
	// flagCarried are the test helpers' parameters (paramKey) whose
	// calls passed both values only to force the flag (paramOverride):
	// they fold once the calls agree, unlike a parameter the project
	// calls with both values by design (constParams).
	flagCarried map[string]bool
	// getterCallsKept are the calls of getters round 0 left, their
	// arguments having effects: the getter stays for them.
	getterCallsKept map[*ast.CallExpr]bool

	// File state, by absolute name: the current content of changed
	// files, their original content, deletions, hot spans.
	src, orig map[string][]byte
	deleted   map[string]bool
	hot       map[string][]span
	// typeless marks files excluded by build constraints.
	typeless map[string]bool
	// lastChanged are the files the last round changed: only their
	// packages need another round.
	lastChanged map[string]bool

	unitOf   map[string]*load.Package
	baseline map[*load.Package]map[string]int
	// paramBaseline counts the uses of unexported functions' parameters
	// before the change, per unit.
	paramBaseline map[*load.Package]map[string]int
	// constArgBaseline says, for the same parameters, which constant
	// every call passed before the removal ("" for none): constParams
	// folds only those the removal made constant.
	constArgBaseline map[*load.Package]map[string]string
	// paramCalls are the test calls of functions whose parameter (at
	// the index given) carries a removed flag: see flagParams.
	paramCalls map[*ast.CallExpr]int
	// leftOutSeen are the tables mapCasesLeavingOut looked at.
	leftOutSeen map[string]bool
	// caseFieldBaseline counts the reads of the fields of struct types
	// declared inside functions before the change (see casefields.go).
	caseFieldBaseline map[*load.Package]map[string]int
	refFiles          map[string]*refFile
	// casesDone are the loops whose only table case round 0 deleted.
	casesDone map[ast.Node]bool
	// drops are the list elements round 0 deletes, by list.
	drops     map[ast.Node]*listDrop
	exported  []exportedDecl
	nextGroup int
	refusals  []refusal
	// lastRefusals are the previous round's, for files not revisited.
	lastRefusals []refusal
	// checked remembers each unit's last check, by the content checked,
	// so the verification does not check again what a round just did.
	checked map[*load.Package]checkRecord
	// kept are the declarations earlier passes found still used, which
	// no edit may delete; keptIn indexes them by declaring file.
	kept   []*keptDecl
	keptIn map[string][]*keptDecl
	// aliases memoises handleAliases (nil: not computed yet).
	aliases *[]handleAlias
	// late are the kept declarations (by keepKey) this pass deletes once
	// the cascade is done, lateEdits their held deletions (late.go).
	late      map[string]bool
	lateEdits []lateEdit

	// deadAPI are the exported objects the removal left unused somewhere,
	// apiBase each unit's uses of exported objects before it, declsOf a
	// round's package-level names by directory (see deadapi.go).
	deadAPI map[apiObj]bool
	apiBase map[*load.Package]map[apiObj]int
	declsOf map[string]map[string]bool
	// apiFiles are the files a dead-API deletion edited.
	apiFiles map[string]bool
	flagLib  map[string]bool // by directory
	// linkedSrc are the Go files of nested modules built against this
	// one (see linkedUse), read once.
	linkedSrc  map[string][]byte
	linkedDirs []string
	// ignored and ignoredList hold the Go files the build excludes here
	// (ignoredFiles).
	ignored     map[string]bool
	ignoredList []string
	// boundChecks are the checks in the bindings of holder fields
	// (see checksInBindings).
	boundChecks map[*flagrefs.Ref]*boundCheck
	// guardsDone are the ifs guarding overrides by a table field that
	// guardedOverride has rewritten: their other overrides are done.
	guardsDone map[*ast.IfStmt]bool
	// goneFields are the names of the holder fields the removal
	// deletes: data files naming them (test fixtures set fields by
	// name through reflection) are mentions too.
	goneFields []string
	// goneHolders are the holder fields this pass deleted, and
	// refusedHolders those a site left for a human touches (reads or
	// writes): one in both must stay, and the pass runs again keeping it
	// (keepHolders, across passes; retryHolders, this pass's additions).
	goneHolders, refusedHolders, keepHolders map[holderKey]bool
	retryHolders                             []holderKey
	// reshaped are the functions whose parameter holding the flag's
	// property the removal deleted (keepKey of file and name), with
	// their package's import path: see reshape.go.
	reshaped       map[string]string
	reshapedParams []reshapedParam
	// carried are sites a pass reports for the next one, which runs
	// because of them (a reshaped function's callers that did not
	// compile).
	carried []Site
	// stillHeld maps a holder field that code outside tests still reads
	// at a site left for a human to where: a test's write of it forces
	// what that read sees, and stays.
	stillHeld map[holderKey]string
	// words memoises flagWords.
	words []string
	// getters memoises pureGetter by function, getterFiles the files
	// parsed for it.
	getters     map[string]bool
	getterFiles map[string]*ast.File
	// unlistedWords collects, over every pass, the names whose
	// occurrences the removal looked for in the whole module (deleted
	// declarations, import paths of emptied packages): a package the scan
	// did not list that contains one must be listed, and the removal run
	// again (see scan.Only).
	unlistedWords map[string]bool
	// keptUses are the uses of kept declarations in this pass's code.
	keptUses map[string][]diag.Position
	// keepFlags are the targets whose Go declarations stay (code left
	// for a human still names them); retryFlags, those a pass found must
	// join them.
	keepFlags map[string]bool
	// stillRead maps a target that code outside tests still reads (a
	// check left for a human) to where: its overrides forcing the final
	// value stay, for that read.
	stillRead map[string]string
	// folded maps the checks round 0 turned into a constant to that
	// constant, so that a read left for a human inside the branch the
	// constant kills is known to go with it (see deadUnder).
	folded map[ast.Expr]bool
	// forcedVars are the variables a refused override set (ctx :=
	// feature.WithOverride(ctx, X, false)): checks reading them stay
	// with it.
	forcedVars map[*types.Var]bool
	// refusedIn are the functions holding an override left for a human:
	// the restores there stay with it.
	refusedIn map[*ast.FuncDecl]bool
	// programForced are the blocks of program code whose forcing of a
	// target went (programOverride), by flag: a log line there naming
	// the flag's constant reported that forcing, and goes with it.
	programForced map[*ast.BlockStmt]string
	// gateFields are the test case fields naming a gate, decided by
	// gateCaseField: true when the field and its forcing went.
	gateFields map[*types.Var]bool
	retryFlags []string
	// namedLeft are the identifiers code flagsweep did not rewrite still
	// names after this pass, by flag (keepKey(flag, name)): a handle
	// among them stays (see finish).
	namedLeft map[string]bool
	// merged records, by test function name, the helper a simplification
	// round merged into it (see simplifier.merged).
	merged map[string]string
	// dropConsts are constants holding a target's key that no reference
	// used, deleted like its key constant; retryConsts, those a pass
	// found must join them.
	dropConsts  map[string]bool
	retryConsts []exportedDecl
	// history holds each file's applied edits, round by round, to map
	// an original position to the rewritten code; origSites counts the
	// sites whose positions are original.
	history   map[string][][]edit
	origSites int
	// moduleDirs caches, per directory, whether it is the project's own
	// module's (no nested go.mod, not vendor).
	moduleDirs map[string]bool
	// platformNames caches otherPlatformNames for the current round.
	platformNames map[*load.Package]map[string]bool
	// files caches projectFiles: git's list does not change during a
	// removal, which writes nothing.
	files []string
	// What the verification cost, for FLAGSWEEP_TRACE.
	verifyTime                   time.Duration
	verifyUnits, verifyImporters int
}

// trace prints a line about the removal's phases on standard error when
// FLAGSWEEP_TRACE is set: what it did and what it cost, for measuring on
// real repositories.
func trace(format string, args ...any) {
	if os.Getenv("FLAGSWEEP_TRACE") != "" {
		fmt.Fprintf(os.Stderr, "flagsweep: trace: "+format+"\n", args...)
	}
}

// A checkRecord is a unit's type errors for one content of its files.
type checkRecord struct {
	sig  [32]byte
	errs []types.Error
	// types is the package as that check saw it: the verification
	// compares its API with the one before the change.
	types *types.Package
}

// signature hashes the current content of a unit's files.
func (r *remover) signature(n *load.Package) [32]byte {
	h := sha256.New()
	for _, f := range n.CompiledGoFiles {
		if r.deleted[f] {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(r.current(f)))
		h.Write(r.current(f))
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// exportedDecl is an exported constant or handle naming a removed flag,
// deleted once nothing in the module mentions it.
type exportedDecl struct {
	file, name string
}

func (r *remover) target(name string) Target { return r.targets[name] }

// units maps each file to the package variant it is simplified in: the
// test variant when there is one, since it sees the tests' uses too.
func (r *remover) units() {
	r.unitOf = make(map[string]*load.Package)
	r.baseline = make(map[*load.Package]map[string]int)
	r.paramBaseline = make(map[*load.Package]map[string]int)
	r.constArgBaseline = make(map[*load.Package]map[string]string)
	r.caseFieldBaseline = make(map[*load.Package]map[string]int)
	r.apiBase = make(map[*load.Package]map[apiObj]int)
	r.deadAPI = make(map[apiObj]bool)
	r.apiFiles = make(map[string]bool)
	r.flagLib = make(map[string]bool)
	for _, n := range r.prog.Roots {
		if n.IsTestMain() {
			continue
		}
		for _, f := range n.CompiledGoFiles {
			if cur, ok := r.unitOf[f]; !ok || n.IsTestVariant() && !cur.IsTestVariant() {
				r.unitOf[f] = n
			}
		}
	}
}

func (r *remover) site(ref scan.Ref, status, reason string) Site {
	return Site{Flag: ref.Flag, Pos: ref.Pos, Kind: ref.Kind.String(), Via: ref.Via, Status: status, Reason: reason}
}

func (r *remover) rewritten(ref scan.Ref) {
	r.out.Sites = append(r.out.Sites, r.site(ref, "rewritten", ""))
}

func (r *remover) refuse(ref scan.Ref, reason string) {
	r.out.Sites = append(r.out.Sites, r.site(ref, "refused", reason))
	if ref.Holder != nil {
		if r.refusedHolders == nil {
			r.refusedHolders = make(map[holderKey]bool)
		}
		r.refusedHolders[r.holderKey(ref.Holder)] = true
	}
}

// holderKey identifies a field holding a flag's value across the
// packages of a scan: by its file, line and name, since seen through
// export data (from an external test package) its column may be lost and
// its *types.Var is another.
type holderKey struct {
	file string
	line int
	name string
}

func compareHolderKeys(a, b holderKey) int {
	return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.name, b.name))
}

func (r *remover) holderKey(v *types.Var) holderKey {
	p := r.prog.Fset.Position(v.Pos())
	return holderKey{p.Filename, p.Line, v.Name()}
}

// refFile returns the file of a reference, parsed and typed as round 0
// sees it.
func (r *remover) refFile(ref scan.Ref) *refFile {
	if r.refFiles == nil {
		r.refFiles = make(map[string]*refFile)
	}
	name := r.prog.Fset.Position(ref.Node.Pos()).Filename
	if rf, ok := r.refFiles[name]; ok {
		return rf
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	if ref.Pkg != nil && ref.Pkg.Src != nil {
		if s, ok := ref.Pkg.Src[name]; ok {
			src = s
		}
	}
	// Round 0's files have no flagWords: what it deletes is about the
	// flag (an override, a test section, a declaration), and so is the
	// comment above it.
	rf := &refFile{sf: newSrcFile(r.prog.Fset, name, src, ref.File)}
	if !ref.Syntactic {
		rf.info = ref.Pkg.TypesInfo
	} else {
		r.typeless[name] = true
	}
	r.refFiles[name] = rf
	r.orig[name] = src
	return rf
}

// flagWords returns what names the removed flags in a comment (see
// srcFile.flagWords): their keys, their handles' and key constants'
// names and their rollout issues' URLs. Words shorter than four
// characters are left out: they would match any comment.
func (r *remover) flagWords() []string {
	if r.words != nil {
		return r.words
	}
	seen := map[string]bool{}
	add := func(w string) {
		if len(w) >= 4 && !seen[w] {
			seen[w] = true
			r.words = append(r.words, w)
		}
	}
	for _, t := range r.opts.Targets {
		add(t.Name)
		if f := r.p.Flag(t.Name); f != nil {
			add(f.RolloutIssueURL)
		}
	}
	for _, ref := range r.refs {
		if ref.Handle != nil {
			add(ref.Handle.Name())
		}
		if id, ok := ast.Unparen(ref.Key).(*ast.Ident); ok {
			add(id.Name)
		} else if sel, ok := ast.Unparen(ref.Key).(*ast.SelectorExpr); ok {
			add(sel.Sel.Name)
		}
	}
	if r.words == nil {
		r.words = []string{}
	}
	return r.words
}

func newSrcFile(fset *token.FileSet, name string, src []byte, f *ast.File) *srcFile {
	return &srcFile{name: name, src: src, ast: f, tf: fset.File(f.FileStart), fset: fset}
}

func (r *remover) editorFor(m map[string]*editor, name string) *editor {
	e, ok := m[name]
	if !ok {
		e = &editor{nextGroup: &r.nextGroup}
		m[name] = e
	}
	return e
}

// run performs round 0 and the simplification rounds.
func (r *remover) run() error {
	ed := make(map[string]*editor)
	for _, ref := range r.refs {
		if rf := r.refFile(ref); rf != nil {
			r.editorFor(ed, rf.sf.name)
		}
	}
	r.baselines()
	r.progress("rewriting %d references", len(r.refs))
	r.round0(ed)
	r.deleteAliases(ed)
	// The sites so far have positions in the original code; finish
	// moves them to the code as rewritten.
	r.origSites = len(r.out.Sites)
	r.collectExported()
	r.applyAll(ed)
	if err := r.cascade(); err != nil {
		return err
	}
	if r.applyLate() {
		// What the late deletions leave (an import) goes too.
		if err := r.cascade(); err != nil {
			return err
		}
	}
	r.deleteEmptyFiles()
	return nil
}

// cascade runs the simplification rounds until one changes nothing.
func (r *remover) cascade() error {
	for round := 1; round <= maxRounds; round++ {
		r.progress("simplifying %d files, round %d", len(r.src), round)
		ed := make(map[string]*editor)
		if err := r.simplify(ed); err != nil {
			return err
		}
		r.deleteExported(ed)
		r.deleteDeadAPI(ed)
		if !r.applyAll(ed) {
			break
		}
	}
	return nil
}

// baselines counts the uses of each package-level object before the
// change, per unit, so the cascade deletes only what the change made
// unused.
func (r *remover) baselines() {
	for _, ref := range r.refs {
		if ref.Syntactic || ref.Pkg == nil {
			continue
		}
		name := r.prog.Fset.Position(ref.Node.Pos()).Filename
		u := r.unitOf[name]
		if _, ok := r.baseline[u]; ok || u == nil {
			continue
		}
		if u != ref.Pkg.Package {
			if err := r.prog.Check(u); err != nil || len(u.TypeErrors) > 0 {
				continue
			}
		}
		r.setBaseline(u)
	}
}

// applyAll applies each file's edits, reporting whether any applied. A
// group whose edits span files (a struct field inlined everywhere) is
// applied in every file or in none.
func (r *remover) applyAll(ed map[string]*editor) bool {
	changed := false
	r.lastChanged = make(map[string]bool)
	resolved := make(map[string][]edit)
	// Edits that would delete a kept declaration go first, with their
	// groups; those deleting a late one are held back (late.go).
	r.holdLate(ed)
	protected := make(map[int]bool)
	for name, e := range ed {
		for g := range r.protectedGroups(name, e) {
			protected[g] = true
		}
	}
	if len(protected) > 0 {
		for _, e := range ed {
			e.edits = slices.DeleteFunc(e.edits, func(x edit) bool { return protected[x.group] })
		}
	}
	for {
		dropped := make(map[int]bool)
		for name, e := range ed {
			kept := resolve(e.edits)
			keptGroups := make(map[int]bool)
			for _, k := range kept {
				keptGroups[k.group] = true
			}
			for _, x := range e.edits {
				if !keptGroups[x.group] {
					dropped[x.group] = true
				}
			}
			resolved[name] = kept
		}
		again := false
		for _, e := range ed {
			out := e.edits[:0]
			for _, x := range e.edits {
				if dropped[x.group] {
					again = true
					continue
				}
				out = append(out, x)
			}
			e.edits = out
		}
		if !again {
			break
		}
	}
	for name := range ed {
		edits := resolved[name]
		if len(edits) == 0 {
			continue
		}
		cur := r.current(name)
		next, hot := apply(cur, edits, r.hot[name])
		r.history[name] = append(r.history[name], edits)
		if string(next) == string(cur) {
			continue
		}
		if _, ok := r.orig[name]; !ok {
			r.orig[name] = cur
		}
		r.src[name] = next
		r.hot[name] = hot
		r.lastChanged[name] = true
		changed = true
	}
	return changed
}

// current returns a file's current content.
func (r *remover) current(name string) []byte {
	if s, ok := r.src[name]; ok {
		return s
	}
	if s, ok := r.orig[name]; ok {
		return s
	}
	s, _ := os.ReadFile(name)
	r.orig[name] = s
	return s
}

// simplify runs one simplification round over every changed file.
func (r *remover) simplify(ed map[string]*editor) error {
	// Each round finds the refusals anew; the last round's, on the final
	// code, are the ones to report.
	r.lastRefusals = append(r.lastRefusals[:0], r.refusals...)
	r.refusals = nil
	ov := r.prog.NewOverlay(r.src, r.deleted)
	r.platformNames = make(map[*load.Package]map[string]bool)
	// Only the packages whose files the last round changed can have
	// more to simplify; the others settled.
	dirty := make(map[*load.Package]bool)
	for name := range r.lastChanged {
		dirty[r.unitOf[name]] = true
	}
	done := make(map[*load.Package]bool)
	names := r.changedNames()
	var units []*load.Package
	for u := range dirty {
		if u != nil {
			units = append(units, u)
		}
	}
	ov.CheckAll(units)
	for _, name := range names {
		if !r.lastChanged[name] && !dirty[r.unitOf[name]] {
			r.keepRefusals(name)
			continue
		}
		if r.typeless[name] {
			r.simplifyTypeless(ed, name)
			continue
		}
		u := r.unitOf[name]
		if u == nil || done[u] {
			continue
		}
		done[u] = true
		cu, err := ov.Check(u)
		if err != nil {
			return fmt.Errorf("the rewrite of %s does not parse (a flagsweep bug; please report it): %v", u.PkgPath, err)
		}
		if r.checked == nil {
			r.checked = make(map[*load.Package]checkRecord)
		}
		r.checked[u] = checkRecord{sig: r.signature(u), errs: cu.Errors, types: cu.Types}
		r.fieldHolders(cu.Files, cu.Info, cu.Src, ed)
		r.emptiedHelpers(cu.Files, cu.Info, cu.Src, ed)
		if pb, ok := r.paramBaseline[u]; ok {
			r.unusedParams(cu.Files, cu.Info, cu.Src, pb, paramUses(cu.Info, cu.Files), ed)
		}
		if cb, ok := r.constArgBaseline[u]; ok {
			r.constParams(cu.Files, cu.Info, cu.Src, cb, ed)
		}
		if cb, ok := r.caseFieldBaseline[u]; ok {
			r.unusedCaseFields(cu.Files, cu.Info, cu.Src, cb, caseFieldReads(cu.Info, cu.Files), ed)
		}
		counts := useCounts(cu.Info, cu.Files)
		r.apiUnused(u, cu.Info, cu.Files)
		ifaces := interfaceMethods(cu.Types)
		base, haveBase := r.baseline[u]
		// What an external test package exports, no other package
		// can import: its exported names are as private as the rest.
		var exportedOK func(string) bool
		if strings.HasSuffix(cu.Types.Name(), "_test") {
			exportedOK = func(string) bool { return true }
		}
		for _, f := range cu.Files {
			fname := r.prog.Fset.Position(f.FileStart).Filename
			if _, changed := r.src[fname]; !changed {
				// An unchanged file of the package may hold what the
				// changed ones stopped using.
				if haveBase && !ast.IsGenerated(f) {
					// Purity by inference, as in a changed file: an
					// unused var built by a pure constructor goes.
					s := &simplifier{f: newSrcFile(r.prog.Fset, fname, cu.Src[fname], f), info: cu.Info, ed: r.editorFor(ed, fname), refused: &r.refusals, otherPlatforms: r.otherPlatformNames(u), testDeleted: r.ownTestDeleted, pureFunc: r.pureGetter, checks: r.checkFuncs()}
					s.unusedDecls(base, counts, exportedOK, ifaces)
				}
				continue
			}
			sf := newSrcFile(r.prog.Fset, fname, cu.Src[fname], f)
			sf.flagWords = r.flagWords()
			s := &simplifier{
				f: sf, info: cu.Info,
				hot: r.hot[fname], ed: r.editorFor(ed, fname),
				aggressive: r.opts.Aggressive, refused: &r.refusals, featureSets: r.p.Config.AllFeatureSets(), merged: r.merged,
				checks: r.checkFuncs(), otherPlatforms: r.otherPlatformNames(u),
				pureFunc: r.pureGetter, effects: r.effects, testDeleted: r.ownTestDeleted,
				formPackage: r.p.Config.FormPackage,
			}
			s.file()
			s.choosers()
			unusedImports := make(map[string]bool)
			for _, te := range cu.Errors {
				if r.prog.Fset.Position(te.Pos).Filename != fname {
					continue
				}
				if unusedVarRE.MatchString(te.Msg) {
					s.unusedLocal(te.Pos)
				} else if m := unusedImportRE.FindStringSubmatch(te.Msg); m != nil {
					unusedImports[m[1]] = true
				}
			}
			s.unusedImports(unusedImports)
			if haveBase {
				s.unusedDecls(base, counts, exportedOK, ifaces)
			}
		}
	}
	return nil
}

// ownTestDeleted reports a test deleted with the function it was named
// for (see ownTestKeys).
func (r *remover) ownTestDeleted(test *ast.FuncDecl, tested string) {
	p := r.prog.Fset.Position(test.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: r.onlyTarget(), Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-deleted", Via: "test function " + test.Name.Name, Status: "rewritten",
		Reason: "it tested " + tested + ", which nothing else uses now",
	})
}

// otherPlatformNames returns the identifiers of a package's files that
// this platform's build excludes (foo_windows.go), as they are now.
func (r *remover) otherPlatformNames(u *load.Package) map[string]bool {
	// Once per unit and round: the files may change between rounds
	// (they are rewritten by syntax), not within one.
	if out, ok := r.platformNames[u]; ok {
		return out
	}
	out := make(map[string]bool)
	r.platformNames[u] = out
	for _, name := range u.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || r.deleted[name] {
			continue
		}
		src := r.current(name)
		var sc scanner.Scanner
		sc.Init(token.NewFileSet().AddFile(name, -1, len(src)), src, nil, 0)
		for {
			_, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.IDENT {
				out[lit] = true
			}
		}
	}
	return out
}

// keepRefusals carries a settled file's refusals into this round.
func (r *remover) keepRefusals(name string) {
	for _, rf := range r.lastRefusals {
		if rf.file == name {
			r.refusals = append(r.refusals, rf)
		}
	}
}

// changedNames returns the changed files, sorted.
func (r *remover) changedNames() []string {
	var names []string
	for name := range r.src {
		if !r.deleted[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// simplifyTypeless simplifies a file excluded by build constraints, by
// syntax alone: folding and control flow, and its imports.
func (r *remover) simplifyTypeless(ed map[string]*editor, name string) {
	src := r.src[name]
	f, err := parser.ParseFile(r.prog.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return
	}
	sf := newSrcFile(r.prog.Fset, name, src, f)
	sf.flagWords = r.flagWords()
	s := &simplifier{
		f: sf, hot: r.hot[name], ed: r.editorFor(ed, name),
		aggressive: r.opts.Aggressive, refused: &r.refusals,
	}
	s.file()
	s.syntacticUnusedLocals()
	s.syntacticUnusedImports()
}

// file simplifies every function body and package-level initialiser.
func (s *simplifier) file() {
	for _, d := range s.f.ast.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				s.tidyImports(d)
				continue
			}
			if d.Tok == token.VAR {
				s.tidyGroup(d)
			}
			s.emptyGroup(d)
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if s.emptiedTest(d) || s.emptiedInit(d) {
				s.delete(d)
				continue
			}
			if d.Body != nil && s.hot_(d.Body) {
				s.funcBody(d.Type, d.Body)
				s.forwarder(d)
			}
		case *ast.GenDecl:
			if d.Tok == token.VAR && s.hot_(d) {
				if s.pkgVarHolder(d) {
					continue
				}
				s.foldExprs(d)
			}
		}
	}
}

// emptiedTest reports a test function the removal left without a
// statement (or a comment): it tests nothing any more.
func (s *simplifier) emptiedTest(d *ast.FuncDecl) bool {
	if d.Recv != nil || d.Body == nil || !s.hot_(d.Body) ||
		!strings.HasSuffix(s.f.name, "_test.go") || !isTestName(d.Name.Name) {
		return false
	}
	return s.emptyBlock(d.Body)
}

// emptiedInit reports an init function the removal left without a
// statement (or a comment), such as one that only registered the
// removed flag: it does nothing any more.
func (s *simplifier) emptiedInit(d *ast.FuncDecl) bool {
	return d.Recv == nil && d.Name.Name == "init" && d.Body != nil && s.hot_(d.Body) && s.emptyBlock(d.Body)
}

// collectExported records the exported constants and handles that name a
// removed flag, to delete once unused.
func (r *remover) collectExported() {
	if r.opts.KeepDeclaration {
		return // the declaration stays, settled: see stabilize.go
	}
	seen := make(map[exportedDecl]bool)
	for _, ref := range r.refs {
		if ref.Pkg == nil || ref.Syntactic {
			continue
		}
		var obj types.Object
		key := astx.KeyName(ref.Key)
		if id, ok := ref.Value.(*ast.Ident); ok && ref.IsBinding() {
			// A binder's default (setFeature(key, DefaultX, &f.X)):
			// the flag's default constant, declared for its binding.
			key = id
		}
		if ref.Handle != nil {
			obj = ref.Handle
		} else if key != nil {
			if c, ok := ref.Pkg.TypesInfo.Uses[key].(*types.Const); ok {
				obj = c
			}
		}
		if obj == nil || !obj.Exported() || !obj.Pos().IsValid() {
			continue
		}
		pos := r.prog.Fset.Position(obj.Pos())
		if pos.Filename == "" || !strings.HasPrefix(pos.Filename, r.p.Root) {
			continue // declared outside the module: not ours
		}
		d := exportedDecl{file: pos.Filename, name: obj.Name()}
		if !seen[d] {
			seen[d] = true
			r.exported = append(r.exported, d)
		}
	}
}

// deleteExported deletes exported key constants and handles that nothing
// in the module mentions any more.
func (r *remover) deleteExported(ed map[string]*editor) {
	if len(r.exported) == 0 {
		return
	}
	var keep []exportedDecl
	for _, d := range r.exported {
		if r.deleted[d.file] {
			continue
		}
		src := r.current(d.file)
		f, err := parser.ParseFile(token.NewFileSet(), d.file, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		if ast.IsGenerated(f) || r.isGenerated(r.p.Rel(d.file)) {
			// Generated from the flag's declaration: regenerated
			// without it, never edited.
			continue
		}
		fset := token.NewFileSet()
		f, _ = parser.ParseFile(fset, d.file, src, parser.ParseComments|parser.SkipObjectResolution)
		spec, gd := findSpec(f, d.name)
		if spec == nil {
			continue
		}
		if r.mentioned(d.name, d.file, fset, spec) {
			keep = append(keep, d)
			continue
		}
		sf := newSrcFile(fset, d.file, src, f)
		e := r.editorFor(ed, d.file)
		node := ast.Node(spec)
		if len(gd.Specs) == 1 {
			node = gd
		}
		start, end := sf.deleteRange(node)
		e.add(e.newGroup(), start, end, "")
	}
	r.exported = keep
}

// findSpec finds the value spec declaring name alone.
func findSpec(f *ast.File, name string) (*ast.ValueSpec, *ast.GenDecl) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range gd.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == name {
				return vs, gd
			}
		}
	}
	return nil, nil
}

// mentioned reports whether any Go file of the module, as it is now,
// uses the identifier name outside its declaration. Comments and strings
// do not count: a doc comment naming the constant is not a use.
func (r *remover) mentioned(name, declFile string, fset *token.FileSet, spec ast.Node) bool {
	found := false
	r.eachUse(name, declFile, fset, spec, func(string, int) bool {
		found = true
		return false
	})
	return found
}

// eachUse calls use with the file and offset of each use of the
// package-level identifier name, declared by decl in declFile, in the
// module's Go files as they are now, until use returns false. The offset
// is -1 for a file read without knowing the declaring package, where
// every occurrence counts.
func (r *remover) eachUse(name, declFile string, fset *token.FileSet, decl ast.Node, use func(file string, off int) bool) {
	r.lookedFor(name)
	declStart, declEnd := -1, -1
	if tf := fset.File(decl.Pos()); tf != nil {
		declStart, declEnd = tf.Offset(decl.Pos()), tf.Offset(decl.End())
	}
	declPkg := r.unitOf[declFile]
	// In the declaring package's directory a bare name is the
	// constant; elsewhere only pkg.Name with pkg importing the declaring
	// package is (a field or method of the same name is not): the rule
	// the safety net's namingTokens applies. Without the declaring
	// package, every occurrence counts.
	id := flagIdent{name: name, dir: filepath.Dir(declFile)}
	if declPkg != nil {
		id.path, id.pkgName = strings.TrimSuffix(declPkg.PkgPath, "_test"), declPkg.Name
	}
	// A module of the repository building against this one's code
	// (load.LinkedModules) is outside every listing and verification:
	// a file of it naming the declaration is a use no edit removes —
	// by the same rule (Dapr's test apps, building against dapr/dapr,
	// say "Resiliency" of their own, not config.Resiliency).
	if token.IsExported(name) {
		for _, f := range r.linkedFiles(name) {
			if declPkg != nil && len(r.namingTokens(f, r.linkedSrc[f], []flagIdent{id}, false)) == 0 {
				continue
			}
			if declPkg != nil {
				// A use, not a word: the module's own removal
				// may rewrite it.
				r.linkedNaming(f)
			}
			if !use(f, -1) {
				return
			}
		}
	}
	// Outside its own directory, only a package that imports the
	// declaring one can name it: the others are not read at all (on
	// Kueue that is most of the module, and reading every file was most
	// of a removal's time after the scan). A file excluded by build
	// constraints is read anyway: the package graph does not show its
	// imports. Test variants list the same files again; each is read once.
	seen := make(map[string]bool)
	for _, n := range r.prog.Packages {
		_, imports := n.Imports[id.path]
		local := declPkg != nil && n.Dir == id.dir
		for i, f := range slices.Concat(n.CompiledGoFiles, n.IgnoredFiles) {
			if seen[f] || r.deleted[f] || !strings.HasSuffix(f, ".go") || !strings.HasPrefix(f, r.p.Root) {
				continue
			}
			if declPkg != nil && i < len(n.CompiledGoFiles) && !imports && !local {
				continue
			}
			seen[f] = true
			src := r.current(f)
			if !bytes.Contains(src, []byte(name)) {
				continue
			}
			if declPkg == nil && f != declFile {
				if !use(f, -1) {
					return
				}
				continue
			}
			for _, h := range r.namingTokens(f, src, []flagIdent{id}, false) {
				if f != declFile || h.off < declStart || h.off >= declEnd {
					if !use(f, h.off) {
						return
					}
				}
			}
		}
	}
}

// lookedFor records words the removal looked for in every package of the
// module (see unlistedWords).
func (r *remover) lookedFor(words ...string) {
	if r.unlistedWords == nil {
		return
	}
	for _, w := range words {
		r.unlistedWords[w] = true
	}
}

// importNames returns the names a file imports path under (the empty
// name for a dot import), or nil when it does not import it.
func importNames(file string, src []byte, path, defaultName string) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
	if err != nil {
		return map[string]bool{"": true} // cannot tell: count every mention
	}
	var out map[string]bool
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != path {
			continue
		}
		if out == nil {
			out = make(map[string]bool)
		}
		switch {
		case imp.Name == nil:
			out[defaultName] = true
		case imp.Name.Name == ".":
			out[""] = true
		default:
			out[imp.Name.Name] = true
		}
	}
	return out
}

func wordAt(src []byte, at, n int) bool {
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return (at == 0 || !isWord(src[at-1])) && (at+n >= len(src) || !isWord(src[at+n]))
}

// deleteEmptyFiles deletes changed files left with nothing but their
// package clause and imports.
func (r *remover) deleteEmptyFiles() {
	for _, name := range r.changedNames() {
		if len(r.keptIn[name]) > 0 {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, r.src[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil || !fileIsEmpty(f) && !onlyDoc(f) {
			continue
		}
		orig, err := parser.ParseFile(token.NewFileSet(), name, r.orig[name], parser.SkipObjectResolution)
		if err != nil || fileIsEmpty(orig) {
			continue // empty before the removal: not ours to delete
		}
		// A file left with only its package's doc comment goes with
		// the package, when it is the package's last file and nothing
		// imports the package any more; while other files remain, it
		// documents them (doc.go) and stays. The last file of a package
		// something still imports stays, whatever it holds.
		last := r.lastFile(name)
		if last && r.imported(name) || !last && f.Doc != nil {
			continue
		}
		r.deleted[name] = true
	}
}

// onlyDoc reports a file with a package doc comment and nothing else but
// imports.
func onlyDoc(f *ast.File) bool {
	doc := f.Doc
	f.Doc = nil
	defer func() { f.Doc = doc }()
	return fileIsEmpty(f)
}

// lastFile reports whether a file is the last Go file left in its
// directory.
func (r *remover) lastFile(name string) bool {
	entries, err := os.ReadDir(filepath.Dir(name))
	if err != nil {
		return false
	}
	for _, e := range entries {
		other := filepath.Join(filepath.Dir(name), e.Name())
		if other != name && strings.HasSuffix(e.Name(), ".go") && !r.deleted[other] {
			return false
		}
	}
	return true
}

// imported reports whether any Go file of the module, as rewritten, still
// imports the package of a file.
func (r *remover) imported(name string) bool {
	u := r.unitOf[name]
	if u == nil {
		return true // cannot tell: keep it
	}
	path := strings.TrimSuffix(u.PkgPath, "_test")
	r.lookedFor(strconv.Quote(path))
	for _, n := range r.prog.Packages {
		if _, ok := n.Imports[path]; !ok || n.IsTestMain() || n.PkgPath == path || n.PkgPath == path+"_test" {
			continue
		}
		for _, f := range n.CompiledGoFiles {
			if r.deleted[f] {
				continue
			}
			if importNames(f, r.current(f), path, "") != nil {
				return true
			}
		}
	}
	return false
}
