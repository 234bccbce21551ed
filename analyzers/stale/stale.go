// Package stale defines an Analyzer that reports references to flags older
// than their type allows.
//
// # Analyzer stale
//
// stale: report references to stale feature flags
//
// Each flag type has a maximum age in milestones (beta 6, wip 4, …). A flag
// past it that is not yet ready for removal is stale: finish the rollout,
// retype it, or remove it. (A flag ready for removal is reported by
// rolledout instead.)
package stale

import (
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports references to stale flags.
var Analyzer = &analysis.Analyzer{
	Name:     "stale",
	Doc:      "report references to feature flags older than their type allows",
	URL:      "https://github.com/flagsweep/flagsweep#stale",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	for _, r := range res.Checks() {
		f := res.Project.Flag(r.Flag)
		if f == nil || !f.Eval.Overdue || f.Eval.Ready || f.Eval.Settled {
			continue
		}
		res.Report(pass, diag.Stale, r, analysis.Diagnostic{
			Pos:     r.Node.Pos(),
			End:     r.Node.End(),
			Message: project.StaleMessage(f),
		})
	}
	return nil, nil
}
