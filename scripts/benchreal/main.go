// Command benchreal measures flagsweep beside go vet on a real checkout.
//
//	go run ./scripts/benchreal [-flagsweep PATH] [-runs N] [-flag NAME[=V]] [-cold] DIR
//
// DIR is a Go module root with a .flagsweep.yaml. After warming the build
// cache (go build, go vet and flagsweep lint once each), it runs, in each
// of N rounds and in an order that rotates from round to round:
//
//   - go vet ./...
//   - flagsweep lint ./...
//   - go vet ./... and go vet -vettool=flagsweep ./..., each after a
//     one-file edit (a comment appended to a file of a package that
//     refers to a flag; the go command re-runs that package and those
//     depending on it)
//   - flagsweep remove NAME (the diff only; the tree is never written)
//
// and prints, per command, the median wall time, the median of the
// per-round ratios to that round's go vet (pairwise: both ran on the same
// machine load), and the peak resident memory of the process tree's
// largest process (getrusage's ru_maxrss of the children, which is what
// /usr/bin/time -v reports). With -cold it also times, once each, a
// `go build ./...`, a `go vet` of the packages the removal lists (see
// load.Tree: the same packages compiled, tests included) and a
// `flagsweep remove`, each with an empty build cache of its own. The one-file edit is undone after each run, and on
// interrupt.
//
// It is a script, not a timed test: numbers depend on the machine, and
// belong in the README beside the module and version they were taken on.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// sample is one run of one command.
type sample struct {
	wall   time.Duration
	maxRSS int64 // bytes
}

// job is a command to measure.
type job struct {
	name string
	args []string
	// before and after run around the measured command, unmeasured.
	before, after func()
	// ok lists the exit codes that mean it ran (lint exits 1 on
	// findings, remove exits 1 when it leaves sites for a human).
	ok []int
}

func main() {
	bin := flag.String("flagsweep", "flagsweep", "the flagsweep `binary` to measure (an absolute path, or one on PATH)")
	runs := flag.Int("runs", 3, "rounds of measurement")
	target := flag.String("flag", "", "the flag to remove, `NAME[=V]` (default: the first ready for removal, else the first with references, with true)")
	cold := flag.Bool("cold", false, "also time go build and flagsweep remove with an empty build cache each")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: benchreal [-flagsweep PATH] [-runs N] [-flag NAME[=V]] [-cold] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fatal(err)
	}
	if p, err := exec.LookPath(*bin); err == nil {
		*bin, _ = filepath.Abs(p)
	} else {
		fatal(fmt.Errorf("flagsweep binary: %v", err))
	}

	fmt.Printf("benchreal: %s (%s), %s, %d rounds\n", dir, describe(dir), version(*bin), *runs)
	step("warming the build cache")
	mustRun(dir, nil, "go", "build", "./...")
	mustRun(dir, nil, "go", "vet", "./...")
	run(dir, nil, *bin, "lint", "./...")

	name := *target
	if name == "" {
		name = pickFlag(dir, *bin)
	}
	edited := editTarget(dir, *bin, name)
	orig, err := os.ReadFile(edited)
	if err != nil {
		fatal(err)
	}
	restore := func() { _ = os.WriteFile(edited, orig, 0o644) }
	onExit = restore
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-interrupted
		restore()
		os.Exit(130)
	}()
	defer restore()
	edits := 0
	edit := func() {
		edits++
		src := append(append([]byte(nil), orig...), fmt.Sprintf("\n// benchreal edit %d\n", edits)...)
		if err := os.WriteFile(edited, src, 0o644); err != nil {
			fatal(err)
		}
	}
	rel, _ := filepath.Rel(dir, edited)
	fmt.Printf("flag removed: %s; file edited before the vettool run: %s\n\n", name, rel)

	jobs := []job{
		{name: "go vet ./...", args: []string{"go", "vet", "./..."}, ok: []int{0, 1}},
		// A file rewritten (by the edit-and-restore of another job): the
		// package listing runs, every package's entry is reused.
		{name: "flagsweep lint ./... (a file rewritten as it was)", args: []string{*bin, "lint", "./..."}, ok: []int{0, 1}},
		// Nothing touched since the last lint: the run's memo answers
		// (written only once the tree is two seconds old, hence the wait
		// and the untimed first run).
		{name: "flagsweep lint ./... (tree unchanged)", args: []string{*bin, "lint", "./..."}, before: func() {
			time.Sleep(2100 * time.Millisecond)
			measure(dir, nil, *bin, "lint", "./...")
		}, ok: []int{0, 1}},
		{name: "go vet ./... (one file edited)", args: []string{"go", "vet", "./..."}, before: edit, after: restore, ok: []int{0, 1}},
		{name: "go vet -vettool=flagsweep ./... (one file edited)", args: []string{"go", "vet", "-vettool=" + *bin, "./..."}, before: edit, after: restore, ok: []int{0, 1}},
		{name: "flagsweep remove " + name + " (diff)", args: append([]string{*bin, "remove"}, strings.Fields(name)...), ok: []int{0, 1}},
	}
	samples := make([][]sample, len(jobs))
	for round := 0; round < *runs; round++ {
		step(fmt.Sprintf("round %d of %d", round+1, *runs))
		for k := range jobs {
			i := (k + round) % len(jobs) // rotate the order
			j := jobs[i]
			if j.before != nil {
				j.before()
			}
			s, code, out := measure(dir, nil, j.args...)
			if j.after != nil {
				j.after()
			}
			if !contains(j.ok, code) {
				fatal(fmt.Errorf("%s: exit status %d\n%s", j.name, code, out))
			}
			samples[i] = append(samples[i], s)
		}
	}

	fmt.Println()
	fmt.Println("| command | wall (median) | × go vet (pairwise median) | peak RSS |")
	fmt.Println("| --- | --- | --- | --- |")
	for i, j := range jobs {
		var walls []time.Duration
		var ratios []float64
		var peak int64
		for r, s := range samples[i] {
			walls = append(walls, s.wall)
			ratios = append(ratios, s.wall.Seconds()/samples[0][r].wall.Seconds())
			peak = max(peak, s.maxRSS)
		}
		ratio := fmt.Sprintf("%.2f×", medianF(ratios))
		if i == 0 {
			ratio = "1.00×"
		}
		fmt.Printf("| `%s` | %.1f s | %s | %d MiB |\n", j.name, medianD(walls).Seconds(), ratio, peak>>20)
	}

	if *cold {
		fmt.Println()
		step("cold: go build, go vet of the packages the removal lists, and flagsweep remove, each with an empty build cache")
		jobs := []job{{name: "go build ./... (cold)", args: []string{"go", "build", "./..."}}}
		if listed := removalListing(dir, *bin, name); len(listed) > 0 {
			// go vet compiles the packages and their tests, as the
			// removal's listing (-export -test) has them compiled.
			jobs = append(jobs, job{name: fmt.Sprintf("go vet of the %d packages the removal lists (cold)", len(listed)), args: append([]string{"go", "vet"}, listed...)})
		}
		jobs = append(jobs, job{name: "flagsweep remove " + name + " (cold)", args: append([]string{*bin, "remove"}, strings.Fields(name)...)})
		for _, j := range jobs {
			cache, err := os.MkdirTemp("", "benchreal-cache-")
			if err != nil {
				fatal(err)
			}
			s, _, _ := measure(dir, []string{"GOCACHE=" + cache}, j.args...)
			fmt.Printf("| `%s` | %.1f s | | %d MiB |\n", j.name, s.wall.Seconds(), s.maxRSS>>20)
			// The go command marks cache files read-only.
			_ = exec.Command("chmod", "-R", "u+w", cache).Run()
			_ = os.RemoveAll(cache)
		}
	}
}

// removalListing returns the patterns a removal lists (see load.Tree),
// from its last "loading packages" step (FLAGSWEEP_PROGRESS=trace); nil
// when it listed the whole module.
func removalListing(dir, bin, name string) []string {
	cmd := exec.Command(bin, append([]string{"remove"}, strings.Fields(name)...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FLAGSWEEP_PROGRESS=trace")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	_ = cmd.Run() // exit 1: sites left for a human; the steps are there
	var last []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		_, rest, ok := strings.Cut(line, "loading packages (go list -export ")
		if !ok {
			continue
		}
		last = strings.Fields(strings.TrimSuffix(rest, ")"))
	}
	if len(last) == 1 && last[0] == "./..." {
		return nil
	}
	return last
}

// measure runs a command and returns its wall time and its children's
// peak resident set.
func measure(dir string, env []string, args ...string) (sample, int, string) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "FLAGSWEEP_PROGRESS=never")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			fatal(err)
		}
		code = ee.ExitCode()
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) << 10 // kilobytes on Linux
	}
	tail := out.String()
	if len(tail) > 2000 {
		tail = "…" + tail[len(tail)-2000:]
	}
	return sample{wall: wall, maxRSS: rss}, code, tail
}

func run(dir string, env []string, args ...string) int {
	_, code, _ := measure(dir, env, args...)
	return code
}

func mustRun(dir string, env []string, args ...string) {
	if _, code, out := measure(dir, env, args...); code != 0 {
		fatal(fmt.Errorf("%s: exit status %d\n%s", strings.Join(args, " "), code, out))
	}
}

// pickFlag returns the first flag ready for removal, or else the first
// with references, forced true.
func pickFlag(dir, bin string) string {
	cmd := exec.Command(bin, "list", "--json")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		fatal(fmt.Errorf("flagsweep list --json: %v", err))
	}
	var flags []struct {
		Name       string `json:"name"`
		Ready      bool   `json:"ready"`
		References []any  `json:"references"`
	}
	if err := json.Unmarshal(out, &flags); err != nil {
		fatal(fmt.Errorf("flagsweep list --json: %v", err))
	}
	for _, f := range flags {
		if f.Ready && len(f.References) > 0 {
			return f.Name
		}
	}
	for _, f := range flags {
		if len(f.References) > 0 {
			return f.Name + "=true"
		}
	}
	fatal(fmt.Errorf("no flag of %s has references: pass -flag", dir))
	return ""
}

// editTarget returns a non-test Go file that names the flag (so that the
// edited package is one flagsweep analyses), or else the first Go file of
// the module outside testdata and vendor.
func editTarget(dir, bin, name string) string {
	key, _, _ := strings.Cut(name, "=")
	var first, naming string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if naming != "" {
			return filepath.SkipAll
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", "vendor", ".git", "node_modules":
				return filepath.SkipDir
			}
			if path != dir {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if first == "" {
			first = path
		}
		if src, err := os.ReadFile(path); err == nil && bytes.Contains(src, []byte(key)) {
			naming = path
		}
		return nil
	})
	if naming != "" {
		return naming
	}
	if first == "" {
		fatal(fmt.Errorf("no Go file in %s", dir))
	}
	return first
}

// describe names the checkout: its module path and git revision.
func describe(dir string) string {
	mod := ""
	if src, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
		for _, l := range strings.Split(string(src), "\n") {
			if m, ok := strings.CutPrefix(l, "module "); ok {
				mod = strings.TrimSpace(m)
				break
			}
		}
	}
	cmd := exec.Command("git", "describe", "--tags", "--always", "--dirty")
	cmd.Dir = dir
	rev, _ := cmd.Output()
	goVersion, _ := exec.Command("go", "env", "GOVERSION").Output()
	return mod + " " + strings.TrimSpace(string(rev)) + ", " + strings.TrimSpace(string(goVersion))
}

func version(bin string) string {
	out, _ := exec.Command(bin, "version").Output()
	return strings.TrimSpace(string(out))
}

func step(s string) { fmt.Fprintf(os.Stderr, "benchreal: %s\n", s) }

func contains(codes []int, c int) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}

func medianD(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func medianF(fs []float64) float64 {
	s := append([]float64(nil), fs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// onExit undoes the one-file edit when the run stops early.
var onExit = func() {}

func fatal(err error) {
	onExit()
	fmt.Fprintln(os.Stderr, "benchreal:", err)
	os.Exit(2)
}
