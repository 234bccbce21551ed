package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHook checks the hook definition at the repository root: the
// fields pre-commit requires, and an entry that flagsweep accepts.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 {
		t.Fatalf("want one hook, got %d", len(hooks))
	}
	h := hooks[0]
	for _, field := range []string{"id", "name", "entry", "language"} {
		if _, ok := h[field].(string); !ok {
			t.Errorf("hook has no %s", field)
		}
	}
	if h["language"] != "golang" {
		t.Errorf("language = %v, want golang", h["language"])
	}
	files := regexp.MustCompile(h["files"].(string))
	for name, want := range map[string]bool{"a/b.go": true, "config/feature_flags/beta/x.yml": true, "x.yaml": true, "README.md": false} {
		if files.MatchString(name) != want {
			t.Errorf("files pattern matches %s: %v, want %v", name, !want, want)
		}
	}
	entry := strings.Fields(h["entry"].(string))
	if entry[0] != "flagsweep" {
		t.Fatalf("entry runs %s", entry[0])
	}
	// The entry, given a file, must parse as a command line (a missing
	// project is exit status 2 with a message, not a usage error).
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("VERSION", []byte("17.9\n"), 0o644)
	os.MkdirAll("config/feature_flags/beta", 0o755)
	os.WriteFile("config/feature_flags/beta/x.yml", []byte("name: x\nmilestone: '17.9'\ntype: beta\ngroup: group::a\ndefault_enabled: false\n"), 0o644)
	var out, errs strings.Builder
	code := run(append(entry[1:], "config/feature_flags/beta/x.yml"), &out, &errs)
	if code != exitOK {
		t.Errorf("entry exited %d: %s%s", code, out.String(), errs.String())
	}
}
