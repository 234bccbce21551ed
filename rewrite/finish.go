package rewrite

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/load"
)

// finish formats and verifies the rewritten code, then adds the
// definitions' deletion, the changelog entry and the leftover mentions.
//
// It returns the declarations that the verification found still used:
// the caller runs the removal again, keeping them.
func (r *remover) finish() ([]*keptDecl, error) {
	r.movePositions()
	for _, rf := range r.refusals {
		src := r.current(rf.file)
		line := 1 + bytes.Count(src[:min(rf.offset, len(src))], []byte{'\n'})
		col := rf.offset - (bytes.LastIndexByte(src[:min(rf.offset, len(src))], '\n') + 1) + 1
		r.out.Sites = append(r.out.Sites, Site{
			Flag: r.onlyTarget(), Pos: diag.Position{File: r.p.Rel(rf.file), Line: line, Column: col},
			Kind: "simplify", Status: "refused", Reason: rf.reason,
		})
	}
	// A holder field went at the start of the pass, before any site was
	// refused: if a site left for a human reads or writes it, it stays
	// with all its writes (the site would name a gone field, or a read
	// there would lose what the tests force). Run again keeping those,
	// before verifying what cannot stand; the flag's other holders go.
	for _, k := range slices.SortedFunc(maps.Keys(r.refusedHolders), compareHolderKeys) {
		if r.goneHolders[k] && !r.keepHolders[k] {
			r.retryHolders = append(r.retryHolders, k)
		}
	}
	if len(r.retryHolders) > 0 {
		r.traceRetry("a holder field it reads went")
		return nil, nil
	}
	// Positions above and in type errors are in the code as rewritten;
	// gofmt, which changes only white space, comes after.
	more, err := r.verify()
	if err != nil || len(more) > 0 {
		return more, err
	}
	if len(r.retryHolders) > 0 {
		return nil, nil // see goVerify
	}
	r.out.Sites = append(r.out.Sites, r.carried...)
	r.reportKept()
	r.stillNamed()
	r.out.aliasPkgs = r.aliasPackages()
	incomplete := r.incomplete()
	for name := range incomplete {
		if !r.keepFlags[name] && (r.deletedGoDecl(name) || r.deletedNamedHandle(name)) {
			// Its registry entry or key constant went, yet code still
			// names it: once more, keeping the flag's declarations.
			r.retryFlags = append(r.retryFlags, name)
		}
	}
	if len(r.retryFlags) > 0 || len(r.retryConsts) > 0 {
		r.traceRetry("code left for a human names it")
		return nil, nil
	}
	for _, name := range r.changedNames() {
		r.src[name] = gofmtEdited(r.orig[name], r.src[name])
	}
	for name, orig := range r.orig {
		if r.deleted[name] {
			r.out.Files = append(r.out.Files, &FileChange{Path: r.p.Rel(name), Abs: name, Old: orig, Deleted: true})
			continue
		}
		if cur, ok := r.src[name]; ok && !bytes.Equal(cur, orig) {
			r.out.Files = append(r.out.Files, &FileChange{Path: r.p.Rel(name), Abs: name, Old: orig, New: cur})
			if r.typeless[name] {
				r.out.Unchecked = append(r.out.Unchecked, r.p.Rel(name))
			}
		}
	}
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil || !f.YAML() || incomplete[t.Name] || r.opts.linkedRun {
			continue
		}
		old, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		r.out.Files = append(r.out.Files, &FileChange{Path: f.File, Abs: f.Path, Old: old, Deleted: true})
	}
	r.dropGeneratedSources(incomplete)
	r.settleGeneratedSources()
	// A removal left partly to a human is not done: the definition and
	// the changelog entry come with the rerun that finishes it.
	if len(incomplete) == 0 && !r.opts.linkedRun {
		if err := r.changelog(); err != nil {
			return nil, err
		}
	}
	r.mentions(incomplete)
	r.out.sort()
	// The files the type checker did not see, rewritten or with a site
	// left for a human: their constraints say which tags would show them.
	excluded := make(map[string]bool)
	for name := range r.typeless {
		if r.deleted[name] || r.src[name] != nil && !bytes.Equal(r.src[name], r.orig[name]) {
			excluded[name] = true
		}
	}
	for _, s := range r.out.Sites {
		if s.Status == "refused" && strings.HasSuffix(s.Pos.File, ".go") {
			excluded[filepath.Join(r.p.Root, filepath.FromSlash(s.Pos.File))] = true
		}
	}
	r.out.BuildTags = r.projectTags(excluded)
	return nil, nil
}

// deletedGoDecl reports whether the pass deleted a Go declaration of the
// flag (a registry entry, map entry or handle variable of go_definitions).
func (r *remover) deletedGoDecl(flag string) bool {
	for _, s := range r.out.Sites {
		if s.Flag == flag && s.Kind == "declaration" && s.Status == "rewritten" {
			return true
		}
	}
	return false
}

// traceRetry says, under FLAGSWEEP_TRACE, why the pass runs again
// keeping the flags' declarations: the first site it left for a human.
func (r *remover) traceRetry(why string) {
	for _, s := range r.out.Sites {
		if s.Status == "refused" && s.Kind != "declaration" {
			trace("pass %d: keeping %v (%s): %s: %s", r.pass, r.retryFlags, why, s.Pos, s.Reason)
			return
		}
	}
}

// deletedNamedHandle reports whether this pass deleted a handle of flag
// that code it did not rewrite still names: a test file behind a build
// tag this platform does not set, which the verification cannot see.
func (r *remover) deletedNamedHandle(flag string) bool {
	for _, ref := range r.refs {
		if ref.Flag != flag || ref.Kind != flagrefs.Declare || ref.Via == flagrefs.ViaHolder || ref.Handle == nil ||
			!r.namedLeft[keepKey(flag, ref.Handle.Name())] {
			continue
		}
		file := r.prog.Fset.Position(ref.Handle.Pos()).Filename
		if r.deleted[file] || len(declIdents(file, r.current(file), ref.Handle.Name())) == 0 {
			return true
		}
	}
	return false
}

func (r *remover) onlyTarget() string {
	if len(r.opts.Targets) == 1 {
		return r.opts.Targets[0].Name
	}
	return ""
}

// breakable returns the import paths of the module's packages that the
// change can break: those with a changed file and those importing one.
func (r *remover) breakable(ov *load.Overlay) []string {
	set := make(map[string]bool)
	for _, n := range r.prog.Packages {
		if n.IsTestMain() || !r.inModule(n) {
			continue
		}
		if ov.Changed(n) {
			set[n.PkgPath] = true
			continue
		}
		for _, d := range n.Imports {
			if ov.Changed(d) {
				set[n.PkgPath] = true
				break
			}
		}
	}
	// Packages the scan did not list (see scan.Only) import a changed one
	// when their text says so.
	var changed []string
	for _, n := range r.prog.Packages {
		if ov.Changed(n) && !n.IsTestMain() {
			changed = append(changed, strings.TrimSuffix(n.PkgPath, "_test"))
		}
	}
	for _, p := range r.scan.UnlistedImporters(changed) {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, strings.TrimSuffix(p, "_test"))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// inModule reports whether a package's files are the project's own.
func (r *remover) inModule(n *load.Package) bool {
	for _, f := range n.CompiledGoFiles {
		return strings.HasPrefix(f, r.p.Root+string(filepath.Separator))
	}
	return n.Module != nil && n.Module.Main
}

func (r *remover) relLine(line string) string {
	if file, rest, ok := strings.Cut(line, ":"); ok && filepath.IsAbs(file) {
		return r.p.Rel(file) + ":" + rest
	}
	return line
}

// mentions lists the lines outside the rewritten Go code that still name a
// removed flag: documentation, YAML, scripts, other languages, and Go
// comments or strings the rewrite left.
//
// A definition that stays (its flag is incomplete) and a line already
// reported as a refused site are not mentions; nor is the configuration.
func (r *remover) mentions(incomplete map[string]bool) {
	files := r.projectFiles()
	skip := make(map[string]bool)
	for _, fc := range r.out.Files {
		if fc.Deleted || fc.Created {
			skip[fc.Path] = true
		}
	}
	for name := range incomplete {
		if f := r.p.Flag(name); f != nil && f.YAML() {
			skip[f.File] = true
		}
	}
	if r.p.Config.File != "" {
		skip[r.p.Rel(r.p.Config.File)] = true
	}
	for _, rel := range r.keptSources {
		skip[rel] = true // a settled gate's source entry stays, as its registration does
	}
	refusedAt := r.refusedLines()
	texts := r.mentionCandidates(files, skip)
	gone := r.dropDataCases(files, texts)
	for i, rel := range files {
		data := texts[i]
		if data == nil || gone[rel] {
			continue
		}
		abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
		generated := r.isGenerated(rel)
		if !generated && strings.HasSuffix(rel, ".go") && isGeneratedGo(data) {
			generated = true
		}
		var keptLines [][2]int // a stabilized declaration's lines
		if strings.HasSuffix(rel, ".go") {
			for _, sp := range r.stabilizedSpans(abs, data) {
				keptLines = append(keptLines, [2]int{1 + bytes.Count(data[:sp[0]], []byte{'\n'}), 1 + bytes.Count(data[:sp[1]], []byte{'\n'})})
			}
		}
		testdata := inTestdata(rel)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
	lines:
		for line := 1; sc.Scan(); line++ {
			text := sc.Bytes()
			if refusedAt[lineKey(rel, line)] {
				continue
			}
			for _, kl := range keptLines {
				if kl[0] <= line && line <= kl[1] {
					continue lines
				}
			}
			for _, t := range r.opts.Targets {
				word := t.Name
				if !mentionsFlag(text, t.Name) {
					keys := r.keysOf(t.Name)
					i := slices.IndexFunc(keys, func(k string) bool { return containsWord(text, k) })
					if i < 0 {
						continue
					}
					word = keys[i]
				}
				if generated {
					r.regenerate(t.Name, rel)
					break lines
				}
				if testdata {
					r.testdataSite(rel, line, text, t.Name, word, "names the flag")
					continue lines
				}
				r.out.Mentions = append(r.out.Mentions, Mention{File: rel, Line: line, Text: strings.TrimSpace(string(text))})
				continue lines
			}
			if strings.HasSuffix(rel, ".go") && !testdata {
				continue // Go naming a gone field does not compile: the verification saw to it
			}
			for _, name := range r.goneFields {
				if namesField(text, name) {
					if testdata {
						r.testdataSite(rel, line, text, r.onlyTarget(), name, "names "+name+", which the removal deleted")
						continue lines
					}
					r.out.Mentions = append(r.out.Mentions, Mention{File: rel, Line: line, Text: strings.TrimSpace(string(text))})
					continue lines
				}
			}
		}
	}
}

// keysOf returns the other names of a flag (its configuration keys, see
// definitions.Definition.Keys): a line naming one mentions the flag.
func (r *remover) keysOf(name string) []string {
	if f := r.p.Flag(name); f != nil {
		return f.Keys
	}
	return nil
}

// inTestdata reports a file under a testdata directory: data that tests
// read, which the go tool ignores (Go files there are data too).
func inTestdata(rel string) bool {
	return slices.Contains(strings.Split(rel, "/"), "testdata")
}

// testdataSite refuses a line of test data that still names a removed
// flag or a field the removal deleted: a test reads the file (a golden
// case's settings, a fixture), gives the flag or sets the field through
// it — CombinedServiceRoutes: false, in a golden test's settings that
// the test maps onto the deleted field by name —, and fails or tests
// what is gone. Which tests read which file, and whether the case goes
// or changes, flagsweep cannot tell: a human deletes or updates it, so
// the removal is not done (exit 1), though its code is.
func (r *remover) testdataSite(rel string, line int, text []byte, flag, word, what string) {
	col := 1
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(word))
		if j < 0 {
			break
		}
		if wordAt(text, i+j, len(word)) {
			col = i + j + 1
			break
		}
		i += j + 1
	}
	r.out.Sites = append(r.out.Sites, Site{
		Flag: flag, Pos: diag.Position{File: rel, Line: line, Column: col},
		Kind: "testdata", Status: "refused",
		Reason: fmt.Sprintf("test data %s: a test reading this file may fail or test what is gone; update or delete it (and what goes with it)", what),
	})
}

// mentionsFlag reports whether a line names the flag name as a word. A
// name that is one plain word (Kong's Gateway gate, Knative) is also
// prose — "the Kong Gateway", in hundreds of lines of a repository — so
// only the forms that name a flag count: quoted ("Gateway", `Gateway`,
// 'Gateway') or set (Gateway=true in a --feature-gates list).
func mentionsFlag(text []byte, name string) bool {
	if !plainWord(name) {
		return containsWord(text, name)
	}
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(name))
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(name)
		if wordAt(text, at, len(name)) {
			if at > 0 && end < len(text) && strings.IndexByte("\"'`", text[at-1]) >= 0 && text[end] == text[at-1] {
				return true
			}
			if rest := bytes.ToLower(text[end:]); bytes.HasPrefix(rest, []byte("=true")) || bytes.HasPrefix(rest, []byte("=false")) {
				return true
			}
		}
		i = at + 1
	}
}

// namesField reports whether a line of a file other than Go may name a
// struct field the removal deleted: configuration keyed by the field's
// name (CombinedServiceRoutes: false). Only an exported field can be set
// that way — decoders skip the others —, so an unexported one (enabled,
// a word of every other line of prose and YAML) is never looked for. An
// exported one that is one plain word (Enabled) counts only where it
// names a key or a flag: at the start of the line (Enabled: true), or in
// the forms mentionsFlag accepts.
func namesField(text []byte, name string) bool {
	if !token.IsExported(name) {
		return false
	}
	if !plainWord(name) {
		return containsWord(text, name)
	}
	t := bytes.TrimLeft(text, " \t-")
	return bytes.HasPrefix(t, []byte(name+":")) || mentionsFlag(text, name)
}

// plainWord reports a name of letters only, capitalised at most at its
// start: a word of prose as well as a flag's name.
func plainWord(name string) bool {
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || i == 0 && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return name != ""
}

// mentionCandidates returns the text of each file that may mention a
// target (nil for the others): the project's own files, as the removal
// left them, that contain a target's name, or for a file other than Go
// a field the removal deleted. A repository holds thousands of files and
// few mention the flag, so they are read on every CPU and only those few
// are scanned line by line.
func (r *remover) mentionCandidates(files []string, skip map[string]bool) [][]byte {
	var words [][]byte
	for _, t := range r.opts.Targets {
		words = append(words, []byte(t.Name))
		for _, k := range r.keysOf(t.Name) {
			words = append(words, []byte(k))
		}
	}
	var fields [][]byte
	for _, name := range r.goneFields {
		fields = append(fields, []byte(name))
	}
	contains := func(data []byte, words [][]byte) bool {
		for _, w := range words {
			if bytes.Contains(data, w) {
				return true
			}
		}
		return false
	}
	out := make([][]byte, len(files))
	var todo []int
	for i, rel := range files {
		if skip[rel] {
			continue
		}
		abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
		if !r.ownFile(abs) {
			continue // vendored or another module's: not the project's text
		}
		if cur, ok := r.src[abs]; ok {
			out[i] = cur
			continue
		}
		todo = append(todo, i)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				rel := files[i]
				abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
				info, err := os.Stat(abs)
				if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
					continue
				}
				data, err := os.ReadFile(abs)
				if err != nil || bytes.IndexByte(data, 0) >= 0 {
					continue
				}
				if contains(data, words) || (!strings.HasSuffix(rel, ".go") || inTestdata(rel)) && contains(data, fields) {
					out[i] = data
				}
			}
		}()
	}
	for _, i := range todo {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// isGenerated reports a file the configuration's generated: globs (or
// its presets') name.
func (r *remover) isGenerated(rel string) bool { return r.p.Config.IsGenerated(rel) }

// isGeneratedGo reports the standard "Code generated … DO NOT EDIT." line.
func isGeneratedGo(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// regenerate lists a generated file that names a removed flag, once.
func (r *remover) regenerate(flag, rel string) {
	for _, s := range r.out.Generated {
		if s.Pos.File == rel && s.Flag == flag {
			return
		}
	}
	r.out.Generated = append(r.out.Generated, Site{Flag: flag, Pos: diag.Position{File: rel}, Kind: "generated", Status: "generated", Reason: "generated file: regenerate it"})
}

// projectFiles lists the project's files: git's list when it is a
// repository (so ignored files are left alone), else a walk.
func (r *remover) projectFiles() []string {
	if r.files == nil {
		r.files = r.listFiles()
	}
	return r.files
}

func (r *remover) listFiles() []string {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = r.p.Root
	if out, err := cmd.Output(); err == nil {
		var files []string
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, f)
			}
		}
		sort.Strings(files)
		return files
	}
	var files []string
	filepath.WalkDir(r.p.Root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "vendor", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, r.p.Rel(path))
		return nil
	})
	sort.Strings(files)
	return files
}
