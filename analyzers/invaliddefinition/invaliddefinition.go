// Package invaliddefinition defines an Analyzer that reports references to
// flags whose definition breaks a rule.
//
// # Analyzer invaliddefinition
//
// invaliddefinition: report references to invalidly defined feature flags
//
// A definition with an unknown key, a name that does not match its file, a
// default its type forbids and so on is reported by `flagsweep lint` at the
// YAML node. Drivers that see one package at a time (go vet, gopls) report
// it at each reference instead, so the problem is visible where the flag is
// used.
package invaliddefinition

import (
	"fmt"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports references to flags with invalid definitions.
var Analyzer = &analysis.Analyzer{
	Name:     "invaliddefinition",
	Doc:      "report references to feature flags whose definition breaks a rule",
	URL:      "https://github.com/flagsweep/flagsweep#invalid-definition",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	if len(res.Refs) == 0 || len(res.Project.Defs.Findings) == 0 {
		return nil, nil
	}
	byFlag := make(map[string][]diag.Diagnostic)
	for _, d := range res.Project.Defs.Findings {
		byFlag[d.Flag] = append(byFlag[d.Flag], d)
	}
	for _, r := range res.Checks() {
		ds := byFlag[r.Flag]
		if len(ds) == 0 {
			continue
		}
		msg := fmt.Sprintf("flag %q has an invalid definition: %s: %s", r.Flag, ds[0].Pos, ds[0].Message)
		if len(ds) > 1 {
			msg += fmt.Sprintf(" (and %d more problems: run flagsweep lint)", len(ds)-1)
		}
		res.Report(pass, diag.InvalidDefinition, r, analysis.Diagnostic{Pos: r.Node.Pos(), End: r.Node.End(), Message: msg})
	}
	return nil, nil
}
