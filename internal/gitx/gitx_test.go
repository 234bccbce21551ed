package gitx

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDirty checks the paths of uncommitted changes come out whole: an
// unstaged change listed first (" M a.go", whose leading blank the
// trimmed output used to eat, cutting the path to "go"), a staged rename
// (one path, not its source as well), and no untracked file.
func TestDirty(t *testing.T) {
	dir := t.TempDir()
	r := &Repo{Dir: dir, Env: []string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e"}}
	ctx := context.Background()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) {
		t.Helper()
		if _, err := r.Run(ctx, args...); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q")
	write("a.go", "package a\n")
	write("old.go", "package a // old\n")
	run("add", "-A")
	run("commit", "-q", "-m", "initial")
	write("a.go", "package a // changed\n")
	run("mv", "old.go", "renamed.go")
	write("untracked.go", "package a\n")
	got, err := r.Dirty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"a.go", "renamed.go"}; !slices.Equal(got, want) {
		t.Errorf("Dirty = %q, want %q", got, want)
	}
}
