// Package undefined defines an Analyzer that reports references to flags
// that have no definition.
//
// # Analyzer undefined
//
// undefined: report references to undefined feature flags
//
// A flag checked in code must have a definition (a YAML file, or a
// declaration in Go). A reference to a key with none is a typo, or a flag
// whose definition was deleted while code still checks it: either way the
// check is always at its SDK's default, which is rarely what the author
// meant.
package undefined

import (
	"fmt"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports references to undefined flags.
var Analyzer = &analysis.Analyzer{
	Name:     "undefined",
	Doc:      "report references to feature flags that have no definition",
	URL:      "https://github.com/flagsweep/flagsweep#undefined",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	if len(res.Refs) == 0 || res.Project.GoDefinitionsSkipped {
		// Without the flags declared in Go, a missing definition
		// proves nothing.
		return nil, nil
	}
	var names []string
	for _, f := range res.Project.Flags {
		names = append(names, f.Name)
	}
	for _, r := range res.Refs {
		if r.Dynamic || r.Flag == "" || r.LibraryTest || res.Project.Flag(r.Flag) != nil {
			continue
		}
		if r.Holder != nil || r.Unset {
			// A read or write of what holds the flag's value (a
			// variable, a field) names no key: the flag is reported
			// where its key is, once, not at each of its holder's
			// uses (Istio's options.Pkcs8Keys, given a registration
			// of a package no go_definitions lists).
			continue
		}
		msg := fmt.Sprintf("flag %q has no definition", r.Flag)
		if s := yamlx.Suggest(r.Flag, names); s != "" {
			msg += fmt.Sprintf(": did you mean %q?", s)
		} else {
			msg += ": add its definition or fix the key"
		}
		res.Report(pass, diag.Undefined, r, analysis.Diagnostic{Pos: r.Node.Pos(), End: r.Node.End(), Message: msg})
	}
	return nil, nil
}
