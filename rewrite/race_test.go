package rewrite

import (
	"context"
	"testing"

	"github.com/flagsweep/flagsweep/internal/synth"
	"github.com/flagsweep/flagsweep/project"
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
