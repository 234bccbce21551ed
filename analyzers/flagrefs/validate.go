package flagrefs

import (
	"go/types"
	"sort"

	"github.com/flagsweep/flagsweep/config"
	"golang.org/x/tools/go/analysis"
)

// checkForms checks the configured reference forms that this unit can
// see, the package itself and its direct imports (config.CheckForms): a
// form that cannot match is a configuration error, since every flag it was
// meant to find would look unreferenced. Drivers that see one package at
// a time (go vet) have no more to go on; flagsweep's own commands check
// every form against the whole program once instead. A package that
// imports none of the forms' packages has nothing to say.
func checkForms(pass *analysis.Pass, cfg *config.Config) error {
	pkgs := map[string]*types.Package{pass.Pkg.Path(): pass.Pkg}
	for _, p := range pass.Pkg.Imports() {
		pkgs[p.Path()] = p
	}
	paths := make([]string, 0, len(pkgs))
	for p := range pkgs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	errs, _ := cfg.CheckForms(config.Loaded{
		Paths: paths,
		Types: func(path string) []*types.Package { return []*types.Package{pkgs[path]} },
	})
	return errs.Err()
}
