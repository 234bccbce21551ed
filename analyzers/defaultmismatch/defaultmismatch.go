// Package defaultmismatch defines an Analyzer that reports SDK default
// values that disagree with the flag's definition.
//
// # Analyzer defaultmismatch
//
// defaultmismatch: report flag default values that disagree with default_enabled
//
// SDK accessors take the value to use when the flag cannot be evaluated
// (`client.BoolVariation("x", ctx, false)`). When it differs from the
// definition's default_enabled, an outage of the flag service flips the
// feature: the code should fall back to what the definition says.
package defaultmismatch

import (
	"fmt"
	"go/ast"
	"go/constant"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports default values that disagree with default_enabled.
var Analyzer = &analysis.Analyzer{
	Name:     "defaultmismatch",
	Doc:      "report SDK default values that disagree with the flag's default_enabled",
	URL:      "https://github.com/flagsweep/flagsweep#default-mismatch",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	for _, r := range res.Checks() {
		if r.Default == nil || r.Syntactic {
			continue
		}
		f := res.Project.Flag(r.Flag)
		if f == nil {
			continue
		}
		tv, ok := pass.TypesInfo.Types[r.Default]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
			continue
		}
		got := constant.BoolVal(tv.Value)
		if got == f.DefaultEnabled {
			continue
		}
		d := analysis.Diagnostic{
			Pos: r.Default.Pos(),
			End: r.Default.End(),
			Message: fmt.Sprintf("the default value %t for flag %q disagrees with default_enabled: %t in %s: pass %t",
				got, f.Name, f.DefaultEnabled, f.File, f.DefaultEnabled),
		}
		if id, ok := ast.Unparen(r.Default).(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Use %t, as the definition says", f.DefaultEnabled),
				TextEdits: []analysis.TextEdit{{Pos: r.Default.Pos(), End: r.Default.End(), NewText: fmt.Appendf(nil, "%t", f.DefaultEnabled)}},
			}}
		}
		res.Report(pass, diag.DefaultMismatch, r, d)
	}
	return nil, nil
}
