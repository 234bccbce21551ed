package synth

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The benchmarks run flagsweep and the go command as a user would, on a
// generated module of 400 packages and 150k lines, with a warm build cache
// for both, and report wall time and peak memory side by side:
//
//	go test -run '^$' -bench . ./internal/synth   (or: make bench)
//
// Targets (README, "Performance"): lint ≤ 1.0× go vet ./...; a warm
// go vet -vettool re-run after a one-file edit ≤ 2 s; peak memory ≤ 1 GiB.

var bench struct {
	once  sync.Once
	dir   string // the module
	bin   string // flagsweep
	stats Stats
	err   error
}

// setup generates the module (once per machine: it stays in the temporary
// directory so the build cache stays warm between runs) and builds
// flagsweep.
func setup(b *testing.B) {
	b.Helper()
	bench.once.Do(func() {
		bench.dir = filepath.Join(os.TempDir(), "flagsweep-bench-v2")
		stamp := filepath.Join(bench.dir, ".complete")
		if _, err := os.Stat(stamp); err != nil {
			os.RemoveAll(bench.dir)
			if bench.stats, bench.err = Generate(bench.dir, Options{}); bench.err != nil {
				return
			}
			if bench.err = os.WriteFile(stamp, nil, 0o644); bench.err != nil {
				return
			}
		}
		// Not b.TempDir: that goes with the first benchmark, and the
		// binary serves them all.
		tmp, err := os.MkdirTemp("", "flagsweep-bench-bin")
		if err != nil {
			bench.err = err
			return
		}
		bench.bin = filepath.Join(tmp, "flagsweep")
		cmd := exec.Command("go", "build", "-o", bench.bin, "../../cmd/flagsweep")
		if out, err := cmd.CombinedOutput(); err != nil {
			bench.err = fmt.Errorf("building flagsweep: %v\n%s", err, out)
			return
		}
		// Warm the build cache for both tools.
		for _, args := range [][]string{
			{"go", "vet", "./..."},
			{bench.bin, "lint"},
			{"go", "vet", "-vettool=" + bench.bin, "./..."},
		} {
			measure(args...)
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

// measure runs a command in the module and returns its wall time and the
// peak resident memory of the largest process in its tree.
func measure(args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = bench.dir
	cmd.Env = append(os.Environ(), "FLAGSWEEP_TODAY=2026-11-21")
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // KiB on Linux
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // findings: the expected outcome
	}
	return wall, rss, err
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkLint compares `flagsweep lint ./...` with `go vet ./...` on the
// same module, alternating them so both see the same machine load.
func BenchmarkLint(b *testing.B) {
	setup(b)
	var lint, vet []time.Duration
	var lintRSS, vetRSS int64
	for b.Loop() {
		w, rss, err := measure("go", "vet", "./...")
		if err != nil {
			b.Fatal(err)
		}
		vet, vetRSS = append(vet, w), max(vetRSS, rss)
		w, rss, err = measure(bench.bin, "lint", "./...")
		if err != nil {
			b.Fatal(err)
		}
		lint, lintRSS = append(lint, w), max(lintRSS, rss)
	}
	b.ReportMetric(median(lint).Seconds(), "lint-s")
	b.ReportMetric(median(vet).Seconds(), "vet-s")
	b.ReportMetric(float64(median(lint))/float64(median(vet)), "lint/vet")
	b.ReportMetric(float64(lintRSS)/(1<<20), "lint-peak-MiB")
	b.ReportMetric(float64(vetRSS)/(1<<20), "vet-peak-MiB")
}

// BenchmarkRemove measures `flagsweep remove` of a widely referenced flag
// (its diff, not written) against `flagsweep lint` on the same module.
func BenchmarkRemove(b *testing.B) {
	setup(b)
	var remove, lint []time.Duration
	var peak int64
	for b.Loop() {
		w, _, err := measure(bench.bin, "lint")
		if err != nil {
			b.Fatal(err)
		}
		lint = append(lint, w)
		w, rss, err := measure(bench.bin, "remove", WidelyUsedFlag+"=true")
		if err != nil {
			b.Fatal(err)
		}
		remove, peak = append(remove, w), max(peak, rss)
	}
	b.ReportMetric(median(remove).Seconds(), "remove-s")
	b.ReportMetric(float64(median(remove))/float64(median(lint)), "remove/lint")
	b.ReportMetric(float64(peak)/(1<<20), "remove-peak-MiB")
}

// BenchmarkVettoolEdit measures a warm `go vet -vettool=flagsweep ./...`
// right after one file changed: the go command re-vets that package and
// those whose inputs changed, and takes the rest from its cache.
func BenchmarkVettoolEdit(b *testing.B) {
	setup(b)
	leaf := filepath.Join(bench.dir, "svc", "p399", "code.go")
	orig, err := os.ReadFile(leaf)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(leaf, orig, 0o644)
	var walls []time.Duration
	var peak int64
	n := 0
	for b.Loop() {
		n++
		edit := fmt.Appendf(slices.Clone(orig), "\n// Edited%[1]d changes the package.\nfunc Edited%[1]d() int { return %[1]d }\n", n)
		if err := os.WriteFile(leaf, edit, 0o644); err != nil {
			b.Fatal(err)
		}
		w, rss, err := measure("go", "vet", "-vettool="+bench.bin, "./...")
		if err != nil {
			b.Fatal(err)
		}
		walls, peak = append(walls, w), max(peak, rss)
	}
	b.ReportMetric(median(walls).Seconds(), "rerun-s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
}
