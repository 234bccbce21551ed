package load

import "go/types"

// Types returns the package as its dependents see it, read from export
// data: what a check of the configuration against the program looks
// things up in, without type-checking anything from source. Its objects
// are the very objects every check of a dependent (an Overlay's too)
// resolves its uses to, so the removal's verification tells by identity
// which uses name something the change deleted.
func (prog *Program) Types(n *Package) (*types.Package, error) {
	return prog.exportTypes(n)
}

// TypesByPath returns the import paths of the program's packages, and a
// function giving the types of the packages with a path, from export data:
// the package first, then its test variants (which add what its tests
// declare). A package without export data does not build and is left out;
// its errors are reported on their own.
func (prog *Program) TypesByPath() ([]string, func(path string) []*types.Package) {
	byPath := make(map[string][]*Package)
	var paths []string
	for _, n := range prog.Packages {
		if n.IsTestMain() {
			continue
		}
		if _, ok := byPath[n.PkgPath]; !ok {
			paths = append(paths, n.PkgPath)
		}
		if n.IsTestVariant() {
			byPath[n.PkgPath] = append(byPath[n.PkgPath], n)
		} else {
			byPath[n.PkgPath] = append([]*Package{n}, byPath[n.PkgPath]...)
		}
	}
	return paths, func(path string) []*types.Package {
		var out []*types.Package
		for _, n := range byPath[path] {
			if tp, err := prog.exportTypes(n); err == nil {
				out = append(out, tp)
			}
		}
		return out
	}
}
