package rewrite

import (
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// platformTags are the build tags the go command sets from the platform
// and toolchain; a constraint naming only these excludes a file because
// of where flagsweep runs, which no configuration should change.
var platformTags = func() map[string]bool {
	m := make(map[string]bool)
	for _, t := range strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos unix
		386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm
		cgo gc gccgo ignore purego race msan asan`) {
		m[t] = true
	}
	return m
}()

// projectTags returns the build tags of the files' constraints that are
// the project's own (integration, e2e), not the platform's or the
// toolchain's: the tags build_tags would need for these files to be
// type-checked instead of rewritten by syntax.
func (r *remover) projectTags(names map[string]bool) []string {
	var tags []string
	ctxt := build.Default
	for _, t := range r.p.Config.BuildTags {
		ctxt.BuildTags = append(ctxt.BuildTags, t.V)
	}
	for name := range names {
		src := r.current(name)
		if len(src) == 0 {
			continue
		}
		if ok, err := ctxt.MatchFile(filepath.Dir(name), filepath.Base(name)); err != nil || ok {
			continue // this build includes it: its tags are not why
		}
		if len(r.p.Config.BuildTags) > 0 {
			// Excluded by the configured tags themselves (a unit test
			// that is //go:build !integration): say so.
			if ok, err := build.Default.MatchFile(filepath.Dir(name), filepath.Base(name)); err == nil && ok {
				r.out.TagExcluded = append(r.out.TagExcluded, r.p.Rel(name))
				continue
			}
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			continue
		}
		var own []string
		for _, g := range f.Comments {
			if g.Pos() > f.Package {
				break
			}
			for _, c := range g.List {
				if !constraint.IsGoBuild(c.Text) {
					continue
				}
				x, err := constraint.Parse(c.Text)
				if err != nil {
					continue
				}
				x.Eval(func(tag string) bool {
					if !platformTags[tag] && !strings.HasPrefix(tag, "go1.") && !strings.HasPrefix(tag, "goexperiment.") &&
						!slices.Contains(ctxt.BuildTags, tag) && !slices.Contains(own, tag) {
						own = append(own, tag)
					}
					return true
				})
			}
		}
		// Only tags that would bring the file in: one this platform
		// excludes anyway (integration && windows) is not helped.
		with := ctxt
		with.BuildTags = slices.Concat(ctxt.BuildTags, own)
		if ok, err := with.MatchFile(filepath.Dir(name), filepath.Base(name)); err != nil || !ok {
			continue
		}
		for _, t := range own {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	slices.Sort(tags)
	slices.Sort(r.out.TagExcluded)
	return tags
}
