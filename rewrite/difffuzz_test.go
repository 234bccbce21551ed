package rewrite

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/txtar"
)

// The differential fuzzer, at scale. One check is a batch (see
// difffuzz_gen_test.go): a module of many generated programs, built and
// run once with every flag forced to the value it is removed as, then
// removed with one Remove call, written, built, vetted and run again. Each
// program's output is compared with its own output before. What can go
// wrong, per program:
//
//   - divergence: its output changed;
//   - build: the written module does not build or vet — always a bug,
//     since what remove writes must build whatever it refused;
//   - removal error: Remove failed (a result that does not type-check is
//     refused as a whole, which is sound but still a bug here);
//   - leftover: Go code still names a flag of which no site was refused;
//   - gofmt: a gofmt-clean file is not after the removal.
//
// A refused site needs no exclusion: the feature library answers every
// check with the forced value (FEATURE_FORCE), so code left for a human
// behaves as before and is compared like the rest.
//
// A failure is attributed to the programs whose files its messages name;
// one that names none (or several) is reduced by rerunning subsets. Each
// program found is written out as a module of its own, a golden-case
// candidate, under -difffuzz.out.

var (
	diffDuration = flag.Duration("difffuzz.duration", 0, "TestDifferentialScale: check generated batches for this long (0: skip)")
	diffSize     = flag.Int("difffuzz.size", 400, "programs per batch in TestDifferentialScale and fuzzing")
	diffPerPkg   = flag.Int("difffuzz.perpkg", 50, "programs per package")
	diffParallel = flag.Int("difffuzz.parallel", 2, "batches checked at once in TestDifferentialScale")
	diffStart    = flag.Uint64("difffuzz.seed", 0, "the first batch seed of TestDifferentialScale (0: from the clock)")
	diffShow     = flag.String("difffuzz.show", "", "TestDifferentialShow: SEED:K,K… — print those programs after the removal")
	diffOut      = flag.String("difffuzz.out", "", "where to write reproducers (default: a temporary directory, kept)")
)

// A failure is one thing wrong with some programs of a batch.
type failure struct {
	kind  string // divergence, build, removal, leftover, gofmt
	progs []int  // the programs it was attributed to; nil: not attributed
	text  string
}

// A checkResult is what one batch run found.
type checkResult struct {
	compared int // programs whose outputs were compared
	refused  int // refused sites
	failures []failure
	elapsed  map[string]time.Duration
}

// diffEnv is the go command's environment for the fuzzer's modules: no
// network, no toolchain switch, and gocache when set.
func diffEnv(gocache string) []string {
	// Every go command (the removal's `go list -export` too) compiles
	// without optimisation, which halves the compile time that dominates a
	// batch and changes no behaviour; the flags being the same everywhere,
	// each package is compiled once for the build, the loading and vet.
	env := append(os.Environ(), `GOFLAGS=-mod=mod "-gcflags=all=-N -l" "-ldflags=-s -w"`, "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	if gocache != "" {
		env = append(env, "GOCACHE="+gocache)
	}
	return env
}

var progFile = regexp.MustCompile(`p\d+/prog(\d+)\.go`)

// namedProgs are the programs whose files text names.
func namedProgs(text string) []int {
	var ks []int
	for _, m := range progFile.FindAllStringSubmatch(text, -1) {
		k, _ := strconv.Atoi(m[1])
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	sort.Ints(ks)
	return ks
}

// outputs splits a run's output by program.
func outputs(out string) map[int]string {
	m := make(map[int]string)
	k := -1
	for _, line := range strings.SplitAfter(out, "\n") {
		if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "#"))); err == nil && strings.HasPrefix(line, "#") {
			k = n
			m[k] = ""
			continue
		}
		m[k] += line
	}
	return m
}

// goCmd runs the go command in dir.
func goCmd(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// buildRun builds the module in dir and runs it with the batch's flags
// forced.
func buildRun(dir string, env []string, b batch, name string) (string, error) {
	bin := filepath.Join(dir, name)
	if out, err := goCmd(dir, env, "build", "-o", bin, "."); err != nil {
		return out, err
	}
	defer os.Remove(bin)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "FEATURE_FORCE="+b.force())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("running %s: %w", name, err)
	}
	return string(out), nil
}

// cpuTime is the CPU time this process and its finished children used:
// on a machine others share, throughput is programs per CPU second.
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	var total time.Duration
	for _, ru := range []syscall.Rusage{self, children} {
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

var errInfra = errors.New("the generated module does not build before the removal: a generator bug")

// check runs one batch in a new directory under work. An error is the
// harness's own failure, not the removal's.
func check(work string, b batch, env []string) (*checkResult, error) {
	res := &checkResult{elapsed: make(map[string]time.Duration)}
	lap, lapCPU := time.Now(), cpuTime()
	mark := func(step string) {
		res.elapsed[step] += time.Since(lap)
		res.elapsed[step+" cpu"] += cpuTime() - lapCPU
		lap, lapCPU = time.Now(), cpuTime()
	}
	dir, err := os.MkdirTemp(work, "batch")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files := b.files()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	mark("generate")
	before, err := buildRun(dir, env, b, "before")
	if err != nil {
		return nil, fmt.Errorf("%w: %v\n%s", errInfra, err, before)
	}
	mark("build+run before")

	ctx := context.Background()
	p, err := project.Open(ctx, project.Options{Dir: dir, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return nil, fmt.Errorf("opening the project: %w", err)
	}
	removed, err := Remove(ctx, Options{Project: p, Targets: b.targets(), Env: env})
	mark("remove")
	if err != nil {
		res.failures = append(res.failures, failure{kind: "removal", progs: namedProgs(err.Error()), text: err.Error()})
		return res, nil
	}
	if err := removed.Write(); err != nil {
		return nil, fmt.Errorf("writing: %w", err)
	}
	refusedFlags := make(map[string]bool)
	for _, s := range removed.Sites {
		if s.Status == "refused" {
			res.refused++
			refusedFlags[s.Flag] = true
		}
	}
	for _, fc := range removed.Files {
		if !fc.Deleted && strings.HasSuffix(fc.Path, ".go") {
			if clean, err := format.Source(fc.Old); err == nil && bytes.Equal(clean, fc.Old) {
				if out, err := format.Source(fc.New); err != nil || !bytes.Equal(out, fc.New) {
					res.failures = append(res.failures, failure{kind: "gofmt", progs: namedProgs(fc.Path), text: fc.Path + " was gofmt-clean and is not after the removal"})
				}
			}
		}
	}
	mark("write")

	after, err := buildRun(dir, env, b, "after")
	if err != nil {
		res.failures = append(res.failures, perProgram("build", "go build: "+err.Error(), after)...)
		return res, nil
	}
	mark("build+run after")
	if out, err := goCmd(dir, env, "vet", "./..."); err != nil {
		if diags := newVetDiagnostics(work, b, env, out); diags != "" {
			res.failures = append(res.failures, perProgram("build", "go vet: "+err.Error(), diags)...)
		}
	}
	mark("vet")

	was, is := outputs(before), outputs(after)
	for _, k := range b.progs {
		res.compared++
		if was[k] != is[k] {
			res.failures = append(res.failures, failure{kind: "divergence", progs: []int{k},
				text: fmt.Sprintf("program %d's output changed:\n--- before\n%s--- after\n%s", k, was[k], is[k])})
		}
	}
	if was[-1] != is[-1] {
		res.failures = append(res.failures, failure{kind: "divergence", text: "output outside the programs changed:\n" + was[-1] + "\n---\n" + is[-1]})
	}

	// The safety net: no Go code names a flag none of whose sites was
	// refused.
	for _, t := range b.targets() {
		if refusedFlags[t.Name] {
			continue
		}
		i := strings.TrimPrefix(t.Name, "fz")
		names := regexp.MustCompile(`"` + t.Name + `"|\b(FZ|Key)` + i + `\b`)
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			data, _ := os.ReadFile(path)
			if names.Match(data) {
				rel, _ := filepath.Rel(dir, path)
				res.failures = append(res.failures, failure{kind: "leftover", progs: namedProgs(filepath.ToSlash(rel)),
					text: fmt.Sprintf("%s still names %s, and no site of it was refused", rel, t.Name)})
			}
			return nil
		})
	}
	mark("compare")
	return res, nil
}

var vetDiagnostic = regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: .*$`)

// newVetDiagnostics are the lines of the written module's vet output
// that are not in programs vet rejected before the removal (the generator
// avoids what vet rejects, but not always): those are the removal's. Vet
// runs on the original only when the result fails it, which is rare.
func newVetDiagnostics(work string, b batch, env []string, out string) string {
	diags := vetDiagnostic.FindAllString(out, -1)
	if len(diags) == 0 {
		return out // not a diagnostic: a failure of its own
	}
	orig, err := os.MkdirTemp(work, "orig")
	if err != nil {
		return out
	}
	defer os.RemoveAll(orig)
	for name, content := range b.files() {
		p := filepath.Join(orig, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	var pkgs []string
	for _, d := range diags {
		if pkg := "./" + filepath.Dir(d[:strings.Index(d, ":")]); !slices.Contains(pkgs, pkg) {
			pkgs = append(pkgs, pkg)
		}
	}
	before, _ := goCmd(orig, env, append([]string{"vet"}, pkgs...)...)
	bad := namedProgs(before)
	var fresh []string
	for _, d := range diags {
		if ks := namedProgs(d); len(ks) == 1 && slices.Contains(bad, ks[0]) {
			continue
		}
		fresh = append(fresh, d)
	}
	return strings.Join(fresh, "\n")
}

// perProgram splits the go command's output into one failure per program
// its diagnostics name (and one for the rest, if any): each is reduced
// alone, from that program alone.
func perProgram(kind, head, out string) []failure {
	byProg := make(map[int][]string)
	var rest []string
	for _, line := range strings.Split(out, "\n") {
		if !vetDiagnostic.MatchString(line) {
			continue
		}
		if ks := namedProgs(line); len(ks) == 1 {
			byProg[ks[0]] = append(byProg[ks[0]], line)
		} else {
			rest = append(rest, line)
		}
	}
	var fs []failure
	for k, lines := range byProg {
		fs = append(fs, failure{kind: kind, progs: []int{k}, text: head + "\n" + strings.Join(lines, "\n")})
	}
	if len(rest) > 0 || len(byProg) == 0 {
		fs = append(fs, failure{kind: kind, text: head + "\n" + out})
	}
	sort.Slice(fs, func(i, j int) bool { return fmt.Sprint(fs[i].progs) < fmt.Sprint(fs[j].progs) })
	return fs
}

// A finding is one failure reduced to the programs that cause it.
type finding struct {
	kind  string
	batch batch
	text  string
}

// fails reports the first failure of class when b is checked, if any.
func fails(work string, b batch, env []string, class string) (*failure, error) {
	res, err := check(work, b, env)
	if err != nil {
		return nil, err
	}
	for i := range res.failures {
		if res.failures[i].class() == class {
			return &res.failures[i], nil
		}
	}
	return nil, nil
}

// reduce finds a small subset of b's programs that still fails alike:
// first the programs the failure names, alone; else halves, then one
// program at a time left out. It gives up (returning b) after budget
// checks.
func reduce(work string, b batch, env []string, f failure, budget int) (batch, *failure) {
	try := func(progs []int) *failure {
		if budget <= 0 || len(progs) == 0 {
			return nil
		}
		budget--
		sub := b
		sub.progs = progs
		got, err := fails(work, sub, env, f.class())
		if err != nil {
			return nil
		}
		return got
	}
	cur := f
	if len(f.progs) > 0 && len(f.progs) < len(b.progs) {
		if got := try(f.progs); got != nil {
			b.progs, cur = f.progs, *got
		}
	}
	for len(b.progs) > 1 && budget > 0 {
		half := len(b.progs) / 2
		if got := try(b.progs[:half]); got != nil {
			b.progs, cur = b.progs[:half], *got
			continue
		}
		if got := try(b.progs[half:]); got != nil {
			b.progs, cur = b.progs[half:], *got
			continue
		}
		break
	}
	for i := 0; i < len(b.progs) && len(b.progs) > 1 && budget > 0; {
		rest := slices.Delete(slices.Clone(b.progs), i, i+1)
		if got := try(rest); got != nil {
			b.progs, cur = rest, *got
			continue
		}
		i++
	}
	return b, &cur
}

// reproducer writes b's module as a txtar archive in the golden cases'
// format (its comment says what to remove) and returns its path.
func reproducer(dir string, fd finding) string {
	files := fd.batch.files()
	var names []string
	for name := range files {
		if name != "go.mod" && name != "VERSION" && !strings.HasPrefix(name, "config/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var remove []string
	for _, t := range fd.batch.targets() {
		remove = append(remove, fmt.Sprintf("%s=%t", t.Name, t.Value))
	}
	ar := &txtar.Archive{Comment: []byte(fmt.Sprintf(
		"difffuzz: %s, seed %d, programs %v, %d per package.\nRun with FEATURE_FORCE=%s before the removal.\n%s\nremove: %s\n",
		fd.kind, fd.batch.seed, fd.batch.progs, fd.batch.perPkg, fd.batch.force(), indent(fd.text), strings.Join(remove, " ")))}
	for _, name := range names {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(files[name])})
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%d-%v.txtar", fd.kind, fd.batch.seed, strings.Trim(strings.ReplaceAll(fmt.Sprint(fd.batch.progs), " ", "_"), "[]")))
	os.WriteFile(path, txtar.Format(ar), 0o644)
	return path
}

func indent(s string) string {
	if len(s) > 4000 {
		s = s[:4000] + "…"
	}
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// privateCache is a build cache for long runs: every batch compiles
// hundreds of packages nobody will build again, which would grow the
// user's cache by gigabytes an hour. Entries older than the first batch
// (the standard library) are kept; later ones are swept after each batch.
type privateCache struct {
	dir  string
	mu   sync.Mutex
	keep map[string]bool
}

func (c *privateCache) snapshot() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keep = make(map[string]bool)
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			c.keep[path] = true
		}
		return nil
	})
}

// sweep deletes what batches added more than a few minutes ago: a batch
// running now may still need what it added itself.
func (c *privateCache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := time.Now().Add(-3 * time.Minute)
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || c.keep[path] || filepath.Base(path) == "README" {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(old) {
			os.Remove(path)
		}
		return nil
	})
}

// class names a failure's kind of cause, so that a run reduces only the
// first few failures of each: "build: redundant and".
func (f failure) class() string {
	msg := f.text
	if m := vetDiagnostic.FindString(msg); m != "" {
		msg = m[strings.Index(m, ": ")+2:]
	}
	msg, _, _ = strings.Cut(msg, ":")
	msg, _, _ = strings.Cut(msg, "\n")
	return f.kind + ": " + digits.ReplaceAllString(strings.TrimSpace(msg), "N")
}

var digits = regexp.MustCompile(`\d+`)

// A reducer decides which failures are reduced: reducing costs up to
// budget checks of small batches, and a run that hits one bug a hundred
// times needs it reduced once or twice.
type reducer struct {
	mu     sync.Mutex
	seen   map[string]int
	perKey int
}

func (r *reducer) take(class string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = make(map[string]int)
	}
	r.seen[class]++
	return r.seen[class] <= r.perKey
}

// runBatch checks b. When the removal fails or its result does not build,
// nothing is compared, so the batch is checked again without the
// programs the failure names (twice at most). Failures the reducer takes
// are reduced to the programs that cause them.
func runBatch(t testing.TB, work string, b batch, env []string, red *reducer) (*checkResult, []finding) {
	total := &checkResult{elapsed: make(map[string]time.Duration)}
	var found []finding
	cur := b
	for attempt := 0; attempt < 3; attempt++ {
		res, err := check(work, cur, env)
		if err != nil {
			// Errorf, not Fatalf: this may run on a goroutine of
			// TestDifferentialScale's own.
			t.Errorf("batch seed %d: %v", cur.seed, err)
			return nil, found
		}
		total.compared += res.compared
		total.refused += res.refused
		for step, d := range res.elapsed {
			total.elapsed[step] += d
		}
		var drop []int
		retry := false
		for _, f := range res.failures {
			total.failures = append(total.failures, f)
			if f.kind == "build" || f.kind == "removal" {
				retry = true
				drop = append(drop, f.progs...)
			}
			if !red.take(f.class()) {
				continue
			}
			lap, lapCPU := time.Now(), cpuTime()
			small, got := reduce(work, cur, env, f, 24)
			found = append(found, finding{kind: f.kind, batch: small, text: got.text})
			total.elapsed["reduce"] += time.Since(lap)
			total.elapsed["reduce cpu"] += cpuTime() - lapCPU
		}
		if !retry || res.compared > 0 || len(drop) == 0 {
			break
		}
		cur.progs = slices.DeleteFunc(slices.Clone(cur.progs), func(k int) bool { return slices.Contains(drop, k) })
		if len(cur.progs) == 0 {
			break
		}
	}
	return total, found
}

func reportFindings(t testing.TB, found []finding) {
	if len(found) == 0 {
		return
	}
	out := *diffOut
	if out == "" {
		var err error
		if out, err = os.MkdirTemp("", "difffuzz-"); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(out, 0o755)
	for _, fd := range found {
		path := reproducer(out, fd)
		t.Errorf("%s (seed %d, programs %v); reproducer %s\n%s", fd.kind, fd.batch.seed, fd.batch.progs, path, indent(fd.text))
	}
}

// FuzzDifferential fuzzes the removal differentially: the input seeds a
// batch of -difffuzz.size programs. Its seed corpus (small batches) runs
// in `make test`.
func FuzzDifferential(f *testing.F) {
	if testing.Short() {
		f.Skip("builds and runs programs")
	}
	// One small batch: `make test` runs it, and it must stay quick. (Seed
	// 42 finds a vet failure the removal leaves; see the report of the
	// change that added this.)
	f.Add(uint64(1), uint8(24))
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	var env []string
	var cache *privateCache
	if fuzzing {
		dir, err := os.MkdirTemp("", "difffuzz-cache-")
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(func() { os.RemoveAll(dir) })
		cache = &privateCache{dir: dir}
		env = diffEnv(dir)
	} else {
		env = diffEnv("")
	}
	work := f.TempDir()
	f.Fuzz(func(t *testing.T, seed uint64, size uint8) {
		n := int(size)%(*diffSize) + 1
		b := batch{seed: seed, perPkg: *diffPerPkg, flags: 1 + n/16}
		for k := range n {
			b.progs = append(b.progs, k)
		}
		res, found := runBatch(t, work, b, env, &reducer{perKey: 1})
		if res == nil {
			return
		}
		if cache != nil {
			if cache.keep == nil {
				cache.snapshot()
			}
			cache.sweep()
		}
		reportFindings(t, found)
	})
}

// TestDifferentialScale checks batches from consecutive seeds for
// -difffuzz.duration and prints how many programs it checked:
//
//	go test ./rewrite -run '^TestDifferentialScale$' -difffuzz.duration 10m
func TestDifferentialScale(t *testing.T) {
	if *diffDuration == 0 {
		t.Skip("set -difffuzz.duration to run")
	}
	seed := *diffStart
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	cacheDir, err := os.MkdirTemp("", "difffuzz-cache-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(cacheDir)
	cache := &privateCache{dir: cacheDir}
	env := diffEnv(cacheDir)
	work := t.TempDir()

	// A first, tiny batch fills the cache with the standard library.
	warm := batch{seed: seed, progs: []int{0}, perPkg: *diffPerPkg, flags: 1}
	if _, err := check(work, warm, env); err != nil {
		t.Fatal(err)
	}
	cache.snapshot()

	red := &reducer{perKey: 2}
	start, startCPU := time.Now(), cpuTime()
	deadline := start.Add(*diffDuration)
	var (
		mu                sync.Mutex
		next              atomic.Uint64
		batches, programs int
		refused           int
		found             []finding
		counts            = make(map[string]int)
		elapsed           = make(map[string]time.Duration)
		wg                sync.WaitGroup
	)
	next.Store(seed)
	for range *diffParallel {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				b := batch{seed: next.Add(1), perPkg: *diffPerPkg}
				b.flags = 1 + *diffSize/16
				for k := range *diffSize {
					b.progs = append(b.progs, k)
				}
				res, fs := runBatch(t, work, b, env, red)
				if res == nil {
					return
				}
				mu.Lock()
				batches++
				programs += res.compared
				refused += res.refused
				for step, d := range res.elapsed {
					elapsed[step] += d
				}
				for _, f := range res.failures {
					counts[f.kind]++
				}
				found = append(found, fs...)
				mu.Unlock()
				cache.sweep()
			}
		})
	}
	wg.Wait()
	took, cpu := time.Since(start), cpuTime()-startCPU
	var steps []string
	for step, d := range elapsed {
		steps = append(steps, fmt.Sprintf("%s %.1fs", step, d.Seconds()))
	}
	sort.Strings(steps)
	// Two rates: per hour of this run, whatever else the machine did, and
	// per hour of two cores' CPU time, which is what the machine gives a
	// run it runs alone.
	fmt.Printf("difffuzz: seeds %d..%d: checked %d programs in %d batches in %s, %s CPU (%.0f programs/hour; %.0f per hour of 2 cores' CPU), %d refused sites; %d divergences, %d build failures, %d removal errors, %d leftovers, %d gofmt\n",
		seed+1, next.Load(), programs, batches, took.Round(time.Second), cpu.Round(time.Second), float64(programs)/took.Hours(), float64(programs)/cpu.Hours()*2, refused,
		counts["divergence"], counts["build"], counts["removal"], counts["leftover"], counts["gofmt"])
	fmt.Printf("difffuzz: time per step, summed over batches: %s\n", strings.Join(steps, ", "))
	reportFindings(t, found)
}

// TestDifferentialShow prints programs of a batch as the removal leaves
// them, to study a reproducer:
//
//	go test ./rewrite -run '^TestDifferentialShow$' -difffuzz.show 42:16 -v
func TestDifferentialShow(t *testing.T) {
	if *diffShow == "" {
		t.Skip("set -difffuzz.show")
	}
	seedText, progsText, _ := strings.Cut(*diffShow, ":")
	seed, err := strconv.ParseUint(seedText, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	b := batch{seed: seed, perPkg: *diffPerPkg}
	for _, k := range strings.Split(progsText, ",") {
		n, err := strconv.Atoi(k)
		if err != nil {
			t.Fatal(err)
		}
		b.progs = append(b.progs, n)
	}
	b.flags = 1 + *diffSize/16
	if *diffSize < 0 {
		t.Fatal("bad size")
	}
	dir := t.TempDir()
	for name, content := range b.files() {
		writeFile(t, dir, name, []byte(content))
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Remove(context.Background(), Options{Project: p, Targets: b.targets(), Env: diffEnv("")})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Sites {
		if s.Status == "refused" {
			t.Logf("refused %s: %s", s.Pos, s.Reason)
		}
	}
	for _, fc := range res.Files {
		if strings.HasSuffix(fc.Path, ".go") {
			t.Logf("--- %s (deleted %t)\n%s", fc.Path, fc.Deleted, fc.New)
		}
	}
}
