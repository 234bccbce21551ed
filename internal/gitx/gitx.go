// Package gitx runs the git commands flagsweep needs, with errors that
// carry git's own message.
package gitx

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// A Repo is a git repository, addressed through a directory inside it.
type Repo struct {
	Dir string
	// Env, when set, is appended to the environment of every command.
	Env []string
}

// Run runs git with args in the repository and returns its standard
// output, trimmed. The error holds git's standard error.
func (r *Repo) Run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(cmd.Environ(), r.Env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return strings.TrimSpace(out.String()), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSpace(out.String()), nil
}

// TopLevel returns the repository's top-level directory, or an error when
// Dir is not in a repository.
func (r *Repo) TopLevel(ctx context.Context) (string, error) {
	return r.Run(ctx, "rev-parse", "--show-toplevel")
}

// CurrentBranch returns the checked-out branch, or "" on a detached HEAD.
func (r *Repo) CurrentBranch(ctx context.Context) string {
	b, err := r.Run(ctx, "symbolic-ref", "--quiet", "--short", "HEAD")
	if err != nil {
		return ""
	}
	return b
}

// Commit resolves a revision to a commit hash.
func (r *Repo) Commit(ctx context.Context, rev string) (string, error) {
	return r.Run(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
}

// Dirty lists the tracked files with uncommitted changes (staged or not).
func (r *Repo) Dirty(ctx context.Context) ([]string, error) {
	// Run trims its output, which would eat the status column of the
	// first entry (" M a.go"): ask for NUL-terminated entries and put
	// the blank back.
	out, err := r.Run(ctx, "status", "--porcelain", "-z", "--untracked-files=no")
	if err != nil {
		return nil, err
	}
	var files []string
	from := false // the entry is a rename's or copy's source path
	for i, entry := range strings.Split(out, "\x00") {
		if from {
			from = false
			continue
		}
		if i == 0 && len(entry) > 2 && entry[2] != ' ' {
			entry = " " + entry
		}
		if len(entry) > 3 {
			files = append(files, entry[3:])
			from = strings.ContainsAny(entry[:2], "RC")
		}
	}
	return files, nil
}

// BranchExists reports whether a local branch exists.
func (r *Repo) BranchExists(ctx context.Context, branch string) bool {
	_, err := r.Run(ctx, "rev-parse", "--verify", "--quiet", "refs/heads/"+branch)
	return err == nil
}

// RemoteBranchExists reports whether a remote has a branch.
func (r *Repo) RemoteBranchExists(ctx context.Context, remote, branch string) (bool, error) {
	out, err := r.Run(ctx, "ls-remote", "--heads", remote, "refs/heads/"+branch)
	if err != nil {
		return false, err
	}
	return out != "", nil
}

// CommonDir returns the repository's common git directory (shared by its
// worktrees).
func (r *Repo) CommonDir(ctx context.Context) (string, error) {
	return r.Run(ctx, "rev-parse", "--path-format=absolute", "--git-common-dir")
}
