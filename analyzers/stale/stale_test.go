package stale_test

import (
	"path/filepath"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/analyzers/stale"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	dir := analysistest.TestData()
	cfg, err := filepath.Abs(filepath.Join(dir, ".flagsweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := flagrefs.Analyzer.Flags.Set("config", cfg); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FLAGSWEEP_TODAY", "2026-11-21")
	analysistest.Run(t, dir, stale.Analyzer, "a")
}
