// Package synth writes a synthetic Go module of realistic shape for
// flagsweep's benchmarks: hundreds of packages importing one another,
// ordinary code, tests, and flag references through every form flagsweep
// understands (literal and constant keys, typed constants, a wrapper, a
// handle, test overrides, a feature set, a build-constrained file, a
// generated file), with a definition for each flag.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Options size the module.
type Options struct {
	Packages int // service packages (default 400)
	Flags    int // flag definitions (default 300)
	// LinesPerPackage is roughly how many lines each package has
	// (default 375, so 400 packages make 150k lines).
	LinesPerPackage int
	// FlagShare is the share of packages that check flags (default 0.3).
	FlagShare float64
}

func (o *Options) defaults() {
	if o.Packages == 0 {
		o.Packages = 400
	}
	if o.Flags == 0 {
		o.Flags = 300
	}
	if o.LinesPerPackage == 0 {
		o.LinesPerPackage = 375
	}
	if o.FlagShare == 0 {
		o.FlagShare = 0.3
	}
}

// Module is the generated module's path.
const Module = "example.com/synth"

// WidelyUsedFlag is checked in every package that checks flags: the
// removal benchmark removes it.
const WidelyUsedFlag = "flag_000"

// Stats describe what was written.
type Stats struct {
	Packages, Files, Lines, Definitions, References int
	// FlagPackages are the package directories (relative) that check
	// flags; LeafFile is a file to edit for the incremental benchmark.
	FlagPackages []string
	LeafFile     string
}

// Generate writes the module into dir, which should be empty.
func Generate(dir string, o Options) (Stats, error) {
	o.defaults()
	g := &gen{dir: dir, o: o}
	g.write("go.mod", fmt.Sprintf("module %s\n\ngo 1.26\n", Module))
	g.write("VERSION", "17.9.0-pre\n")
	g.write(".flagsweep.yaml", config)
	g.write("feature/feature.go", featurePkg)
	g.write("wrap/wrap.go", wrapPkg)
	g.flagsPkg()
	g.definitions()
	for i := range o.Packages {
		g.service(i)
	}
	g.stats.LeafFile = filepath.Join("svc", pkgName(o.Packages-1), "code.go")
	return g.stats, g.err
}

type gen struct {
	dir   string
	o     Options
	stats Stats
	err   error
}

func (g *gen) write(rel, content string) {
	if g.err != nil {
		return
	}
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.err = err
		return
	}
	g.err = os.WriteFile(p, []byte(content), 0o644)
	g.stats.Files++
	g.stats.Lines += strings.Count(content, "\n")
}

func flagName(i int) string  { return fmt.Sprintf("flag_%03d", i) }
func constName(i int) string { return fmt.Sprintf("Flag%03d", i) }
func pkgName(i int) string   { return fmt.Sprintf("p%03d", i) }

var types = []string{"beta", "gitlab_com_derisk", "wip", "ops", "experiment", "development"}

func (g *gen) definitions() {
	for i := range g.o.Flags {
		typ := types[i%len(types)]
		def := "false"
		if (typ == "beta" || typ == "ops" || typ == "development") && i%2 == 0 {
			def = "true"
		}
		milestone := fmt.Sprintf("%d.%d", 16+i%2, i%12)
		g.write(fmt.Sprintf("config/feature_flags/%s/%s.yml", typ, flagName(i)), fmt.Sprintf(`---
name: %s
description: Synthetic flag %d
introduced_by_url: https://gitlab.example.com/synth/-/merge_requests/%d
rollout_issue_url: https://gitlab.example.com/synth/-/issues/%d
milestone: '%s'
type: %s
group: group::team %d
default_enabled: %s
`, flagName(i), i, 1000+i, 2000+i, milestone, typ, i%17, def))
		g.stats.Definitions++
	}
}

func (g *gen) flagsPkg() {
	var b strings.Builder
	b.WriteString("// Package flags names every flag.\npackage flags\n\nimport \"example.com/synth/feature\"\n\nconst (\n")
	for i := range g.o.Flags {
		fmt.Fprintf(&b, "\t%s feature.Flag = %q\n", constName(i), flagName(i))
	}
	b.WriteString(")\n\n// Handles for some flags.\nvar (\n")
	for i := 0; i < g.o.Flags; i += 10 {
		fmt.Fprintf(&b, "\tHandle%03d = feature.NewFlag(%q)\n", i, flagName(i))
	}
	b.WriteString(")\n")
	g.write("flags/flags.go", b.String())
}

// service writes one package: ordinary code sized to LinesPerPackage, and
// in a share of packages, flag checks in every form.
func (g *gen) service(i int) {
	name := pkgName(i)
	dir := "svc/" + name
	var imports []string
	// Each package imports up to three earlier ones: a DAG with depth.
	for _, d := range []int{1, 7, 31} {
		if i-d >= 0 {
			imports = append(imports, pkgName(i-d))
		}
	}
	checksFlags := float64(i%100) < g.o.FlagShare*100
	var b strings.Builder
	fmt.Fprintf(&b, "// Package %s is synthetic service code.\npackage %s\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n", name, name)
	for _, imp := range imports {
		fmt.Fprintf(&b, "\n\t%q", Module+"/svc/"+imp)
	}
	b.WriteString("\n)\n\n")
	fmt.Fprintf(&b, "var _ = fmt.Sprint\nvar _ = sort.Ints\nvar _ = strings.ToUpper\nvar _ context.Context\n\n")
	for _, imp := range imports {
		fmt.Fprintf(&b, "var _ = %s.Version\n", imp)
	}
	fmt.Fprintf(&b, "\n// Version identifies the package.\nconst Version = %d\n\n", i)
	// Ordinary code: types, methods, loops, closures.
	for n := 0; strings.Count(b.String(), "\n") < g.o.LinesPerPackage-20; n++ {
		fmt.Fprintf(&b, `// Item%[1]d is a record.
type Item%[1]d struct {
	ID    int
	Name  string
	Tags  []string
	Score float64
}

// Rank%[1]d orders items by score, then name.
func Rank%[1]d(items []Item%[1]d) []Item%[1]d {
	out := append([]Item%[1]d(nil), items...)
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Name < out[b].Name
	})
	return out
}

// Describe returns a summary line.
func (it Item%[1]d) Describe() string {
	var sb strings.Builder
	for i, t := range it.Tags {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(strings.ToUpper(t))
	}
	return fmt.Sprintf("%%d %%s [%%s] %%.2f", it.ID, it.Name, sb.String(), it.Score)
}

`, n)
	}
	g.write(dir+"/code.go", b.String())
	g.stats.Packages++
	if !checksFlags {
		return
	}
	g.stats.FlagPackages = append(g.stats.FlagPackages, dir)
	f := func(k int) int { return (i*7 + k*13) % g.o.Flags }
	refs := fmt.Sprintf(`package %[1]s

import (
	"context"

	"example.com/synth/feature"
	"example.com/synth/flags"
	"example.com/synth/wrap"
)

// Decide checks flags in every form flagsweep knows.
func Decide(ctx context.Context, key string) []string {
	var out []string
	if feature.Enabled(ctx, %[2]q) {
		out = append(out, "literal")
	}
	if feature.Enabled(ctx, string(flags.%[3]s)) {
		out = append(out, "constant")
	}
	if feature.On(flags.%[4]s) && !feature.On(flags.%[5]s) {
		out = append(out, "typed")
	}
	if wrap.IsOn(ctx, %[6]q) {
		out = append(out, "wrapper")
	}
	if flags.Handle%03[7]d.IsEnabled(ctx) {
		out = append(out, "handle")
	}
	on := feature.Enabled(ctx, %[8]q)
	if !on {
		return out
	}
	if feature.Enabled(ctx, %[9]q) {
		out = append(out, "wide")
	}
	return append(out, key)
}
`, name, flagName(f(0)), constName(f(1)), constName(f(2)), constName(f(3)), flagName(f(4)), (f(5)/10)*10, flagName(f(6)), WidelyUsedFlag)
	g.write(dir+"/flags.go", refs)
	g.stats.References += 8 // plus one each below
	g.write(dir+"/flags_windows.go", fmt.Sprintf(`package %s

import (
	"context"

	"example.com/synth/feature"
)

func windows(ctx context.Context) bool { return feature.Enabled(ctx, %q) }
`, name, flagName(f(7))))
	g.write(dir+"/zz_generated.go", fmt.Sprintf(`// Code generated by synth. DO NOT EDIT.

package %s

import (
	"context"

	"example.com/synth/feature"
)

func generated(ctx context.Context) bool { return feature.Enabled(ctx, %q) }
`, name, flagName(f(8))))
	g.write(dir+"/flags_test.go", fmt.Sprintf(`package %[1]s

import (
	"context"
	"testing"

	"example.com/synth/feature"
	"example.com/synth/flags"
)

func TestDecide(t *testing.T) {
	for _, on := range []bool{true, false} {
		ctx := feature.WithOverride(context.Background(), %[2]q, on)
		feature.NewFeatureSets(flags.Handle%03[3]d).Run(t, func(t *testing.T, ctx context.Context) {
			_ = Decide(ctx, "k")
		})
		_ = Decide(ctx, "k")
	}
}
`, name, flagName(f(0)), (f(5)/10)*10))
	g.stats.References += 4 // excluded file, generated file, override, feature set
}

const config = `accessors:
  - func: example.com/synth/feature.Enabled
    key: 1
  - func: example.com/synth/feature.On
    key: 0
handles:
  - constructor: example.com/synth/feature.NewFlag
    name: 0
    enabled: [IsEnabled]
    disabled: [IsDisabled]
test_overrides:
  - func: example.com/synth/feature.WithOverride
    flag: 1
    value: 2
feature_sets:
  - func: example.com/synth/feature.NewFeatureSets
`

const featurePkg = `// Package feature evaluates flags.
package feature

import (
	"context"
	"testing"
)

// Flag is a flag's key.
type Flag string

type key struct{ name string }

// Enabled reports whether the flag is on.
func Enabled(ctx context.Context, name string) bool {
	v, _ := ctx.Value(key{name}).(bool)
	return v
}

// On reports whether the flag is on, for code without a context.
func On(f Flag) bool { return false }

// WithOverride forces a flag in tests.
func WithOverride(ctx context.Context, name string, on bool) context.Context {
	return context.WithValue(ctx, key{name}, on)
}

// Handle is one flag.
type Handle struct{ name string }

// NewFlag returns the handle of a flag.
func NewFlag(name string) Handle { return Handle{name} }

// IsEnabled reports whether the flag is on.
func (h Handle) IsEnabled(ctx context.Context) bool { return Enabled(ctx, h.name) }

// IsDisabled reports whether the flag is off.
func (h Handle) IsDisabled(ctx context.Context) bool { return !Enabled(ctx, h.name) }

// Sets runs a test under every combination of flags.
type Sets struct{ handles []Handle }

// NewFeatureSets lists the flags.
func NewFeatureSets(hs ...Handle) Sets { return Sets{hs} }

// Run runs fn under each combination.
func (s Sets) Run(t *testing.T, fn func(*testing.T, context.Context)) {
	fn(t, context.Background())
}
`

const wrapPkg = `// Package wrap wraps the feature package.
package wrap

import (
	"context"

	"example.com/synth/feature"
)

// IsOn is a wrapper: callers' keys are references.
func IsOn(ctx context.Context, name string) bool { return feature.Enabled(ctx, name) }
`
