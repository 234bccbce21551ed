package rewrite

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/load"
)

// finish formats and verifies the rewritten code, then adds the
// definitions' deletion, the changelog entry and the leftover mentions.
func (r *remover) finish() error {
	for _, rf := range r.refusals {
		src := r.current(rf.file)
		line := 1 + bytes.Count(src[:min(rf.offset, len(src))], []byte{'\n'})
		col := rf.offset - (bytes.LastIndexByte(src[:min(rf.offset, len(src))], '\n') + 1) + 1
		r.out.Sites = append(r.out.Sites, Site{
			Flag: r.onlyTarget(), Pos: diag.Position{File: r.p.Rel(rf.file), Line: line, Column: col},
			Kind: "simplify", Status: "refused", Reason: rf.reason,
		})
	}
	// Positions above and in type errors are in the code as rewritten;
	// gofmt, which changes only white space, comes after.
	if err := r.verify(); err != nil {
		return err
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
		if f == nil || !f.YAML() {
			continue
		}
		old, err := os.ReadFile(f.Path)
		if err != nil {
			return err
		}
		r.out.Files = append(r.out.Files, &FileChange{Path: f.File, Abs: f.Path, Old: old, Deleted: true})
	}
	if err := r.changelog(); err != nil {
		return err
	}
	r.mentions()
	sort.Slice(r.out.Files, func(i, j int) bool { return r.out.Files[i].Path < r.out.Files[j].Path })
	sort.SliceStable(r.out.Sites, func(i, j int) bool { return r.out.Sites[i].Pos.Compare(r.out.Sites[j].Pos) < 0 })
	sort.Strings(r.out.Unchecked)
	return nil
}

func (r *remover) onlyTarget() string {
	if len(r.opts.Targets) == 1 {
		return r.opts.Targets[0].Name
	}
	return ""
}

// verify type-checks every package variant with a changed file, from the
// rewritten sources: its test variant (which holds the package's files and
// its tests) and its external tests, or the package itself when it has no
// tests. The rewrite only substitutes and deletes, so a package whose test
// variant checks cannot fail alone.
//
// Each package is checked against its dependencies' export data (see
// load.Overlay: the removal keeps every API another package uses), in
// parallel, and the last round's check is reused for unchanged content.
func (r *remover) verify() error {
	ov := r.prog.NewOverlay(r.src, r.deleted)
	variant := make(map[string]bool)
	for _, n := range r.prog.Packages {
		if ov.Changed(n) && n.IsTestVariant() && !strings.HasSuffix(n.Name, "_test") {
			variant[n.PkgPath] = true
		}
	}
	var pkgs, todo []*load.Package
	for _, n := range r.prog.Packages {
		if !ov.Changed(n) || n.IsTestMain() || !n.IsTestVariant() && variant[n.PkgPath] {
			continue
		}
		pkgs = append(pkgs, n)
		if rec, ok := r.checked[n]; !ok || rec.sig != r.signature(n) {
			todo = append(todo, n)
		}
	}
	ov.CheckAll(todo)
	var errs []string
	seen := make(map[string]bool)
	for _, n := range pkgs {
		var typeErrs []types.Error
		if rec, ok := r.checked[n]; ok && rec.sig == r.signature(n) {
			typeErrs = rec.errs
		} else {
			u, err := ov.Check(n)
			if err != nil {
				for _, line := range strings.Split(err.Error(), "\n") {
					errs = append(errs, r.relLine(line))
				}
				continue
			}
			typeErrs = u.Errors
		}
		for _, te := range typeErrs {
			pos := r.prog.Fset.Position(te.Pos)
			line := fmt.Sprintf("%s:%d:%d: %s", r.p.Rel(pos.Filename), pos.Line, pos.Column, te.Msg)
			if !seen[line] {
				seen[line] = true
				errs = append(errs, line)
			}
		}
	}
	if len(errs) > 0 {
		return &VerifyError{Errors: errs}
	}
	r.out.Packages = r.breakable(ov)
	return nil
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
func (r *remover) mentions() {
	files := r.projectFiles()
	skip := make(map[string]bool)
	for _, fc := range r.out.Files {
		if fc.Deleted || fc.Created {
			skip[fc.Path] = true
		}
	}
	for _, rel := range files {
		if skip[rel] {
			continue
		}
		abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
		var data []byte
		generated := r.isGenerated(rel)
		if cur, ok := r.src[abs]; ok {
			data = cur
		} else {
			info, err := os.Stat(abs)
			if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
				continue
			}
			if data, err = os.ReadFile(abs); err != nil || bytes.IndexByte(data, 0) >= 0 {
				continue
			}
		}
		if !generated && strings.HasSuffix(rel, ".go") && isGeneratedGo(data) {
			generated = true
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
	lines:
		for line := 1; sc.Scan(); line++ {
			text := sc.Bytes()
			for _, t := range r.opts.Targets {
				if i := bytes.Index(text, []byte(t.Name)); i >= 0 && wordAt(text, i, len(t.Name)) {
					if generated {
						r.regenerate(t.Name, rel)
						break lines
					}
					r.out.Mentions = append(r.out.Mentions, Mention{File: rel, Line: line, Text: strings.TrimSpace(string(text))})
					break
				}
			}
		}
	}
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
