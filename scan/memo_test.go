package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/internal/synth"
	"github.com/flagsweep/flagsweep/project"
)

// TestRunMemo checks the memo of an unchanged tree: a second run over the
// same tree is answered whole from it, with the answer of a scan without
// any cache, and every change a build could see — an edit, an edit whose
// modification time is put back, a new file, another build environment —
// runs the scan again.
func TestRunMemo(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 0 // the generated tree is seconds old

	dir := t.TempDir()
	st, err := synth.Generate(dir, synth.Options{Packages: 6, Flags: 8, LinesPerPackage: 40})
	if err != nil {
		t.Fatal(err)
	}
	cacheDir := t.TempDir()
	scanOnce := func(useCache bool, env []string) (*Result, []string) {
		t.Helper()
		p, err := project.Open(context.Background(), project.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Project: p, Analyzers: analyzers.All, Env: env}
		if useCache {
			if opts.Cache, err = OpenCache(p, cacheDir, analyzers.All); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
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
	check := func(what string, wantMemo bool, env []string) {
		t.Helper()
		_, want := scanOnce(false, env)
		if len(want) == 0 {
			t.Fatal("the module has no findings or references: the test checks nothing")
		}
		res, got := scanOnce(true, env)
		if res.Memo != wantMemo {
			t.Errorf("%s: answered from the memo = %t, want %t", what, res.Memo, wantMemo)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d lines, want %d:\n%q\nwant\n%q", what, len(got), len(want), got, want)
		}
	}
	check("cold", false, nil)
	check("unchanged", true, nil)

	leaf := filepath.Join(dir, st.LeafFile)
	fi, err := os.Stat(leaf)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(leaf)
	if err != nil {
		t.Fatal(err)
	}
	edited := append(slices.Clip(src), "\n// edited\n"...)
	if err := os.WriteFile(leaf, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	check("after an edit", false, nil)
	check("unchanged after the edit", true, nil)

	// Same size, modification time put back: the change time still moved.
	edited[len(edited)-2] = 'D'
	if err := os.WriteFile(leaf, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(leaf, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	check("after an edit with its mtime restored", false, nil)

	extra := filepath.Join(filepath.Dir(leaf), "extra.go")
	pkgName := "package " + packageName(t, src) + "\n"
	if err := os.WriteFile(extra, []byte(pkgName), 0o644); err != nil {
		t.Fatal(err)
	}
	check("after a new file", false, nil)

	check("in another build environment", false, append(os.Environ(), "GOFLAGS=-tags=memo"))
	check("back in the first", true, nil)
}

// packageName returns the package clause's name of a Go source.
func packageName(t *testing.T, src []byte) string {
	t.Helper()
	var name string
	if _, err := fmt.Sscanf(string(src[firstIndex(src, "package "):]), "package %s", &name); err != nil {
		t.Fatal(err)
	}
	return name
}

func firstIndex(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return 0
}
