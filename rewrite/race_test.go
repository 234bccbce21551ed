package rewrite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/internal/synth"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

// TestRaceRemove removes a flag from a module where loading is most
// exposed to data races (see synth.GenerateTangle): the scan's parallel
// type checks, then the verification's parallel overlay checks, all
// importing packages whose export data reaches past their imports. `make
// test` runs it with -race.
func TestRaceRemove(t *testing.T) {
	const apps = 12
	dir := t.TempDir()
	if err := synth.GenerateTangle(dir, apps); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Remove(context.Background(), Options{Project: p, Targets: []Target{{Name: synth.TangleFlag, Value: true}}})
	if err != nil {
		t.Fatal(err)
	}
	// Every application checks the flag and forces it in its test.
	changed := 0
	for _, fc := range res.Files {
		if !fc.Deleted {
			changed++
		}
	}
	if changed < 2*apps {
		t.Errorf("changed %d files, want at least %d (each application and its test)", changed, 2*apps)
	}
	for _, s := range res.Sites {
		if s.Status == "refused" {
			t.Errorf("refused: %s: %s", s.Pos, s.Reason)
		}
	}
}

// TestRemoveReadsLintCache removes a flag with lint's cache filled: the
// packages analysed only for their facts (the wrapper's) come from it,
// and the removal is the very one made without it.
func TestRemoveReadsLintCache(t *testing.T) {
	dir := t.TempDir()
	if err := synth.GenerateTangle(dir, 4); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cache, err := scan.OpenCache(p, t.TempDir(), analyzers.All)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scan.Run(context.Background(), scan.Options{Project: p, Analyzers: analyzers.All, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	remove := func(cache *scan.Cache) (*Result, string) {
		t.Helper()
		res, err := Remove(context.Background(), Options{Project: p, Targets: []Target{{Name: synth.TangleFlag, Value: true}}, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, fc := range res.Files {
			fmt.Fprintf(&b, "%s deleted=%t\n%s\n", fc.Path, fc.Deleted, fc.New)
		}
		for _, s := range res.Sites {
			fmt.Fprintf(&b, "%s %s %s %s\n", s.Pos, s.Kind, s.Status, s.Reason)
		}
		return res, b.String()
	}
	_, want := remove(nil)
	got, out := remove(cache)
	if out != want {
		t.Errorf("the removal with lint's cache differs:\n%s\nwithout:\n%s", out, want)
	}
	if got.reused == 0 {
		t.Error("no package's facts came from lint's cache")
	}
}

// TestNarrowedSameRemoval removes flags of the generated modules listing
// only the packages that can name them (scan.Only, load.Tree) and listing
// the whole module: the removals, their sites and the packages they say
// to test must be the same. The synthetic module has every reference form,
// wrappers in packages that never name a flag, and handles named by
// packages that never name the key.
func TestNarrowedSameRemoval(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Packages: 24, Flags: 30, LinesPerPackage: 60}); err != nil {
		t.Fatal(err)
	}
	tangle := t.TempDir()
	if err := synth.GenerateTangle(tangle, 4); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		dir, flag string
	}{
		{tangle, synth.TangleFlag},
		{dir, synth.WidelyUsedFlag},
	}
	for i := 1; i < 30; i += 4 {
		cases = append(cases, struct{ dir, flag string }{dir, fmt.Sprintf("flag_%03d", i)})
	}
	for _, c := range cases {
		p, err := project.Open(context.Background(), project.Options{Dir: c.dir})
		if err != nil {
			t.Fatal(err)
		}
		remove := func(whole bool) (*Result, string) {
			t.Helper()
			res, err := Remove(context.Background(), Options{Project: p, Targets: []Target{{Name: c.flag, Value: true}}, WholeModule: whole})
			if err != nil {
				t.Fatalf("%s: %v", c.flag, err)
			}
			var b strings.Builder
			for _, fc := range res.Files {
				fmt.Fprintf(&b, "%s deleted=%t\n%s\n", fc.Path, fc.Deleted, fc.New)
			}
			for _, s := range res.Sites {
				fmt.Fprintf(&b, "%s %s %s %s\n", s.Pos, s.Kind, s.Status, s.Reason)
			}
			fmt.Fprintf(&b, "test: %s\nunloaded: %s\n", strings.Join(res.Packages, " "), strings.Join(res.Unloaded, " "))
			for _, m := range res.Mentions {
				fmt.Fprintf(&b, "mention: %v\n", m)
			}
			return res, b.String()
		}
		whole, want := remove(true)
		_, got := remove(false)
		if got != want {
			t.Errorf("%s: the narrowed removal differs:\n%s\nlisting the whole module:\n%s", c.flag, got, want)
		}
		if len(whole.Files) == 0 {
			t.Errorf("%s: nothing removed: the case checks nothing", c.flag)
		}
	}
}
