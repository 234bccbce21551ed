package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/flagsweep/flagsweep/cleanup"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

func runCleanup(e *env, args []string) int {
	fs := newFlagSet(e, "cleanup", "[NAME...] [--base BRANCH] [--push] [--dry-run] [--json]", "make one branch, commit and merge request per flag ready for removal")
	var c common
	c.register(fs)
	base := fs.String("base", "", "the `branch` cleanup branches start from (default: the current branch)")
	remote := fs.String("remote", "", "the git `remote` to push to (default: cleanup.remote, or origin)")
	push := fs.Bool("push", false, "push each branch with GitLab push options that open its merge request")
	limit := fs.Int("limit", 0, "clean up at most `N` flags in this run")
	dryRun := fs.Bool("dry-run", false, "print what would be done; touch nothing")
	force := fs.Bool("force", false, "redo branches that exist")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	names, code, done := parse(fs, args)
	if done {
		return code
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}
	// A form that cannot match would fail every flag's removal in turn:
	// stop at it before the first branch, as the other commands do.
	if (&linter{e: e, p: p}).hasCode() {
		warnings, err := scan.CheckConfig(e.ctx, p, nil)
		for _, w := range warnings {
			fmt.Fprintln(e.stderr, w)
		}
		if err != nil {
			return fail(e, err)
		}
	}
	live := e.errTerminal
	opts := cleanup.Options{
		Project: p,
		Open:    c.reopener(e, p),
		Names:   names, Base: *base, Remote: *remote, Push: *push,
		Limit: *limit, DryRun: *dryRun, Force: *force,
		Progress: func(flag, step string) {
			if live {
				fmt.Fprintf(e.stderr, "\r\033[K%s: %s…", flag, step)
			} else {
				fmt.Fprintf(e.stderr, "cleanup: %s: %s\n", flag, step)
			}
		},
		Finished: func(r *cleanup.Result) {
			line := fmt.Sprintf("%s: %s", r.Flag, r.Result)
			if r.Reason != "" {
				line += " (" + r.Reason + ")"
			}
			if live {
				fmt.Fprintf(e.stderr, "\r\033[K%s\n", line)
			} else {
				fmt.Fprintf(e.stderr, "cleanup: %s\n", line)
			}
		},
	}
	results, err := cleanup.Run(e.ctx, opts)
	if err != nil {
		return fail(e, err)
	}
	if *asJSON {
		if results == nil {
			results = []*cleanup.Result{}
		}
		if code := writeJSON(e, results); code != exitOK {
			return code
		}
	} else {
		printCleanup(e, results, *dryRun)
	}
	for _, r := range results {
		if r.Result == cleanup.Failed || r.Result == cleanup.Refused {
			return exitFindings
		}
	}
	return exitOK
}

// reopener opens the project again in a worktree with the same overrides,
// and the rollout state already read.
func (c *common) reopener(e *env, main *project.Project) func(context.Context, string) (*project.Project, error) {
	return func(ctx context.Context, dir string) (*project.Project, error) {
		cfg := ""
		if main.Config.File != "" {
			// The same configuration, as the branch has it.
			rel, err := filepath.Rel(main.Root, main.Config.File)
			if err != nil {
				return nil, err
			}
			cfg = filepath.Join(dir, rel)
		}
		return project.Open(ctx, project.Options{
			Dir: dir, ConfigFile: cfg, Milestone: c.milestone,
			Snapshot: main.State, Today: main.Today, Getenv: e.getenv,
		})
	}
}

func printCleanup(e *env, results []*cleanup.Result, dryRun bool) {
	if len(results) == 0 {
		fmt.Fprintln(e.stdout, "No flag is ready for removal.")
		return
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tOWNER\tRESULT\tBRANCH\tFILES\tLINES REMOVED")
	for _, r := range results {
		owner := strings.TrimPrefix(r.Group, "group::")
		if len(r.Owners) > 0 {
			owner = "@" + strings.Join(r.Owners, ", @")
		}
		if owner == "" {
			owner = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\n", r.Flag, owner, r.Result, r.Branch, r.Files, r.LinesRemoved)
	}
	tw.Flush()
	// Every flag that did not end as a branch says why, with what a
	// maintainer needs to act: the sites left, or the failing output.
	for _, r := range results {
		if r.Result == cleanup.Pushed || r.Result == cleanup.Committed || r.Reason == "" {
			continue
		}
		fmt.Fprintf(e.stdout, "\n%s: %s: %s\n", r.Flag, r.Result, r.Reason)
		for _, s := range r.RefusedSites {
			fmt.Fprintf(e.stdout, "    %s\n", s)
		}
		if r.Output != "" {
			for _, l := range strings.Split(r.Output, "\n") {
				fmt.Fprintf(e.stdout, "    %s\n", l)
			}
		}
	}
	if dryRun {
		fmt.Fprintln(e.stdout, "\nDry run: nothing was changed.")
	}
}
