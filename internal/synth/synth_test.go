package synth

import (
	"context"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

// TestGenerate scans a small generated module and checks that every
// reference form the generator writes is found — the benchmark measures
// nothing if the references are not there.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	st, err := Generate(dir, Options{Packages: 12, Flags: 30, LinesPerPackage: 60, FlagShare: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if st.Packages != 12 || st.Definitions != 30 || len(st.FlagPackages) == 0 {
		t.Fatalf("stats = %+v", st)
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
	forms := make(map[string]int)
	for _, r := range res.Refs {
		switch {
		case r.Syntactic:
			forms["syntactic"]++
		case r.Generated:
			forms["generated"]++
		case r.Wrapper != nil:
			forms["wrapper"]++
		case r.Handle != nil && r.Kind == flagrefs.Check:
			forms["handle"]++
		default:
			forms[r.Kind.String()]++
		}
	}
	for _, form := range []string{"check", "wrapper", "handle", "declare", "override", "feature-set", "syntactic", "generated"} {
		if forms[form] == 0 {
			t.Errorf("no %s reference found; found %v", form, forms)
		}
	}
	if len(res.Refs) < st.References {
		t.Errorf("found %d references, the generator wrote at least %d", len(res.Refs), st.References)
	}
	if !strings.HasPrefix(st.LeafFile, "svc/") {
		t.Errorf("leaf file %q", st.LeafFile)
	}
}
