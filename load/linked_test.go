package load

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writer returns a function writing a file under root, with its
// directories.
func writer(t *testing.T, root string) func(name, content string) {
	return func(name, content string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLinkedModules(t *testing.T) {
	root := t.TempDir()
	write := writer(t, root)
	write("go.mod", "module example.com/m\n\ngo 1.26\n")
	// Linked: replaces the module with the root.
	write("tools/cmd/go.mod", "module example.com/m/tools/cmd\n\ngo 1.26\n\nrequire example.com/m v0.0.0\n\nreplace example.com/m => ../..\n")
	// Not linked: a published version, another module's replace, a
	// replace pointing elsewhere, and a module under testdata.
	write("site/go.mod", "module example.com/m/site\n\ngo 1.26\n\nrequire example.com/m v1.2.0\n")
	write("other/go.mod", "module example.com/m/other\n\ngo 1.26\n\nreplace example.com/x => ../x\n")
	write("fork/go.mod", "module example.com/m/fork\n\ngo 1.26\n\nreplace example.com/m => ../vendored-m\n")
	write("testdata/mod/go.mod", "module example.com/m/td\n\ngo 1.26\n\nreplace example.com/m => ../..\n")
	got, err := LinkedModules(root, "example.com/m")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "tools/cmd")}
	if !slices.Equal(got, want) {
		t.Errorf("LinkedModules = %v, want %v", got, want)
	}
}

func TestLinkedSources(t *testing.T) {
	root := t.TempDir()
	write := writer(t, root)
	// The module is nested in the linked one (app replaces it with
	// ./gates): app's files are read, the module's own are not.
	write(".git/HEAD", "ref: refs/heads/main\n") // the repository's top
	write("go.mod", "module example.com/app\n\ngo 1.26\n\nreplace example.com/gates => ./gates\n")
	write("main.go", "package main\n")
	write("gates/go.mod", "module example.com/gates\n\ngo 1.26\n")
	write("gates/gates.go", "package gates\n")
	dirs, files := LinkedSources(filepath.Join(root, "gates"))
	if want := []string{root}; !slices.Equal(dirs, want) {
		t.Errorf("dirs = %v, want %v", dirs, want)
	}
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, []string{filepath.Join(root, "main.go")}) {
		t.Errorf("files = %v, want only main.go", got)
	}
}

func TestContainsWord(t *testing.T) {
	for _, tc := range []struct {
		src, w string
		want   bool
	}{
		{"gates.Fast.IsEnabled()", "Fast", true},
		{"gates.FastPath.IsEnabled()", "Fast", false},
		{"SlowFast", "Fast", false},
		{"x := SlowFast + Fast", "Fast", true},
		{"Fast", "Fast", true},
		{"_Fast", "Fast", false},
		{"", "Fast", false},
	} {
		if got := ContainsWord([]byte(tc.src), tc.w); got != tc.want {
			t.Errorf("ContainsWord(%q, %q) = %v, want %v", tc.src, tc.w, got, tc.want)
		}
	}
}
