package load

import "go/types"

// Types returns the package as its dependents see it, read from export
// data: what a check of the configuration against the program looks
// things up in, without type-checking anything from source.
func (prog *Program) Types(n *Package) (*types.Package, error) {
	return prog.exportTypes(n)
}
