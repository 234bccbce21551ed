package scan_test

import (
	"context"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/internal/synth"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

// TestRaceScan scans a module where type checks (prefetch) run while the
// ordered loop analyses packages whose imports the checks' export data
// reads fill in. `make test` runs it with -race: it is there to catch a
// data race between loading and analysis, and checks the answer too.
func TestRaceScan(t *testing.T) {
	const apps = 12
	dir := t.TempDir()
	if err := synth.GenerateTangle(dir, apps); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Options{Project: p, Analyzers: analyzers.All})
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Problems {
		t.Errorf("problem: %s", pr)
	}
	// Every application checks the flag, half of them through model's
	// wrapper (a fact from another package), and forces it in its test.
	checks, overrides := 0, 0
	for _, r := range res.Refs {
		if r.Flag != synth.TangleFlag {
			continue
		}
		switch r.Kind {
		case flagrefs.Check:
			checks++
		case flagrefs.Override:
			overrides++
		}
	}
	// Every package an analysed package imports must be complete: one
	// that export data can still fill in is written by concurrent checks
	// while the analysis reads it. (Indirect dependencies may be partial:
	// the driver walks them only while the program is frozen.)
	for _, pkg := range res.Packages {
		for _, imp := range pkg.Types.Imports() {
			if !imp.Complete() {
				t.Errorf("%s imports %s, which is not complete", pkg.ID, imp.Path())
			}
		}
	}
	if checks != apps || overrides != apps {
		t.Errorf("found %d checks and %d overrides of %s, want %d of each", checks, overrides, synth.TangleFlag, apps)
	}
}
