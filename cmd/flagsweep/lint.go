package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/baseline"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/report"
	"github.com/flagsweep/flagsweep/scan"
)

func runLint(e *env, args []string) int {
	fs := newFlagSet(e, "lint", "[packages] [--files file…]", "check flag references against their definitions")
	var c common
	c.register(fs)
	format := fs.String("format", "text", "output `format`: "+strings.Join(report.Formats, ", "))
	baselineFile := fs.String("baseline", "", "report only findings not recorded in this baseline `file`")
	writeBaseline := fs.Bool("write-baseline", false, "record the current findings in the --baseline file and exit 0")
	useCache := fs.Bool("cache", true, "reuse each unchanged package's results from earlier runs, kept in the user cache directory (--cache=false analyses everything again)")
	files := fs.Bool("files", false, "treat the arguments as files (.go and definitions) and check only their packages and definitions, as a pre-commit hook does")
	args, code, done := parse(fs, args)
	if done {
		return code
	}
	if !slices.Contains(report.Formats, *format) {
		fmt.Fprintf(e.stderr, "flagsweep lint: unknown format %q: use one of %s\n", *format, strings.Join(report.Formats, ", "))
		return exitError
	}
	if *writeBaseline && *baselineFile == "" {
		fmt.Fprintln(e.stderr, "flagsweep lint: --write-baseline needs --baseline FILE")
		return exitError
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}

	l := &linter{e: e, p: p, patterns: args, dir: c.workDir(), cache: *useCache}
	if *files {
		if err := l.restrictToFiles(args); err != nil {
			return fail(e, err)
		}
	}
	findings, fatal, err := l.run()
	if err != nil {
		return fail(e, err)
	}

	fp := &baseline.Fingerprinter{Root: p.Root}
	out := make([]report.Finding, 0, len(findings))
	for _, d := range findings {
		out = append(out, report.Finding{Diagnostic: d, Fingerprint: fp.Fingerprint(d)})
	}
	if *baselineFile != "" {
		path := *baselineFile
		if *writeBaseline {
			entries := make([]baseline.Entry, len(out))
			for i, f := range out {
				entries[i] = baseline.Entry{ID: f.ID, Flag: f.Flag, File: f.Pos.File, Fingerprint: f.Fingerprint, Message: f.Message}
			}
			if err := baseline.Write(path, entries); err != nil {
				return fail(e, err)
			}
			fmt.Fprintf(e.stderr, "flagsweep: recorded %d findings in %s\n", len(entries), path)
			if fatal {
				return exitError
			}
			return exitOK
		}
		b, err := baseline.Read(path)
		if err != nil {
			return fail(e, err)
		}
		m := b.NewMatcher()
		kept := out[:0]
		for _, f := range out {
			if !m.Match(f.Fingerprint) {
				kept = append(kept, f)
			}
		}
		out = kept
	}
	if err := report.Write(e.stdout, *format, version(), out); err != nil {
		return fail(e, err)
	}
	switch {
	case fatal:
		return exitError
	case len(out) > 0:
		return exitFindings
	}
	return exitOK
}

// linter gathers one lint run's findings.
type linter struct {
	e        *env
	p        *project.Project
	patterns []string
	dir      string // where patterns are relative to
	// With --files: the files whose findings count, and whether the
	// whole program is in view (it is not, so unused is not computed).
	only map[string]bool
	// cache: use the per-package result cache (scan.Cache).
	cache bool
}

// wholeProgram reports whether the run sees every package of the project,
// which unused needs: no patterns or ./..., from the project root.
func (l *linter) wholeProgram() bool {
	if l.only != nil {
		return false
	}
	if len(l.patterns) > 1 || len(l.patterns) == 1 && l.patterns[0] != "./..." {
		return false
	}
	abs, err := filepath.Abs(l.dir)
	return err == nil && abs == l.p.Root
}

// restrictToFiles turns file arguments into package patterns (one per
// directory of a .go file) and remembers the files.
func (l *linter) restrictToFiles(args []string) error {
	l.only = make(map[string]bool)
	l.patterns = nil
	seen := make(map[string]bool)
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return err
		}
		rel := l.p.Rel(abs)
		if filepath.IsAbs(rel) {
			return fmt.Errorf("%s is outside the project root %s", a, l.p.Root)
		}
		l.only[rel] = true
		if strings.HasSuffix(a, ".go") {
			dir := filepath.Dir(abs)
			if !seen[dir] {
				seen[dir] = true
				l.patterns = append(l.patterns, dir)
			}
		}
	}
	return nil
}

// run returns the findings, and whether some code that mentions flags
// could not be checked (exit status 2 once the findings are out).
func (l *linter) run() ([]diag.Diagnostic, bool, error) {
	p := l.p
	// Definition problems are reported once, at the definition (drivers
	// that see one package at a time report them at each reference
	// instead), when the whole project is linted or the definition is
	// among --files.
	var findings []diag.Diagnostic
	if l.wholeProgram() || l.only != nil {
		findings = p.Findings()
	}
	fatal := false

	if l.hasGoMod() && len(flagrefs.Names(p.Config)) == 0 {
		fmt.Fprintln(l.e.stderr, "flagsweep: no accessors, handles or presets are configured, so no code is checked: see the README's configuration section")
	}
	if l.hasCode() {
		opts := scan.Options{Project: p, Patterns: l.patterns, Dir: l.dir, Analyzers: analyzers.All}
		if l.cache {
			// Without a cache directory, lint simply analyses everything.
			opts.Cache, _ = scan.OpenCache(p, "", analyzers.All)
		}
		res, err := scan.Run(l.e.ctx, opts)
		if err != nil {
			return nil, false, err
		}
		if opts.Cache != nil && l.e.getenv("FLAGSWEEP_TRACE") != "" {
			if res.Memo {
				fmt.Fprintf(l.e.stderr, "flagsweep: lint cache: tree unchanged, answered whole (%d packages)\n", res.Reused)
			} else {
				fmt.Fprintf(l.e.stderr, "flagsweep: lint cache: reused %d of %d packages\n", res.Reused, len(res.Packages))
			}
		}
		for _, w := range res.Warnings {
			fmt.Fprintln(l.e.stderr, w)
		}
		for _, pr := range res.Problems {
			prefix := "warning: "
			if pr.Fatal {
				fatal = true
				prefix = ""
			}
			fmt.Fprintln(l.e.stderr, prefix+pr.String())
		}
		for _, d := range res.Diagnostics {
			if d.ID != diag.Stale && d.ID != diag.InvalidDefinition {
				findings = append(findings, d)
			}
		}
		// A package that could not be checked may hold the only check of
		// some flag: unused would be a guess.
		if l.wholeProgram() && !fatal {
			findings = append(findings, unused(p, res)...)
		}
	}

	findings = suppressInDefinitions(p, findings)
	if l.only != nil {
		inScope := make(map[string]bool)
		for f := range l.only {
			inScope[f] = true
		}
		kept := findings[:0]
		for _, d := range findings {
			if strings.HasSuffix(d.Pos.File, ".go") || inScope[d.Pos.File] {
				kept = append(kept, d)
			}
		}
		findings = kept
	}
	diag.Sort(findings)
	return findings, fatal, nil
}

// hasCode reports whether there is Go code to check and a way to find
// flag references in it.
func (l *linter) hasCode() bool {
	if l.only != nil && len(l.patterns) == 0 {
		return false // only definitions changed
	}
	return l.hasGoMod() && len(flagrefs.Names(l.p.Config)) > 0
}

func (l *linter) hasGoMod() bool {
	_, err := os.Stat(filepath.Join(l.p.Root, "go.mod"))
	return err == nil
}

// unused reports definitions that no code checks.
func unused(p *project.Project, res *scan.Result) []diag.Diagnostic {
	counts := res.CheckCounts()
	others := make(map[string]int)   // declarations, overrides, feature sets
	declares := make(map[string]int) // handle declarations
	values := make(map[string]int)   // handles used as values
	for _, r := range res.Refs {
		if r.Kind != flagrefs.Check && !r.Dynamic {
			others[r.Flag]++
		}
		if r.Kind == flagrefs.Declare {
			declares[r.Flag]++
		}
		if r.Kind == flagrefs.Use {
			values[r.Flag]++
		}
	}
	var out []diag.Diagnostic
	var linked map[string][]byte
	for _, f := range p.Flags {
		// A handle used as a value (passed to a factory that checks it
		// later) is a use, whatever it does with it.
		if counts[f.Name] > 0 || values[f.Name] > 0 || f.External() {
			continue // a dependency's flags are its business
		}
		if linked == nil {
			_, linked = load.LinkedSources(p.Root)
		}
		if namedIn(linked, f) {
			// Another module of the repository, building against this
			// one, names it (the OpenTelemetry Collector's otelcol and
			// its internal/globalgates): checked there, out of this
			// scan's sight. flagsweep remove rewrites both.
			continue
		}
		what, n := "the definition", others[f.Name]
		if !f.YAML() {
			// A handle declared in Go is the declaration itself.
			what, n = "its declaration", n-declares[f.Name]
		}
		msg := fmt.Sprintf("flag %q is defined but no code checks it: delete %s", f.Name, what)
		switch {
		case n == 1:
			msg += fmt.Sprintf(" and the reference left (flagsweep remove %s)", f.Name)
		case n > 1:
			msg += fmt.Sprintf(" and the %d references left (flagsweep remove %s)", n, f.Name)
		case !f.YAML():
			msg += fmt.Sprintf(" (flagsweep remove %s)", f.Name)
		}
		out = append(out, diag.Diagnostic{ID: diag.Unused, Flag: f.Name, Pos: f.Pos("name"), Message: msg})
	}
	return out
}

// namedIn reports whether one of files names the flag: its Go
// identifiers as words, or its name as a string.
func namedIn(files map[string][]byte, f *project.Flag) bool {
	for _, src := range files {
		if bytes.Contains(src, []byte(strconv.Quote(f.Name))) {
			return true
		}
		for _, g := range f.Go {
			if g.Ident != "" && load.ContainsWord(src, g.Ident) {
				return true
			}
		}
	}
	return false
}

// suppressInDefinitions drops definition-level findings suppressed by a
// `# flagsweep:ignore <id> <reason>` comment in the YAML file, on the line
// or the line before, and notes suppressions that lack a reason.
func suppressInDefinitions(p *project.Project, ds []diag.Diagnostic) []diag.Diagnostic {
	lines := make(map[string][]string)
	kept := ds[:0]
	for _, d := range ds {
		if strings.HasSuffix(d.Pos.File, ".go") {
			kept = append(kept, d)
			continue
		}
		ls, ok := lines[d.Pos.File]
		if !ok {
			if data, err := os.ReadFile(filepath.Join(p.Root, filepath.FromSlash(d.Pos.File))); err == nil {
				ls = strings.Split(string(data), "\n")
			}
			lines[d.Pos.File] = ls
		}
		suppressed := false
		for _, n := range []int{d.Pos.Line, d.Pos.Line - 1} {
			if n < 1 || n > len(ls) {
				continue
			}
			_, comment, ok := strings.Cut(ls[n-1], "#")
			if !ok {
				continue
			}
			ig, ok := flagrefs.ParseIgnore(comment)
			if !ok || !slices.Contains(ig.IDs, d.ID) {
				continue
			}
			if ig.Reason == "" {
				d.Message += fmt.Sprintf(" (the # flagsweep:ignore on line %d needs a reason to count)", n)
				continue
			}
			suppressed = true
		}
		if !suppressed {
			kept = append(kept, d)
		}
	}
	return kept
}
