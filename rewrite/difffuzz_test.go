package rewrite

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/project"
)

// progGen writes random but valid Go programs that branch on the flag "fz"
// in many shapes. Every branch prints, and the impure operands print when
// evaluated, so any change in behaviour shows in the output.
type progGen struct {
	r     *rand.Rand
	b     strings.Builder
	depth int
	n     int // fresh names
	funcs []string
	// closure counts the function literals being written: a return
	// there returns nothing.
	closure int
}

func (g *progGen) printf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

func (g *progGen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

// check is a flag check in one of the forms the removal knows.
func (g *progGen) check() string {
	switch g.r.IntN(4) {
	case 0:
		return `feature.Disabled(ctx, "fz")`
	case 1:
		return `fzHandle.IsEnabled(ctx)`
	case 2:
		return `on(ctx, "fz")`
	}
	return `feature.Enabled(ctx, "fz")`
}

// cond is a boolean expression mixing checks, parameters and calls with
// effects.
func (g *progGen) cond(depth int) string {
	if depth <= 0 {
		switch g.r.IntN(5) {
		case 0, 1:
			return g.check()
		case 2:
			return []string{"a", "b"}[g.r.IntN(2)]
		case 3:
			return fmt.Sprintf(`call(%q, %t)`, g.fresh("c"), g.r.IntN(2) == 0)
		}
		return "!" + g.check()
	}
	x, y := g.cond(depth-1), g.cond(depth-1)
	switch g.r.IntN(6) {
	case 0:
		return x + " && " + y
	case 1:
		return x + " || " + y
	case 2:
		return "!(" + x + " && " + y + ")"
	case 3:
		return "(" + x + " || " + y + ") && " + g.cond(0)
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
		g.printf("%sfmt.Println(%q)\n", indent, g.fresh("leaf"))
		return
	}
	g.depth++
	defer func() { g.depth-- }()
	switch g.r.IntN(11) {
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
		g.printf("%sif !%s {\n%s\tfmt.Println(%q)\n%s\t%s\n%s}\n", indent, g.check(), indent, g.fresh("guard"), indent, ret, indent)
	case 4:
		v := g.fresh("held")
		g.printf("%s%s := %s\n", indent, v, g.check())
		g.printf("%sif %s || b {\n", indent, v)
		g.stmts(indent+"\t", 1)
		g.printf("%s}\n", indent)
		g.printf("%sfmt.Println(%q, %s)\n", indent, v, v)
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
		g.printf("%s\tfmt.Println(%q, i)\n", indent, g.fresh("loop"))
		g.printf("%s}\n", indent)
	case 7:
		g.printf("%sfunc() {\n", indent)
		g.closure++
		g.stmts(indent+"\t", 1)
		g.closure--
		g.printf("%s}()\n", indent)
	case 8:
		g.printf("%sfmt.Println(%q, %s)\n", indent, g.fresh("value"), g.cond(g.r.IntN(2)))
	case 9:
		g.printf("%sfor %s {\n", indent, g.check())
		g.printf("%s\tfmt.Println(%q)\n%s\tbreak\n%s}\n", indent, g.fresh("once"), indent, indent)
	default:
		g.printf("%sfmt.Println(%q)\n", indent, g.fresh("plain"))
	}
}

// program writes a main package with count functions, each called with
// every combination of its parameters.
func (g *progGen) program(count int, value bool) string {
	g.printf(`package main

import (
	"context"
	"fmt"

	"example.com/m/feature"
)

var fzHandle = feature.NewFlag("fz")

// on is a wrapper.
func on(ctx context.Context, name string) bool { return feature.Enabled(ctx, name) }

// call prints when it is evaluated: dropping it would show.
func call(name string, v bool) bool {
	fmt.Println("call", name)
	return v
}

`)
	for range count {
		name := g.fresh("f")
		g.funcs = append(g.funcs, name)
		g.printf("func %s(ctx context.Context, a, b bool) string {\n", name)
		g.stmts("\t", 2+g.r.IntN(3))
		g.printf("\treturn %q\n}\n\n", name)
	}
	g.printf("func main() {\n\tctx := feature.WithOverride(context.Background(), \"fz\", %t)\n", value)
	for _, f := range g.funcs {
		for _, ab := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			g.printf("\tfmt.Println(%s(ctx, %t, %t))\n", f, ab[0], ab[1])
		}
	}
	g.printf("}\n")
	return g.b.String()
}

// runProgram builds and runs the module in dir, returning its output.
func runProgram(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "prog")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("running: %v\n%s", err, out)
	}
	return string(out)
}

// differential generates a program from seed, runs it with the flag forced
// to value, removes the flag as value, runs the result, and compares.
func differential(t testing.TB, seed uint64, value bool) {
	g := &progGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	prog := g.program(4, value)
	dir := t.TempDir()
	for name, content := range goldenDefaults([]Target{{Name: "fz", Value: value}}) {
		writeFile(t.(*testing.T), dir, name, []byte(content))
	}
	writeFile(t.(*testing.T), dir, "main.go", []byte(prog))
	before := runProgram(t, dir)

	p, err := project.Open(context.Background(), project.Options{Dir: dir, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Remove(context.Background(), Options{Project: p, Targets: []Target{{Name: "fz", Value: value}}})
	if err != nil {
		t.Fatalf("seed %d value %t: %v\n%s", seed, value, err, prog)
	}
	if err := res.Write(); err != nil {
		t.Fatal(err)
	}
	rewritten, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	after := runProgram(t, dir)
	if before != after {
		t.Fatalf("seed %d value %t: the rewrite changed the output.\n--- program\n%s\n--- rewritten\n%s\n--- output before\n%s\n--- after\n%s",
			seed, value, prog, rewritten, before, after)
	}
	if bytes.Contains(rewritten, []byte(`"fz"`)) && !res.Refused() {
		t.Errorf("seed %d value %t: a check is left though no site was refused:\n%s", seed, value, rewritten)
	}
}

// FuzzDifferential is the differential fuzz test. Its seeds run in `make
// test`; `make fuzz` explores further. A seed that ever diverged is kept
// in the seed list and as a golden case.
func FuzzDifferential(f *testing.F) {
	if testing.Short() {
		f.Skip("builds and runs programs")
	}
	for _, seed := range []uint64{1, 2, 3, 42} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, seed uint64, value bool) {
		differential(t, seed, value)
	})
}
