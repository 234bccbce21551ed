// Package analyzers lists flagsweep's analyzers. Each lives in a package of
// its own below this one, as a plain *analysis.Analyzer that gopls,
// golangci-lint, Bazel's nogo and `go vet -vettool` can run; all of them
// build on flagrefs, which finds the references.
package analyzers

import (
	"github.com/flagsweep/flagsweep/analyzers/defaultmismatch"
	"github.com/flagsweep/flagsweep/analyzers/dynamickey"
	"github.com/flagsweep/flagsweep/analyzers/invaliddefinition"
	"github.com/flagsweep/flagsweep/analyzers/rolledout"
	"github.com/flagsweep/flagsweep/analyzers/setup"
	"github.com/flagsweep/flagsweep/analyzers/stale"
	"github.com/flagsweep/flagsweep/analyzers/undefined"
	"golang.org/x/tools/go/analysis"
)

// All are the analyzers that report diagnostics, in the order of the
// README's table, after setup, which reports configuration errors. (unused
// needs the whole program and is computed by `flagsweep lint` itself.)
var All = []*analysis.Analyzer{
	setup.Analyzer,
	undefined.Analyzer,
	invaliddefinition.Analyzer,
	dynamickey.Analyzer,
	stale.Analyzer,
	rolledout.Analyzer,
	defaultmismatch.Analyzer,
}
