// Package cleanup makes the monthly flag cleanup: for every flag ready for
// removal, a branch flagsweep/remove-<name> from the base with the removal
// committed, and, pushed with GitLab push options, a merge request for the
// flag's owners to review.
//
// Each flag is removed in a git worktree of its own, so the user's checkout
// and current branch are never touched, whatever happens; one flag's
// failure is reported and the next flag goes ahead; a branch that exists
// already is left alone, so a run interrupted half way is finished by
// running it again.
//
// Only a complete removal is committed: one that left no site for a
// human, type-checks, passes cleanup.verify and the repository's commit
// hooks. Anything less is reported with its reasons, and leaves no branch
// behind, so nothing unverified is ever pushed.
package cleanup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/gitx"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/rewrite"
)

// Options say what to clean up and how.
type Options struct {
	// Project is the project as it is in the current checkout.
	Project *project.Project
	// Open reopens the project in another directory (a worktree) with
	// the same command-line overrides.
	Open func(ctx context.Context, dir string) (*project.Project, error)
	// Names are the flags to clean up; empty means every ready flag.
	Names []string
	// Base is the branch the cleanup branches start from (default: the
	// current branch).
	Base string
	// Remote is the remote to push to (default: the configuration's).
	Remote string
	Push   bool
	// Limit caps the number of flags cleaned up in this run (0: no cap).
	Limit int
	// DryRun says what would be done and touches nothing.
	DryRun bool
	// Force recreates branches that exist.
	Force bool
	// Progress is told each step of each flag, and Finished each flag's
	// result.
	Progress func(flag, step string)
	Finished func(*Result)
}

// Result statuses.
const (
	Pushed    = "pushed"
	Committed = "committed"
	Skipped   = "skipped"
	Failed    = "failed"
	Planned   = "planned"
	// Refused is a removal that left sites for a human: it is not
	// committed, since a merge request must be the whole removal.
	Refused = "refused"
)

// A Result is what happened to one flag.
type Result struct {
	Flag         string   `json:"flag"`
	Group        string   `json:"group"`
	Owners       []string `json:"owners"`
	Result       string   `json:"result"`
	Branch       string   `json:"branch"`
	Commit       string   `json:"commit,omitempty"`
	Files        int      `json:"files"`
	LinesAdded   int      `json:"lines_added"`
	LinesRemoved int      `json:"lines_removed"`
	// Reason says why a flag was skipped, refused or failed.
	Reason string `json:"reason,omitempty"`
	// Output is the tail of what failed: the verification command's
	// output, the commit hooks' output, or the type errors of the
	// rewritten code.
	Output string `json:"output,omitempty"`
	// Refused counts the sites left for a human.
	Refused int `json:"refused"`
	// RefusedSites are those sites, with why each was left.
	RefusedSites []Refusal `json:"refused_sites,omitempty"`
}

// A Refusal is a site the removal left for a human.
type Refusal struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
}

// String formats the refusal as file:line:col: reason.
func (r Refusal) String() string {
	return fmt.Sprintf("%s: %s", diag.Position{File: r.File, Line: r.Line, Column: r.Column}, r.Reason)
}

// BranchPrefix starts every cleanup branch's name.
const BranchPrefix = "flagsweep/remove-"

// Run performs the cleanup. The error is for a run that could not start:
// not a repository, a dirty tree, an unknown base or flag.
func Run(ctx context.Context, opts Options) ([]*Result, error) {
	p := opts.Project
	repo := &gitx.Repo{Dir: p.Root}
	top, err := repo.TopLevel(ctx)
	if err != nil {
		return nil, fmt.Errorf("cleanup works in a git repository, and %s is not in one", p.Root)
	}
	if dirty, err := repo.Dirty(ctx); err != nil {
		return nil, err
	} else if len(dirty) > 0 {
		return nil, fmt.Errorf("the working tree has uncommitted changes (%s): commit or stash them first", strings.Join(dirty, ", "))
	}
	base := opts.Base
	if base == "" {
		if base = repo.CurrentBranch(ctx); base == "" {
			return nil, errors.New("HEAD is detached: pass --base BRANCH")
		}
	}
	baseCommit, err := repo.Commit(ctx, base)
	if err != nil {
		return nil, fmt.Errorf("unknown base %q: %v", base, err)
	}
	if opts.Remote == "" {
		opts.Remote = p.Config.Cleanup.Remote
	}
	rel, err := filepath.Rel(top, p.Root)
	if err != nil {
		return nil, err
	}
	head, _ := repo.Commit(ctx, "HEAD")
	c := &cleaner{opts: opts, repo: repo, top: top, rel: rel, base: base, baseCommit: baseCommit, atHead: head == baseCommit}
	flags, err := c.flags()
	if err != nil {
		return nil, err
	}
	var results []*Result
	done := 0
	for _, f := range flags {
		if opts.Limit > 0 && done >= opts.Limit {
			break
		}
		res := c.one(ctx, f)
		if res.Result != Skipped {
			done++
		}
		if opts.Finished != nil {
			opts.Finished(res)
		}
		results = append(results, res)
	}
	return results, nil
}

type cleaner struct {
	opts       Options
	repo       *gitx.Repo
	top, rel   string // the repository's top level; the project root in it
	base       string
	baseCommit string
	atHead     bool // the base is the current checkout
}

func (c *cleaner) progress(flag, step string) {
	if c.opts.Progress != nil {
		c.opts.Progress(flag, step)
	}
}

// flags returns the flags to clean up: the named ones, or every flag
// ready for removal.
func (c *cleaner) flags() ([]*project.Flag, error) {
	p := c.opts.Project
	if len(c.opts.Names) == 0 {
		var out []*project.Flag
		for _, f := range p.Flags {
			if f.Eval.Ready {
				out = append(out, f)
			}
		}
		return out, nil
	}
	var out []*project.Flag
	for _, n := range c.opts.Names {
		f := p.Flag(n)
		switch {
		case f == nil:
			return nil, fmt.Errorf("unknown flag %q", n)
		case !f.Eval.Ready:
			return nil, fmt.Errorf("flag %q is not ready for removal (%s: %s): remove it by hand with flagsweep remove %s --value …", n, f.Eval.Verdict, f.Eval.Reason, n)
		}
		out = append(out, f)
	}
	return out, nil
}

// one cleans up one flag.
func (c *cleaner) one(ctx context.Context, f *project.Flag) *Result {
	branch := BranchPrefix + f.Name
	res := &Result{Flag: f.Name, Group: f.Group, Owners: f.Owners, Branch: branch}
	if res.Owners == nil {
		res.Owners = []string{}
	}
	exists := c.repo.BranchExists(ctx, branch)
	if c.opts.DryRun {
		return c.plan(ctx, f, res, exists)
	}
	if exists && !c.opts.Force {
		return c.existing(ctx, f, res)
	}
	c.progress(f.Name, "creating branch "+branch)
	wt, err := os.MkdirTemp("", "flagsweep-cleanup-")
	if err != nil {
		return failed(res, err.Error())
	}
	os.Remove(wt) // git worktree add wants to create it
	flag, old := "-b", ""
	if exists {
		// --force: remember the branch, to put it back if the redo
		// does not verify.
		flag = "-B"
		old, _ = c.repo.Commit(ctx, "refs/heads/"+branch)
	}
	if _, err := c.repo.Run(ctx, "worktree", "add", "--quiet", flag, branch, wt, c.baseCommit); err != nil {
		return failed(res, err.Error())
	}
	committed := false
	defer func() {
		bg := context.Background()
		c.repo.Run(bg, "worktree", "remove", "--force", wt)
		if committed {
			return
		}
		// Leave no half-made branch: a new one goes; one an earlier run
		// made is put back as it was, but no longer counts as verified,
		// since its latest verification failed, so no later run pushes it.
		if !exists {
			c.repo.Run(bg, "branch", "-D", branch)
			return
		}
		if old != "" {
			c.repo.Run(bg, "update-ref", "refs/heads/"+branch, old)
		}
		c.forgetVerified(bg, branch)
		res.Reason += "; the branch made earlier is left as it was, and is not pushed"
	}()
	dir := filepath.Join(wt, c.rel)

	c.progress(f.Name, "removing the flag")
	p, err := c.opts.Open(ctx, dir)
	if err != nil {
		return failed(res, "opening the project in the branch: "+firstLine(err))
	}
	ready := p.Flag(f.Name)
	if ready == nil {
		return failed(res, "the flag has no definition on "+c.base)
	}
	removal, err := c.remove(ctx, p, f, res)
	if err != nil || res.Result != "" {
		return res
	}
	if err := removal.Write(); err != nil {
		return failed(res, "writing the change: "+err.Error())
	}
	if p.Config.Regenerate.V != "" {
		// Generated files follow the removal in the same commit; a
		// failure fails the flag, and its worktree goes uncommitted.
		c.progress(f.Name, "regenerating: "+p.Config.Regenerate.V)
		if out, err := p.Regenerate(ctx, dir, nil); err != nil {
			res.Output = tail(out, 20)
			return failed(res, err.Error())
		}
	}

	if verify := p.Config.Cleanup.Verify; verify != "" {
		c.progress(f.Name, "verifying: "+verify)
		// The project's module, then each other module of the
		// repository the removal rewrote (they build against it), in
		// its own directory.
		runs := append([]rewrite.LinkedModule{{Dir: ".", Packages: removal.Packages}}, removal.Linked...)
		for _, run := range runs {
			cmd := exec.CommandContext(ctx, "sh", "-c", verify)
			cmd.Dir = filepath.Join(dir, filepath.FromSlash(run.Dir))
			// The packages the change can break, so that a project can
			// test just those: go test $FLAGSWEEP_PACKAGES.
			if p.Env != nil {
				cmd.Env = p.Env // the configured build tags
			}
			cmd.Env = append(cmd.Environ(), "FLAGSWEEP_PACKAGES="+strings.Join(run.Packages, " "))
			out, err := cmd.CombinedOutput()
			if err != nil {
				res.Output = tail(string(out), 20)
				where := ""
				if run.Dir != "." {
					where = " in " + run.Dir
				}
				return failed(res, fmt.Sprintf("the verification command failed%s (%v): %s", where, err, verify))
			}
		}
	}

	c.progress(f.Name, "committing")
	if err := c.commit(ctx, wt, p.Config.Cleanup.SkipHooks, CommitMessage(ready, removal), res); err != nil {
		return res
	}
	committed = true
	res.Result = Committed
	c.saveVerified(ctx, branch, res.Commit)
	desc := Description(ready, removal, c.base)
	c.saveDescription(ctx, branch, desc)
	if c.opts.Push {
		c.push(ctx, res, ready, desc)
	}
	return res
}

// remove computes the flag's removal in p and records its size in res.
// A removal that cannot be committed — it does not type-check, or it left
// sites for a human — sets res's result and reasons.
func (c *cleaner) remove(ctx context.Context, p *project.Project, f *project.Flag, res *Result) (*rewrite.Result, error) {
	removal, err := rewrite.Remove(ctx, rewrite.Options{Project: p, Targets: []rewrite.Target{{Name: f.Name, Value: f.Eval.Value}}})
	if err != nil {
		var ve *rewrite.VerifyError
		if errors.As(err, &ve) {
			res.Output = tail(strings.Join(ve.Errors, "\n"), 20)
			failed(res, "the removal does not type-check, so no branch is made")
		} else {
			failed(res, err.Error())
		}
		return nil, err
	}
	res.Files = len(removal.Files)
	res.LinesAdded, res.LinesRemoved = removal.LineCounts()
	if removal.Refused() {
		for _, s := range removal.Sites {
			if s.Status == "refused" {
				res.RefusedSites = append(res.RefusedSites, Refusal{File: s.Pos.File, Line: s.Pos.Line, Column: s.Pos.Column, Reason: s.Reason})
			}
		}
		res.Refused = len(res.RefusedSites)
		res.Result = Refused
		res.Reason = fmt.Sprintf("%s left for a human, so no branch is made: finish the removal by hand (flagsweep remove %s)", plural(res.Refused, "site"), f.Name)
	}
	return removal, nil
}

// commit commits everything in the worktree wt, with the repository's
// hooks unless the configuration skips them. On failure, res says why,
// with the tail of git's output (a hook's complaints are there).
func (c *cleaner) commit(ctx context.Context, wt string, skipHooks bool, msg string, res *Result) error {
	wtRepo := &gitx.Repo{Dir: wt}
	if _, err := wtRepo.Run(ctx, "add", "-A", "--", "."); err != nil {
		failed(res, err.Error())
		return err
	}
	// The message goes outside the worktree: a hook that checks for
	// stray files must not see it.
	mf, err := os.CreateTemp("", "flagsweep-message-")
	if err != nil {
		failed(res, err.Error())
		return err
	}
	defer os.Remove(mf.Name())
	_, err = mf.WriteString(msg)
	if cerr := mf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		failed(res, err.Error())
		return err
	}
	args := []string{"commit", "--quiet", "-F", mf.Name()}
	if skipHooks {
		args = append(args, "--no-verify")
	}
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = wt
	if out, err := cmd.CombinedOutput(); err != nil {
		res.Output = tail(string(out), 20)
		failed(res, fmt.Sprintf("git commit failed (%v), so no branch is made: the repository's hooks ran (cleanup.skip_hooks: true skips them)", err))
		return err
	}
	res.Commit, _ = wtRepo.Run(ctx, "rev-parse", "HEAD")
	return nil
}

// existing handles a branch left by an earlier run: it is not redone, but
// pushed if this run pushes and the remote does not have it yet.
func (c *cleaner) existing(ctx context.Context, f *project.Flag, res *Result) *Result {
	res.Result, res.Reason = Skipped, "the branch exists (use --force to redo it)"
	c.branchStats(ctx, res)
	if !c.opts.Push {
		return res
	}
	has, err := c.repo.RemoteBranchExists(ctx, c.opts.Remote, res.Branch)
	if err != nil {
		return failed(res, err.Error())
	}
	if has {
		res.Reason = "the branch exists and is pushed"
		return res
	}
	res.Commit, _ = c.repo.Run(ctx, "rev-parse", res.Branch)
	if res.Commit == "" || c.verified(ctx, res.Branch) != res.Commit {
		// Made by hand, edited since, made by a flagsweep that committed
		// refused removals, or its redo failed: nothing says it verified.
		res.Reason = "the branch exists, but not as a cleanup verified it, so it is not pushed: push it yourself, or use --force to redo it"
		return res
	}
	desc := c.loadDescription(ctx, res.Branch)
	if desc == "" {
		desc = fmt.Sprintf("Remove the `%s` feature flag (made by flagsweep cleanup).", f.Name)
	}
	c.push(ctx, res, f, desc)
	return res
}

// branchStats counts the files and lines a branch made earlier changes.
func (c *cleaner) branchStats(ctx context.Context, res *Result) {
	out, err := c.repo.Run(ctx, "diff", "--numstat", c.baseCommit+"..."+res.Branch)
	if err != nil {
		return
	}
	res.Files, res.LinesAdded, res.LinesRemoved = 0, 0, 0
	for _, line := range strings.Split(out, "\n") {
		var a, d int
		var name string
		if n, _ := fmt.Sscanf(line, "%d\t%d\t%s", &a, &d, &name); n == 3 {
			res.Files++
			res.LinesAdded += a
			res.LinesRemoved += d
		}
	}
}

// plan describes what a run would do, without touching anything.
func (c *cleaner) plan(ctx context.Context, f *project.Flag, res *Result, exists bool) *Result {
	if exists && !c.opts.Force {
		res.Result, res.Reason = Skipped, "the branch exists (use --force to redo it)"
		return res
	}
	if !c.atHead {
		res.Result, res.Reason = Planned, "from "+c.base
		return res
	}
	// The removal is computed here as the run would, so that a dry run
	// already tells which flags would be refused or fail to type-check.
	if c.remove(ctx, c.opts.Project, f, res); res.Result == "" {
		res.Result = Planned
	}
	return res
}

// push pushes the branch with the push options that open its merge
// request on GitLab.
func (c *cleaner) push(ctx context.Context, res *Result, f *project.Flag, desc string) {
	c.progress(f.Name, "pushing to "+c.opts.Remote)
	args := []string{"push", "--quiet", c.opts.Remote, res.Branch + ":refs/heads/" + res.Branch}
	for _, o := range PushOptions(f, c.base, desc, c.opts.Project.Config.Cleanup.Labels) {
		args = append(args, "-o", o)
	}
	if _, err := c.repo.Run(ctx, args...); err != nil {
		res.Result = Failed
		res.Reason = "committed, but the push failed (run again to retry): " + firstLine(err)
		return
	}
	res.Result = Pushed
	res.Reason = ""
}

// saveDescription keeps the merge request description in the git
// directory, for a later run that pushes a branch made without --push.
func (c *cleaner) saveDescription(ctx context.Context, branch, desc string) {
	dir, err := c.repo.CommonDir(ctx)
	if err != nil {
		return
	}
	p := filepath.Join(dir, "flagsweep", strings.ReplaceAll(branch, "/", "_")+".md")
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		os.WriteFile(p, []byte(desc), 0o644)
	}
}

func (c *cleaner) loadDescription(ctx context.Context, branch string) string {
	dir, err := c.repo.CommonDir(ctx)
	if err != nil {
		return ""
	}
	data, _ := os.ReadFile(filepath.Join(dir, "flagsweep", strings.ReplaceAll(branch, "/", "_")+".md"))
	return string(data)
}

// verifiedFile is where the commit a cleanup verified for a branch is
// kept, in the git directory: a later run pushes the branch only if it
// still points there.
func (c *cleaner) verifiedFile(ctx context.Context, branch string) string {
	dir, err := c.repo.CommonDir(ctx)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "flagsweep", strings.ReplaceAll(branch, "/", "_")+".verified")
}

func (c *cleaner) saveVerified(ctx context.Context, branch, commit string) {
	if p := c.verifiedFile(ctx, branch); p != "" && os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		os.WriteFile(p, []byte(commit+"\n"), 0o644)
	}
}

// verified returns the commit a cleanup verified for the branch, or "".
func (c *cleaner) verified(ctx context.Context, branch string) string {
	p := c.verifiedFile(ctx, branch)
	if p == "" {
		return ""
	}
	data, _ := os.ReadFile(p)
	return strings.TrimSpace(string(data))
}

func (c *cleaner) forgetVerified(ctx context.Context, branch string) {
	if p := c.verifiedFile(ctx, branch); p != "" {
		os.Remove(p)
	}
}

func failed(res *Result, reason string) *Result {
	res.Result, res.Reason = Failed, reason
	return res
}

func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
