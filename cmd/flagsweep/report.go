package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/flagsweep/flagsweep/debt"
	"github.com/flagsweep/flagsweep/internal/atomicfile"
	"github.com/flagsweep/flagsweep/internal/gitx"
)

const reportArgs = "[--html FILE] [--json] [--since 12mo]"

func runReport(e *env, args []string) int {
	fs := newFlagSet(e, "report", reportArgs, "the flag-debt report: counts by verdict, owners and ages, what is ready for removal, and the debt month by month")
	var c common
	c.register(fs)
	htmlFile := fs.String("html", "", "write the report as one self-contained HTML page to `file`")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	since := fs.String("since", "12mo", "how far back the history goes: a `period` like 12mo, 6mo or 2y")
	rest, code, done := parse(fs, args)
	if done {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "flagsweep report: unexpected argument %q\n", rest[0])
		return exitError
	}
	months, err := debt.ParseSince(*since)
	if err != nil {
		fmt.Fprintf(e.stderr, "flagsweep report: %v\n", err)
		return exitError
	}
	// Say so before the work, not after: the page is written last.
	if *htmlFile != "" {
		if info, err := os.Stat(filepath.Dir(*htmlFile)); err != nil || !info.IsDir() {
			fmt.Fprintf(e.stderr, "flagsweep report: --html %s: directory %s does not exist\n", *htmlFile, filepath.Dir(*htmlFile))
			return exitError
		}
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}

	r := debt.Build(p)
	r.Version = version()
	g := &gitx.Repo{Dir: p.Root}
	if top, err := g.TopLevel(e.ctx); err == nil {
		r.Repository = filepath.Base(top)
		if rel, err := filepath.Rel(resolve(top), resolve(p.Root)); err == nil && rel != "." {
			r.Path = filepath.ToSlash(rel)
		}
	}
	r.History = debt.ComputeHistory(e.ctx, p, debt.HistoryOptions{Since: *since, Months: months, Getenv: e.getenv})
	for _, w := range r.History.Warnings {
		fmt.Fprintln(e.stderr, "warning: "+w)
	}

	if *htmlFile != "" {
		page, err := debt.HTML(r)
		if err != nil {
			return fail(e, err)
		}
		if err := atomicfile.Write(*htmlFile, page, 0o644); err != nil {
			return fail(e, fmt.Errorf("writing the report: %v", err))
		}
		fmt.Fprintf(e.stderr, "flagsweep: wrote %s (%s)\n", *htmlFile, r.Summary())
	}
	switch {
	case *asJSON:
		return writeJSON(e, r)
	case *htmlFile == "":
		var b bytes.Buffer
		printReport(&b, r)
		if _, err := e.stdout.Write(b.Bytes()); err != nil {
			return fail(e, err)
		}
	}
	return exitOK
}

// resolve follows symbolic links, so that git's top level (resolved) and
// the project's root (as given) compare.
func resolve(dir string) string {
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return r
	}
	return dir
}

// printReport prints the short text summary: the counts, the groups,
// what is ready, and the history as one line per month.
func printReport(w io.Writer, r *debt.Report) {
	name := r.Repository
	if r.Path != "" {
		name += "/" + r.Path
	}
	fmt.Fprintf(w, "Flag debt of %s on %s", name, r.Date)
	if r.Milestone != "" {
		fmt.Fprintf(w, ", milestone %s", r.Milestone)
	}
	fmt.Fprintf(w, "\n%s.\n", r.Summary())

	if len(r.Groups) > 0 {
		var parts []string
		for _, g := range r.Groups {
			parts = append(parts, fmt.Sprintf("%s %d", g.Name, g.Flags))
		}
		fmt.Fprintf(w, "\nBy group: %s.\n", strings.Join(parts, ", "))
	}

	if len(r.ReadyFlags) > 0 {
		fmt.Fprintf(w, "\nReady for removal:\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  NAME\tGROUP\tVALUE\tAGE\tROLLOUT ISSUE\n")
		for _, f := range r.ReadyFlags {
			age := "-"
			if f.Age != nil {
				age = fmt.Sprint(*f.Age)
			}
			value := "off"
			if f.Value != nil && *f.Value {
				value = "on"
			}
			issue := f.RolloutIssueURL
			if issue == "" {
				issue = "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", f.Name, f.Group, value, age, issue)
		}
		tw.Flush()
	}

	h := r.History
	if h == nil {
		return
	}
	if !h.Available {
		fmt.Fprintf(w, "\nNo history: %s.\n", h.Note)
		return
	}
	fmt.Fprintf(w, "\nDebt by month (--since %s):\n", h.Since)
	fmt.Fprintf(w, "  %-8s %5s %13s\n", "MONTH", "FLAGS", "PAST MAX AGE")
	for _, m := range h.Months {
		flags, overdue := "-", "-"
		if m.HasPoint() {
			flags, overdue = fmt.Sprint(*m.Flags), fmt.Sprint(*m.Overdue)
		}
		note := m.Note
		if m.TodayConfig && note == "" {
			note = "read with today's configuration"
		}
		line := fmt.Sprintf("  %-8s %5s %13s  %s", m.Month, flags, overdue, note)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	if h.Note != "" {
		fmt.Fprintf(w, "(%s.)\n", h.Note)
	}
}
