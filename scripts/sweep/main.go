// Command sweep removes every flag of a real project in turn, each from
// the clean tree, and checks that what flagsweep wrote builds, vets and
// (with -tests) passes the tests of the packages it changed.
//
//	go run ./scripts/sweep [-flagsweep PATH] [-tests] [-only NAME,...] [-limit N] [-logs DIR] DIR
//
// DIR is a clean git checkout (its .flagsweep.yaml committed) whose
// directory is the project root and a Go module root. The checkout itself
// is never touched: sweep adds a detached worktree of HEAD in a temporary
// directory, runs `flagsweep list --json` there, and for each flag — a
// ready one with its final value, any other once with true and once with
// false — resets the worktree, runs `flagsweep remove NAME[=V] --write
// --json`, and, when it exited 0 or 1, runs `go build ./...` and `go vet`
// over the packages of the changed files and their direct importers
// (tests included), plus `go test` of the changed packages with -tests.
//
// flagsweep promises that what remove writes builds; so a result of exit 0
// or 1 that does not build, vet or test (where the clean tree passes), a
// crash, a write on exit 2, a report that disagrees with what was written,
// or a gofmt-clean file left unformatted is a bug. sweep prints one line per
// flag and value, a summary, and the directory of logs (a diff of every
// failing result among them), and exits 1 when it found a bug.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type listedFlag struct {
	Name    string `json:"name"`
	Ready   bool   `json:"ready"`
	Value   *bool  `json:"value"`
	Default bool   `json:"default_enabled"`
	Verdict string `json:"verdict"`
}

type removeReport struct {
	Written bool `json:"written"`
	Files   []struct {
		Path   string `json:"path"`
		Status string `json:"status"`
	} `json:"files"`
	Sites []struct {
		Kind   string `json:"kind"`
		Status string `json:"status"`
		File   string `json:"file"`
	} `json:"sites"`
	// Linked are the other modules of the repository the removal
	// rewrote, relative to the project, with the packages to check there.
	Linked []struct {
		Dir      string   `json:"dir"`
		Packages []string `json:"packages"`
	} `json:"linked"`
}

type pkgInfo struct {
	ImportPath   string
	Dir          string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// outcome is one removal's result; kind is its summary category.
type outcome struct {
	label                 string
	exit                  int
	build, vet, test, fmt string
	files, refused, tests int
	secs                  float64
	kind                  string
	note                  string
}

// Categories, in the summary's order; those in bugKinds are flagsweep bugs.
var kinds = []string{"ok", "refused", "sited", "default", "build", "vet", "test", "fmt", "named", "report", "crash", "error"}

var kindNames = map[string]string{
	"ok": "ok (exit 0)", "refused": "refused (exit 1)", "sited": "refused, tests fail where sites were left", "build": "failed to build",
	"default": "against the default, tests relying on it fail",
	"vet":     "failed vet", "test": "failed tests", "fmt": "left unformatted",
	"named":  "exit 0 but Go code still names the flag's key",
	"report": "report disagrees with the tree", "crash": "flagsweep crashed or wrote on error",
	"error": "flagsweep error (exit 2)",
}

var bugKinds = map[string]bool{"build": true, "vet": true, "test": true, "fmt": true, "named": true, "report": true, "crash": true}

type sweeper struct {
	ctx          context.Context
	flagsweep    string
	repo         string // the checkout's top level
	prefix       string // DIR relative to repo
	work         string // temporary directory holding the worktrees
	tree         string // the worktree removals run in (its top level)
	logs         string
	tests        bool
	testTO       time.Duration
	removeTO     time.Duration
	vetImporters bool

	pkgs      map[string]*pkgInfo // by directory (absolute, in tree)
	importers map[string][]string // import path -> directly importing packages' paths, tests included
	byPath    map[string]*pkgInfo
	vetBase   map[string]bool // package -> its vet passes on the clean tree
	testBase  map[string]bool // package -> its tests pass on the clean tree
}

func main() {
	fs := flag.NewFlagSet("sweep", flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: sweep [-flagsweep PATH] [-tests] [-only NAME,...] [-limit N] [-logs DIR] DIR")
		fs.PrintDefaults()
	}
	bin := fs.String("flagsweep", "flagsweep", "the flagsweep `binary` to try")
	tests := fs.Bool("tests", false, "also run the tests of the packages each removal changed")
	only := fs.String("only", "", "comma-separated flag `names` to remove (default: every flag)")
	limit := fs.Int("limit", 0, "remove at most `N` flags (0: all)")
	logs := fs.String("logs", "", "`directory` for logs (default: a new temporary directory)")
	testTO := fs.Duration("test-timeout", 5*time.Minute, "timeout of each go test run")
	removeTO := fs.Duration("remove-timeout", 10*time.Minute, "timeout of each flagsweep remove")
	keep := fs.Bool("keep", false, "keep the worktree (printed) instead of removing it")
	vetScope := fs.String("vet", "importers", "what go vet checks after each removal: `importers` (the changed packages and their direct importers, tests included) or changed (the changed packages only: faster, the importers' tests are then checked only by flagsweep's own verification)")
	inplace := fs.Bool("inplace", false, "remove in DIR's checkout itself, reset to HEAD after each flag (reuses its build cache: Go keys it by directory)")
	fs.Parse(os.Args[1:])
	if fs.NArg() != 1 {
		fs.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *vetScope != "importers" && *vetScope != "changed" {
		fmt.Fprintln(os.Stderr, "sweep: -vet is importers or changed")
		os.Exit(2)
	}
	code, err := run(ctx, fs.Arg(0), *bin, *tests, *only, *limit, *logs, *testTO, *removeTO, *keep, *inplace, *vetScope == "importers")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func run(ctx context.Context, dir, bin string, tests bool, only string, limit int, logs string, testTO, removeTO time.Duration, keep, inplace, vetImporters bool) (int, error) {
	if strings.ContainsRune(bin, filepath.Separator) {
		abs, err := filepath.Abs(bin)
		if err != nil {
			return 0, err
		}
		bin = abs
	} else if p, err := exec.LookPath(bin); err != nil {
		return 0, fmt.Errorf("no flagsweep binary: %v (give -flagsweep PATH)", err)
	} else {
		bin = p
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return 0, err
	}
	top, err := output(ctx, dir, "git", "rev-parse", "--show-toplevel")
	if err != nil {
		return 0, fmt.Errorf("%s is not a git checkout: %v", dir, err)
	}
	top = strings.TrimSpace(top)
	if top, err = filepath.EvalSymlinks(top); err != nil {
		return 0, err
	}
	rdir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return 0, err
	}
	prefix, err := filepath.Rel(top, rdir)
	if err != nil {
		return 0, err
	}
	if st, err := output(ctx, top, "git", "status", "--porcelain"); err != nil {
		return 0, err
	} else if st != "" {
		return 0, fmt.Errorf("%s has uncommitted changes (commit the .flagsweep.yaml too: removals start from HEAD):\n%s", top, st)
	}
	work, err := os.MkdirTemp("", "sweep-")
	if err != nil {
		return 0, err
	}
	if logs == "" {
		logs = filepath.Join(work, "logs")
	}
	if logs, err = filepath.Abs(logs); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return 0, err
	}
	s := &sweeper{
		ctx: ctx, flagsweep: bin, repo: top, prefix: prefix, work: work,
		tree: filepath.Join(work, "tree"), logs: logs, tests: tests, testTO: testTO, removeTO: removeTO,
		vetBase: map[string]bool{}, testBase: map[string]bool{}, vetImporters: vetImporters,
	}
	if inplace {
		s.tree = top
	}
	defer func() {
		switch {
		case inplace:
			s.reset()
			return
		case keep:
			fmt.Printf("worktree kept in %s (remove it with git -C %s worktree remove)\n", s.tree, top)
			return
		}
		exec.Command("git", "-C", top, "worktree", "remove", "--force", s.tree).Run()
		exec.Command("git", "-C", top, "worktree", "prune").Run()
		if !strings.HasPrefix(logs, work+string(filepath.Separator)) {
			os.RemoveAll(work)
		}
	}()
	if !inplace {
		if _, err := output(ctx, top, "git", "worktree", "add", "--detach", "--quiet", s.tree, "HEAD"); err != nil {
			return 0, err
		}
	}
	fmt.Printf("sweep: %s at %s, flagsweep %s\nlogs: %s\n", dir, shortHead(ctx, top), bin, logs)

	flags, err := s.list()
	if err != nil {
		return 0, err
	}
	if only != "" {
		want := map[string]bool{}
		for _, n := range strings.Split(only, ",") {
			want[strings.TrimSpace(n)] = true
		}
		var kept []listedFlag
		for _, f := range flags {
			if want[f.Name] {
				kept = append(kept, f)
				delete(want, f.Name)
			}
		}
		for n := range want {
			return 0, fmt.Errorf("no flag %q in flagsweep list", n)
		}
		flags = kept
	}
	if limit > 0 && len(flags) > limit {
		flags = flags[:limit]
	}
	if err := s.baseline(); err != nil {
		return 0, err
	}

	var results []outcome
	for _, f := range flags {
		var args []string
		if f.Ready && f.Value != nil {
			args = []string{f.Name} // its final value, by the ready path
		} else {
			args = []string{f.Name + "=true", f.Name + "=false"}
		}
		for _, a := range args {
			if ctx.Err() != nil {
				break
			}
			label := a
			if !strings.Contains(a, "=") {
				label = fmt.Sprintf("%s=%v", a, *f.Value)
			}
			o := s.remove(a, label, !strings.HasSuffix(label, fmt.Sprintf("=%v", f.Default)))
			results = append(results, o)
			fmt.Println(o.line())
		}
	}
	return summarize(results, len(flags), logs), ctx.Err()
}

func (o outcome) line() string {
	l := fmt.Sprintf("%-50s exit=%d  build=%s  vet=%s  test=%s  files=%d  refused=%d  secs=%.0f",
		o.label, o.exit, o.build, o.vet, o.test, o.files, o.refused, o.secs)
	if o.tests > 0 {
		l += fmt.Sprintf("  tests-deleted=%d", o.tests)
	}
	if o.fmt == "FAIL" {
		l += "  fmt=FAIL"
	}
	if o.note != "" {
		l += "  # " + o.note
	}
	return l
}

func summarize(results []outcome, nflags int, logs string) int {
	count := map[string]int{}
	for _, o := range results {
		count[o.kind]++
	}
	fmt.Printf("\n%d removals of %d flags:\n", len(results), nflags)
	bugs := 0
	for _, k := range kinds {
		mark := ""
		if bugKinds[k] && count[k] > 0 {
			mark = "  <- bug"
			bugs += count[k]
		}
		fmt.Printf("  %-36s %4d%s\n", kindNames[k], count[k], mark)
	}
	if count["error"] > 0 {
		reasons := map[string]int{}
		for _, o := range results {
			if o.kind == "error" {
				reasons[o.note]++
			}
		}
		fmt.Println("flagsweep errors:")
		keys := make([]string, 0, len(reasons))
		for r := range reasons {
			keys = append(keys, r)
		}
		sort.Strings(keys)
		for _, r := range keys {
			fmt.Printf("  %3d  %s\n", reasons[r], r)
		}
	}
	fmt.Println("logs:", logs)
	if bugs > 0 {
		return 1
	}
	return 0
}

// list runs flagsweep list --json in the worktree.
func (s *sweeper) list() ([]listedFlag, error) {
	cmd := exec.CommandContext(s.ctx, s.flagsweep, "list", "--json")
	cmd.Dir = s.projectDir(s.tree)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("flagsweep list --json: %v\n%s", err, stderr.String())
	}
	var flags []listedFlag
	if err := json.Unmarshal(out, &flags); err != nil {
		return nil, fmt.Errorf("flagsweep list --json: %v", err)
	}
	if len(flags) == 0 {
		return nil, errors.New("flagsweep list found no flags: is the .flagsweep.yaml committed?")
	}
	return flags, nil
}

func (s *sweeper) projectDir(tree string) string { return filepath.Join(tree, s.prefix) }

// baseline checks the clean tree builds, records the package graph, and
// the packages whose vet already fails (they are not vetted after).
func (s *sweeper) baseline() error {
	dir := s.projectDir(s.tree)
	t := time.Now()
	if out, err := combined(s.ctx, dir, nil, "go", "build", "./..."); err != nil {
		return fmt.Errorf("the clean tree does not build:\n%s", out)
	}
	fmt.Printf("baseline: go build ./... %.0fs", time.Since(t).Seconds())
	t = time.Now()
	out, err := output(s.ctx, dir, "go", "list", "-e", "-json=ImportPath,Dir,Imports,TestImports,XTestImports", "./...")
	if err != nil {
		return fmt.Errorf("go list: %v", err)
	}
	s.pkgs, s.byPath, s.importers = map[string]*pkgInfo{}, map[string]*pkgInfo{}, map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		p := new(pkgInfo)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("go list: %v", err)
		}
		s.pkgs[p.Dir] = p
		s.byPath[p.ImportPath] = p
	}
	for _, p := range s.byPath {
		seen := map[string]bool{}
		for _, imps := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range imps {
				if _, ok := s.byPath[imp]; ok && !seen[imp] && imp != p.ImportPath {
					seen[imp] = true
					s.importers[imp] = append(s.importers[imp], p.ImportPath)
				}
			}
		}
	}
	fmt.Printf(", go list %.0fs, %d packages\n", time.Since(t).Seconds(), len(s.byPath))
	return nil
}

var (
	vetHeader = regexp.MustCompile(`(?m)^# (\S+)`)
	vetPos    = regexp.MustCompile(`(?m)^(\S+\.go):\d+:\d+: `)
)

// failingPackages reads the packages go vet's output names: in `# pkg`
// headers ("# pkg [pkg.test]" counts as pkg), or, when vet prints none
// (one package's findings), by the directory of each finding's file,
// relative to dir where vet ran.
func (s *sweeper) failingPackages(dir, out string) map[string]bool {
	m := map[string]bool{}
	for _, sub := range vetHeader.FindAllStringSubmatch(out, -1) {
		m[strings.TrimSuffix(sub[1], "_test")] = true
	}
	for _, sub := range vetPos.FindAllStringSubmatch(out, -1) {
		f := sub[1]
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
		}
		if p, ok := s.pkgs[filepath.Dir(f)]; ok {
			m[p.ImportPath] = true
		}
	}
	return m
}

// reset brings the worktree back to HEAD.
func (s *sweeper) reset() error {
	if _, err := output(s.ctx, s.tree, "git", "reset", "--quiet", "--hard", "HEAD"); err != nil {
		return err
	}
	_, err := output(s.ctx, s.tree, "git", "clean", "-fdq")
	return err
}

// flagName is the flag of a remove argument, NAME or NAME=V.
func flagName(arg string) string {
	name, _, _ := strings.Cut(arg, "=")
	return name
}

// stillNamed returns the Go files under dir, generated and vendored ones
// aside, that hold the flag's key as a whole string literal.
func (s *sweeper) stillNamed(dir, name string) string {
	// Vendored code is another module's, not the project's.
	out, _ := output(s.ctx, dir, "git", "grep", "-n", "-F", strconv.Quote(name), "--", "*.go", ":(exclude)vendor/**", ":(exclude)**/vendor/**")
	var files []string
	for _, line := range strings.Split(out, "\n") {
		f, text, ok := strings.Cut(line, ":")
		if !ok || slices.Contains(files, f) || testNameRE.MatchString(text) {
			continue // a test's name is a mention, as flagsweep's safety net says
		}
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || generatedRE.Match(data) {
			continue
		}
		files = append(files, f)
	}
	return strings.Join(files, " ")
}

// testNameRE matches a line naming a subtest or a Ginkgo node.
var testNameRE = regexp.MustCompile(`\.Run\(|\b(Describe|Context|When|It|Entry|DescribeTable)\(`)

var generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// remove runs one removal and checks its result.
//
// A removal against the flag's default (against tells) turns on code the
// tests ran without, unless they forced it: tests relying on the default
// without saying so then fail, which flagsweep names only for the table
// cases and maps that leave the flag out. Those failures are counted
// apart (default), not as bugs; the build and vet still must pass.
func (s *sweeper) remove(arg, label string, against bool) (o outcome) {
	start := time.Now()
	o = outcome{label: label, build: "-", vet: "-", test: "-", fmt: "-"}
	logdir := filepath.Join(s.logs, sanitize(label))
	os.MkdirAll(logdir, 0o755)
	save := func(name, text string) { os.WriteFile(filepath.Join(logdir, name), []byte(text), 0o644) }
	var phases []string
	last := start
	phase := func(name string) {
		phases = append(phases, fmt.Sprintf("%s %.1fs", name, time.Since(last).Seconds()))
		last = time.Now()
	}
	defer func() {
		o.secs = time.Since(start).Seconds()
		save("times.txt", strings.Join(phases, "\n")+"\n")
	}()
	if err := s.reset(); err != nil {
		o.kind, o.note = "crash", "could not reset the worktree: "+err.Error()
		return o
	}
	dir := s.projectDir(s.tree)

	ctx, cancel := context.WithTimeout(s.ctx, s.removeTO)
	cmd := exec.CommandContext(ctx, s.flagsweep, "remove", arg, "--write", "--json")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	cancel()
	phase("remove")
	save("remove.json", stdout.String())
	save("remove.stderr", stderr.String())
	o.exit = exitCode(err)
	status, _ := output(s.ctx, s.tree, "git", "status", "--porcelain", "-z", "--untracked-files=all")
	changed := porcelainPaths(status)

	if crash := crashed(stderr.String()); crash != "" || (o.exit != 0 && o.exit != 1 && o.exit != 2) {
		o.kind = "crash"
		o.note = firstLine(crash)
		if o.note == "" {
			o.note = fmt.Sprintf("exit %d: %s", o.exit, firstLine(stderr.String()))
		}
		return o
	}
	if o.exit == 2 {
		if len(changed) > 0 {
			o.kind, o.note = "crash", fmt.Sprintf("exit 2 but %d files changed", len(changed))
			s.saveDiff(logdir)
			return o
		}
		o.kind, o.note = "error", errorReason(stderr.String())
		return o
	}
	var rep removeReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		o.kind, o.note = "report", "the JSON report does not parse: "+err.Error()
		return o
	}
	o.files = len(rep.Files)
	var goFiles []string
	reported := map[string]bool{}
	for _, f := range rep.Files {
		p := filepath.ToSlash(filepath.Join(s.prefix, f.Path))
		reported[p] = true
		if strings.HasSuffix(f.Path, ".go") && f.Status != "deleted" {
			goFiles = append(goFiles, f.Path)
		}
	}
	for _, st := range rep.Sites {
		switch {
		case st.Status == "refused":
			o.refused++
		case st.Kind == "test-deleted":
			o.tests++
		}
	}
	var notes []string
	if !rep.Written {
		notes = append(notes, `"written": false after --write`)
	}
	if missing, extra := diffSets(reported, changed); len(missing)+len(extra) > 0 {
		notes = append(notes, fmt.Sprintf("reported but unchanged: %v; changed but unreported: %v", missing, extra))
	}
	if (o.exit == 1) != (o.refused > 0) {
		notes = append(notes, fmt.Sprintf("exit %d with %d refused sites", o.exit, o.refused))
	}
	if len(notes) > 0 {
		o.kind, o.note = "report", strings.Join(notes, "; ")
	}

	// gofmt: a file that was gofmt-clean stays clean.
	o.fmt = "ok"
	if len(goFiles) > 0 {
		if out, _ := output(s.ctx, dir, "gofmt", append([]string{"-l"}, goFiles...)...); out != "" {
			for _, f := range strings.Fields(out) {
				old, err := output(s.ctx, s.tree, "git", "show", "HEAD:"+filepath.ToSlash(filepath.Join(s.prefix, f)))
				if err != nil {
					continue // a new file
				}
				c := exec.CommandContext(s.ctx, "gofmt", "-l")
				c.Stdin = strings.NewReader(old)
				if was, _ := c.Output(); len(was) == 0 {
					o.fmt = "FAIL"
					notes = append(notes, "gofmt would change "+f)
				}
			}
		}
	}

	// go build ./...
	buildOut, err := combined(s.ctx, dir, nil, "go", "build", "./...")
	save("build.log", buildOut)
	o.build = okFail(err)
	phase("build")

	// go vet of the changed packages and their direct importers (tests
	// included): a package unchanged that still compiles exports the
	// same, so its importers need no look.
	changedPkgs := s.changedPackages(dir, rep)
	var vetPkgs []string
	seen := map[string]bool{}
	for _, p := range changedPkgs {
		scope := []string{p}
		if s.vetImporters {
			scope = append(scope, s.importers[p]...)
		}
		for _, q := range scope {
			if !seen[q] && s.exists(q) {
				seen[q] = true
				vetPkgs = append(vetPkgs, q)
			}
		}
	}
	sort.Strings(vetPkgs)
	o.vet = "ok"
	var vetOut string
	var vetFailed []string // candidates: failures on the clean tree do not count
	if len(vetPkgs) > 0 {
		out, err := combined(s.ctx, dir, nil, "go", append([]string{"vet"}, vetPkgs...)...)
		vetOut = out
		save("vet.log", fmt.Sprintf("# go vet of %d packages: %s\n%s", len(vetPkgs), strings.Join(vetPkgs, " "), out))
		if err != nil {
			for p := range s.failingPackages(dir, out) {
				vetFailed = append(vetFailed, p)
			}
			sort.Strings(vetFailed)
			if len(vetFailed) == 0 {
				o.vet = "FAIL" // not a package's finding: a load error
			}
		}
	}

	phase("vet")

	// go test of the changed packages.
	o.test = "skip"
	var testFailed []string
	if s.tests && o.build == "ok" {
		var testPkgs []string
		for _, p := range changedPkgs {
			if s.exists(p) {
				testPkgs = append(testPkgs, p)
			}
		}
		o.test = "ok"
		if len(testPkgs) > 0 {
			out, _ := combined(s.ctx, dir, nil, "go", append([]string{"test", "-timeout", s.testTO.String()}, testPkgs...)...)
			save("test.log", out)
			testFailed = testFailures(out, testPkgs)
		}
		phase("test")
	}

	// The other modules the removal rewrote (they build against this
	// one): built, their reported packages vetted and tested, each in
	// its directory.
	pkgDir := make(map[string]string)
	for _, p := range vetFailed {
		pkgDir[p] = dir
	}
	for _, p := range testFailed {
		pkgDir[p] = dir
	}
	for _, l := range rep.Linked {
		ldir := filepath.Join(dir, filepath.FromSlash(l.Dir))
		out, err := combined(s.ctx, ldir, nil, "go", "build", "./...")
		save("build.log", buildOut+"\n# "+l.Dir+"\n"+out)
		if err != nil {
			o.build, buildOut = "FAIL", out
		}
		if len(l.Packages) == 0 {
			continue
		}
		out, err = combined(s.ctx, ldir, nil, "go", append([]string{"vet"}, l.Packages...)...)
		save("vet-"+sanitize(l.Dir)+".log", out)
		if err != nil {
			vetOut += out
			failing := s.failingPackages(ldir, out)
			if len(failing) == 0 {
				o.vet = "FAIL"
			}
			for p := range failing {
				vetFailed = append(vetFailed, p)
				pkgDir[p] = ldir
			}
		}
		if s.tests && o.build == "ok" {
			out, _ := combined(s.ctx, ldir, nil, "go", append([]string{"test", "-timeout", s.testTO.String()}, l.Packages...)...)
			save("test-"+sanitize(l.Dir)+".log", out)
			for _, p := range testFailures(out, l.Packages) {
				testFailed = append(testFailed, p)
				pkgDir[p] = ldir
			}
		}
	}
	if len(rep.Linked) > 0 {
		phase("linked modules")
	}

	// What still names the flag, read before the clean-tree runs below
	// reset the tree (read after, it was the clean tree's).
	named := ""
	if o.exit == 0 {
		named = s.stillNamed(dir, flagName(arg))
	}

	// Failures count only where the clean tree passes: keep the change,
	// then ask the clean tree (this one, reset).
	if len(vetFailed)+len(testFailed) > 0 || o.build == "FAIL" || o.vet == "FAIL" {
		s.saveDiff(logdir)
	}
	var vetBroken, testBroken []string
	for _, p := range vetFailed {
		if s.passesOnBase(s.vetBase, pkgDir[p], p, "vet") {
			vetBroken = append(vetBroken, p)
		}
	}
	for _, p := range testFailed {
		if s.passesOnBase(s.testBase, pkgDir[p], p, "test", "-timeout", s.testTO.String()) {
			testBroken = append(testBroken, p)
		}
	}
	if len(vetBroken) > 0 {
		o.vet = "FAIL"
		notes = append(notes, "vet fails: "+strings.Join(vetBroken, " "))
	} else if len(vetFailed) > 0 && o.vet != "FAIL" {
		notes = append(notes, "vet fails on the clean tree too: "+strings.Join(vetFailed, " "))
	}
	sited := o.exit == 1 && len(testBroken) > 0
	for _, p := range testBroken {
		sited = sited && s.holdsRefusedSite(dir, p, rep)
	}
	if sited {
		// The removal said it was not done, and named a site in
		// each package whose tests fail (a test forcing the flag
		// through its configuration key, test data giving it): the
		// failures are what it left for a human, not a bug.
		o.test = "left"
		notes = append(notes, "tests fail where sites were left: "+strings.Join(testBroken, " "))
	} else if len(testBroken) > 0 {
		o.test = "FAIL"
		notes = append(notes, "tests fail: "+strings.Join(testBroken, " "))
	} else if len(testFailed) > 0 {
		notes = append(notes, "tests fail on the clean tree too: "+strings.Join(testFailed, " "))
	}

	switch {
	case o.build == "FAIL":
		o.kind = "build"
		notes = append(notes, firstErrors(buildOut, 2))
	case o.vet == "FAIL":
		o.kind = "vet"
		notes = append(notes, firstErrors(vetOut, 2))
	case o.test == "FAIL" && against:
		o.kind = "default"
	case o.test == "FAIL":
		o.kind = "test"
	case o.fmt == "FAIL":
		o.kind = "fmt"
	case o.kind != "":
		// a report mismatch, noted above
	case o.test == "left":
		o.kind = "sited"
	case o.exit == 1:
		o.kind = "refused"
	case named != "":
		// exit 0 promises that no Go code names the flag any more.
		o.kind = "named"
		notes = append(notes, "still named in "+named)
	default:
		o.kind = "ok"
	}
	o.note = strings.Join(notes, "; ")
	if o.kind == "report" || o.kind == "fmt" {
		s.saveDiff(logdir)
	}
	return o
}

// changedPackages returns the import paths of the packages holding the
// report's Go files (deleted ones too: their package lost them).
func (s *sweeper) changedPackages(dir string, rep removeReport) []string {
	var pkgs []string
	for _, f := range rep.Files {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		d := filepath.Dir(filepath.Join(dir, f.Path))
		if p, ok := s.pkgs[d]; ok && !slices.Contains(pkgs, p.ImportPath) {
			pkgs = append(pkgs, p.ImportPath)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}

// holdsRefusedSite reports whether a site the removal left for a human
// lies in the package's directory or its testdata.
func (s *sweeper) holdsRefusedSite(dir, pkg string, rep removeReport) bool {
	p := s.byPath[pkg]
	if p == nil {
		return false
	}
	for _, st := range rep.Sites {
		if st.Status != "refused" || st.File == "" {
			continue
		}
		rel, err := filepath.Rel(p.Dir, filepath.Dir(filepath.Join(dir, st.File)))
		if err == nil && (rel == "." || rel == "testdata" || strings.HasPrefix(rel, "testdata"+string(filepath.Separator))) {
			return true
		}
	}
	return false
}

// exists tells whether a package of the clean tree still has Go files.
func (s *sweeper) exists(path string) bool {
	p := s.byPath[path]
	if p == nil {
		return false
	}
	m, _ := filepath.Glob(filepath.Join(p.Dir, "*.go"))
	return len(m) > 0
}

// passesOnBase runs go vet or go test of a package on the clean tree,
// once per package: it resets the tree.
func (s *sweeper) passesOnBase(memo map[string]bool, dir, pkg string, args ...string) bool {
	if ok, done := memo[pkg]; done {
		return ok
	}
	if err := s.reset(); err != nil {
		return false
	}
	_, err := combined(s.ctx, dir, nil, "go", append(args, pkg)...)
	memo[pkg] = err == nil
	return err == nil
}

// saveDiff keeps the worktree's change as a patch.
func (s *sweeper) saveDiff(logdir string) {
	output(s.ctx, s.tree, "git", "add", "-A")
	d, _ := output(s.ctx, s.tree, "git", "diff", "--cached")
	os.WriteFile(filepath.Join(logdir, "diff.patch"), []byte(d), 0o644)
}

var testLine = regexp.MustCompile(`(?m)^(ok|FAIL|---|\?)\s+(\S+)`)

// testFailures reads go test's summary lines: the packages not ok.
func testFailures(out string, pkgs []string) []string {
	ok := map[string]bool{}
	for _, m := range testLine.FindAllStringSubmatch(out, -1) {
		if m[1] == "ok" || m[1] == "?" {
			ok[m[2]] = true
		}
	}
	var failed []string
	for _, p := range pkgs {
		if !ok[p] {
			failed = append(failed, p)
		}
	}
	return failed
}

func diffSets(reported, changed map[string]bool) (missing, extra []string) {
	for p := range reported {
		if !changed[p] {
			missing = append(missing, p)
		}
	}
	for p := range changed {
		if !reported[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

// porcelainPaths reads `git status --porcelain -z`.
func porcelainPaths(z string) map[string]bool {
	m := map[string]bool{}
	entries := strings.Split(z, "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		m[e[3:]] = true
		if e[0] == 'R' || e[0] == 'C' {
			i++ // the rename's source follows
		}
	}
	return m
}

func crashed(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "WARNING: DATA RACE") {
			return l
		}
	}
	return ""
}

// errorReason condenses an exit 2's standard error to one line, without
// positions, so that like errors group in the summary.
func errorReason(stderr string) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "warning:") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "no message"
	}
	r := lines[0]
	if strings.HasSuffix(r, "nothing was written:") && len(lines) > 1 {
		r += " " + lines[1]
	}
	r = regexp.MustCompile(`\S+\.go:\d+(:\d+)?`).ReplaceAllString(r, "FILE")
	if len(r) > 200 {
		r = r[:200] + "…"
	}
	return r
}

// firstErrors returns the first n error lines of build or vet output.
func firstErrors(out string, n int) string {
	var errs []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		errs = append(errs, strings.TrimSpace(l))
		if len(errs) == n {
			break
		}
	}
	return strings.Join(errs, " | ")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func okFail(err error) string {
	if err != nil {
		return "FAIL"
	}
	return "ok"
}

func exitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	default:
		return -1
	}
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == os.PathSeparator {
			return '_'
		}
		return r
	}, s)
}

func shortHead(ctx context.Context, dir string) string {
	out, _ := output(ctx, dir, "git", "describe", "--tags", "--always")
	return strings.TrimSpace(out)
}

func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

func combined(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
