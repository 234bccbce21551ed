package synth

import (
	"fmt"
	"strings"
)

// TangleFlag is checked, through a wrapper, in every application
// package GenerateTangle writes, and forced in each one's test: the
// race tests remove it.
const TangleFlag = "flag_001"

// GenerateTangle writes into dir, which should be empty, a small module
// shaped to make concurrent loading dangerous, for the race tests of the
// loader, the scan and the removal.
//
// The danger is export data that reaches past a package's own imports.
// Every store package returns a type of package model, which the
// applications that use the store do not import: reading a store's export
// data declares that type in model's *types.Package, which the loader
// shares between all importers. Other applications import model directly,
// which reads model's export data in full; and model declares a wrapper,
// so its objects carry facts the analysis of every application looks up.
// Type checks of applications run in parallel with that analysis, so a
// loader that lets one package's export data fill in a package another
// goroutine can already see is caught by the race detector.
func GenerateTangle(dir string, apps int) error {
	g := &gen{dir: dir, o: Options{Flags: 12}}
	g.write("go.mod", fmt.Sprintf("module %s\n\ngo 1.26\n", Module))
	g.write("VERSION", "17.9.0-pre\n")
	g.write(".flagsweep.yaml", config)
	g.write("feature/feature.go", featurePkg)
	g.write("wrap/wrap.go", wrapPkg)
	// One handle, and no constant naming TangleFlag: the removal is to
	// find nothing it cannot rewrite.
	g.write("flags/flags.go", fmt.Sprintf(`// Package flags holds a handle.
package flags

import "%s/feature"

// Handle000 is a flag's handle.
var Handle000 = feature.NewFlag(%q)
`, Module, flagName(0)))
	g.definitions()

	var m strings.Builder
	fmt.Fprintf(&m, `// Package model holds the records the stores return.
package model

import (
	"context"
	"fmt"

	"%[1]s/feature"
	"%[1]s/wrap"
)

// Gate is a record's flag.
type Gate struct{ H feature.Handle }

// Allowed is a wrapper of a wrapper: its callers' keys are references.
func Allowed(ctx context.Context, name string) bool { return wrap.IsOn(ctx, name) }
`, Module)
	for i := range apps {
		fmt.Fprintf(&m, `
// M%[1]d is a record.
type M%[1]d struct {
	ID   int
	Name string
	Gate Gate
}

// Describe returns a summary line.
func (r M%[1]d) Describe() string { return fmt.Sprint(r.ID, r.Name) }
`, i)
	}
	g.write("model/model.go", m.String())

	for i := range apps {
		// A store names no reference form, so it is never type-checked
		// from source: only its export data is read, by its importers.
		g.write(fmt.Sprintf("store/s%02d/store.go", i), fmt.Sprintf(`// Package s%02[1]d returns records.
package s%02[1]d

import "%[2]s/model"

// Get returns a record.
func Get() model.M%[1]d { return model.M%[1]d{ID: %[1]d} }

// Box holds two records.
type Box struct {
	Item model.M%[1]d
	Next model.M%[3]d
}
`, i, Module, (i+1)%apps))
		app := fmt.Sprintf("a%02d", i)
		var src string
		if i%2 == 0 {
			// Sees model only through the stores' export data.
			src = fmt.Sprintf(`// Package %[1]s checks flags through a wrapper and a handle.
package %[1]s

import (
	"context"

	"%[2]s/flags"
	"%[2]s/store/s%02[3]d"
	"%[2]s/store/s%02[4]d"
	"%[2]s/wrap"
)

// Run checks flags.
func Run(ctx context.Context) string {
	if wrap.IsOn(ctx, %[5]q) {
		return s%02[3]d.Get().Describe()
	}
	if flags.Handle000.IsEnabled(ctx) {
		var b s%02[4]d.Box
		return b.Item.Describe() + b.Next.Describe()
	}
	return ""
}
`, app, Module, i, (i+1)%apps, TangleFlag)
		} else {
			// Imports model itself: its export data is read in full.
			src = fmt.Sprintf(`// Package %[1]s checks flags through model's wrapper.
package %[1]s

import (
	"context"

	"%[2]s/feature"
	"%[2]s/model"
)

// Run checks flags.
func Run(ctx context.Context) string {
	if model.Allowed(ctx, %[3]q) && feature.Enabled(ctx, %[4]q) {
		return model.M%[5]d{}.Describe()
	}
	return ""
}
`, app, Module, TangleFlag, flagName(2+i%10), i)
		}
		g.write("app/"+app+"/app.go", src)
		g.write("app/"+app+"/app_test.go", fmt.Sprintf(`package %[1]s

import (
	"context"
	"testing"

	"%[2]s/feature"
)

func TestRun(t *testing.T) {
	ctx := feature.WithOverride(context.Background(), %[3]q, true)
	_ = Run(ctx)
}
`, app, Module, TangleFlag))
	}
	return g.err
}
