// Package atest sets up analysistest runs of flagsweep's analyzers: the
// configuration comes through flagrefs' -config flag, as in every driver,
// and the date is pinned so verdicts do not change with the calendar.
package atest

import (
	"path/filepath"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Today is the date analyzer tests compute verdicts for.
const Today = "2026-11-21"

// Setup points flagrefs at dir/.flagsweep.yaml (dir defaults to the
// package's testdata) and returns dir, the GOPATH of the test packages.
func Setup(t *testing.T, dir string) string {
	t.Helper()
	if dir == "" {
		dir = analysistest.TestData()
	}
	cfg, err := filepath.Abs(filepath.Join(dir, ".flagsweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := flagrefs.Analyzer.Flags.Set("config", cfg); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FLAGSWEEP_TODAY", Today)
	return dir
}
