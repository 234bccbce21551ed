// Command flagsweep is a linter and codemod for the feature flag lifecycle
// in Go codebases: it lists every flag with its owner, age and verdict,
// checks flag references against their definitions, and removes flags that
// are done.
//
// Usage:
//
//	flagsweep list [--ready] [--json]
//	flagsweep lint [packages]
//	flagsweep report [--html FILE] [--json] [--since 12mo]
//	flagsweep version
//
// Exit status: 0 when all is well, 1 when lint has findings, 2 when
// flagsweep could not run (bad configuration, unreadable or malformed
// input); the reason is printed on standard error, one line per problem.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/progress"
	"github.com/flagsweep/flagsweep/project"
)

// Exit statuses, the contract scripts rely on.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	if isVetInvocation(os.Args[1:]) {
		vetMain()
		return
	}
	// A command runs once over a program it holds in memory: trading
	// memory for fewer collections makes type-checking a quarter faster,
	// and the benchmark keeps the peak well under its 1 GiB budget.
	debug.SetGCPercent(400)
	// ... up to a soft limit: on Kueue a removal's live heap is about
	// 500 MiB, which GOGC=400 alone lets grow to 1.9 GiB before a
	// collection; with the limit it stays under 1 GiB for 5 % more time.
	// GOMEMLIMIT, when set, decides instead (GOMEMLIMIT=off for none, on
	// a module whose live heap is larger).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(profiled(func() int { return run(os.Args[1:], os.Stdout, os.Stderr) }))
}

// profiled runs a command, writing a CPU profile to the file named by
// FLAGSWEEP_CPUPROFILE when it is set: how the performance numbers in the
// README were taken apart (go tool pprof .bin/flagsweep FILE).
func profiled(run func() int) int {
	name := os.Getenv("FLAGSWEEP_CPUPROFILE")
	if name == "" {
		return run()
	}
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "flagsweep: FLAGSWEEP_CPUPROFILE: %v\n", err)
		return exitError
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "flagsweep: FLAGSWEEP_CPUPROFILE: %v\n", err)
		return exitError
	}
	defer pprof.StopCPUProfile()
	return run()
}

// memoryLimit is the soft memory limit of a run (see main).
const memoryLimit = 900 << 20

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// terminal reports whether stdout is an interactive terminal;
	// errTerminal, stderr.
	terminal, errTerminal bool
}

type command struct {
	name    string
	args    string // the synopsis after the name
	summary string
	run     func(e *env, args []string) int
}

var commands []*command

func init() {
	commands = []*command{
		{"list", "[--ready] [--json]", "list every flag with its owner, age, state and verdict", runList},
		{"lint", "[packages]", "check flag references against their definitions", runLint},
		{"remove", "NAME...", "remove flags from the code, their definitions too", runRemove},
		{"cleanup", "[NAME...]", "one branch, commit and merge request per ready flag", runCleanup},
		{"report", "[--html FILE] [--json]", "the flag-debt report: by verdict, owner and age, over time", runReport},
		{"version", "", "print flagsweep's version", runVersion},
		{"help", "[command]", "show help", runHelp},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	e := &env{
		ctx:      context.Background(),
		stdout:   stdout,
		stderr:   stderr,
		getenv:   os.Getenv,
		terminal: isTerminal(stdout),

		errTerminal: isTerminal(stderr),
	}
	// A long run says what it is doing on one live line of a terminal
	// (see internal/progress); the first output erases it for good, so
	// it never interleaves with results.
	if f, ok := stderr.(*os.File); ok {
		ctx, stop := progress.Start(e.ctx, f)
		defer stop()
		e.ctx = ctx
		e.stdout = stopOnWrite{stdout, stop}
		e.stderr = stopOnWrite{stderr, stop}
	}
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-V", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "flagsweep: unknown command %q: run 'flagsweep help' for the list\n", name)
	return exitError
}

// stopOnWrite stops the progress line before its first write.
type stopOnWrite struct {
	w    io.Writer
	stop func()
}

func (s stopOnWrite) Write(p []byte) (int, error) {
	s.stop()
	return s.w.Write(p)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "flagsweep finds, checks and removes feature flags in Go code.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\tflagsweep %-8s %-22s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "\nExit status: 0 ok, 1 findings, 2 could not run.\nRun 'flagsweep help <command>' for a command's flags.\n")
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run(e, []string{"-h"})
		}
	}
	fmt.Fprintf(e.stderr, "flagsweep: unknown command %q\n", args[0])
	return exitError
}

// common are the flags every project command takes.
type common struct {
	config    string
	milestone string
	state     string
	dir       string
	// preload starts listing the module's packages while the project is
	// read (remove scans them next).
	preload bool
	// milestoneOptional: see project.Options.MilestoneOptional.
	milestoneOptional bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "configuration `file` (default: .flagsweep.yaml in this directory or a parent)")
	fs.StringVar(&c.milestone, "milestone", "", "current `milestone`, like 17.9 (default: from the configuration or VERSION)")
	fs.StringVar(&c.state, "state", "", "rollout state: a Features API export `file` or a GitLab URL (default: state: in the configuration)")
	fs.StringVar(&c.dir, "C", "", "run as if started in `dir`")
}

// workDir returns the directory the command works in: -C, or ".".
func (c *common) workDir() string {
	if c.dir != "" {
		return c.dir
	}
	return "."
}

// open opens the project the common flags describe.
func (c *common) open(e *env) (*project.Project, error) {
	dir := "."
	if c.dir != "" {
		dir = c.dir
	}
	today, err := project.Today(e.getenv)
	if err != nil {
		return nil, err
	}
	return project.Open(e.ctx, project.Options{
		Dir:        dir,
		ConfigFile: c.config,
		Milestone:  c.milestone,
		State:      c.state,
		Today:      today,
		Getenv:     e.getenv,
		Preload:    c.preload,

		MilestoneOptional: c.milestoneOptional,
	})
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(e *env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: flagsweep %s %s\n\n%s.\n\nFlags:\n", name, args, upperFirst(summary))
		fs.PrintDefaults()
	}
	return fs
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseArgs parses flags wherever they appear among the arguments, so that
// `flagsweep lint ./... --format json` works as users type it. An argument
// "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) (positional []string, help bool, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, true, nil
			}
			return nil, false, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, false, nil
		}
		// fs.Parse stops at "--" (consuming it) or at the first
		// non-flag; tell them apart by what precedes rest.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), false, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// parse parses a command's arguments; done is true when the command should
// return code straight away (help shown, or bad flags).
func parse(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	positional, help, err := parseArgs(fs, args)
	switch {
	case help:
		return nil, exitOK, true
	case err != nil:
		// The flag package has printed the error and the usage.
		return nil, exitError, true
	}
	return positional, exitOK, false
}

// fail prints an error that stopped a command, one line per problem, and
// returns the exit status for it.
func fail(e *env, err error) int {
	for _, line := range diag.Lines(err) {
		if looksPositioned(line) {
			fmt.Fprintln(e.stderr, line)
		} else {
			fmt.Fprintln(e.stderr, "flagsweep: "+line)
		}
	}
	return exitError
}

// looksPositioned reports whether a line starts with file:line, so it is
// printed bare like a compiler error.
func looksPositioned(line string) bool {
	first, _, ok := strings.Cut(line, ": ")
	if !ok || strings.Contains(first, " ") {
		return false
	}
	return strings.Contains(first, ":") || strings.Contains(first, ".") || strings.Contains(first, "/")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
