// Package dynamickey defines an Analyzer that reports flag checks whose key
// is not a constant.
//
// # Analyzer dynamickey
//
// dynamickey: report feature flag checks with non-constant keys
//
// flagsweep tracks flags through constant keys. A key computed at run time
// (from a request, a map, a loop variable) cannot be tracked: such a check
// is invisible to the inventory and to removal. Use a constant, or say why
// not with //flagsweep:ignore dynamic-key <reason>.
package dynamickey

import (
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports flag checks with non-constant keys.
var Analyzer = &analysis.Analyzer{
	Name:     "dynamickey",
	Doc:      "report feature flag checks whose key is not a constant",
	URL:      "https://github.com/flagsweep/flagsweep#dynamic-key",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	for _, r := range res.Refs {
		if !r.Dynamic || r.Syntactic || r.LibraryTest || r.Kind == flagrefs.Override || r.Kind == flagrefs.FeatureSet {
			// A test forcing flags from a table (SetFeatureGateDuringTest(t,
			// gate, tc.feature, tc.on)) evaluates nothing.
			continue
		}
		res.Report(pass, diag.DynamicKey, r, analysis.Diagnostic{
			Pos:     r.Node.Pos(),
			End:     r.Node.End(),
			Message: "the flag key passed to " + r.Describe() + " is not a constant, so flagsweep cannot tell which flag this is: use a constant key",
		})
	}
	return nil, nil
}
