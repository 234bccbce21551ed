package rewrite

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"slices"
	"strings"
)

// The differential fuzzer's generator. A batch is one module holding many
// small programs; each program is a file of its own (pNN/progK.go, with
// perPkg programs to a package) whose code depends only on the batch's
// seed and K, so any subset of a batch can be regenerated identically —
// which is how a failure is reduced to the programs that cause it.
//
// Every program branches on one of the batch's flags (fz0…fzN) in many
// shapes and through every reference form: accessors with a literal or a
// constant key from another package, handle methods on a handle declared
// in another package or in the program's own, a wrapper, handles passed to
// factories (the program's own and one in another package) whose closures
// check them, overrides whose value is a random draw, and — for the flags
// the batch makes "hostile" — uses of the handle and key as plain values,
// which the removal must refuse while keeping what they name. Every branch
// prints and every operand with effects prints when it runs, so a change of
// behaviour shows in the output.

// A batch says which programs one module holds.
type batch struct {
	seed   uint64
	progs  []int // program numbers, increasing
	perPkg int   // programs per package: program K is in package K/perPkg
	flags  int   // the flags fz0…fz(flags-1)
}

// flagValue is the value flag i is removed as (and forced to before).
func (b batch) flagValue(i int) bool {
	return rand.New(rand.NewPCG(b.seed, uint64(i)^0xf1a9)).IntN(2) == 0
}

// hostile reports whether flag i's programs may use its handle and key as
// plain values. Only some flags are: such a use keeps the handle (and the
// key constant) for every program of the flag, and the others must see
// them deleted.
func (b batch) hostile(i int) bool {
	return rand.New(rand.NewPCG(b.seed, uint64(i)^0x4057)).IntN(4) == 0
}

// keyedHandle reports whether flag i's handle is built from its key
// constant rather than from a literal.
func (b batch) keyedHandle(i int) bool {
	return rand.New(rand.NewPCG(b.seed, uint64(i)^0x6b65)).IntN(2) == 0
}

func (b batch) pkg(k int) string { return fmt.Sprintf("p%02d", k/b.perPkg) }

func (b batch) targets() []Target {
	var ts []Target
	for i := range b.flags {
		ts = append(ts, Target{Name: fmt.Sprintf("fz%d", i), Value: b.flagValue(i)})
	}
	return ts
}

// force is the FEATURE_FORCE setting that makes the feature library
// answer every flag with the value it is removed as, whatever the code's
// overrides say: the behaviour the removal must preserve.
func (b batch) force() string {
	var parts []string
	for _, t := range b.targets() {
		parts = append(parts, fmt.Sprintf("%s=%t", t.Name, t.Value))
	}
	return strings.Join(parts, ",")
}

// files writes the module: path → content.
func (b batch) files() map[string]string {
	files := map[string]string{
		"go.mod":             "module example.com/m\n\ngo 1.26\n",
		"VERSION":            "17.9.0\n",
		".flagsweep.yaml":    fuzzConfig,
		"feature/feature.go": fuzzFeature,
		"gate/gate.go":       fuzzGate,
		"out/out.go":         fuzzOut,
	}
	var fl strings.Builder
	fl.WriteString("// Package flags declares the fuzzed flags' handles and keys.\npackage flags\n\nimport \"example.com/m/feature\"\n")
	for i := range b.flags {
		name := fmt.Sprintf("fz%d", i)
		files[fmt.Sprintf("config/feature_flags/beta/%s.yml", name)] = fmt.Sprintf(
			"---\nname: %s\ndescription: Fuzzed flag %d\nmilestone: '17.0'\ntype: beta\ngroup: group::fuzz\ndefault_enabled: %t\n", name, i, b.flagValue(i))
		arg := fmt.Sprintf("%q", name)
		if b.keyedHandle(i) {
			arg = fmt.Sprintf("Key%d", i)
		}
		fmt.Fprintf(&fl, "\n// Key%d is the key of %s.\nconst Key%d = %q\n\n// FZ%d is the handle of %s.\nvar FZ%d = feature.NewFlag(%s)\n", i, name, i, name, i, name, i, arg)
	}
	files["flags/flags.go"] = fl.String()

	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\n")
	var pkgs []string
	for _, k := range b.progs {
		if p := b.pkg(k); !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
			fmt.Fprintf(&main, "\t%q\n", "example.com/m/"+p)
		}
		files[fmt.Sprintf("%s/prog%d.go", b.pkg(k), k)] = b.program(k)
	}
	main.WriteString(`)

// run runs one program after a marker line, so each program's output can
// be told apart; a panic is output like any other.
func run(k int, f func(context.Context)) {
	fmt.Printf("#%d\n", k)
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic:", r)
		}
	}()
	f(context.Background())
}

func main() {
`)
	for _, k := range b.progs {
		fmt.Fprintf(&main, "\trun(%d, %s.Run%d)\n", k, b.pkg(k), k)
	}
	main.WriteString("}\n")
	files["main.go"] = main.String()
	for name, src := range files {
		if strings.HasSuffix(name, ".go") {
			out, err := format.Source([]byte(src))
			if err != nil {
				panic(fmt.Sprintf("generated %s does not parse: %v\n%s", name, err, src))
			}
			files[name] = string(out)
		}
	}
	return files
}

// progGen writes one program.
type progGen struct {
	r     *rand.Rand
	b     strings.Builder
	k     int // the program's number: every name it declares carries it
	flag  int // the flag it branches on
	value bool
	depth int
	n     int // fresh names
	// closure counts the function literals being written: a return
	// there returns nothing.
	closure int
	// Which optional declarations the checks used.
	uses map[string]bool
	// The parameter forms the condition being written has used.
	params map[string]bool
}

func (g *progGen) printf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

func (g *progGen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d_%d", prefix, g.k, g.n)
}

// name is a per-program declaration's name.
func (g *progGen) name(base string) string { return fmt.Sprintf("%s%d", base, g.k) }

// check is a flag check in one of the forms the removal knows.
func (g *progGen) check() string {
	key := fmt.Sprintf("%q", fmt.Sprintf("fz%d", g.flag))
	switch g.r.IntN(12) {
	case 0:
		return fmt.Sprintf("feature.Disabled(ctx, %s)", key)
	case 1:
		return fmt.Sprintf("feature.Enabled(ctx, flags.Key%d)", g.flag)
	case 2:
		return fmt.Sprintf("flags.FZ%d.IsEnabled(ctx)", g.flag)
	case 3:
		return fmt.Sprintf("flags.FZ%d.IsDisabled(ctx)", g.flag)
	case 4:
		g.uses["handle"] = true
		return g.name("handle") + ".IsEnabled(ctx)"
	case 5:
		g.uses["on"] = true
		return fmt.Sprintf("%s(ctx, %s)", g.name("on"), key)
	case 6:
		// A closure a factory made from a handle, in a package-level
		// variable: `var gate = when(flags.X)`.
		g.uses["gated"] = true
		return g.name("gated") + "(ctx)"
	case 7:
		// The routes table: a map of conditions, one made by a
		// factory of another package.
		g.uses["routes"] = true
		return g.name("routes") + `["/b"](ctx)`
	case 8:
		// A factory called and its closure called at once.
		g.uses["when"] = true
		return fmt.Sprintf("%s(flags.FZ%d)(ctx)", g.name("when"), g.flag)
	case 9:
		return fmt.Sprintf("gate.When(flags.FZ%d)(ctx)", g.flag)
	}
	return fmt.Sprintf("feature.Enabled(ctx, %s)", key)
}

// cond is a boolean expression mixing checks, parameters and calls with
// effects.
func (g *progGen) cond(depth int) string {
	clear(g.params)
	return g.expr(depth)
}

// param is an expression of the parameters that the expression being
// written does not have yet: vet calls `b && x && b` redundant, and a
// program vet rejects before the removal says nothing about it.
func (g *progGen) param() string {
	forms := []string{"a", "b", "!a", "!b", "a == b", "a != b"}
	for range 4 {
		if p := forms[g.r.IntN(len(forms))]; !g.params[p] {
			g.params[p] = true
			return p
		}
	}
	return g.check()
}

func (g *progGen) expr(depth int) string {
	if depth <= 0 {
		switch g.r.IntN(5) {
		case 0, 1:
			return g.check()
		case 2:
			return g.param()
		case 3:
			return fmt.Sprintf(`%s(%q, %t)`, g.name("call"), g.fresh("c"), g.r.IntN(2) == 0)
		}
		return "!" + g.check()
	}
	x, y := g.expr(depth-1), g.expr(depth-1)
	switch g.r.IntN(6) {
	case 0:
		return x + " && " + y
	case 1:
		return x + " || " + y
	case 2:
		return "!(" + x + " && " + y + ")"
	case 3:
		return "(" + x + " || " + y + ") && " + g.expr(0)
	case 4:
		return x + " == " + []string{"true", "false"}[g.r.IntN(2)]
	}
	return x + " != " + y
}

// stmts writes a few statements of a function returning string.
func (g *progGen) stmts(indent string, n int) {
	for range n {
		g.stmt(indent)
	}
}

func (g *progGen) stmt(indent string) {
	if g.depth > 3 {
		g.printf("%sout.S(%q)\n", indent, g.fresh("leaf"))
		return
	}
	g.depth++
	defer func() { g.depth-- }()
	switch g.r.IntN(14) {
	case 0, 1:
		g.printf("%sif %s {\n", indent, g.cond(g.r.IntN(3)))
		g.stmts(indent+"\t", 1+g.r.IntN(2))
		if g.r.IntN(2) == 0 {
			g.printf("%s} else {\n", indent)
			g.stmts(indent+"\t", 1)
		}
		g.printf("%s}\n", indent)
	case 2:
		g.printf("%sif %s {\n", indent, g.cond(1))
		g.stmts(indent+"\t", 1)
		g.printf("%s} else if %s {\n", indent, g.cond(1))
		g.stmts(indent+"\t", 1)
		g.printf("%s} else {\n", indent)
		g.stmts(indent+"\t", 1)
		g.printf("%s}\n", indent)
	case 3:
		// A guard clause: the rest of the function depends on it.
		ret := fmt.Sprintf("return %q", g.fresh("early"))
		if g.closure > 0 {
			ret = "return"
		}
		g.printf("%sif !%s {\n%s\tout.S(%q)\n%s\t%s\n%s}\n", indent, g.check(), indent, g.fresh("guard"), indent, ret, indent)
	case 4:
		v := g.fresh("held")
		g.printf("%s%s := %s\n", indent, v, g.check())
		g.printf("%sif %s || b {\n", indent, v)
		g.stmts(indent+"\t", 1)
		g.printf("%s}\n", indent)
		g.printf("%sout.SB(%q, %s)\n", indent, v, v)
	case 5:
		g.printf("%sswitch {\n%scase %s:\n", indent, indent, g.cond(1))
		g.stmts(indent+"\t", 1)
		g.printf("%scase %s:\n", indent, g.cond(0))
		g.stmts(indent+"\t", 1)
		g.printf("%sdefault:\n", indent)
		g.stmts(indent+"\t", 1)
		g.printf("%s}\n", indent)
	case 6:
		g.printf("%sfor i := 0; i < 2 && %s; i++ {\n", indent, g.cond(0))
		g.printf("%s\tout.SI(%q, i)\n", indent, g.fresh("loop"))
		g.printf("%s}\n", indent)
	case 7:
		g.printf("%sfunc() {\n", indent)
		g.closure++
		g.stmts(indent+"\t", 1)
		g.closure--
		g.printf("%s}()\n", indent)
	case 8:
		g.printf("%sout.SB(%q, %s)\n", indent, g.fresh("value"), g.cond(g.r.IntN(2)))
	case 9:
		g.printf("%sfor %s {\n", indent, g.check())
		g.printf("%s\tout.S(%q)\n%s\tbreak\n%s}\n", indent, g.fresh("once"), indent, indent)
	case 10:
		// A value switch on a check.
		g.printf("%sswitch %s {\n%scase true:\n", indent, g.check(), indent)
		g.stmts(indent+"\t", 1)
		g.printf("%sdefault:\n", indent)
		g.stmts(indent+"\t", 1)
		g.printf("%s}\n", indent)
	case 11:
		// A check in an if's init statement.
		v := g.fresh("init")
		g.printf("%sif %s := %s; %s && %s {\n", indent, v, g.check(), v, g.cond(0))
		g.stmts(indent+"\t", 1)
		g.printf("%s} else {\n", indent)
		g.printf("%s\tout.SB(%q, %s)\n", indent, g.fresh("else"), v)
		g.printf("%s}\n", indent)
	case 12:
		// A deferred closure that checks.
		g.printf("%sdefer func() {\n", indent)
		g.closure++
		g.stmts(indent+"\t", 1)
		g.closure--
		g.printf("%s}()\n", indent)
	default:
		g.printf("%sout.S(%q)\n", indent, g.fresh("plain"))
	}
}

// program writes program k: a file of package b.pkg(k) with a Run<k>
// function that calls each of its functions with every combination of
// their parameters.
func (b batch) program(k int) string {
	g := &progGen{r: rand.New(rand.NewPCG(b.seed, uint64(k))), k: k, uses: make(map[string]bool), params: make(map[string]bool)}
	g.flag = g.r.IntN(b.flags)
	g.value = b.flagValue(g.flag)
	var funcs []string
	var body strings.Builder
	count := 1 + g.r.IntN(3)
	for range count {
		name := g.fresh("f")
		funcs = append(funcs, name)
		g.b.Reset()
		g.printf("func %s(ctx context.Context, a, b bool) string {\n", name)
		g.stmts("\t", 2+g.r.IntN(3))
		g.printf("\treturn %q\n}\n\n", name)
		body.WriteString(g.b.String())
	}
	g.b.Reset()

	var decls strings.Builder
	fmt.Fprintf(&decls, `// %s prints when it is evaluated: dropping it would show.
func %[1]s(name string, v bool) bool {
	out.S("call " + name)
	return v
}

`, g.name("call"))
	if g.uses["handle"] {
		// A second handle of the same flag, in the program's package.
		fmt.Fprintf(&decls, "var %s = feature.NewFlag(%q)\n\n", g.name("handle"), fmt.Sprintf("fz%d", g.flag))
	}
	if g.uses["on"] {
		fmt.Fprintf(&decls, "// %s is a wrapper.\nfunc %[1]s(ctx context.Context, name string) bool { return feature.Enabled(ctx, name) }\n\n", g.name("on"))
	}
	factory := g.name("when")
	if g.uses["gated"] && g.r.IntN(2) == 0 {
		factory = "gate.When"
	} else if g.uses["gated"] {
		g.uses["when"] = true
	}
	if g.uses["when"] {
		// The factory, and the function it can become.
		fmt.Fprintf(&decls, `// %s makes a condition that checks f.
func %[1]s(f feature.Flag) func(context.Context) bool {
	return func(ctx context.Context) bool { return f.IsEnabled(ctx) }
}

`, g.name("when"))
		if g.r.IntN(2) == 0 {
			fmt.Fprintf(&decls, "func %s(ctx context.Context) bool { return %t }\n\n", g.name("always"), g.value)
		}
	}
	if g.uses["gated"] {
		fmt.Fprintf(&decls, "var %s = %s(flags.FZ%d)\n\n", g.name("gated"), factory, g.flag)
	}
	if g.uses["routes"] {
		fmt.Fprintf(&decls, "var %s = map[string]gate.Cond{\"/a\": gate.Always, \"/b\": gate.When(flags.FZ%d)}\n\n", g.name("routes"), g.flag)
	}
	var run strings.Builder
	fmt.Fprintf(&run, "// Run%d runs program %d.\nfunc Run%[1]d(ctx context.Context) {\n", k, k)
	switch g.r.IntN(6) {
	case 0:
		// The randomised override, in a helper that is not a
		// test file.
		fmt.Fprintf(&decls, `// %s randomises a flag that acts deep in the call stack.
func %[1]s(ctx context.Context) context.Context {
	return feature.WithOverride(ctx, %q, rand.IntN(2) == 0)
}

`, g.name("randomised"), fmt.Sprintf("fz%d", g.flag))
		fmt.Fprintf(&run, "\tctx = %s(ctx)\n", g.name("randomised"))
	case 1:
		fmt.Fprintf(&run, "\tctx = feature.WithOverride(ctx, flags.Key%d, rand.IntN(2) == 0)\n", g.flag)
	case 2:
		// An override forcing the value the flag keeps.
		fmt.Fprintf(&run, "\tctx = feature.WithOverride(ctx, %q, %t)\n", fmt.Sprintf("fz%d", g.flag), g.value)
	}
	if b.hostile(g.flag) {
		switch g.r.IntN(3) {
		case 0:
			// The handle as a value: refused, and the handle stays.
			fmt.Fprintf(&decls, "var %s = []feature.Flag{flags.FZ%d}\n\n", g.name("listed"), g.flag)
			fmt.Fprintf(&run, "\tout.SI(\"listed\", len(%s))\n", g.name("listed"))
		case 1:
			// The key as a value.
			fmt.Fprintf(&run, "\tout.SI(\"key\", len(flags.Key%d))\n", g.flag)
		}
	}
	run.WriteString("\tfor _, ab := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {\n")
	for _, f := range funcs {
		fmt.Fprintf(&run, "\t\tout.S(%s(ctx, ab[0], ab[1]))\n", f)
	}
	run.WriteString("\t}\n}\n")

	code := decls.String() + run.String() + "\n" + body.String()
	var src strings.Builder
	fmt.Fprintf(&src, "package %s\n\nimport (\n\t\"context\"\n", b.pkg(k))
	for _, imp := range [][2]string{{"rand", "math/rand/v2"}, {"", ""}, {"feature", "example.com/m/feature"}, {"flags", "example.com/m/flags"}, {"gate", "example.com/m/gate"}, {"out", "example.com/m/out"}} {
		if imp[0] == "" {
			src.WriteString("\n") // the module's imports in a group of their own
		} else if strings.Contains(code, imp[0]+".") {
			fmt.Fprintf(&src, "\t%q\n", imp[1])
		}
	}
	src.WriteString(")\n\n")
	src.WriteString(code)
	return src.String()
}

// fuzzConfig is the golden cases' configuration (see goldenDefaults),
// kept here so the fuzzer does not change when they do.
const fuzzConfig = `accessors:
  - func: example.com/m/feature.Enabled
    key: 1
  - func: example.com/m/feature.Disabled
    key: 1
    negated: true
handles:
  - constructor: example.com/m/feature.NewFlag
    name: 0
    enabled: [IsEnabled]
    disabled: [IsDisabled]
test_overrides:
  - func: example.com/m/feature.WithOverride
    flag: 1
    value: 2
`

// fuzzFeature is the flag library. FEATURE_FORCE (name=bool,…) answers
// flags before any override does: that is how a program runs "as if the
// flag were a constant" before the removal makes it one.
const fuzzFeature = `// Package feature is the fuzzed programs' flag library.
package feature

import (
	"context"
	"os"
	"strings"
)

var forced = make(map[string]bool)

func init() {
	for _, kv := range strings.Split(os.Getenv("FEATURE_FORCE"), ",") {
		if name, v, ok := strings.Cut(kv, "="); ok {
			forced[name] = v == "true"
		}
	}
}

type key struct{ name string }

// Enabled reports whether the flag is on.
func Enabled(ctx context.Context, name string) bool {
	if v, ok := forced[name]; ok {
		return v
	}
	v, _ := ctx.Value(key{name}).(bool)
	return v
}

// Disabled reports whether the flag is off.
func Disabled(ctx context.Context, name string) bool { return !Enabled(ctx, name) }

// WithOverride forces a flag.
func WithOverride(ctx context.Context, name string, on bool) context.Context {
	return context.WithValue(ctx, key{name}, on)
}

// Flag is a handle.
type Flag struct{ name string }

// NewFlag makes a handle.
func NewFlag(name string) Flag { return Flag{name} }

// IsEnabled reports whether the flag is on.
func (f Flag) IsEnabled(ctx context.Context) bool { return Enabled(ctx, f.name) }

// IsDisabled reports whether the flag is off.
func (f Flag) IsDisabled(ctx context.Context) bool { return !Enabled(ctx, f.name) }
`

// fuzzGate is a package of conditions with a factory taking handles (the
// issue's shape 1, in a package of its own).
const fuzzGate = `// Package gate makes conditions.
package gate

import (
	"context"

	"example.com/m/feature"
)

// Cond is a condition.
type Cond func(ctx context.Context) bool

// When makes a condition that checks f.
func When(f feature.Flag) Cond {
	return func(ctx context.Context) bool { return f.IsEnabled(ctx) }
}

// Always holds.
func Always(ctx context.Context) bool { return true }

// Never holds.
func Never(ctx context.Context) bool { return false }
`

// fuzzOut prints. Its functions are typed, not fmt.Println's ...any: the
// programs make thousands of calls, and compiling variadic interface
// calls is most of what building a batch costs.
const fuzzOut = `// Package out prints the programs' output.
package out

import (
	"os"
	"strconv"
)

// S prints s.
func S(s string) { os.Stdout.WriteString(s + "\n") }

// SB prints s and b.
func SB(s string, b bool) { S(s + " " + strconv.FormatBool(b)) }

// SI prints s and i.
func SI(s string, i int) { S(s + " " + strconv.Itoa(i)) }
`
