package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/internal/synth"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

// TestCacheSameAnswer scans a generated module without the cache, with an
// empty one, with the one it filled, and after an edit of one leaf file:
// every run must give the same findings and references (by kind, flag and
// position), and the warm runs must reuse what did not change.
func TestCacheSameAnswer(t *testing.T) {
	defer scan.NoMemo()()
	dir := t.TempDir()
	st, err := synth.Generate(dir, synth.Options{Packages: 24, Flags: 30, LinesPerPackage: 60})
	if err != nil {
		t.Fatal(err)
	}
	cacheDir := t.TempDir()
	run := func(useCache bool) (*scan.Result, []string) {
		t.Helper()
		p, err := project.Open(context.Background(), project.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		opts := scan.Options{Project: p, Analyzers: analyzers.All}
		if useCache {
			if opts.Cache, err = scan.OpenCache(p, cacheDir, analyzers.All); err != nil {
				t.Fatal(err)
			}
		}
		res, err := scan.Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range res.Problems {
			t.Errorf("problem: %s", pr)
		}
		var out []string
		for _, d := range res.Diagnostics {
			out = append(out, d.String())
		}
		for _, r := range res.Refs {
			out = append(out, fmt.Sprintf("%s: %s %s dynamic=%t", r.Pos, r.Kind, r.Flag, r.Dynamic))
		}
		slices.Sort(out)
		return res, out
	}
	_, want := run(false)
	if len(want) == 0 {
		t.Fatal("the module has no findings or references: the test checks nothing")
	}
	compare := func(what string, got []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d lines, want %d (first difference near %q)", what, len(got), len(want), firstDiff(got, want))
		}
	}
	cold, got := run(true)
	compare("empty cache", got)
	if cold.Reused != 0 {
		t.Errorf("empty cache: reused %d packages", cold.Reused)
	}
	warm, got := run(true)
	compare("warm cache", got)
	if warm.Reused != len(warm.Packages) {
		t.Errorf("warm cache: reused %d of %d packages", warm.Reused, len(warm.Packages))
	}

	leaf := filepath.Join(dir, st.LeafFile)
	src, err := os.ReadFile(leaf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(leaf, append(src, "\n// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	edited, got := run(true)
	compare("after an edit", got)
	if edited.Reused == 0 || edited.Reused == len(edited.Packages) {
		t.Errorf("after an edit of %s: reused %d of %d packages, want some but not all", st.LeafFile, edited.Reused, len(edited.Packages))
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " / " + b[i]
		}
	}
	if len(a) > len(b) {
		return a[len(b)]
	}
	if len(b) > len(a) {
		return b[len(a)]
	}
	return ""
}
