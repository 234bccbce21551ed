package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/flagsweep/flagsweep/internal/linediff"
)

// Diff returns the change as a unified diff, paths relative to the project
// root with git's a/ and b/ prefixes, so `git apply` takes it.
func (r *Result) Diff() string {
	var b strings.Builder
	for _, f := range r.Files {
		from, to := "a/"+f.Path, "b/"+f.Path
		old, cur := string(f.Old), string(f.New)
		if f.Created {
			from = "/dev/null"
		}
		if f.Deleted {
			to, cur = "/dev/null", ""
		}
		fmt.Fprintf(&b, "diff --git a/%s b/%s\n", f.Path, f.Path)
		switch {
		case f.Created:
			b.WriteString("new file mode 100644\n")
		case f.Deleted:
			b.WriteString("deleted file mode 100644\n")
		}
		b.WriteString(linediff.Unified(from, to, old, cur))
	}
	return b.String()
}

// LineCounts returns the lines added and removed.
func (r *Result) LineCounts() (added, removed int) {
	for _, f := range r.Files {
		old, cur := string(f.Old), string(f.New)
		if f.Deleted {
			cur = ""
		}
		for _, e := range linediff.Lines(old, cur) {
			removed += strings.Count(old[e.Start:e.End], "\n")
			added += strings.Count(e.New, "\n")
		}
	}
	return added, removed
}

// DirtyFiles returns the files the change touches that have uncommitted
// changes in git (none when root is not in a repository).
func (r *Result) DirtyFiles(root string) ([]string, error) {
	if err := exec.Command("git", "-C", root, "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		return nil, nil // not a repository: nothing to protect
	}
	args := []string{"-C", root, "status", "--porcelain", "-z", "--"}
	for _, f := range r.Files {
		args = append(args, f.Path)
	}
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("git status: %v", err)
	}
	var dirty []string
	for _, entry := range strings.Split(string(out), "\x00") {
		if len(entry) > 3 {
			dirty = append(dirty, entry[3:])
		}
	}
	return dirty, nil
}

// Write writes the change: every new content first to a temporary file
// beside its target, then all renamed into place, then the deletions —
// so a failure part-way leaves the tree as it was, not half rewritten.
func (r *Result) Write() error {
	type pending struct{ tmp, dst string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range r.Files {
		if f.Deleted {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(f.Abs), 0o755); err != nil {
			cleanup()
			return err
		}
		perm := os.FileMode(0o644)
		if info, err := os.Stat(f.Abs); err == nil {
			perm = info.Mode().Perm()
			if cur, err := os.ReadFile(f.Abs); err != nil || !bytes.Equal(cur, f.Old) {
				cleanup()
				return fmt.Errorf("%s changed while flagsweep worked: nothing was written; run it again", f.Path)
			}
		}
		tmp, err := os.CreateTemp(filepath.Dir(f.Abs), "."+filepath.Base(f.Abs)+".flagsweep-*")
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, pending{tmp.Name(), f.Abs})
		_, err = tmp.Write(f.New)
		if err == nil {
			err = tmp.Chmod(perm)
		}
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return err
		}
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.dst); err != nil {
			for _, q := range done[i:] {
				os.Remove(q.tmp)
			}
			return err
		}
	}
	for _, f := range r.Files {
		if f.Deleted {
			if err := os.Remove(f.Abs); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	return nil
}

// Regenerated drops what a regenerate command that ran after Write dealt
// with: mentions whose line no longer reads the same, and generated files
// that no longer name their flag. root is the project root the positions
// are relative to.
func (r *Result) Regenerated(root string) {
	lines := make(map[string][]string)
	read := func(file string) []string {
		if ls, ok := lines[file]; ok {
			return ls
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		var ls []string
		if err == nil {
			ls = strings.Split(string(data), "\n")
		}
		lines[file] = ls
		return ls
	}
	mentions := r.Mentions[:0]
	for _, m := range r.Mentions {
		if ls := read(m.File); m.Line <= len(ls) && strings.Contains(ls[m.Line-1], m.Text) {
			mentions = append(mentions, m)
		}
	}
	r.Mentions = mentions
	generated := r.Generated[:0]
	for _, s := range r.Generated {
		if strings.Contains(strings.Join(read(s.Pos.File), "\n"), s.Flag) {
			generated = append(generated, s)
		}
	}
	r.Generated = generated
}
