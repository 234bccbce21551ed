// Package setup defines an Analyzer that reports why flagsweep could not
// read its configuration or definitions.
//
// # Analyzer setup
//
// setup: report flagsweep configuration errors
//
// The other analyzers build on flagrefs, which reads .flagsweep.yaml and
// the flag definitions. Drivers such as go vet print a prerequisite's
// error only as "failed prerequisites: flagrefs"; this analyzer returns the
// error itself, once per package, so that a malformed definition or an
// unreadable state file is named with its file and line.
package setup

import (
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports configuration errors.
var Analyzer = &analysis.Analyzer{
	Name:     "setup",
	Doc:      "report why flagsweep could not read its configuration or definitions",
	URL:      "https://github.com/flagsweep/flagsweep#configuration",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		return nil, pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result).Err
	},
}
