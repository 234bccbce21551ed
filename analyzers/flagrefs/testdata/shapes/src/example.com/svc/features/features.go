// Package features lists the gates.
package features

type Gates map[string]bool

func (g Gates) Enabled(name string) bool { return g[name] }

const (
	Clones = "clones"
	Audit  = "audit"
)

func Defaults() Gates {
	return Gates{Clones: true, Audit: false}
}
